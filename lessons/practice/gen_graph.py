"""Generators of gradient drills on small graphs: one function per skill.

Each ``make_<skill>(rng, level, seed)`` returns a ``Problem`` whose question is
asked about a graph built from its program.  Numbers are small integers or halves
chosen so that nothing divides by zero, overflows or leaves a function's domain;
tanh and exp appear only where the statement gives their value in a comment.
Values that would blur two different mistakes into one answer (a = b, a factor of
1 where the chain rule is the point) are avoided.
"""

from __future__ import annotations

import math
import random

from lessons.practice.problem import (TANH_VALUES, Problem, add, atanh_note, call, minus, mul,
                                      num, power, prog, slope, sub, div)
from lessons.steps import AskGrad, AskSign, AskValue, Show

__all__ = ["make_local", "make_plus", "make_times", "make_chain", "make_twice",
           "make_two_ops", "make_neuron", "make_sign", "grad_problem"]

INTS = (-4, -3, -2, -1, 1, 2, 3, 4)
FACTORS = (-3, -2, 2, 3)            # a factor that is not 1: the chain rule shows


def _distinct(rng: random.Random, k: int, pool=INTS) -> list[float]:
    """k numbers of the pool with different sizes, so no two answers coincide."""
    sizes = rng.sample(sorted({abs(x) for x in pool}), k)
    return [float(s if rng.random() < 0.5 or -s not in pool else -s) for s in sizes]


def _scaled(k: float, x: str):
    """k*x, the constant first: b = -3*a reads better than b = a*-3."""
    return mul(k, x)


def _shifted(x: str, m: float):
    """x + m, or x - |m| for a negative m: c = b - 8, not c = b + -8."""
    return add(x, m) if m >= 0 else sub(x, -m)


def grad_problem(skill: str, level: int, seed: int, program, out: str, wrt: str, *,
                 givens=(), sign: bool = False, hints=()) -> Problem:
    """A 'What is dout/dwrt?' (or 'which way?') problem on the program's graph."""
    values = program.run()
    if sign:
        o, w = values[out], values[wrt]
        question = AskSign(out=o, wrt=w, skill=skill, hints=list(hints),
                           prompt=f"Which way does {out} move if {wrt} goes up a little: "
                                  "up, down, or does it stay the same?")
    else:
        question = AskGrad(out=values[out], wrt=values[wrt], skill=skill, hints=list(hints))
    return Problem(skill, level, seed, program, values, question,
                   numeric=lambda h: slope(program, out, wrt, h), givens=tuple(givens))


# --- the local derivative of one operation ---------------------------------------------------


def make_local(rng, level, seed):
    a, b = _distinct(rng, 2)
    if level == 1:                 # minus, negation, a constant factor or divisor
        kind = rng.choice(["sub", "neg", "scale", "divide"])
        if kind == "sub":
            p = prog(("a", a), ("b", b), ("o", sub("a", "b")))
            return grad_problem("local", level, seed, p, "o", "b")
        if kind == "neg":
            return grad_problem("local", level, seed, prog(("a", a), ("o", minus("a"))), "o", "a")
        if kind == "scale":
            k = rng.choice([k for k in (-5, -4, -3, -2, 2, 3, 4, 5) if k != a])
            return grad_problem("local", level, seed, prog(("a", a), ("o", mul(k, "a"))),
                                "o", "a")
        k = rng.choice((2, 4, 5, -2, -4))
        p = prog(("a", a), ("o", div("a", k), f"the engine: a * {num(1 / k)}"))
        return grad_problem("local", level, seed, p, "o", "a")
    if level == 2:                 # powers and division
        kind = rng.choice(["square", "cube", "inverse", "root", "quotient"])
        if kind in ("square", "cube"):
            k = 2 if kind == "square" else 3
            x = rng.choice(INTS if k == 2 else (-3, -2, -1, 1, 2, 3))
            return grad_problem("local", level, seed, prog(("x", float(x)),
                                                          ("o", power("x", k))), "o", "x")
        if kind == "inverse":
            x = rng.choice((1.0, 2.0, 4.0, -2.0, -1.0, 0.5, -0.5))
            return grad_problem("local", level, seed, prog(("x", x), ("o", power("x", -1))),
                                "o", "x")
        if kind == "root":
            x = rng.choice((1.0, 4.0, 9.0, 16.0, 0.25))
            return grad_problem("local", level, seed, prog(("x", x), ("o", power("x", 0.5))),
                                "o", "x")
        b = rng.choice((1.0, 2.0, 4.0, -2.0, -1.0, 0.5))
        a = rng.choice([x for x in INTS if abs(x) != abs(b)])
        p = prog(("a", float(a)), ("b", b), ("o", div("a", "b"), "the engine: a * b**-1"))
        return grad_problem("local", level, seed, p, "o", rng.choice(["a", "b", "b"]))
    kind = rng.choice(["exp", "tanh", "relu"])       # level 3: exp, tanh, relu
    if kind == "exp":
        e = rng.choice((1.0, 2.0, 3.0, 0.5))
        x = math.log(e)
        note = "" if e == 1 else f"log({num(e)}), so exp(x) = {num(e)}"
        p = prog(("x", x, note), ("o", call("exp", "x")))
        return grad_problem("local", level, seed, p, "o", "x", givens=("x",) if note else ())
    if kind == "tanh":
        t = rng.choice(TANH_VALUES)
        p = prog(("n", math.atanh(t), atanh_note(t)), ("o", call("tanh", "n")))
        return grad_problem("local", level, seed, p, "o", "n", givens=("n",))
    x = rng.choice((-3.0, -2.0, -1.5, -0.5, 0.5, 1.5, 2.0, 3.0))
    return grad_problem("local", level, seed, prog(("x", x), ("o", call("relu", "x"))), "o", "x")


