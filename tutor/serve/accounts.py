"""The class roster: learners and teachers, their one-time sign-in codes and passwords, hashed.

A person is added with a random one-time code, which the teacher hands over; the first sign-in
with it asks for a password, and the code is spent.  A teacher can issue a new code at any
time (a forgotten password): it replaces the password.  Codes and passwords are kept only as
scrypt hashes (the standard library's ``hashlib.scrypt``, a fresh salt each), compared in
constant time.  The roster is an SQLite file in the class folder, written in WAL mode.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Accounts", "Person", "NameError_", "NAME_RULE", "MIN_PASSWORD"]

NAME_RULE = re.compile(r"^[a-z][a-z0-9._-]{0,31}$")
MIN_PASSWORD = 8
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"     # no 0/o, 1/l/i: read aloud, typed
CODE_LENGTH = 10                                       # about 50 bits
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32}   # about 16 MB and tens of ms each

SCHEMA = """
CREATE TABLE IF NOT EXISTS people (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('learner', 'teacher')),
    code_hash TEXT,
    password_hash TEXT,
    added REAL NOT NULL
);
"""


class NameError_(ValueError):
    """A name that cannot be a sign-in name; the message says why."""


@dataclass(frozen=True)
class Person:
    name: str
    role: str                     # "learner" or "teacher"
    has_password: bool
    has_code: bool

    @property
    def teacher(self) -> bool:
        return self.role == "teacher"


def hash_secret(secret: str) -> str:
    """'scrypt$n$r$p$salt$hash', all the parameters kept beside the hash."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, maxmem=64 * 2 ** 20, **SCRYPT)
    return "scrypt${n}${r}${p}${salt}${digest}".format(salt=salt.hex(), digest=digest.hex(),
                                                        **SCRYPT)


def secret_matches(secret: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n),
                             r=int(r), p=int(p), dklen=len(digest) // 2, maxmem=64 * 2 ** 20)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def check_name(name: str) -> str:
    """The name as stored (lower case), or NameError_ saying what a name may be."""
    cleaned = name.strip().lower()
    if not NAME_RULE.match(cleaned):
        raise NameError_(f"{name!r} cannot be a sign-in name: use 1 to 32 letters, digits, "
                         "'.', '-' or '_', starting with a letter (like ada or ada.l)")
    return cleaned


class Accounts:
    """The roster in ``path`` (an SQLite file, made with the folder if missing, 0600)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # used from the server's worker threads too (hashing is slow): one call at a time
        self.db = sqlite3.connect(self.path, timeout=5, isolation_level=None,
                                  check_same_thread=False)
        self.lock = threading.RLock()
        self.path.chmod(0o600)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def add(self, name: str, teacher: bool = False) -> str:
        """Add a person (or give one already there a new code); their one-time code."""
        name = check_name(name)
        code = new_code()
        role = "teacher" if teacher else "learner"
        hashed = hash_secret(code)
        with self._write():
            known = self.db.execute("SELECT role FROM people WHERE name = ?", (name,)).fetchone()
            if known is None:
                self.db.execute("INSERT INTO people VALUES (?, ?, ?, NULL, ?)",
                                (name, role, hashed, time.time()))
            else:
                self.db.execute("UPDATE people SET code_hash = ?, role = ? WHERE name = ?",
                                (hashed, role if teacher else known[0], name))
        return code

    def new_code(self, name: str) -> str:
        """A new one-time code for someone on the roster: their password stops working."""
        name = check_name(name)
        if self.find(name) is None:
            raise KeyError(name)
        code = new_code()
        hashed = hash_secret(code)
        with self._write():
            self.db.execute("UPDATE people SET code_hash = ?, password_hash = NULL "
                            "WHERE name = ?", (hashed, name))
        return code

    def remove(self, name: str) -> bool:
        with self._write():
            gone = self.db.execute("DELETE FROM people WHERE name = ?", (name.strip().lower(),))
        return gone.rowcount > 0

    def find(self, name: str) -> Person | None:
        with self.lock:
            row = self.db.execute("SELECT name, role, password_hash, code_hash FROM people "
                                  "WHERE name = ?", (name.strip().lower(),)).fetchone()
        return None if row is None else Person(row[0], row[1], bool(row[2]), bool(row[3]))

    def everyone(self) -> list[Person]:
        with self.lock:
            rows = self.db.execute("SELECT name, role, password_hash, code_hash FROM people "
                                   "ORDER BY role DESC, name").fetchall()
        return [Person(r[0], r[1], bool(r[2]), bool(r[3])) for r in rows]

    def sign_in(self, name: str, secret: str) -> tuple[Person | None, bool]:
        """(the person, whether they signed in with their one-time code), or (None, False).

        A wrong name costs as much time as a wrong secret: no one learns who is on the
        roster by timing it."""
        with self.lock:
            row = self.db.execute("SELECT code_hash, password_hash FROM people "
                                  "WHERE name = ?", (name.strip().lower(),)).fetchone()
        code_hash, password_hash = row if row else (None, None)
        if row is None:
            secret_matches(secret, _DUMMY)
            return None, False
        if secret_matches(secret, password_hash):
            return self.find(name), False
        if secret_matches(secret.strip().lower(), code_hash):
            return self.find(name), True
        return None, False

    def set_password(self, name: str, password: str) -> None:
        """The person's password from now on; their one-time code is spent."""
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
        hashed = hash_secret(password)
        with self._write():
            self.db.execute("UPDATE people SET password_hash = ?, code_hash = NULL "
                            "WHERE name = ?", (hashed, check_name(name)))

    def _write(self):
        return _Immediate(self)


class _Immediate:
    """BEGIN IMMEDIATE ... COMMIT (or ROLLBACK): one writer at a time, no lost update."""

    def __init__(self, accounts: Accounts):
        self.db, self.lock = accounts.db, accounts.lock

    def __enter__(self):
        self.lock.acquire()
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, tb):
        try:
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        finally:
            self.lock.release()
        return False


_DUMMY = hash_secret(secrets.token_hex(8))
