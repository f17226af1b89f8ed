"""An earlier version's progress.json that is valid JSON but damaged, brought into the store
on first start: every field mutated (wrong type, inf, negative, huge, missing), in a
lesson, at the top level and in other tracks' sections.

Whatever the file says, the learner gets at most a one-line message, keeps everything
that was not damaged, and can list the course, open the lesson and finish it.
"""

import functools
import io
import json

import pytest
from rich.console import Console

from lessons.course import find_lesson
from tutor import commands
from tutor.store import open_store
from tutor.store.legacy import MAX_SECTIONS, MAX_UNKNOWN_LESSONS
from tutor.runner import LessonRun

from tutor_helpers import wrong_text

INF = "__inf__"          # written into the file as the JSON number 1e999 (read back as inf)
MISSING = "__missing__"

MUTATIONS = {
    "wrong type": "seven",
    "a list": ["x"],
    "inf": INF,
    "negative": -100,
    "huge": 10**30,
    "missing": MISSING,
}

# (where in the lesson state, as a path of keys and indexes)
FIELDS = [
    ("step",), ("outcomes",), ("outcomes", 0), ("outcomes", 0, "attempts"),
    ("outcomes", 0, "correct"), ("outcomes", 0, "revealed"), ("question",),
    ("question", "attempts"), ("question", "hints_given"), ("question", "done"),
    ("finished",), ("score",), ("score", 0), ("score", 1),
]
DONE_FIELDS = [("completed",), ("best",), ("best", 0), ("best", 1)]


def walk(run: LessonRun, stop) -> LessonRun:
    """Reveal and advance until stop(run)."""
    while not stop(run):
        if run.awaiting_answer:
            run.reveal()
        else:
            run.advance()
    return run


@functools.cache
def _half_way() -> str:
    run = walk(LessonRun(find_lesson("derivative")),
               lambda run: run.awaiting_answer and len(run.outcomes) == 1)
    run.answer(wrong_text(run.question))
    run.hint()
    state = run.state()
    assert state["question"]["attempts"] == 1 and state["question"]["hints_given"] == 1
    return json.dumps(state)


def half_way() -> dict:
    """'derivative' at its second question: one outcome, one wrong try and a hint."""
    return json.loads(_half_way())


@functools.cache
def _done() -> str:
    return json.dumps(walk(LessonRun(find_lesson("intro")), lambda run: run.finished).state())


def done() -> dict:
    """'intro' finished."""
    return json.loads(_done())


def mutate(state: dict, path: tuple, value) -> dict:
    state = json.loads(json.dumps(state))
    *parents, last = path
    holder = state
    for key in parents:
        holder = holder[key]
    if value == MISSING:
        del holder[last]
    else:
        holder[last] = value
    return state


def write_file(home, data: dict) -> None:
    home.mkdir(exist_ok=True)
    text = json.dumps(data).replace(json.dumps(INF), "1e999")
    (home / "progress.json").write_text(text)


def finish(lesson_id: str) :
    """Open the lesson as saved and go to its end, revealing every answer."""
    run = LessonRun(find_lesson(lesson_id), open_store())
    hints = 0
    while not run.finished:
        if run.awaiting_answer:
            if hints < 3:
                hints += 1
                assert run.hint().status == "hint"          # no IndexError from a hint count
            run.answer(wrong_text(run.question))
            if run.awaiting_answer:
                run.reveal()
        else:
            run.advance()
    return open_store()


def listing() -> str:
    out = io.StringIO()
    assert commands.list_lessons(Console(file=out, width=120)) == 0
    return out.getvalue()


def check_survives(tutor_home, lesson_id: str, untouched_id: str, untouched: dict,
                   expect_message: bool) -> None:
    p = open_store()
    if expect_message:
        assert p.warning is not None and "\n" not in p.warning
        assert f"lesson '{lesson_id}'" in p.warning
    assert p.lesson_state(untouched_id) == untouched         # the rest is kept
    assert p.status(lesson_id) in ("new", "in progress", "done")
    p.score(lesson_id)
    assert "Traceback" not in listing()
    assert finish(lesson_id).status(lesson_id) == "done"
    assert open_store().warning is None                        # repaired for good


@pytest.mark.parametrize("mutation", MUTATIONS, ids=list(MUTATIONS))
@pytest.mark.parametrize("path", FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_a_damaged_field_of_an_open_lesson(tutor_home, path, mutation):
    open_state, done_state = half_way(), done()
    value = MUTATIONS[mutation]
    damaged = mutate(open_state, path, value)
    write_file(tutor_home, {"version": 1, "lessons": {"derivative": damaged, "intro": done_state},
                            "last": "derivative"})
    # a missing outcome field or question may be fine; every other mutation is damage
    expect = not (value == MISSING or (path == ("question",) and value is None))
    check_survives(tutor_home, "derivative", "intro", done_state, expect)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=list(MUTATIONS))
