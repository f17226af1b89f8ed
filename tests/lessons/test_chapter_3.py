"""Lessons of chapter 3 (neuron, tanh backprop, backward closures, topological order,
used twice, more ops, PyTorch): they run, ask enough questions, stay deterministic, import
nothing they should not, and compute the lecture's numbers."""

import importlib
import math
import sys
from pathlib import Path

import pytest
from lesson_walk import questions, walk

from lessons.course import find_lesson
from lessons.steps import (AskChoice, AskGrad, AskNumber, AskValue, Code, Nudge, Recap, RevealBackward, Say, Show)

IDS = ["neuron", "tanh-backprop", "backward-closures", "topo-order", "used-twice", "more-ops",
       "pytorch"]
LESSONS_DIR = Path(__file__).resolve().parents[2] / "lessons"


def module(lesson_id):
    lesson = find_lesson(lesson_id)
    assert lesson is not None, lesson_id
    return importlib.import_module(f"lessons.{lesson.module}")


def script(lesson_id):
    return module(lesson_id).lesson


def by_prompt(qs, kind, fragment):
    found = [q for q in qs if isinstance(q, kind) and fragment in q.prompt]
    assert len(found) == 1, (kind.__name__, fragment, [q.prompt for q in qs])
    return found[0]


def grad_question(qs, label, out_label=None):
    found = [q for q in qs if isinstance(q, AskGrad) and q.wrt.label == label
             and (out_label is None or q.out.label == out_label)]
    assert len(found) == 1, (label, [(q.out.label, q.wrt.label) for q in qs
                                     if isinstance(q, AskGrad)])
    return found[0]


def chosen(q):
    return q.choices[q.correct]


def codes(lesson_id):
    return [s for s in walk(script(lesson_id)) if isinstance(s, Code)]


@pytest.mark.parametrize("lesson_id", IDS)
def test_shows_labelled_graphs(lesson_id):
    graphs = [s for s in walk(script(lesson_id)) if isinstance(s, (Show, RevealBackward))]
    assert graphs
    for s in graphs:
        assert s.root.label, s
        for node in s.root.topological_order():
            assert node.label or not node._prev, (s.root.label, node._op)


# --- neuron (section 10) ------------------------------------------------------------------

def test_neuron_numbers():
    qs = questions(script("neuron"))
    assert by_prompt(qs, AskValue, "tanh(0)").answer == 0
    assert by_prompt(qs, AskValue, "raw sum n").answer == pytest.approx(2.0)
    assert by_prompt(qs, AskValue, "o = tanh(n)").answer == pytest.approx(0.9640, abs=5e-5)
    assert chosen(by_prompt(qs, AskChoice, "far to the right")).startswith("It levels off")
    assert chosen(by_prompt(qs, AskChoice, "n = 5")).startswith("Thousands")


def test_neuron_shows_saturation_slope():
    steps = walk(script("neuron"))
    saturation = [s for s in steps if isinstance(s, Say) and "saturation" in s.text]
    assert saturation and "0.00018" in saturation[0].text


# --- tanh backprop (section 11) ----------------------------------------------------------

def test_tanh_backprop_numbers():
    qs = questions(script("tanh-backprop"))
    assert by_prompt(qs, AskValue, "What is n").answer == pytest.approx(0.8813735870195432)
    assert by_prompt(qs, AskValue, "What is o").answer == pytest.approx(1 / math.sqrt(2))
    expected = {"n": 0.5, "b": 0.5, "x2": 0.5, "w2": 0.0, "x1": -1.5, "w1": 1.0}
    for label, value in expected.items():
        assert grad_question(qs, label).answer == pytest.approx(value, abs=1e-9), label
    assert chosen(by_prompt(qs, AskChoice, "raises o the most")) == "Increase w1"


# --- backward closures (section 12) --------------------------------------------------------

