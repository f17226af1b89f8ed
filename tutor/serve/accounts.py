"""The class roster, kept in the class's store: learners and teachers, their one-time sign-in
codes and passwords (hashed), and the SSH public keys bound to them.

A person is added with a random one-time code, which the teacher hands over; the first sign-in
with it asks for a password (in the browser or over SSH), and the code is spent.  Over SSH the
first sign-in also binds the learner's (proven) public key, so later only the key is needed.  A
teacher can issue a new code at any time (a forgotten password, a lost laptop): it replaces the
password and unbinds every key.  Codes and passwords are kept only as scrypt hashes (the
standard library's ``hashlib.scrypt``, a fresh salt each), compared in constant time.

The roster lives in the store's tables ``people`` and ``keys`` (tutor/store/schema.py), in the
class folder's SQLite file by default or in a class's PostgreSQL database, so that every host
serving the class shares it; it goes through the store's engines and transactions.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from tutor.store.errors import StoreError

__all__ = ["Accounts", "Person", "NameError_", "NAME_RULE", "MIN_PASSWORD", "CLASS_STORE",
           "class_store_url", "check_name", "hash_secret", "secret_matches"]

NAME_RULE = re.compile(r"^[a-z][a-z0-9._-]{0,31}$")
MIN_PASSWORD = 8
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"     # no 0/o, 1/l/i: read aloud, typed
CODE_LENGTH = 10                                       # about 50 bits
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32}   # about 16 MB and tens of ms each
CLASS_STORE = "answers.sqlite3"    # the class's store in its folder, when no --db names one

PERSON = ("SELECT p.name, p.role, p.password_hash IS NOT NULL, p.code_hash IS NOT NULL, "
          "(SELECT COUNT(*) FROM keys k WHERE k.person = p.name) FROM people p ")


class NameError_(ValueError):
    """A name that cannot be a sign-in name; the message says why."""


@dataclass(frozen=True)
class Person:
    name: str
    role: str                     # "learner" or "teacher"
    has_password: bool
    has_code: bool
    keys: int = 0                 # SSH public keys bound

    @property
    def teacher(self) -> bool:
        return self.role == "teacher"

    @property
    def signs_in(self) -> str:
        """How they sign in, for ``class list``: "code pending", "password, 1 key", ..."""
        ways = (["code pending"] if self.has_code else []) + \
            (["password"] if self.has_password else []) + \
            ([f"{self.keys} key{'s' * (self.keys != 1)}"] if self.keys else [])
        return ", ".join(ways) or "no way in: give a new code with 'class code'"


def _person(row) -> Person:
    return Person(row[0], row[1], bool(row[2]), bool(row[3]), int(row[4]))


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


def class_store_url(folder: Path) -> str:
    """The class's own store when no --db names one: a SQLite file in the class folder."""
    return f"sqlite:///{Path(folder).resolve() / CLASS_STORE}"


def open_engine(url: str):
    """The store's engine for ``url``, opened and migrated; StoreError when it cannot be."""
    from tutor.store.location import parse
    from tutor.store.schema import NewerSchema
    from tutor.store.store import LOCK_WAIT, make_engine

    target = parse(url, None)
    engine = make_engine(target)
    try:
        engine.open(LOCK_WAIT)
    except NewerSchema as e:
        engine.close()
        raise StoreError(f"it was made by a newer micrograd-tutor (schema {e.found}); "
                         "upgrade to use it") from None
    except StoreError:
        engine.close()
        raise
    return target.where, engine


