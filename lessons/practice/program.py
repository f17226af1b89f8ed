"""Programs of one assignment a line, as a learner types them: ``a = 2.0``, ``e = a*b``.

The same small language states every drill and is what a learner types in the
playground.  A ``Program`` is a tuple of ``Line(name, expr)``; ``source()`` writes
it as Python (text that ``parse.parse_program`` reads back into the same program),
and ``run()`` builds it on the engine, each assigned node labelled with its name,
so the tree, the explanations and the diagnoses read with the statement's names.

Expressions: numbers, names, ``+ - * / **`` (a constant exponent), unary minus,
brackets and the methods ``.tanh() .exp() .relu() .log() .sigmoid()``.  Arithmetic
between plain numbers stays plain numbers (``a = 2*3`` is a leaf holding 6).

``run`` never lets an engine error out: a division by zero, an overflow, a log of
a negative number or a number too large to show becomes a ``ProgramError`` with a
message fit for the learner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Union

from engine import Value

__all__ = ["Num", "Name", "BinOp", "Neg", "Call", "Line", "Program", "ProgramError",
           "METHODS", "MAX_VALUE", "neg", "num_text"]

METHODS = ("tanh", "exp", "relu", "log", "sigmoid")
MAX_VALUE = 1e12          # a value beyond this is "too large" for a hand-worked graph


class ProgramError(ValueError):
    """The program cannot be read or run; the message says why, for the learner."""


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Name:
    id: str


@dataclass(frozen=True)
class BinOp:
    op: str               # "+", "-", "*", "/", "**" (then right is a Num)
    left: "Expr"
    right: "Expr"


@dataclass(frozen=True)
class Neg:
    operand: "Expr"


@dataclass(frozen=True)
class Call:
    method: str           # one of METHODS
    operand: "Expr"


Expr = Union[Num, Name, BinOp, Neg, Call]


def neg(x: Expr) -> Expr:
    """-x, with a minus on a number folded into the number (as Python reads -3.0)."""
    return Num(-x.value) if isinstance(x, Num) else Neg(x)


@dataclass(frozen=True)
class Line:
    """``name = expr``, with an optional comment saying where a number comes from."""

    name: str
    expr: Expr
    note: str = ""


@dataclass(frozen=True)
class Program:
    lines: tuple[Line, ...]

    @property
    def output(self) -> str:
        """The name of the last line: the graph's output."""
        return self.lines[-1].name

    def names(self) -> list[str]:
        return [line.name for line in self.lines]

    def leaves(self) -> list[str]:
        """Names assigned a plain number: the inputs a learner can nudge."""
        return [line.name for line in self.lines if _constant(line.expr)]

    def source(self) -> str:
        return "\n".join(_line_text(line) for line in self.lines)

    def run(self, shift: dict[str, float] | None = None) -> dict[str, Value]:
        """Build the program on the engine: name -> its node (labelled with the name).

        ``shift``: name -> h, that name's value is taken as its value + h (the
        numerical check, and the playground's nudges); the graph below a shifted
        node is then left out.
        """
        env: dict[str, Value] = {}
        for line in self.lines:
            try:
                value = _eval(line.expr, env)
            except ProgramError as e:
                raise ProgramError(f"on the line {line.name} = {_expr_text(line.expr)[0]}: "
                                   f"{e}") from None
            if not isinstance(value, Value) or (shift and line.name in shift):
                data = value.data if isinstance(value, Value) else value
                if shift and line.name in shift:
                    data = _checked(data + shift[line.name])
                value = Value(data)
            elif value.label or any(value is v for v in env.values()):
                raise ProgramError(f"the line {line.name} = {_expr_text(line.expr)[0]} only gives "
                                   "another name to a node; use the node's own name")
            value.label = line.name
            env[line.name] = value
        return env


# --- running --------------------------------------------------------------------------


def _checked(x: float) -> float:
    if not math.isfinite(x) or abs(x) > MAX_VALUE:
        raise ProgramError("a value comes out too large to work with by hand "
                           f"(more than {MAX_VALUE:g})")
    return x


