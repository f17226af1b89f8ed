"""The practice state in the learner's store, and the hook that lets the course's
questions feed the same review queue.

The state lives in the ``"practice"`` section of the learner's store (each change
one transaction that re-reads the section: ``tutor.store``).
Every change re-reads the section, applies a rule of ``lessons.practice.schedule``
and writes it back, so two processes (a lesson in one terminal, practice in
another) keep each other's records.  A section that makes no sense is read as far
as it does (``PracticeState.from_data``) and never stops the learner.

The clock is ``clock()``: the time now, moved ahead by ``MICROGRAD_TUTOR_DAYS_AHEAD``
days when that variable is set, so a developer can try "a review due the next day"
without waiting (tests pass their own ``now``).
"""

from __future__ import annotations

import os
import time
from typing import Callable

from lessons.practice.classify import skill_of
from lessons.practice.schedule import (DAY, PracticeState, Result, due_skills, record_course)

__all__ = ["PracticeStore", "clock", "course_hook", "SECTION", "DAYS_AHEAD_VARIABLE",
           "result_of"]

SECTION = "practice"
DAYS_AHEAD_VARIABLE = "MICROGRAD_TUTOR_DAYS_AHEAD"


def clock() -> float:
    """Seconds since the epoch, as time.time(), moved ahead for developers' tries."""
    try:
        ahead = float(os.environ.get(DAYS_AHEAD_VARIABLE, "0") or 0)
    except ValueError:
        ahead = 0.0
    if ahead != ahead or abs(ahead) > 10_000:
        ahead = 0.0
    return time.time() + ahead * DAY


class PracticeStore:
    """Reads and changes the practice section of a store."""

    def __init__(self, progress, now: Callable[[], float] = clock):
        self.progress = progress
        self.now = now

    def state(self) -> PracticeState:
        return PracticeState.from_data(self.progress.section(SECTION))

    def change(self, rule: Callable[[PracticeState], object]):
        """Apply ``rule(state)`` to the freshly read state and save; returns its result."""
        result = []

        def apply(section: dict) -> None:
            state = PracticeState.from_data(section)
            result[:] = [rule(state)]
            section.clear()
            section.update(state.to_data())

        self.progress.update_section(SECTION, apply)
        return result[0] if result else None

    def due(self) -> list[str]:
        """The skills due for review now."""
        return due_skills(self.state(), self.now())


def result_of(outcome: dict) -> Result:
    """A runner's outcome ({"correct", "attempts", "hints", ...}) as a schedule Result."""
    return Result(bool(outcome.get("correct")), int(outcome.get("attempts", 1) or 1),
                  int(outcome.get("hints", 0) or 0))


def course_hook(progress, now: Callable[[], float] = clock):
    """``on_outcome`` for a lesson's ``LessonRun``: a question's skill (its own tag, or
    read off its graph) gets the outcome; questions of no skill are left alone.
    Predictions that are not scored are left alone too."""
    store = PracticeStore(progress, now)

    def record(question, outcome: dict) -> None:
        if outcome.get("scored") is False:
            return
        skill = skill_of(question)
        if skill:
            store.change(lambda state: record_course(state, skill, result_of(outcome),
                                                     store.now()))

    return record
