"""Lessons of chapters 1 and 2 (intro, several inputs, Value, graph, manual backprop,
chain rule, one step): they run, ask enough questions, and compute the lecture's numbers."""

import importlib

import pytest
from lesson_walk import questions, walk

from lessons.course import find_lesson
from lessons.steps import (AskChoice, AskGrad, AskNumber, AskSign, AskValue, Nudge, Question, RevealBackward, Say, Show)

IDS = ["intro", "derivative", "several-inputs", "value", "graph", "manual-backprop", "chain-rule", "one-step"]
TIGHT = 1e-9


def script(lesson_id):
    lesson = find_lesson(lesson_id)
    assert lesson is not None, lesson_id
    return importlib.import_module(f"lessons.{lesson.module}").lesson


def by_prompt(qs, kind, fragment):
    found = [q for q in qs if isinstance(q, kind) and fragment in q.prompt]
    assert len(found) == 1, (kind.__name__, fragment, [q.prompt for q in qs])
    return found[0]


def chosen(q):
    return q.choices[q.correct]


# --- the lecture's numbers --------------------------------------------------------------

def test_intro_readme_teaser_numbers():
    from engine import Value
    from lessons.l01_intro import teaser

    a, b = Value(-4.0), Value(2.0)
    g = teaser(a, b)
    g.backward()
    assert round(g.data, 4) == 24.7041
    assert round(a.grad, 4) == 138.8338
    assert round(b.grad, 4) == 645.5773

    steps = walk(script("intro"))
    text = " ".join(s.text for s in steps if isinstance(s, Say))
    for shown in ("24.7041", "138.8338", "645.5773"):
        assert shown in text
    qs = [s for s in steps if isinstance(s, Question)]
    nudge_q = by_prompt(qs, AskNumber, "by about how much")
    assert abs(nudge_q.answer - 138.8338192419825 * 0.001) < TIGHT
    stronger = by_prompt(qs, AskChoice, "more sensitive")
    assert chosen(stronger).startswith("b")
    assert by_prompt(qs, AskNumber, "4 x 3").answer == 12
    nudge = next(s for s in steps if isinstance(s, Nudge))
    assert nudge.leaf.label == "a" and abs(nudge.slope - 138.83) < 0.5


def test_derivative_numbers():
    steps = walk(script("derivative"))
    qs = [s for s in steps if isinstance(s, Question)]
    assert by_prompt(qs, AskValue, "f(3.0)").answer == 20.0
    assert by_prompt(qs, AskSign, "3.001").answer == 1
    coarse = by_prompt(qs, AskNumber, "h = 0.01")              # pitfall 11: the O(h) error
    assert coarse.answer == pytest.approx(14.03, abs=1e-9)
    assert by_prompt(qs, AskGrad, "x = -3").answer == -22.0
    flat = by_prompt(qs, AskNumber, "slope of f exactly 0")      # the bottom of the parabola
    assert flat.answer == pytest.approx(2 / 3, abs=1e-12)
    assert chosen(by_prompt(qs, AskChoice, "1e-15")).startswith("The estimate goes wrong")
    # each number is asked before the nudge that shows it
    nudges = [s for s in steps if isinstance(s, Nudge)]
    assert [n.h for n in nudges] == [0.001, 0.01, 0.001, 1e-15]
    assert steps.index(coarse) < steps.index(nudges[1])
    assert steps.index(flat) < steps.index(nudges[2])
    assert nudges[2].slope == pytest.approx(3 * 0.001, abs=1e-6)   # flat: only the 3h error


def test_several_inputs_numbers():
    steps = walk(script("several-inputs"))
    qs = [s for s in steps if isinstance(s, Question)]
    assert by_prompt(qs, AskValue, "What is d?").answer == 4.0
    assert by_prompt(qs, AskSign, "Push a up").answer == -1
    assert abs(by_prompt(qs, AskNumber, "Be precise").answer - 3.9997) < TIGHT
    assert by_prompt(qs, AskGrad, "respect to b").answer == 2.0
    assert by_prompt(qs, AskGrad, "respect to c").answer == 1.0
    assert chosen(by_prompt(qs, AskChoice, "moves d the most")) == "a"
    assert chosen(by_prompt(qs, AskChoice, "100")) == "It stays -3"
    nudges = {s.leaf.label: s for s in steps if isinstance(s, Nudge)}
    assert set(nudges) == {"a", "b", "c"}
    for label, slope in (("a", -3.0), ("b", 2.0), ("c", 1.0)):
        assert nudges[label].h == 0.0001
        assert abs(nudges[label].slope - slope) < 1e-6


