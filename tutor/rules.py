"""The named slips that are read off the whole graph, each predicting its own number.

``tutor.slips`` holds each operation's wrong local derivatives, one edge at a time;
the rules here look at the question as a whole: which number the learner typed in
place of the gradient.  Each rule is a function of the graph (the output, the node
asked about, every node's gradient, the paths between them) and returns the
``Mistake`` s it predicts, so any lesson, drill or build exercise that asks for a
gradient gets them without writing them down.  ``RULES`` names them all, with the
number each predicts, for ``micrograd-tutor check`` and for the tests.
"""

from __future__ import annotations

from engine import Value
from lessons.steps import gradients
from tutor.explain import kind_of, local, total
from tutor.expression import fmt, negated, subtracted
from tutor.slips import Mistake

__all__ = ["RULES", "forward_value", "wrong_variable", "upstream_only", "stopped_early",
           "dropped_minus", "total_for_local", "is_negation", "subtraction_edges"]

# name -> the number it predicts, in words (what ``check`` lists as a common slip)
RULES = {
    "forward-value": "the output's own value from the forward pass, typed for its gradient",
    "wrong-variable": "the gradient of another input, one not on the way to the node asked",
    "total-for-local": "the total derivative through the whole graph, asked for the local one",
    "no-upstream": "the local derivative alone, asked for the total one",
    "upstream-only": "the gradient arriving from above (the seed 1 at the top) without the "
                     "local factor",
    "stopped-early": "the gradient at a node higher up the chain: the chain stopped early",
    "tanh-square": "o² in place of tanh's 1 - o²",
    "dropped-minus": "the gradient with the minus of a subtraction (a - b = a + b*(-1)) dropped",
    "sign": "the right size with the sign flipped",
}


def is_negation(node: Value) -> bool:
    """x * -1, the engine's -x and the b of a - b: a product with a minus sign's -1."""
    return negated(node) is not None


def subtraction_edges(paths) -> list:
    """The edges of the paths that enter a negation x * -1 from x (not from the -1)."""
    seen, found = set(), []
    for p in paths:
        for e in p.edges:
            if e not in seen and negated(e.parent) is e.child and e.index == 0:
                seen.add(e)
                found.append(e)
    return found


def dropped_minus(paths, names, out, wrt) -> list[Mistake]:
    """Every path through a subtraction's minus taken with +1 in place of the -1."""
    found = []
    for edge in subtraction_edges(paths):
        value = sum(p.product({edge: 1.0}) for p in paths)
        user = next((e.parent for p in paths for e in p.edges
                     if subtracted(e.parent) is edge.child), None)
        where = (f"the subtraction in {names[user]}" if user is not None
                 else f"the minus in {names[edge.parent]}")
        c = names[edge.child]
        found.append(Mistake(
            "dropped-minus", value,
            f"The minus was dropped at {where}: {c} enters as {c} * (-1), so the local "
            f"derivative there is -1 and it flips the sign of everything coming down.",
            node=edge.parent))
    return found


def forward_value(out: Value, wrt: Value, names) -> list[Mistake]:
    """The output's value typed for the gradient."""
    o, w = names[out], names[wrt]
    return [Mistake(
        "forward-value", out.data,
        f"That is the value of {o} itself, {fmt(out.data)}, from the forward pass. The "
        f"gradient {total(o, w)} is something else: how much {o} moves per unit nudge of {w}.",
        node=out)]


def wrong_variable(out: Value, wrt: Value, grads, names, paths) -> list[Mistake]:
    """The gradient of another node that does not lie between wrt and out: a sibling
    operand or another input (dq/da typed for dq/db)."""
    between = {e.parent for p in paths or () for e in p.edges} | {wrt, out}
    o, w = names[out], names[wrt]
    found = []
    for node in out.topological_order():
        if node in between or node not in grads or not node.label:
            continue
        x = names[node]
        found.append(Mistake(
            "wrong-variable", grads[node],
            f"That is {total(o, x)}, the derivative with respect to {x}. The question is "
            f"about {w}: nudge {w}, not {x}.", node=node))
    return found


def upstream_only(paths, names, out, wrt, grads) -> list[Mistake]:
    """One path: the gradient arriving at the node just above wrt, without its local
    derivative; at the top that gradient is the seed, d(out)/d(out) = 1."""
    if len(paths) != 1:
        return []
    bottom = paths[0].edges[-1]
    if bottom.local == 1.0 or bottom in subtraction_edges(paths):
        return []
    o, w, p = names[out], names[wrt], names[bottom.parent]
    arriving = (f"That is {total(o, p)} = 1, the seed the backward pass starts from"
                if bottom.parent is out else
                f"That is {total(o, p)}, the gradient arriving at {p} from above")
    if len(paths[0].edges) >= 3:
        arriving += ": the chain stopped one step early"
    return [Mistake(
        "upstream-only", grads[bottom.parent],
        f"{arriving}. Multiply it by the local derivative {local(p, w)} "
        f"({kind_of(bottom.parent)}).", node=bottom.parent)]


def stopped_early(paths, names, out, wrt, grads) -> list[Mistake]:
    """One path: the gradient at a node two or more steps above wrt."""
    if len(paths) != 1:
        return []
    edges = paths[0].edges
    found = []
    for steps, edge in enumerate(reversed(edges[:-2]), start=2):  # 1 step: upstream_only
        node = edge.child
        o, n, w = names[out], names[node], names[wrt]
        found.append(Mistake(
            "stopped-early", grads[node],
            f"That is {total(o, n)}, the gradient at {n}: the chain stopped {steps} steps "
            f"above {w}. Carry on down, one local derivative per step, to {w}.", node=node))
    return found


def total_for_local(out: Value, wrt: Value, within: Value | None, names) -> list[Mistake]:
    """A local question (∂d/∂c) answered with the total derivative through the whole
    graph it sits in (dL/dc)."""
    if within is None or within is out:
        return []
    grads = gradients(within)
    if wrt not in grads:
        return []
    top = node_label(within)
    o, w = names[out], names[wrt]
    return [Mistake(
        "total-for-local", grads[wrt],
        f"That is {total(top, w)}, the total derivative: how {top} moves. The question asks "
        f"for the local derivative {local(o, w)}: how {o} alone moves, by its own formula, "
        f"when {w} is nudged. {top} plays no part.", node=out)]


def node_label(node: Value) -> str:
    return node.label or "the output"
