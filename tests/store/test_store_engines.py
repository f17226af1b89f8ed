"""What the store offers, on SQLite and on PostgreSQL alike: where a learner stands, track
sections, answer events, learners kept apart, processes of one learner losing nothing,
a busy database waited for a bounded time, then the save kept and retried."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.store import make_event, open_store
from tutor.store.schema import LATEST
from tutor.store.store import QUIT_WAIT
from store_helpers import returns

ROOT = Path(__file__).resolve().parents[2]
STATE = {"step": 4, "outcomes": [{"correct": True, "attempts": 1, "revealed": False}],
         "question": None, "finished": False, "score": [1, 1]}
DONE = {"step": 9, "outcomes": [], "question": None, "finished": True, "score": [2, 3]}


def answer(n=0, **fields):
    return make_event("course", "answer", "intro", f"q-{n}", answer=str(n), correct=False,
                      mistake="sign", hints=1, seconds=2.5, **fields)


def test_a_lesson_state_and_its_answer_are_read_back_by_another_process(store_url):
    store = open_store(store_url, "ann")
    assert store.warning is None and store.data["lessons"] == {}
    event = answer(7)
    store.set_lesson_state("intro", STATE, event=event)
    again = open_store(store_url, "ann")
    assert again.lesson_state("intro") == STATE
    assert again.last_lesson == "intro" and again.status("intro") == "in progress"
    assert again.score("intro") == (1, 1)
    stored, = again.events()
    assert stored == event        # every field: track, item, answer, mistake, hints, seconds


def test_forgetting_one_lesson_or_all_keeps_the_answers(store_url):
    store = open_store(store_url, "ann")
    store.set_lesson_state("intro", DONE, event=answer())
    store.set_lesson_state("derivative", STATE)
    store.reset("intro")
    assert open_store(store_url, "ann").status("intro") == "new"
    assert open_store(store_url, "ann").status("derivative") == "in progress"
    store.reset()
    after = open_store(store_url, "ann")
    assert after.data["lessons"] == {} and after.last_lesson is None
    assert len(after.events()) == 1


def test_learners_never_see_each_other(store_url):
    ann, bob = open_store(store_url, "ann"), open_store(store_url, "bob")
    ann.set_lesson_state("intro", STATE, event=answer())
    ann.update_section("practice", lambda s: s.update(mine=True))
    bob.set_lesson_state("intro", DONE)          # the same lesson, bob's own
    assert open_store(store_url, "bob").data == {
        "version": 1, "lessons": {"intro": DONE}, "last": "intro"}
    assert open_store(store_url, "bob").events() == []
    assert open_store(store_url, "ann").lesson_state("intro") == STATE


def test_a_section_change_sees_what_another_process_saved_meanwhile(store_url):
    mine, theirs = open_store(store_url, "ann"), open_store(store_url, "ann")
    mine.update_section("practice", lambda s: s.update(a=1))
    theirs.update_section("practice", lambda s: s.update(b=2))     # theirs read before
    mine.update_section("build", lambda s: s.update(c=3))
    assert open_store(store_url, "ann").section("practice") == {"a": 1, "b": 2}
    assert mine.section("practice") == {"a": 1, "b": 2}            # refreshed by the save
    copy = mine.section("build")
    copy["c"] = 99
    assert mine.section("build") == {"c": 3}                       # a copy


def test_the_course_keys_are_not_sections(store_url):
    with pytest.raises(ValueError):
        open_store(store_url, "ann").update_section("lessons", lambda s: None)


def test_an_event_saved_twice_is_stored_once(store_url):
    store, event = open_store(store_url, "ann"), answer()
    store.record(event)
    store.record(event)                          # a save retried after an unclear failure
    assert [e["uid"] for e in store.events()] == [event["uid"]]


def test_the_schema_is_created_once_at_the_latest_version(store_url):
    open_store(store_url, "ann").record(answer())
    store = open_store(store_url, "bob")
    with store.engine.transaction(write=False, wait=1) as tx:
        assert tx.execute("SELECT version FROM schema_migrations ORDER BY version") == \
            [(version,) for version in range(1, LATEST + 1)]


def test_a_store_made_before_the_roster_moved_in_gains_it_and_keeps_its_answers(store_url):
    store = open_store(store_url, "ann")
    store.set_lesson_state("intro", STATE, event=answer())
    with store.engine.transaction(write=True, wait=1) as tx:       # as version 2 left it
        tx.execute("DROP TABLE keys")
        tx.execute("DROP TABLE people")
        tx.execute("DELETE FROM schema_migrations WHERE version > 2")
    store.close()
    again = open_store(store_url, "ann")
    assert again.warning is None
    assert again.lesson_state("intro") == STATE and len(again.events()) == 1
    with again.engine.transaction(write=False, wait=1) as tx:
        assert tx.execute("SELECT MAX(version) FROM schema_migrations") == [(LATEST,)]
        assert tx.execute("SELECT COUNT(*) FROM people") == [(0,)]
        assert tx.execute("SELECT COUNT(*) FROM keys") == [(0,)]


def test_a_store_of_a_newer_version_is_left_alone_with_a_message(store_url):
    store = open_store(store_url, "ann")
    store.set_lesson_state("intro", STATE)
    with store.engine.transaction(write=True, wait=1) as tx:
        tx.execute("INSERT INTO schema_migrations (version, applied) VALUES (?, 0)",
                   (LATEST + 1,))
    store.close()
    newer = open_store(store_url, "ann")
    assert "made by a newer micrograd-tutor" in newer.warning
    newer.set_lesson_state("derivative", STATE)      # kept in memory, not written
    assert newer.save_error and newer.lesson_state("derivative") == STATE
    assert query(store_url, "SELECT COUNT(*) FROM lesson_states") == [(1,)]


def query(store_url, sql):
    """Read the database directly, as another program would."""
    if store_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(store_url[len("sqlite:///"):]) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(store_url) as conn:
        return conn.execute(sql).fetchall()


# --- several processes of one learner ---------------------------------------------------------

# A save that waited past the bound (a loaded machine) is kept and retried by the next
# one: the worker goes on, and at the end retries what is left, as a learner's quit does.
WORKER = """
import sys, time
sys.path.insert(0, {root!r})
from tutor.store import make_event, open_store
url, me, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_store(url, "ann")
for i in range(count):
    event = make_event("practice", "answer", "plus", me, seed=i, answer=str(i), correct=True)
    store.update_section("practice", lambda s: s.update(n=s.get("n", 0) + 1), event=event)
    store.set_lesson_state("lesson-" + me, {{"step": i + 1, "outcomes": [], "finished": False,
                                            "score": [0, 0]}})
