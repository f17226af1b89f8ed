"""Each operation of Value: its forward value, its local derivatives and its gradient.

Gradients are checked against central finite differences (the lecture's "nudge it
by h and watch"), so a wrong local derivative in value.py fails here.
"""

import math

import pytest

from engine import Value
from engine.value import Minus
from engine.gradcheck import numerical_grad

# name, function of Values (or of floats, where it makes sense), inputs, expected forward value
OPS = [
    ("add", lambda a, b: a + b, (1.5, -2.25), -0.75),
    ("sub", lambda a, b: a - b, (1.5, -2.25), 3.75),
    ("mul", lambda a, b: a * b, (1.5, -2.25), -3.375),
    ("truediv", lambda a, b: a / b, (1.5, -2.5), -0.6),
    ("pow 2", lambda a: a ** 2, (-1.5,), 2.25),
    ("pow 3", lambda a: a ** 3, (-1.5,), -3.375),
    ("pow -1", lambda a: a ** -1, (4.0,), 0.25),
    ("pow 0.5", lambda a: a ** 0.5, (2.25,), 1.5),
    ("pow -1.5", lambda a: a ** -1.5, (4.0,), 0.125),
    ("pow 0", lambda a: a ** 0, (4.0,), 1.0),
    ("neg", lambda a: -a, (1.5,), -1.5),
    ("add number", lambda a: a + 2, (1.5,), 3.5),
    ("radd", lambda a: 2 + a, (1.5,), 3.5),
    ("sub number", lambda a: a - 2, (1.5,), -0.5),
    ("rsub", lambda a: 2 - a, (1.5,), 0.5),
    ("mul number", lambda a: a * 3, (1.5,), 4.5),
    ("rmul", lambda a: 3 * a, (1.5,), 4.5),
    ("truediv number", lambda a: a / 4, (1.5,), 0.375),
    ("rtruediv", lambda a: 3 / a, (1.5,), 2.0),
    ("relu positive", lambda a: a.relu(), (1.5,), 1.5),
    ("relu negative", lambda a: a.relu(), (-1.5,), 0.0),
    ("tanh", lambda a: a.tanh(), (0.7,), math.tanh(0.7)),
    ("tanh negative", lambda a: a.tanh(), (-2.5,), math.tanh(-2.5)),
    ("exp", lambda a: a.exp(), (0.7,), math.exp(0.7)),
    ("log", lambda a: a.log(), (0.7,), math.log(0.7)),
    ("sigmoid", lambda a: a.sigmoid(), (0.7,), 1 / (1 + math.exp(-0.7))),
    ("sigmoid negative", lambda a: a.sigmoid(), (-3.0,), 1 / (1 + math.exp(3.0))),
    ("dot", lambda w1, w2, x1, x2, b: Value.dot([w1, w2], [x1, x2], b),
     (0.5, -1.5, 2.0, 3.0, 0.25), 0.5 * 2.0 - 1.5 * 3.0 + 0.25),
    ("dot no bias", lambda w1, w2, x1, x2: Value.dot([w1, w2], [x1, x2]),
     (0.5, -1.5, 2.0, 3.0), 0.5 * 2.0 - 1.5 * 3.0),
    ("dot number inputs", lambda w1, w2, b: Value.dot([w1, w2], [2.0, 3.0], b),
     (0.5, -1.5, 0.25), 0.5 * 2.0 - 1.5 * 3.0 + 0.25),
    ("same value twice", lambda a: a * a + a, (1.5,), 3.75),
]


@pytest.mark.parametrize("name, f, inputs, expected", OPS, ids=[op[0] for op in OPS])
def test_forward_value(name, f, inputs, expected):
    out = f(*[Value(x) for x in inputs])
    assert isinstance(out, Value)
    assert out.data == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name, f, inputs, expected", OPS, ids=[op[0] for op in OPS])
def test_gradient_matches_finite_differences(name, f, inputs, expected):
    leaves = [Value(x) for x in inputs]
    out = f(*leaves)
    out.backward()
    for leaf in leaves:
        numeric = numerical_grad(lambda: f(*leaves), leaf, h=1e-6)
        assert leaf.grad == pytest.approx(numeric, rel=1e-6, abs=1e-8), name


def test_output_grad_is_one_after_backward():
    a = Value(2.0)
    b = a.tanh()
    b.backward()
    assert b.grad == 1.0


@pytest.mark.parametrize("a, b", [(2.0, -3.0), (0.5, 4.0)])
def test_local_derivatives_of_add_and_mul(a, b):
    x, y = Value(a), Value(b)
    assert (x + y).local_grads() == (1.0, 1.0)
    assert (x * y).local_grads() == (b, a)  # d(xy)/dx = y, d(xy)/dy = x


