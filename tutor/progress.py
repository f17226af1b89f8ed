"""The learner's saved progress: one JSON file per user, never lost, never fatal.

Where: ``$MICROGRAD_TUTOR_HOME/progress.json`` when that variable is set, else
the platform's user data directory (``~/.local/share/micrograd-tutor`` on Linux).

- Written atomically (a temporary file, then ``os.replace``), so a crash or
  Ctrl+C part-way leaves the previous file whole; temporary files left by a
  killed save are removed at the next start.
- Two processes saving at once each re-read the file under a lock and change
  only their own lesson, so neither loses the other's work.  A lock held too long
  (another instance stopped mid-save) is waited for a bounded time; then progress
  is kept in memory, with a message, and written by the next save that works.
- A file that is not JSON is moved aside (``progress.json.damaged-<time>``), with
  a one-line message, and the learner starts fresh.  A file that is JSON but has
  damaged entries (a step of 1e999, negative hints, a score that is a string) is
  repaired entry by entry: what fails its check is reset, the rest kept, and the
  original is kept as ``progress.json.repaired-<time>``.
- Bounded: lessons this version does not know (a later version may) and other
  tracks' sections are kept up to a limit, so one save costs about what the
  course's own progress costs, however big the file was.
- Never follows a symbolic link for the progress or the lock file, and says so
  once when the folder can be written by other users.
- Readable by its owner only (0600 in a 0700 directory).
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import stat
import tempfile
import time
from pathlib import Path

from tutor.text import visible

__all__ = ["Progress", "progress_path", "HOME_VARIABLE", "LOCK_WAIT", "MAX_UNKNOWN_LESSONS"]

HOME_VARIABLE = "MICROGRAD_TUTOR_HOME"
FILE_NAME = "progress.json"
VERSION = 1
COURSE_KEYS = ("version", "lessons", "last")

LOCK_WAIT = 2.0                 # seconds a save waits for another instance's lock
MAX_UNKNOWN_LESSONS = 200       # lessons this version does not know, kept for a later one
MAX_LESSON_BYTES = 64 * 1024    # one lesson's saved state, as JSON
MAX_SECTIONS = 8                # other tracks' sections (practice, build, ...)
MAX_SECTION_BYTES = 256 * 1024  # each, as JSON
MAX_ID = 200                    # characters in a lesson id or a section's name
MAX_STEP = 100_000              # a lesson's step number
MAX_COUNT = 10_000              # attempts, hints, questions in a score
MAX_OUTCOMES = 1_000            # answered questions in one lesson
SHOWN_PROBLEMS = 3              # named in the one-line message; the rest are counted

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)   # a FIFO planted as the progress file: no hang


def progress_path() -> Path:
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home).expanduser() / FILE_NAME
    from platformdirs import user_data_dir

    return Path(user_data_dir("micrograd-tutor", appauthor=False)) / FILE_NAME


class LockBusy(OSError):
    """Another process has held the progress lock for longer than a save may wait."""


class Progress:
    """Per-lesson state (step, outcomes, score) plus the last lesson opened.

    Args:
        path: the progress file (default: ``progress_path()``).
        lock_wait: seconds a save waits for another process's lock before it keeps
            progress in memory (later saves then try once, without waiting).
    """

    def __init__(self, path: Path | None = None, *, lock_wait: float = LOCK_WAIT):
        self.path = Path(path) if path is not None else progress_path()
        self.lock_wait = lock_wait
        self.warnings: list[str] = []    # one line each for the learner
        self.save_error: str | None = None  # set while saving fails; progress is kept in memory
        self.save_problem: str | None = None  # the same, short: "<path> (<reason>)"
        self._unsaved: list = []         # changes made while saving failed, in order
        self._lock_busy = False          # the last save found the lock held: do not wait again
        self._kept_as: Path | None = None   # where the original of a repaired file was kept
        self._warn_if_others_can_write()
        self._remove_orphans()
        self.data, problems = self._read()
        if problems:                     # write the repaired file now, the original kept aside
            self._update(lambda data: None)
            self.warnings.append(_repair_message(problems, self._kept_as))

    @property
    def warning(self) -> str | None:
        """What to tell the learner on start (a line per matter), or None."""
        return "\n".join(self.warnings) or None

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
        except (TypeError, KeyError, ValueError, AttributeError, OverflowError):
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
        if name in COURSE_KEYS:
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
        """Apply change to the file (re-read under the lock) and to memory.

        When saving fails, the change is kept in memory and in ``_unsaved``, and the
        next save that works writes all of them, in order, so nothing is lost.
        """
        pending = [*self._unsaved, change]
        try:
            if self.path.is_symlink():
                raise OSError(errno.ELOOP, "it is a symbolic link, which is not followed")
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            wait = 0.0 if self._lock_busy else self.lock_wait
            with _locked(self.path.with_name(FILE_NAME + ".lock"), wait):
                fresh, problems = self._read(quiet=True)  # another process may have saved
                for each in pending:
                    each(fresh)
                if problems:
                    self._keep_original()
                self._write(fresh)
            self.data = fresh
            self._unsaved, self._lock_busy = [], False
            self.save_error = self.save_problem = None
        except OSError as e:  # full disk, read-only home, a lock held...: keep going in memory
            self._unsaved = pending
            self._lock_busy = isinstance(e, LockBusy)
            change(self.data)
            self.save_problem = f"{visible(str(self.path))} ({e.strerror or e})"
            self.save_error = (f"Could not save your progress to {self.save_problem}; "
                               "it is kept until you quit.")

    def _write(self, data: dict) -> None:
        # mkstemp creates the file 0600 (owner only) whatever the umask, and never
        # through a symbolic link
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, separators=(",", ":"))   # compact: no indentation
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _keep_original(self) -> None:
        """Before a repaired file replaces it, keep the original (a hard link: no copy)."""
        aside = _unused_name(self.path.with_name(
            f"{FILE_NAME}.repaired-{time.strftime('%Y%m%d-%H%M%S')}"))
        try:
            os.link(self.path, aside, follow_symlinks=False)
            self._kept_as = aside
        except (OSError, NotImplementedError):   # no hard links here: repaired, not kept
            pass

    def _read(self, quiet: bool = False) -> tuple[dict, list[str]]:
        """The file's content, checked entry by entry, and what was repaired."""
        empty = {"version": VERSION, "lessons": {}, "last": None}
        try:
            raw = _read_regular_file(self.path)
        except FileNotFoundError:
            return empty, []
        except OSError as e:
            if not quiet:
                self.warnings.append(f"Could not read your progress ({e.strerror or e}); "
                                     "starting fresh.")
            return empty, []
        try:
            data = json.loads(raw.decode("utf-8"), parse_int=_parse_int)
            if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
                raise ValueError("not a progress file")
        except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested absurdly deep
            aside = _unused_name(
                self.path.with_name(f"{FILE_NAME}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
                if not quiet:
                    self.warnings.append(
                        f"Your progress file was damaged; it was moved to "
                        f"{visible(str(aside))} and you start fresh.")
            return empty, []
        return data, _repair(data, _course_ids())

    # --- start-up checks -----------------------------------------------------------

    def _warn_if_others_can_write(self) -> None:
        folder = self.path.parent
        try:
            mode = os.stat(folder).st_mode
        except OSError:
            return
        if mode & (stat.S_IWGRP | stat.S_IWOTH):
            shown = visible(str(folder))
            self.warnings.append(
                f"Your progress folder {shown} can be changed by other users "
                f"(mode {stat.S_IMODE(mode):o}), who could replace your progress; "
                f"'chmod 700 {shown}' makes it yours alone.")

    def _remove_orphans(self) -> None:
        """Remove temporary files of saves that were killed part-way.  Under the lock
        (a save in progress holds it while its temporary file exists); if another
        instance holds it now, they are left for a later start."""
        folder = self.path.parent
        try:
            if not any(folder.glob(".progress-*.tmp")):
                return
            with _locked(self.path.with_name(FILE_NAME + ".lock"), 0.0):
                for orphan in folder.glob(".progress-*.tmp"):
                    with contextlib.suppress(OSError):
                        orphan.unlink()
        except OSError:
            pass


# --- checking what was read ---------------------------------------------------------------


def _parse_int(text: str):
    """JSON integers; one too long for int() (4,300 digits) is inf, out of every range,
    so that one field is reset instead of the whole file being called damaged."""
    return int(text) if len(text) <= 4000 else math.inf


def _count(value, most: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= most


def _flag(value) -> bool:
    return isinstance(value, bool)


def _score_ok(value) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(_count(n, MAX_OUTCOMES) for n in value) and value[0] <= value[1])


def _fields_ok(entry, counts: tuple[str, ...], flags: tuple[str, ...]) -> bool:
    """A dict whose count fields (if there) are counts and flag fields (if there) flags."""
    return (isinstance(entry, dict)
            and all(_count(entry[k], MAX_COUNT) for k in counts if k in entry)
            and all(_flag(entry[k]) for k in flags if k in entry))


def _outcomes_ok(value) -> bool:
    return isinstance(value, list) and len(value) <= MAX_OUTCOMES and all(
        _fields_ok(o, ("attempts",), ("correct", "revealed")) for o in value)


# field -> its check; a field that fails it is removed (read as its default)
LESSON_FIELDS = {
    "step": lambda v: _count(v, MAX_STEP),
    "outcomes": _outcomes_ok,
    "question": lambda v: v is None or _fields_ok(v, ("attempts", "hints_given"),
                                                   ("done", "correct", "revealed")),
    "finished": _flag,
    "completed": _flag,
    "score": _score_ok,
    "best": _score_ok,
}


def _repair(data: dict, known: set[str]) -> list[str]:
    """Check every entry of a progress file in place; what fails is reset or dropped.
    Returns a description of each repair."""
    problems: list[str] = []
    last = data.get("last")
    if not (last is None or isinstance(last, str) and len(last) <= MAX_ID):
        problems.append("the last lesson opened")
        last = None
    data["last"] = last
    if not _count(data.get("version"), MAX_COUNT):
        data["version"] = VERSION
    lessons, unknown, dropped = data["lessons"], 0, 0
    for lesson_id in list(lessons):
        state = lessons[lesson_id]
        if lesson_id not in known:
            unknown += 1
            if unknown > MAX_UNKNOWN_LESSONS:   # kept for a later version, up to a limit
                del lessons[lesson_id]
                dropped += 1
                continue
        name = f"lesson {_quoted(lesson_id)}"
        if not isinstance(state, dict) or len(lesson_id) > MAX_ID:
            del lessons[lesson_id]
            problems.append(name)
            continue
        failed = [field for field, ok in LESSON_FIELDS.items()
                  if field in state and not ok(state[field])]
        for field in failed:
            del state[field]
        if failed:
            problems.append(f"{name}: {', '.join(failed)}")
        if _json_size(state) > MAX_LESSON_BYTES:
            del lessons[lesson_id]
            problems.append(f"{name}: too large")
    if dropped:
        problems.append(f"{dropped} lessons this version does not know "
                        f"(it keeps {MAX_UNKNOWN_LESSONS})")
    sections = [key for key in data if key not in COURSE_KEYS]
    for n, key in enumerate(sections):
        value = data[key]
        if (not isinstance(value, dict) or len(key) > MAX_ID or n >= MAX_SECTIONS
                or _json_size(value) > MAX_SECTION_BYTES):
            del data[key]
            problems.append(f"the section {_quoted(key)}")
    return problems


def _json_size(value) -> int:
    try:
        return len(json.dumps(value, separators=(",", ":")))
    except (ValueError, RecursionError):
        return math.inf


def _quoted(name: str) -> str:
    return "'" + visible(name if len(name) <= 40 else name[:37] + "...") + "'"


def _repair_message(problems: list[str], kept_as: Path | None) -> str:
    """One line: what was reset, and where the original is."""
    named = "; ".join(problems[:SHOWN_PROBLEMS])
    more = len(problems) - SHOWN_PROBLEMS
    if more > 0:
        named += f"; and {more} more"
    kept = f" The original is kept as {visible(str(kept_as))}." if kept_as else ""
    return (f"Your progress file had damaged entries, now reset ({named}); "
            f"the rest is kept.{kept}")


def _course_ids() -> set[str]:
    from lessons.course import all_lessons

    return {lesson.id for lesson in all_lessons()}


# --- files --------------------------------------------------------------------------------


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file, never through a symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _NONBLOCK)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EMLINK) and path.is_symlink():
            raise OSError(errno.ELOOP, "it is a symbolic link, which is not followed") from e
        raise
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        return f.read()


def _unused_name(path: Path) -> Path:
    """path, or path.2, path.3, ... : the first that does not exist yet."""
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate


@contextlib.contextmanager
def _locked(lock_path: Path, wait: float):
    """An exclusive lock between processes (POSIX), waited for at most ``wait`` seconds
    (then LockBusy); a no-op where fcntl is missing.  The lock file is never opened
    through a symbolic link."""
    try:
        import fcntl
    except ImportError:  # Windows: saves are still atomic, just not merged
        yield
        return
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EMLINK) and lock_path.is_symlink():
            raise OSError(errno.ELOOP, f"{visible(lock_path.name)} is a symbolic link, "
                          "which is not followed") from e
        raise
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    waited = f" (waited {wait:g} s)" if wait else ""
                    raise LockBusy(errno.EWOULDBLOCK, "another micrograd-tutor is holding its "
                                   f"lock{waited}") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
