"""A rounded answer's precision is stated with its prompt and graded by it: 0.67 for 2/3."""

import importlib

import pytest

from lesson_walk import questions
from lessons.course import find_lesson
from lessons.practice.skills import make_problem
from lessons.steps import AskGrad, AskNumber, labelled
from tutor.hints import prompt_text
from tutor.runner import LessonRun

from tutor_helpers import FakeLesson


def test_the_derivative_lessons_two_thirds_takes_two_decimals():
    lesson = find_lesson("derivative")
    qs = questions(importlib.import_module(f"lessons.{lesson.module}").lesson)
    (q,) = [q for q in qs if "slope of f exactly 0" in q.prompt]
    assert "two decimals" in q.prompt
    assert q.accepts(0.67) and q.accepts(2 / 3) and not q.accepts(0.65)


def test_a_rounded_answer_gets_its_precision_stated_and_graded():
    x, y = labelled(x=3.0, y=2.0)
    z = x / y * (1 / 3.0)                 # dz/dx = 1/6: rounded
    z.label = "z"
    assert AskGrad(out=z, wrt=x).precision_note == "Two decimals are enough."
    assert AskGrad(out=z, wrt=x).accepts(0.17)
    assert AskGrad(out=z, wrt=y).precision_note == ""      # dz/dy = -1/4: short
    q = AskNumber("What is 2/3 of 1?", value=2 / 3)
    assert prompt_text(q) == "What is 2/3 of 1? (Two decimals are enough.)"
    assert q.accepts(0.67) and not q.accepts(0.68)
    small = AskNumber("And 1/60?", value=1 / 60)
    assert prompt_text(small).endswith("(Three significant digits are enough.)")
    assert small.accepts(0.0167) and not small.accepts(0.017)


def test_a_short_answer_or_a_tight_question_gets_no_note():
    assert AskNumber("?", value=0.125).precision_note == ""
    assert AskNumber("?", value=-8e-05).precision_note == ""
    tight = AskNumber("float32?", value=2 / 3, abs_tol=3e-9, rel_tol=0)
    assert tight.precision_note == "" and not tight.accepts(0.67)


def test_a_drill_with_a_rounded_answer_states_it():
    for seed in range(60):
        q = make_problem("local", 2, seed).question
        if abs(q.answer * 1000 - round(q.answer * 1000)) > 1e-6:   # 1/6, 1/3 ...
            assert q.precision_note and q.accepts(round(q.answer, 2)), q.answer
            return
    pytest.fail("no drill with a rounded answer in 60 seeds")


def test_the_runner_grades_067_right_at_the_first_try():
    def lesson():
        yield AskNumber("What is 2/3?", value=2 / 3)

    run = LessonRun(FakeLesson("t", lesson))
    assert run.answer("0.67").status == "correct"
