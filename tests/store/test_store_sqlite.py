"""The learner's own SQLite file: where it is, who can read it, and every way it can be
bad (damaged, another program's, a symbolic link, a FIFO, read-only, a full disk, a
home that is a file).  A clear message each time, and nothing the learner did is lost."""

import contextlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys

import pytest

from store_helpers import failing_saves, returns
from tutor.store import HOME_VARIABLE, data_dir, open_store

STATE = {"step": 4, "outcomes": [{"correct": True, "attempts": 1, "revealed": False}],
         "question": None, "finished": False, "score": [1, 1]}
DONE = {"step": 9, "outcomes": [], "question": None, "finished": True, "score": [2, 3]}
IDS = ["intro", "derivative", "chain-rule"]




# --- where, and who can read it ---------------------------------------------------------------


def test_home_variable_decides_where(tutor_home):
    open_store().set_lesson_state("intro", STATE)
    assert (tutor_home / "progress.sqlite3").is_file()
    assert open_store().path == tutor_home / "progress.sqlite3"


def test_home_variable_expands_the_tilde(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(HOME_VARIABLE, "~/tutor")
    assert data_dir() == tmp_path / "tutor"


def test_without_the_variable_the_platform_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv(HOME_VARIABLE)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    if sys.platform.startswith("linux"):
        assert data_dir() == tmp_path / "data" / "micrograd-tutor"
    assert "micrograd-tutor" in str(data_dir())


def test_readable_by_its_owner_only_even_with_a_lax_umask(tutor_home):
    old = os.umask(0)
    try:
        store = open_store()
        store.set_lesson_state("intro", STATE)
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tutor_home.iterdir()}
    finally:
        os.umask(old)
    assert modes["progress.sqlite3"] == 0o600
    assert all(mode == 0o600 for mode in modes.values())       # the -wal and -shm too
    assert stat.S_IMODE(tutor_home.stat().st_mode) == 0o700


def test_it_is_a_wal_database_with_foreign_keys(tutor_home):
    store = open_store()
    with store.engine.transaction(write=False, wait=1) as tx:
        assert tx.execute("PRAGMA journal_mode") == [("wal",)]
        assert tx.execute("PRAGMA foreign_keys") == [(1,)]
        assert tx.execute("PRAGMA synchronous") == [(2,)]      # FULL


def test_next_lesson_follows_where_the_learner_is(tutor_home):
    store = open_store()
    assert store.next_lesson(IDS) == "intro"                   # a newcomer
    store.set_lesson_state("derivative", STATE)
    assert store.next_lesson(IDS) == "derivative"              # the last one, unfinished
    store.set_lesson_state("derivative", DONE)
    assert store.next_lesson(IDS) == "chain-rule"              # the next not done
    store.set_lesson_state("chain-rule", DONE)
    assert store.next_lesson(IDS) == "intro"                   # round to an earlier gap
    store.set_lesson_state("intro", DONE)
    assert store.next_lesson(IDS) == "intro"                   # all done: the first
    store.set_lesson_state("retired-lesson", STATE)
    assert store.next_lesson(IDS) == "intro"                   # no longer in the course


# --- bad files ----------------------------------------------------------------------------------


DAMAGED = {
    "garbage-bytes": b"\xff\xfe\x00\x81garbage\x00" * 100,
    "json": b'{"version": 1, "lessons": {}}',
    "truncated-header": b"SQLite format",
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_file_that_is_not_a_database_is_moved_aside(tutor_home, content):
    tutor_home.mkdir()
    (tutor_home / "progress.sqlite3").write_bytes(content)
    store = open_store()
    assert store.warning.count("\n") == 0 and "moved to" in store.warning
    aside, = tutor_home.glob("progress.sqlite3.damaged-*")
    assert aside.read_bytes() == content                       # kept as it was
    store.set_lesson_state("intro", STATE)
    assert open_store().lesson_state("intro") == STATE and open_store().warning is None


def test_a_database_damaged_inside_is_moved_aside(tutor_home):
    store = open_store()
    for n in range(200):                                       # a few pages of rows
        store.set_lesson_state(f"lesson-{n}", STATE)
    store.close()
    path = tutor_home / "progress.sqlite3"
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 6] = b"\x55" * (4096 * 4)            # pages overwritten
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
    again = open_store()
    assert "was damaged" in again.warning and "moved to" in again.warning
    assert list(tutor_home.glob("progress.sqlite3.damaged-*"))


