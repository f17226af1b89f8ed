"""Hints in steps, and the full explanation shown with an answer.

For a gradient question the computed hints go from a nudge ("what does a small
push do to the node that uses it?") to the rule (the chain rule with the
upstream gradient filled in); the lesson's own hints come first.
"""

from __future__ import annotations

from lessons.steps import AskChoice, AskGrad, AskSign, AskValue, Question
from tutor.explain import (_expression, backward_frames, chain_rule_lines, fmt, forward_line,
                           node_names)

__all__ = ["hints_for", "explanation_for", "answer_text"]


def hints_for(q: Question) -> list[str]:
    hints = list(q.hints)
    if isinstance(q, (AskGrad, AskSign)):
        hints += _gradient_hints(q)
    elif isinstance(q, AskValue) and q.node._prev:
        hints.append(_forward_hint(q.node))
    if not hints:
        hints.append("No hint for this one. Give it your best guess: a wrong answer costs "
                     "nothing, and you will see why.")
    return hints


def _forward_hint(node) -> str:
    """How the node is made, with the values of its leaf inputs only: a path, not the sum."""
    names = node_names(node)
    known = [f"{names[c]} = {fmt(c.data)}" for c in node._prev
             if not c._prev and names[c] != fmt(c.data)]  # not "5 = 5"
    given = f" You know {', '.join(known)}." if known else ""
    return (f"{names[node]} = {_expression(node, names)}: work out each part from the "
            f"inputs up, then combine them.{given}")


def _gradient_hints(q) -> list[str]:
    names = node_names(q.out)
    frames = {f.node: f for f in backward_frames(q.out, q.all_grads)}
    frame = frames[q.wrt]
    w, o = names[q.wrt], names[q.out]
    if q.wrt is q.out:
        return [f"How much does {o} move if you nudge {o} itself by h?"]
    users = ", ".join(sorted({names[t.parent] for t in frame.terms}))
    nudge = (f"Nudge {w} up by a tiny h. Which node uses {w} directly ({users})? "
             f"How much does that node move, and how does that move {o}?")
    rule = "\n".join(chain_rule_lines(frame, q.out, names, numbers=False))
    return [nudge, "The chain rule:\n" + rule]


def answer_text(q: Question) -> str:
    if isinstance(q, AskSign):
        word = {1: "up (+)", -1: "down (-)", 0: "stays the same (0)"}[q.answer]
        return f"{word}: d{q.out.label or 'out'}/d{q.wrt.label or 'x'} = {fmt(q.gradient)}"
    if isinstance(q, AskChoice):
        return f"{q.correct + 1}. {q.choices[q.correct]}"
    return fmt(q.answer, digits=10)


def explanation_for(q: Question) -> list[str]:
    """Why the answer is what it is, computed from the graph where there is one."""
    lines = []
    if isinstance(q, (AskGrad, AskSign)):
        names = node_names(q.out)
        frame = {f.node: f for f in backward_frames(q.out, q.all_grads)}[q.wrt]
        lines += chain_rule_lines(frame, q.out, names)
    elif isinstance(q, AskValue):
        lines.append(forward_line(q.node, node_names(q.node)))
    if q.why:
        lines.append(q.why)
    return lines
