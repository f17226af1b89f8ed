"""Answer events: the fields every answer, reveal and build check is stored with, bounded.

An event is a dict with the fields of FIELDS.  ``make_event`` fills the id (``uid``,
so a retried save or an import stores it once) and the time, and bounds what came
from the learner (an answer is kept to MAX_ANSWER characters).
"""

from __future__ import annotations

import hashlib
import math
import time
import uuid

__all__ = ["FIELDS", "make_event", "item_id", "clean_event", "TRACKS", "KINDS"]

# in the order of an export's columns
FIELDS = ("uid", "at", "track", "kind", "subject", "item", "seed", "answer", "correct",
          "mistake", "hints", "seconds")
TRACKS = ("course", "practice", "worksheet", "build", "test")
KINDS = ("answer", "reveal", "check")   # a typed answer, an answer shown, a build check
MAX_ANSWER = 300         # characters of an answer as typed (line mode reads no more)
MAX_TEXT = 200           # characters of a subject, an item or a mistake's kind
MAX_COUNT = 10_000
MAX_SEED = 2 ** 63 - 1


def item_id(prompt: str) -> str:
    """A question's id, stable across versions of its lesson while its wording stays:
    'q-' and 12 hex digits of the prompt's SHA-1 (a lesson that adds or reorders
    questions keeps the others' ids)."""
    return "q-" + hashlib.sha1(prompt.encode("utf-8", "replace")).hexdigest()[:12]


def make_event(track: str, kind: str, subject: str, item: str, *, seed=None, answer=None,
               correct=None, mistake=None, hints: int = 0, seconds=None) -> dict:
    return clean_event({"uid": uuid.uuid4().hex, "at": time.time(), "track": track,
                        "kind": kind, "subject": subject, "item": item, "seed": seed,
                        "answer": answer, "correct": correct, "mistake": mistake,
                        "hints": hints, "seconds": seconds})


def clean_event(event: dict) -> dict:
    """The event with every field of the right type and size; raises ValueError for
    one that cannot be stored (no uid, an unknown track)."""
    uid = event.get("uid")
    if not isinstance(uid, str) or not 1 <= len(uid) <= 64 or not uid.isprintable():
        raise ValueError("an event needs a uid")
    track, kind = event.get("track"), event.get("kind")
    if track not in TRACKS or kind not in KINDS:
        raise ValueError(f"an event of an unknown track or kind: {track!r}, {kind!r}")
    at = _number(event.get("at"))
    if at is None:
        raise ValueError("an event needs a time")
    correct = event.get("correct")
    return {
        "uid": uid, "at": at, "track": track, "kind": kind,
        "subject": _text(event.get("subject"), MAX_TEXT) or "",
        "item": _text(event.get("item"), MAX_TEXT) or "",
        "seed": _seed(event.get("seed")),
        "answer": _text(event.get("answer"), MAX_ANSWER),
        "correct": None if correct is None or correct == "" else _truth(correct),
        "mistake": _text(event.get("mistake"), MAX_TEXT) or None,
        "hints": min(max(_int(event.get("hints")), 0), MAX_COUNT),
        "seconds": _number(event.get("seconds")),
    }


def _text(value, most: int) -> str | None:
    if value is None or value == "":
        return None if value is None else ""
    return str(value)[:most]


def _truth(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "t")
    return bool(value)


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError, OverflowError):
        return 0


def _seed(value):
    if value is None or value == "":
        return None
    try:
        seed = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return seed if -MAX_SEED <= seed <= MAX_SEED else None


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and number >= 0 else None
