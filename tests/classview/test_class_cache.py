"""The view's cache: a store made before the view's indexes gets them on first use, the counts are read from
the indexes alone, and on PostgreSQL an answer committed after a later one is counted once, when it appears."""

from __future__ import annotations

import pytest

from class_script import NOW, answer, close, intro_items, write_class
from test_class_board import figures
from tutor.classview.board import Board
from tutor.classview.cache import HOLE_SECONDS, FIRST_UPSERT, MISTAKE_UPSERT
from tutor.store import make_event, open_store
from tutor.store.location import parse
from tutor.store.schema import LATEST, MIGRATIONS, migrate
from tutor.store.store import make_engine

INDEXES = {"events_by_question", "events_by_mistake", "events_by_time",
           "events_right_by_learner"}


def board_of(url, **options) -> Board:
    engine = make_engine(parse(url, None))
    engine.open(5)
    board = Board(engine, now=lambda: NOW, **options)
    board.load()
    return board


def test_a_store_of_step_1_gets_the_views_indexes_and_keeps_its_answers(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)

    class Tx:
        execute = staticmethod(lambda sql, params=(): conn.execute(sql, params).fetchall())

    migrate(Tx, "sqlite", 0.0, {1: MIGRATIONS[1]})          # as the earlier version made it
    conn.execute("INSERT INTO learners (name, created) VALUES ('ann', 0)")
    conn.close()
    store = open_store(f"sqlite:///{path}", "ann")
    store.record(make_event("course", "answer", "intro", "q-1", answer="7", correct=True))
    with store.engine.transaction(write=False, wait=1) as tx:
        names = {row[0] for row in tx.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert INDEXES <= names
        assert tx.execute("SELECT MAX(version) FROM schema_migrations") == [(LATEST,)]
    assert [e["answer"] for e in store.events()] == ["7"]


def test_the_counts_are_read_from_the_indexes_alone(tmp_path):
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    open_store(url, "ann").close()
    engine = make_engine(parse(url, None))
    engine.open(5)
    with engine.transaction(write=False, wait=1) as tx:
        for upsert, index in ((FIRST_UPSERT, "events_by_question"),
                              (MISTAKE_UPSERT, "events_by_mistake")):
            select = upsert.format(where="true").split("ON CONFLICT")[0]
            select = select[select.index("SELECT"):]
            plan = " ".join(row[-1] for row in tx.execute(f"EXPLAIN QUERY PLAN {select}"))
            assert f"COVERING INDEX {index}" in plan, plan
    engine.close()


@pytest.fixture
def pg_class(pg_url):
    stores = write_class(pg_url)
    yield pg_url, stores
    close(stores)


def uncommitted_answer(url: str, learner: str, item: str):
    """A learner's save that has taken its id and not committed yet: (connection, id)."""
    import psycopg

    conn = psycopg.connect(url)
    learner_id = conn.execute("SELECT id FROM learners WHERE name = %s", (learner,)).fetchone()[0]
    event = make_event("course", "answer", "intro", item, answer="11", correct=False,
                       mistake="missing-path", seconds=3.0)
    row = conn.execute(
        "INSERT INTO events (learner_id, uid, at, track, kind, subject, item, answer, correct, "
        "mistake, hints, seconds) VALUES (%s, %s, %s, 'course', 'answer', 'intro', %s, '11', "
        "false, 'missing-path', 0, 3.0) RETURNING id",
        (learner_id, event["uid"], NOW - 30, item)).fetchone()
    return conn, row[0]


def test_an_answer_committed_after_a_later_one_is_counted_once(pg_class):
    url, stores = pg_class
    board = board_of(url)
    q1 = intro_items()[0]
    conn, early = uncommitted_answer(url, "gus" if False else "fay", q1)
    late = answer(stores["bob"], q1, "8", False, minutes=0.4, mistake="missing-path")
    assert board.poll()
    assert early in board.cache.holes and board.cache.last_id > early
    conn.commit()                                     # the earlier id arrives now
    assert board.poll()
    assert early not in board.cache.holes
    fresh = board_of(url)
    assert figures(board) == figures(fresh)
    assert board.questions.stats["course", "intro", q1].tries == 10    # 8, bob's, fay's
    assert [m.count for m in board.per_question
            if m.item == q1 and m.kind == "missing-path"] == [4]
    assert late["uid"]
    conn.close()


def test_an_id_never_committed_is_forgotten_after_a_while(pg_class):
    url, stores = pg_class
    board = board_of(url)
    clock = [1000.0]
    board.cache.clock = lambda: clock[0]
    conn, lost = uncommitted_answer(url, "fay", intro_items()[0])
    answer(stores["bob"], intro_items()[0], "8", False, minutes=0.4)
    assert board.poll() and lost in board.cache.holes
    conn.rollback()                                   # the save failed: the id stays unused
    clock[0] += HOLE_SECONDS + 1
    answer(stores["bob"], intro_items()[1], "2", True, minutes=0.3)
    assert board.poll()
    assert lost not in board.cache.holes
    conn.close()
