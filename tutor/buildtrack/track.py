"""The build track's saved state: the "build" section of the learner's store (``tutor.store``).

    "build": {
      "current": "tanh",
      "exercises": {"tanh": {"passed": false, "checks": 4, "failed": 3, "hints": 2,
                             "solution": false, "last": "`n.grad` is 0.29, should be 0.5"}}
    }

``passed`` is the result of the latest check (a later change can break an
exercise again).  The reference solution opens after ``SOLUTION_AFTER`` failed
checks, or when the learner asks twice.
"""

from __future__ import annotations

from tutor.buildtrack.exercises import EXERCISES, Exercise, find_exercise
from tutor.buildtrack.verdict import Verdict
from tutor.store.events import make_event

__all__ = ["Track", "SOLUTION_AFTER", "SECTION"]

SECTION = "build"
SOLUTION_AFTER = 3


class Track:
    """Reads and records the build section of one store."""

    def __init__(self, progress):
        self.progress = progress

    def _state(self) -> dict:
        return self.progress.section(SECTION)

    def exercise_state(self, exercise: Exercise) -> dict:
        found = self._state().get("exercises", {})
        state = found.get(exercise.id) if isinstance(found, dict) else None
        return state if isinstance(state, dict) else {}

    def passed(self, exercise: Exercise) -> bool:
        return self.exercise_state(exercise).get("passed") is True

    def status(self, exercise: Exercise) -> str:
        """'passed', 'failing' (checked, not passing) or 'new'."""
        state = self.exercise_state(exercise)
        if state.get("passed") is True:
            return "passed"
        return "failing" if state.get("checks") else "new"

    def count(self, key: str, exercise: Exercise) -> int:
        value = self.exercise_state(exercise).get(key, 0)
        return value if isinstance(value, int) and value >= 0 else 0

    def current(self) -> Exercise:
        """Where to continue: the exercise last opened, else the first not passed."""
        found = find_exercise(self._state().get("current"))
        if found is not None:
            return found
        return next((e for e in EXERCISES if not self.passed(e)), EXERCISES[0])

    def solution_open(self, exercise: Exercise) -> bool:
        state = self.exercise_state(exercise)
        return bool(state.get("solution")) or self.count("failed", exercise) >= SOLUTION_AFTER

    # --- recording -------------------------------------------------------------------

    def _change(self, exercise: Exercise, change, event: dict | None = None) -> None:
        def apply(section: dict) -> None:
            exercises = section.get("exercises")
            if not isinstance(exercises, dict):
                exercises = section["exercises"] = {}
            state = exercises.get(exercise.id)
            if not isinstance(state, dict):
                state = exercises[exercise.id] = {}
            change(state)

        self.progress.update_section(SECTION, apply, event=event)

    def open(self, exercise: Exercise) -> None:
        self.progress.update_section(SECTION, lambda s: s.__setitem__("current", exercise.id))

    def record(self, verdict: Verdict) -> None:
        def change(state: dict) -> None:
            state["passed"] = verdict.passed
            state["checks"] = _int(state.get("checks")) + 1
            if not verdict.passed:
                state["failed"] = _int(state.get("failed")) + 1
            state["last"] = verdict.summary[:300]

        # the check is an event too, saved with the exercise's state: pass or fail, and
        # the failing case's kind ("grad", "value", "error", "timeout"...) and title
        event = make_event("build", "check", verdict.exercise.id, verdict.case_title or "",
                           correct=verdict.passed,
                           mistake=None if verdict.passed else verdict.kind,
                           hints=self.count("hints", verdict.exercise))
        self._change(verdict.exercise, change, event)

    def record_hint(self, exercise: Exercise) -> int:
        """Count one more hint; returns how many have been given now."""
        given = min(self.count("hints", exercise) + 1, len(exercise.hints))
        self._change(exercise, lambda state: state.__setitem__("hints", given))
        return given

    def record_solution(self, exercise: Exercise) -> None:
        self._change(exercise, lambda state: state.__setitem__("solution", True))


def _int(x) -> int:
    return x if isinstance(x, int) and x >= 0 else 0
