"""Reading a learner's lines into a ``Program``, by a whitelist: never ``eval`` or ``exec``.

Python's own ``ast`` module reads the text; every node of the tree must then be one
of the few the course's language has (numbers, names, ``+ - * / **``, unary minus,
brackets, the calls ``.tanh() .exp() .relu() .log() .sigmoid()``, one assignment a
line).  Anything else (attribute access, other calls, imports, names starting with
``_``, strings, comparisons, ...) is refused with a message saying what is allowed.

Sizes are bounded *before* any work: the length of a line, the number of lines, the
nesting depth and the number of operations, and exponents are plain numbers of at
most ``MAX_EXPONENT``.  So a 10,000-node expression or ``9**9**9`` gets a message,
not a hang.
"""

from __future__ import annotations

import ast
import keyword
import warnings

from lessons.practice.program import (METHODS, BinOp, Call, Line, Name, Num, Program,
                                      ProgramError, neg)

__all__ = ["parse_line", "parse_program", "MAX_LINE", "MAX_LINES", "MAX_OPERATIONS",
           "MAX_DEPTH", "MAX_EXPONENT", "ALLOWED"]

MAX_LINE = 200          # characters on one line
MAX_LINES = 30          # lines in a program
MAX_OPERATIONS = 60     # operations in one program (each makes a node or two)
MAX_DEPTH = 12          # brackets and operations nested inside each other
MAX_EXPONENT = 100
MAX_NAME = 20

ALLOWED = ("one assignment a line, like L = (a*b + 1).tanh(), made of numbers, names, "
           "+ - * / **, brackets and .tanh() .exp() .relu() .log() .sigmoid()")

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


def parse_program(text: str) -> Program:
    """Every non-empty line of text (comments allowed) as one program."""
    lines = [raw for raw in text.splitlines() if _code(raw)]
    if len(lines) > MAX_LINES:
        raise ProgramError(f"at most {MAX_LINES} lines, please (this has {len(lines)})")
    if not lines:
        raise ProgramError(f"nothing to read: write {ALLOWED}")
    program: list[Line] = []
    budget = [MAX_OPERATIONS]
    for raw in lines:
        program.append(parse_line(raw, defined=[line.name for line in program],
                                   budget=budget))
    return Program(tuple(program))


