"""A learner's export (their events and where they stand) and reading one back to import it.

JSON (the default) holds everything; CSV holds the events, a row each, for a
spreadsheet.  ``import`` reads either: what a file holds is checked as a damaged
progress file is (what fails a check is left out and named), never trusted.
"""

from __future__ import annotations

import csv
import io
import json
import time

from tutor.store.events import FIELDS, clean_event
from tutor.store.legacy import COURSE_KEYS, repair

__all__ = ["export_data", "events_csv", "read_export", "FORMAT", "ExportError", "MAX_FILE"]

FORMAT = "micrograd-tutor-export"
MAX_FILE = 64 * 1024 * 1024     # bytes: an export of years of answers is far smaller


class ExportError(ValueError):
    """The file is not an export this version can read: the message says why."""


def export_data(store) -> dict:
    data = store.data
    return {
        "format": FORMAT, "version": 1, "exported": time.time(), "learner": store.learner,
        "state": {"last": data.get("last"), "lessons": data["lessons"],
                  "sections": {k: v for k, v in data.items() if k not in COURSE_KEYS}},
        "events": store.events(),
    }


def events_csv(events: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow({k: "" if event[k] is None else event[k] for k in FIELDS})
    return out.getvalue()


def read_export(raw: bytes, known: set[str]) -> tuple[dict, list[dict], list[str]]:
    """(state as the store keeps it, events, problems left out) of a JSON or CSV export."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ExportError("it is not text (UTF-8)") from None
    if text.lstrip().startswith("{"):
        return _read_json(text, known)
    return _read_csv(text)


def _read_json(text: str, known: set[str]):
    try:
        found = json.loads(text)
    except (ValueError, RecursionError):
        raise ExportError("it is not valid JSON") from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise ExportError("it is not a micrograd-tutor export")
    if not isinstance(found.get("version"), int) or found["version"] > 1:
        raise ExportError("it was made by a newer micrograd-tutor")
    state = found.get("state") if isinstance(found.get("state"), dict) else {}
    sections = state.get("sections") if isinstance(state.get("sections"), dict) else {}
    data = {"version": 1, "lessons": state.get("lessons"), "last": state.get("last")}
    if not isinstance(data["lessons"], dict):
        data["lessons"] = {}
    data.update({k: v for k, v in sections.items() if k not in COURSE_KEYS})
    problems = repair(data, known)
    raw_events = found.get("events") if isinstance(found.get("events"), list) else []
    events, bad = _clean(raw_events)
    if bad:
        problems.append(f"{bad} unreadable answers")
    return data, events, problems


def _read_csv(text: str):
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not set(FIELDS) <= set(reader.fieldnames):
        raise ExportError("it is neither a JSON export nor a CSV export of answers")
    events, bad = _clean(list(reader))
    problems = [f"{bad} unreadable answers"] if bad else []
    return {"version": 1, "lessons": {}, "last": None}, events, problems


def _clean(rows: list) -> tuple[list[dict], int]:
    events, bad = [], 0
    for row in rows:
        try:
            if not isinstance(row, dict):
                raise ValueError
            events.append(clean_event(row))
        except ValueError:
            bad += 1
    return events, bad
