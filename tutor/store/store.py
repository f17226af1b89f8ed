"""The learner's store: where they stand (lessons, practice, build) and every answer they gave.

One class for both engines (SQLite, PostgreSQL).  Reads come from memory, refreshed
by every save; every change is one write transaction that re-reads what it changes,
so processes of one learner keep each other's work, and an answer's event is
written in the same transaction as the state it changes.

Never fatal: when a save fails (the database busy longer than LOCK_WAIT, a read-only
file, a full disk, a server gone), the change is kept in memory with a message
(``save_error``) and written, in order, by the next save that works; an event is
stored once however often it is retried.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import time

from tutor.store import location
from tutor.store.errors import StoreError
from tutor.store.legacy import COURSE_KEYS, read_legacy
from tutor.store.rows import (EVENT_COLUMNS, event_of, insert_events, json_dict, lesson_score,
                              lesson_status, merge_state, upsert_lesson, upsert_section)
from tutor.store.schema import NewerSchema
from tutor.store.sqlite_engine import unused_name

__all__ = ["Store", "LOCK_WAIT", "BUSY_RETRY_WAIT", "QUIT_WAIT"]

LOCK_WAIT = 2.0          # seconds a save waits for another process holding the database
BUSY_RETRY_WAIT = 0.1    # after a save found it busy, until one works: a learner never freezes
QUIT_WAIT = 8.0          # the last save, as the learner leaves: nobody waits on the screen,
                         # and what is not written now is lost (a class server allows 10 s)
VERSION = 1              # the shape of ``data`` (as the JSON store's file)
MIGRATED_SUFFIX = ".migrated"



class _Op:
    """One change: ``db(tx, learner_id)`` in a transaction, ``memory(data)`` when it fails."""

    def __init__(self, db, memory=None, reload=True, after=None):
        self.db, self.memory, self.reload, self.after = db, memory, reload, after


def _empty() -> dict:
    return {"version": VERSION, "lessons": {}, "last": None}


def make_engine(target: location.Target):
    if target.engine == "postgresql":
        from tutor.store.postgres_engine import PostgresEngine

        return PostgresEngine(target.url, target.where)
    from tutor.store.sqlite_engine import SqliteEngine

    return SqliteEngine(target.path)


class Store:
    """Per-lesson state, track sections, the last lesson opened, and answer events.

    Args:
        target: which store and learner (default: ``location.target()``).
        wait: seconds a save waits for another process before keeping the change in memory.
    """

    def __init__(self, target: location.Target | None = None, *, wait: float = LOCK_WAIT):
        self.target = target or location.target()
        self.learner = self.target.learner
        self.home = location.data_dir()          # the workspace and crash logs go here
        self.path = self.target.path             # the SQLite file (None for PostgreSQL)
        self.wait = wait
        self.warnings: list[str] = []
        self.save_error: str | None = None       # set while saving fails
        self.save_problem: str | None = None     # the same, short: "<where> (<reason>)"
        self.data = _empty()
        self.learner_id: int | None = None
        self._unsaved: list[_Op] = []
        self._busy = False
        self.engine = make_engine(self.target)
        try:
            self._open()
        except StoreError as e:
            self.warnings.append(f"Could not read your progress from {self.target.where} "
                                 f"({e.reason}); what you do now is kept until you quit.")
        self.warnings[:0] = self.engine.warnings
        if self.target.default:
            self._bring_in_json(self.home / location.JSON_NAME)

    def _open(self) -> None:
        try:
            self.engine.open(self.wait)
        except NewerSchema as e:
            self.engine.close()
            raise StoreError(f"it was made by a newer micrograd-tutor (schema {e.found}); "
                             "upgrade to use it") from None
        with self.engine.transaction(write=False, wait=self.wait) as tx:
            rows = tx.execute("SELECT id FROM learners WHERE name = ?", (self.learner,))
            if rows:
                self.learner_id = int(rows[0][0])
                self.data = self._load(tx)
                return
        with self.engine.transaction(write=True, wait=self.wait) as tx:
            tx.execute("INSERT INTO learners (name, created) VALUES (?, ?) "
                       "ON CONFLICT (name) DO NOTHING", (self.learner, time.time()))
            self.learner_id = int(tx.execute("SELECT id FROM learners WHERE name = ?",
                                             (self.learner,))[0][0])
            self.data = self._load(tx)

    @property
    def warning(self) -> str | None:
        """What to tell the learner on start (a line per matter), or None."""
        return "\n".join(self.warnings) or None

    # --- reading ------------------------------------------------------------------------------

    def lesson_state(self, lesson_id: str) -> dict | None:
        state = self.data["lessons"].get(lesson_id)
        return state if isinstance(state, dict) else None

    def status(self, lesson_id: str) -> str:
        """'done', 'in progress' or 'new'."""
        return lesson_status(self.lesson_state(lesson_id))

    def score(self, lesson_id: str) -> tuple[int, int] | None:
        """(right, asked): the best finished run of a done lesson, else the current one."""
        return lesson_score(self.lesson_state(lesson_id))

    def section(self, name: str) -> dict:
        """A track's own state (``"practice"``, ``"build"``): a copy; change it with
        ``update_section``.  A missing or damaged section reads as empty."""
        found = self.data.get(name)
        return copy.deepcopy(found) if isinstance(found, dict) else {}

    @property
    def last_lesson(self) -> str | None:
        last = self.data.get("last")
        return last if isinstance(last, str) else None

    def next_lesson(self, lesson_ids: list[str]) -> str:
        """Where to continue: the last lesson if unfinished, else the first not done."""
        if self.last_lesson in lesson_ids and self.status(self.last_lesson) == "in progress":
            return self.last_lesson
        start = lesson_ids.index(self.last_lesson) + 1 if self.last_lesson in lesson_ids else 0
        for lesson_id in lesson_ids[start:] + lesson_ids[:start]:
            if self.status(lesson_id) != "done":
                return lesson_id
        return lesson_ids[0]

    def events(self) -> list[dict]:
        """This learner's events, oldest first (those not saved yet are not among them)."""
        if self.learner_id is None:
            return []
        with self.engine.transaction(write=False, wait=self.wait) as tx:
            rows = tx.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events "
                              "WHERE learner_id = ? ORDER BY at, id", (self.learner_id,))
        return [event_of(row) for row in rows]

    # --- writing ------------------------------------------------------------------------------

    def set_lesson_state(self, lesson_id: str, state: dict | None, event: dict | None = None):
        """Record one lesson's state (None forgets it), with the answer's event if any."""

        def db(tx, learner):
            insert_events(tx, learner, [event] if event else [])
            if state is None:
                tx.execute("DELETE FROM lesson_states WHERE learner_id = ? AND lesson_id = ?",
                           (learner, lesson_id))
                return
            upsert_lesson(tx, learner, lesson_id, state)
            tx.execute("UPDATE learners SET last_lesson = ? WHERE id = ?", (lesson_id, learner))

        def memory(data):
            if state is None:
                data["lessons"].pop(lesson_id, None)
            else:
                data["lessons"][lesson_id] = copy.deepcopy(state)
                data["last"] = lesson_id

        self._apply(_Op(db, memory))

    def update_section(self, name: str, change, event: dict | None = None) -> None:
        """Change a track's section with ``change(section_dict)``, on the section as
        stored now (re-read in the transaction), and save at once."""
        if name in COURSE_KEYS:
            raise ValueError(f"{name!r} is not a track's section")

        def db(tx, learner):
            insert_events(tx, learner, [event] if event else [])
            rows = tx.execute("SELECT data FROM sections WHERE learner_id = ? AND name = ?",
                              (learner, name))
            section = json_dict(rows[0][0]) if rows else {}
            change(section)
            upsert_section(tx, learner, name, section)

        def memory(data):
            section = data.get(name)
            if not isinstance(section, dict):
                section = data[name] = {}
            change(section)

        self._apply(_Op(db, memory))

    def record(self, event: dict) -> None:
        """Store one answer's event (``events.make_event``) on its own."""
        self._apply(_Op(lambda tx, learner: insert_events(tx, learner, [event]),
                        reload=False))

    def reset(self, lesson_id: str | None = None) -> None:
        """Forget one lesson, or every lesson (the answers given stay recorded)."""
        if lesson_id is not None:
            self.set_lesson_state(lesson_id, None)
            return

        def db(tx, learner):
            tx.execute("DELETE FROM lesson_states WHERE learner_id = ?", (learner,))
            tx.execute("UPDATE learners SET last_lesson = NULL WHERE id = ?", (learner,))

        def memory(data):
            data["lessons"].clear()
            data["last"] = None

        self._apply(_Op(db, memory))

    def bring_in(self, data: dict, events: list[dict]) -> tuple[list[str], int]:
        """An export's state (where this learner has none of their own) and its events
        (each once), in one transaction; returns (what was kept as it was, how many
        events were new).  Raises StoreError when it cannot be saved."""
        kept: list[str] = []
        new = [0]

        def db(tx, learner):
            count = "SELECT COUNT(*) FROM events WHERE learner_id = ?"
            before = tx.execute(count, (learner,))[0][0]
            kept[:] = merge_state(tx, learner, data)
            insert_events(tx, learner, events)
            new[0] = tx.execute(count, (learner,))[0][0] - before

        self._apply(_Op(db))
        if self._unsaved:
            self._unsaved = []
            raise StoreError(self.save_problem or "it could not be saved")
        return kept, new[0]

    def flush(self, wait: float | None = None) -> bool:
        """Try once more to save what could not be saved (waiting ``wait`` seconds for a
        busy store: QUIT_WAIT on the way out); True when nothing is left."""
        if self._unsaved:
            self._apply(None, wait)
        return not self._unsaved

    def close(self) -> None:
        self.engine.close()

    def _apply(self, op: _Op | None, wait: float | None = None) -> None:
        pending = self._unsaved + ([op] if op else [])
        try:
            if self.learner_id is None:
                self._open()           # it could not be opened at the start: try again
            if wait is None:
                wait = BUSY_RETRY_WAIT if self._busy else self.wait
            with self.engine.transaction(write=True, wait=wait) as tx:
                lock = getattr(self.engine, "lock_learner", None)
                if lock:
                    lock(tx, self.learner_id)
                for each in pending:
                    each.db(tx, self.learner_id)
        except StoreError as e:
            if op is not None and op.memory is not None:
                op.memory(self.data)
            self._unsaved, self._busy = pending, e.busy
            self.save_problem = f"{self.target.where} ({e.reason})"
            self.save_error = (f"Could not save your progress to {self.save_problem}; "
                               "it is kept until you quit.")
            return
        self._unsaved, self._busy = [], False
        self.save_error = self.save_problem = None
        for each in pending:
            if each.after:
                each.after()
        if any(each.reload for each in pending):
            self._refresh(op)

    def _refresh(self, op: _Op | None) -> None:
        """Read back what is stored (another process's saves too), outside the write
        transaction, so that it holds the database only as long as it writes."""
        try:
            with self.engine.transaction(write=False, wait=self.wait) as tx:
                self.data = self._load(tx)
        except StoreError:              # saved, but not read back: memory follows the change
            if op is not None and op.memory is not None:
                op.memory(self.data)

    def _load(self, tx) -> dict:
        data = _empty()
        learner = self.learner_id
        for lesson_id, state in tx.execute(
                "SELECT lesson_id, state FROM lesson_states WHERE learner_id = ?", (learner,)):
            data["lessons"][lesson_id] = json_dict(state)
        rows = tx.execute("SELECT last_lesson FROM learners WHERE id = ?", (learner,))
        data["last"] = rows[0][0] if rows else None
        for name, section in tx.execute(
                "SELECT name, data FROM sections WHERE learner_id = ? ORDER BY name",
                (learner,)):
            data[name] = json_dict(section)
        return data

    # --- an earlier version's progress.json -------------------------------------------------

    def _bring_in_json(self, path) -> None:
        """Import progress.json once; it is kept beside as progress.json.migrated."""
        if not (os.path.lexists(path)):
            return
        from lessons.course import all_lessons

        data, messages = read_legacy(path, {lesson.id for lesson in all_lessons()})
        self.warnings += messages
        if data is None:
            return
        # one file is brought in once (even if renaming it failed); another one later
        # (an earlier version run again) is brought in too, the store's own state first
        source = f"{location.JSON_NAME}:{hashlib.sha1(repr(data).encode()).hexdigest()}"

        def db(tx, learner):
            if tx.execute("SELECT 1 FROM imports WHERE learner_id = ? AND source = ?",
                          (learner, source)):
                return                 # brought in before; only the renaming failed
            merge_state(tx, learner, data)
            tx.execute("INSERT INTO imports (learner_id, source, at) VALUES (?, ?, ?)",
                       (learner, source, time.time()))

        def memory(mem):
            for lesson_id, state in data["lessons"].items():
                mem["lessons"].setdefault(lesson_id, state)
            mem["last"] = mem["last"] or data.get("last")
            for name in data:
                if name not in COURSE_KEYS:
                    mem.setdefault(name, data[name])

        def after():       # kept as it was, beside: the README says where
            with contextlib.suppress(OSError):
                os.replace(path, unused_name(path.with_name(path.name + MIGRATED_SUFFIX)))

        self._apply(_Op(db, memory, after=after))
