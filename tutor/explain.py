"""The chain rule, spelled out from the graph, in one notation everywhere.

Everything here reads the numbers the engine itself used: each node's children
(``_prev``) and local derivatives (``local_grads()``).  No calculus is repeated.

The notation (introduced in the chain-rule lesson, used by both front ends, the
hints, the diagnoses and the other tracks):

- ``dL/dc``: a **total** derivative, how much the output L moves per unit of c,
  through every path: c's grad.
- ``∂d/∂c``: a **local** derivative, how much the node d moves per unit of its
  own input c, by d's own formula alone (1 for a sum, the other factor for a
  product...).  ``local(of, wrt)`` writes it; ASCII-only output spells it
  ``Dd/Dc`` (see ``ascii_math``).
- Compound names in brackets: ``∂(x2*w2)/∂x2``, ``dL/d(b**-1)``.

    dL/dc = dL/dd * ∂d/∂c
          = (-2) * 1
          = -2
      ∂d/∂c = 1: d = e+c is a sum, which passes the gradient through unchanged
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import Value

__all__ = ["node_names", "fmt", "bracketed", "total", "local", "ascii_math", "Term", "Frame",
           "backward_frames", "frame_for", "chain_rule_lines", "gradient_lines", "local_rule", "kind_of",
           "forward_line", "is_constant", "PARTIAL"]

PARTIAL = "\u2202"            # ∂


def fmt(x: float, digits: int = 4) -> str:
    """A number as a learner reads it: -1.4999999999999996 -> -1.5, 6.0 -> 6."""
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    if abs(x - round(x)) < 1e-9 and abs(x) < 1e15:
        return str(int(round(x)))
    return f"{x:.{digits}g}"


def bracketed(name: str) -> str:
    """'a' -> 'a', '4*x' -> '(4*x)', '-1' -> '(-1)': a name that reads as one thing
    after d or ∂.  A name already in one pair of brackets keeps just those."""
    if name.replace("_", "").replace(".", "").isalnum() or _wrapped(name):
        return name
    return f"({name})"


def _wrapped(name: str) -> bool:
    """'(a+b)' is wrapped; '(a+b)*(c+d)' is not."""
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


def total(of: str, wrt: str) -> str:
    """The total derivative of ``of`` with respect to ``wrt``: 'dL/dc'."""
    return f"d{bracketed(of)}/d{bracketed(wrt)}"


def local(of: str, wrt: str) -> str:
    """The local derivative of node ``of`` with respect to its input ``wrt``: '∂d/∂c'."""
    return f"{PARTIAL}{bracketed(of)}/{PARTIAL}{bracketed(wrt)}"


_ASCII = {PARTIAL: "D", "\u00b2": "^2", "\u00b3": "^3", "\u00b7": "*", "\u2248": "~=",
          "\u2212": "-", "\u2013": "-", "\u2014": "--", "\u221a": "sqrt", "\u2192": "->",
          "\u2190": "<-", "\u00d7": "x", "\u0177": "y^", "\u2264": "<=", "\u2265": ">=",
          "\u2026": "...", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
_ASCII_TABLE = str.maketrans(_ASCII)


def ascii_math(text: str) -> str:
    """The same text for a terminal or font without these symbols: ∂ as D, ² as ^2, ..."""
    return text.translate(_ASCII_TABLE)


def is_constant(node: Value) -> bool:
    """An unnamed number in an expression (the 1 in a*b + 1): no variable, so nothing to
    differentiate with respect to, predict or nudge."""
    return not node._prev and not node.label


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
            expr = _expression(node, names)
            names[node] = expr if len(expr) <= 14 else _described(node, names, taken)
    return names


_OP_WORDS = {"+": "sum", "*": "product", "dot": "weighted sum", "tanh": "tanh", "exp": "exp",
             "relu": "relu", "log": "log", "sigmoid": "sigmoid"}


def _described(node: Value, names: dict, taken: dict) -> str:
    word = _OP_WORDS.get(node._op, "power" if node._op.startswith("**") else node._op)
    first = next((c for c in node._prev if c.label), None)
    base = f"[{word} of {names[first]}]" if first is not None else f"[{word}]"
    taken[base] = taken.get(base, 0) + 1
    return base if taken[base] == 1 else f"{base[:-1]} ({taken[base]})]"


def _expression(node: Value, names: dict[Value, str]) -> str:
    kids = [names[c] for c in node._prev]
    op = node._op
    if op == "*" and len(kids) == 2 and not node._prev[1]._prev and node._prev[1].data == -1:
        return f"-{bracketed(kids[0])}"  # how a - b and -a are built: times -1
    if op == "+" and len(kids) == 2 and kids[1].startswith("-"):
        return f"{kids[0]}{kids[1]}"
    if op == "+" and len(kids) == 2:
        return f"{kids[0]}+{kids[1]}"
    if op == "*" and len(kids) == 2:
        return f"{_factor(kids[0])}*{_factor(kids[1])}"
    if op.startswith("**"):
        return f"{bracketed(kids[0])}{op}"
    if len(kids) == 1:
        inner = kids[0]
        return f"{op}{inner}" if _wrapped(inner) else f"{op}({inner})"
    return f"{op}({', '.join(kids)})"


def _factor(name: str) -> str:
    """Brackets for a sum inside a product: (e-1)*(e+1)**-1, not e-1*(e+1)**-1."""
    inner = name[1:] if name.startswith("-") else name
    return f"({name})" if ("+" in inner or "-" in inner) and not _wrapped(name) else name


@dataclass
class Term:
    """One path's share of a node's gradient: upstream x local = contribution."""

    parent: Value
    upstream: float      # d(root)/d(parent)
    local: float         # d(parent)/d(node)
    contribution: float  # upstream * local


@dataclass
class Frame:
    """One step of the backward pass: a node gets its gradient, the sum of its terms."""

    node: Value
    terms: list[Term]
    grad: float


def backward_frames(root: Value, grads: dict[Value, float] | None = None) -> list[Frame]:
    """The backward pass as frames, root first, in reverse topological order.

    ``grads`` maps node -> d(root)/d(node); by default the nodes' ``.grad``.
    """
    order = list(reversed(root.topological_order()))
    parents: dict[Value, list[tuple[Value, int]]] = {n: [] for n in order}
    for node in order:
        for i, child in enumerate(node._prev):
            parents[child].append((node, i))
    grad = grads.__getitem__ if grads is not None else (lambda n: n.grad)
    return [frame_for(node, root, parents[node], grad) for node in order]


def frame_for(node: Value, root: Value, parent_links, grad) -> Frame:
    """The frame of one node, from its (parent, child-index) links."""
    terms = []
    if node is not root:
        for parent, i in parent_links:
            upstream = grad(parent)
            local = parent.local_grads()[i]
            terms.append(Term(parent, upstream, local, upstream * local))
    return Frame(node, terms, grad(node))


def chain_rule_lines(frame: Frame, root: Value, names: dict[Value, str],
                     numbers: bool = True) -> list[str]:
    """One step of the backward pass as text: the gradient from above times the local
    derivative, summed over the node's uses.

    ``numbers=False`` gives only the symbolic rule (for feedback on a wrong try and
    for hints: it never gives the answer away).
    """
    r, node = names[root], names[frame.node]
    if frame.node is root:
        return [f"{total(r, r)} = 1   (the base case: nudge {r} by h and it moves by h)"]
    lhs = total(r, node)
    pad = " " * len(lhs)
    terms = frame.terms
    positions = _operand_positions(terms)
    alone = len({t.parent for t in terms}) == 1      # b = a + a: still one parent
    symbolic = " + ".join(_term_symbol(t, root, names, node, positions[i], alone)
                          for i, t in enumerate(terms))
    lines = [f"{lhs} = {symbolic}"]
    if not numbers:
        return lines
    product = " + ".join(_term_numbers(t, root, alone) for t in terms)
    sums = " + ".join(_paren(t.contribution) for t in terms)
    if product.strip("()") != fmt(frame.grad):
        lines.append(f"{pad} = {product}")
    if len(terms) > 1 and sums != product:
        lines.append(f"{pad} = {sums}")
    lines.append(f"{pad} = {fmt(frame.grad)}")
    lines += _reasons([(t.parent, frame.node) for t in terms], names)
    if len(terms) > 1:
        lines.append(f"  {node} is used {len(terms)} times: the contributions of its uses add up.")
    return lines


def _operand_positions(terms: list[Term]) -> list[str]:
    """' (first input)' for b = a + a, where two terms share a parent; else ''."""
    parents = [t.parent for t in terms]
    seen: dict[Value, int] = {}
    out = []
    for t in terms:
        if parents.count(t.parent) > 1:
            seen[t.parent] = seen.get(t.parent, 0) + 1
            out.append(f" ({_ORDINAL[seen[t.parent]]} input)")
        else:
            out.append("")
    return out


_ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def _term_symbol(t: Term, root: Value, names, node: str, position: str, alone: bool) -> str:
    step = local(names[t.parent], node) + position  # dL/dd = ∂L/∂d; in a sum every term
    return step if t.parent is root and alone else \
        f"{total(names[root], names[t.parent])} * {step}"      # dL/dL * ∂L/∂b + ...


def _term_numbers(t: Term, root: Value, alone: bool) -> str:
    return _paren(t.local) if t.parent is root and alone else \
        f"{_paren(t.upstream)} * {_paren(t.local)}"


def _reasons(edges, names) -> list[str]:
    """'  ∂d/∂c = 1: why', once per distinct step."""
    lines = []
    for parent, child in edges:
        i = next(i for i, c in enumerate(parent._prev) if c is child)
        line = (f"  {local(names[parent], names[child])} = {fmt(parent.local_grads()[i])}: "
                f"{local_rule(parent, child, names)}")
        if line not in lines:   # b = a + a: one reason for both edges
            lines.append(line)
    return lines


def gradient_lines(out: Value, wrt: Value, grads: dict[Value, float],
                   names: dict[Value, str] | None = None, numbers: bool = True,
                   paths=None) -> list[str]:
    """d(out)/d(wrt) explained for a question: the backward step at wrt, then the
    whole product along the path.

        dL/da = dL/de * ∂e/∂a                 the step: gradient from above x local
              = ∂L/∂d * ∂d/∂e * ∂e/∂a         every local derivative on the path
              = (-2) * 1 * (-3)
              = 6

    (so the loss lesson's 3.76 shows its power rule, not "3.76 x 1").  A path too
    long for a line names its plus nodes instead of multiplying their 1s.  Several
    paths, or one step: the backward pass's own step (``chain_rule_lines``).
    ``paths``: the paths from out to wrt, from ``tutor.diagnosis.paths_between``.
    """
    names = names or node_names(out)
    frame = frame_for(wrt, out, _parent_links(out, wrt), grads.__getitem__)
    if paths is None or len(paths) != 1 or not 2 <= len(paths[0].edges) <= 12:
        return chain_rule_lines(frame, out, names, numbers=numbers)
    edges = paths[0].edges
    bottom = edges[-1]
    lhs = total(names[out], names[wrt])
    pad = " " * len(lhs)
    lines = [f"{lhs} = {total(names[out], names[bottom.parent])} * "
             f"{local(names[bottom.parent], names[wrt])}"]
    shown = list(edges)
    symbolic = " * ".join(local(names[e.parent], names[e.child]) for e in shown)
    passing = []
    if len(pad) + 3 + len(symbolic) > LINE_WIDTH:   # name the plus nodes, skip their 1s
        shown = [e for e in edges if e is bottom or not _passes(e)]
        passing = [names[e.parent] for e in edges if e not in shown]
        symbolic = " * ".join(local(names[e.parent], names[e.child]) for e in shown)
        if edges[0] not in shown:         # the 1s left out, but every factor a local one
            symbolic = f"{local(names[edges[0].parent], names[edges[0].child])} * … * {symbolic}"
    lines.append(f"{pad} = {symbolic}")
    if passing:
        lines.append(f"{pad}   (the plus node{'s' if len(passing) > 1 else ''} "
                     f"{_and_list(passing)} {'pass' if len(passing) > 1 else 'passes'} "
                     "the gradient through: x 1)")
    if not numbers:
        return lines
    lines.append(f"{pad} = {' * '.join(_paren(e.local) for e in shown)}")
    lines.append(f"{pad} = {fmt(grads[wrt])}")
    lines += _reasons([(e.parent, e.child) for e in shown], names)
    return lines


LINE_WIDTH = 76


def _passes(edge) -> bool:
    return edge.parent._op == "+" and edge.local == 1.0


def _parent_links(root: Value, node: Value):
    return [(p, i) for p in root.topological_order() for i, c in enumerate(p._prev) if c is node]


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _paren(x: float) -> str:
    s = fmt(x)
    return f"({s})" if s.startswith("-") else s


def kind_of(node: Value) -> str:
    """What kind of node it is, in words: 'a sum', 'a product', 'a tanh'..."""
    op = node._op
    if op.startswith("**"):
        return "a power"
    return {"+": "a sum", "*": "a product", "tanh": "a tanh", "exp": "an exp", "relu": "a relu",
            "log": "a log", "sigmoid": "a sigmoid", "dot": "a weighted sum"}.get(op, f"a {op} node")


def local_rule(parent: Value, child: Value, names: dict[Value, str]) -> str:
    """Why parent's local derivative with respect to child is what it is, in words."""
    op, kids = parent._op, parent._prev
    p, c = names[parent], names[child]
    if op == "+":
        return f"{p} is a sum, which passes the gradient through unchanged"
    if op == "*" and len(kids) == 2:
        if kids[0] is kids[1]:
            return f"{p} = {c}*{c}: each factor's share is the other factor, {c} = {fmt(child.data)}"
        other = kids[1] if kids[0] is child else kids[0]
        value = "" if names[other] == fmt(other.data) else f" = {fmt(other.data)}"
        return f"{p} is a product: the local derivative is the other factor, {names[other]}{value}"
    if op.startswith("**"):
        k = op[2:]
        x = bracketed(c)
        return (f"the power rule: {k} * {x}**({k}-1) = {k} * {_paren(child.data)}**"
                f"{fmt(float(k) - 1)}")
    if op == "tanh":
        o = bracketed(p)
        return f"tanh's local derivative is 1 - {o}**2 = 1 - {_paren(parent.data)}**2"
    if op == "exp":
        return f"exp is its own derivative: exp({c}) = {p} = {fmt(parent.data)}"
    if op == "relu":
        if parent.data > 0:
            return "relu's input is positive here, so it passes the gradient through"
        return "relu's input is not positive here, so it blocks the gradient"
    if op == "log":
        return f"the derivative of log(x) is 1/x = 1/{_paren(child.data)}"
    if op == "sigmoid":
        return f"the sigmoid's local derivative is s * (1 - s), with s = {p} = {fmt(parent.data)}"
    if op == "dot":
        return "a weighted sum: a weight's local derivative is its input, an input's is its weight"
    return f"the local derivative of {op}"


def forward_line(node: Value, names: dict[Value, str]) -> str:
    """How a node's value was computed: 'e = a*b = 2 * (-3) = -6'."""
    n = names[node]
    if not node._prev:
        return f"{n} = {fmt(node.data)}"
    vals = [_paren(c.data) for c in node._prev]
    op = node._op
    if op in ("+", "*") and len(vals) == 2:
        middle = f"{vals[0]} {op} {vals[1]}"
    elif op.startswith("**"):
        middle = f"{vals[0]}{op}"
    else:
        middle = f"{op}({', '.join(vals)})"
    expr = _expression(node, names)
    head = f"{n} = {expr}" if expr.replace(" ", "") != n.replace(" ", "") else n
    return f"{head} = {middle} = {fmt(node.data)}"
