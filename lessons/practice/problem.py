"""A generated drill: its statement (a ``Program``), its graph, and one question.

Generators build programs with the small helpers here (``prog``, ``add``, ``mul``,
...) rather than by parsing text, because they make tens of thousands of problems
in the tests; the tests check that every statement reads back, through the
learner's parser, to the very same program.

Every answer is computed by the engine from the program's graph.  ``numeric``
computes it again the lecture's way, by central finite differences on the same
program (``slope``), so the tests can hold the two against each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

from engine import Value
from lessons.practice.program import BinOp, Call, Line, Name, Num, Program, neg
from lessons.steps import Question, Step

__all__ = ["Problem", "prog", "add", "sub", "mul", "div", "power", "call", "minus", "slope",
           "num", "atanh_note", "TANH_VALUES"]

# tanh values whose 1 - t**2 is a simple number: 0.64, 0.36, 0.75
TANH_VALUES = (0.6, -0.6, 0.8, -0.8, 0.5, -0.5)


@dataclass
class Problem:
    """One drill.

    ``program``: the assignments, which build the graph; ``code``: the whole
    statement when it is more than the assignments (a ``backward()`` call, an
    update, a loop).  ``before``: steps shown between the statement and the
    question (a tree with the asked value hidden).  ``givens``: names whose value
    the statement explains in a comment (a bias chosen so that tanh(n) = 0.6): the
    only numbers that need not be small.  ``asks``: for a number question, the
    Python expression it asks about (``w.grad``), which the statement, run as
    Python, must produce.  ``numeric(h)``: the answer by central differences.
    """

    skill: str
    level: int
    seed: int
    program: Program
    values: dict[str, Value]
    question: Question
    numeric: Callable[[float], float]
    code: str = ""
    before: Sequence[Step] = ()
    givens: tuple[str, ...] = ()
    asks: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.code or self.program.source()

    @property
    def root(self) -> Value:
        return self.values[self.program.output]


# --- building programs ----------------------------------------------------------------


def _expr(x):
    if isinstance(x, str):
        return Name(x)
    if isinstance(x, (int, float)):
        return Num(float(x))
    return x


def add(a, b):
    return BinOp("+", _expr(a), _expr(b))


def sub(a, b):
    return BinOp("-", _expr(a), _expr(b))


def mul(a, b):
    return BinOp("*", _expr(a), _expr(b))


def div(a, b):
    return BinOp("/", _expr(a), _expr(b))


def power(a, k: float):
    return BinOp("**", _expr(a), Num(float(k)))


def call(method: str, a):
    return Call(method, _expr(a))


def minus(a):
    return neg(_expr(a))


def prog(*lines) -> Program:
    """prog(("a", 2.0), ("e", mul("a", "b")), ("b", 0.69, "note")) -> Program."""
    return Program(tuple(Line(name, _expr(expr), *rest) for name, expr, *rest in lines))


def num(x: float) -> str:
    """A number for a sentence: 1.5, -0.25, 6 (not 6.0)."""
    if abs(x - round(x)) < 1e-9:
        return str(int(round(x)))
    return f"{x:.4g}"


def atanh_note(t: float) -> str:
    return f"chosen so that tanh(n) = {num(t)}"


# --- the numerical check --------------------------------------------------------------


def slope(program: Program, out: str, wrt: str, h: float,
          shift: dict[str, float] | None = None) -> float:
    """d(out)/d(wrt) by central differences: nudge wrt by +h and -h and rebuild."""
    base = dict(shift or {})
    up = program.run({**base, wrt: base.get(wrt, 0.0) + h})[out].data
    down = program.run({**base, wrt: base.get(wrt, 0.0) - h})[out].data
    return (up - down) / (2 * h)


def is_simple(x: float) -> bool:
    """A number a learner can work with by hand: a fraction with a small denominator."""
    return math.isfinite(x) and any(abs(x * q - round(x * q)) < 1e-6 for q in range(1, 101))
