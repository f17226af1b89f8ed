"""One sitting of the pretest or the posttest: the items in order, one try each, no feedback.

    run = TestRun(store, "pre")
    while not run.done:
        problem = run.problem()           # show problem.source, problem.before, its question
        reply = run.answer(text)          # "invalid" (read again, no try used) or "saved"

An answer is read as the course reads it (``tutor.grading``): an unreadable one is
explained and costs nothing.  ``skip`` says "I don't know" and counts as wrong.  Every
answer is an event of the track "test" (subject ``pre/sign``, item ``sign-1/A``, the
form's seed), stored in the same transaction as the test's section of the store, which
says which items are answered; so Ctrl+C, a closed terminal or a lost connection keeps
every answer, and the next sitting starts at the first item not answered.  The event's
uid is ``test/pre/sign-1``: the database keeps one answer per item and test, whatever
two processes of one learner do.

Nothing here touches practice: its mastery and review queue live in their own section,
fed only by practice and the course (``tutor.practice.store``).  Where each test stands
(and what the course offers) is ``tutor.concepttest.state``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from lessons.practice.problem import Problem
from tutor.concepttest.items import ITEMS, PHASES, Item, problem_of
from tutor.concepttest.state import NAMES, SECTION, form_for, phase_state
from tutor.grading import Unreadable, is_correct, parse_answer
from tutor.mistakes import mistake_kind
from tutor.store.events import make_event

__all__ = ["TestRun", "Reply", "SKIP_WORDS"]

SKIP_WORDS = ("skip", "pass", "idk", "don't know", "dont know", "?")


@dataclass
class Reply:
    status: str                  # "invalid" (nothing used up) or "saved"
    message: str


class TestRun:
    """The pretest (``phase="pre"``) or the posttest (``"post"``) of one learner."""

    __test__ = False             # a test of learners, not a pytest class

    def __init__(self, progress, phase: str, *, items=ITEMS,
                 clock: Callable[[], float] = time.monotonic):
        if phase not in PHASES:
            raise ValueError(f"no test called {phase!r}")
        self.progress = progress
        self.phase = phase
        self.name = NAMES[phase]
        self.items: list[Item] = list(items)
        self.form = form_for(progress.section(SECTION), progress.learner, phase)
        self.clock = clock
        self._problems: dict[str, Problem] = {}
        self._shown_at = clock()

    # --- where the learner is ----------------------------------------------------------

    @property
    def answers(self) -> dict[str, bool]:
        """item id -> right, for the items answered in this test so far."""
        return phase_state(self.progress.section(SECTION), self.phase).get("answers", {})

    @property
    def current(self) -> Item | None:
        answered = self.answers
        return next((item for item in self.items if item.id not in answered), None)

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def number(self) -> int:
        """The current item's number, from 1 (the total + 1 once done)."""
        answered = self.answers
        return sum(item.id in answered for item in self.items) + 1

    @property
    def total(self) -> int:
        return len(self.items)

    def problem(self, item: Item | None = None) -> Problem:
        item = item or self.current
        if item is None:
            raise RuntimeError("the test is over")
        if item.id not in self._problems:
            self._problems[item.id] = problem_of(item, self.form)
        return self._problems[item.id]

    def shown(self) -> None:
        """The front end shows the current item now (its seconds count from here)."""
        self._shown_at = self.clock()

    # --- answering ---------------------------------------------------------------------

    def answer(self, text: str) -> Reply:
        item = self.current
        if item is None:
            raise RuntimeError("the test is over")
        q = self.problem(item).question
        typed = text.strip()
        if typed.lower() in SKIP_WORDS:
            right, mistake = False, "skipped"
        else:
            try:
                value = parse_answer(q, text)
            except Unreadable as e:
                return Reply("invalid", f"{e} (This does not use up your try.)")
            right = is_correct(q, value)
            mistake = None if right else mistake_kind(q, value)
        self._save(item, typed, right, mistake)
        said = "Saved." if not self.progress.save_error else \
            "Kept, not saved yet (the store says why); it is written with the next save."
        return Reply("saved", said if self.done else f"{said} Next question.")

    def _save(self, item: Item, typed: str, right: bool, mistake: str | None) -> None:
        source = item.source(self.form)
        event = make_event("test", "answer", f"{self.phase}/{item.skill}",
                           f"{item.id}/{self.form}", seed=source.seed, answer=typed,
                           correct=right, mistake=mistake, hints=0,
                           seconds=round(max(self.clock() - self._shown_at, 0.0), 3))
        event["uid"] = f"test/{self.phase}/{item.id}"     # one answer per item and test
        form, phase, ids = self.form, self.phase, [i.id for i in self.items]
        now = time.time()

        def change(section: dict) -> None:
            state = section.get(phase)
            if not isinstance(state, dict):
                state = section[phase] = {}
            if not isinstance(state.get("answers"), dict):
                state["answers"] = {}
            state.setdefault("form", form)
            state.setdefault("started", now)
            state["answers"].setdefault(item.id, right)   # another sitting's first try stays
            if all(i in state["answers"] for i in ids):
                state.setdefault("finished", now)

        self.progress.update_section(SECTION, change, event=event)
        self._shown_at = self.clock()
