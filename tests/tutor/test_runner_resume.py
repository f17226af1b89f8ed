"""The runner's resume: where a learner left a lesson, what a saved state may hold, and a
damaged one never costing more than that lesson."""

import math

import pytest

from lessons.steps import AskSign, RevealBackward, Say
from tutor.store import open_store
from tutor.runner import MAX_ATTEMPTS, LessonRun

from tutor_helpers import LECTURE, N_QUESTIONS, answer_all_right, go_to_question, right_text, wrong_text


# --- resume -----------------------------------------------------------------------------------


def test_resume_at_the_step_left_with_the_score_and_outcomes():
    progress = open_store()
    run = LessonRun(LECTURE, progress)
    go_to_question(run, "sign")
    run.answer(wrong_text(run.question))
    run.answer(right_text(run.question))
    run.advance()
    go_to_question(run, "number")
    run.reveal()
    run.advance()   # Say("grad: ...")
    run.advance()   # RevealBackward
    index, step_type, score = run.index, type(run.step), run.score
    assert step_type is RevealBackward

    again = LessonRun(LECTURE, open_store())  # a fresh process, same file
    assert again.index == index
    assert type(again.step) is step_type
    assert again.score == score == (1, 2)
    assert not again.awaiting_answer
    # the lesson was replayed with the same outcomes: the steps after it are the same
    again.advance()
    assert again.question.kind == "choice"
    assert again.question.prompt == "Which way is backward?"


def test_resume_replays_outcomes_into_the_lesson():
    progress = open_store()
    run = LessonRun(LECTURE, progress)
    go_to_question(run, "sign")
    run.reveal()
    run.advance()
    assert run.step == Say("sign: correct=False attempts=0 revealed=True")

    again = LessonRun(LECTURE, open_store())
    assert again.step == Say("sign: correct=False attempts=0 revealed=True")


def test_resume_an_open_question_keeps_its_attempts_and_hints():
    progress = open_store()
    run = LessonRun(LECTURE, progress)
    q = go_to_question(run, "number")
    run.answer(wrong_text(q))
    run.hint()
    run.save()  # what a front end does on quit

    again = LessonRun(LECTURE, open_store())
    assert again.index == run.index
    assert again.awaiting_answer
    assert again.attempts == 1
    assert again.hints_left == run.hints_left
    assert again.hint().message.startswith("Hint 2 of")
    # only the tries left: two more wrong answers reveal it
    assert again.answer(wrong_text(again.question)).status == "wrong"
    assert again.answer(wrong_text(again.question)).status == "revealed"


def test_resume_a_question_answered_but_not_yet_left():
    progress = open_store()
    run = LessonRun(LECTURE, progress)
    q = go_to_question(run, "sign")
    run.answer(right_text(q))

    again = LessonRun(LECTURE, open_store())
    assert again.index == run.index
    assert isinstance(again.step, AskSign)
    assert not again.awaiting_answer
    assert again.score == (1, 1)
    again.advance()
    assert again.step == Say("sign: correct=True attempts=1 revealed=False")


def test_resume_then_finish_counts_each_question_once():
    progress = open_store()
    run = LessonRun(LECTURE, progress)
    go_to_question(run, "number")
    again = LessonRun(LECTURE, open_store())
    answer_all_right(again)
    assert again.score == (N_QUESTIONS, N_QUESTIONS)
    assert open_store().score("lecture") == (N_QUESTIONS, N_QUESTIONS)


def test_a_finished_lesson_reopens_at_the_beginning():
    progress = open_store()
    run = LessonRun(LECTURE, progress)
    answer_all_right(run)
    assert progress.status("lecture") == "done"

    again = LessonRun(LECTURE, open_store())
    assert again.index == 0
    assert again.step == Say("intro")
    assert again.score == (0, 0)
    # merely opening it again does not undo the finished lesson
    assert open_store().status("lecture") == "done"
    assert open_store().score("lecture") == (N_QUESTIONS, N_QUESTIONS)


def test_restart_forgets_the_saved_state():
    progress = open_store()
    run = LessonRun(LECTURE, progress)
    go_to_question(run, "number")
    run.restart()
    assert run.index == 0 and run.step == Say("intro") and run.score == (0, 0)
    assert progress.status("lecture") == "new"
    assert LessonRun(LECTURE, open_store()).index == 0


def test_a_saved_state_the_lesson_no_longer_matches_does_not_crash(tutor_home):
    progress = open_store()
    progress.set_lesson_state("lecture", {"step": 999, "outcomes": [], "finished": False})
    run = LessonRun(LECTURE, open_store())
    assert not run.finished  # stopped where the file and the lesson disagree
    answer_all_right(run)
    assert run.finished


class RawProgress:
    """Saved states exactly as a damaged file could hold them (the store checks every field
    when it reads the file; the runner must not need that to stay on its feet)."""

    def __init__(self, states: dict):
        self.states = states

    def lesson_state(self, lesson_id):
        return self.states.get(lesson_id)

    def set_lesson_state(self, lesson_id, state, event=None):
        self.states[lesson_id] = state


@pytest.mark.parametrize("state", [
    {"step": "three"},
    {"step": 5, "outcomes": [1, 2, 3]},
    {"step": 5, "outcomes": 7},
    {"step": 2, "outcomes": [], "question": "open"},
    {"step": 2, "outcomes": [], "question": {"attempts": "x"}},
    {"step": [1]},
    {"step": math.inf},
    {"step": 3, "outcomes": [{"correct": True, "attempts": math.inf}]},
    {"step": 2, "outcomes": [], "question": {"attempts": 0, "hints_given": math.nan}},
    {"step": 2, "outcomes": {"a": 1}},
])
def test_a_damaged_lesson_state_starts_that_lesson_afresh(state):
    progress = RawProgress({"lecture": state})
    run = LessonRun(LECTURE, progress)
    assert run.index == 0 and run.step == Say("intro")
    answer_all_right(run)
    assert progress.lesson_state("lecture")["score"] == [N_QUESTIONS, N_QUESTIONS]


def open_sign_question(question: dict) -> LessonRun:
    """The lecture lesson resumed at its first question, left open as saved."""
    return LessonRun(LECTURE, RawProgress({"lecture": {"step": 2, "outcomes": [],
                                                       "question": question}}))


@pytest.mark.parametrize("attempts", [-100, -1, MAX_ATTEMPTS, 10**9])
def test_saved_attempts_out_of_range_never_give_more_tries_or_none(attempts):
    run = open_sign_question({"attempts": attempts, "hints_given": 0})
    assert run.awaiting_answer and 0 <= run.attempts < MAX_ATTEMPTS
    tries = 0
    while run.awaiting_answer:
        run.answer(wrong_text(run.question))
        tries += 1
    assert 1 <= tries <= MAX_ATTEMPTS                  # never 103 tries, never none


@pytest.mark.parametrize("hints_given", [-100, -1, 10**9])
def test_saved_hints_out_of_range_give_a_hint_or_say_there_are_no_more(hints_given):
    run = open_sign_question({"attempts": 0, "hints_given": hints_given})
    feedback = run.hint()                               # no IndexError
    assert feedback.status == "hint"
    assert feedback.message.startswith(("Hint 1 of", "No more hints"))


def test_state_is_json_and_says_where_the_learner_is():
    progress = open_store()
    run = LessonRun(LECTURE, progress)
    q = go_to_question(run, "sign")
    run.answer(right_text(q))
    state = open_store().lesson_state("lecture")          # as another process reads it
    assert state["step"] == run.index
    assert state["score"] == [1, 1]
    assert state["finished"] is False
