"""The default store engine: one SQLite file per user (the standard library's sqlite3).

- WAL mode, so readers never wait for a writer; every write is ``BEGIN IMMEDIATE`` (it
  takes the write lock first, so two processes never deadlock half-way) and waits for
  another writer at most ``wait`` seconds (the busy timeout); ``synchronous=FULL``, so
  a committed answer survives a crash of the process or of the machine.
- Foreign keys on.  The file is created 0600 (SQLite gives its -wal and -shm files
  the same mode) in a folder made 0700; a folder others can write is pointed out.
- Never opened through a symbolic link, nor when it is not a regular file (a FIFO
  planted there does not hang the start).
- A file that is not a SQLite database, is damaged (``PRAGMA quick_check``), or is a
  database of something else is moved aside (``progress.sqlite3.damaged-<time>``)
  with one message, and the learner starts with a fresh one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import sqlite3
import stat
import threading
import time
from pathlib import Path

from tutor.store.errors import StoreError
from tutor.store.schema import LATEST, NewerSchema, applied, migrate
from tutor.text import visible

__all__ = ["SqliteEngine", "unused_name", "read_regular_file"]

HEADER = b"SQLite format 3\x00"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class _Damaged(Exception):
    """The file is not ours to use: ``why`` says what it is."""


class _Tx:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, params=()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def executemany(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)


class SqliteEngine:
    """One SQLite file; ``open`` checks it, moves a bad one aside and migrates."""

    dialect = "sqlite"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.where = visible(str(self.path))
        self.warnings: list[str] = []
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()    # one connection, used from any thread

    # --- opening ---------------------------------------------------------------------------

    def open(self, wait: float) -> None:
        """Connect and bring the schema up to date.  Raises StoreError when the file
        cannot be used (it is then left as it is)."""
        self._warn_if_others_can_write()
        try:
            self._connect(wait)
        except _Damaged as damaged:
            self.close()
            aside = self._move_aside()
            self.warnings.append(f"Your progress database {damaged}; it was moved to "
                                 f"{visible(str(aside))} and you start fresh.")
            self._connect(wait)

    def _connect(self, wait: float) -> None:
        self._check_file()
        try:
            conn = sqlite3.connect(str(self.path), timeout=wait, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as e:
            raise _translate(e) from None
        self._conn = conn
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "schema_migrations" not in tables:
                raise _Damaged("is a database of another program")
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise _Damaged("was damaged")
            with contextlib.suppress(sqlite3.OperationalError):  # a read-only file stays
                conn.execute("PRAGMA journal_mode = WAL")        # as it is, and is read
            conn.execute("PRAGMA synchronous = FULL")
            if not tables or applied(_Tx(conn)) != LATEST:
                with self.transaction(write=True, wait=wait) as tx:
                    migrate(tx, self.dialect, time.time())
        except sqlite3.DatabaseError as e:
            if _is_damage(e):
                raise _Damaged("was damaged") from None
            self.close()
            raise _translate(e) from None
        except (NewerSchema, StoreError):
            self.close()
            raise

    def _check_file(self) -> None:
        """The file is a regular file reached without a symbolic link, or is created
        0600 now; raises _Damaged when it is not a SQLite database."""
        try:
            if self.path.is_symlink():
                raise StoreError("it is a symbolic link, which is not followed")
            try:
                head = read_regular_file(self.path, len(HEADER))
            except FileNotFoundError:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                with contextlib.suppress(FileExistsError):    # another process made it
                    os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                                     | _NOFOLLOW | _CLOEXEC, 0o600))
                return
        except OSError as e:
            raise StoreError(e.strerror or str(e)) from None
        if head and head != HEADER:
            raise _Damaged("is not a database")

    def _move_aside(self) -> Path:
        aside = unused_name(self.path.with_name(
            f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-journal"):       # kept with it: they belong to it
                with contextlib.suppress(FileNotFoundError):
                    os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}-shm")
        except OSError as e:
            raise StoreError(f"it is damaged and could not be moved aside: "
                             f"{e.strerror or e}") from None
        return aside

    def _warn_if_others_can_write(self) -> None:
        folder = self.path.parent
        try:
            mode = os.stat(folder).st_mode
        except OSError:
            return
        if mode & (stat.S_IWGRP | stat.S_IWOTH) and not mode & stat.S_ISVTX:
            shown = visible(str(folder))
            self.warnings.append(
                f"Your progress folder {shown} can be changed by other users "
                f"(mode {stat.S_IMODE(mode):o}), who could replace your progress; "
                f"'chmod 700 {shown}' makes it yours alone.")

    # --- using ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, write: bool, wait: float):
        """A transaction (``BEGIN IMMEDIATE`` to write), committed when the block ends;
        sqlite3 errors come out as StoreError."""
        with self._lock:
            if self._conn is None:
                self._connect(wait)
            conn = self._conn
            try:
                conn.execute(f"PRAGMA busy_timeout = {max(int(wait * 1000), 0)}")
                if write:
                    _begin_immediate(conn, wait)
                else:
                    conn.execute("BEGIN")
            except sqlite3.Error as e:
                raise _translate(e) from None
            try:
                yield _Tx(conn)
                conn.execute("COMMIT")
            except BaseException as e:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise _translate(e) from None
                raise

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None


def _begin_immediate(conn: sqlite3.Connection, wait: float) -> None:
    """BEGIN IMMEDIATE, waiting for another writer at most ``wait`` seconds.  Tried every
    millisecond or two (SQLite's own busy handler sleeps up to 100 ms between tries, so
    with many writers a waiting process keeps missing its turn); the busy timeout stays
    for the statements inside."""
    deadline = time.monotonic() + wait
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if not _is_busy(e) or time.monotonic() >= deadline:
                    raise
            time.sleep(random.uniform(0.0005, 0.002))
    finally:
        conn.execute(f"PRAGMA busy_timeout = {max(int(wait * 1000), 0)}")


def _is_busy(e: sqlite3.Error) -> bool:
    name = getattr(e, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(e)


def _is_damage(e: sqlite3.Error) -> bool:
    name = getattr(e, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or \
        "malformed" in str(e) or "not a database" in str(e)


def _translate(e: sqlite3.Error) -> StoreError:
    """A sqlite3 error as a reason a learner can act on."""
    name = getattr(e, "sqlite_errorname", "") or ""
    text = str(e)
    if _is_busy(e):
        return StoreError("another micrograd-tutor is holding the database", busy=True)
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StoreError("the file is read-only")
    if name.startswith("SQLITE_FULL") or "full" in text:
        return StoreError("the disk is full")
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError("the file cannot be opened")
    if _is_damage(e):
        return StoreError("the file is damaged; it is moved aside at the next start")
    if name.startswith("SQLITE_IOERR"):
        return StoreError("the disk could not be written")
    return StoreError(text)


def read_regular_file(path: Path, most: int = -1) -> bytes:
    """Up to ``most`` bytes of a regular file, never through a symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _NONBLOCK)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EMLINK) and Path(path).is_symlink():
            raise OSError(errno.ELOOP, "it is a symbolic link, which is not followed") from e
        raise
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        return f.read(most)


def unused_name(path: Path) -> Path:
    """path, or path.2, path.3, ... : the first that does not exist yet."""
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate
