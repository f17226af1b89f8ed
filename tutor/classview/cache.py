"""The view's running counts: temporary tables of its own connection, filled once, then by each new answer.

Two tables, built at the start from every stored answer by one aggregate over an
index each (``events_by_question``, ``events_by_mistake``: schema step 2), then
brought up to date by the answers stored since (their ids), so that a refresh reads
the new answers only:

- ``cv_first``: one row per learner and question: their first try (right or not,
  its seconds), their tries and right tries, the most hints they took at one meeting;
- ``cv_mistake``: one row per question and diagnosed kind: how often, and the id of
  the latest such answer (its text is the example).

The first try is the try with the lowest id.  It is found without reading the
events back: ``MIN(id * 2**21 + right * 2**20 + tenths of seconds)`` keeps the
first try's fields in the low bits of its id (seconds to 29 hours; unknown is the
top value).  Every column merges by a minimum, maximum or sum, so the counts do not
depend on the order the answers arrive in.

On PostgreSQL an id is taken when a learner's transaction starts and seen when it
commits, so a later id can be seen first: ids missing among the last HOLE_SPAN seen
are kept as holes and read when they appear (for HOLE_SECONDS; after that a missing
id was a rolled-back save).  Each reading is one snapshot (REPEATABLE READ), so an
answer is counted once.  The temporary tables go with the connection: after a lost
connection the caller builds them again (``Cache.build``).
"""

from __future__ import annotations

import contextlib
import time

__all__ = ["Cache", "Changes", "reading", "HOLE_SPAN", "HOLE_SECONDS", "UNKNOWN_TENTHS"]

HOLE_SPAN = 1000          # the ids before the newest seen, checked for late ones
HOLE_SECONDS = 300.0      # a missing id is waited for this long
WAIT = 5.0                # seconds a reading waits for a lock (it takes none on SQLite)
UNKNOWN_TENTHS = 1048575  # the packed seconds of a try whose time was not recorded
QUESTIONS = "kind IN ('answer', 'reveal') AND track <> 'test'"

_TABLES = {
    "cv_first": """CREATE TEMP TABLE cv_first (
        track TEXT NOT NULL, subject TEXT NOT NULL, item TEXT NOT NULL,
        learner_id BIGINT NOT NULL,
        first_pack BIGINT NOT NULL,      -- the first try: id * 2**21 + right * 2**20 + tenths
        first_right INTEGER NOT NULL,    -- 1 when the first try was right
        first_tenths BIGINT,             -- its seconds, in tenths (NULL: not recorded)
        tries INTEGER NOT NULL,
        rights INTEGER NOT NULL,
        hints INTEGER NOT NULL)          -- the most hints taken at one meeting""",
    "cv_mistake": """CREATE TEMP TABLE cv_mistake (
        track TEXT NOT NULL, subject TEXT NOT NULL, item TEXT NOT NULL,
        mistake TEXT NOT NULL, n INTEGER NOT NULL, last_id BIGINT NOT NULL)""",
    "cv_total": """CREATE TEMP TABLE cv_total (
        learner_id BIGINT PRIMARY KEY, answered INTEGER NOT NULL, first_right INTEGER NOT NULL)""",
}
# made after the first filling (an index filled at once is quicker than row by row);
# the unique ones are what a new answer's upsert merges on
_INDEXES = (
    "CREATE UNIQUE INDEX {temp}cv_first_key ON cv_first (track, subject, item, learner_id)",
    "CREATE UNIQUE INDEX {temp}cv_mistake_key ON cv_mistake (track, subject, item, mistake)",
)

_PACK = ("MIN(id * 2097152 + CASE WHEN correct THEN 1048576 ELSE 0 END + CASE "
         "WHEN seconds IS NULL THEN 1048575 WHEN seconds >= 104857.4 THEN 1048574 "
         "ELSE CAST(ROUND(seconds * 10) AS BIGINT) END)")
_NEWER = "excluded.first_pack < cv_first.first_pack"

FIRST_UPSERT = f"""
INSERT INTO cv_first (track, subject, item, learner_id, first_pack, first_right, first_tenths,
                      tries, rights, hints)
SELECT track, subject, item, learner_id, p, p / 1048576 - (p / 2097152) * 2,
       CASE WHEN p - (p / 1048576) * 1048576 = 1048575 THEN NULL
            ELSE p - (p / 1048576) * 1048576 END,
       n, r, h
FROM (SELECT track, subject, item, learner_id, {_PACK} AS p, COUNT(*) AS n,
             SUM(CASE WHEN correct THEN 1 ELSE 0 END) AS r, MAX(hints) AS h
      FROM events WHERE {QUESTIONS} AND ({{where}})
      GROUP BY track, subject, item, learner_id) AS g
WHERE true
ON CONFLICT (track, subject, item, learner_id) DO UPDATE SET
    first_right = CASE WHEN {_NEWER} THEN excluded.first_right ELSE cv_first.first_right END,
    first_tenths = CASE WHEN {_NEWER} THEN excluded.first_tenths ELSE cv_first.first_tenths END,
    first_pack = CASE WHEN {_NEWER} THEN excluded.first_pack ELSE cv_first.first_pack END,
    tries = cv_first.tries + excluded.tries,
    rights = cv_first.rights + excluded.rights,
    hints = CASE WHEN excluded.hints > cv_first.hints THEN excluded.hints ELSE cv_first.hints END
"""

