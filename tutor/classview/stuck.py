"""Who is stuck: many wrong tries in a row on one question, or still answering with no right answer for a while.

Two rules, each read through the index on the events' time (only the last hour is
looked at, so the cost does not grow with the class's history):

- **wrong in a row**: TRIES (3) or more tries on one question since the learner's last
  right answer to it, all within the last WINDOW_MINUTES (60): answers that were not
  right, reveals and failed build checks (a build exercise counts as one question);
- **no progress**: the learner answered within the last MINUTES (10), and their last
  right answer (anywhere) is more than MINUTES old (if they never answered right: their
  first answer is).

A learner reading a lesson without answering is not stuck by these rules: the store
has no sign of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.classview import catalogue

__all__ = ["Rules", "Stuck", "stuck_learners"]


@dataclass(frozen=True)
class Rules:
    tries: int = 3                 # wrong tries in a row on one question
    minutes: float = 10.0          # no right answer for this long, while answering
    window_minutes: float = 60.0   # the tries in a row are counted over this window


@dataclass
class Stuck:
    learner_id: int
    name: str
    why: str                       # "tries" or "time"
    count: int                     # the wrong tries (since the last right one)
    since: float                   # tries: the first of them; time: the last right answer
    last: float                    # the latest try
    track: str = ""
    subject: str = ""
    item: str = ""

    @property
    def question(self) -> str:
        return catalogue.question_label(self.track, self.subject, self.item)[0] \
            if self.track else ""


_QUESTION = "CASE WHEN track = 'build' THEN '' ELSE item END"
IN_A_ROW = f"""
WITH recent AS (SELECT learner_id, track, subject, {_QUESTION} AS item, id, at, correct
                FROM events WHERE at >= ? AND track <> 'test'),
     last_right AS (SELECT learner_id, track, subject, item,
                           MAX(CASE WHEN correct THEN id END) AS right_id
                    FROM recent GROUP BY learner_id, track, subject, item)
SELECT r.learner_id, r.track, r.subject, r.item, COUNT(*), MIN(r.at), MAX(r.at)
FROM recent r JOIN last_right l
     ON l.learner_id = r.learner_id AND l.track = r.track AND l.subject = r.subject
        AND l.item = r.item
WHERE l.right_id IS NULL OR r.id > l.right_id
GROUP BY r.learner_id, r.track, r.subject, r.item
HAVING COUNT(*) >= ?"""
ANSWERING = """
SELECT a.learner_id, a.n, a.last_at,
       (SELECT MAX(r.at) FROM events r WHERE r.learner_id = a.learner_id AND r.correct),
       (SELECT MIN(f.at) FROM events f WHERE f.learner_id = a.learner_id)
FROM (SELECT learner_id, COUNT(*) AS n, MAX(at) AS last_at FROM events
      WHERE at >= ? AND track <> 'test' GROUP BY learner_id) AS a"""
LAST_TRIES = """SELECT track, subject, {question}, COUNT(*) FROM events
                WHERE learner_id = ? AND at {after} ? AND track <> 'test'
                GROUP BY track, subject, {question}"""


def stuck_learners(tx, now: float, names: dict[int, str], rules: Rules = Rules()) -> list[Stuck]:
    """Both rules' learners, the latest first; ``names``: learner id -> name."""
    found = []
    for learner, track, subject, item, n, first, last in tx.execute(
            IN_A_ROW, (now - rules.window_minutes * 60, rules.tries)):
        found.append(Stuck(learner, names.get(learner, "?"), "tries", int(n), first, last,
                           track, subject, item))
    for learner, n, last, last_right, first in tx.execute(ANSWERING,
                                                          (now - rules.minutes * 60,)):
        since = last_right if last_right is not None else first
        if since is None or since >= now - rules.minutes * 60:
            continue
        after = ">" if last_right is not None else ">="     # never right: from the first
        wrong = tx.execute(LAST_TRIES.format(question=_QUESTION, after=after), (learner, since))
        top = max(wrong, key=lambda r: r[3]) if wrong else ("", "", "", 0)
        found.append(Stuck(learner, names.get(learner, "?"), "time",
                           sum(int(r[3]) for r in wrong), since, last, *top[:3]))
    return sorted(found, key=lambda s: (-s.last, s.name, s.why))