def test_another_programs_database_is_moved_aside_untouched(tutor_home):
    tutor_home.mkdir()
    with sqlite3.connect(tutor_home / "progress.sqlite3") as conn:
        conn.execute("CREATE TABLE photos (name TEXT)")
    store = open_store()
    assert "a database of another program" in store.warning
    aside, = tutor_home.glob("progress.sqlite3.damaged-*")
    with sqlite3.connect(aside) as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("photos",)]


def test_two_damaged_files_in_the_same_second_are_both_kept(tutor_home):
    tutor_home.mkdir()
    for _ in range(2):
        (tutor_home / "progress.sqlite3").write_bytes(b"not a database at all" * 10)
        assert "moved to" in open_store().warning
    kept = [p for p in tutor_home.glob("progress.sqlite3.damaged-*")
            if not p.name.endswith("-wal")]       # a write-ahead log goes with its file
    assert len(kept) == 2


def test_a_symlinked_store_is_neither_read_nor_written(tutor_home, tmp_path):
    other = tmp_path / "someone-elses.sqlite3"
    open_store(f"sqlite:///{other}", "me").set_lesson_state("intro", STATE)
    before = other.read_bytes()
    tutor_home.mkdir(mode=0o700)
    (tutor_home / "progress.sqlite3").symlink_to(other)
    store = open_store()
    assert "symbolic link" in store.warning
    assert store.lesson_state("intro") is None                 # not read through the link
    store.set_lesson_state("derivative", STATE)
    assert "symbolic link" in store.save_error
    assert (tutor_home / "progress.sqlite3").is_symlink() and other.read_bytes() == before


def test_a_fifo_as_the_store_does_not_hang_the_start(tutor_home):
    tutor_home.mkdir(mode=0o700)
    os.mkfifo(tutor_home / "progress.sqlite3")
    holder = {}
    assert returns(lambda: holder.update(store=open_store()))
    assert "not a regular file" in holder["store"].warning


@pytest.mark.parametrize("mode, warned", [(0o777, True), (0o770, True), (0o755, False),
                                          (0o700, False)])
def test_a_folder_others_can_write_is_pointed_out_once(tutor_home, mode, warned):
    tutor_home.mkdir()
    os.chmod(tutor_home, mode)
    store = open_store()
    assert bool(store.warning and "can be changed by other users" in store.warning) is warned
    if warned:
        assert store.warning.count("\n") == 0 and "chmod 700" in store.warning
        store.set_lesson_state("intro", STATE)
        assert len(store.warnings) == 1                          # once, not per save


# --- saves that cannot be written ---------------------------------------------------------------


@contextlib.contextmanager
def read_only(path):
    """The file made read-only for this process: immutable under root (root writes any
    file it may not), else mode 0400."""
    if os.geteuid() == 0:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)]).returncode:
            pytest.skip("cannot make a file read-only for root here (chattr +i)")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)])
    else:
        os.chmod(path, 0o400)
        try:
            yield
        finally:
            os.chmod(path, 0o600)


def test_a_read_only_file_is_read_and_says_saves_cannot_be_made(tutor_home):
    first = open_store()
    first.set_lesson_state("intro", STATE)
    first.close()
    with read_only(tutor_home / "progress.sqlite3"):
        store = open_store()
        assert store.lesson_state("intro") == STATE             # still read
        store.set_lesson_state("intro", DONE)
        assert store.save_error == ("Could not save your progress to "
                                    f"{tutor_home / 'progress.sqlite3'} (the file is "
                                    "read-only); it is kept until you quit.")
        assert store.status("intro") == "done"                   # kept in memory
        store.close()
    assert open_store().lesson_state("intro") == STATE


def test_a_full_disk_keeps_progress_in_memory_and_the_next_save_writes_it(tutor_home,
                                                                         monkeypatch):
    store = open_store()
    saves_work_again = failing_saves(monkeypatch, "full")
    store.set_lesson_state("intro", STATE)
    store.update_section("practice", lambda s: s.update(a=1))
    assert "(the disk is full)" in store.save_error
    assert store.lesson_state("intro") == STATE and store.section("practice") == {"a": 1}
    saves_work_again()
    store.set_lesson_state("derivative", DONE)
    assert store.save_error is None
    fresh = open_store()
    assert fresh.lesson_state("intro") == STATE and fresh.section("practice") == {"a": 1}


def test_a_home_that_is_a_file_keeps_progress_in_memory_with_a_message(tutor_home):
    tutor_home.parent.mkdir(exist_ok=True)
    tutor_home.write_text("a file where the folder should be")
    store = open_store()
    assert "Could not read your progress" in store.warning
    store.set_lesson_state("intro", STATE)
    assert store.save_error.startswith("Could not save your progress")
    assert store.lesson_state("intro") == STATE
