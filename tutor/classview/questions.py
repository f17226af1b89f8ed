"""Per question: how many met it, right at the first try, hints, median time, and discrimination.

Read from the cache's ``cv_first`` (a row per learner and question), by SQL aggregates:

- **answered**: learners who met the question; **right at first try**: those whose first
  try (the first answer or reveal they ever gave to it) was right;
- **hints**: the mean, over those learners, of the most hints they took at one meeting;
- **median seconds**: the median, over those learners, of the seconds from the question
  shown to their first try (an even count: the mean of the two middle ones);
- **discrimination**: the point-biserial correlation between right-at-first-try on this
  question (x, 0 or 1) and the learner's rate of right-at-first-try on all their *other*
  questions (s, the rest score), over the learners who met it and at least one other:

      r = (n Sxs - Sx Ss) / sqrt((n Sx - Sx**2) (n Sss - Ss**2))      (Sx = sum of x, ...)

  None below MIN_LEARNERS learners or when x or s does not vary.  Near 0: the question
  does not tell strong learners from weak ones; negative: strong learners miss it more
  than weak ones (look at its wording).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tutor.classview import catalogue

__all__ = ["QuestionStats", "QuestionBoard", "point_biserial", "MIN_LEARNERS"]

MIN_LEARNERS = 5          # fewer learners than this: no discrimination

# one pass: the counts, and the sums the discrimination is computed from (s: the rest
# score, NULL for a learner who met no other question)
REST = ("CASE WHEN t.answered > 1 THEN CAST(t.first_right - f.first_right AS DOUBLE PRECISION)"
        " / (t.answered - 1) END")
STATS = f"""
SELECT track, subject, item, COUNT(*), SUM(x), SUM(tries), SUM(rights), SUM(hints),
       SUM(CASE WHEN hints > 0 THEN 1 ELSE 0 END), COUNT(tenths),
       COUNT(s), SUM(CASE WHEN s IS NULL THEN 0 ELSE x END), SUM(s), SUM(s * s), SUM(x * s)
FROM (SELECT f.track, f.subject, f.item, f.first_right AS x, f.tries, f.rights, f.hints,
             f.first_tenths AS tenths, {REST} AS s
      FROM cv_first f JOIN cv_total t ON t.learner_id = f.learner_id WHERE {{where}}) AS q
GROUP BY track, subject, item"""
MIDDLE = """SELECT first_tenths FROM cv_first
            WHERE track = ? AND subject = ? AND item = ? AND first_tenths IS NOT NULL
            ORDER BY first_tenths LIMIT ? OFFSET ?"""


@dataclass
class QuestionStats:
    track: str
    subject: str
    item: str
    learners: int = 0              # who met it
    first_right: int = 0           # right at their first try
    tries: int = 0                 # every answer and reveal
    rights: int = 0
    hints: float = 0.0             # mean of each learner's most hints at one meeting
    hinted: int = 0                # learners who took a hint
    median_seconds: float | None = None
    discrimination: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.track, self.subject, self.item

    @property
    def first_rate(self) -> float:
        """The share right at the first try (0 to 1): lower is harder."""
        return self.first_right / self.learners if self.learners else 0.0

    @property
    def label(self) -> str:
        return catalogue.question_label(*self.key)[0]

    @property
    def prompt(self) -> str:
        return catalogue.question_label(*self.key)[1]


def point_biserial(n: int, sx: float, ss: float, sss: float, sxs: float) -> float | None:
    """r of a 0/1 variable x and a number s from their sums (Sx = Sxx for 0/1)."""
    if n < MIN_LEARNERS:
        return None
    vx, vs = n * sx - sx * sx, n * sss - ss * ss
    if vx <= 1e-9 or vs <= 1e-9 * max(1.0, n * sss):
        return None
    return max(-1.0, min(1.0, (n * sxs - sx * ss) / math.sqrt(vx * vs)))


class QuestionBoard:
    """Every question's figures; ``load`` recomputes the counts and discrimination of all
    (cheap: a few hundred rows of cv_first per question) and the medians of the questions
    with new answers (each a range of an index)."""

    def __init__(self):
        self.stats: dict[tuple[str, str, str], QuestionStats] = {}
        self._medians: dict[tuple[str, str, str], tuple[int, float | None]] = {}

    def load(self, tx, changed=None, totals: bool = True) -> None:
        """``changed``: the questions with new answers, or None for all; ``totals``: some
        learner's totals changed, so every question's discrimination did (else only the
        changed questions are read again)."""
        if changed is None or totals:
            stats, rows = {}, tx.execute(STATS.format(where="true"))
        elif changed:
            keys = sorted(changed)
            stats = dict(self.stats)
            rows = tx.execute(STATS.format(
                where="(f.track, f.subject, f.item) IN (VALUES "
                      + ", ".join(["(?, ?, ?)"] * len(keys)) + ")"),
                [part for key in keys for part in key])
        else:
            return
        for (track, subject, item, n, right, tries, rights, hints, hinted, timed,
             n2, sx, ss, sss, sxs) in rows:
            q = QuestionStats(track, subject, item, int(n), int(right or 0), int(tries or 0),
                              int(rights or 0), float(hints or 0) / int(n), int(hinted or 0))
            known = self._medians.get(q.key)
            if changed is None or q.key in changed or known is None or known[0] != timed:
                known = self._medians[q.key] = (int(timed), self._median(tx, q.key, int(timed)))
            q.median_seconds = known[1]
            q.discrimination = point_biserial(int(n2), float(sx or 0), float(ss or 0),
                                              float(sss or 0), float(sxs or 0))
            stats[q.key] = q
        self.stats = stats

    @staticmethod
    def _median(tx, key, timed: int) -> float | None:
        if not timed:
            return None
        middle = tx.execute(MIDDLE, (*key, 2 - timed % 2, (timed - 1) // 2))
        values = [int(row[0]) / 10 for row in middle]
        return sum(values) / len(values) if values else None

    def ordered(self, key: str = "hardest") -> list[QuestionStats]:
        """The questions in the order a teacher asks for (see SORTS)."""
        rows = list(self.stats.values())
        return sorted(rows, key=SORTS.get(key, SORTS["hardest"]))


def _course_order(q: QuestionStats):
    lessons = {lesson: n for n, (lesson, _) in enumerate(catalogue.lessons())}
    asked = catalogue.course_questions().get(q.item)
    return (("course", "practice", "worksheet").index(q.track)
            if q.track in ("course", "practice", "worksheet") else 9,
            lessons.get(q.subject, 99), asked.number if asked else 0, q.subject, q.item)


SORTS = {
    # (met by fewer than MIN_LEARNERS: after the others, their share says little)
    "hardest": lambda q: (q.learners < MIN_LEARNERS, q.first_rate, -q.learners, q.key),
    "course": _course_order,
    "discrimination": lambda q: (q.discrimination if q.discrimination is not None else 9,
                                 q.key),
    "slowest": lambda q: (-(q.median_seconds or 0), q.key),
    "answered": lambda q: (-q.learners, q.key),
}
