"""The class's store engine: one PostgreSQL database (psycopg 3), chosen by a postgresql:// URL.

psycopg is imported here only, so only a PostgreSQL URL pays its import.  Writes of
one learner are serialised by locking that learner's row (``SELECT ... FOR UPDATE``),
so two processes of one learner each re-read and change their own part; learners never
wait for each other.  A lock is waited for at most ``wait`` seconds (``lock_timeout``),
a connection for at most CONNECT_TIMEOUT; a dropped connection is made again at the
next save.  Migrations run under an advisory lock, so ten first starts at once apply
each step once.
"""

from __future__ import annotations

import contextlib
import threading
import time

from tutor.store.errors import StoreError
from tutor.store.schema import LATEST, applied, migrate

__all__ = ["PostgresEngine", "CONNECT_TIMEOUT"]

CONNECT_TIMEOUT = 5            # seconds
STATEMENT_TIMEOUT_MS = 30_000  # no statement of ours runs anywhere near this
MIGRATION_LOCK = 0x6D677475    # "mgtu": the advisory lock key of migrations


class _Tx:
    def __init__(self, cursor):
        self.cursor = cursor

    def execute(self, sql: str, params=()) -> list[tuple]:
        self.cursor.execute(sql.replace("?", "%s"), params)
        return self.cursor.fetchall() if self.cursor.description else []

    def executemany(self, sql: str, rows) -> None:
        self.cursor.executemany(sql.replace("?", "%s"), rows)


class PostgresEngine:
    dialect = "postgresql"

    def __init__(self, url: str, where: str):
        self.url = url
        self.where = where
        self.warnings: list[str] = []
        self._conn = None
        self._lock = threading.RLock()

    def open(self, wait: float) -> None:
        self._connect()
        with self.transaction(write=True, wait=wait) as tx:
            tx.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
            exists = tx.execute("SELECT to_regclass('schema_migrations')")[0][0]
            if not exists or applied(tx) != LATEST:
                migrate(tx, self.dialect, time.time())

    def _connect(self) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError("a PostgreSQL store needs the driver: "
                             "pip install 'micrograd-tutor[postgres]'") from None
        try:
            self._conn = psycopg.connect(
                self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                application_name="micrograd-tutor",
                options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}")
        except psycopg.Error as e:
            raise StoreError(f"the database server could not be reached: {_first_line(e)}") \
                from None

    def lock_learner(self, tx, learner_id: int) -> None:
        """Serialise this learner's writes (another learner's go on)."""
        tx.execute("SELECT id FROM learners WHERE id = ? FOR UPDATE", (learner_id,))

    @contextlib.contextmanager
    def transaction(self, write: bool, wait: float):
        import psycopg

        with self._lock:
            if self._conn is None or self._conn.closed or self._conn.broken:
                self.close()
                self._connect()
            conn = self._conn
            try:
                with conn.transaction(), conn.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = {max(int(wait * 1000), 1)}")
                    yield _Tx(cursor)
            except psycopg.errors.LockNotAvailable:
                raise StoreError("another micrograd-tutor is holding your records",
                                 busy=True) from None
            except psycopg.errors.QueryCanceled:
                raise StoreError("the database server took too long", busy=True) from None
            except psycopg.errors.DiskFull:
                raise StoreError("the database server's disk is full") from None
            except psycopg.OperationalError as e:
                self.close()
                raise StoreError(f"the connection to the database server failed: "
                                 f"{_first_line(e)}") from None
            except psycopg.errors.InsufficientPrivilege:
                raise StoreError("the database does not let this user write") from None
            except psycopg.Error as e:
                raise StoreError(f"the database refused: {_first_line(e)}") from None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.close()
                self._conn = None


def _first_line(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__
