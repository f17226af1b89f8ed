"""The lecture's worked examples (lecture/OUTLINE.md, section 2), computed by the engine.

Lessons take their answers from the engine, so these numbers are what learners are
graded against.
"""

import math

import pytest

from engine import Value
from engine.nn import MLP, Layer, Neuron
from engine_exprs import readme_teaser


def l_graph(a=2.0, b=-3.0, c=10.0, f=-2.0):
    a, b, c, f = Value(a, label="a"), Value(b, label="b"), Value(c, label="c"), Value(f, label="f")
    e = a * b
    d = e + c
    L = d * f
    return dict(a=a, b=b, c=c, e=e, d=d, f=f, L=L)


def test_l_graph_forward_and_gradients():
    g = l_graph()
    assert g["e"].data == -6.0 and g["d"].data == 4.0 and g["L"].data == -8.0
    g["L"].backward()
    grads = {name: v.grad for name, v in g.items()}
    assert grads == dict(a=6.0, b=-4.0, c=-2.0, e=-2.0, d=-2.0, f=4.0, L=1.0)


def test_l_graph_has_seven_nodes_in_a_valid_order():
    g = l_graph()
    topo = g["L"].topological_order()
    assert len(topo) == 7
    assert set(topo) == set(g.values())
    position = {node: i for i, node in enumerate(topo)}
    for node in topo:
        assert all(position[child] < position[node] for child in node._prev)
    assert topo[-1] is g["L"]


@pytest.mark.parametrize("sign, expected", [(+1, -7.286496), (-1, -8.726304)])
def test_one_nudge_step(sign, expected):
    g = l_graph()
    g["L"].backward()
    leaves = {k: g[k].data + sign * 0.01 * g[k].grad for k in "abcf"}
    assert l_graph(**leaves)["L"].data == pytest.approx(expected, abs=1e-9)


def tanh_neuron():
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    return dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, x1w1=x1w1, x2w2=x2w2,
                x1w1x2w2=x1w1x2w2, n=n)


def test_tanh_neuron():
    v = tanh_neuron()
    o = v["n"].tanh()
    assert v["n"].data == pytest.approx(0.8813735870195432, abs=1e-15)
    assert o.data == pytest.approx(0.7071067811865476, abs=1e-15)
    o.backward()
    assert v["x1"].grad == pytest.approx(-1.5, abs=1e-12)
    assert v["w1"].grad == pytest.approx(1.0, abs=1e-12)
    assert v["x2"].grad == pytest.approx(0.5, abs=1e-12)
    assert v["w2"].grad == pytest.approx(0.0, abs=1e-12)
    for name in ("b", "n", "x1w1", "x2w2", "x1w1x2w2"):
        assert v[name].grad == pytest.approx(0.5, abs=1e-12), name


def test_tanh_neuron_prints_what_python_prints():
    # OUTLINE 2.5: with the lecture's tanh formula, 1 - o**2 is 0.4999999999999999
    v = tanh_neuron()
    o = v["n"].tanh()
    o.backward()
    assert o.local_grads() == (0.4999999999999999,)
    assert v["x1"].grad == -1.4999999999999996


def test_tanh_neuron_topological_order_has_ten_nodes_ending_n_then_o():
    v = tanh_neuron()
    o = v["n"].tanh()
    topo = o.topological_order()
    assert len(topo) == 10
    assert topo[-2] is v["n"] and topo[-1] is o
    # children first, in the order they were given
    assert topo[:3] == [v["x1"], v["w1"], v["x1w1"]]


def test_bias_eight_saturates():
    v = tanh_neuron()
    n = v["x1w1x2w2"] + 8.0
    assert n.data == 2.0
    assert n.tanh().data == pytest.approx(0.9640, abs=1e-4)


def test_node_used_twice_accumulates():
    a = Value(3.0)
    b = a + a
    b.backward()
    assert (b.data, a.grad) == (6.0, 2.0)
    assert b._prev == (a, a)


def test_a_times_a_keeps_both_operands():
    a = Value(3.0)
    b = a * a
    b.backward()
    assert (b.data, a.grad) == (9.0, 6.0)
    assert b._prev == (a, a)
    assert b.local_grads() == (3.0, 3.0)


def test_two_paths():
    a, b = Value(-2.0), Value(3.0)
    d = a * b
    e = a + b
    f = d * e
    f.backward()
    assert (f.data, a.grad, b.grad) == (-6.0, -3.0, -8.0)


def decomposed_tanh_neuron():
    v = tanh_neuron()
    e = (2 * v["n"]).exp()
    o = (e - 1) / (e + 1)
    return v, e, o


def test_decomposed_tanh_equals_the_tanh_op():
    v, e, o = decomposed_tanh_neuron()
    assert o.data == pytest.approx(0.7071067811865476, abs=1e-15)
    assert e.data == pytest.approx(3 + 2 * math.sqrt(2), abs=1e-12)
    o.backward()
    assert e.grad == pytest.approx(0.042893, abs=1e-6)
    assert v["n"].grad == pytest.approx(0.5, abs=1e-12)
    for name, expected in dict(x1=-1.5, w1=1.0, x2=0.5, w2=0.0).items():
        assert v[name].grad == pytest.approx(expected, abs=1e-12), name
    # and with the tanh op, the same leaf gradients
    w = tanh_neuron()
    w["n"].tanh().backward()
    for name in ("x1", "w1", "x2", "w2", "b"):
        assert v[name].grad == pytest.approx(w[name].grad, abs=1e-12)


