"""Which practice skill a question exercises, read off the question and its graph.

A question's own ``skill=`` wins.  Otherwise:

- a sign question is ``sign``;
- a gradient that reaches the output along two paths or more is ``two-ops`` when
  the node's direct users are different operations (``a*b`` and ``a+b``), else
  ``twice`` (``a + a``, or one node used twice higher up);
- a gradient along one path through a neuron's weighted sum (a sum of two
  products or more, or the engine's fused ``dot``), or a tanh of one, is ``neuron``;
- otherwise it depends on the steps on the path (``a - b`` and ``a / b`` are one
  step each, though the engine makes two nodes): one step is ``times`` for a
  product of two named factors, ``plus`` for a sum, else ``local``; sums all the
  way up to the last step are ``plus``; two steps whose lower one is such a
  product are ``times``; anything longer is ``chain``;
- a forward value is ``neuron`` when it is a neuron's weighted sum or its tanh.

Anything else (a count, a choice, the base case dL/dL) has no skill: ``""``.
"""

from __future__ import annotations

from engine import Value
from engine.value import Minus
from lessons.practice.skills import SKILL_IDS
from lessons.steps import AskGrad, AskSign, AskValue, Question

__all__ = ["skill_of", "gradient_skill"]


def skill_of(question: Question) -> str:
    """The skill id of a question, or '' when it exercises none of the skills."""
    explicit = getattr(question, "skill", "")
    if explicit:
        return explicit if explicit in SKILL_IDS else ""
    if isinstance(question, AskSign):
        return "sign"
    if isinstance(question, AskGrad):
        return gradient_skill(question.out, question.wrt)
    if isinstance(question, AskValue):
        node = question.node
        if _weighted_sum(node) or (node._op == "tanh" and _weighted_sum(node._prev[0])):
            return "neuron"
    return ""


def gradient_skill(out: Value, wrt: Value) -> str:
    """The skill of 'What is d(out)/d(wrt)?'."""
    if wrt is out:
        return ""
    order = out.topological_order()
    paths = {node: 0 for node in order}
    parents: dict[Value, list[Value]] = {node: [] for node in order}
    paths[out] = 1
    for node in reversed(order):            # from the output down
        for child in node._prev:
            paths[child] += paths[node]
            parents[child].append(node)
    if wrt not in paths or paths[wrt] == 0:
        return ""
    if paths[wrt] > 1:
        users = {id(p): p._op for p in parents[wrt]}
        return "two-ops" if len(set(users.values())) > 1 else "twice"
    path = []                               # the nodes above wrt, up to the output
    node = wrt
    while node is not out:
        node = next(p for p in parents[node] if paths[p])
        path.append(node)
    if any(_weighted_sum(p) or (p._op == "tanh" and _weighted_sum(p._prev[0])) for p in path):
        return "neuron"
    steps = [p for p in path if not _sugar(p)] or [out]
    bottom = steps[0]
    if len(steps) == 1:
        if _sugar(path[0]) and path[0] is not out:      # a - b, a / b: one operation
            return "local"
        if bottom._op == "+":
            return "plus"
        return "times" if _named_product(bottom) else "local"
    if all(p._op == "+" for p in steps[:-1]):
        return "plus"
    if len(steps) == 2 and _named_product(bottom) and not _sugar(path[0]):
        return "times"
    return "chain"


def _sugar(node: Value) -> bool:
    """A node the engine adds for -a and a - b (times a minus sign's -1) or a / b (to the
    power -1): not a step the learner wrote."""
    kids = node._prev
    if node.label:
        return False
    if node._op == "**-1":
        return True
    return node._op == "*" and len(kids) == 2 and isinstance(kids[1], Minus)


def _named_product(node: Value) -> bool:
    """x * y with two different factors, neither a constant nor the engine's 1/y: the
    multiply swap."""
    kids = node._prev
    return (node._op == "*" and len(kids) == 2 and kids[0] is not kids[1]
            and all((k.label or k._prev) and not _sugar(k) for k in kids))


def _weighted_sum(node: Value) -> bool:
    """w1*x1 + w2*x2 (+ b): a sum with two products of leaves or more below it, through
    sums only; or the engine's fused weighted sum."""
    if node._op == "dot":
        return True
    if node._op != "+":
        return False
    products, stack = 0, [node]
    while stack:
        n = stack.pop()
        for child in n._prev:
            if child._op == "+":
                stack.append(child)
            elif child._op == "*" and _leaf_product(child):
                products += 1
    return products >= 2


def _leaf_product(node: Value) -> bool:
    """w * x of two different leaves (a weight and an input), not 4*x's constant alone."""
    kids = node._prev
    return (len(kids) == 2 and kids[0] is not kids[1] and not any(k._prev for k in kids)
            and not any(isinstance(k, Minus) for k in kids))