for _ in range(200):
    if store.flush():
        break
    time.sleep(0.1)
else:
    sys.exit("not saved: " + store.save_error)
"""


@pytest.mark.parametrize("processes", [2, 10])
def test_processes_of_one_learner_at_once_lose_nothing(store_url, processes, tmp_path):
    count = 15
    script = tmp_path / "worker.py"
    script.write_text(WORKER.format(root=str(ROOT)))
    open_store(store_url, "ann")                 # the schema, before the race starts
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen([sys.executable, str(script), store_url, f"w{n}", str(count)],
                                env=env, stderr=subprocess.PIPE, text=True)
               for n in range(processes)]
    for w in workers:
        _, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
    store = open_store(store_url, "ann")
    assert store.section("practice") == {"n": processes * count}     # no update lost
    events = store.events()
    assert len(events) == processes * count == len({e["uid"] for e in events})
    for n in range(processes):
        assert store.lesson_state(f"lesson-w{n}")["step"] == count


def test_ten_first_starts_at_once_make_one_schema(store_url, tmp_path):
    script = tmp_path / "start.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                      "from tutor.store import open_store\n"
                      "s = open_store(sys.argv[1], sys.argv[2])\n"
                      "sys.exit(1 if s.warning else 0)\n")
    starts = [subprocess.Popen([sys.executable, str(script), store_url, f"l{n}"],
                               stderr=subprocess.PIPE, text=True) for n in range(10)]
    for s in starts:
        _, err = s.communicate(timeout=300)
        assert s.returncode == 0, err
    with open_store(store_url, "x").engine.transaction(write=False, wait=1) as tx:
        assert tx.execute("SELECT COUNT(*) FROM learners") == [(11,)]
        assert tx.execute("SELECT COUNT(*) FROM schema_migrations") == [(LATEST,)]


# --- a database another process holds ---------------------------------------------------------


class Holder:
    """Another process's write transaction, held open: SQLite's write lock, or on
    PostgreSQL the learner's row."""

    def __init__(self, store_url, learner="ann"):
        if store_url.startswith("sqlite"):
            import sqlite3

            self.conn = sqlite3.connect(store_url[len("sqlite:///"):], isolation_level=None,
                                        check_same_thread=False)    # released by a timer
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            self.conn = psycopg.connect(store_url)
            self.conn.execute("SELECT id FROM learners WHERE name = %s FOR UPDATE", (learner,))

    def release(self):
        self.conn.rollback() if hasattr(self.conn, "broken") else self.conn.execute("ROLLBACK")
        self.conn.close()




def test_a_held_database_is_waited_for_a_bounded_time_then_the_save_is_kept(store_url):
    store = open_store(store_url, "ann", wait=0.2)
    store.set_lesson_state("intro", STATE)
    holder = Holder(store_url)
    event = answer()
    assert returns(lambda: store.set_lesson_state("derivative", DONE, event=event))
    assert "Could not save your progress" in store.save_error
    assert "another micrograd-tutor is holding" in store.save_error
    assert store.lesson_state("derivative") == DONE        # kept in memory meanwhile
    assert returns(lambda: store.update_section("practice", lambda s: s.update(a=1)))
    holder.release()
    store.set_lesson_state("intro", DONE)                  # the next save writes them all
    assert store.save_error is None
    fresh = open_store(store_url, "ann")
    assert fresh.lesson_state("derivative") == DONE and fresh.section("practice") == {"a": 1}
    assert [e["uid"] for e in fresh.events()] == [event["uid"]]


def test_flush_retries_what_could_not_be_saved(store_url):
    store = open_store(store_url, "ann", wait=0.2)
    holder = Holder(store_url) if store_url.startswith("sqlite") else None
    if holder is None:                                     # PostgreSQL: hold ann's row
        holder = Holder(store_url)
    store.record(answer())
    assert store.save_error and not store.flush()
    holder.release()
    assert store.flush() and store.save_error is None
    assert len(open_store(store_url, "ann").events()) == 1


def test_the_last_save_on_the_way_out_waits_longer_for_a_held_database(store_url):
    """A class's answers all at once: the store stays held past a save's bound; the save
    retried as the learner leaves (QUIT_WAIT) waits for it instead of losing the answer."""
    import threading

    store = open_store(store_url, "ann", wait=0.2)
    holder = Holder(store_url)
    store.record(answer())
    assert store.save_error and not store.flush()          # a retry meanwhile: 0.1 s
    threading.Timer(0.3, holder.release).start()
    assert store.flush(wait=QUIT_WAIT) and store.save_error is None
    assert len(open_store(store_url, "ann").events()) == 1
