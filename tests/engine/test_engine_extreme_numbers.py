"""Infinite gradients: an edge whose local derivative or incoming gradient is 0
passes nothing on, so 0 * inf is 0, not nan (engine/value.py).
"""

import math

import pytest

from engine import Value


def by_hand(out):
    """The lecture's backward: seed, then each node's _backward() from the top."""
    out.grad = 1.0
    for node in reversed(out.topological_order()):
        node._backward()


BACKWARDS = [pytest.param(lambda out: out.backward(), id="backward"),
             pytest.param(by_hand, id="_backward by hand")]


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
