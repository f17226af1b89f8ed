"""backward(): the traversal, deep graphs, and micrograd's accumulation semantics."""

import gc
import random
import sys
import weakref

import pytest

from engine import Value
from engine.nn import MLP
from engine_exprs import readme_teaser


def test_million_node_chain():
    a = Value(1.0, label="a")
    x = Value(0.5, label="start")
    start = x
    for _ in range(1_000_000 - 2):
        x = x + a
    topo = x.topological_order()
    assert len(topo) == 1_000_000
    assert topo[0] is start and topo[-1] is x
    x.backward()
    assert x.data == 0.5 + 999_998
    assert start.grad == 1.0
    assert a.grad == 999_998.0


def test_deep_chain_of_unary_ops_is_not_limited_by_recursion():
    x0 = Value(0.3)
    x = x0
    n = sys.getrecursionlimit() * 20
    for _ in range(n):
        x = x.tanh() * 1.0
    x.backward()
    assert 0.0 < x0.grad < 1.0


def test_graph_is_freed_by_reference_counting_alone():
    """No closures, so no cycles: a dropped graph is gone without the cycle collector."""
    gc.disable()
    try:
        a = Value(2.0)
        out = ((a * a + 1).tanh() - a / 3) ** 2
        out.backward()
        probe = weakref.ref(out._prev[0])
        del out
        assert probe() is None
    finally:
        gc.enable()


def test_backward_twice_doubles_the_grads_of_a_one_op_graph():
    a, b = Value(2.0), Value(-3.0)
    L = a * b
    L.backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)
    L.backward()
    assert (a.grad, b.grad) == (-6.0, 4.0)


def test_backward_twice_accumulates_through_the_whole_graph_as_micrograd_does():
    # micrograd sets the root's grad to 1 and adds into every other node, so a
    # second call adds the already-doubled grads of inner nodes into the leaves.
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    e = a * b
    d = e + c
    L = d * f
    L.backward()
    L.backward()
    assert L.grad == 1.0
    assert (d.grad, f.grad, e.grad, c.grad) == (-4.0, 8.0, -6.0, -6.0)
    assert (a.grad, b.grad) == (24.0, -16.0)


def test_backward_twice_matches_micrograd_itself():
    mg = pytest.importorskip("micrograd.engine")

    def build(V):
        a, b = V(-4.0), V(2.0)
        c = a * b + b ** 3
        d = (c * a + b).relu() * 2 + c / 2.0
        return a, b, d

    a, b, d = build(Value)
    ma, mb, md = build(mg.Value)
    for _ in range(2):
        d.backward()
        md.backward()
        assert (a.grad, b.grad) == pytest.approx((ma.grad, mb.grad), rel=1e-12)


def test_zero_grad_resets_parameters():
    model = MLP(2, [3, 1], rng=random.Random(0))
    out = model([1.0, -2.0])
    out.backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
    again = model([1.0, -2.0])
    again.backward()
    first = [p.grad for p in model.parameters()]
    model.zero_grad()
    model([1.0, -2.0]).backward()
    assert [p.grad for p in model.parameters()] == first


def test_topological_order_lists_each_node_once_children_first():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c + b
    topo = e.topological_order()
    assert len(topo) == len(set(topo)) == 6
    seen = set()
    for node in topo:
        assert all(child in seen for child in node._prev)
        seen.add(node)


def micrograd_node_count(root):
    seen, stack = {root}, [root]
    while stack:
        for child in stack.pop()._prev:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return len(seen)


def test_graphs_have_as_many_nodes_as_micrograd_builds():
    mg = pytest.importorskip("micrograd.engine")

    def teaser(V):
        return readme_teaser(V)[-1]

    def decomposed_tanh(V):
        n = V(2.0) * V(-3.0) + V(0.0) * V(1.0) + V(6.8813735870195432)
        e = (2 * n) ** 1  # micrograd 0.1.0 has no exp: stand-in with the same shape
        return (e - 1) / (e + 1)

    for build in (teaser, decomposed_tanh):
        ours, theirs = build(Value), build(mg.Value)
        assert ours.data == pytest.approx(theirs.data, rel=1e-12)
        assert len(ours.topological_order()) == micrograd_node_count(theirs)