# --- routing at a plus node ---------------------------------------------------------------


def make_plus(rng, level, seed):
    if level == 1:                 # d = a + b; L = d*f
        a, b, f = _distinct(rng, 3, (-4, -3, -2, 2, 3, 4))
        p = prog(("a", a), ("b", b), ("d", add("a", "b")), ("f", f), ("L", mul("d", "f")))
        return grad_problem("plus", level, seed, p, "L", rng.choice(["a", "b"]))
    if level == 2:                 # the lecture's graph, or a sum of three
        a, b, c, f = _distinct(rng, 4)
        if f in (1.0, -1.0):
            f *= 3
        if rng.random() < 0.6:
            p = prog(("a", a), ("b", b), ("c", c), ("e", mul("a", "b")), ("d", add("e", "c")),
                     ("f", f), ("L", mul("d", "f")))
            return grad_problem("plus", level, seed, p, "L", rng.choice(["c", "e"]))
        p = prog(("a", a), ("b", b), ("c", c), ("s", add("a", "b")), ("t", add("s", "c")),
                 ("f", f), ("L", mul("t", "f")))
        return grad_problem("plus", level, seed, p, "L", rng.choice(["a", "b", "c"]))
    a, b, f = _distinct(rng, 3, (-4, -3, -2, 2, 3, 4))   # level 3: a minus on the way
    if rng.random() < 0.5:
        p = prog(("a", a), ("b", b), ("d", sub("a", "b")), ("f", f), ("L", mul("d", "f")))
        return grad_problem("plus", level, seed, p, "L", rng.choice(["b", "b", "a"]))
    c = rng.choice([x for x in (5.0, 6.0, -5.0) if x not in (a, b, f)])
    p = prog(("a", a), ("b", b), ("e", mul("a", "b")), ("c", c), ("d", sub("c", "e")),
             ("f", f), ("L", mul("d", "f")))
    return grad_problem("plus", level, seed, p, "L", "e")


# --- the multiply swap --------------------------------------------------------------------


def make_times(rng, level, seed):
    a, b, c = _distinct(rng, 3, (-4, -3, -2, 2, 3, 4))
    wrt = rng.choice(["a", "b"])
    if level == 1:                 # L = a*b
        return grad_problem("times", level, seed, prog(("a", a), ("b", b),
                                                       ("L", mul("a", "b"))), "L", wrt)
    if level == 2:                 # e = a*b; L = e + c
        p = prog(("a", a), ("b", b), ("e", mul("a", "b")), ("c", c * 2), ("L", add("e", "c")))
        return grad_problem("times", level, seed, p, "L", wrt)
    p = prog(("a", a), ("b", b), ("e", mul("a", "b")), ("f", c), ("L", mul("e", "f")))
    return grad_problem("times", level, seed, p, "L", wrt)


# --- a chain of three steps or more -----------------------------------------------------------


