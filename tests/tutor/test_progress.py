"""Saved progress: where it lives, atomic and merged writes, owner-only, damage survived."""

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tutor import progress as progress_module
from tutor.progress import HOME_VARIABLE, Progress, progress_path

ROOT = Path(__file__).resolve().parents[2]
STATE = {"step": 4, "outcomes": [{"correct": True, "attempts": 1, "revealed": False}],
         "question": None, "finished": False, "score": [1, 1]}


def temp_files(directory: Path):
    return sorted(p.name for p in directory.glob(".progress-*"))


# --- where ---------------------------------------------------------------------------------


def test_home_variable_decides_where(tutor_home):
    assert progress_path() == tutor_home / "progress.json"
    Progress().set_lesson_state("intro", STATE)
    assert (tutor_home / "progress.json").is_file()


def test_home_variable_expands_the_tilde(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(HOME_VARIABLE, "~/tutor")
    assert progress_path() == tmp_path / "tutor" / "progress.json"


def test_without_the_variable_the_platform_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv(HOME_VARIABLE)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    if sys.platform.startswith("linux"):
        assert progress_path() == tmp_path / "data" / "micrograd-tutor" / "progress.json"
    assert progress_path().name == "progress.json"
    assert "micrograd-tutor" in str(progress_path())


# --- save and load -------------------------------------------------------------------------


def test_a_fresh_start_has_nothing_and_no_warning(tutor_home):
    p = Progress()
    assert p.warning is None
    assert p.lesson_state("intro") is None
    assert p.status("intro") == "new"
    assert p.score("intro") is None
    assert p.last_lesson is None
    assert not tutor_home.exists()  # reading never creates anything


def test_roundtrip():
    p = Progress()
    p.set_lesson_state("intro", STATE)
    p.set_lesson_state("derivative", {**STATE, "finished": True, "score": [3, 4]})
    q = Progress(p.path)
    assert q.warning is None
    assert q.lesson_state("intro") == STATE
    assert q.status("intro") == "in progress"
    assert q.status("derivative") == "done"
    assert q.score("derivative") == (3, 4)
    assert q.last_lesson == "derivative"


def test_forgetting_one_lesson_or_all():
    p = Progress()
    p.set_lesson_state("intro", STATE)
    p.set_lesson_state("derivative", STATE)
    p.reset("intro")
    assert Progress().status("intro") == "new"
    assert Progress().status("derivative") == "in progress"
    p.reset()
    q = Progress()
    assert q.status("derivative") == "new" and q.last_lesson is None


def test_score_of_an_odd_state_is_none():
    p = Progress()
    p.set_lesson_state("intro", {"step": 1, "score": "lots"})
    assert p.score("intro") is None


def test_readable_by_its_owner_only(tutor_home):
    Progress().set_lesson_state("intro", STATE)
    assert stat.S_IMODE(os.stat(tutor_home / "progress.json").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tutor_home).st_mode) == 0o700


def test_still_owner_only_after_many_saves_with_a_lax_umask(tutor_home):
    old = os.umask(0)
    try:
        p = Progress()
        for i in range(3):
            p.set_lesson_state(f"l{i}", STATE)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tutor_home / "progress.json").st_mode) == 0o600


# --- damaged files ---------------------------------------------------------------------------


