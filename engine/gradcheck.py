"""Numerical gradient checking: the lecture's "nudge it by h and watch"."""

from engine.value import Value

__all__ = ["numerical_grad", "gradient_check"]


def numerical_grad(f, leaf, h=1e-6):
    """The lecture's check: nudge ``leaf`` by h and see how ``f()`` moves.

    ``f`` rebuilds the expression from the leaves and returns the output Value
    (or number).  Central difference, and the leaf's data is put back after.
    """
    original = leaf.data
    try:
        leaf.data = original + h
        up = _number(f())
        leaf.data = original - h
        down = _number(f())
    finally:
        leaf.data = original
    return (up - down) / (2 * h)


def gradient_check(f, leaves, h=1e-6, tolerance=1e-4):
    """Compare backprop's gradient with the numerical one for each leaf.

    Returns a list of (leaf, analytic, numerical, ok) tuples.
    """
    out = f()
    for leaf in leaves:
        leaf.grad = 0.0
    out.backward()
    rows = []
    for leaf in leaves:
        numeric = numerical_grad(f, leaf, h)
        ok = abs(leaf.grad - numeric) <= tolerance * max(1.0, abs(numeric))
        rows.append((leaf, leaf.grad, numeric, ok))
    return rows


def _number(x):
    return x.data if isinstance(x, Value) else float(x)