def make_chain(rng, level, seed):
    a = float(rng.choice((-3, -2, -1, 1, 2, 3)))
    k, m = rng.choice(FACTORS), rng.choice((-2, -1, 1, 2, 3))
    n = rng.choice((-2, 2, 3, -3))
    if level == 1:                 # three linear steps
        if rng.random() < 0.5:
            p = prog(("a", a), ("b", _scaled(k, "a")), ("c", _shifted("b", m)),
                     ("L", _scaled(n, "c")))
        else:
            p = prog(("a", a), ("b", _shifted("a", m)), ("c", _scaled(k, "b")),
                     ("L", _scaled(n, "c")))
        return grad_problem("chain", level, seed, p, "L", "a")
    if level == 2:                 # a square on the way
        m = rng.choice((-3, -2, -1, 1, 2, 3)) - a * k      # so that c is small
        n = rng.choice((-1, 2, -2))
        p = prog(("a", a), ("b", _scaled(k, "a")), ("c", _shifted("b", m)),
                 ("d", power("c", 2)), ("L", _scaled(n, "d")))
        return grad_problem("chain", level, seed, p, "L", rng.choice(["a", "a", "b"]))
    kind = rng.choice(["exp", "relu", "inverse"])    # level 3: exp, relu or 1/x on the way
    w = float(rng.choice((-2, -1, 2, 3)))
    if kind == "exp":
        e = rng.choice((1.0, 2.0, 0.5))
        c = math.log(e) - a * w
        note = f"chosen so that exp(q) = {num(e)}"
        p = prog(("x", a), ("w", w), ("p", mul("x", "w")), ("c", c, note), ("q", add("p", "c")),
                 ("e", call("exp", "q")), ("L", _scaled(n, "e")))
        return grad_problem("chain", level, seed, p, "L", rng.choice(["x", "w"]), givens=("c",))
    if kind == "relu":
        c = float(rng.choice([x for x in (-3, -2, -1, 1, 2, 3) if a * w + x != 0]))
        p = prog(("x", a), ("w", w), ("p", mul("x", "w")), ("c", c), ("q", add("p", "c")),
                 ("r", call("relu", "q")), ("L", _scaled(n, "r")))
        return grad_problem("chain", level, seed, p, "L", rng.choice(["x", "w"]))
    q = rng.choice((2.0, -2.0, 4.0, 1.0, -1.0))
    c = q - a * w
    p = prog(("x", a), ("w", w), ("p", mul("x", "w")), ("c", c), ("q", add("p", "c")),
             ("r", power("q", -1)), ("L", _scaled(n, "r")))
    return grad_problem("chain", level, seed, p, "L", rng.choice(["x", "w", "c"]))


# --- one node used twice ------------------------------------------------------------------


def make_twice(rng, level, seed):
    a = float(rng.choice(INTS))
    same = rng.choice([add("a", "a"), mul("a", "a")])
    if level == 1:                 # b = a + a, b = a*a
        return grad_problem("twice", level, seed, prog(("a", a), ("b", same)), "b", "a")
    if level == 2:                 # the same inside a chain
        c = float(rng.choice([x for x in (-3, -2, 2, 3) if x != a]))
        p = prog(("a", a), ("b", same), ("c", c), ("L", mul("b", "c")))
        return grad_problem("twice", level, seed, p, "L", "a")
    a, b, c = _distinct(rng, 3, (-4, -3, -2, -1, 1, 2, 3, 4))   # level 3: two nodes use a
    if rng.random() < 0.5:
        p = prog(("a", a), ("b", b), ("c", c), ("d", mul("a", "b")), ("e", mul("a", "c")),
                 ("L", add("d", "e")))
    else:
        p = prog(("a", a), ("b", b), ("d", mul("a", "b")), ("L", mul("d", "a")))
    return grad_problem("twice", level, seed, p, "L", "a")


# --- one node, two different operations on the way ---------------------------------------


def make_two_ops(rng, level, seed):
    a, b, c = _distinct(rng, 3, (-3, -2, -1, 1, 2, 3))
    if level == 1:                 # d = a + b; L = d*a
        p = prog(("a", a), ("b", b), ("d", add("a", "b")), ("L", mul("d", "a")))
        return grad_problem("two-ops", level, seed, p, "L", "a")
    if level == 2:                 # the lecture's f = (a*b) * (a+b)
        p = prog(("a", a), ("b", b), ("d", mul("a", "b")), ("e", add("a", "b")),
                 ("f", mul("d", "e")))
        return grad_problem("two-ops", level, seed, p, "f", rng.choice(["a", "b"]))
    if rng.random() < 0.5:         # level 3: a power and a product, or three paths
        p = prog(("a", a), ("b", b), ("d", power("a", 2)), ("e", mul("a", "b")),
                 ("L", sub("d", "e")))
    else:
        p = prog(("a", a), ("b", b), ("c", c), ("d", mul("a", "b")), ("e", add("a", "c")),
                 ("f", mul("d", "e")), ("L", add("f", "a")))
    return grad_problem("two-ops", level, seed, p, "L", "a")


