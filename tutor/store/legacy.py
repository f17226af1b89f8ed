"""Reading an earlier version's progress.json, once, to bring it into the store.

Every format the JSON store wrote is read: the first (lessons with ``step``,
``outcomes``, ``finished``, ``score``), the one that keeps a done lesson done
(``completed``, ``best``) and the one with a section per track (``practice``,
``build``).  Entries are checked one by one as the JSON store checked them: what
fails its check is reset and named in one message, the rest kept.  A file that is
not JSON is moved aside (``progress.json.damaged-<time>``) with one message.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import time
from pathlib import Path

from tutor.store.sqlite_engine import read_regular_file, unused_name
from tutor.text import visible

__all__ = ["read_legacy", "COURSE_KEYS", "LESSON_FIELDS", "repair", "MAX_SECTION_BYTES"]

COURSE_KEYS = ("version", "lessons", "last")
MAX_UNKNOWN_LESSONS = 200       # lessons this version does not know, kept for a later one
MAX_LESSON_BYTES = 64 * 1024    # one lesson's saved state, as JSON
MAX_SECTIONS = 8                # other tracks' sections (practice, build, ...)
MAX_SECTION_BYTES = 256 * 1024  # each, as JSON
MAX_ID = 200                    # characters in a lesson id or a section's name
MAX_STEP = 100_000              # a lesson's step number
MAX_COUNT = 10_000              # attempts, hints, questions in a score
MAX_OUTCOMES = 1_000            # answered questions in one lesson
SHOWN_PROBLEMS = 3              # named in the one-line message; the rest are counted


def read_legacy(path: Path, known: set[str]) -> tuple[dict | None, list[str]]:
    """(the file's checked content or None, messages for the learner)."""
    try:
        raw = read_regular_file(path)
    except FileNotFoundError:
        return None, []
    except OSError as e:
        return None, [f"Could not read your earlier progress file {visible(str(path))} "
                      f"({e.strerror or e}); it is left as it is."]
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_parse_int)
        if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
            raise ValueError("not a progress file")
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested absurdly deep
        aside = unused_name(path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))
        with contextlib.suppress(OSError):
            os.replace(path, aside)
            return None, [f"Your progress file was damaged; it was moved to "
                          f"{visible(str(aside))} and you start fresh."]
        return None, [f"Your progress file {visible(str(path))} was damaged; you start fresh."]
    problems = repair(data, known)
    return data, [repair_message(problems)] if problems else []


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


def repair(data: dict, known: set[str]) -> list[str]:
    """Check every entry of a progress file (or an export) in place; what fails is reset
    or dropped.  Returns a description of each repair."""
    problems: list[str] = []
    last = data.get("last")
    if not (last is None or isinstance(last, str) and len(last) <= MAX_ID):
        problems.append("the last lesson opened")
        last = None
    data["last"] = last
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


def repair_message(problems: list[str]) -> str:
    """One line: what was reset."""
    named = "; ".join(problems[:SHOWN_PROBLEMS])
    more = len(problems) - SHOWN_PROBLEMS
    if more > 0:
        named += f"; and {more} more"
    return f"Your progress file had damaged entries, now reset ({named}); the rest is kept."
