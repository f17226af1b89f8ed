"""The common slips ``micrograd-tutor check`` tries on every question, and which go unnamed.

Each slip is computed here straight from the question's graph, apart from the rules
that name them (``tutor.rules``, ``tutor.slips``, a question's declared mistakes), so
the check finds a question where a learner's likely number would get "Not quite":
the output's value typed for its gradient, the sign flipped, the gradient from above
alone, the local derivative alone, the total for a local question, a sibling's
gradient, o² for tanh's 1 - o², a subtraction's minus dropped; for a forward-pass
question the sum for a product and the product for a sum.
"""

from __future__ import annotations

from lessons import steps as S
from lessons.steps import gradients
from tutor.diagnosis import diagnose
from tutor.rules import subtraction_edges
from tutor.paths import paths_between

__all__ = ["common_slips", "unnamed_slips", "unexplained_choices"]


def common_slips(q: S.Question) -> list[tuple[str, float]]:
    """(rule name, the number it gives) for the slips a learner is likely to make on q."""
    if isinstance(q, S.AskGrad):
        return _grad_slips(q)
    if isinstance(q, S.AskValue) and len(q.node._prev) == 2:
        x, y = (k.data for k in q.node._prev)
        if q.node._op == "*":
            return [("forward: added", x + y), ("sign", -q.answer)]
        if q.node._op == "+":
            return [("forward: multiplied", x * y), ("sign", -q.answer)]
    return []


def _grad_slips(q: S.AskGrad) -> list[tuple[str, float]]:
    out, wrt, grads = q.out, q.wrt, q.all_grads
    found = [("sign", -q.answer), ("forward-value", out.data)]
    users = [n for n in out.topological_order() if any(k is wrt for k in n._prev)]
    siblings = [k for u in users for k in u._prev if k is not wrt and k.label and k in grads]
    found += [("wrong-variable", grads[k]) for k in siblings
              if not _on_the_way(k, out, wrt)]
    if not q.chain_rule or wrt is out:
        return found
    paths = paths_between(out, wrt) or []
    if len(users) == 1 and len(paths) == 1:
        (user,) = users
        edge_local = paths[0].edges[-1].local
        if q.within is None:
            found.append(("upstream-only", grads[user]))
            if user is not out:
                found.append(("no-upstream", edge_local))
        if user._op == "tanh":
            found.append(("tanh-square", paths[0].product({paths[0].edges[-1]:
                                                            user.data ** 2})))
    if q.within is not None and q.within is not out:
        found.append(("total-for-local", gradients(q.within)[wrt]))
    for edge in subtraction_edges(paths):
        found.append(("dropped-minus", sum(p.product({edge: 1.0}) for p in paths)))
    return found


def _on_the_way(node, out, wrt) -> bool:
    """node lies on a path from wrt up to out (its gradient is a step of the chain)."""
    return any(node is e.parent for p in paths_between(out, wrt) or () for e in p.edges)


def unnamed_slips(q: S.Question) -> list[str]:
    """The common slips on q that would get no reason: 'forward-value (20)'."""
    missing = []
    for rule, value in common_slips(q):
        if q.accepts(value) or not _finite(value):
            continue
        if not diagnose(q, value):
            missing.append(f"{rule} ({value:g})")
    return list(dict.fromkeys(missing))


def unexplained_choices(q: S.Question) -> list[str]:
    """The wrong choices of a multiple-choice question whose note is empty."""
    if not isinstance(q, S.AskChoice):
        return []
    return [q.choices[i] for i in range(len(q.choices))
            if i != q.correct and not (q.notes[i] or "").strip()]


def _finite(x: float) -> bool:
    return x == x and abs(x) != float("inf")
