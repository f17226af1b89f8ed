"""Hints in steps, and the full explanation shown with an answer.

Hints go from the concept to the number, never the other way.  For a gradient:
(1) the concept: the lesson's first hint, or else which node uses it and what kind
of node that is; (2) the chain rule in symbols, unless the lesson's hints already
wrote it; (3) the lesson's other hints; (4) the numbers already known.  The last hint may nearly give the
answer; the first never does (``micrograd-tutor check`` looks).  Feedback on a
wrong try shows the rule in symbols only (``rule_lines``).
"""

from __future__ import annotations

from lessons.steps import AskChoice, AskGrad, AskSign, AskValue, Question
from tutor.diagnosis import count_word, paths_between
from tutor.explain import gradient_lines, kind_of, local, local_rule, total
from tutor.expression import bracketed, expression, fmt, forward_line, named, node_names

__all__ = ["hints_for", "explanation_for", "answer_text", "rule_lines", "prompt_text",
           "GUESS_LABEL"]

GUESS_LABEL = "A guess, not scored:"


def prompt_text(q: Question) -> str:
    """The prompt as the front ends show it: an unscored prediction says so first, and a
    rounded answer's precision follows (``lessons.precision``)."""
    note = getattr(q, "precision_note", "")
    prompt = f"{q.prompt} ({note})" if note else q.prompt
    return prompt if q.scored else f"{GUESS_LABEL} {prompt}"


def hints_for(q: Question) -> list[str]:
    hints = list(q.hints)
    if isinstance(q, (AskGrad, AskSign)) and q.chain_rule and is_local(q):
        hints += _local_hints(q)[len(hints) > 0:]     # a local question: no chain rule
    elif isinstance(q, (AskGrad, AskSign)) and q.chain_rule:
        computed = _gradient_hints(q)
        if not hints:
            hints = computed
        else:          # the lesson's first hint is the concept: then the rule, unless the
            names = node_names(q.out)             # lesson wrote it, then its more
            written = f"{total(names[q.out], names[q.wrt])} ="   # specific hints, then
            rule = [h for h in computed[1:2]                     # the numbers
                    if not any(written in lesson_hint for lesson_hint in hints)]
            hints = hints[:1] + rule + hints[1:] + computed[2:]
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
    return (f"{named(node, names)}: work out each part from the "
            f"inputs up, then combine them.{given}")


def _users(q) -> list:
    """The nodes that use wrt directly, in graph order, once each."""
    users = []
    for node in q.out.topological_order():
        if any(c is q.wrt for c in node._prev) and node not in users:
            users.append(node)
    return users


def is_local(q) -> bool:
    """A question about one node's local derivative with respect to its own input (∂d/∂c):
    the lesson says so (``within``), and out uses wrt directly, along one path only."""
    if q.wrt is q.out or getattr(q, "within", None) is None:
        return False
    paths = paths_between(q.out, q.wrt)
    return paths is not None and len(paths) == 1 and len(paths[0].edges) == 1


def _local_hints(q) -> list[str]:
    """The concept (the node's own formula, nothing above it), then the recipe."""
    names = node_names(q.out)
    o, w = names[q.out], names[q.wrt]
    return [f"{local(o, w)} is a local derivative: only {o}'s own formula, {o} = "
            f"{expression(q.out, names)}, counts. Nudge {w} by a tiny h: how much does "
            f"{o} move?",
            f"{local(o, w)}: {_local_recipe(q.out, q.wrt, names)}."]


