"""What a wrong answer got wrong: the most specific true reason, decided by the graph.

A typed number is compared with the mistakes that could produce it, each
computed from the graph the question is about, most specific first:

1. the mistakes the question itself declares (``Question.mistakes``: the buggy
   pass's result, the update with the wrong sign, ...);
2. a missing path: the contributions of only some of the paths from the node
   to the output (whatever its sign: 3 for df/da = 3 + (-6) is the path through
   d, not a sign flip of -3);
3. a wrong local derivative at one step of a path, by the operation's classic
   slip (a product's own factor instead of the other one, half the gradient at
   a plus node, tanh's output instead of 1 - o^2, ...);
4. a factor left out: the gradient from above without the local derivative, or
   one step of a longer path skipped; the local derivative without the gradient
   from above; the two added instead of multiplied, or every local derivative of a
   long chain summed;
5. the sign flipped.

Messages name the mistake and the node; they never state the answer.  Everything
is read from the nodes' own local derivatives (``local_grads()``), the numbers the
engine itself used.  Other tracks (practice drills, the build track's checker)
call ``grad_mistakes`` / ``match_grad_mistake`` rather than writing their own.
"""

from __future__ import annotations

import math
from itertools import combinations

from engine import Value
from lessons.steps import AskChoice, AskGrad, AskSign, AskValue, Question, gradients
from tutor.explain import kind_of, local, total
from tutor.expression import node_names
from tutor import rules
from tutor.paths import Path, paths_between
from tutor.slips import Mistake, close as _close, slips, value_mistakes

__all__ = ["Mistake", "diagnose", "grad_mistakes", "match_grad_mistake", "paths_between",
           "Path", "value_mistakes"]



# --- reading the typed value ------------------------------------------------------------


def diagnose(question: Question, value) -> str:
    """A message about this particular mistake, or '' when it is not recognised."""
    if isinstance(question, AskChoice):
        notes = getattr(question, "notes", ())
        return notes[value] if 0 <= value < len(notes) and value != question.answer else ""
    declared = _declared(question, value)
    if declared:
        return declared
    if isinstance(question, AskSign):
        return _diagnose_sign(question, value) if question.chain_rule else ""
    if isinstance(question, AskGrad):
        found = match_grad_mistake(question.out, question.wrt, value, question.all_grads,
                                   accepts=question.accepts, within=question.within,
                                   chain_rule=question.chain_rule)
        return found.message if found else ""
    if isinstance(question, AskValue):
        for m in value_mistakes(question.node):
            if not question.accepts(value) and _close(value, m.value):
                return m.message
        return ""
    if question.kind == "number" and question.answer != 0 and _close(value, -question.answer):
        return "Right size, wrong sign."
    return ""


def _declared(question: Question, value) -> str:
    """The declared mistake nearest to the typed value, among those close enough.

    Nearest, not first: a question graded at three decimals may declare mistakes that
    lie within the default tolerance of each other (0.851 with the sign flipped, 0.854
    with no step at all), and each must get its own reason.  A number nearer the right
    answer than any declared mistake (0.86 for 0.857) is a rounding, not that mistake.
    A sign question declares directions (-1, 0, +1)."""
    if isinstance(question, AskSign):
        return next((why for expected, why in question.mistakes
                     if expected == value and value != question.answer), "")
    if question.accepts(value):
        return ""
    off = abs(value - question.answer)
    near = [(abs(value - expected), why) for expected, why in getattr(question, "mistakes", ())
            if _close(value, expected) and abs(value - expected) < off]
    if not near:
        return ""
    best = min(gap for gap, _ in near)
    tied = list(dict.fromkeys(why for gap, why in near if gap <= best + 1e-12))
    if len(tied) == 1:
        return tied[0]
    return (f"Two different slips give this number. One: {tied[0]} "   # both may be true
            f"The other: {tied[1]}")


def match_grad_mistake(out: Value, wrt: Value, value: float, grads: dict | None = None,
                       accepts=None, within: Value | None = None,
                       chain_rule: bool = True) -> Mistake | None:
    """The most specific mistake that gives ``value`` for d(out)/d(wrt), or None.

    When two different slips give the same number, the mistake returned says so and
    names both (the more specific first): either may be what happened."""
    grads = grads if grads is not None else gradients(out)
    answer = grads[wrt]
    if accepts is None:
        def accepts(x):
            return _close(x, answer)
    if accepts(value):
        return None
    found = [m for m in grad_mistakes(out, wrt, grads, within=within, chain_rule=chain_rule)
             if _close(value, m.value)]
    if not found:
        return None
    first = found[0]
    other = next((m for m in found[1:] if _both_worth_saying(first, m)), None)
    if other is None:
        return first
    return Mistake(first.kind, first.value,
                   f"Two different slips give this number. One: {first.message} "
                   f"The other: {other.message}", node=first.node)


