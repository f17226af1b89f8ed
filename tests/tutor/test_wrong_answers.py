"""Fifty-odd wrong answers a learner would type, across the course and the drills, each
named for what it is (the build track's are in tests/buildtrack/test_build_mistakes.py)."""

import importlib

import pytest

from lesson_walk import questions
from lessons.course import find_lesson
from lessons.practice.skills import make_problem
from lessons.steps import AskGrad
from tutor.diagnosis import diagnose
from tutor.grading import is_correct, parse_answer

_CACHE = {}


def lesson_question(lesson_id, fragment):
    if lesson_id not in _CACHE:
        module = importlib.import_module(f"lessons.{find_lesson(lesson_id).module}")
        _CACHE[lesson_id] = questions(module.lesson)
    found = [q for q in _CACHE[lesson_id] if fragment in q.prompt]
    assert len(found) == 1, (fragment, [q.prompt for q in _CACHE[lesson_id]])
    return found[0]


COURSE = [
    # (lesson, prompt fragment, what the learner types, words the reason must hold)
    ("derivative", "slope of f at x = -3", "44", ["the value of", "itself"]),
    ("derivative", "slope of f at x = -3", "22", ["Right size, wrong sign."]),
    ("derivative", "What is f(3.0)?", "-20", ["wrong sign"]),
    ("several-inputs", "with respect to b?", "-3", ["That is b itself, the slope for a"]),
    ("several-inputs", "with respect to b?", "4", ["the value of d itself"]),
    ("several-inputs", "with respect to c?", "4", ["the value of d itself"]),
    ("graph", "How many leaves", "3", ["Two different slips", "computed", "f"]),
    ("graph", "How many leaves", "5", ["One too many"]),
    ("manual-backprop", "What is dL/dL?", "-8", ["the value of L itself"]),
    ("manual-backprop", "What is dL/dd?", "4", ["That is d's own value"]),   # = dL/df
    ("manual-backprop", "What is dL/df?", "-2", ["That is f's own value"]),
    ("chain-rule", "What is ∂d/∂c", "-2", ["That is dL/dc, the total derivative",
                                           "local derivative ∂d/∂c"]),
    ("chain-rule", "What is ∂d/∂c", "0.5", ["does not share"]),
    ("chain-rule", "How many times as fast", "6", ["added the two rates"]),
    ("chain-rule", "What is dL/dc?", "1", ["only the local derivative ∂d/∂c", "dL/dd"]),
    ("chain-rule", "What is dL/da?", "-2", ["That is dL/de, the gradient arriving at e"]),
    ("chain-rule", "What is dL/da?", "-3", ["only the local derivative ∂e/∂a"]),
    ("chain-rule", "What is dL/da?", "-6", ["Sign flipped"]),
    ("chain-rule", "What is dL/da?", "-8", ["the value of L itself"]),
    ("chain-rule", "What is dL/db?", "6", ["You used b's own value"]),   # = dL/da too
    ("tanh-backprop", "What is do/dn?", "1", ["the seed", "∂o/∂n"]),
    ("tanh-backprop", "What is do/dn?", "0.7071", ["tanh's output itself"]),
    ("tanh-backprop", "What is do/dx1?", "0.5", ["the gradient arriving at"]),
    ("tanh-backprop", "What is do/dw1?", "-1.5", ["You used w1's own value"]),
    ("tanh-backprop", "What is do/dw2?", "0.5", ["Two different slips", "w2's own value",
                                                 "the chain stopped 2 steps above w2"]),
    ("backward-closures", "o.local_grads()", "0.36", ["one minus the square"]),
    ("backward-closures", "o.local_grads()", "0.4", ["Square it"]),
    ("backward-closures", "o.local_grads()", "0.6931", ["tanh's input"]),
    ("backward-closures", "After seeding", "1", ["do/do = 1, the seed"]),
    ("backward-closures", "After seeding", "0.36", ["one minus the square"]),
    ("backward-closures", "x1*w1 has children", "3", ["x1's own value"]),
    ("backward-closures", "x1*w1 has children", "0.32", ["do/dx1, the total derivative"]),
    ("used-twice", "what is db/da really?", "6", ["the value of b itself"]),
    ("used-twice", "What is df/da?", "-8", ["You used a's own value"]),
    ("more-ops", "What is dq/db?", "0.25", ["dq/da, the derivative with respect to a"]),
    ("more-ops", "What is dq/db?", "1/8", ["You left out the factor k = -1"]),
    ("more-ops", "What is dq/db?", "0.5", ["the value of q itself"]),
    ("loss", "What is dloss/dŷ2", "7.0913", ["the value of loss itself"]),
    ("custom-ops", "What is ∂o/∂n", "0.36", ["b²"]),
    ("custom-ops", "Now o feeds L", "1.8", ["one minus the square"]),
    ("custom-ops", "Built from +, ×, powers", "4.2", ["The minus was dropped"]),
    ("custom-ops", "Built from +, ×, powers", "-0.36", ["That is P3(0.6), the value"]),
]


