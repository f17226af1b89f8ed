"""Everything the teacher's view shows, read from a whole store and kept up to date by a cheap poll.

    board = Board(engine)            # an opened engine (tutor.store's), all learners
    board.load()                     # every panel: the grid, questions, mistakes, stuck
    if board.poll():                 # anything new?  (a few MAX() and COUNT() reads)
        ...                          # yes: the panels were brought up to date

``poll`` reads the newest event id and the newest saved step; when one moved, the
cache takes in the new answers only (``tutor.classview.cache``) and each panel is
recomputed from it; the panels that depend on the clock (the last minutes, who is
stuck) are recomputed at least every CLOCK_SECONDS.  A store that cannot be read (a
server gone) leaves the panels as they were and sets ``problem``; the next poll
that works builds the cache again.

The learning gain (pre and post test per skill, tutor/concepttest) is read again, by
one aggregate query, whenever new answers came in.
"""

from __future__ import annotations

import time

from tutor.classview.cache import Cache, Changes, reading
from tutor.classview.grid import Grid, LearnerRow
from tutor.classview.mistakes import (Mistake, Recent, mistakes_of_class, mistakes_per_question,
                                      recent_mistakes)
from tutor.classview.questions import QuestionBoard
from tutor.classview.stuck import Rules, Stuck, stuck_learners
from tutor.concepttest.gain import class_gain, read_counts
from tutor.store.errors import StoreError

__all__ = ["Board", "CLOCK_SECONDS", "ANSWERS_SHOWN"]

CLOCK_SECONDS = 30.0      # the last minutes and who is stuck, recomputed at least this often
ANSWERS_SHOWN = 500       # a learner's latest answers, on their page

POLL = ("SELECT (SELECT MAX(id) FROM events), (SELECT MAX(updated) FROM lesson_states), "
        "(SELECT COUNT(*) FROM lesson_states), (SELECT MAX(updated) FROM sections), "
        "(SELECT COUNT(*) FROM learners)")
ANSWERS = ("SELECT id, at, track, kind, subject, item, answer, correct, mistake, hints, "
           "seconds FROM events WHERE learner_id = ? ORDER BY id DESC LIMIT ?")


class Board:
    """The panels of one store.  ``now``: the clock (tests pass their own)."""

    def __init__(self, engine, *, now=time.time, rules: Rules = Rules()):
        self.engine = engine
        self.now = now
        self.rules = rules
        self.cache = Cache(engine.dialect)
        self.grid = Grid()
        self.questions = QuestionBoard()
        self.per_question: list[Mistake] = []
        self.of_class: list[Mistake] = []
        self.recent: list[Recent] = []
        self.stuck: list[Stuck] = []
        self.gain = None           # tutor.concepttest.gain.ClassGain, once read
        self.problem: str | None = None     # why the last reading failed, or None
        self.version = 0           # counts the updates, for the screens to redraw
        self._mark = None
        self._clock_at = None

    # --- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Build the cache and every panel from the whole store."""
        self._read(lambda tx: self._load(tx, self.cache.build(tx)))

    def poll(self) -> bool:
        """Bring the panels up to date if anything was stored since; True if they changed."""
        if not self.cache.built:
            return self._read(lambda tx: self._load(tx, self.cache.build(tx)))
        now = self.now()
        return self._read(lambda tx: self._poll(tx, now))

    def answers(self, learner_id: int, limit: int = ANSWERS_SHOWN) -> list[dict]:
        """A learner's latest answers, the newest first."""
        keys = ("id", "at", "track", "kind", "subject", "item", "answer", "correct",
                "mistake", "hints", "seconds")
        with reading(self.engine) as tx:
            rows = tx.execute(ANSWERS, (learner_id, limit))
        return [dict(zip(keys, row)) for row in rows]

    @property
    def learners(self) -> dict[int, LearnerRow]:
        return self.grid.rows

    def names(self) -> dict[int, str]:
        return {i: row.name for i, row in self.learners.items()}

    # --- inside a reading -------------------------------------------------------------------

    def _read(self, action) -> bool:
        try:
            with reading(self.engine) as tx:
                changed = action(tx)
        except StoreError as e:
            self.cache.built = False            # temporary tables may be gone with it
            self.problem = e.reason
            return False
        self.problem = None
        return changed

    def _poll(self, tx, now: float) -> bool:
        mark = tuple(tx.execute(POLL)[0])
        changes = self.cache.update(tx) if mark != self._mark or self.cache.holes else None
        if not changes and mark == self._mark:   # (an answer may come in below the newest)
            if self._clock_at is not None and now - self._clock_at < CLOCK_SECONDS:
                return False
            self._clocked(tx, now)              # time moved: the last minutes, who is stuck
            return True
        return self._load(tx, changes, mark)

    def _load(self, tx, changes: Changes, mark=None) -> bool:
        before, self._mark = self._mark, mark if mark is not None else tuple(tx.execute(POLL)[0])
        if changes.rebuilt or before is None or self._mark[2] < before[2]:
            self.grid.load(tx)                  # (fewer lesson rows: a lesson was reset)
        else:
            self.grid.update(tx, changes.learners)
        if changes:
            self.questions.load(tx, None if changes.rebuilt else changes.questions,
                                changes.totals)
            self.per_question = mistakes_per_question(tx)
            self.of_class = mistakes_of_class(tx)
            self.gain = class_gain(read_counts(tx))
        self._clocked(tx, self.now())
        return True

    def _clocked(self, tx, now: float) -> None:
        self.recent = recent_mistakes(tx, now)
        self.stuck = stuck_learners(tx, now, self.names(), self.rules)
        self._clock_at = now
        self.version += 1