def test_backward_closures_pitfalls():
    qs = questions(script("backward-closures"))
    # a fresh neuron, o = tanh(ln 2) = 0.6: practice, not numbers already revealed
    assert by_prompt(qs, AskGrad, "o.local_grads()").answer == pytest.approx(0.64)
    assert by_prompt(qs, AskGrad, "x1*w1 has children").answer == 0.5
    assert by_prompt(qs, AskNumber, "never set o.grad").answer == 0      # pitfall 7
    assert by_prompt(qs, AskGrad, "After seeding").answer == pytest.approx(0.64)
    assert chosen(by_prompt(qs, AskChoice, "b._backward()")).startswith("Nothing")  # pitfall 9
    assert by_prompt(qs, AskNumber, "runs without complaint").answer == 0
    slip = chosen(by_prompt(qs, AskChoice, "c._backward()"))                         # pitfall 8
    assert slip == "TypeError: 'NoneType' object is not callable"
    assert any(c.output == slip for c in codes("backward-closures"))


def test_backward_closures_show_the_lecture_closures_and_the_engine_method():
    sources = "\n".join(c.source for c in codes("backward-closures"))
    for closure in ("def __add__", "def __mul__", "def tanh", "out._backward = _backward"):
        assert closure in sources
    (engine_method,) = [c.source for c in codes("backward-closures")
                        if c.source.startswith("def _backward(self):")]
    assert "child.grad += local" in engine_method and '"""' not in engine_method


def test_calling_backward_by_hand_agrees_with_the_engine():
    says = [s.text for s in walk(script("backward-closures")) if isinstance(s, Say)]
    assert any("agrees with our calls on every node" in text for text in says)


# --- topological order (section 13) --------------------------------------------------------

def test_topo_order_numbers():
    qs = questions(script("topo-order"))
    assert by_prompt(qs, AskNumber, "How many nodes").answer == 10
    assert chosen(by_prompt(qs, AskChoice, "come last")) == "n, then o"
    assert by_prompt(qs, AskNumber, "Forward order").answer == 0                     # pitfall 6
    assert by_prompt(qs, AskNumber, "nonzero grad").answer == 2
    # a shared node: the naive depth-first walk runs b before c has given it its share
    assert chosen(by_prompt(qs, AskChoice, "naive walk has done")) == "b"
    assert chosen(by_prompt(qs, AskChoice, "correct backward pass")) == "c"
    naive = by_prompt(qs, AskNumber, "naive walk to the end")
    assert naive.answer == 30                      # L = b*c = 12a**2: the right dL/da is 48
    assert [v for v, _ in naive.mistakes] == [48]


def test_build_topo_matches_the_engine():
    m = module("topo-order")
    from lessons._neuron import build_neuron
    o = build_neuron()["o"]
    assert m.build_topo(o) == o.topological_order()


# --- used twice (section 14) ------------------------------------------------------------------

def test_used_twice_numbers():
    qs = questions(script("used-twice"))
    bug = by_prompt(qs, AskNumber, "b = a + a")
    assert bug.answer == 1                                             # the overwrite bug
    assert [v for v, _ in bug.mistakes] == [2]                         # the true grad, named
    assert grad_question(qs, "a", out_label="b").answer == 2
    assert by_prompt(qs, AskNumber, "b = a * a").answer == 3
    assert by_prompt(qs, AskNumber, "draft's `f.backward()`").answer == 3
    assert chosen(by_prompt(qs, AskChoice, "just as valid")).startswith("They change: now only")
    assert grad_question(qs, "a", out_label="f").answer == pytest.approx(-3)
    assert grad_question(qs, "b", out_label="f").answer == pytest.approx(-8)


