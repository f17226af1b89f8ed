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
from tutor.expression import bracketed, fmt, named, node_names, operand_number

__all__ = ["total", "local", "ascii_math", "Term", "Frame", "backward_frames", "frame_for",
           "chain_rule_lines", "gradient_lines", "local_rule", "kind_of", "PARTIAL"]

PARTIAL = "\u2202"            # ∂


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
    sums = " + ".join(operand_number(t.contribution) for t in terms)
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
    return operand_number(t.local) if t.parent is root and alone else \
        f"{operand_number(t.upstream)} * {operand_number(t.local)}"


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
    lines.append(f"{pad} = {' * '.join(operand_number(e.local) for e in shown)}")
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
            return (f"{named(parent, names)}: each factor's share is the other factor, "
                    f"{c} = {fmt(child.data)}")
        other = kids[1] if kids[0] is child else kids[0]
        value = "" if names[other] == fmt(other.data) else f" = {fmt(other.data)}"
        return f"{p} is a product: the local derivative is the other factor, {names[other]}{value}"
    if op.startswith("**"):
        k = op[2:]
        x = bracketed(c)
        return (f"the power rule: {k} * {x}**({k}-1) = {k} * {operand_number(child.data)}**"
                f"{fmt(float(k) - 1)}")
    if op == "tanh":
        o = bracketed(p)
        return f"tanh's local derivative is 1 - {o}**2 = 1 - {operand_number(parent.data)}**2"
    if op == "exp":
        return f"exp is its own derivative: exp({c}) = {p} = {fmt(parent.data)}"
    if op == "relu":
        if parent.data > 0:
            return "relu's input is positive here, so it passes the gradient through"
        return "relu's input is not positive here, so it blocks the gradient"
    if op == "log":
        return f"the derivative of log(x) is 1/x = 1/{operand_number(child.data)}"
    if op == "sigmoid":
        return f"the sigmoid's local derivative is s * (1 - s), with s = {p} = {fmt(parent.data)}"
    if op == "dot":
        return "a weighted sum: a weight's local derivative is its input, an input's is its weight"
    return f"the local derivative of {op}"
