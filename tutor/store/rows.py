"""The store's rows: lesson states, sections and events as SQL both engines run."""

from __future__ import annotations

import json
import time

from tutor.store.legacy import COURSE_KEYS

__all__ = ["EVENT_COLUMNS", "upsert_lesson", "upsert_section", "merge_state", "insert_events",
           "event_of", "json_dict", "lesson_status", "lesson_score"]

EVENT_COLUMNS = ("uid", "at", "track", "kind", "subject", "item", "seed", "answer",
                 "correct", "mistake", "hints", "seconds")
INSERT_EVENT = (f"INSERT INTO events (learner_id, {', '.join(EVENT_COLUMNS)}) VALUES "
                f"(?, {', '.join('?' * len(EVENT_COLUMNS))}) "
                "ON CONFLICT (learner_id, uid) DO NOTHING")


def lesson_status(state: dict | None) -> str:
    if not state:
        return "new"
    return "done" if state.get("finished") or state.get("completed") else "in progress"


def lesson_score(state: dict | None) -> tuple[int, int] | None:
    try:
        right, asked = state["best"] if state.get("completed") else state["score"]
        return int(right), int(asked)
    except (TypeError, KeyError, ValueError, AttributeError, OverflowError):
        return None


def upsert_lesson(tx, learner: int, lesson_id: str, state: dict) -> None:
    score = lesson_score(state) or (None, None)
    tx.execute("INSERT INTO lesson_states (learner_id, lesson_id, status, right_answers, "
               "asked, state, updated) VALUES (?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (learner_id, lesson_id) DO UPDATE SET status = excluded.status, "
               "right_answers = excluded.right_answers, asked = excluded.asked, "
               "state = excluded.state, updated = excluded.updated",
               (learner, lesson_id, lesson_status(state), score[0], score[1],
                json.dumps(state, separators=(",", ":")), time.time()))


def upsert_section(tx, learner: int, name: str, section: dict) -> None:
    tx.execute("INSERT INTO sections (learner_id, name, data, updated) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (learner_id, name) DO UPDATE SET data = excluded.data, "
               "updated = excluded.updated",
               (learner, name, json.dumps(section, separators=(",", ":")), time.time()))


def merge_state(tx, learner: int, data: dict) -> list[str]:
    """Bring lessons, sections and the last lesson of ``data`` in where this learner has
    none of their own yet; returns what was kept as it was (the store's own)."""
    kept = []
    have = {row[0] for row in tx.execute(
        "SELECT lesson_id FROM lesson_states WHERE learner_id = ?", (learner,))}
    for lesson_id, state in data["lessons"].items():
        if lesson_id in have:
            kept.append(f"lesson {lesson_id}")
        else:
            upsert_lesson(tx, learner, lesson_id, state)
    sections = {row[0] for row in tx.execute(
        "SELECT name FROM sections WHERE learner_id = ?", (learner,))}
    for name, section in data.items():
        if name in COURSE_KEYS:
            continue
        if name in sections:
            kept.append(f"the {name} section")
        else:
            upsert_section(tx, learner, name, section)
    if data.get("last"):
        tx.execute("UPDATE learners SET last_lesson = ? WHERE id = ? AND last_lesson IS NULL",
                   (data["last"], learner))
    return kept


def insert_events(tx, learner: int, events: list[dict]) -> None:
    if events:
        tx.executemany(INSERT_EVENT, [(learner, *(e[c] for c in EVENT_COLUMNS))
                                      for e in events])


def event_of(row) -> dict:
    event = dict(zip(EVENT_COLUMNS, row))
    if event["correct"] is not None:
        event["correct"] = bool(event["correct"])
    return event


def json_dict(text) -> dict:
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}
