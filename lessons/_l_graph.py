"""The lecture's L = (a*b + c) * f, shared by the lessons of chapter 2.

Not a lesson (no ``lesson()``): a helper the lessons ``manual-backprop`` to
``one-step`` import, so they all build exactly the same labelled graph.
"""

__all__ = ["build"]


def build(a, b, c, f):
    """L = (a*b + c) * f from existing leaves, every node labelled; returns (e, d, L)."""
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return e, d, L
