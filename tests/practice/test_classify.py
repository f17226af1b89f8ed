"""The skill of a course question, read off its graph (the lessons are not edited)."""

import dataclasses
import sys
from pathlib import Path

import pytest

from lessons.course import find_lesson
from lessons.practice.classify import skill_of
from lessons.practice.skills import SKILLS, make_problem
from lessons.steps import AskChoice, AskGrad, AskNumber, AskSign, AskValue, labelled

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lesson_walk import questions  # noqa: E402
from tutor_helpers import lecture_L, two_paths  # noqa: E402


def test_the_lecture_graph():
    g = lecture_L()
    assert skill_of(AskGrad(out=g["L"], wrt=g["d"])) == "times"      # the multiply swap
    assert skill_of(AskGrad(out=g["L"], wrt=g["c"])) == "plus"       # through d = e + c
    assert skill_of(AskGrad(out=g["L"], wrt=g["a"])) == "chain"      # three steps
    assert skill_of(AskGrad(out=g["L"], wrt=g["L"])) == ""           # the base case
    assert skill_of(AskSign(out=g["L"], wrt=g["a"])) == "sign"


def test_two_paths_through_different_operations_and_one_node_used_twice():
    g = two_paths()
    assert skill_of(AskGrad(out=g["f"], wrt=g["a"])) == "two-ops"
    (a,) = labelled(a=3.0)
    b = a + a
    b.label = "b"
    assert skill_of(AskGrad(out=b, wrt=a)) == "twice"


def test_subtraction_and_division_are_one_step():
    a, b = labelled(a=3.0, b=2.0)
    q = a / b
    q.label = "q"
    d = a - b
    d.label = "d"
    assert skill_of(AskGrad(out=q, wrt=b)) == "local"
    assert skill_of(AskGrad(out=d, wrt=b)) == "local"


def test_an_explicit_skill_wins_and_an_unknown_one_is_no_skill():
    g = lecture_L()
    assert skill_of(AskGrad(out=g["L"], wrt=g["a"], skill="descent")) == "descent"
    assert skill_of(AskGrad(out=g["L"], wrt=g["a"], skill="juggling")) == ""
    assert skill_of(AskNumber("How many?", value=3)) == ""
    assert skill_of(AskChoice("Which?", choices=["x", "y"], correct=0)) == ""
    assert skill_of(AskNumber("w?", value=3, skill="descent")) == "descent"


@pytest.mark.parametrize("lesson_id,prompt_start,skill", [
    ("tanh-backprop", "What is do/dw1?", "neuron"),
    ("tanh-backprop", "What is n = x1*w1", "neuron"),
    ("used-twice", "Now the truth: what is db/da", "twice"),
    ("used-twice", "Run the draft's", "twice"),            # tagged by the lesson
    ("used-twice", "What is df/da?", "two-ops"),
    ("manual-backprop", "What is dL/dd?", "times"),
    ("chain-rule", "What is dL/dc?", "plus"),
    ("more-ops", "For y = exp(x)", "local"),               # a choice: tagged by the lesson
    ("descent", "After `w.data += -", "descent"),
])
def test_course_questions(lesson_id, prompt_start, skill):
    found = [q for q in questions(find_lesson(lesson_id).script)
             if q.prompt.startswith(prompt_start)]
    assert found and skill_of(found[0]) == skill


@pytest.mark.parametrize("skill", [s for s in SKILLS])
def test_drills_without_their_tag_are_classified_as_their_own_skill(skill):
    """The classifier and the generators agree on what each skill is."""
    for level in range(1, skill.top + 1):
        for seed in range(100):
            q = make_problem(skill.id, level, seed).question
            if isinstance(q, (AskGrad, AskValue)):
                assert skill_of(dataclasses.replace(q, skill="")) == skill.id, \
                    (skill.id, level, seed)
