"""The progress file on a shared server: a lock another instance holds, symbolic links
planted for the lock or the file, a folder others can write, temporary files left by
killed saves.  Nothing blocks for ever, nothing is followed, nothing is lost."""

import fcntl
import json
import os
import threading

import pytest

from tutor import progress as progress_module
from tutor.progress import LOCK_WAIT, Progress

STATE = {"step": 4, "outcomes": [{"correct": True, "attempts": 1, "revealed": False}],
         "question": None, "finished": False, "score": [1, 1]}


class HeldLock:
    """The progress lock, held the way another micrograd-tutor holds it while saving."""

    def __init__(self, home):
        home.mkdir(exist_ok=True, mode=0o700)
        self.fd = os.open(home / "progress.json.lock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def release(self):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def returns(action) -> bool:
    """Run action in a thread: did it return?  (A guard against blocking for ever,
    not a measure of speed: the action needs milliseconds, the guard allows a minute.)"""
    done = threading.Event()
    thread = threading.Thread(target=lambda: (action(), done.set()), daemon=True)
    thread.start()
    thread.join(timeout=60)
    return done.is_set()


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.slept = 0.0

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds
        self.slept += seconds


def test_a_held_lock_is_waited_for_a_bounded_time_then_progress_stays_in_memory(
        tutor_home, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(progress_module.time, "monotonic", clock.monotonic)
    monkeypatch.setattr(progress_module.time, "sleep", clock.sleep)
    p = Progress()
    lock = HeldLock(tutor_home)
    try:
        assert returns(lambda: p.set_lesson_state("intro", STATE))
        assert LOCK_WAIT <= clock.slept <= LOCK_WAIT + 0.1        # waited, then gave up
        assert "holding its lock" in p.save_error and "kept until you quit" in p.save_error
        assert p.lesson_state("intro") == STATE                   # kept in memory
        waited = clock.slept
        assert returns(lambda: p.set_lesson_state("derivative", STATE))
        assert clock.slept == waited                              # no second wait per step
    finally:
        lock.release()
    p.set_lesson_state("value", STATE)                            # the lock is free again
    assert p.save_error is None
    saved = Progress()
    for lesson_id in ("intro", "derivative", "value"):            # nothing was lost
        assert saved.lesson_state(lesson_id) == STATE, lesson_id


def test_a_save_that_failed_is_written_by_the_next_one_that_works(tutor_home, monkeypatch):
    p = Progress()
    real_write = Progress._write
    monkeypatch.setattr(Progress, "_write", lambda self, data: (_ for _ in ()).throw(
        OSError(28, "No space left on device")))
    p.set_lesson_state("intro", STATE)
    assert "No space left" in p.save_error
    monkeypatch.setattr(Progress, "_write", real_write)
    p.set_lesson_state("derivative", STATE)
    saved = Progress()
    assert saved.lesson_state("intro") == STATE and saved.lesson_state("derivative") == STATE


def test_a_symlinked_lock_file_is_not_followed(tutor_home, tmp_path):
    tutor_home.mkdir(mode=0o700)
    target = tmp_path / "elsewhere" / "created-by-the-tutor"
    target.parent.mkdir()
    (tutor_home / "progress.json.lock").symlink_to(target)
    p = Progress()
    p.set_lesson_state("intro", STATE)
    assert not target.exists()                                    # nothing created through it
    assert "symbolic link" in p.save_error
    assert p.lesson_state("intro") == STATE


def test_a_symlinked_progress_file_is_neither_read_nor_replaced(tutor_home, tmp_path):
    tutor_home.mkdir(mode=0o700)
    target = tmp_path / "someone-elses.json"
    target.write_text(json.dumps({"version": 1, "lessons": {"intro": STATE}}))
    before = target.read_text()
    (tutor_home / "progress.json").symlink_to(target)
    p = Progress()
    assert "symbolic link" in p.warning
    assert p.lesson_state("intro") is None                        # not read through the link
    p.set_lesson_state("derivative", STATE)
    assert "symbolic link" in p.save_error
    assert (tutor_home / "progress.json").is_symlink()            # the link is left alone
    assert target.read_text() == before                           # and so is its target


@pytest.mark.parametrize("mode, warned", [(0o777, True), (0o770, True), (0o755, False),
                                          (0o700, False)])
def test_a_folder_others_can_write_is_pointed_out_once(tutor_home, mode, warned):
    tutor_home.mkdir()
    os.chmod(tutor_home, mode)
    p = Progress()
    assert bool(p.warning and "can be changed by other users" in p.warning) is warned
    if warned:
        assert p.warning.count("\n") == 0 and "chmod 700" in p.warning
        p.set_lesson_state("intro", STATE)
        p.set_lesson_state("intro", STATE)
        assert len(p.warnings) == 1                               # once, not per save


def test_temporary_files_of_killed_saves_are_removed_at_the_next_start(tutor_home):
    Progress().set_lesson_state("intro", STATE)
    for name in (".progress-abc123.tmp", ".progress-x.tmp"):
        (tutor_home / name).write_text('{"version": 1, "lessons": {}')   # half written
    (tutor_home / "notes.tmp").write_text("the learner's own")
    p = Progress()
    assert sorted(x.name for x in tutor_home.glob(".progress-*")) == []
    assert p.lesson_state("intro") == STATE
    assert (tutor_home / "notes.tmp").exists()


def test_temporary_files_are_left_alone_while_another_instance_saves(tutor_home):
    Progress().set_lesson_state("intro", STATE)
    (tutor_home / ".progress-busy.tmp").write_text("being written")
    lock = HeldLock(tutor_home)
    try:
        assert returns(lambda: Progress(lock_wait=0))
        assert (tutor_home / ".progress-busy.tmp").exists()
    finally:
        lock.release()


def test_a_fifo_as_the_progress_file_does_not_hang_the_start(tutor_home):
    tutor_home.mkdir(mode=0o700)
    os.mkfifo(tutor_home / "progress.json")
    holder = {}
    assert returns(lambda: holder.update(p=Progress()))
    assert "not a regular file" in holder["p"].warning