class Accounts:
    """The roster in the class's store at ``store_url``.  ``folder``: the class folder, whose
    earlier roster file (class.sqlite3) is brought in once.  Raises StoreError when the store
    cannot be opened; ``warnings`` says what was done on the way (a roster brought in)."""

    def __init__(self, store_url: str, folder: Path | None = None):
        from tutor.store.store import LOCK_WAIT

        self.url = store_url
        self.wait = LOCK_WAIT
        self.where, self.engine = open_engine(store_url)
        self.warnings: list[str] = list(self.engine.warnings)
        if folder is not None:
            from tutor.serve.roster_file import bring_in

            self.warnings += bring_in(self, Path(folder), NAME_RULE.match)

    def close(self) -> None:
        self.engine.close()

    def _tx(self, write: bool = False):
        return self.engine.transaction(write=write, wait=self.wait)

    def add(self, name: str, teacher: bool = False) -> str:
        """Add a person (or give one already there a new code); their one-time code."""
        name = check_name(name)
        code = new_code()
        hashed = hash_secret(code)
        with self._tx(write=True) as tx:
            tx.execute("INSERT INTO people (name, role, code_hash, password_hash, created) "
                       "VALUES (?, ?, ?, NULL, ?) ON CONFLICT (name) DO UPDATE SET "
                       "code_hash = excluded.code_hash, role = CASE WHEN excluded.role = "
                       "'teacher' THEN 'teacher' ELSE people.role END",
                       (name, "teacher" if teacher else "learner", hashed, time.time()))
        return code

    def take(self, rows: list[tuple]) -> int:
        """People as another roster had them, (name, role, code_hash, password_hash,
        created) each, where this roster has no one of that name; how many were new."""
        with self._tx(write=True) as tx:
            before = tx.execute("SELECT COUNT(*) FROM people")[0][0]
            for row in rows:
                tx.execute("INSERT INTO people (name, role, code_hash, password_hash, created)"
                           " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING", row)
            return tx.execute("SELECT COUNT(*) FROM people")[0][0] - before

    def new_code(self, name: str) -> str:
        """A new one-time code for someone on the roster: their password stops working and
        their SSH keys are unbound (a forgotten password, a lost laptop)."""
        name = check_name(name)
        code = new_code()
        hashed = hash_secret(code)
        with self._tx(write=True) as tx:
            if not tx.execute("SELECT 1 FROM people WHERE name = ?", (name,)):
                raise KeyError(name)
            tx.execute("UPDATE people SET code_hash = ?, password_hash = NULL "
                       "WHERE name = ?", (hashed, name))
            tx.execute("DELETE FROM keys WHERE person = ?", (name,))
        return code

    def remove(self, name: str) -> bool:
        name = name.strip().lower()
        with self._tx(write=True) as tx:
            if not tx.execute("SELECT 1 FROM people WHERE name = ?", (name,)):
                return False
            tx.execute("DELETE FROM keys WHERE person = ?", (name,))
            tx.execute("DELETE FROM people WHERE name = ?", (name,))
        return True

    def find(self, name: str) -> Person | None:
        with self._tx() as tx:
            rows = tx.execute(PERSON + "WHERE p.name = ?", (name.strip().lower(),))
        return _person(rows[0]) if rows else None

    def everyone(self) -> list[Person]:
        with self._tx() as tx:
            rows = tx.execute(PERSON + "ORDER BY p.role DESC, p.name")
        return [_person(row) for row in rows]

    def sign_in(self, name: str, secret: str) -> tuple[Person | None, bool]:
        """(the person, whether they signed in with their one-time code), or (None, False).

        A wrong name costs as much time as a wrong secret: no one learns who is on the
        roster by timing it."""
        with self._tx() as tx:
            rows = tx.execute("SELECT code_hash, password_hash FROM people WHERE name = ?",
                              (name.strip().lower(),))
        if not rows:
            secret_matches(secret, _DUMMY)
            return None, False
        code_hash, password_hash = rows[0]
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
        with self._tx(write=True) as tx:
            tx.execute("UPDATE people SET password_hash = ?, code_hash = NULL "
                       "WHERE name = ?", (hashed, check_name(name)))

    # --- SSH keys ------------------------------------------------------------------------

    def key_fingerprints(self, name: str) -> set[str]:
        """The fingerprints (SHA256:...) of the keys bound to ``name``."""
        with self._tx() as tx:
            rows = tx.execute("SELECT fingerprint FROM keys WHERE person = ?",
                              (name.strip().lower(),))
        return {row[0] for row in rows}

    def bind_key(self, name: str, fingerprint: str, openssh: str, spend_code: bool) -> bool:
        """Bind a public key (proven by its signature) to someone on the roster; with
        ``spend_code`` (they proved who they are with their one-time code) the code is spent
        in the same transaction.  False when they are no longer on the roster."""
        name = check_name(name)
        with self._tx(write=True) as tx:
            if not tx.execute("SELECT 1 FROM people WHERE name = ?", (name,)):
                return False
            tx.execute("INSERT INTO keys (person, fingerprint, openssh, added) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (person, fingerprint) DO NOTHING",
                       (name, fingerprint, openssh, time.time()))
            if spend_code:
                tx.execute("UPDATE people SET code_hash = NULL WHERE name = ?", (name,))
        return True


_DUMMY = hash_secret(secrets.token_hex(8))
