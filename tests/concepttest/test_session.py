"""One sitting of the test on the real store: one try, no feedback, unreadable answers free,
every answer an event of the track "test", resumed where it stopped, never practice."""

import pytest

from tutor.concepttest.items import ITEMS, first_form, other_form, problem_of
from tutor.concepttest.results import learner_rows, taken
from tutor.concepttest.session import TestRun
from tutor.concepttest.state import SECTION, answered, blocked, due_offer
from tutor.practice.cli import skill_rows
from tutor.practice.store import PracticeStore
from tutor.store import open_store
from tutor_helpers import right_text, wrong_text


def take(run, right=lambda item: True):
    """Answer every remaining item, right or wrong as right(item) says."""
    while not run.done:
        q = run.problem().question
        reply = run.answer(right_text(q) if right(run.current) else wrong_text(q))
        assert reply.status == "saved"


def test_an_answer_is_saved_as_an_event_of_the_test_track_with_its_item_and_form():
    store = open_store()
    clock = iter([0.0, 5.0, 5.0, 7.5, 7.5])
    run = TestRun(store, "pre", clock=lambda: next(clock))
    assert run.form == first_form(store.learner) and run.number == 1 and run.total == 20
    first = run.current
    q = run.problem().question
    assert run.answer(right_text(q)).status == "saved"
    assert run.number == 2 and run.current is not first
    q = run.problem().question
    run.answer(wrong_text(q))
    events = open_store().events()
    assert [(e["track"], e["kind"], e["subject"], e["correct"]) for e in events] == [
        ("test", "answer", "pre/sign", True), ("test", "answer", "pre/sign", False)]
    assert events[0]["item"] == f"sign-1/{run.form}"
    assert events[0]["seed"] == ITEMS[0].source(run.form).seed
    assert events[0]["uid"] == "test/pre/sign-1"
    assert events[0]["hints"] == 0 and events[0]["seconds"] == 5.0
    assert events[1]["answer"] == wrong_text(q)


def test_an_unreadable_answer_is_explained_and_costs_nothing():
    store = open_store()
    run = TestRun(store, "pre")
    reply = run.answer("banana")
    assert reply.status == "invalid" and "not a direction I know" in reply.message
    assert "does not use up your try" in reply.message
    assert run.number == 1 and store.events() == []
    run.answer("")                              # nothing typed: the same
    assert run.number == 1 and store.events() == []


def test_there_is_no_feedback_right_or_wrong_reads_the_same():
    run = TestRun(open_store(), "pre")
    right = run.answer(right_text(run.problem().question))
    wrong = run.answer(wrong_text(run.problem().question))
    assert right == wrong                       # "Saved. Next question." either way


def test_skip_is_one_try_that_counts_as_wrong():
    store = open_store()
    run = TestRun(store, "pre")
    run.answer(" Skip ")
    event, = store.events()
    assert event["correct"] is False and event["mistake"] == "skipped"
    assert run.number == 2


def test_leaving_keeps_every_answer_and_the_next_sitting_goes_on_from_there():
    store = open_store()
    run = TestRun(store, "pre")
    for _ in range(3):
        run.answer(right_text(run.problem().question))
    again = TestRun(open_store(), "pre")       # another process, after Ctrl+C
    assert again.number == 4 and again.current is ITEMS[3]
    assert answered(open_store(), "pre") == 3


def test_one_answer_per_item_even_when_two_sittings_race():
    one, two = TestRun(open_store(), "pre"), TestRun(open_store(), "pre")
    one.answer(right_text(one.problem().question))
    two.answer(wrong_text(two.problem().question))     # the same item, from a stale screen
    store = open_store()
    assert len(store.events()) == 1 and store.events()[0]["correct"] is True
    assert store.section(SECTION)["pre"]["answers"] == {"sign-1": True}


def test_the_posttest_takes_the_other_form():
    store = open_store()
    pre, post = TestRun(store, "pre"), TestRun(store, "post")
    assert post.form == other_form(pre.form)
    assert post.problem().source != pre.problem().source
    assert post.problem().question.kind == pre.problem().question.kind


