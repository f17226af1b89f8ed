"""The learner's saved progress: one JSON file per user, never lost, never fatal.

Where: ``$MICROGRAD_TUTOR_HOME/progress.json`` when that variable is set, else
the platform's user data directory (``~/.local/share/micrograd-tutor`` on Linux).

- Written atomically (a temporary file, then ``os.replace``), so a crash or
  Ctrl+C part-way leaves the previous file whole.
- Two processes saving at once each re-read the file under a lock and change
  only their own lesson, so neither loses the other's work.
- A damaged file is moved aside (``progress.json.damaged-<time>``), with a
  one-line message, and the learner starts fresh.
- Readable by its owner only (0600 in a 0700 directory).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

__all__ = ["Progress", "progress_path", "HOME_VARIABLE"]

HOME_VARIABLE = "MICROGRAD_TUTOR_HOME"
FILE_NAME = "progress.json"
VERSION = 1


def progress_path() -> Path:
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home).expanduser() / FILE_NAME
    from platformdirs import user_data_dir

    return Path(user_data_dir("micrograd-tutor", appauthor=False)) / FILE_NAME


class Progress:
    """Per-lesson state (step, outcomes, score) plus the last lesson opened."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else progress_path()
        self.warning: str | None = None  # one line for the learner, e.g. a file moved aside
        self.save_error: str | None = None  # set while saving fails; progress is kept in memory
        self.data = self._read()

    # --- reading ----------------------------------------------------------------

    def lesson_state(self, lesson_id: str) -> dict | None:
        state = self.data["lessons"].get(lesson_id)
        return state if isinstance(state, dict) else None

    def status(self, lesson_id: str) -> str:
        """'done', 'in progress' or 'new'."""
        state = self.lesson_state(lesson_id)
        if not state:
            return "new"
        return "done" if state.get("finished") or state.get("completed") else "in progress"

    def score(self, lesson_id: str) -> tuple[int, int] | None:
        """(right, asked): the best finished run of a done lesson, else the current one."""
        state = self.lesson_state(lesson_id)
        try:
            right, asked = state["best"] if state.get("completed") else state["score"]
            return int(right), int(asked)
        except (TypeError, KeyError, ValueError, AttributeError):
            return None

    def section(self, name: str) -> dict:
        """A track's own part of the file (``"practice"``, ``"build"``), as saved.

        A copy: change it with ``update_section``, which saves at once.  A missing or
        damaged section reads as empty.
        """
        found = self.data.get(name)
        return json.loads(json.dumps(found)) if isinstance(found, dict) else {}

    @property
    def last_lesson(self) -> str | None:
        last = self.data.get("last")
        return last if isinstance(last, str) else None

    def next_lesson(self, lesson_ids: list[str]) -> str:
        """Where to continue: the last lesson if unfinished, else the first not done."""
        if self.last_lesson in lesson_ids and self.status(self.last_lesson) == "in progress":
            return self.last_lesson
        start = lesson_ids.index(self.last_lesson) + 1 if self.last_lesson in lesson_ids else 0
        for lesson_id in lesson_ids[start:] + lesson_ids[:start]:
            if self.status(lesson_id) != "done":
                return lesson_id
        return lesson_ids[0]

    # --- writing ----------------------------------------------------------------

    def set_lesson_state(self, lesson_id: str, state: dict | None) -> None:
        """Record one lesson's state (None forgets it) and save at once."""

        def change(data):
            if state is None:
                data["lessons"].pop(lesson_id, None)
            else:
                data["lessons"][lesson_id] = state
                data["last"] = lesson_id

        self._update(change)

    def update_section(self, name: str, change) -> None:
        """Change a track's section with ``change(section_dict)`` and save at once.

        Like lesson states: under the lock, on the freshly re-read file, so two
        processes saving at once keep each other's work.
        """
        if name in ("version", "lessons", "last"):
            raise ValueError(f"{name!r} is not a track's section")

        def apply(data):
            section = data.get(name)
            if not isinstance(section, dict):
                section = data[name] = {}
            change(section)

        self._update(apply)

    def reset(self, lesson_id: str | None = None) -> None:
        """Forget one lesson, or everything."""
        if lesson_id is not None:
            self.set_lesson_state(lesson_id, None)
            return

        def clear(data):
            data["lessons"].clear()
            data["last"] = None

        self._update(clear)

    def _update(self, change) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with _locked(self.path.with_name(FILE_NAME + ".lock")):
                fresh = self._read(quiet=True)  # another process may have saved meanwhile
                change(fresh)
                self._write(fresh)
                self.data = fresh
                self.save_error = None
        except OSError as e:  # full disk, read-only home...: keep going in memory
            change(self.data)
            self.save_error = (f"Could not save your progress to {self.path} "
                               f"({e.strerror or e}); it is kept until you quit.")

    def _write(self, data: dict) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _read(self, quiet: bool = False) -> dict:
        empty = {"version": VERSION, "lessons": {}, "last": None}
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return empty
        except OSError as e:
            if not quiet:
                self.warning = f"Could not read your progress ({e.strerror}); starting fresh."
            return empty
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
                raise ValueError("not a progress file")
            data.setdefault("last", None)
            return data
        except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested absurdly deep
            aside = _unused_name(
                self.path.with_name(f"{FILE_NAME}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
                if not quiet:
                    self.warning = (f"Your progress file was damaged; it was moved to {aside} "
                                    "and you start fresh.")
            return empty


def _unused_name(path: Path) -> Path:
    """path, or path.2, path.3, ... : the first that does not exist yet."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate


@contextlib.contextmanager
def _locked(lock_path: Path):
    """An exclusive lock between processes (POSIX); a no-op where fcntl is missing."""
    try:
        import fcntl
    except ImportError:  # Windows: saves are still atomic, just not merged
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
