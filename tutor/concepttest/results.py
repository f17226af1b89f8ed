"""A learner's own pre and post per skill and their gain, read from their section of the store.

The learner sees these after each test and in ``micrograd-tutor progress``; only their own
section is read (the class's figures are ``tutor.concepttest.gain``).  A skill's score is
the share of its items answered right; its gain is the learner's normalised gain
(``stats.individual_gain``), none at 100% before.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

from tutor.concepttest.items import ITEMS, SKILLS, items_of
from tutor.concepttest.state import SECTION, phase_state
from tutor.concepttest.stats import individual_gain

__all__ = ["Row", "learner_rows", "results_table", "taken", "score_text", "gain_text",
           "GAIN_NOTE"]

GAIN_NOTE = ("gain: how much of what you did not know before you knew after, "
             "(after - before) / (100% - before); 1.00 is all of it. Two questions a skill "
             "make each skill's figure rough; the whole test's is the one to read.")


@dataclass(frozen=True)
class Row:
    title: str
    pre: tuple[int, int] | None      # (right, items) once every item is answered
    post: tuple[int, int] | None

    @property
    def gain(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return individual_gain(_percent(self.pre), _percent(self.post))


def _percent(score: tuple[int, int]) -> float:
    right, asked = score
    return 100.0 * right / asked


def _score(answers: dict[str, bool], items) -> tuple[int, int] | None:
    if not items or any(item.id not in answers for item in items):
        return None
    return sum(answers[item.id] for item in items), len(items)


def taken(progress, phase: str, items=ITEMS) -> bool:
    """Every item of this test answered."""
    answers = phase_state(progress.section(SECTION), phase).get("answers", {})
    return _score(answers, list(items)) is not None


def learner_rows(progress, items=ITEMS) -> list[Row]:
    """A row per skill, then one for the whole test ("All")."""
    section = progress.section(SECTION)
    pre = phase_state(section, "pre").get("answers", {})
    post = phase_state(section, "post").get("answers", {})
    rows = []
    for skill in SKILLS:
        mine = items_of(skill.id, items)
        if mine:
            rows.append(Row(skill.title, _score(pre, mine), _score(post, mine)))
    rows.append(Row(f"All {len(items)} questions", _score(pre, list(items)),
                    _score(post, list(items))))
    return rows


def score_text(score: tuple[int, int] | None) -> str:
    if score is None:
        return "not taken"
    right, asked = score
    return f"{right}/{asked} ({_percent(score):.0f}%)"


def gain_text(row: Row) -> str:
    if row.pre is None or row.post is None:
        return ""
    if row.gain is None:
        return "at 100% before"
    return f"{row.gain:+.2f}"


def results_table(progress, items=ITEMS) -> Table:
    """Skill, before, after, gain: the learner's table (a rich Table, for both front ends)."""
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("skill", no_wrap=True)
    table.add_column("before", justify="right", no_wrap=True)
    table.add_column("after", justify="right", no_wrap=True)
    table.add_column("gain", justify="right", no_wrap=True)
    rows = learner_rows(progress, items)
    for row in rows:
        style = "bold" if row is rows[-1] else ""
        table.add_row(Text(row.title, style=style), score_text(row.pre),
                      score_text(row.post), gain_text(row))
    return table