# Slips of one family are one way of going wrong told from different sides (a factor
# left out at the bottom or further up, when the factors between are 1): the first
# is named.  A slip about the whole question (the output's value, another input's
# gradient, the total for the local) is a different story, and both are told.
_FAMILY = {"no-upstream": "factor", "upstream-only": "factor", "stopped-early": "factor",
           "dropped-factor": "factor", "added": "factor", "wrong-local": "local",
           "missing-path": "path", "dropped-minus": "minus", "declared": "declared"}
_WHOLE = {"forward-value", "wrong-variable", "total-for-local"}


def _both_worth_saying(first: Mistake, second: Mistake) -> bool:
    if "sign" in (first.kind, second.kind) or second.message == first.message:
        return False        # a sign flip is the catch-all: a specific slip is that slip
    if second.kind == "wrong-variable":
        return False        # another input's gradient is the likelier slip only alone
    if second.kind == "forward-value" and first.node is second.node:
        return False        # tanh's output used as its derivative: the same number, one slip
    if {first.kind, second.kind} in ({"wrong-local", "stopped-early"},
                                     {"wrong-local", "no-upstream"}):
        return True         # a slip at one step, or the chain cut short: both are likely
    if first.kind not in _WHOLE and second.kind not in _WHOLE:
        return False
    return _FAMILY.get(first.kind, first.kind) != _FAMILY.get(second.kind, second.kind)


_BEFORE_CHAIN_RULE = {"forward-value", "wrong-variable", "sign"}


def grad_mistakes(out: Value, wrt: Value, grads: dict | None = None,
                  within: Value | None = None, chain_rule: bool = True) -> list[Mistake]:
    """The wrong answers we can explain for d(out)/d(wrt), most specific first.

    Values equal to the right answer are left out (they are not mistakes).  ``within``:
    the larger graph a local question sits in (its total derivative is a slip too).
    ``chain_rule=False``: only the slips that need no chain rule to explain.
    """
    grads = grads if grads is not None else gradients(out)
    answer = grads[wrt]
    names = node_names(within if within is not None and wrt in gradients(within) else out)
    found: list[Mistake] = []
    if wrt is out:
        return [m for m in rules.forward_value(out, wrt, names)
                + [Mistake("sign", -answer, _SIGN_MESSAGE)] if not _close(m.value, answer)]
    paths = paths_between(out, wrt)
    if paths:
        found += rules.dropped_minus(paths, names, out, wrt)
        found += _missing_paths(paths, names, out, wrt)
        found += rules.total_for_local(out, wrt, within, names)
        bottom = {p.edges[-1] for p in paths}
        minus = set(rules.subtraction_edges(paths))
        edges = [e for e in _edges(paths) if e not in minus]
        found += _wrong_locals(paths, names, [e for e in edges if e in bottom])
        if within is None:     # a local question has no gradient from above
            found += rules.upstream_only(paths, names, out, wrt, grads)
        found += _no_upstream(paths, names, out, wrt, grads)
        found += rules.stopped_early(paths, names, out, wrt, grads)
        found += _wrong_locals(paths, names, [e for e in edges if e not in bottom])
        found += _upper_factors(paths, names)
        found += _added(paths, names, out, wrt, grads)
    found += rules.forward_value(out, wrt, names)
    if answer != 0:
        found.append(Mistake("sign", -answer, _SIGN_MESSAGE if chain_rule
                             else "Right size, wrong sign."))
    found += rules.wrong_variable(out, wrt, grads, names, paths)
    if not chain_rule:
        found = [m for m in found if m.kind in _BEFORE_CHAIN_RULE]
    return [m for m in found if math.isfinite(m.value) and not _close(m.value, answer)]


_SIGN_MESSAGE = ("Sign flipped: the size is right. Go along the path again and count the "
                 "negative factors: each one flips the direction.")


def _missing_paths(paths, names, out, wrt) -> list[Mistake]:
    if len(paths) < 2:
        return []
    found = []
    w, o = names[wrt], names[out]
    labels = _path_labels(paths, names)
    same_parent = len({p.edges[-1].parent for p in paths}) == 1 and all(
        len(p.edges) == 1 for p in paths)
    for size in range(1, len(paths)):
        for subset in combinations(range(len(paths)), size):
            value = sum(paths[i].product() for i in subset)
            if same_parent:     # b = a + a, x * x: the same node, two operands
                parent = names[paths[0].edges[0].parent]
                message = (f"That counts only {count_word(size)} of the "
                           f"{count_word(len(paths))} uses of {w} in {parent}. Each use "
                           "passes its own share, and the shares add up.")
            else:
                which = _and([labels[i] for i in subset])
                message = (f"That is only the path {which}. {w} reaches {o} along "
                           f"{count_word(len(paths))} paths, and the contributions of all "
                           "the paths add up.")
            found.append(Mistake("missing-path", value, message))
    return found


