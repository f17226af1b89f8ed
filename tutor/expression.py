"""How a node is written: its name, and its expression from its operation and children.

Every front end draws a graph with these functions (the lessons' trees and backward
frames, the drills, the playground, the worksheet, the build track's failing cases),
so an expression reads the same everywhere.  The rules:

- A node is drawn from its operation and its children's names, never from values:
  a leaf is its label, an unnamed constant its number, an operation its expression
  (or, if that is long, what it computes: "[tanh of n]").
- A minus shows only where the code wrote one.  ``-a`` is ``a * -1`` in the engine and
  ``a - b`` is ``a + b * -1``; the engine marks the number a minus sign puts into the
  graph (``engine.value.Minus``), and only that is drawn as a minus: ``-a``, ``a-b``,
  ``a-3``.  A learner's leaf of -1 is a leaf: ``d*a`` stays ``d*a``.
- Brackets exactly where Python needs them to read the same tree (``(a+b)*c``,
  ``a*(b*c)``, ``a-(b+c)``, ``-(a*b)``, ``(-a)**2``), plus one rule for negative
  operands: right after an operator they are bracketed (``w2*(-2)``, ``2+(-3)``,
  ``a-(-b)``, ``1+(-y*s)``).  A call's argument never gets a second pair:
  ``relu(-1)``, ``tanh(a+b)``, ``-log(p)``.
- ``sum()`` starts at 0: a sum whose first term is the constant 0 is drawn ``sum(x)``.

    >>> from engine import Value
    >>> a, b = Value(2.0, label="a"), Value(-1.0, label="b")
    >>> names = node_names(a * b - 2 * a)
    >>> sorted(n for n in names.values() if "*" in n)
    ['-(2*a)', '2*a', 'a*b', 'a*b-2*a']
"""

from __future__ import annotations

from engine import Value
from engine.value import Minus

__all__ = ["fmt", "bracketed", "is_constant", "node_names", "expression", "definition",
           "named", "forward_line", "operand_number", "negated", "subtracted", "SHORT_NAME"]

SHORT_NAME = 16   # an expression longer than this is called by what it computes instead

# How tightly a written operand binds, loosest last (Python's order).
ATOM, POWER, UNARY, PRODUCT, SUM = 5, 4, 3, 2, 1


def fmt(x: float, digits: int = 4) -> str:
    """A number as a learner reads it: -1.4999999999999996 -> -1.5, 6.0 -> 6."""
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    if abs(x - round(x)) < 1e-9 and abs(x) < 1e15:
        return str(int(round(x)))
    return f"{x:.{digits}g}"


def operand_number(x: float) -> str:
    """A number between operators: 2, or (-3) in brackets."""
    s = fmt(x)
    return f"({s})" if s.startswith("-") else s


def bracketed(name: str) -> str:
    """'a' -> 'a', '4*x' -> '(4*x)', '-1' -> '(-1)': a name that reads as one thing
    after d or ∂.  A name already in one pair of brackets keeps just those."""
    if name.replace("_", "").replace(".", "").isalnum() or _wrapped(name):
        return name
    return f"({name})"


def _wrapped(name: str) -> bool:
    """'(a+b)' and '[sum of x]' are wrapped; '(a+b)*(c+d)' is not."""
    pair = name[:1] + name[-1:]
    if pair not in ("()", "[]"):
        return False
    depth = 0
    for i, ch in enumerate(name):
        depth += ch == pair[0]
        depth -= ch == pair[1]
        if depth == 0 and i < len(name) - 1:
            return False
    return True


def is_constant(node: Value) -> bool:
    """An unnamed number in an expression (the 1 in a*b + 1): no variable, so nothing to
    differentiate with respect to, predict or nudge."""
    return not node._prev and not node.label


# --- what the code wrote --------------------------------------------------------------


def negated(node: Value) -> Value | None:
    """x, if node is the engine's -x (x times a minus sign's -1); else None."""
    kids = node._prev
    if (node._op == "*" and len(kids) == 2 and isinstance(kids[1], Minus)
            and kids[1].data == -1):
        return kids[0]
    return None


def subtracted(node: Value) -> Value | float | None:
    """What a sum subtracts where the code wrote a minus: b for a - b (a node), 3 for
    a - 3 (a number); None for a sum the code wrote with a plus."""
    kids = node._prev
    if node._op != "+" or len(kids) != 2:
        return None
    right = kids[1]
    if isinstance(right, Minus) and right.subtracts:         # a - 3 is a + -3
        return -right.data
    x = negated(right)
    if x is not None and right._prev[1].subtracts and not right.label:   # a + b * -1
        return x
    return None


def _starts_sum(node: Value) -> bool:
    """0 + x, where the 0 is a constant: how Python's sum() begins."""
    first = node._prev[0]
    return is_constant(first) and first.data == 0 and not isinstance(first, Minus)


# --- writing it -----------------------------------------------------------------------


def node_names(root: Value) -> dict[Value, str]:
    """A short, readable name for every node: its label, a constant, or its expression.

    An unlabelled node whose expression is long is called after what it computes
    and the first labelled node below it ("[tanh of n1]", "[weighted sum of w]")
    and, if several share that, numbered in graph order ("[sum of x (2)]"):
    never an internal id.
    """
    names: dict[Value, str] = {}
    taken: dict[str, int] = {}
    for node in root.topological_order():
        if node.label:
            names[node] = node.label
        elif not node._prev:
            names[node] = fmt(node.data)
        else:
            expr = expression(node, names)
            names[node] = expr if len(expr) <= SHORT_NAME else _described(node, names, taken)
    return names


