"""The runner: score, attempts, hints, reveal, and lesson bugs kept from the learner (its
resume: test_runner_resume.py)."""

import pytest

from lessons.course import Lesson, find_lesson
from lessons.steps import AskChoice, AskGrad, AskSign, AskValue, Question, Say
from tutor.store import open_store
from tutor.runner import MAX_ATTEMPTS, LessonError, LessonRun

from tutor_helpers import (LECTURE, N_QUESTIONS, FakeLesson, answer_all_right,
                           go_to_question, lecture_L, right_text, wrong_text)


# --- score ------------------------------------------------------------------------------


def test_all_right_scores_n_of_n():
    run = LessonRun(LECTURE)
    answer_all_right(run)
    assert run.finished
    assert run.score == (N_QUESTIONS, N_QUESTIONS)
    assert run.advance() is None  # past the end: nothing more, no error


def test_outcomes_reach_the_lesson():
    run = LessonRun(LECTURE)
    go_to_question(run, "sign")
    run.answer(wrong_text(run.question))
    run.answer(right_text(run.question))
    run.advance()
    assert run.step == Say("sign: correct=True attempts=2 revealed=False")


def test_a_real_lesson_answered_right_scores_n_of_n():
    lesson = find_lesson("derivative")
    progress = open_store()
    run = LessonRun(lesson, progress)
    asked = 0
    while not run.finished:
        if run.awaiting_answer:
            asked += 1
            assert run.answer(right_text(run.question)).status == "correct"
        run.advance()
    assert asked > 0
    assert run.score == (asked, asked)
    assert progress.status("derivative") == "done"
    assert open_store().score("derivative") == (asked, asked)


def test_right_on_a_later_attempt_still_counts_as_right():
    run = LessonRun(LECTURE)
    q = go_to_question(run)
    assert run.answer(wrong_text(q)).status == "wrong"
    fb = run.answer(right_text(q))
    assert fb.status == "correct" and fb.attempts == 2
    assert "attempt 2" in fb.message
    assert run.score == (1, 1)


# --- wrong answers and the reveal ---------------------------------------------------------------


def test_three_wrong_answers_reveal_the_answer_with_its_explanation():
    run = LessonRun(LECTURE)
    q = go_to_question(run, "number")  # dL/dc = -2
    for attempt in range(1, MAX_ATTEMPTS):
        fb = run.answer(wrong_text(q))
        assert fb.status == "wrong" and not fb.done
        assert fb.attempts == attempt
        assert fb.answer == ""  # the answer is not given away yet
    fb = run.answer(wrong_text(q))
    assert fb.status == "revealed" and fb.done
    assert f"attempt {MAX_ATTEMPTS}" in fb.message
    assert fb.answer == "-2"
    assert fb.explanation[:4] == ["dL/dc = dL/dd * ∂d/∂c", "      = ∂L/∂d * ∂d/∂c",
                                  "      = (-2) * 1", "      = -2"]
    assert not run.awaiting_answer
    assert run.score == (1, 2)  # the sign question before it was answered right
    run.advance()
    assert run.step == Say("grad: correct=False attempts=3 revealed=True")


def test_a_wrong_choice_or_value_gets_no_chain_rule():
    def script():
        yield AskChoice("?", choices=["x", "y", "z"], correct=0)
        yield AskValue(node=lecture_L()["e"], hints=["Multiply."])
    run = LessonRun(FakeLesson("plain-questions", script))
    fb = run.answer("2")
    assert fb.status == "wrong" and fb.explanation == []
    assert fb.message == "Not quite. 2 more tries (or ask for a hint)."
    run.reveal()
    run.advance()
    fb = run.answer("6")  # e = -6
    assert fb.status == "wrong" and "wrong sign" in fb.message and fb.explanation == []
    fb = run.reveal()
    assert fb.answer == "-6" and fb.explanation == ["e = a*b = 2 * (-3) = -6"]


def test_reveal_when_asked():
    run = LessonRun(LECTURE)
    go_to_question(run, "sign")
    fb = run.reveal()
    assert fb.status == "revealed"
    assert fb.answer.startswith("up (+)")
    assert fb.explanation[0] == "dL/da = dL/de * ∂e/∂a"
    assert run.score == (0, 1)
    run.advance()
    assert run.step == Say("sign: correct=False attempts=0 revealed=True")


def test_no_answers_once_a_question_is_over():
    run = LessonRun(LECTURE)
    q = go_to_question(run)
    run.answer(right_text(q))
    with pytest.raises(RuntimeError):
        run.answer(right_text(q))
    with pytest.raises(RuntimeError):
        run.reveal()
    with pytest.raises(RuntimeError):
        run.hint()


def test_advance_during_an_open_question_raises():
    run = LessonRun(LECTURE)
    go_to_question(run)
    index = run.index
    with pytest.raises(RuntimeError, match="answer or reveal"):
        run.advance()
    assert run.index == index and run.awaiting_answer


def test_answer_when_no_question_is_open_raises():
    run = LessonRun(LECTURE)
    assert isinstance(run.step, Say)
    with pytest.raises(RuntimeError):
        run.answer("1")


# --- hints ----------------------------------------------------------------------------------


