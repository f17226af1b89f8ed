"""Store failures for the tests: saves that fail as SQLite fails on a full disk, a read-only
file or a database held by another process."""

from __future__ import annotations

import contextlib
import sqlite3
import threading

from tutor.store import sqlite_engine

SQLITE_ERRORS = {
    "full": "database or disk is full",
    "readonly": "attempt to write a readonly database",
    "locked": "database is locked",
}


def failing_saves(monkeypatch, kind: str = "full"):
    """Every write transaction of the SQLite store fails as SQLite reports ``kind``
    (the reading goes on).  Returns a function that makes saves work again."""
    real = sqlite_engine.SqliteEngine.transaction

    @contextlib.contextmanager
    def transaction(self, write, wait):
        if write:
            raise sqlite_engine._translate(sqlite3.OperationalError(SQLITE_ERRORS[kind]))
        with real(self, write, wait) as tx:
            yield tx

    monkeypatch.setattr(sqlite_engine.SqliteEngine, "transaction", transaction)
    return lambda: setattr(sqlite_engine.SqliteEngine, "transaction", real)


def saved_data(home) -> dict:
    """What the learner's store in home holds, as another process reads it:
    {"lessons": ..., "last": ..., "practice": ..., ...}."""
    from tutor.store.location import FILE_NAME, Target, os_user
    from tutor.store.store import Store

    store = Store(Target("sqlite", path=home / FILE_NAME, learner=os_user()))
    try:
        return store.data
    finally:
        store.close()


def returns(action) -> bool:
    """Did action return?  (A guard against blocking for ever, not a measure of speed.)"""
    done = threading.Event()
    thread = threading.Thread(target=lambda: (action(), done.set()), daemon=True)
    thread.start()
    thread.join(timeout=60)
    return done.is_set()