def test_value_numbers():
    qs = questions(script("value"))
    assert by_prompt(qs, AskValue, "Value(2.0) + Value(-3.0)").answer == -1.0
    # asked about the class on screen (its __repr__ prints no grad), not about ours
    assert chosen(by_prompt(qs, AskChoice, "print(")) == "Value(data=-1.0)"
    assert by_prompt(qs, AskValue, "d.data").answer == 4.0
    assert chosen(by_prompt(qs, AskChoice, "d._op")) == "'+'"
    assert chosen(by_prompt(qs, AskChoice, "d._prev")) == "-6, 10"
    assert by_prompt(qs, AskNumber, "a._prev").answer == 0


def test_graph_numbers():
    steps = walk(script("graph"))
    qs = [s for s in steps if isinstance(s, Question)]
    assert by_prompt(qs, AskValue, "L.data").answer == -8.0
    assert by_prompt(qs, AskNumber, "How many Value objects").answer == 7
    assert by_prompt(qs, AskNumber, "How many leaves").answer == 4
    assert by_prompt(qs, AskNumber, "a.grad").answer == 0.0
    assert chosen(by_prompt(qs, AskChoice, "L2.label")) == "'' (empty)"
    # the unlabelled twin really is shown without a label
    twin = [s.root for s in steps if isinstance(s, Show) and not s.root.label]
    assert len(twin) == 1 and twin[0].data == -8.0


def test_manual_backprop_numbers():
    steps = walk(script("manual-backprop"))
    qs = [s for s in steps if isinstance(s, Question)]
    assert by_prompt(qs, AskGrad, "dL/dL").answer == 1.0
    assert abs(by_prompt(qs, AskGrad, "What is dL/dd?").answer - (-2.0)) < TIGHT
    assert abs(by_prompt(qs, AskGrad, "What is dL/df?").answer - 4.0) < TIGHT
    assert by_prompt(qs, AskGrad, "f = 3").answer == 3.0
    assert chosen(by_prompt(qs, AskChoice, "rebuild all of L")).startswith("4, up to rounding")
    nudges = {s.leaf.label: s for s in steps if isinstance(s, Nudge)}
    assert abs(nudges["f"].slope - 4.0) < 1e-9
    assert abs(nudges["d"].slope - (-2.0)) < 1e-9
    assert abs(nudges["L"].slope - 1.0) < 1e-9


def test_chain_rule_numbers():
    steps = walk(script("chain-rule"))
    qs = [s for s in steps if isinstance(s, Question)]
    assert by_prompt(qs, AskGrad, "∂d/∂c").answer == 1.0
    assert by_prompt(qs, AskGrad, "walker").answer == 8.0
    assert abs(by_prompt(qs, AskGrad, "What is dL/dc?").answer - (-2.0)) < TIGHT
    assert abs(by_prompt(qs, AskGrad, "What is dL/da?").answer - 6.0) < TIGHT
    assert abs(by_prompt(qs, AskGrad, "What is dL/db?").answer - (-4.0)) < TIGHT
    assert chosen(by_prompt(qs, AskChoice, "e.grad compare")) == "It is the same as d.grad"
    assert chosen(by_prompt(qs, AskChoice, "moves L the most")) == "a"
    reveal = next(s for s in steps if isinstance(s, RevealBackward))
    grads = {n.label: n.grad for n in reveal.order}
    assert grads == {"L": 1.0, "d": -2.0, "f": 4.0, "c": -2.0, "e": -2.0, "a": 6.0, "b": -4.0}
    assert reveal.order[0].label == "L"


def test_one_step_numbers():
    steps = walk(script("one-step"))
    qs = [s for s in steps if isinstance(s, Question)]
    stale = by_prompt(qs, AskNumber, "print(L.data)")
    assert stale.answer == -8.0
    assert abs(by_prompt(qs, AskValue, "What is the new L?").answer - (-7.286496)) < TIGHT
    assert abs(by_prompt(qs, AskValue, "other way").answer - (-8.726304)) < TIGHT
    assert chosen(by_prompt(qs, AskChoice, "above or below")) == "above -8"
    assert by_prompt(qs, AskChoice, "hand down to a").correct == 0
    # the stale graph is shown with the new leaves under the old L
    i = steps.index(stale)
    shown = steps[i + 1]
    assert isinstance(shown, Show) and shown.root.data == -8.0
    leaves = {n.label: n.data for n in shown.root.topological_order() if not n._prev}
    assert leaves == pytest.approx({"a": 2.06, "b": -3.04, "c": 9.98, "f": -1.96})
