"""The chain rule, spelled out from the graph.

Everything here reads the numbers the engine itself used: each node's children
(``_prev``) and local derivatives (``local_grads()``).  No calculus is repeated.

    dL/dc = dL/dd * dd/dc = -2 * 1 = -2
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import Value

__all__ = ["node_names", "fmt", "d", "Term", "Frame", "backward_frames", "frame_for",
           "chain_rule_lines", "local_rule", "forward_line"]


def fmt(x: float, digits: int = 4) -> str:
    """A number as a learner reads it: -1.4999999999999996 -> -1.5, 6.0 -> 6."""
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    if abs(x - round(x)) < 1e-9 and abs(x) < 1e15:
        return str(int(round(x)))
    return f"{x:.{digits}g}"


def d(name: str) -> str:
    """'a' -> 'a', '4*x' -> '(4*x)': so that d(4*x)/dx reads right."""
    return name if name.replace("_", "").isalnum() else f"({name})"


def node_names(root: Value) -> dict[Value, str]:
    """A short, readable name for every node: its label, a constant, or its expression."""
    names: dict[Value, str] = {}
    for i, node in enumerate(root.topological_order()):
        if node.label:
            names[node] = node.label
        elif not node._prev:
            names[node] = fmt(node.data)
        else:
            expr = _expression(node, names)
            names[node] = expr if len(expr) <= 14 else f"{node._op}#{i}"
    return names


def _expression(node: Value, names: dict[Value, str]) -> str:
    kids = [names[c] for c in node._prev]
    op = node._op
    if op == "*" and len(kids) == 2 and not node._prev[1]._prev and node._prev[1].data == -1:
        return f"-{d(kids[0])}"  # how a - b and -a are built: times -1
    if op == "+" and len(kids) == 2 and kids[1].startswith("-"):
        return f"{kids[0]}{kids[1]}"
    if op == "+" and len(kids) == 2:
        return f"{kids[0]}+{kids[1]}"
    if op == "*" and len(kids) == 2:
        return f"{_factor(kids[0])}*{_factor(kids[1])}"
    if op.startswith("**"):
        return f"{d(kids[0])}{op}"
    return f"{op}({', '.join(kids)})"


def _factor(name: str) -> str:
    """Brackets for a sum inside a product: (e-1)*(e+1)**-1, not e-1*(e+1)**-1."""
    inner = name[1:] if name.startswith("-") else name
    return f"({name})" if ("+" in inner or "-" in inner) and not name.startswith("(") else name


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
    """The chain rule for one frame, as text.

    ``numbers=False`` gives only the symbolic rule with the upstream gradients
    filled in (a hint that does not give the answer away).
    """
    r, n = d(names[root]), d(names[frame.node])
    if frame.node is root:
        return [f"d{r}/d{r} = 1   (the base case: nudge {r} by h and it moves by h)"]
    lhs = f"d{r}/d{n}"
    pad = " " * len(lhs)
    symbolic = " + ".join(f"d{r}/d{d(names[t.parent])} * d{d(names[t.parent])}/d{n}"
                          for t in frame.terms)
    lines = [f"{lhs} = {symbolic}"]
    if not numbers:
        for t in frame.terms:
            lines.append(f"  where d{r}/d{d(names[t.parent])} = {fmt(t.upstream)} is already known")
        return lines
    product = " + ".join(f"{_paren(t.upstream)} * {_paren(t.local)}" for t in frame.terms)
    lines.append(f"{pad} = {product}")
    if len(frame.terms) > 1:
        lines.append(f"{pad} = {' + '.join(_paren(t.contribution) for t in frame.terms)}")
    lines.append(f"{pad} = {fmt(frame.grad)}")
    for t in frame.terms:
        why = local_rule(t.parent, frame.node, names)
        line = f"  d{d(names[t.parent])}/d{n} = {fmt(t.local)}: {why}"
        if line not in lines:  # b = a + a: one reason for both edges
            lines.append(line)
    if len(frame.terms) > 1:
        lines.append(f"  {names[frame.node]} is used {len(frame.terms)} times, so the paths add up.")
    return lines


def _paren(x: float) -> str:
    s = fmt(x)
    return f"({s})" if s.startswith("-") else s


def local_rule(parent: Value, child: Value, names: dict[Value, str]) -> str:
    """Why parent's local derivative with respect to child is what it is, in words."""
    op, kids = parent._op, parent._prev
    p = names[parent]
    if op == "+":
        return f"{p} is a sum, and a plus node passes the gradient through unchanged"
    if op == "*":
        if kids[0] is kids[1]:
            return f"{p} = {names[child]} * {names[child]}: each factor's share is the other factor"
        other = kids[1] if kids[0] is child else kids[0]
        value = "" if names[other] == fmt(other.data) else f" = {fmt(other.data)}"
        return f"{p} is a product: the local derivative is the other factor, {names[other]}{value}"
    if op.startswith("**"):
        k = op[2:]
        return f"power rule: {k} * {d(names[child])}**({k}-1)"
    if op == "tanh":
        return f"1 - tanh² = 1 - {fmt(parent.data)}²"
    if op == "exp":
        return f"exp is its own derivative: {fmt(parent.data)}"
    if op == "relu":
        return "relu passes the gradient when its output is positive, else blocks it"
    if op == "log":
        return f"d log(x)/dx = 1/x = 1/{fmt(child.data)}"
    if op == "sigmoid":
        return "s * (1 - s) for the sigmoid's output s"
    if op == "dot":
        return "a weighted sum: a weight's share is its input, an input's its weight"
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
