"""The classic slips, one operation at a time: wrong local derivatives and forward-pass mistakes,
each the number it produces and what it means (``tutor.diagnosis`` matches typed answers to them)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine import Value
from lessons.steps import DEFAULT_ABS_TOL, DEFAULT_REL_TOL
from tutor.explain import local
from tutor.expression import bracketed, fmt, named, node_names

__all__ = ["Mistake", "slips", "value_mistakes", "close"]


@dataclass(frozen=True)
class Mistake:
    """A wrong answer we can explain: the value it produces and what it means.

    ``kind``: "declared", "missing-path", "wrong-local", "dropped-factor",
    "no-upstream", "added", "sign", "forward".  ``node``: the node whose step
    the mistake is about (the parent of the slipped edge, the path's node), if any.
    """

    kind: str
    value: float
    message: str
    node: Value | None = None


def close(x: float, y: float) -> bool:
    """As close as a right answer would have to be."""
    return math.isfinite(y) and abs(x - y) <= DEFAULT_ABS_TOL + DEFAULT_REL_TOL * abs(y)


def slips(parent: Value, index: int, names) -> list[tuple[float, str]]:
    """The classic wrong local derivatives of parent with respect to its index-th child."""
    op, kids = parent._op, parent._prev
    child = kids[index]
    p, c = names[parent], names[child]
    if op == "+":
        return [(0.5, f"A plus node does not split the gradient between its inputs: it passes "
                      f"all of it to each one ({local(p, c)} = 1).")]
    if op == "*" and len(kids) == 2:
        other = kids[1 - index]
        if other is child:        # x * x
            return [(child.data, f"{named(parent, names)}: each of the two factors gets the other "
                                 f"one, and both are {c}, so the two shares add.")]
        out = []
        if not other._prev and other.data == -1:
            out.append((1.0, f"Multiplying by -1 flips the sign: {local(p, c)} = -1."))
        out.append((child.data, f"You used {c}'s own value. For a product, the local "
                                f"derivative with respect to one factor is the other "
                                f"factor, {names[other]}."))
        return out
    if op == "tanh":
        o, n = parent.data, child.data
        return [(o, f"You used tanh's output itself. The local derivative of tanh is "
                    f"1 - {bracketed(p)}**2."),
                (o * o, f"That is {bracketed(p)}**2 alone: the local derivative of tanh is "
                        f"1 - {bracketed(p)}**2, one minus the square."),
                (1 - o, f"Square it: the local derivative of tanh is 1 - {bracketed(p)}**2, "
                        "not 1 - tanh."),
                (1 - n * n, f"Use tanh's output, not its input: 1 - {bracketed(p)}**2, "
                            f"with {p} = tanh({c})."),
                (n, f"That is {c}, tanh's input. The local derivative is 1 - "
                    f"{bracketed(p)}**2, from tanh's output {p}.")]
    if op == "exp":
        return [(child.data, f"exp is its own derivative: the local derivative is "
                             f"exp({c}), the node's own value, not {c}.")]
    if op.startswith("**"):
        k = float(op[2:])
        x = child.data
        out = []
        if x != 0 or k > 1:
            with _quiet():
                out.append((x ** (k - 1), f"Power rule: k * x**(k-1). You left out the factor "
                                          f"k = {fmt(k)}."))
                out.append((k * x ** k, "Power rule: k * x**(k-1). Lower the exponent by one."))
        return out
    if op == "log":
        return [(child.data, "The local derivative of log(x) is 1/x, not x.")]
    if op == "relu":
        if parent.data > 0:
            return [(0.0, "relu passes the gradient through unchanged where its input is "
                          "positive.")]
        return [(1.0, "relu's output is 0 here, and flat: it blocks the gradient.")]
    if op == "sigmoid":
        s = parent.data
        return [(s, "You used the sigmoid's output itself; its local derivative is s * (1 - s).")]
    return []


class _quiet:
    """Overflow or complex results in a candidate just drop the candidate."""

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        return kind in (OverflowError, ZeroDivisionError, ValueError, TypeError)


def value_mistakes(node: Value) -> list[Mistake]:
    """Forward-pass slips for 'what is node.data?'."""
    names = node_names(node)
    n = names[node]
    kids = node._prev
    found = []
    if node._op == "*" and len(kids) == 2:
        found.append(Mistake("forward", kids[0].data + kids[1].data,
                             f"You added. {n} is a product: multiply."))
    if node._op == "+" and len(kids) == 2:
        found.append(Mistake("forward", kids[0].data * kids[1].data,
                             f"You multiplied. {n} is a sum: add."))
    if node._op in ("tanh", "exp", "relu", "sigmoid", "log"):
        found.append(Mistake("forward", kids[0].data,
                             f"That is {names[kids[0]]}, the input. Apply {node._op} to it."))
    if node.data != 0:
        found.append(Mistake("sign", -node.data,
                             "Right size, wrong sign: check the signs of the numbers going in."))
    return [m for m in found if not close(m.value, node.data)]
