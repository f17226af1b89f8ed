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


def fresh_graph(tree, values):
    env = {name: Value(x, label=name) for name, x in zip(LEAVES, values)}
    try:
        return env, build(tree, env)
    except OverflowError:
        assume(False)


def all_grads(out):
    """Every node's grad in topological order, nan spelled out so that it equals itself."""
    return ["nan" if math.isnan(node.grad) else node.grad for node in out.topological_order()]


@settings(max_examples=300, deadline=None)
@given(tree=trees, values=leaf_values)
def test_backward_by_hand_with_each_nodes_backward_is_backward(tree, values):
    """The lecture's loop (seed 1, then _backward() on each node in reverse
    topological order) gives exactly backward()'s gradient on every node."""
    _, by_method = fresh_graph(tree, values)
    _, by_hand = fresh_graph(tree, values)
    by_method.backward()
    by_hand.grad = 1.0
    for node in reversed(by_hand.topological_order()):
        node._backward()
    assert all_grads(by_hand) == all_grads(by_method)


@settings(max_examples=300, deadline=None)
@given(tree=trees, values=leaf_values)
def test_skipping_zero_edges_changes_no_finite_gradient(tree, values):
    """Passing nothing on a zero edge (so that 0 * inf is 0) is invisible on finite
    numbers: backward() equals the textbook loop, child.grad += local * grad."""
    _, out = fresh_graph(tree, values)
    _, textbook = fresh_graph(tree, values)
    out.backward()
    textbook.grad = 1.0
    for node in reversed(textbook.topological_order()):
        for child, local in zip(node._prev, node.local_grads()):
            child.grad += local * node.grad
    assume(all(math.isfinite(node.grad) for node in textbook.topological_order()))
    assert all_grads(out) == all_grads(textbook)
