"""Very small and very large numbers: accurate where floats allow, never a spurious error.

The rules (engine/value.py): forward values behave as Python's floats do; a local
derivative too large for a float is stored as inf and only matters if backward
uses it; an edge whose local derivative or incoming gradient is 0 passes nothing
on, so 0 * inf is 0, not nan.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value


def by_hand(out):
    """The lecture's backward: seed, then each node's _backward() from the top."""
    out.grad = 1.0
    for node in reversed(out.topological_order()):
        node._backward()


BACKWARDS = [pytest.param(lambda out: out.backward(), id="backward"),
             pytest.param(by_hand, id="_backward by hand")]


# --- tanh ------------------------------------------------------------------------

@pytest.mark.parametrize("x", [1e-300, -3e-20, 1e-12, 7e-10, -1e-9, 2e-8, 5e-324])
def test_tanh_of_a_tiny_input_keeps_its_digits(x):
    # the lecture's (exp(2x) - 1) / (exp(2x) + 1) gives 0.0 or a handful of right digits here
    t = Value(x).tanh()
    assert t.data == pytest.approx(math.tanh(x), rel=1e-15, abs=0)
    assert t.local_grads() == (pytest.approx(1 - x * x, rel=1e-16),)


@settings(max_examples=500, deadline=None)
@given(st.floats(-25.0, 25.0, allow_nan=False))
def test_tanh_is_within_a_few_ulps_of_math_tanh(x):
    assert Value(x).tanh().data == pytest.approx(math.tanh(x), rel=1e-15, abs=1e-300)


def test_tanh_keeps_the_lectures_digits():
    # OUTLINE 2.5 and 2.7: o = 1/sqrt 2 prints 0.7071067811865476, 1 - o**2 0.4999999999999999
    o = Value(0.8813735870195432).tanh()
    assert (o.data, o.local_grads()) == (0.7071067811865476, (0.4999999999999999,))
    assert f"{Value(2.0).tanh().data:.4f}" == "0.9640"


def test_tanh_of_nan_is_nan_and_of_infinity_is_one():
    assert math.isnan(Value(math.nan).tanh().data)
    assert (Value(math.inf).tanh().data, Value(-math.inf).tanh().data) == (1.0, -1.0)


# --- derivatives too large for a float -------------------------------------------------

@pytest.mark.parametrize("backward", BACKWARDS)
def test_one_over_a_tiny_number_is_its_reciprocal_with_an_infinite_slope(backward):
    x = Value(1e-160)
    y = 1 / x
    assert y.data == 1e160  # not an OverflowError from the derivative -1/x**2 = -1e320
    backward(y)
    assert x.grad == -math.inf


@pytest.mark.parametrize("x, k, local", [
    (1e-160, -1, -math.inf),    # -1/x**2
    (-1e-160, -1, -math.inf),   # -1/x**2 is negative on both sides
    (5e-324, -0.5, -math.inf),  # -0.5 * x**-1.5
    (5e-324, 0.01, math.inf),   # 0.01 * x**-0.99, with a tiny x**0.01 as the value
    (1e-200, 2, 2e-200),        # x**2 underflows to 0.0, its slope does not
])
def test_power_with_a_local_derivative_past_the_float_range(x, k, local):
    y = Value(x) ** k
    assert y.data == x ** k
    assert y.local_grads() == (local,)


def test_an_infinite_slope_that_backward_never_uses_leaves_no_trace():
    x = Value(1e-160)
    y = (1 / x) * 0  # y does not depend on x: the zero grad stops at 1/x
    y.backward()
    assert (y.data, x.grad) == (0.0, 0.0)


def test_products_and_sums_past_the_float_range_are_inf_as_python_floats_are():
    a = Value(1e200)
    y = a * 1e200 + a * 1e200
    y.backward()
    assert (y.data, a.grad) == (math.inf, 2e200)


def test_a_forward_value_too_large_for_a_float_is_still_an_overflow_error():
    with pytest.raises(OverflowError, match=r"1e-160 \*\* -2 is too large for a float"):
        Value(1e-160) ** -2
    with pytest.raises(OverflowError, match=r"1e-320 \*\* -1 is too large for a float"):
        Value(1.0) / 1e-320  # a / b is a * b**-1, and 1/1e-320 is past the float range
    with pytest.raises(OverflowError, match=r"1e-320 \*\* -1 is too large for a float"):
        Value(1.0) / Value(1e-320)


def test_dividing_by_a_tiny_number_that_is_still_a_float():
    x = Value(3.0)
    y = x / 1e-300
    y.backward()
    assert (y.data, x.grad) == (pytest.approx(3e300), pytest.approx(1e300))


def test_log_of_the_smallest_float_has_an_infinite_slope():
    y = Value(5e-324).log()
    assert y.data == math.log(5e-324)
    assert y.local_grads() == (math.inf,)


# --- 0 * inf -------------------------------------------------------------------

@pytest.mark.parametrize("backward", BACKWARDS)
def test_a_zero_local_derivative_stops_an_infinite_gradient(backward):
    x = Value(-1.0)
    y = x.relu() ** 0.5  # sqrt stands vertical at relu's 0: an infinite grad, then relu's 0
    backward(y)
    assert y._prev[0].grad == math.inf
    assert x.grad == 0.0  # not 0 * inf = nan


@pytest.mark.parametrize("backward", BACKWARDS)
def test_a_zero_factor_stops_an_infinite_gradient_in_a_product(backward):
    a, b = Value(0.0), Value(3.0)
    y = (a * b) ** 0.5  # at a = 0, y is 0 whatever b is, and a's slope is vertical
    backward(y)
    assert (a.grad, b.grad) == (math.inf, 0.0)


@pytest.mark.parametrize("backward", BACKWARDS)
def test_a_zero_gradient_stops_an_infinite_local_derivative(backward):
    x = Value(0.0)
    y = x ** 0.5 * 0.0
    backward(y)
    assert x.grad == 0.0


@pytest.mark.parametrize("backward", BACKWARDS)
def test_nan_still_spreads_where_it_is_used(backward):
    x = Value(2.0)
    y = x * math.nan
    backward(y)
    assert math.isnan(x.grad)


# --- exp, sigmoid, log at the ends ---------------------------------------------------

def test_exp_and_sigmoid_at_the_ends_of_the_float_range():
    assert Value(-1000.0).exp().local_grads() == (0.0,)
    assert Value(math.inf).exp().data == math.inf  # inf in, inf out: as math.exp
    for x, s in ((-math.inf, 0.0), (math.inf, 1.0), (-800.0, 0.0), (800.0, 1.0)):
        node = Value(x).sigmoid()
        assert (node.data, node.local_grads()) == (s, (0.0,))
    assert math.isnan(Value(math.nan).sigmoid().data)
    assert Value(math.inf).log().local_grads() == (0.0,)
