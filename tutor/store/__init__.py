"""The learner's store: where they stand and every answer, in SQLite (default) or PostgreSQL.

    store = open_store()          # the learner's own SQLite file in the data folder
    store.set_lesson_state("intro", state, event=make_event(...))
    store.update_section("practice", change)
    store.record(make_event("build", "check", "value", "add", correct=False, ...))

Which store: ``--db URL`` on the command line (``configure``), else
``MICROGRAD_TUTOR_DB``, else ``progress.sqlite3`` in the data folder
(``MICROGRAD_TUTOR_HOME`` when set).  ``postgresql://...`` is a class's database
(psycopg is imported only then); ``sqlite:///PATH`` another SQLite file.  The learner
is the OS user, or ``--learner NAME`` with a store URL.
"""

from __future__ import annotations

from tutor.store.location import (DB_VARIABLE, FILE_NAME, HOME_VARIABLE, UrlError, configure,
                                  data_dir, target)

__all__ = ["open_store", "configure", "data_dir", "target", "HOME_VARIABLE", "DB_VARIABLE",
           "FILE_NAME", "UrlError", "Store", "make_event", "item_id"]


def open_store(url: str | None = None, learner: str | None = None, **options):
    """The store for this learner: ``Store(target(url, learner))``."""
    from tutor.store.store import Store

    return Store(target(url, learner), **options)


def __getattr__(name):
    if name == "Store":
        from tutor.store.store import Store

        return Store
    if name in ("make_event", "item_id"):
        from tutor.store import events

        return getattr(events, name)
    raise AttributeError(name)