def test_hints_come_in_order_lessons_own_then_concept_rule_numbers():
    run = LessonRun(LECTURE)
    go_to_question(run, "sign")  # AskSign(L, wrt=a) with one hint of the lesson's own
    assert run.hints_left == 3   # the lesson's hint is the concept; then rule and numbers
    first, second, third = run.hint(), run.hint(), run.hint()
    assert {h.status for h in (first, second, third)} == {"hint"}
    assert first.message == "Hint 1 of 3: Think of e = a*b first."
    assert second.message.startswith("Hint 2 of 3: The chain rule:")
    assert "dL/da = dL/de * ∂e/∂a" in second.message and "-2" not in second.message
    assert third.message.startswith("Hint 3 of 3: You know: dL/de = -2 (from above)")
    assert run.hints_left == 0
    last = run.hint()
    assert last.status == "hint" and last.message.startswith("No more hints")
    assert run.attempts == 0  # hints are free
    assert run.awaiting_answer


def test_hints_never_give_the_answer_away():
    run = LessonRun(LECTURE)
    go_to_question(run, "sign")
    messages = [run.hint().message for _ in range(3)]
    assert not any("= 6" in m for m in messages)  # dL/da = 6


def test_a_question_without_any_hint_says_so():
    def script():
        yield AskChoice("?", choices=["x", "y"], correct=0)
    run = LessonRun(FakeLesson("no-hints", script))
    assert run.hint().message.startswith("Hint 1 of 1: No hint for this one.")
    assert run.hint().message.startswith("No more hints")


# --- lesson bugs --------------------------------------------------------------------------------


def test_a_lesson_that_fails_part_way_raises_lesson_error():
    def script():
        yield Say("fine")
        yield Say(f"{1 / 0}")
    run = LessonRun(FakeLesson("buggy", script))
    with pytest.raises(LessonError) as info:
        run.advance()
    message = str(info.value)
    assert "'buggy'" in message and "ZeroDivisionError: division by zero" in message
    assert run.index == 0 and run.step == Say("fine")  # still where the learner was
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_a_lesson_that_fails_at_once_raises_lesson_error():
    def script():
        raise KeyError("oops")
        yield  # a generator
    with pytest.raises(LessonError, match="KeyError"):
        LessonRun(FakeLesson("broken", script))


def test_a_lesson_whose_question_is_malformed_raises_lesson_error():
    def script():
        g = lecture_L()
        yield AskGrad(out=g["e"], wrt=g["f"])  # f is not in e's graph
    with pytest.raises(LessonError, match="not part of"):
        LessonRun(FakeLesson("malformed", script))


def test_a_lesson_module_that_cannot_be_loaded_raises_lesson_error():
    lesson = Lesson("ghost", "A lesson that is not there", "l99_no_such_module", (1,))
    with pytest.raises(LessonError, match="ghost"):
        LessonRun(lesson)


def test_a_lesson_error_while_resuming_is_a_lesson_error():
    calls = {"n": 0}

    def script():
        calls["n"] += 1
        yield Say("one")
        if calls["n"] > 1:
            raise RuntimeError("only on the second run")
        yield Say("two")
        yield Say("three")
    lesson = FakeLesson("flaky", script)
    run = LessonRun(lesson, open_store())
    run.advance()
    run.advance()
    with pytest.raises(LessonError, match="only on the second run"):
        LessonRun(lesson, open_store())


def test_every_question_kind_can_be_answered_right():
    def script():
        g = lecture_L()
        yield AskValue(node=g["L"])
        yield AskSign(out=g["L"], wrt=g["b"])
        yield AskGrad(out=g["L"], wrt=g["b"])
        yield AskChoice("?", choices=["a", "b", "c"], correct=2)
    run = LessonRun(FakeLesson("kinds", script))
    kinds = []
    while not run.finished:
        q = run.question
        assert isinstance(q, Question)
        kinds.append(q.kind)
        assert run.answer(right_text(q)).status == "correct"
        run.advance()
    assert kinds == ["number", "sign", "number", "choice"]
    assert run.score == (4, 4)


# --- retaking and saving every try ---------------------------------------------------------


def test_retaking_a_finished_lesson_keeps_it_done_with_its_best_score(tutor_home):
    progress = open_store()
    first = LessonRun(LECTURE, progress)
    answer_all_right(first)
    assert progress.status("lecture") == "done"

    again = LessonRun(LECTURE, open_store())  # reopened: starts from the top
    assert again.index == 0
    question = go_to_question(again)
    for _ in range(MAX_ATTEMPTS):
        again.answer(wrong_text(question))
    again.advance()

    reread = open_store()
    assert reread.status("lecture") == "done"
    assert reread.score("lecture") == (N_QUESTIONS, N_QUESTIONS)


def test_a_wrong_try_is_saved_at_once(tutor_home):
    run = LessonRun(LECTURE, open_store())
    question = go_to_question(run)
    run.answer(wrong_text(question))
    run.hint()
    # no save(), no advance(): as if the connection dropped now
    resumed = LessonRun(LECTURE, open_store())
    assert resumed.awaiting_answer and resumed.attempts == 1
    assert resumed.hints_left == run.hints_left


def test_resume_gives_the_steps_since_the_last_question_as_context(tutor_home):
    run = LessonRun(LECTURE, open_store())
    go_to_question(run, kind="number")          # the AskGrad, after a Say about the sign
    run.save()
    resumed = LessonRun(LECTURE, open_store())
    assert [type(s).__name__ for s in resumed.context] == ["Say"]
    assert resumed.context[0].text.startswith("sign: correct=True")
    assert LessonRun(LECTURE).context == []      # a fresh start has no context to repeat
