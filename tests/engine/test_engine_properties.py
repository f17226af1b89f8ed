"""Property test: on random expressions, backward() agrees with finite differences."""

import math

from hypothesis import assume, given, settings

from engine import Value
from engine.gradcheck import numerical_grad
from engine_exprs import LEAVES, Lib, evaluate, leaf_values, trees

VALUE_LIB = Lib(const=Value, dot=Value.dot, number=lambda v: v.data)


def build(tree, env, relu_inputs=None):
    return evaluate(tree, env, VALUE_LIB, relu_inputs)


@settings(max_examples=300, deadline=None)
@given(tree=trees, values=leaf_values)
def test_backward_matches_central_differences(tree, values):
    env = {name: Value(x, label=name) for name, x in zip(LEAVES, values)}
    relu_inputs = []
    try:
        out = build(tree, env, relu_inputs)
    except OverflowError:
        assume(False)
    assume(abs(out.data) < 1e8)
    assume(all(abs(x) > 1e-3 for x in relu_inputs))  # finite differences fail at the kink
    out.backward()
    for leaf in env.values():
        numeric = numerical_grad(lambda: build(tree, env), leaf, h=1e-6)
        tolerance = 1e-5 * max(1.0, abs(numeric)) + 1e-8 * abs(out.data)
        assert abs(leaf.grad - numeric) <= tolerance, (tree, leaf.label, leaf.grad, numeric)


@settings(max_examples=100, deadline=None)
@given(tree=trees, values=leaf_values)
def test_backward_is_linear_in_the_seed_and_idempotent_from_zero(tree, values):
    """Two fresh backward passes give the same numbers; grads are finite."""
    env = {name: Value(x) for name, x in zip(LEAVES, values)}
    try:
        out = build(tree, env)
    except OverflowError:
        assume(False)
    out.backward()
    first = [leaf.grad for leaf in env.values()]
    for node in out.topological_order():
        node.grad = 0.0
    out.backward()
    assert [leaf.grad for leaf in env.values()] == first
    assert all(math.isfinite(g) for g in first)
