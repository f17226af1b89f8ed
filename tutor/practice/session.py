"""A practice session: drills chosen by the schedule, one after another, until the
learner leaves or there is nothing left to practise.

The session looks like a course lesson to the runner (an ``id``, a ``title`` and a
``script()`` generator of steps), so ``LessonRun`` grades the drills, gives the
diagnoses, hints and explanations, and both front ends show them as they show a
lesson.  Each drill is its statement (``Code``), sometimes a tree (``Show``), and
one question; the runner's ``on_outcome`` hook records the outcome at once, and its
``on_slip`` hook records a wrong try (a miss: the drill comes back) or a hint (the row
starts again) the moment it happens, so leaving a drill half done, or a dropped
connection, loses nothing and erases no miss.

    session = PracticeSession(progress, focus="plus", seed=7)
    run = session.run()          # a LessonRun with no lesson state of its own

``seed``: the k-th fresh drill of a skill at a level is the same for everyone with
the same seed (a teacher hands out the same set); without one, a random seed.
"""

from __future__ import annotations

import random
import zlib
from typing import Callable

from lessons.practice.schedule import Choice, Result, next_drill, record_drill
from lessons.practice.skills import find_skill, make_problem
from lessons.steps import Code, Say
from tutor.practice.store import PracticeStore, clock, result_of
from tutor.runner import LessonRun

__all__ = ["PracticeSession"]

REASONS = {"again": "again: you missed this one", "review": "review", "new": "a new skill",
           "learning": "", "extra": "extra practice"}


class PracticeSession:
    """Mixed practice, or one skill (``focus``)."""

    id = "practice"

    def __init__(self, progress, focus: str | None = None, seed: int | None = None,
                 now: Callable[[], float] = clock):
        if focus is not None and find_skill(focus) is None:
            raise ValueError(f"no skill called {focus!r}")
        self.store = PracticeStore(progress, now)
        self.focus = focus
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2 ** 31)
        self.recent: list[str] = []             # the skills of the drills so far
        self.fresh: dict[tuple[str, int], int] = {}
        self.current: tuple[Choice, object, int] | None = None
        self._slips: set[str] = set()           # recorded for the drill on screen:
                                                # "miss", "hint"
        self.news: list[str] = []
        self.drills = 0                         # drills answered
        self.clean = 0                          # of them right at once, without a hint
        self.ended = ""                         # why the session ended, once it has
                                                # (the front ends say it at the end)
        state = self.store.state()
        self._mastered_at_start = bool(focus and state.skill(focus).mastered)

    # --- what the runner and the screens read ---------------------------------------------

    @property
    def title(self) -> str:
        """'Practice: Routing at a plus node' (the skill of the drill on screen)."""
        skill_id = self.current[0].skill if self.current is not None else self.focus
        skill = find_skill(skill_id) if skill_id else None
        return f"Practice: {skill.title}" if skill else "Practice"

    def status(self) -> str:
        """'level 2 of 3  1 of 3 in a row': where the skill on screen stands."""
        if self.current is None:
            return f"{self.clean}/{self.drills} right"
        skill = find_skill(self.current[0].skill)
        s = self.store.state().skill(skill.id)
        if s.mastered:
            return "mastered"
        return f"level {s.level} of {skill.top}  {s.streak} of 3 in a row"

    def run(self) -> LessonRun:
        return LessonRun(self, None, on_outcome=self.record, on_slip=self.slip,
                         answers=self.store.progress, track="practice")

    def item_of(self, question) -> tuple[str, str, int | None]:
        """For the answer's event: (the skill, 'skill/level-N', the drill's seed)."""
        if self.current is None or question is not self.current[1].question:
            return "practice", "", None
        choice, _, seed = self.current
        return choice.skill, f"{choice.skill}/level-{choice.level}", seed

    # --- the script ---------------------------------------------------------------------

    def script(self):
        due = len(self.store.due())
        intro = ("# Practice\n\nFresh problems until each skill holds: three right in a "
                 "row without hints masters a level. A missed problem comes back after a "
                 "few others, a missed skill the next day.")
        if due:
            intro += f" **{due} review{'s' if due != 1 else ''} due** first."
        yield Say(intro)
        while True:
            state = self.store.state()
            if self.focus and state.skill(self.focus).mastered and not self._mastered_at_start:
                self.ended = (f"You have mastered {find_skill(self.focus).title.lower()}: "
                              "micrograd-tutor practice mixes all the skills.")
                return
            choice = next_drill(state, self.store.now(), self.focus, self.recent)
            if choice is None:
                self.ended = ("Every skill is mastered and no review is due. Come back "
                              "tomorrow, or practise one skill: micrograd-tutor practice "
                              "SKILL.")
                return
            seed = choice.seed if choice.seed is not None else self._fresh_seed(choice)
            problem = make_problem(choice.skill, choice.level, seed)
            self.current = (choice, problem, seed)
            self._slips = set()
            self.recent.append(choice.skill)
            yield Code(problem.source, caption=self._caption(choice))
            yield from problem.before
            yield problem.question
            if self.news:                   # a level or the skill mastered: say so
                yield Say("\n\n".join(f"**{n}**" for n in self.news))
                self.news = []

    def _fresh_seed(self, choice: Choice) -> int:
        key = (choice.skill, choice.level)
        k = self.fresh.get(key, 0)
        self.fresh[key] = k + 1
        return zlib.crc32(f"{self.seed}:{choice.skill}:{choice.level}:{k}".encode())

    def _caption(self, choice: Choice) -> str:
        skill = find_skill(choice.skill)
        words = [f"Drill {len(self.recent)}: {skill.title.lower()}, level {choice.level} of "
                 f"{skill.top}"]
        if REASONS.get(choice.reason):
            words.append(REASONS[choice.reason])
        return " (".join(words) + (")" if len(words) > 1 else "")

    # --- recording ----------------------------------------------------------------------

    def slip(self, question, attempts: int, hints: int) -> None:
        """The runner's hook: a wrong try or a hint, the drill still open.  A wrong try
        makes the drill a miss whatever comes next, so it is recorded as one now; a hint
        (before any wrong try) only restarts the row of right answers."""
        if self.current is None or question is not self.current[1].question:
            return
        choice, _, seed = self.current
        if attempts and "miss" not in self._slips:
            self._slips.add("miss")
            now = self.store.now()
            self.store.change(lambda state: record_drill(
                state, choice.skill, choice.level, seed, Result(False, attempts, hints), now,
                again=choice.reason == "again"))
        elif hints and not self._slips:
            self._slips.add("hint")
            self.store.change(lambda state: setattr(state.skill(choice.skill), "streak", 0))

    def record(self, question, outcome: dict) -> None:
        """The runner's hook: a drill is over."""
        if self.current is None or question is not self.current[1].question:
            return
        choice, _, seed = self.current
        result = result_of(outcome)
        now = self.store.now()
        if "miss" in self._slips:         # recorded at the wrong try
            news = []
        else:
            news = self.store.change(lambda state: record_drill(
                state, choice.skill, choice.level, seed, result, now,
                again=choice.reason == "again"))
        self.drills += 1
        self.clean += result.clean
        self.news += news or []