def test_a_form_recorded_stays_even_if_the_hash_would_say_otherwise():
    store = open_store()
    other = other_form(first_form(store.learner))
    store.update_section(SECTION, lambda s: s.update(pre={"form": other, "answers": {}}))
    assert TestRun(store, "pre").form == other
    assert TestRun(store, "post").form == first_form(store.learner)


def test_a_damaged_section_reads_as_a_fresh_test():
    store = open_store()
    store.update_section(SECTION, lambda s: s.update(pre={"form": "Z", "answers": [1, 2]},
                                                     post="nonsense"))
    run = TestRun(store, "pre")
    assert run.number == 1 and run.form in ("A", "B")
    run.answer(right_text(run.problem().question))
    assert open_store().section(SECTION)["pre"]["answers"] == {"sign-1": True}
    assert TestRun(store, "post").number == 1


def test_results_per_skill_and_the_gain_after_both_tests():
    store = open_store()
    take(TestRun(store, "pre"), right=lambda item: item.skill == "sign")
    assert taken(store, "pre") and not taken(store, "post")
    take(TestRun(store, "post"), right=lambda item: item.id != "tanh-2")
    rows = {row.title: row for row in learner_rows(open_store())}
    sign, tanh, whole = rows["The sign of a gradient"], rows["tanh"], rows["All 20 questions"]
    assert sign.pre == (2, 2) and sign.post == (2, 2) and sign.gain is None   # 100% before
    assert tanh.pre == (0, 2) and tanh.post == (1, 2) and tanh.gain == 0.5
    assert whole.pre == (2, 20) and whole.post == (19, 20)
    assert whole.gain == pytest.approx((95 - 10) / (100 - 10))


def test_the_test_never_counts_as_practice():
    store = open_store()
    take(TestRun(store, "pre"))                          # all twenty right
    take(TestRun(store, "post"))
    fresh = open_store()
    assert fresh.section("practice") == {}
    assert PracticeStore(fresh).due() == []
    assert all(status == "new" for _, _, status, _ in skill_rows(fresh))
    assert fresh.data["lessons"] == {}                   # nor as a lesson
    assert {e["track"] for e in fresh.events()} == {"test"}


def test_the_course_offers_the_pretest_first_and_the_posttest_after_the_last_lesson():
    from lessons.course import all_lessons

    store = open_store()
    assert due_offer(store) == "pre"
    run = TestRun(store, "pre")
    run.answer("skip")
    assert due_offer(store) == "pre"                      # half done: still offered
    store.set_lesson_state("intro", {"step": 1, "outcomes": [], "finished": False})
    assert due_offer(store) is None                       # a lesson begun: skipped
    last = all_lessons()[-1].id
    store.set_lesson_state(last, {"step": 9, "outcomes": [], "finished": True,
                                  "score": [1, 1]})
    assert due_offer(store) == "post"
    take(TestRun(store, "post"))
    assert due_offer(store) is None
    assert blocked(store, "pre") is not None and blocked(store, "post") is None


def test_each_form_of_each_item_is_made_once_per_sitting():
    run = TestRun(open_store(), "pre")
    assert run.problem() is run.problem()
    assert run.problem(ITEMS[5]).source == problem_of(ITEMS[5], run.form).source


def test_an_answer_that_cannot_be_saved_is_kept_said_and_written_by_the_next_save(
        monkeypatch):
    from store_helpers import failing_saves

    store = open_store()
    run = TestRun(store, "pre")
    works_again = failing_saves(monkeypatch, "full")
    reply = run.answer(right_text(run.problem().question))
    assert reply.status == "saved" and reply.message.startswith("Kept, not saved yet")
    assert store.save_error and "disk is full" in store.save_error
    assert run.number == 2                           # the sitting goes on, from memory
    works_again()
    reply = run.answer(wrong_text(run.problem().question))
    assert reply.message == "Saved. Next question."
    fresh = open_store()
    assert [e["correct"] for e in fresh.events()] == [True, False]
    assert fresh.section(SECTION)["pre"]["answers"] == {"sign-1": True, "sign-2": False}
