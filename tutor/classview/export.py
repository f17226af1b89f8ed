"""The class's answers and grid as CSV for a spreadsheet: a row per answer, or a row per learner.

    micrograd-tutor class export --csv     learner, track, lesson or skill, item, question,
                                           kind, answer, correct, mistake, hints, seconds, time
    micrograd-tutor class grid --csv       learner, last seen, lessons done, first try, and
                                           per lesson: its status, right, asked

Quoted by the csv module.  A text cell that starts with = + - @ (or a tab or carriage
return) gets a ' in front, so that no spreadsheet takes a learner's answer (or name)
for a formula; a plain number such as -3 stays a number, and so does a lone + or -
(a sign question's answer).  Control characters in what
a learner typed are written out (``\\x1b``), as everywhere the tutor shows it.  The
answers are read in pages of PAGE by id, so a class of any size is written in
constant memory.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime, timezone

from tutor.classview import catalogue
from tutor.text import visible

__all__ = ["ANSWER_COLUMNS", "safe", "write_answers", "write_grid", "iso", "PAGE"]

PAGE = 5000
ANSWER_COLUMNS = ("learner", "track", "lesson_or_skill", "item", "question", "kind", "answer",
                  "correct", "mistake", "hints", "seconds", "time")
ANSWERS = ("SELECT e.id, l.name, e.track, e.subject, e.item, e.kind, e.answer, e.correct, "
           "e.mistake, e.hints, e.seconds, e.at FROM events e JOIN learners l "
           "ON l.id = e.learner_id WHERE e.id > ? ORDER BY e.id LIMIT ?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value) -> str:
    """A text cell no spreadsheet runs: ' before = + - @ (a plain number, a lone + or -
    stay as they are)."""
    if value is None:
        return ""
    text = visible(str(value))
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text) and \
            text not in ("+", "-"):
        return "'" + text
    return text


def iso(at: float | None) -> str:
    """Seconds since the epoch as ISO 8601 in UTC: 2026-12-07T16:40:05+00:00."""
    if at is None:
        return ""
    return datetime.fromtimestamp(float(at), timezone.utc).isoformat(timespec="seconds")


def _truth(value) -> str:
    return "" if value is None else "true" if value else "false"


def write_answers(engine, out, wait: float = 5.0) -> int:
    """Every answer of the store, oldest first, as CSV rows to ``out``; returns the count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ANSWER_COLUMNS)
    last, count = 0, 0
    while True:
        with engine.transaction(write=False, wait=wait) as tx:
            rows = tx.execute(ANSWERS, (last, PAGE))
        for (id_, name, track, subject, item, kind, answer, correct, mistake, hints,
             seconds, at) in rows:
            prompt = catalogue.question_label(track, subject, item)[1] \
                if kind != "check" else ""
            writer.writerow([safe(name), track, safe(subject), safe(item), safe(prompt), kind,
                             safe(answer), _truth(correct), safe(mistake), int(hints or 0),
                             "" if seconds is None else f"{float(seconds):g}", iso(at)])
        count += len(rows)
        if len(rows) < PAGE:
            return count
        last = rows[-1][0]


def write_grid(board, out) -> int:
    """A row per learner of a loaded ``Board``, by name; returns the count."""
    lessons = [lesson for lesson, _ in catalogue.lessons()]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "last_seen", "lessons_done", "questions_met",
                     "first_try_right"]
                    + [f"{lesson}{part}" for lesson in lessons
                       for part in ("", " right", " asked")])
    rows = sorted(board.learners.values(), key=lambda r: (r.name.lower(), r.id))
    for row in rows:
        cells = [safe(row.name), iso(row.last_seen), row.done, row.answered, row.first_right]
        for lesson in lessons:
            cell = row.lessons.get(lesson)
            cells += ["", "", ""] if cell is None else [
                cell.status, "" if cell.right is None else cell.right,
                "" if cell.asked is None else cell.asked]
        writer.writerow(cells)
    return len(rows)
