"""An earlier version's progress.json, in each format the JSON store wrote, is brought into
the store on first start, once, and kept beside as progress.json.migrated; a damaged one
is moved aside with one message, as before."""

import json

import pytest

from lessons.course import find_lesson
from store_helpers import failing_saves
from tutor.runner import LessonRun
from tutor.store import open_store

OPEN = {"step": 3, "outcomes": [{"correct": True, "attempts": 1, "revealed": False}],
        "question": {"attempts": 1, "hints_given": 1, "done": False, "correct": False,
                     "revealed": False},
        "finished": False, "score": [1, 1]}

# the formats, oldest first (git log -- tutor/progress.py)
FORMATS = {
    # 0867a9b: lessons with step, outcomes, finished, score; the last lesson opened
    "first": {"version": 1, "last": "derivative", "lessons": {
        "intro": {"step": 5, "outcomes": [], "question": None, "finished": True,
                  "score": [0, 0]},
        "derivative": OPEN}},
    # 6857583: a retaken lesson stays done with its best score (completed, best)
    "completed-best": {"version": 1, "last": "intro", "lessons": {
        "intro": {"step": 1, "outcomes": [], "question": None, "finished": False,
                  "score": [0, 0], "completed": True, "best": [2, 3]},
        "derivative": OPEN}},
    # 49cb17f: a section per track beside the lessons
    "sections": {"version": 1, "last": "derivative", "lessons": {"derivative": OPEN},
                 "practice": {"skills": {"chain": {"box": 2, "level": 1}}, "retry": []},
                 "build": {"current": "tanh", "exercises": {"value": {"passed": True}}}},
}


def write(home, data) -> None:
    home.mkdir(exist_ok=True)
    (home / "progress.json").write_text(json.dumps(data))


@pytest.mark.parametrize("name", FORMATS)
def test_each_earlier_format_is_brought_in_and_kept_beside(tutor_home, name):
    data = FORMATS[name]
    write(tutor_home, data)
    store = open_store()
    assert store.warning is None
    assert store.data["lessons"] == data["lessons"]
    assert store.last_lesson == data["last"]
    for section in ("practice", "build"):
        assert store.section(section) == data.get(section, {})
    assert not (tutor_home / "progress.json").exists()
    assert json.loads((tutor_home / "progress.json.migrated").read_text()) == data
    again = open_store()                                   # from the store now
    assert again.data == store.data and again.warning is None


def test_a_brought_in_lesson_resumes_where_it_was(tutor_home):
    write(tutor_home, FORMATS["first"])
    run = LessonRun(find_lesson("derivative"), open_store())
    assert run.index == 3 and run.attempts == 1 and len(run.outcomes) == 1


def test_a_done_lesson_of_the_completed_format_stays_done_with_its_best(tutor_home):
    write(tutor_home, FORMATS["completed-best"])
    store = open_store()
    assert store.status("intro") == "done" and store.score("intro") == (2, 3)


def test_it_is_brought_in_once_and_the_stores_own_progress_wins(tutor_home):
    store = open_store()
    store.set_lesson_state("derivative", {"step": 9, "finished": True, "score": [2, 2]})
    write(tutor_home, FORMATS["first"])      # an old copy put back, e.g. from a backup
    mixed = open_store()
    assert mixed.status("derivative") == "done"            # the store's own is kept
    assert mixed.status("intro") == "done"                 # what the store lacked is added
    write(tutor_home, {"version": 1, "lessons": {"chain-rule": OPEN}})
    assert open_store().lesson_state("chain-rule") is not None
    assert len(list(tutor_home.glob("progress.json.migrated*"))) == 2


def test_when_the_store_cannot_be_written_the_file_stays_and_is_read(tutor_home, monkeypatch):
    open_store()                                           # the store exists
    write(tutor_home, FORMATS["sections"])
    saves_work_again = failing_saves(monkeypatch, "full")
    store = open_store()
    assert store.lesson_state("derivative") == OPEN        # read, kept in memory
    assert store.section("practice") == FORMATS["sections"]["practice"]
    assert (tutor_home / "progress.json").exists()         # not renamed: not brought in
    saves_work_again()
    assert open_store().section("build") == FORMATS["sections"]["build"]
    assert not (tutor_home / "progress.json").exists()


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
    (tutor_home / "progress.json").write_bytes(content)
    store = open_store()
    assert store.warning.count("\n") == 0 and "moved to" in store.warning
    aside, = tutor_home.glob("progress.json.damaged-*")
    assert aside.read_bytes() == content
    assert store.data["lessons"] == {}
    store.set_lesson_state("intro", OPEN)
    assert open_store().warning is None


def test_a_symlinked_progress_json_is_not_followed(tutor_home, tmp_path):
    tutor_home.mkdir(mode=0o700)
    target = tmp_path / "someone-elses.json"
    target.write_text(json.dumps(FORMATS["first"]))
    (tutor_home / "progress.json").symlink_to(target)
    store = open_store()
    assert "symbolic link" in store.warning and store.data["lessons"] == {}
    assert (tutor_home / "progress.json").is_symlink()
