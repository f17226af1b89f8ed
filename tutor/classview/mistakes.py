"""The class's common mistakes: the diagnosed kinds per question and across the class, and those of the last minutes.

Every wrong answer the tutor could name is stored with its kind (``events.mistake``:
"missing-path", "wrong-local", ...; a build check's failing kind).  Counted from the
cache's ``cv_mistake`` (per question and kind), each with the latest such answer as
its example; the last minutes are read from the events themselves, through the index
on their time.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.classview import catalogue

__all__ = ["Mistake", "Recent", "mistakes_per_question", "mistakes_of_class", "recent_mistakes",
           "RECENT_MINUTES"]

RECENT_MINUTES = 10

PER_QUESTION = """SELECT m.track, m.subject, m.item, m.mistake, m.n, e.answer
                  FROM cv_mistake m JOIN events e ON e.id = m.last_id"""
OF_CLASS = """SELECT k.mistake, k.n, k.questions, e.answer, e.track, e.subject, e.item
              FROM (SELECT mistake, SUM(n) AS n, COUNT(*) AS questions, MAX(last_id) AS last_id
                    FROM cv_mistake GROUP BY mistake) AS k
              JOIN events e ON e.id = k.last_id"""
# the window first (MATERIALIZED: read through the index on the time, whatever the kind)
WINDOW = """WITH w AS MATERIALIZED (SELECT id, learner_id, track, subject, item, mistake
                                   FROM events WHERE at >= ?)"""
RECENT = WINDOW + """
    SELECT mistake, COUNT(*), COUNT(DISTINCT learner_id), MAX(id) FROM w
    WHERE mistake IS NOT NULL AND track <> 'test' GROUP BY mistake"""
RECENT_QUESTIONS = WINDOW + """
    SELECT mistake, track, subject, item, COUNT(*), MAX(id) FROM w
    WHERE mistake IS NOT NULL AND track <> 'test' GROUP BY mistake, track, subject, item"""

@dataclass
class Mistake:
    """A kind of mistake (on one question, or across the class) and how often."""

    kind: str
    count: int
    example: str | None           # the latest such answer, as typed
    track: str = ""               # the question (across the class: the example's)
    subject: str = ""
    item: str = ""
    questions: int = 1            # on how many questions (across the class)

    @property
    def name(self) -> str:
        return catalogue.mistake_name(self.kind)

    @property
    def question(self) -> str:
        return catalogue.question_label(self.track, self.subject, self.item)[0]


@dataclass
class Recent:
    """A kind made in the last minutes: how often, by how many learners, mostly where."""

    kind: str
    count: int
    learners: int
    example: str | None
    track: str
    subject: str
    item: str
    on_question: int              # how many of them on that question

    @property
    def name(self) -> str:
        return catalogue.mistake_name(self.kind)

    @property
    def question(self) -> str:
        return catalogue.question_label(self.track, self.subject, self.item)[0]

    @property
    def prompt(self) -> str:
        return catalogue.question_label(self.track, self.subject, self.item)[1]


def mistakes_per_question(tx) -> list[Mistake]:
    """Every question's kinds, most frequent first."""
    rows = [Mistake(kind, int(n), answer, track, subject, item)
            for track, subject, item, kind, n, answer in tx.execute(PER_QUESTION)]
    return sorted(rows, key=lambda m: (-m.count, m.track, m.subject, m.item, m.kind))


def mistakes_of_class(tx) -> list[Mistake]:
    """Each kind across the class, most frequent first."""
    rows = [Mistake(kind, int(n), answer, track, subject, item, int(questions))
            for kind, n, questions, answer, track, subject, item in tx.execute(OF_CLASS)]
    return sorted(rows, key=lambda m: (-m.count, m.kind))


def recent_mistakes(tx, now: float, minutes: float = RECENT_MINUTES) -> list[Recent]:
    """The kinds made since ``minutes`` before ``now``, most frequent first (ties: the
    latest first); each with the question most of them were on and the latest example."""
    since = now - minutes * 60
    kinds = sorted(tx.execute(RECENT, (since,)), key=lambda r: (-r[1], -r[3]))
    where: dict[str, tuple] = {}
    for kind, track, subject, item, count, last in tx.execute(RECENT_QUESTIONS, (since,)):
        if kind not in where or (count, last) > where[kind][3:]:
            where[kind] = (track, subject, item, count, last)
    found = []
    for kind, count, learners, last_id in kinds:
        track, subject, item, on_question, _ = where[kind]
        example = tx.execute("SELECT answer FROM events WHERE id = ?", (last_id,))
        found.append(Recent(kind, int(count), int(learners), example[0][0] if example else None,
                            track, subject, item, int(on_question)))
    return found
