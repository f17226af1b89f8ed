"""The chain rule spelled out from the graph: frames, names, lines."""

import math

import pytest

from engine import Value
from lessons.steps import gradients
from tutor.explain import backward_frames, chain_rule_lines, local_rule
from tutor.expression import fmt, forward_line, node_names

from tutor_helpers import lecture_L, two_paths


def by_name(frames, names):
    return {names[f.node]: f for f in frames}


# --- backward_frames -------------------------------------------------------------------------


def test_frames_go_root_first_in_reverse_topological_order():
    g = lecture_L()
    L = g["L"]
    frames = backward_frames(L, gradients(L))
    assert [f.node for f in frames] == list(reversed(L.topological_order()))
    assert frames[0].node is L
    # every node comes after all the nodes that use it: its gradient is complete when shown
    position = {f.node: i for i, f in enumerate(frames)}
    for f in frames:
        for t in f.terms:
            assert position[t.parent] < position[f.node]


def test_frames_carry_the_lecture_numbers():
    g = lecture_L()
    L = g["L"]
    names = node_names(L)
    frames = by_name(backward_frames(L, gradients(L)), names)
    assert {n: f.grad for n, f in frames.items()} == pytest.approx(
        dict(L=1, d=-2, f=4, e=-2, c=-2, a=6, b=-4))
    (t,) = frames["c"].terms
    assert t.parent is g["d"] and (t.upstream, t.local, t.contribution) == (-2, 1, -2)
    (t,) = frames["a"].terms
    assert t.parent is g["e"] and (t.upstream, t.local, t.contribution) == (-2, -3, 6)
    assert frames["L"].terms == []


def test_a_node_used_twice_has_two_terms_that_sum_to_its_grad():
    g = two_paths()
    f = g["f"]
    f.backward()
    names = node_names(f)
    frames = by_name(backward_frames(f), names)  # reads .grad by default
    for leaf in ("a", "b"):
        frame = frames[leaf]
        assert len(frame.terms) == 2
        assert {names[t.parent] for t in frame.terms} == {"d", "e"}
        assert sum(t.contribution for t in frame.terms) == pytest.approx(frame.grad)
        assert frame.grad == pytest.approx(g[leaf].grad)
    assert frames["a"].grad == pytest.approx(-3)


def test_a_plus_a_has_two_terms_through_the_same_parent():
    a = Value(3.0, label="a")
    b = a + a
    b.label = "b"
    frame = by_name(backward_frames(b, gradients(b)), node_names(b))["a"]
    assert [t.parent for t in frame.terms] == [b, b]
    assert sum(t.contribution for t in frame.terms) == frame.grad == 2


def test_frames_from_a_grads_map_leave_the_graph_untouched():
    g = lecture_L()
    L = g["L"]
    frames = backward_frames(L, gradients(L))
    assert all(n.grad == 0 for n in L.topological_order())
    assert frames[-1].grad != 0


def test_frames_of_a_long_chain_need_no_recursion():
    x = Value(1.0, label="x")
    y = x
    for _ in range(5000):
        y = y * 1.0
    frames = backward_frames(y, gradients(y))
    assert len(frames) == len(y.topological_order())
    assert frames[-1].grad == 1


# --- names -------------------------------------------------------------------------------------


def test_labelled_nodes_are_called_by_their_labels():
    g = lecture_L()
    names = node_names(g["L"])
    assert {names[g[k]] for k in "abcdefL"} == set("abcdefL")


def test_unlabelled_constants_are_called_by_their_value():
    x = Value(3.0, label="x")
    y = 2.5 * x + 4
    names = node_names(y)
    (four,) = [n for n in y.topological_order() if n.data == 4 and not n._prev]
    (two_and_a_half,) = [n for n in y.topological_order() if n.data == 2.5 and not n._prev]
    assert names[four] == "4"
    assert names[two_and_a_half] == "2.5"