DAMAGED = {
    "garbage-bytes": b"\xff\xfe\x00\x81garbage\x00",
    "empty": b"",
    "truncated-json": b'{"version": 1, "lessons": {"intro": {"st',
    "a-list": b"[1, 2, 3]",
    "a-string": b'"progress"',
    "lessons-not-an-object": b'{"version": 1, "lessons": [1, 2]}',
    "no-lessons": b'{"version": 1}',
    "deeply-nested": b"[" * 100_000,
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_file_is_moved_aside_and_the_learner_starts_fresh(tutor_home, content):
    tutor_home.mkdir()
    path = tutor_home / "progress.json"
    path.write_bytes(content)

    p = Progress()
    aside = list(tutor_home.glob("progress.json.damaged-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == content  # kept, not lost
    assert not path.exists()
    assert p.warning is not None
    assert "\n" not in p.warning
    assert str(aside[0]) in p.warning
    assert p.lesson_state("intro") is None and p.status("intro") == "new"

    p.set_lesson_state("intro", STATE)
    q = Progress()
    assert q.warning is None
    assert q.lesson_state("intro") == STATE


def test_odd_entries_inside_a_good_file_are_reset_with_a_message(tutor_home):
    tutor_home.mkdir()
    original = json.dumps(
        {"version": 1, "lessons": {"intro": 5, "derivative": STATE}, "last": ["x"]})
    (tutor_home / "progress.json").write_text(original)
    p = Progress()
    assert "\n" not in p.warning and "lesson 'intro'" in p.warning
    assert p.lesson_state("intro") is None and p.status("intro") == "new"
    assert p.lesson_state("derivative") == STATE
    assert p.last_lesson is None
    kept = list(tutor_home.glob("progress.json.repaired-*"))
    assert [k.read_text() for k in kept] == [original] and str(kept[0]) in p.warning
    assert Progress().warning is None                    # repaired once, on disk


# --- interrupted saves ------------------------------------------------------------------------


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_a_save_that_fails_while_writing_leaves_the_old_file_whole(tutor_home, monkeypatch, error):
    p = Progress()
    p.set_lesson_state("intro", STATE)
    before = (tutor_home / "progress.json").read_bytes()

    real_dump = json.dump

    def half_a_dump(obj, f, **kw):
        f.write(json.dumps(obj, **kw)[:20])  # part of it reaches the temporary file
        raise error

    monkeypatch.setattr(progress_module.json, "dump", half_a_dump)
    if isinstance(error, OSError):  # a failed save is a message, and the lesson goes on
        p.set_lesson_state("derivative", STATE)
        assert "Could not save your progress" in p.save_error
        assert p.lesson_state("derivative") == STATE  # kept in memory until quit
    else:
        with pytest.raises(type(error)):
            p.set_lesson_state("derivative", STATE)
        assert p.lesson_state("derivative") is None  # memory agrees with the file
    monkeypatch.setattr(progress_module.json, "dump", real_dump)

    assert (tutor_home / "progress.json").read_bytes() == before
    assert temp_files(tutor_home) == []
    q = Progress()
    assert q.warning is None and q.lesson_state("intro") == STATE


def test_a_save_that_fails_at_the_rename_leaves_the_old_file_whole(tutor_home, monkeypatch):
    p = Progress()
    p.set_lesson_state("intro", STATE)
    before = (tutor_home / "progress.json").read_bytes()

    def no_replace(src, dst):
        raise OSError("interrupted")

    monkeypatch.setattr(progress_module.os, "replace", no_replace)
    p.set_lesson_state("derivative", STATE)
    assert p.save_error and "interrupted" in p.save_error
    monkeypatch.undo()

    assert (tutor_home / "progress.json").read_bytes() == before
    assert temp_files(tutor_home) == []
    assert Progress(p.path).lesson_state("intro") == STATE


SAVE_FOREVER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from tutor.progress import Progress
    p = Progress()
    state = {{"step": 0, "outcomes": [], "finished": False, "score": [0, 0],
              "padding": "x" * 20000}}
    i = 0
    while True:
        state["step"] = i
        p.set_lesson_state("lesson-%d" % (i % 7), state)
        i += 1
        if i == 3:
            print("saving", flush=True)
""")


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.13, 0.31])
def test_killed_while_saving_the_file_is_still_whole(tutor_home, delay):
    proc = subprocess.Popen([sys.executable, "-c", SAVE_FOREVER.format(root=str(ROOT))],
                            stdout=subprocess.PIPE, env={**os.environ})
    try:
        assert proc.stdout.readline().strip() == b"saving"
        time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    p = Progress()
    assert p.warning is None
    states = [p.lesson_state(f"lesson-{i}") for i in range(7)]
    assert sum(s is not None for s in states) >= 3
    assert all(s["padding"] == "x" * 20000 for s in states if s is not None)


# --- two processes at once ----------------------------------------------------------------------

SAVE_MANY = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from tutor.progress import Progress
    name = sys.argv[1]
    sys.stdin.readline()  # start together
    p = Progress()
    for i in range(50):
        p.set_lesson_state(f"{{name}}-{{i}}", {{"step": i, "outcomes": [], "finished": False,
                                               "score": [0, 0], "by": name}})
""")


def test_two_processes_saving_at_once_lose_nothing(tutor_home):
    script = SAVE_MANY.format(root=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", script, name], stdin=subprocess.PIPE)
             for name in ("first", "second")]
    time.sleep(0.3)  # both imported and waiting
    for proc in procs:
        proc.stdin.write(b"go\n")
        proc.stdin.flush()
    for proc in procs:
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0

    p = Progress()
    assert p.warning is None
    for name in ("first", "second"):
        for i in range(50):
            state = p.lesson_state(f"{name}-{i}")
            assert state is not None, f"{name}-{i} was lost"
            assert state["step"] == i and state["by"] == name
    assert len(p.data["lessons"]) == 100
    assert temp_files(tutor_home) == []


def test_a_save_keeps_what_another_process_saved_meanwhile():
    mine, theirs = Progress(), Progress()
    mine.set_lesson_state("intro", STATE)
    theirs.set_lesson_state("derivative", STATE)  # theirs was loaded before mine saved
    mine.set_lesson_state("value", STATE)
    p = Progress()
    assert {"intro", "derivative", "value"} <= set(p.data["lessons"])


# --- where to continue --------------------------------------------------------------------------

IDS = ["intro", "derivative", "several-inputs", "value"]
DONE = {**STATE, "finished": True}


def test_next_lesson_for_a_newcomer_is_the_first():
    assert Progress().next_lesson(IDS) == "intro"


def test_next_lesson_is_the_last_one_if_unfinished():
    p = Progress()
    p.set_lesson_state("intro", DONE)
    p.set_lesson_state("several-inputs", STATE)
    assert p.next_lesson(IDS) == "several-inputs"


def test_next_lesson_after_finishing_one_is_the_next_not_done():
    p = Progress()
    p.set_lesson_state("derivative", DONE)
    p.set_lesson_state("intro", DONE)  # last: intro, done
    assert p.next_lesson(IDS) == "several-inputs"


def test_next_lesson_wraps_round_to_an_earlier_gap():
    p = Progress()
    for lesson_id in ["derivative", "several-inputs", "value"]:
        p.set_lesson_state(lesson_id, DONE)
    assert p.next_lesson(IDS) == "intro"


def test_next_lesson_when_all_are_done_is_the_first():
    p = Progress()
    for lesson_id in IDS:
        p.set_lesson_state(lesson_id, DONE)
    assert p.next_lesson(IDS) == "intro"


def test_next_lesson_ignores_a_last_lesson_no_longer_in_the_course():
    p = Progress()
    p.set_lesson_state("intro", DONE)
    p.set_lesson_state("retired-lesson", STATE)
    assert p.next_lesson(IDS) == "derivative"


def test_an_unwritable_home_keeps_progress_in_memory_with_a_message(tutor_home):
    tutor_home.mkdir()
    (tutor_home / "progress.json").mkdir()  # cannot be replaced by a file
    p = Progress()
    p.set_lesson_state("intro", STATE)
    assert p.save_error.startswith("Could not save your progress")
    assert p.lesson_state("intro") == STATE


def test_two_damaged_files_in_the_same_second_are_both_kept(tutor_home):
    tutor_home.mkdir()
    for _ in range(2):
        (tutor_home / "progress.json").write_text("{broken")
        assert "moved to" in Progress().warning
    assert len(list(tutor_home.glob("progress.json.damaged-*"))) == 2


# --- sections of other tracks (practice, build) ---------------------------------------------


def test_a_track_section_is_saved_beside_the_lessons_and_survives_lesson_saves():
    p = Progress()
    p.update_section("practice", lambda s: s.setdefault("skills", {}).update(chain={"box": 2}))
    p.set_lesson_state("intro", STATE)
    q = Progress(p.path)
    assert q.section("practice") == {"skills": {"chain": {"box": 2}}}
    assert q.lesson_state("intro") == STATE


def test_a_section_read_is_a_copy_and_a_damaged_one_reads_empty(tutor_home):
    p = Progress()
    p.update_section("build", lambda s: s.update(passed=["value"]))
    p.section("build")["passed"].append("oops")       # a copy: changes nothing saved
    assert Progress().section("build") == {"passed": ["value"]}
    (tutor_home / "progress.json").write_text(json.dumps(
        {"version": 1, "lessons": {}, "build": [1, 2]}))
    assert Progress().section("build") == {}


def test_two_processes_changing_different_sections_keep_both():
    first, second = Progress(), Progress()
    first.update_section("practice", lambda s: s.update(n=1))
    second.update_section("build", lambda s: s.update(n=2))
    merged = Progress()
    assert merged.section("practice") == {"n": 1} and merged.section("build") == {"n": 2}


def test_the_course_keys_are_not_sections():
    with pytest.raises(ValueError):
        Progress().update_section("lessons", lambda s: None)