def test_local_derivatives_of_the_unary_ops():
    x = Value(0.5)
    assert x.exp().local_grads() == (math.exp(0.5),)
    assert x.log().local_grads() == (2.0,)
    assert (x ** 3).local_grads() == (3 * 0.5 ** 2,)
    t = x.tanh()
    assert t.local_grads() == (1 - t.data ** 2,)
    s = x.sigmoid()
    assert s.local_grads() == (s.data * (1 - s.data),)
    assert x.relu().local_grads() == (1.0,)
    assert Value(-0.5).relu().local_grads() == (0.0,)


def test_relu_at_zero_passes_no_gradient_like_micrograd():
    x = Value(0.0)
    y = x.relu()
    y.backward()
    assert y.data == 0.0
    assert x.grad == 0.0


def test_dot_gives_number_inputs_no_node():
    w1, w2, b = Value(0.5), Value(-1.5), Value(0.25)
    out = Value.dot([w1, w2], [2.0, 3.0], b)
    assert out._prev == (w1, w2, b)
    assert out.local_grads() == (2.0, 3.0, 1.0)
    assert out._op == "dot"


def test_dot_with_value_inputs_has_weights_inputs_and_bias_as_children():
    w, x, b = Value(0.5), Value(2.0), Value(0.25)
    out = Value.dot([w], [x], b)
    assert out._prev == (w, x, b)
    assert out.local_grads() == (2.0, 0.5, 1.0)


def test_pow_of_zero():
    x = Value(0.0)
    y = x ** 2
    y.backward()
    assert (y.data, x.grad) == (0.0, 0.0)
    z = Value(0.0)
    (z ** 0).backward()
    assert z.grad == 0.0  # x**0 is the constant 1
    assert (Value(0.0) ** 0.5).local_grads() == (math.inf,)


def test_op_labels():
    a, b = Value(2.0), Value(3.0)
    assert (a + b)._op == "+"
    assert (a * b)._op == "*"
    assert (a ** 2)._op == "**2"
    assert (a ** 2.0)._op == "**2"
    assert (a ** 0.5)._op == "**0.5"
    assert a.tanh()._op == "tanh"
    assert a.exp()._op == "exp"
    assert a.log()._op == "log"
    assert a.sigmoid()._op == "sigmoid"
    assert a.relu()._op == "relu"
    assert a._op == ""


def test_leaves_accept_ints_and_store_floats():
    a = Value(3)
    assert type(a.data) is float and a.data == 3.0
    assert Value(Value(2.5)).data == 2.5
    assert Value(2.0, label="a").label == "a"


def test_subtracting_or_dividing_by_a_number_makes_one_constant_like_micrograd():
    a = Value(3.0)
    d = a - 1  # a + (-1)
    assert d._op == "+" and d._prev[0] is a and d._prev[1].data == -1.0
    assert len(d.topological_order()) == 3
    q = a / 2  # a * 0.5
    assert q._op == "*" and q._prev[0] is a and q._prev[1].data == 0.5
    assert len(q.topological_order()) == 3


def test_a_minus_sign_leaves_a_marked_constant_and_nothing_else_does():
    # -a is a * -1 and a - b is a + b * -1, as in micrograd; the -1 is a Minus, so that a
    # drawing shows the minus the code wrote and never takes a learner's -1 for one
    a, b, minus_one = Value(2.0), Value(3.0), Value(-1.0, label="m")
    neg = -a
    assert neg._op == "*" and neg._prev[0] is a and neg._prev[1].data == -1.0
    assert isinstance(neg._prev[1], Minus) and not neg._prev[1].subtracts
    diff = a - b
    assert diff._op == "+" and diff._prev[0] is a
    assert diff._prev[1]._prev[0] is b and diff._prev[1]._prev[1].subtracts
    by_number, from_number = a - 3, 3 - a
    assert by_number._prev[1].data == -3.0 and by_number._prev[1].subtracts
    assert from_number._prev[1]._prev[0] is a and from_number._prev[1]._prev[1].subtracts
    for same_numbers in (a * minus_one, a * -1, a + -3, a + Value(-3.0)):
        assert not any(isinstance(n, Minus) for n in same_numbers.topological_order())
    m = neg._prev[1]              # a constant leaf like any other: no children, op or label
    assert (m._prev, m._op, m.label) == ((), "", "")
    (diff * neg).backward()       # -(a - b) * a: d/da = -2a + b, d/db = a
    assert (a.grad, b.grad) == (-2 * 2.0 + 3.0, 2.0)
