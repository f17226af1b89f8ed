"""The learner x lesson, x practice skill and x build exercise grid: where each learner stands.

- **lessons**: the store's ``lesson_states`` (status, score: right without a reveal out of
  the questions done, when it changed);
- **practice skills**: mastery as the practice schedule itself keeps it, in the learner's
  ``practice`` section (new, learning at level N, mastered; drills seen and right): the
  same state the learner's own ``micrograd-tutor list`` shows, read by the schedule's own
  reader (a damaged section reads as far as it makes sense);
- **build exercises**: the ``build`` section (passed, failing, new; checks and failures);
- **last seen**: the latest of the learner's last answer and their last saved step.

A few rows per learner (one per lesson started, two sections), so a class of 300 is a
few thousand rows; the learner's last answer comes from the index on (learner, time).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.store.rows import json_dict

__all__ = ["LessonCell", "SkillCell", "ExerciseCell", "LearnerRow", "Grid", "SORTS"]

LEARNERS = "SELECT id, name FROM learners"
LESSONS = ("SELECT learner_id, lesson_id, status, right_answers, asked, updated "
           "FROM lesson_states")
SECTIONS = ("SELECT learner_id, name, data, updated FROM sections "
            "WHERE name IN ('practice', 'build')")
LAST_ANSWER = ("SELECT l.id, (SELECT MAX(e.at) FROM events e WHERE e.learner_id = l.id) "
               "FROM learners l")
TOTALS = "SELECT learner_id, answered, first_right FROM cv_total"


@dataclass
class LessonCell:
    status: str                    # "done", "in progress" (a lesson never opened has none)
    right: int | None
    asked: int | None
    updated: float


@dataclass
class SkillCell:
    status: str                    # "new", "learning", "mastered"
    level: int
    top: int
    seen: int
    right: int


@dataclass
class ExerciseCell:
    status: str                    # "passed", "failing", "new"
    checks: int
    failed: int


@dataclass
class LearnerRow:
    id: int
    name: str
    last_seen: float | None = None
    lessons: dict[str, LessonCell] = field(default_factory=dict)
    skills: dict[str, SkillCell] = field(default_factory=dict)
    exercises: dict[str, ExerciseCell] = field(default_factory=dict)
    answered: int = 0              # questions met
    first_right: int = 0           # right at the first try

    @property
    def done(self) -> int:
        return sum(cell.status == "done" for cell in self.lessons.values())

    @property
    def first_rate(self) -> float | None:
        return self.first_right / self.answered if self.answered else None

    @property
    def mastered(self) -> int:
        return sum(cell.status == "mastered" for cell in self.skills.values())

    @property
    def passed(self) -> int:
        return sum(cell.status == "passed" for cell in self.exercises.values())

    def copy(self) -> "LearnerRow":
        return LearnerRow(self.id, self.name, self.last_seen, dict(self.lessons),
                          dict(self.skills), dict(self.exercises), self.answered,
                          self.first_right)

    def seen(self, when: float | None) -> None:
        if when is not None and (self.last_seen is None or when > self.last_seen):
            self.last_seen = float(when)


class _Section:
    """A section's data where a track's reader wants a store (``section(name)``)."""

    def __init__(self, name: str, data: dict):
        self._name, self._data = name, data

    def section(self, name: str) -> dict:
        return self._data if name == self._name else {}


def _skills(data: dict) -> dict[str, SkillCell]:
    from lessons.practice.schedule import PracticeState
    from lessons.practice.skills import find_skill

    state = PracticeState.from_data(data)
    return {skill: SkillCell(s.status, s.level, find_skill(skill).top, s.seen, s.right)
            for skill, s in state.skills.items()}


def _exercises(data: dict) -> dict[str, ExerciseCell]:
    from tutor.buildtrack.exercises import EXERCISES
    from tutor.buildtrack.track import Track

    track = Track(_Section("build", data))
    return {e.id: ExerciseCell(track.status(e), track.count("checks", e),
                               track.count("failed", e))
            for e in EXERCISES if track.exercise_state(e)}


class Grid:
    """Every learner's row, by id.  ``load`` reads them all; ``update`` reads only the
    lessons and sections saved since the newest it holds, and the last answer of the
    learners it is told have new answers."""

    def __init__(self):
        self.rows: dict[int, LearnerRow] = {}
        self._since: tuple = (None, None)     # the newest lesson and section times read

    def load(self, tx) -> None:
        rows = {int(i): LearnerRow(int(i), name) for i, name in tx.execute(LEARNERS)}
        self._since = _newest(tx)
        _lessons(rows, tx.execute(LESSONS))
        _sections(rows, tx.execute(SECTIONS))
        _last_answers(rows, tx.execute(LAST_ANSWER))
        _totals(rows, tx)
        self.rows = rows              # whole: a screen reading the old rows meanwhile is fine

    def update(self, tx, learners) -> None:
        since, self._since = self._since, _newest(tx)
        known = self.rows             # rows a screen may be reading: copied, not changed
        rows = {int(i): known[int(i)].copy() if int(i) in known else LearnerRow(int(i), name)
                for i, name in tx.execute(LEARNERS)}
        came = [i for i in rows if i not in known]     # new learners: all of theirs
        _lessons(rows, tx.execute(LESSONS + " WHERE updated >= ?", (since[0] or 0,)))
        _sections(rows, tx.execute(SECTIONS + " AND updated >= ?", (since[1] or 0,)))
        for learner in came:
            _lessons(rows, tx.execute(LESSONS + " WHERE learner_id = ?", (learner,)))
            _sections(rows, tx.execute(SECTIONS + " AND learner_id = ?", (learner,)))
        ids = sorted((set(learners) | set(came)) & set(rows))
        if ids:
            _last_answers(rows, tx.execute(
                LAST_ANSWER + f" WHERE l.id IN ({', '.join('?' * len(ids))})", ids))
        _totals(rows, tx)
        self.rows = rows


def _lessons(rows, found) -> None:
    for learner, lesson, status, right, asked, updated in found:
        row = rows.get(int(learner))
        if row is not None:
            row.lessons[lesson] = LessonCell(status, right, asked, float(updated))
            row.seen(updated)


def _sections(rows, found) -> None:
    for learner, name, data, updated in found:
        row = rows.get(int(learner))
        if row is None:
            continue
        if name == "practice":
            row.skills = _skills(json_dict(data))
        else:
            row.exercises = _exercises(json_dict(data))
        row.seen(updated)


def _last_answers(rows, found) -> None:
    for learner, when in found:
        rows[int(learner)].seen(when)


def _totals(rows, tx) -> None:
    for learner, answered, right in tx.execute(TOTALS):
        row = rows.get(int(learner))
        if row is not None:
            row.answered, row.first_right = int(answered), int(right or 0)


def _newest(tx) -> tuple:
    return tuple(tx.execute("SELECT (SELECT MAX(updated) FROM lesson_states), "
                            "(SELECT MAX(updated) FROM sections)")[0])


SORTS = {
    "name": lambda r: (r.name.lower(), r.id),
    "progress": lambda r: (-r.done, -r.mastered, -r.passed, r.name.lower()),
    "first try": lambda r: (-(r.first_rate if r.first_rate is not None else -1),
                            r.name.lower()),
    "last seen": lambda r: (-(r.last_seen or 0), r.name.lower()),
}
