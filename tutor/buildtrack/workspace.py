"""The learner's workspace: a folder with their own micrograd, which the tutor never
writes over without being asked.

Where: ``workspace/`` in the data folder (``$MICROGRAD_TUTOR_HOME/workspace``
when that is set, else the platform's data directory), or any folder given to it::

    workspace/
      micrograd/__init__.py
      micrograd/engine.py     exercises 1-9
      micrograd/nn.py         exercises 10-11
      train.py                exercise 12
      backups/                copies taken before a reset

What the tutor ever writes (see ``regions`` for the markers):

- ``start(exercise)``: creates a missing file from its starter (with the regions
  of the exercises up to this one), and inserts the regions of this and earlier
  exercises that a file lacks.  Existing text is never changed.
- ``save(file, text)``: the editor's text, when the learner saves it.
- ``reset(exercise)``: after the learner said yes; the file is copied to
  ``backups/`` first.

Every write is atomic (a temporary file, then ``os.replace``).  Nothing is read or
written where a file should be and something else is (a folder, a FIFO, a device, a
link out of the folder): ``FileProblem`` says what is there, and it is left alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tutor.buildtrack import regions, stages
from tutor.buildtrack.exercises import EXERCISES, REGIONS, Exercise
from tutor.buildtrack.regular_files import FileProblem, problem, read_bytes
from tutor.store import data_dir

__all__ = ["Workspace", "workspace_dir", "Change", "FileProblem"]

INIT_TEXT = "# micrograd, as you build it: see engine.py and nn.py\n"


FOLDER = "workspace"
OLD_FOLDER = "build"          # its name before 0.2: a name many tools skip as build output


def workspace_dir() -> Path:
    """The learner's own workspace: ``workspace/`` in the data folder, beside the progress store.

    A workspace kept under its old name (``build/``) is renamed the first time it is
    looked for, so a learner's files move with the tutor (nothing is copied or lost)."""
    home = data_dir()
    folder, old = home / FOLDER, home / OLD_FOLDER
    if not folder.exists() and old.is_dir() and not old.is_symlink() \
            and (old / "micrograd").is_dir():
        with contextlib.suppress(OSError):      # another process renamed it first
            os.rename(old, folder)
    return folder


@dataclass(frozen=True)
class Change:
    """Something the tutor did to the workspace, said in one line."""

    file: str
    message: str


class Workspace:
    def __init__(self, root: Path | str | None = None):
        self.root = Path(root).expanduser() if root is not None else workspace_dir()

    def path(self, file: str) -> Path:
        return self.root / file

    def exists(self, file: str) -> bool:
        return self.path(file).is_file()

    def read(self, file: str, limit: int | None = None) -> str:
        """The file's text ('' when it does not exist); undecodable bytes are replaced.
        FileProblem (never a wait) when something else is there, or (TooBig) the file
        is longer than ``limit`` bytes."""
        data = read_bytes(self.root, file, limit)
        return "" if data is None else data.decode("utf-8", errors="replace")

    def problem(self, file: str, limit: int | None = None) -> FileProblem | None:
        """Why the file cannot be read or written (see ``regular_files.problem``), or None."""
        return problem(self.root, file, limit)

    def stat(self, file: str) -> tuple[int, int] | None:
        """(mtime in ns, size) of a file, or None: what the editor watches for changes."""
        try:
            st = self.path(file).stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def check_files(self, exercise: Exercise) -> None:
        """FileProblem for the first of the exercise's files (1..this one) that is there
        but is no file the tutor can read: a folder, a FIFO, a link out..."""
        wanted = {REGIONS[n].file for e in EXERCISES[:exercise.number] for n in e.adds}
        for file in [*(f for f in stages.FILES if f in wanted), "micrograd/__init__.py"]:
            bad = self.problem(file)
            if bad is not None:
                raise bad

    # --- writing -------------------------------------------------------------

    def start(self, exercise: Exercise) -> list[Change]:
        """Make sure the files and regions of exercises 1..this one exist; FileProblem,
        with nothing written, when one of them is not a file the tutor can read."""
        changes: list[Change] = []
        wanted = [name for e in EXERCISES[:exercise.number] for name in e.adds]
        self.check_files(exercise)
        for file in stages.FILES:
            names = [n for n in wanted if REGIONS[n].file == file]
            if not names:
                continue
            if not self.exists(file):
                self._write(file, stages.file_at_start(file, exercise.number))
                changes.append(Change(file, f"created {file}"))
                continue
            text = original = self.read(file)
            for name in names:
                text, change = self._ensure_region(file, text, name)
                if change:
                    changes.append(change)
            if text != original:
                self._write(file, text)
        if not self.exists("micrograd/__init__.py"):
            self._write("micrograd/__init__.py", INIT_TEXT)
        return changes

    def _ensure_region(self, file: str, text: str, name: str) -> tuple[str, Change | None]:
        if regions.find(text, name) is not None:
            return text, None
        block = stages.starter_block(name)
        names = regions.defined_names("\n".join(block.body))
        if regions.has_names(text, names):     # the learner's code is there, markers not
            return text, None
        text, placed = regions.insert(text, block.text, REGIONS[name].container)
        number = stages.owner(name).number
        if placed:
            return text, Change(file, f"added exercise {number}'s part ({name}) to {file}")
        return text, Change(file, f"added exercise {number}'s part ({name}) at the end of "
                                  f"{file}: move it into class {REGIONS[name].container}")

    def save(self, file: str, text: str) -> None:
        """Write the learner's own text (from the editor)."""
        self._write(file, text)

    def reset_plan(self, exercise: Exercise) -> list[tuple[str, str, str]]:
        """What ``reset`` would do: (file, region, where the new code comes from)."""
        plan = []
        for name in exercise.regions:
            if name in exercise.adds:
                source = "the starting code"
            elif exercise.number == 1:
                source = "the starting code"
            else:
                source = f"the reference code of exercises 1-{exercise.number - 1}"
            plan.append((REGIONS[name].file, name, source))
        return plan

    def reset(self, exercise: Exercise) -> list[Change]:
        """Put this exercise's regions back as they were when it began: its own regions
        to the starter, the earlier regions it changes to the reference code of the
        exercises before it.  Each changed file is copied to ``backups/`` first."""
        before = stages.stage_files(exercise.number - 1, exercise.number)
        self.start(exercise)
        changes: list[Change] = []
        by_file: dict[str, list[str]] = {}
        for name in exercise.regions:
            by_file.setdefault(REGIONS[name].file, []).append(name)
        for file, names in by_file.items():
            text = original = self.read(file)
            fresh = regions.parse_blocks(before[file])
            for name in names:
                if regions.find(text, name) is None:       # markers gone: a new copy
                    text, _ = regions.insert(text, fresh[name].text, REGIONS[name].container)
                else:
                    text = regions.replace_body(text, name, "\n".join(fresh[name].body))
            if text != original:
                backup = self.backup(file)
                self._write(file, text)
                changes.append(Change(file, f"reset {', '.join(names)} in {file} "
                                            f"(your version is in {backup})"))
        return changes

    def backup(self, file: str) -> Path:
        """Copy a file to ``backups/`` with the time in its name; returns the copy."""
        folder = self.root / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = folder / f"{Path(file).name}.{stamp}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{Path(file).name}.{stamp}.{n}"
        shutil.copy2(self.path(file), target)
        return target

    def _write(self, file: str, text: str) -> None:
        bad = self.problem(file)          # a folder, a FIFO, a link out: never replaced
        if bad is not None:
            raise bad
        path = self.path(file)
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = None
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode & 0o777
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, mode if mode is not None else 0o644)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