def parse_line(text: str, defined=(), budget: list[int] | None = None) -> Line:
    """One line, ``name = expression``; ``defined``: the names assigned above it.

    ``budget``: a one-item list holding the operations the program may still use
    (it is decreased), so that many lines cannot add up to a huge graph.
    """
    if len(text) > MAX_LINE:
        raise ProgramError(f"that line is {len(text)} characters long; at most {MAX_LINE}, "
                           "please (split it over several lines)")
    code = _code(text)
    if not code:
        raise ProgramError(f"nothing to read: write {ALLOWED}")
    if _depth(code) > MAX_DEPTH:
        raise ProgramError(f"brackets nested more than {MAX_DEPTH} deep; split the "
                           "expression over several lines")
    try:
        with warnings.catch_warnings():     # "invalid decimal literal" and the like: the
            warnings.simplefilter("ignore")  # learner gets our message, not a warning line
            tree = ast.parse(code, mode="exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as e:
        raise ProgramError(f"this is not a line I can read ({_syntax_reason(e)}); write "
                           f"{ALLOWED}") from None
    if len(tree.body) != 1:
        raise ProgramError(f"one assignment a line, please: {ALLOWED}")
    stmt = tree.body[0]
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        raise ProgramError("imports are not part of this language: everything you need is "
                           "already here")
    if isinstance(stmt, ast.AugAssign):
        raise ProgramError("write the new value under a new name (b = a + 1), not a += 1")
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
        raise ProgramError(f"one assignment a line, please: {ALLOWED}")
    target = stmt.targets[0]
    if not isinstance(target, ast.Name):
        raise ProgramError("assign to one plain name, like e = a*b")
    name = _checked_name(target.id)
    if name in defined:
        raise ProgramError(f"the name {name} is already assigned; use a new name for the new value")
    reader = _Reader(defined, budget if budget is not None else [MAX_OPERATIONS])
    expr = reader.read(stmt.value, depth=0)
    note = text.split("#", 1)[1].strip() if "#" in text else ""
    return Line(name, expr, note)


def _code(line: str) -> str:
    """The line without its comment and surrounding spaces."""
    return line.split("#", 1)[0].strip()


def _depth(code: str) -> int:
    depth = deepest = 0
    for ch in code:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return deepest


def _syntax_reason(e: Exception) -> str:
    if isinstance(e, SyntaxError) and e.msg:
        return e.msg.split("(")[0].strip()
    return "too complicated"


def _checked_name(name: str) -> str:
    if name.startswith("_"):
        raise ProgramError(f"names starting with _ are not allowed ({name}); use letters, "
                           "digits and _ inside")
    if len(name) > MAX_NAME:
        raise ProgramError(f"the name {name[:MAX_NAME]}... is long; at most {MAX_NAME} "
                           "characters")
    if not name.isascii() or keyword.iskeyword(name):
        raise ProgramError(f"{name!r} cannot be a name here; use plain letters and digits")
    return name


class _Reader:
    """Turns an ast expression into the language's own tree, refusing anything else."""

    def __init__(self, defined, budget: list[int]):
        self.defined = set(defined)
        self.budget = budget

    def _spend(self) -> None:
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise ProgramError(f"that is more than {MAX_OPERATIONS} operations; keep the "
                               "graph small enough to read")

    def read(self, node: ast.AST, depth: int):
        if depth > MAX_DEPTH:
            raise ProgramError(f"operations nested more than {MAX_DEPTH} deep; split the "
                               "expression over several lines")
        if isinstance(node, ast.Constant):
            return Num(_number(node.value))
        if isinstance(node, ast.Name):
            name = _checked_name(node.id)
            if name not in self.defined:
                raise ProgramError(f"the name {name} is not defined yet: assign it on a line above "
                                   f"(like {name} = 2.0)")
            return Name(name)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self.read(node.operand, depth + 1)
            if isinstance(node.op, ast.USub):
                inner = self.read(node.operand, depth + 1)
                if not isinstance(inner, Num):
                    self._spend()
                return neg(inner)
            raise ProgramError(f"{_describe(node)} is not part of this language: {ALLOWED}")
        if isinstance(node, ast.BinOp):
            op = _OPS.get(type(node.op))
            if op is None:
                raise ProgramError(f"the operator in {_describe(node)} is not part of this "
                                   "language; use + - * / **")
            self._spend()
            left = self.read(node.left, depth + 1)
            if op == "**":
                right = self._exponent(node.right)
            else:
                right = self.read(node.right, depth + 1)
            return BinOp(op, left, right)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        if isinstance(node, ast.Attribute):
            raise ProgramError(f".{node.attr} is not allowed: the only things after a dot are "
                               "the calls .tanh() .exp() .relu() .log() .sigmoid()")
        raise ProgramError(f"{_describe(node)} is not part of this language: {ALLOWED}")

    def _exponent(self, node: ast.AST) -> Num:
        sign = 1.0
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
            node = node.operand
        if not isinstance(node, ast.Constant):
            raise ProgramError("an exponent must be a plain number, like x**2 or x**-1 (the "
                               "power rule needs a constant exponent)")
        k = sign * _number(node.value)
        if abs(k) > MAX_EXPONENT:
            raise ProgramError(f"an exponent of {k:g} is too large; at most {MAX_EXPONENT}")
        return Num(k)

    def _call(self, node: ast.Call, depth: int) -> Call:
        func = node.func
        if not isinstance(func, ast.Attribute):
            called = func.id if isinstance(func, ast.Name) else "that"
            raise ProgramError(f"calling {called}(...) is not allowed; the only calls are "
                               ".tanh() .exp() .relu() .log() .sigmoid() after a value, like "
                               "n.tanh() (numbers are already Values: write a = 2.0)")
        if func.attr not in METHODS:
            raise ProgramError(f".{func.attr}() is not one of the calls here: "
                               ".tanh() .exp() .relu() .log() .sigmoid()")
        if node.args or node.keywords:
            raise ProgramError(f".{func.attr}() takes nothing between its brackets")
        self._spend()
        return Call(func.attr, self.read(func.value, depth + 1))


def _number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ProgramError(f"{value!r} is not a number; only numbers and names are values "
                           "here")
    try:
        x = float(value)
    except OverflowError:
        raise ProgramError("that number is too large") from None
    if x != x or x in (float("inf"), float("-inf")):
        raise ProgramError("that number is too large")
    return x


def _describe(node: ast.AST) -> str:
    names = {ast.Compare: "a comparison", ast.BoolOp: "and/or", ast.Subscript: "indexing",
             ast.List: "a list", ast.Tuple: "a tuple", ast.Dict: "a dict", ast.Lambda: "lambda",
             ast.IfExp: "if/else", ast.JoinedStr: "an f-string", ast.Starred: "*",
             ast.NamedExpr: ":=", ast.Await: "await", ast.Set: "a set"}
    for kind, word in names.items():
        if isinstance(node, kind):
            return word
    if isinstance(node, ast.UnaryOp):
        return {ast.Not: "not", ast.Invert: "~"}.get(type(node.op), "that operator")
    if isinstance(node, ast.BinOp):
        return {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
                ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&",
                ast.BitXor: "^"}.get(type(node.op), "that expression")
    return type(node).__name__.lower()