@pytest.mark.parametrize("path", DONE_FIELDS + [("finished",), ("score",), ("step",)],
                         ids=lambda p: ".".join(map(str, p)))
def test_a_damaged_field_of_a_done_lesson(tutor_home, path, mutation):
    open_state, done_state = half_way(), done()
    value = MUTATIONS[mutation]
    damaged = mutate(done_state, path, value)
    write_file(tutor_home, {"version": 1, "lessons": {"intro": damaged, "derivative": open_state},
                            "last": "intro"})
    check_survives(tutor_home, "intro", "derivative", open_state, value != MISSING)


def test_the_issues_examples_give_no_traceback_and_no_extra_tries(tutor_home):
    open_state = half_way()
    damaged = mutate(mutate(open_state, ("question", "attempts"), -100),
                     ("score", 0), INF)
    write_file(tutor_home, {"version": 1, "lessons": {"derivative": damaged}})
    p = open_store()
    assert "question" in p.warning and "score" in p.warning
    run = LessonRun(find_lesson("derivative"), p)
    tries = 0
    while run.awaiting_answer:
        run.answer(wrong_text(run.question))
        tries += 1
    assert tries <= 3                                        # not 103


@pytest.mark.parametrize("top, value", [
    ("last", 5), ("last", INF), ("last", "x" * 100_000), ("last", ["intro"]),
    ("version", "one"), ("version", INF),
])
def test_a_damaged_top_level_entry(tutor_home, top, value):
    done_state = done()
    write_file(tutor_home, {"version": 1, "lessons": {"intro": done_state}, top: value})
    p = open_store()
    assert p.lesson_state("intro") == done_state
    assert p.last_lesson in (None, "intro")
    assert "Traceback" not in listing()


def test_other_tracks_sections_are_kept_and_damaged_ones_dropped(tutor_home):
    done_state = done()
    write_file(tutor_home, {
        "version": 1, "lessons": {"intro": done_state}, "last": "intro",
        "practice": {"skills": {"chain": {"box": 2}}},        # a later version's: kept
        "build": [1, 2, 3],                                   # not a section
        "huge": {"x": "y" * 1_000_000},                       # a section too large to carry
    })
    p = open_store()
    assert p.section("practice") == {"skills": {"chain": {"box": 2}}}
    assert "build" not in p.data and "huge" not in p.data
    assert "\n" not in p.warning and "'build'" in p.warning and "'huge'" in p.warning
    assert p.lesson_state("intro") == done_state
    p.update_section("build", lambda s: s.update(passed=["value"]))   # the track goes on
    assert open_store().section("build") == {"passed": ["value"]}


def test_too_many_sections_are_bounded(tutor_home):
    write_file(tutor_home, {"version": 1, "lessons": {},
                            **{f"track{i}": {"n": i} for i in range(50)}})
    p = open_store()
    kept = [key for key in p.data if key.startswith("track")]
    assert len(kept) == MAX_SECTIONS
    assert "and" in p.warning and "\n" not in p.warning       # one line, the rest counted


def test_an_integer_too_long_to_read_resets_its_field_not_the_file(tutor_home):
    done_state = done()
    tutor_home.mkdir()
    text = json.dumps({"version": 1, "lessons": {"intro": done_state,
                                                 "derivative": {"step": 12345}}})
    (tutor_home / "progress.json").write_text(text.replace("12345", "9" * 5000))
    p = open_store()
    assert p.lesson_state("intro") == done_state
    assert "lesson 'derivative': step" in p.warning
    assert not list(tutor_home.glob("progress.json.damaged-*"))


# --- big files ----------------------------------------------------------------------------


def test_many_unknown_lessons_are_bounded(tutor_home):
    done_state = done()
    unknown = {f"later-{i}": {"step": 1, "outcomes": [], "score": [0, 0]}
               for i in range(20_000)}
    write_file(tutor_home, {"version": 1, "lessons": {**unknown, "intro": done_state},
                            "last": "intro"})
    big = (tutor_home / "progress.json").stat().st_size
    p = open_store()
    assert p.lesson_state("intro") == done_state              # a known lesson is never dropped
    assert len(p.data["lessons"]) == MAX_UNKNOWN_LESSONS + 1
    assert "lessons this version does not know" in p.warning
    assert p.lesson_state("later-0") is not None              # kept for a later version
    p.set_lesson_state("derivative", {"step": 1, "outcomes": [], "score": [0, 0]})
    assert len(open_store().data["lessons"]) == MAX_UNKNOWN_LESSONS + 2
    assert (tutor_home / "progress.json.migrated").stat().st_size == big   # kept whole


def test_a_lesson_id_that_looks_like_markup_is_shown_as_text(tutor_home):
    write_file(tutor_home, {"version": 1, "lessons": {"[/x]\x1b[2J": 5, "intro": done()}})
    out = listing()
    assert "lesson '[/x]\\x1b[2J'" in out and "\x1b[2J" not in out