# --- a neuron -----------------------------------------------------------------------------

NEURON_SUM = ("x1w1", "x2w2", "x1w1x2w2", "n")


def _neuron(rng, t: float | None):
    """The lecture's neuron with small inputs and weights; with t, the bias is chosen so
    that tanh(n) = t and the graph ends in o = n.tanh()."""
    x1, x2 = (float(v) for v in rng.sample((-2, -1, 0, 1, 2, 3), 2))
    w1, w2 = (float(v) for v in rng.sample((-3, -2, -1, 1, 2, 3), 2))
    s = x1 * w1 + x2 * w2
    lines = [("x1", x1), ("x2", x2), ("w1", w1), ("w2", w2)]
    if t is None:
        lines.append(("b", float(rng.choice([v for v in (-2, -1, 1, 2, 3) if v != -s]))))
    else:
        lines.append(("b", math.atanh(t) - s, atanh_note(t)))
    lines += [("x1w1", mul("x1", "w1")), ("x2w2", mul("x2", "w2")),
              ("x1w1x2w2", add("x1w1", "x2w2")), ("n", add("x1w1x2w2", "b"))]
    if t is not None:
        lines.append(("o", call("tanh", "n")))
    return prog(*lines)


def make_neuron(rng, level, seed):
    if level == 1:                 # the weighted sum plus bias, before the tanh
        p = _neuron(rng, None)
        if rng.random() < 0.3:
            values = p.run()
            hidden = [values[name] for name in NEURON_SUM]
            q = AskValue(node=values["n"], skill="neuron", prompt="What is n?")
            return Problem("neuron", level, seed, p, values, q,
                           numeric=lambda h: p.run()["n"].data,
                           before=[Show(values["n"], hide=hidden)])
        return grad_problem("neuron", level, seed, p, "n",
                            rng.choice(["w1", "x1", "w2", "x2", "b"]))
    t = rng.choice(TANH_VALUES)
    p = _neuron(rng, t)
    wrt = rng.choice(["n", "b", "x1w1x2w2"]) if level == 2 else \
        rng.choice(["w1", "w2", "x1", "x2"])
    return grad_problem("neuron", level, seed, p, "o", wrt, givens=("b",))


# --- the sign, without computing ----------------------------------------------------------


def make_sign(rng, level, seed):
    a, b, c = _distinct(rng, 3, (-4, -3, -2, 2, 3, 4))
    if level == 1:                 # products and sums
        if rng.random() < 0.5:
            p = prog(("a", a), ("b", b), ("e", mul("a", "b")), ("c", c), ("L", mul("e", "c")))
        else:
            p = prog(("a", a), ("b", b), ("e", mul("a", "b")), ("c", c), ("d", add("e", "c")),
                     ("f", -c), ("L", mul("d", "f")))
        return grad_problem("sign", level, seed, p, "L", rng.choice(["a", "b"]), sign=True)
    if level == 2:                 # through tanh, exp or a relu (which may block)
        kind = rng.choice(["tanh", "exp", "relu", "relu"])
        q = rng.choice((-2.0, -1.0, 1.0, 2.0) if kind == "relu" else (-1.0, -0.5, 0.5, 1.0))
        c = q - a * b
        k = rng.choice((-2.0, 2.0, 3.0, -1.0))
        p = prog(("x", a), ("w", b), ("p", mul("x", "w")), ("c", c), ("n", add("p", "c")),
                 ("o", call(kind, "n")), ("L", _scaled(k, "o")))
        return grad_problem("sign", level, seed, p, "L", rng.choice(["x", "w"]), sign=True)
    kind = rng.choice(["square", "two-paths", "two-products"])   # level 3
    if kind == "square":
        y = float(rng.choice([v for v in INTS if v != a and abs(v - a) <= 4]))
        p = prog(("a", a), ("y", y), ("e", sub("a", "y")), ("L", power("e", 2)))
        return grad_problem("sign", level, seed, p, "L", "a", sign=True)
    if kind == "two-paths":
        b = float(rng.choice((-3, -2, -1, 1, 2)))
        p = prog(("a", a), ("b", b), ("d", mul("a", "b")), ("L", add("d", "a")))
        return grad_problem("sign", level, seed, p, "L", "a", sign=True)
    b, c = (float(v) for v in rng.sample((-4, -3, -2, -1, 1, 2, 3, 4), 2))
    p = prog(("a", a), ("b", b), ("c", c), ("e", mul("a", "b")), ("f", mul("a", "c")),
             ("L", add("e", "f")))
    return grad_problem("sign", level, seed, p, "L", "a", sign=True)
