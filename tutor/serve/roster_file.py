"""An earlier version's roster, ``class.sqlite3`` in the class folder, brought into the class's
store once: its people (with their hashed codes and passwords) are added where the store has no
one of that name, and the file is kept beside as ``class.sqlite3.migrated``."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from tutor.store.errors import StoreError
from tutor.store.sqlite_engine import HEADER, read_regular_file, unused_name
from tutor.text import visible

__all__ = ["ROSTER_FILE", "bring_in", "read_roster"]

ROSTER_FILE = "class.sqlite3"
MIGRATED_SUFFIX = ".migrated"


def read_roster(path: Path, good_name) -> list[tuple]:
    """The people in an earlier roster file, as (name, role, code_hash, password_hash,
    created); rows that are not a person's (``good_name(name)`` false, say) are left out.
    Raises OSError or sqlite3.Error."""
    if read_regular_file(path, len(HEADER)) != HEADER:
        raise sqlite3.DatabaseError("it is not a roster")
    conn = sqlite3.connect(str(path), timeout=5)
    try:
        rows = conn.execute("SELECT name, role, code_hash, password_hash, added "
                            "FROM people").fetchall()
    finally:
        conn.close()
    return [(name, role, code, password, float(added))
            for name, role, code, password, added in rows
            if isinstance(name, str) and good_name(name)
            and role in ("learner", "teacher") and isinstance(added, (int, float))
            and all(h is None or isinstance(h, str) for h in (code, password))]


def bring_in(accounts, folder: Path, good_name) -> list[str]:
    """Bring ``folder``'s earlier roster file into ``accounts`` (once); what to tell the
    teacher about it (nothing when there is no such file)."""
    path = folder / ROSTER_FILE
    if not os.path.lexists(path):
        return []
    shown = visible(str(path))
    try:
        rows = read_roster(path, good_name)
    except (OSError, sqlite3.Error) as e:
        why = getattr(e, "strerror", None) or e
        return [f"The earlier roster {shown} could not be read ({why}); it was left as it "
                "is and its people are not in the class's store: add them again with "
                "'micrograd-tutor class add'."]
    try:
        new = accounts.take(rows)
    except StoreError as e:
        return [f"The earlier roster {shown} could not be brought into the class's store "
                f"({e.reason}); it is tried again next time."]
    aside = unused_name(path.with_name(path.name + MIGRATED_SUFFIX))
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):         # left by a connection that did not close
            with contextlib.suppress(FileNotFoundError):
                os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    except OSError as e:
        return [f"The roster {shown} is now in the class's store {accounts.where}, but the "
                f"file could not be renamed ({e.strerror or e}); it is read again (and "
                "changes nothing) next time."]
    kept = len(rows) - new
    also = f"; {kept} already there kept as they were" if kept else ""
    return [f"The roster {shown} ({new} people{also}) is now in the class's store "
            f"{accounts.where}; the file is kept as {visible(str(aside))}."]