def test_decomposed_tanh_graph_has_eighteen_nodes():
    _, _, o = decomposed_tanh_neuron()
    assert len(o.topological_order()) == 18


def test_exp_plus_x():
    x = Value(1.0)
    y = x.exp() + x
    y.backward()
    assert x.grad == pytest.approx(math.e + 1)
    assert round(x.grad, 4) == 3.7183


def test_readme_teaser():
    a, b, c, d, e, f, g = readme_teaser(Value)
    assert (c.data, d.data, e.data, f.data) == (-1.0, 6.0, -7.0, 49.0)
    assert g.data == pytest.approx(49 / 2 + 10 / 49, abs=1e-12)
    assert f"{g.data:.4f}" == "24.7041"
    g.backward()
    assert f"{a.grad:.4f}" == "138.8338"  # micrograd's README prints these with :.4f
    assert f"{b.grad:.4f}" == "645.5773"


def test_parameter_counts():
    assert len(Neuron(3).parameters()) == 4
    assert len(Layer(3, 4).parameters()) == 16
    assert len(MLP(3, [4, 4, 1]).parameters()) == 41
    assert len(MLP(2, [16, 16, 1], activation="relu").parameters()) == 337


def test_repr_like_micrograd():
    a = Value(2.0)
    assert repr(a) == "Value(data=2.0, grad=0.0)"
    b = a * -3
    b.backward()
    assert repr(a) == "Value(data=2.0, grad=-3.0)"
    assert repr(Value(2.0) + Value(-3.0)) == "Value(data=-1.0, grad=0.0)"


def test_prev_and_op_like_micrograd():
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    d = a * b + c
    assert d._op == "+"
    assert isinstance(d._prev, tuple)
    assert [child.data for child in d._prev] == [-6.0, 10.0]
    assert d._prev[0]._op == "*" and d._prev[0]._prev == (a, b)
    assert a._prev == () and a._op == ""


def test_children_kept_in_order():
    a, b = Value(5.0), Value(2.0)
    s = a - b
    assert s._prev[0] is a
    assert s._prev[1]._prev[0] is b  # -b is b * -1
    assert (b - a)._prev[0] is b
    assert (a / b)._prev[0] is a
    assert (1 + a)._prev[1] is a and (1 + a)._prev[0].data == 1.0
    assert (2 * a)._prev[1] is a


def test_gradient_of_the_sign_of_subtraction():
    a, b = Value(5.0), Value(2.0)
    s = a - b
    s.backward()
    assert (s.data, a.grad, b.grad) == (3.0, 1.0, -1.0)


def test_division_and_powers():
    a, b = Value(2.0), Value(4.0)
    q = a / b
    q.backward()
    assert (q.data, a.grad, b.grad) == (0.5, 0.25, -0.125)
    x = Value(2.0)
    y = 10 / x
    y.backward()
    assert (y.data, x.grad) == (5.0, -2.5)


# --- the lecture's own code: _backward() by hand, and Value(..., label) --------------

def test_backward_by_hand_node_by_node_as_the_lecture_does():
    # OUTLINE 2.5: before writing backward(), the lecture calls each node's _backward()
    v = tanh_neuron()
    n = v["n"]
    o = n.tanh()
    o.grad = 1.0
    o._backward()
    assert n.grad == 0.4999999999999999
    n._backward()
    assert v["x1w1x2w2"].grad == v["b"].grad == n.grad
    v["b"]._backward()  # a leaf: nothing to pass on
    v["x1w1x2w2"]._backward()
    v["x2w2"]._backward()
    v["x1w1"]._backward()
    assert v["x1"].grad == -1.4999999999999996  # the same digits backward() prints
    for name, expected in dict(x1=-1.5, w1=1.0, x2=0.5, w2=0.0).items():
        assert v[name].grad == pytest.approx(expected, abs=1e-12), name


def test_a_leafs_backward_does_nothing():
    a = Value(2.0, label="a")
    a.grad = 5.0
    a._backward()
    assert (a.data, a.grad) == (2.0, 5.0)


def test_the_lectures_loop_over_the_topological_order_is_backward():
    # the lecture's next step: o.grad = 1, then node._backward() for reversed(topo)
    by_loop, by_method = tanh_neuron(), tanh_neuron()
    o = by_loop["n"].tanh()
    o.grad = 1.0
    for node in reversed(o.topological_order()):
        node._backward()
    by_method["n"].tanh().backward()
    assert {k: v.grad for k, v in by_loop.items()} == {k: v.grad for k, v in by_method.items()}


def test_the_fourth_positional_argument_is_the_label_as_in_the_lecture():
    a = Value(2.0, (), "", "a")
    assert (a.data, a.label, a._prev, a._op, a.local_grads()) == (2.0, "a", (), "", ())
    b = Value(-3.0, label="b")
    c = Value(a.data * b.data, (a, b), "*", "c", (b.data, a.data))  # a node made by hand
    c.backward()
    assert (c.label, a.grad, b.grad) == ("c", -3.0, 2.0)


def test_local_derivatives_given_where_the_label_goes_are_a_clear_error():
    x = Value(0.5)
    with pytest.raises(ValueError, match=r"one local derivative per child.*after the label"):
        Value(x.data ** 3, (x,), "cube", (3 * x.data ** 2,))
    with pytest.raises(ValueError, match=r"'\*' node needs one local derivative per child"):
        Value(x.data * x.data, (x, x), "*")  # the lecture's call, before its closure is set