MISTAKE_UPSERT = """
INSERT INTO cv_mistake (track, subject, item, mistake, n, last_id)
SELECT track, subject, item, mistake, n, last_id
FROM (SELECT track, subject, item, mistake, COUNT(*) AS n, MAX(id) AS last_id
      FROM events WHERE mistake IS NOT NULL AND track <> 'test' AND ({where})
      GROUP BY track, subject, item, mistake) AS g
WHERE true
ON CONFLICT (track, subject, item, mistake) DO UPDATE SET
    n = cv_mistake.n + excluded.n,
    last_id = CASE WHEN excluded.last_id > cv_mistake.last_id THEN excluded.last_id
                   ELSE cv_mistake.last_id END
"""

TOTALS = ("INSERT INTO cv_total (learner_id, answered, first_right) "
          "SELECT learner_id, COUNT(*), SUM(first_right) FROM cv_first GROUP BY learner_id")


@contextlib.contextmanager
def reading(engine):
    """A read transaction of the view: one snapshot (REPEATABLE READ on PostgreSQL, where
    JIT compiling would cost more than these queries take; SQLite's reads are snapshots)."""
    with engine.transaction(write=False, wait=WAIT) as tx:
        if engine.dialect == "postgresql":
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            tx.execute("SET LOCAL jit = off")
        yield tx


class Changes:
    """What a refresh brought: the questions and learners with new answers."""

    def __init__(self, questions=(), learners=(), rebuilt: bool = False, totals: bool = False):
        self.questions: set[tuple[str, str, str]] = set(questions)
        self.learners: set[int] = set(learners)
        self.rebuilt = rebuilt
        self.totals = rebuilt or totals       # a learner's totals changed (cv_total)

    def __bool__(self) -> bool:
        return self.rebuilt or bool(self.questions or self.learners)


class Cache:
    """The temporary tables and the newest event id they hold.  ``clock``: for holes' age."""

    def __init__(self, dialect: str, clock=time.monotonic):
        self.dialect = dialect
        self.clock = clock
        self.last_id = 0
        self.holes: dict[int, float] = {}     # id -> when it was first missed
        self.built = False

    def build(self, tx) -> Changes:
        """Drop and fill the tables from every answer stored (in ``tx``, a ``reading``)."""
        temp = "" if self.dialect == "postgresql" else "temp."
        for name in _TABLES:
            tx.execute(f"DROP TABLE IF EXISTS {temp}{name}")
        for statement in _TABLES.values():
            tx.execute(statement)
        self.last_id, self.holes, self.built = 0, {}, True
        newest = self._newest(tx)          # the snapshot holds no later one
        for upsert in (FIRST_UPSERT, MISTAKE_UPSERT):     # one pass over an index each
            tx.execute(upsert.format(where="true").split("ON CONFLICT")[0])
        for statement in _INDEXES:
            tx.execute(statement.format(temp=temp))
        tx.execute(TOTALS)
        self._find_holes(tx, max(newest - HOLE_SPAN, 0), newest)
        self.last_id = newest
        return Changes(rebuilt=True)

    def update(self, tx) -> Changes:
        """Bring in the answers stored since the last build or update."""
        newest = self._newest(tx)
        if newest <= self.last_id and not self.holes:
            return Changes()
        return self._bring_in(tx, max(newest, self.last_id))

    def _newest(self, tx) -> int:
        return int(tx.execute("SELECT MAX(id) FROM events")[0][0] or 0)

    def _bring_in(self, tx, newest: int) -> Changes:
        holes = sorted(self.holes)
        found = {row[0] for row in tx.execute(
            f"SELECT id FROM events WHERE id IN ({', '.join('?' * len(holes))})", holes)} \
            if holes else set()
        where = "(id > ? AND id <= ?)" + (f" OR id IN ({', '.join('?' * len(found))})"
                                          if found else "")
        params = (self.last_id, newest, *sorted(found))
        touched = tx.execute("SELECT DISTINCT track, subject, item, learner_id FROM events "
                             f"WHERE {where}", params)
        totals = False
        if touched:
            pairs = "SELECT COUNT(*) FROM cv_first"
            before = tx.execute(pairs)[0][0]
            tx.execute(FIRST_UPSERT.format(where=where), params)
            tx.execute(MISTAKE_UPSERT.format(where=where), params)
            # a learner's totals change with a question met for the first time, or with
            # an answer older than their first try so far (one that came in late)
            totals = bool(found) or tx.execute(pairs)[0][0] != before
            if totals:
                tx.execute("DELETE FROM cv_total")
                tx.execute(TOTALS)
        if holes:
            now = self.clock()
            self.holes = {i: t for i, t in self.holes.items()
                          if i not in found and now - t < HOLE_SECONDS}
        self._find_holes(tx, max(self.last_id, newest - HOLE_SPAN), newest)
        self.last_id = max(self.last_id, newest)
        return Changes({(t, s, i) for t, s, i, _ in touched}, {row[3] for row in touched},
                       totals=totals)

    def _find_holes(self, tx, start: int, newest: int) -> None:
        """The ids in (start, newest] not stored (yet): a save not committed yet, or none."""
        if newest <= start:
            return
        present = {row[0] for row in tx.execute(
            "SELECT id FROM events WHERE id > ? AND id <= ?", (start, newest))}
        now = self.clock()
        for missing in set(range(start + 1, newest + 1)) - present:
            self.holes.setdefault(missing, now)
