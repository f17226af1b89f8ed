"""Optional oracle: on random expressions, our gradients equal PyTorch's (float64).

Skipped when torch is not installed (pip install torch==2.13.0, the CPU wheel).
"""

import pytest

torch = pytest.importorskip("torch")

from hypothesis import assume, given, settings  # noqa: E402

from engine import Value  # noqa: E402
from engine_exprs import LEAVES, Lib, evaluate, leaf_values, trees  # noqa: E402


def torch_dot(weights, inputs, bias):
    total = bias
    for w, x in zip(weights, inputs):
        total = total + w * x
    return total


VALUE_LIB = Lib(const=Value, dot=Value.dot, number=lambda v: v.data)
TORCH_LIB = Lib(const=lambda c: torch.tensor(c, dtype=torch.float64), dot=torch_dot,
                number=lambda t: t.item())


@settings(max_examples=200, deadline=None)
@given(tree=trees, values=leaf_values)
def test_gradients_equal_torch_float64(tree, values):
    ours = {name: Value(x) for name, x in zip(LEAVES, values)}
    theirs = {name: torch.tensor(x, dtype=torch.float64, requires_grad=True)
              for name, x in zip(LEAVES, values)}
    relu_inputs = []
    try:
        out = evaluate(tree, ours, VALUE_LIB, relu_inputs)
    except OverflowError:
        assume(False)
    assume(all(x != 0.0 for x in relu_inputs))  # the subgradient at 0 is a convention
    ref = evaluate(tree, theirs, TORCH_LIB)
    assert out.data == pytest.approx(ref.item(), rel=1e-12, abs=1e-12)
    out.backward()
    ref.backward()
    for name in LEAVES:
        expected = theirs[name].grad.item() if theirs[name].grad is not None else 0.0
        assert ours[name].grad == pytest.approx(expected, rel=1e-9, abs=1e-12), name


def test_lecture_neuron_matches_torch():
    x1, x2, w1, w2 = (torch.tensor([v], dtype=torch.float64, requires_grad=True)
                      for v in (2.0, 0.0, -3.0, 1.0))
    b = torch.tensor([6.8813735870195432], dtype=torch.float64, requires_grad=True)
    o = torch.tanh(x1 * w1 + x2 * w2 + b)
    o.backward()
    vx1, vx2, vw1, vw2 = (Value(v) for v in (2.0, 0.0, -3.0, 1.0))
    vo = (vx1 * vw1 + vx2 * vw2 + Value(6.8813735870195432)).tanh()
    vo.backward()
    assert vo.data == pytest.approx(o.item(), rel=1e-15)
    for ours, theirs in [(vx1, x1), (vx2, x2), (vw1, w1), (vw2, w2)]:
        assert ours.grad == pytest.approx(theirs.grad.item(), abs=1e-12)