def test_the_lectures_first_draft_closures_overwrite_in_either_order():
    m = module("used-twice")
    g = m.two_paths(m.Draft)
    assert g["f"].data == -6
    g["f"].backward()                                     # e's closure, then d's: d's wins
    assert (g["a"].grad, g["b"].grad) == (3, -2)
    g = m.two_paths(m.Draft)
    g["f"].grad = 1.0
    for node in [g["f"], g["d"], g["e"], g["b"], g["a"]]:  # e's closure last: e's wins
        node._backward()
    assert (g["a"].grad, g["b"].grad) == (-6, -6)
    a = m.Draft(3.0)
    b = a + a
    b.backward()
    assert a.grad == 1                                    # one share of two


# --- more ops (section 15) ----------------------------------------------------------------------

def test_more_ops_numbers():
    qs = questions(script("more-ops"))
    plus = chosen(by_prompt(qs, AskChoice, "Bare(2.0) + 1"))                         # pitfall 5
    assert plus == "AttributeError: 'int' object has no attribute 'data'"
    assert chosen(by_prompt(qs, AskChoice, "2 * Wrapped(2.0)")).startswith("TypeError")
    # exp's rule as a choice: a number question would have y = e drawn right above it
    assert chosen(by_prompt(qs, AskChoice, "y = exp(x)")) == "y itself, exp(x)"
    assert chosen(by_prompt(qs, AskChoice, "Push k up")).startswith("It goes up")     # pitfall 10
    assert grad_question(qs, "b", out_label="q").answer == pytest.approx(-0.125)
    assert by_prompt(qs, AskNumber, "How many Value nodes").answer == 18
    assert grad_question(qs, "e", out_label="o").answer == pytest.approx(0.042893, abs=1e-6)
    assert chosen(by_prompt(qs, AskChoice, "spelled out")) == "They stay the same"
    messages = "\n".join(c.output for c in codes("more-ops"))
    assert "'int' object has no attribute 'data'" in messages
    assert "unsupported operand type(s) for *: 'int' and 'Wrapped'" in messages
    assert "TypeError: exponents must be constants" in messages


def test_more_ops_naive_pow_is_caught_by_the_nudge():
    steps = walk(script("more-ops"))
    nudge = next(s for s in steps if isinstance(s, Nudge) and s.leaf.label == "k")
    assert nudge.slope == pytest.approx(8 * math.log(2), rel=1e-3)   # backprop said 0
    q = next(s for s in steps if isinstance(s, AskChoice) and "Push k up" in s.prompt)
    assert steps.index(q) < steps.index(nudge)


def test_more_ops_division_grads():
    steps = walk(script("more-ops"))
    q = next(s for s in steps if isinstance(s, Show) and s.root.label == "q" and s.show_grads)
    a, inv = q.root._prev
    assert q.root.data == 0.5 and a.grad == pytest.approx(0.25)
    assert inv._prev[0].grad == pytest.approx(-0.125)


# --- PyTorch (section 16) --------------------------------------------------------------------------

def test_pytorch_float32_reproduction():
    m = module("pytorch")
    qs = questions(script("pytorch"))
    o32 = by_prompt(qs, AskValue, "Predict o with this bias").answer
    assert o32 == pytest.approx(0.7071066904, abs=1e-9)
    assert o32 == pytest.approx(m.LECTURE_PYTORCH_PRINTED["o"], abs=1e-12)
    assert m.float32(6.8813735870195432) == 6.881373405456543
    assert grad_question(qs, "x1").answer == pytest.approx(-1.5)
    assert chosen(by_prompt(qs, AskChoice, "round trip through float32")) == "Only the bias b"
    assert chosen(by_prompt(qs, AskChoice, "x1's grad")).startswith("a little more negative")
    assert chosen(by_prompt(qs, AskChoice, "requires_grad")).startswith("None")
    assert "float32" in chosen(by_prompt(qs, AskChoice, ".double()"))


def test_pytorch_lesson_does_not_need_torch():
    saved = sys.modules.get("torch")
    sys.modules["torch"] = None  # importing torch now raises ImportError
    try:
        assert isinstance(walk(script("pytorch"))[-1], Recap)
    finally:
        if saved is None:
            del sys.modules["torch"]
        else:
            sys.modules["torch"] = saved