def test_unlabelled_operations_are_called_by_their_expression():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    e = a * b
    s = a + b
    sq = a ** 2
    t = e.tanh()
    assert node_names(e)[e] == "a*b"
    assert node_names(s)[s] == "a+b"
    assert node_names(sq)[sq] == "a**2"
    assert node_names(t)[t] == "tanh(a*b)"


def test_long_expressions_are_described_never_given_an_internal_id():
    x = Value(1.0, label="x")
    y = x
    for _ in range(8):
        y = y * x + x
    names = node_names(y)
    assert names[y] == "[sum of x (8)]" or names[y].startswith("[sum")
    assert not any("#" in name for name in names.values())
    assert len(set(names.values())) == len(names)        # each node has its own name


def test_every_node_has_a_name():
    g = two_paths()
    assert set(node_names(g["f"])) == set(g["f"].topological_order())


# --- numbers and lines ------------------------------------------------------------------------


@pytest.mark.parametrize("x, text", [
    (6.0, "6"), (-2.0, "-2"), (-1.4999999999999996, "-1.5"), (0.5, "0.5"),
    (0.70710678, "0.7071"), (-0.0, "0"), (1e20, "1e+20"), (math.inf, "inf"),
    (-math.inf, "-inf"), (math.nan, "nan"),
])
def test_numbers_as_a_learner_reads_them(x, text):
    assert fmt(x) == text


def test_forward_line():
    g = lecture_L()
    names = node_names(g["L"])
    assert forward_line(g["e"], names) == "e = a*b = 2 * (-3) = -6"
    assert forward_line(g["d"], names) == "d = e+c = (-6) + 10 = 4"
    assert forward_line(g["a"], names) == "a = 2"


def test_chain_rule_lines_for_the_root_are_the_base_case():
    g = lecture_L()
    L = g["L"]
    names = node_names(L)
    frames = backward_frames(L, gradients(L))
    assert chain_rule_lines(frames[0], L, names) == [
        "dL/dL = 1   (the base case: nudge L by h and it moves by h)"]


def test_chain_rule_lines_without_numbers_do_not_give_the_answer():
    g = lecture_L()
    L = g["L"]
    names = node_names(L)
    frame = by_name(backward_frames(L, gradients(L)), names)["b"]  # dL/db = -4
    lines = chain_rule_lines(frame, L, names, numbers=False)
    assert lines == ["dL/db = dL/de * ∂e/∂b"]


def test_chain_rule_lines_name_an_unlabelled_node_with_parentheses():
    x = Value(3.0, label="x")
    y = 4 * x
    out = y + 1
    out.label = "f"
    names = node_names(out)
    frame = by_name(backward_frames(out, gradients(out)), names)["x"]
    lines = chain_rule_lines(frame, out, names)
    assert lines[0] == "df/dx = df/d(4*x) * ∂(4*x)/∂x"
    assert lines[-2].strip() == "= 4"


@pytest.mark.parametrize("make, words", [
    (lambda x: x + 1, "a sum, which passes the gradient through unchanged"),
    (lambda x: x * 3, "the other factor"),
    (lambda x: x ** 3, "power rule: 3"),
    (lambda x: x.tanh(), "tanh's local derivative is 1 - y**2"),
    (lambda x: x.exp(), "its own derivative"),
    (lambda x: x.relu(), "passes the gradient through"),
    (lambda x: x.log(), "1/x"),
    (lambda x: x.sigmoid(), "s * (1 - s)"),
])
def test_each_operation_says_why_its_local_derivative_is_what_it_is(make, words):
    x = Value(0.5, label="x")
    y = make(x)
    y.label = "y"
    assert words in local_rule(y, x, node_names(y))


def test_the_product_rule_names_the_other_factor_and_its_value():
    g = lecture_L()
    names = node_names(g["L"])
    assert local_rule(g["e"], g["a"], names).endswith("the other factor, b = -3")
    assert local_rule(g["L"], g["f"], names).endswith("the other factor, d = 4")
