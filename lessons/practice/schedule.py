"""Mastery, retries and spaced review: the rules, as functions of a state and a clock.

Per skill:

- **Levels.** Three right in a row without a hint (at the first try) masters the
  current level and moves on to the next; after the top level the skill is
  *mastered*.  A wrong try or a hint breaks the row.
- **A missed problem comes back** exactly as it was after ``RETRY_AFTER`` other
  drills (answering it right then does not count towards the row: the answer was
  shown).
- **A missed skill comes back after a day, then longer** (Leitner boxes): a miss,
  in practice or in a lesson, puts the skill in box 1, due a day later; each time
  it is answered right (first try, no hint) while due it moves up a box, due after
  the box's interval; right in the last box, it leaves the review queue.

Nothing here reads a clock or a file: ``now`` (seconds, like ``time.time()``) is
passed in, and the state is plain data, read back with ``PracticeState.from_data``,
which drops whatever does not make sense (a damaged file never stops a learner).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from lessons.practice.skills import SKILL_IDS, SKILLS, find_skill

__all__ = ["SkillState", "Retry", "PracticeState", "Result", "Choice", "DAY", "INTERVALS",
           "MASTERY_STREAK", "RETRY_AFTER", "record_drill", "record_course", "due_skills",
           "next_drill", "skill_status"]

DAY = 86400.0
INTERVALS = (1, 3, 7, 16, 35)       # days until the next review, by box (1 to 5)
MASTERY_STREAK = 3
RETRY_AFTER = 3
MAX_RETRIES = 20
WINDOW = 3                           # mixed practice interleaves the first few skills due


@dataclass
class SkillState:
    level: int = 1
    streak: int = 0                  # right in a row without hints, at this level
    mastered: bool = False
    box: int = 0                     # 0: not in review; 1..len(INTERVALS)
    due: float | None = None         # when the next review is due
    seen: int = 0
    right: int = 0

    @property
    def status(self) -> str:
        """'new', 'learning' or 'mastered'."""
        if self.mastered:
            return "mastered"
        return "learning" if self.seen or self.box else "new"


@dataclass
class Retry:
    """A missed drill, to be asked again as it was after ``after`` more drills."""

    skill: str
    level: int
    seed: int
    after: int = RETRY_AFTER


@dataclass
class PracticeState:
    skills: dict[str, SkillState] = field(default_factory=dict)
    retry: list[Retry] = field(default_factory=list)

    def skill(self, skill_id: str) -> SkillState:
        if skill_id not in self.skills:
            self.skills[skill_id] = SkillState()
        return self.skills[skill_id]

    def to_data(self) -> dict:
        return {"skills": {k: asdict(v) for k, v in self.skills.items()},
                "retry": [asdict(r) for r in self.retry]}

    @classmethod
    def from_data(cls, data) -> "PracticeState":
        """The state saved as ``to_data`` made it; anything damaged is left out."""
        state = cls()
        if not isinstance(data, dict):
            return state
        skills = data.get("skills")
        for skill_id, saved in (skills.items() if isinstance(skills, dict) else ()):
            if skill_id in SKILL_IDS and isinstance(saved, dict):
                state.skills[skill_id] = _skill_state(skill_id, saved)
        retry = data.get("retry")
        for saved in (retry if isinstance(retry, list) else [])[:MAX_RETRIES]:
            r = _retry(saved)
            if r is not None:
                state.retry.append(r)
        return state


def _int(value, low: int, high: int, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return default
    return int(min(max(value, low), high))


def _skill_state(skill_id: str, saved: dict) -> SkillState:
    top = find_skill(skill_id).top
    due = saved.get("due")
    due_ok = isinstance(due, (int, float)) and not isinstance(due, bool) and math.isfinite(due)
    return SkillState(level=_int(saved.get("level"), 1, top, 1),
                      streak=_int(saved.get("streak"), 0, MASTERY_STREAK - 1, 0),
                      mastered=saved.get("mastered") is True,
                      box=_int(saved.get("box"), 0, len(INTERVALS), 0) if due_ok else 0,
                      due=float(due) if due_ok else None,
                      seen=_int(saved.get("seen"), 0, 10**9, 0),
                      right=_int(saved.get("right"), 0, 10**9, 0))


def _retry(saved) -> Retry | None:
    if not isinstance(saved, dict) or saved.get("skill") not in SKILL_IDS:
        return None
    seed = saved.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int):
        return None
    skill = saved["skill"]
    return Retry(skill, _int(saved.get("level"), 1, find_skill(skill).top, 1), seed,
                 _int(saved.get("after"), 0, RETRY_AFTER, RETRY_AFTER))


@dataclass(frozen=True)
class Result:
    """How a question went: right or not, at which try, with how many hints."""

    correct: bool
    attempts: int = 1
    hints: int = 0

    @property
    def clean(self) -> bool:
        """Right at the first try and without a hint: it counts towards mastery."""
        return self.correct and self.attempts <= 1 and self.hints == 0

    @property
    def missed(self) -> bool:
        """Wrong at least once (or revealed): the skill comes back for review."""
        return not self.correct or self.attempts > 1


# --- recording ----------------------------------------------------------------------------


def _miss(s: SkillState, now: float) -> None:
    s.streak = 0
    s.box = 1
    s.due = now + INTERVALS[0] * DAY


def _reviewed(s: SkillState, now: float) -> bool:
    """A right answer while the skill is due moves it up a box; True if it was due."""
    if s.box and s.due is not None and s.due <= now:
        s.box += 1
        if s.box > len(INTERVALS):
            s.box, s.due = 0, None
        else:
            s.due = now + INTERVALS[s.box - 1] * DAY
        return True
    return False


def record_drill(state: PracticeState, skill_id: str, level: int, seed: int, result: Result,
                 now: float, again: bool = False) -> list[str]:
    """Record a practice drill; returns what to tell the learner (a level or skill mastered).

    ``again``: this was a missed problem asked again.
    """
    s = state.skill(skill_id)
    skill = find_skill(skill_id)
    s.seen += 1
    for r in state.retry:
        r.after = max(0, r.after - 1)
    state.retry = [r for r in state.retry
                   if not (r.skill == skill_id and r.level == level and r.seed == seed)]
    news: list[str] = []
    if result.missed:
        _miss(s, now)
        state.retry.append(Retry(skill_id, level, seed))
        state.retry = state.retry[-MAX_RETRIES:]
        return news
    if result.correct:
        s.right += 1
    if not result.clean:               # right, but with a hint: the row starts again
        s.streak = 0
        return news
    _reviewed(s, now)
    if again or level != s.level:
        return news
    s.streak += 1
    if s.streak >= MASTERY_STREAK:
        s.streak = 0
        if s.level < skill.top:
            s.level += 1
            news.append(f"Level {level} of {skill.title.lower()} mastered: three right in a "
                        f"row without hints. On to level {s.level}: "
                        f"{skill.levels[s.level - 1]}.")
        elif not s.mastered:
            s.mastered = True
            news.append(f"{skill.title} mastered: three right in a row without hints at "
                        "the top level.")
    return news


def record_course(state: PracticeState, skill_id: str, result: Result, now: float) -> None:
    """A course question of this skill: a miss schedules a review; a right answer while
    the skill is due counts as the review."""
    if skill_id not in SKILL_IDS:
        return
    s = state.skill(skill_id)
    s.seen += 1
    if result.correct:
        s.right += 1
    if result.missed:
        _miss(s, now)
    elif result.clean:
        _reviewed(s, now)


# --- choosing the next drill --------------------------------------------------------------


def due_skills(state: PracticeState, now: float) -> list[str]:
    """Skills whose review is due, the longest overdue first."""
    due = [(s.due, k) for k, s in state.skills.items()
           if s.box and s.due is not None and s.due <= now]
    return [k for _, k in sorted(due)]


@dataclass(frozen=True)
class Choice:
    skill: str
    level: int
    reason: str                      # "again", "review", "new", "learning", "extra"
    seed: int | None = None          # only for "again": the missed problem's seed


def next_drill(state: PracticeState, now: float, focus: str | None = None,
               recent: list[str] | tuple = ()) -> Choice | None:
    """What to practise next, or None when there is nothing left to do.

    In order: a missed problem whose turn has come; a skill due for review; then the
    focus skill, or (mixed practice) one of the first ``WINDOW`` skills not mastered,
    the one practised least recently, so that skills are interleaved.
    """
    for r in state.retry:
        if r.after <= 0 and (focus is None or r.skill == focus):
            return Choice(r.skill, r.level, "again", r.seed)
    due = [k for k in due_skills(state, now) if focus is None or k == focus]
    if due:
        fresh = [k for k in due if k not in recent[-1:]] or due
        k = fresh[0]
        return Choice(k, state.skill(k).level, "review")
    if focus is not None:
        s = state.skill(focus)
        return Choice(focus, s.level, "extra" if s.mastered else _reason(s))
    open_skills = [k for k in SKILL_IDS if not state.skill(k).mastered][:WINDOW]
    if not open_skills:
        return None

    def last_seen(k: str) -> int:
        return max((i for i, r in enumerate(recent) if r == k), default=-1)

    k = min(open_skills, key=lambda k: (last_seen(k), SKILL_IDS.index(k)))
    return Choice(k, state.skill(k).level, _reason(state.skill(k)))


def _reason(s: SkillState) -> str:
    return "learning" if s.seen else "new"


def skill_status(state: PracticeState, now: float) -> list[tuple[str, str, SkillState, str]]:
    """(id, title, state, review) for every skill, in course order; review is 'due now',
    'in N days' or ''."""
    rows = []
    for skill in SKILLS:
        s = state.skills.get(skill.id, SkillState())
        review = ""
        if s.box and s.due is not None:
            days = (s.due - now) / DAY
            review = "due now" if days <= 0 else \
                f"in {math.ceil(days)} day{'s' if math.ceil(days) != 1 else ''}"
        rows.append((skill.id, skill.title, s, review))
    return rows