def _eval(e: Expr, env: dict[str, Value]):
    """A plain float for number-only arithmetic, else an engine Value."""
    try:
        if isinstance(e, Num):
            return _checked(float(e.value))
        if isinstance(e, Name):
            if e.id not in env:
                raise ProgramError(f"the name {e.id} is not defined yet: assign it on a line above")
            return env[e.id]
        if isinstance(e, Neg):
            x = _eval(e.operand, env)
            return -x if isinstance(x, Value) else _checked(-x)
        if isinstance(e, Call):
            x = _eval(e.operand, env)
            x = x if isinstance(x, Value) else Value(x)
            out = getattr(x, e.method)()
            _checked(out.data)
            return out
        if isinstance(e, BinOp):
            left, right = _eval(e.left, env), _eval(e.right, env)
            if e.op == "**":
                if isinstance(right, Value):
                    raise ProgramError("an exponent must be a plain number, like x**2")
                out = left ** right
            elif e.op == "+":
                out = left + right
            elif e.op == "-":
                out = left - right
            elif e.op == "*":
                out = left * right
            elif e.op == "/":
                out = left / right
            else:
                raise ProgramError(f"unknown operation {e.op}")
            if isinstance(out, complex):
                raise ProgramError("a negative number to a fractional power is not a real "
                                   "number")
            _checked(out.data if isinstance(out, Value) else out)
            return out
    except ZeroDivisionError:
        raise ProgramError("division by zero") from None
    except OverflowError:
        raise ProgramError("a value comes out too large for a float") from None
    except ValueError as err:
        if isinstance(err, ProgramError):
            raise
        raise ProgramError(str(err)) from None
    raise ProgramError(f"cannot run {type(e).__name__}")


# --- writing it as Python -------------------------------------------------------------

_ATOM, _POWER, _UNARY, _PRODUCT, _SUM = 5, 4, 3, 2, 1
_PRECEDENCE = {"+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT, "**": _POWER}


def num_text(x: float, leaf: bool = False) -> str:
    """2.0 as '2.0' on a leaf's own line (as Python prints it), '2' inside an expression."""
    if leaf:
        return repr(float(x))
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def _constant(e: Expr) -> bool:
    return isinstance(e, Num)


def _line_text(line: Line) -> str:
    text = (f"{line.name} = {num_text(line.expr.value, leaf=True)}" if _constant(line.expr)
            else f"{line.name} = {_expr_text(line.expr)[0]}")
    return f"{text}  # {line.note}" if line.note else text


def _expr_text(e: Expr) -> tuple[str, int]:
    """(text, precedence) with exactly the brackets Python needs to read the same tree."""
    if isinstance(e, Num):
        return num_text(e.value), (_ATOM if e.value >= 0 else _UNARY)
    if isinstance(e, Name):
        return e.id, _ATOM
    if isinstance(e, Call):
        inner, p = _expr_text(e.operand)
        if p < _ATOM or isinstance(e.operand, Num):     # (2).exp(): 2.exp() is not Python
            inner = f"({inner})"
        return f"{inner}.{e.method}()", _ATOM
    if isinstance(e, Neg):
        inner, p = _expr_text(e.operand)
        if p < _UNARY or isinstance(e.operand, Num):    # -(a*b) is not (-a)*b; -(3) stays
            inner = f"({inner})"
        return f"-{inner}", _UNARY
    p = _PRECEDENCE[e.op]
    left, lp = _expr_text(e.left)
    right, rp = _expr_text(e.right)
    if e.op == "**":
        if lp < _ATOM:          # -a**2 is -(a**2); (a**2)**3 needs its brackets
            left = f"({left})"
        return f"{left}**{right}", p
    if lp < p:
        left = f"({left})"
    if rp <= p and rp != _UNARY:     # a - (b + c), a/(b*c); a*-b is fine as it is
        right = f"({right})"
    sep = " " if p == _SUM else ""
    return f"{left}{sep}{e.op}{sep}{right}", p