def count_word(n: int) -> str:
    """2 -> 'two' (up to eight), else the digits."""
    return {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
            8: "eight"}.get(n, str(n))


def _path_labels(paths: list[Path], names) -> list[str]:
    """'through d' for each path: the first node on it that no other path has."""
    labels = []
    for i, path in enumerate(paths):
        others = {n for j, p in enumerate(paths) if j != i for n in p.nodes()}
        own = [n for n in path.nodes() if n not in others]
        if own:
            labels.append(f"through {names[own[0]]}")
        else:   # b = a + a: the same parent, another operand
            last = path.edges[-1]
            labels.append(f"into {names[last.parent]}'s {_ORDINALS[last.index]} input")
    return labels


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _edges(paths):
    seen, edges = set(), []
    for p in paths:
        for e in p.edges:
            if e not in seen:
                seen.add(e)
                edges.append(e)
    return edges


def _total_with(paths, replace: dict) -> float:
    return sum(p.product(replace) for p in paths)


def _wrong_locals(paths, names, edges) -> list[Mistake]:
    found = []
    for edge in edges:
        for wrong, why in slips(edge.parent, edge.index, names):
            if _close(wrong, edge.local):
                continue
            found.append(Mistake("wrong-local", _total_with(paths, {edge: wrong}), why,
                                 node=edge.parent))
    return found


def _no_upstream(paths, names, out, wrt, grads) -> list[Mistake]:
    """One path: the local derivative without the gradient from above."""
    if len(paths) != 1:
        return []
    bottom = paths[0].edges[-1]
    upstream = grads[bottom.parent]
    if bottom.parent is out or _close(upstream, 1.0):
        return []
    o, w, p = names[out], names[wrt], names[bottom.parent]
    return [Mistake(
        "no-upstream", bottom.local,
        f"That is only the local derivative {local(p, w)}. Multiply it by the gradient "
        f"arriving at {p} from above, {total(o, p)}.",
        node=bottom.parent)]


def _upper_factors(paths, names) -> list[Mistake]:
    """One path: a local derivative further up left out."""
    if len(paths) != 1:
        return []
    path = paths[0]
    found = []
    for edge in path.edges[:-1]:
        if _close(edge.local, 1.0):
            continue
        q, c = names[edge.parent], names[edge.child]
        found.append(Mistake(
            "dropped-factor", path.product({edge: 1.0}),
            f"A factor is missing on the way up: {local(q, c)}, the local derivative at "
            f"{q} ({kind_of(edge.parent)}). The chain rule multiplies every local "
            "derivative along the path.",
            node=edge.parent))
    return found


def _added(paths, names, out, wrt, grads) -> list[Mistake]:
    if len(paths) != 1 or paths[0].edges[-1].parent is out:
        return []
    bottom = paths[0].edges[-1]
    o, w, p = names[out], names[wrt], names[bottom.parent]
    found = [Mistake(
        "added", grads[bottom.parent] + bottom.local,
        f"You added the gradient from above, {total(o, p)}, and the local derivative "
        f"{local(p, w)}. The chain rule multiplies them.",
        node=bottom.parent)]
    edges = paths[0].edges
    if len(edges) >= 3:                 # every step's local derivative, summed
        steps = " + ".join(local(names[e.parent], names[e.child]) for e in edges)
        found.append(Mistake(
            "added", math.fsum(e.local for e in edges),
            f"You added the local derivatives along the path, {steps}. The chain rule "
            "multiplies them, one factor per step.", node=bottom.parent))
    return found


def _diagnose_sign(q: AskSign, value: int) -> str:
    """A pointer to what to look at; never the answer itself (there are only three)."""
    names = node_names(q.out)
    w, o = names[q.wrt], names[q.out]
    if q.answer == 0:
        return (f"Follow the path from {w} to {o}: is there a factor on the way, or a blocked "
                "relu, that stops a nudge from getting through?")
    paths = paths_between(q.out, q.wrt)
    if value == -q.answer and paths and len(paths) == 1 and paths[0].edges:
        flips = [local(names[e.parent], names[e.child]) for e in paths[0].edges if e.local < 0]
        if not flips:
            return (f"Every local derivative on the way from {w} up to {o} is positive: "
                    "nothing flips the direction of the nudge.")
        are = "that local derivative is" if len(flips) == 1 else "those local derivatives are"
        return (f"The direction flips at {_and(flips)}: {are} negative. Count the flips on "
                f"the way from {w} up to {o}: each one reverses the direction, and two "
                "flips cancel.")
    if value == -q.answer:
        return ("Check the signs along the paths: each negative factor on the way flips the "
                "direction, and where paths meet, the larger share decides.")
    return (f"Follow the path from {w} to {o}: does every factor on the way let a nudge "
            "through?")
