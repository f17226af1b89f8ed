"""Graphs for the worksheet, where the learner does a whole backward pass by hand.

``worksheet_problem(seed)`` gives a small graph in the course's shapes (the
lecture's L, the used-twice graph, a neuron whose tanh value the statement gives)
with fresh small numbers, as a program and the names its statement explains.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from lessons.practice.problem import TANH_VALUES, add, atanh_note, call, mul, prog
from lessons.practice.program import Program

__all__ = ["Worksheet", "worksheet_problem", "KINDS"]

KINDS = ("lecture", "two-paths", "neuron")
NONZERO = (-4, -3, -2, -1, 1, 2, 3, 4)


@dataclass(frozen=True)
class Worksheet:
    kind: str
    seed: int
    program: Program
    givens: tuple[str, ...] = ()


def worksheet_problem(seed: int, kind: str | None = None) -> Worksheet:
    rng = random.Random(f"worksheet:{seed}")
    kind = kind or rng.choice(KINDS)
    if kind == "lecture":                    # e = a*b; d = e + c; L = d*f
        a, b, c, f = (float(v) for v in rng.sample(NONZERO, 4))
        p = prog(("a", a), ("b", b), ("e", mul("a", "b")), ("c", c * 2), ("d", add("e", "c")),
                 ("f", f), ("L", mul("d", "f")))
        return Worksheet(kind, seed, p)
    if kind == "two-paths":                  # d = a*b; e = a + b; f = d*e
        a, b = (float(v) for v in rng.sample((-3, -2, -1, 1, 2, 3), 2))
        if a + b == 0:
            b = -b * 2 if abs(b) < 2 else b + 1
        p = prog(("a", a), ("b", b), ("d", mul("a", "b")), ("e", add("a", "b")),
                 ("f", mul("d", "e")))
        return Worksheet(kind, seed, p)
    x1, x2 = (float(v) for v in rng.sample((-2, -1, 0, 1, 2), 2))
    w1, w2 = (float(v) for v in rng.sample((-3, -2, -1, 1, 2, 3), 2))
    t = rng.choice(TANH_VALUES)
    b = math.atanh(t) - (x1 * w1 + x2 * w2)
    p = prog(("x1", x1), ("x2", x2), ("w1", w1), ("w2", w2), ("b", b, atanh_note(t)),
             ("x1w1", mul("x1", "w1")), ("x2w2", mul("x2", "w2")),
             ("x1w1x2w2", add("x1w1", "x2w2")), ("n", add("x1w1x2w2", "b")),
             ("o", call("tanh", "n")))
    return Worksheet("neuron", seed, p, givens=("b",))