@pytest.mark.parametrize("lesson_id, fragment, typed, words", COURSE,
                         ids=[f"{c[0]}:{c[2]}" for c in COURSE])
def test_a_wrong_answer_in_the_course_is_named(lesson_id, fragment, typed, words):
    q = lesson_question(lesson_id, fragment)
    value = parse_answer(q, typed)
    assert not is_correct(q, value)
    message = diagnose(q, value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert "Not quite" not in message


def test_topo_orders_reversed_pair_says_so():
    q = lesson_question("topo-order", "come last in the list")
    picked = q.choices.index("o, then n")
    assert diagnose(q, picked).startswith("Reversed: o is computed from n")


def test_intros_guess_explains_the_other_input():
    q = lesson_question("intro", "more sensitive to")
    wrong = next(i for i in range(len(q.choices)) if i != q.answer)
    assert "the smaller gradient" in diagnose(q, wrong)


def test_two_thirds_typed_as_067_is_right():
    q = lesson_question("derivative", "slope of f exactly 0")
    assert is_correct(q, parse_answer(q, "0.67")) and is_correct(q, parse_answer(q, "2/3"))


# --- the drills: each slip on a graph no lesson wrote --------------------------------------

def first_drill(skill, level, want, seeds=range(80)):
    """The first drill of a skill whose question has a value for the slip ``want`` gives."""
    for seed in seeds:
        p = make_problem(skill, level, seed)
        value = want(p)
        if value is not None and not p.question.accepts(value):
            return p, value
    pytest.fail(f"no {skill} drill at level {level} with that slip")


def grad_of(name):
    return lambda p: p.question.all_grads.get(p.values[name]) if name in p.values else None


def value_of(name):
    return lambda p: p.values[name].data if name in p.values else None


def _another_inputs_gradient(p, asked, other):
    """d(out)/d(other) for a question about ``asked``, when no other slip gives it."""
    q = p.question
    if not isinstance(q, AskGrad) or q.wrt is not p.values[asked]:
        return None
    g = q.all_grads[p.values[other]]
    plain = {-q.answer, q.out.data, q.wrt.data, 1.0}
    return None if any(abs(g - x) < 1e-9 for x in plain) else g


DRILLS = [
    ("chain", 1, grad_of("c"), ["stopped"]),
    ("chain", 2, grad_of("d"), ["stopped"]),
    ("chain", 1, lambda p: -p.question.answer, ["Sign flipped"]),
    ("chain", 1, value_of("L"), ["the value of L itself"]),
    ("twice", 1, value_of("b"), ["the value of b itself"]),
    ("twice", 1, lambda p: p.question.answer / 2, ["only one of the two uses"]),
    ("times", 1, lambda p: p.question.wrt.data, ["own value"]),
    ("neuron", 2, lambda p: 1.0 if p.question.wrt is p.values["n"] else None, ["the seed"]),
    ("neuron", 2, lambda p: (p.values["o"].data if p.question.wrt is p.values["n"] else None),
     ["tanh's output itself"]),
    ("neuron", 1, lambda p: _another_inputs_gradient(p, "w2", "x1"),
     ["dn/dx1, the derivative with respect to x1"]),
    ("two-ops", 1, lambda p: p.question.answer - p.values["d"].data, ["only the path"]),
    ("plus", 3, lambda p: -p.question.answer, ["The minus was dropped at the subtraction"]),
]


@pytest.mark.parametrize("skill, level, want, words", DRILLS,
                         ids=[f"{d[0]}{d[1]}-{i}" for i, d in enumerate(DRILLS)])
def test_a_wrong_answer_on_a_drill_is_named(skill, level, want, words):
    p, value = first_drill(skill, level, want)
    message = diagnose(p.question, value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r} ({p.source})"


def test_a_wrong_sign_on_the_sign_drill_names_the_flipping_factor():
    for seed in range(40):
        q = make_problem("sign", 1, seed).question
        message = diagnose(q, -q.answer)
        assert message.startswith(("The direction flips at ∂", "Every local derivative")), message
