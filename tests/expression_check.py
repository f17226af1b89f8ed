"""Read a drawn expression back and hold it against the code that made the graph.

``drawn_tree`` parses a drawing (every drawing the renderer makes is a Python expression)
into a nested tuple; ``code_tree`` turns a practice program's expression into the tuple
the engine's graph holds for it (numbers meeting numbers are folded, a / b is a * b**-1,
sum() starts at 0).  ``redundant_brackets`` finds a pair of brackets that neither Python
nor the negative-operand rule (``w2*(-2)``) needs, and ``doubled_brackets`` a pair right
inside another, as in ``relu((-1))``.
"""

from __future__ import annotations

import ast
import operator

from lessons.practice.program import BinOp, Call, Name, Neg, Num
from tutor.expression import expression, fmt

_FOLD = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
         "**": operator.pow}
_AST_OPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Pow: "pow"}


def expanded_names(root) -> dict:
    """Every node's name with every unlabelled operation written out, however long."""
    names = {}
    for node in root.topological_order():
        if node.label:
            names[node] = node.label
        elif not node._prev:
            names[node] = fmt(node.data)
        else:
            names[node] = expression(node, names)
    return names


def code_tree(e):
    """What the engine's graph holds for a program expression."""
    return _numbers_as_read(_code(e))


def _code(e):
    if isinstance(e, Num):
        return ("num", e.value)
    if isinstance(e, Name):
        return ("name", e.id)
    if isinstance(e, Neg):
        x = _code(e.operand)
        return ("num", -x[1]) if x[0] == "num" else ("neg", x)
    if isinstance(e, Call):
        return ("call", e.method, _code(e.operand))
    assert isinstance(e, BinOp)
    left, right = _code(e.left), _code(e.right)
    if left[0] == "num" and right[0] == "num":       # a = 2*3 is a leaf holding 6
        return ("num", _FOLD[e.op](left[1], right[1]))
    if e.op == "+":
        return ("call", "sum", right) if left == ("num", 0) else ("add", left, right)
    if e.op == "/":                                    # a / b is a * b**-1, a / 2 is a * 0.5
        return ("mul", left, ("num", 1 / right[1]) if right[0] == "num" else
                ("pow", right, -1.0))
    if e.op == "**":
        return ("pow", left, right[1])
    return ({"-": "sub", "*": "mul"}[e.op], left, right)


def build_step_tree(step):
    """What the engine's graph holds for one build-track step ['op', name, kind, *args]."""
    kind, args = step[2], [("name", a) if isinstance(a, str) else ("num", float(a))
                           for a in step[3:]]
    if kind == "div":
        x, y = args
        tree = ("mul", x, ("num", 1 / y[1]) if y[0] == "num" else ("pow", y, -1.0))
    elif kind == "pow":
        tree = ("pow", args[0], args[1][1])
    elif kind == "neg":
        tree = ("neg", args[0])
    elif kind in ("add", "sub", "mul"):
        tree = (kind, *args)
        if kind == "add" and args[0] == ("num", 0):
            tree = ("call", "sum", args[1])
    else:
        tree = ("call", kind, args[0])
    return _numbers_as_read(tree)


def drawn_tree(text: str):
    """A drawing read as Python reads it."""
    return _numbers_as_read(_drawn(ast.parse(text, mode="eval").body))


def _drawn(n):
    if isinstance(n, ast.Name):
        return ("name", n.id)
    if isinstance(n, ast.Constant) and isinstance(n.value, (int, float)):
        return ("num", float(n.value))
    if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
        if isinstance(n.operand, ast.Constant):       # -3 is a number
            return ("num", -float(n.operand.value))
        return ("neg", _drawn(n.operand))
    if isinstance(n, ast.BinOp) and type(n.op) in _AST_OPS:
        left, right = _drawn(n.left), _drawn(n.right)
        op = _AST_OPS[type(n.op)]
        if op == "pow":       # an exponent that is not a number is not a graph's: a**(b)
            return ("pow", left, right[1]) if right[0] == "num" else ("pow of", left, right)
        return (op, left, right)
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and len(n.args) == 1:
        return ("call", n.func.id, _drawn(n.args[0]))
    raise AssertionError(f"not an expression the renderer writes: {ast.unparse(n)}")


def _numbers_as_read(tree):
    """Numbers as a learner reads them (fmt), so 1/3 and '0.3333' compare equal."""
    if tree[0] == "num":
        return ("num", fmt(tree[1]))
    if tree[0] == "name":
        return tree
    if tree[0] == "pow":
        return ("pow", _numbers_as_read(tree[1]), fmt(tree[2]))
    if tree[0] == "call":
        return ("call", tree[1], _numbers_as_read(tree[2]))
    return (tree[0], *(_numbers_as_read(t) for t in tree[1:]))


def _pairs(text: str):
    """(open, close) positions of every round bracket pair."""
    stack, pairs = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    return pairs


def doubled_brackets(text: str) -> list[str]:
    """Every '((x))': a pair of brackets whose whole inside is another pair."""
    pairs = set(_pairs(text))
    return [text[i:j + 1] for i, j in sorted(pairs) if (i + 1, j - 1) in pairs]


def redundant_brackets(text: str) -> list[str]:
    """Every pair of brackets that changes nothing: not a call's, not needed by Python
    to read the same tree, and not a negative operand after an operator (w2*(-2))."""
    found = []
    reading = drawn_tree(text)
    for i, j in _pairs(text):
        if i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
            continue                                  # a call: relu(x)
        if text[i + 1] == "-" and i > 0 and text[i - 1] in "+-*/":
            continue                                  # the negative-operand rule
        without = text[:i] + text[i + 1:j] + text[j + 1:]
        try:
            same = drawn_tree(without) == reading
        except (SyntaxError, AssertionError):
            same = False
        if same:
            found.append(text[i:j + 1])
    return found


def bare_negative_operands(text: str) -> list[str]:
    """Every minus right after an operator, as in w2*-2 or 2+-3 (an exponent's b**-1 is
    how the engine names a power, and stays)."""
    return [text[max(i - 2, 0):i + 3] for i in range(1, len(text))
            if text[i] == "-" and text[i - 1] in "+-*/" and text[i - 2:i] != "**"]