def expression(node: Value, names: dict[Value, str]) -> str:
    """How the node was computed, from its operation and its children's names:
    'a*b', '-a', 'a-b', 'tanh(n)', 'w2*(-2)'.  A leaf is just its name."""
    if not node._prev:
        return names[node]
    return _written(node, names)[0]


def definition(node: Value, names: dict[Value, str]) -> str | None:
    """The expression, if it says more than the node's name ('a*b' for e); None for a
    leaf and for a node that is called by its expression."""
    if not node._prev:
        return None
    expr = expression(node, names)
    return None if expr.replace(" ", "") == names[node].replace(" ", "") else expr


def named(node: Value, names: dict[Value, str]) -> str:
    """'e = a*b' for a node with a name of its own, 'a*b' for one called by its expression,
    'a' for a leaf."""
    expr = definition(node, names)
    return f"{names[node]} = {expr}" if expr else names[node]


def forward_line(node: Value, names: dict[Value, str]) -> str:
    """How a node's value was computed: 'e = a*b = 2 * (-3) = -6'."""
    n = names[node]
    if not node._prev:
        return f"{n} = {fmt(node.data)}"
    op = node._op
    if op in ("+", "*") and len(node._prev) == 2:
        left, right = (operand_number(c.data) for c in node._prev)
        middle = f"{left} {op} {right}"
    elif op.startswith("**"):
        middle = f"{operand_number(node._prev[0].data)}{op}"
    else:
        middle = f"{op}({', '.join(fmt(c.data) for c in node._prev)})"
    return f"{named(node, names)} = {middle} = {fmt(node.data)}"


def _written(node: Value, names: dict[Value, str]) -> tuple[str, int]:
    """(text, how tightly it binds) for an operation node."""
    kids, op = node._prev, node._op
    x = negated(node)
    if x is not None:
        return "-" + _operand(x, names, UNARY, after_operator=True), UNARY
    if op == "+" and len(kids) == 2:
        left = _operand(kids[0], names, SUM)
        taken = subtracted(node)
        if isinstance(taken, Value):
            return f"{left}-{_operand(taken, names, PRODUCT, after_operator=True)}", SUM
        if taken is not None:
            number = fmt(taken)
            return f"{left}-({number})" if number.startswith("-") else f"{left}-{number}", SUM
        if _starts_sum(node):
            return f"sum({names[kids[1]]})", ATOM
        return f"{left}+{_operand(kids[1], names, PRODUCT, after_operator=True)}", SUM
    if op == "*" and len(kids) == 2:
        left = _operand(kids[0], names, PRODUCT)
        return f"{left}*{_operand(kids[1], names, UNARY, after_operator=True)}", PRODUCT
    if op.startswith("**") and len(kids) == 1:
        return f"{_operand(kids[0], names, ATOM)}{op}", POWER
    inner = ", ".join(names[c] for c in kids)
    if len(kids) == 1 and _wrapped(inner) and inner.startswith("("):
        return f"{op}{inner}", ATOM                          # f(x), never f((x))
    return f"{op}({inner})", ATOM


def _operand(node: Value, names: dict[Value, str], tightness: int,
             after_operator: bool = False) -> str:
    """A child's name as an operand, in brackets if it binds looser than ``tightness``
    or, right after an operator, if it starts with a minus (w2*(-2), 2+(-3))."""
    name = names[node]
    if _binding(node, name) < tightness or (after_operator and name.startswith("-")):
        return f"({name})"
    return name


def _binding(node: Value, name: str) -> int:
    """How tightly a node's name binds when written inside another expression."""
    if bracketed(name) == name:        # a, x1w1, 2.5, (a+b), [sum of x]
        return ATOM
    if node.label:                     # read from how it is written: 'x2*w2', 'e-1'
        return _text_binding(name)
    if not node._prev:                 # a constant: -3, 1e+20
        return UNARY if name.startswith("-") else ATOM
    if negated(node) is not None:
        return UNARY
    op = node._op
    if op == "+":
        return SUM if subtracted(node) is not None or not _starts_sum(node) else ATOM
    if op == "*":
        return PRODUCT
    if op.startswith("**"):
        return POWER
    return ATOM                        # a call: tanh(n), dot(w1, x1, b)


def _text_binding(text: str) -> int:
    """How tightly a written name binds, from its loosest operator outside brackets:
    'x2*w2' is a product, 'e-1' a sum, 'b**-1' a power, '-a' a negation."""
    depth, loosest, before, i = 0, ATOM, "", 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and text.startswith("**", i):
            loosest, before, i = min(loosest, POWER), "*", i + 2
            continue
        elif depth == 0 and ch in "+-":
            if not before:                               # a leading minus: -a
                loosest = min(loosest, UNARY)
            elif before not in "+-*/":                   # a minus after an operator: b**-1
                loosest = SUM
        elif depth == 0 and ch in "*/":
            loosest = min(loosest, PRODUCT)
        if not ch.isspace():
            before = ch
        i += 1
    return loosest


_OP_WORDS = {"+": "sum", "*": "product", "dot": "weighted sum", "tanh": "tanh", "exp": "exp",
             "relu": "relu", "log": "log", "sigmoid": "sigmoid"}


def _described(node: Value, names: dict, taken: dict) -> str:
    if negated(node) is not None:
        word = "negation"
    elif subtracted(node) is not None:
        word = "difference"
    else:
        word = _OP_WORDS.get(node._op, "power" if node._op.startswith("**") else node._op)
    first = next((c for c in node._prev if c.label), None)
    base = f"[{word} of {names[first]}]" if first is not None else f"[{word}]"
    taken[base] = taken.get(base, 0) + 1
    return base if taken[base] == 1 else f"{base[:-1]} ({taken[base]})]"