def _gradient_hints(q) -> list[str]:
    names = node_names(q.out)
    w, o = names[q.wrt], names[q.out]
    if q.wrt is q.out:
        return [f"How much does {o} move if you nudge {o} itself by h?"]
    paths = paths_between(q.out, q.wrt)
    users = _users(q)
    kinds = ", ".join(f"{names[u]} ({kind_of(u)})" for u in users)
    if paths is not None and len(paths) > 1:
        concept = (f"{w} reaches {o} along {count_word(len(paths))} paths. Nudge {w} up by a tiny h: "
                   f"each path carries part of the change to {o}, and the parts add up.")
    else:
        concept = (f"Nudge {w} up by a tiny h. {w} feeds {kinds}: how much does that node "
                   f"move, and how does that move {o}?")
    hints = [concept, "The chain rule:\n" + "\n".join(rule_lines(q))]
    known = _known_numbers(q, names, users)
    if known:
        hints.append(known)
    return hints


def _known_numbers(q, names, users) -> str:
    """The last hint: the numbers the rule needs that the learner already has."""
    o, w = names[q.out], names[q.wrt]
    parts = []
    for u in users:
        if u is not q.out:
            parts.append(f"{total(o, names[u])} = {fmt(q.all_grads[u])} (from above)")
    for u in users:
        parts.append(f"{local(names[u], w)}: {_local_recipe(u, q.wrt, names)}")
    return "You know: " + "; ".join(parts) + "." if parts else ""


def _local_recipe(parent, child, names) -> str:
    """How to get a local derivative, without saying its value outright."""
    op, kids = parent._op, parent._prev
    if op == "+":
        return "a sum moves one for one with each input"
    if op == "*" and len(kids) == 2:
        other = kids[1] if kids[0] is child else kids[0]
        return f"the other factor, {names[other]}"
    if op.startswith("**"):
        return f"the power rule, k * x**(k-1), with x = {fmt(child.data)}"
    if op == "tanh":
        return f"1 - {bracketed(names[parent])}**2, with {names[parent]} = {fmt(parent.data)}"
    if op == "exp":
        return "exp is its own derivative"
    if op == "relu":
        return "1 where relu's input is positive, else 0"
    if op == "log":
        return "1/x"
    if op == "sigmoid":
        return "s * (1 - s)"
    if op == "dot":
        return "a weight's input, or an input's weight"
    return "its local derivative"


def rule_lines(q) -> list[str]:
    """The chain rule for the question in symbols only: safe to show on a wrong try."""
    if (not isinstance(q, (AskGrad, AskSign)) or q.wrt is q.out or not q.chain_rule
            or is_local(q)):
        return []
    paths = paths_between(q.out, q.wrt)
    return gradient_lines(q.out, q.wrt, q.all_grads, numbers=False, paths=paths)


def answer_text(q: Question) -> str:
    if isinstance(q, AskSign):
        if not q.chain_rule:
            return {1: "up (+)", -1: "down (-)", 0: "stays the same (0)"}[q.answer]
        names = node_names(q.out)
        word = {1: "up (+)", -1: "down (-)", 0: "stays the same (0)"}[q.answer]
        return f"{word}: {total(names[q.out], names[q.wrt])} = {fmt(q.gradient)}"
    if isinstance(q, AskChoice):
        return f"{q.correct + 1}. {q.choices[q.correct]}"
    return fmt(q.answer, digits=10)


def explanation_for(q: Question) -> list[str]:
    """Why the answer is what it is, computed from the graph where there is one."""
    lines = []
    if isinstance(q, (AskGrad, AskSign)) and q.chain_rule:
        if is_local(q):
            names = node_names(q.out)
            lines.append(f"{local(names[q.out], names[q.wrt])} = {fmt(q.all_grads[q.wrt])}: "
                         f"{local_rule(q.out, q.wrt, names)}")
        elif q.wrt is q.out:
            names = node_names(q.out)
            lines.append(f"{total(names[q.out], names[q.out])} = 1   (the base case: nudge "
                         f"{names[q.out]} by h and it moves by h)")
        else:
            lines += gradient_lines(q.out, q.wrt, q.all_grads,
                                    paths=paths_between(q.out, q.wrt))
    elif isinstance(q, AskValue):
        lines.append(forward_line(q.node, node_names(q.node)))
    if q.why:
        lines.append(q.why)
    return lines
