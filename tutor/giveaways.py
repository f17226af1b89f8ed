"""Answers already on screen: what ``micrograd-tutor check`` reports before a question.

The screen before a question holds what the lesson showed since the previous
question (narration, code and its output, trees, nudges, a backward pass, a
recap), the question's own tree and prompt.  An answer counts as given away when:

- a number the question would accept stands in that text (for small whole
  numbers, which stand in text for other reasons, only after "=" or "is");
- a gradient question's node has its grad printed in a tree, or a backward pass
  of its graph ran (every grad was on screen);
- a gradient question's answer is the value of the output or of the node itself
  in the tree drawn above it (y = 2.718 above "dy/dx?" for y = exp(x));
- a value question's node is drawn without being hidden;
- the choices of a multiple-choice question are nodes whose grads are on screen.

These are heuristics for an author: each finding is a place to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons import steps as S
from lessons.precision import stated_places
from lessons.steps import gradients
from tutor.explain import local, total
from tutor.expression import fmt, node_names

__all__ = ["Screen", "giveaway", "choice_balance", "precision_problem", "hint_problem"]

_NUMBER = re.compile(r"(?<![\w.^])[-\u2212]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.]?\d)")


@dataclass
class Screen:
    """What is on screen since the previous question."""

    texts: list[str]
    grads_shown: dict           # node -> the grad printed for it
    values_shown: set           # nodes whose value was printed

    last_show: object = None    # the Show drawn last, if it was the step just before

    @classmethod
    def empty(cls) -> "Screen":
        return cls([], {}, set())

    def tree_values_for(self, q) -> set:
        """The nodes whose values the tree above q shows.  The front ends skip their own
        tree when the step just before drew q's graph with q's node highlighted."""
        show = self.last_show
        if (show is not None and show.root is q.out and list(show.highlight) == [q.wrt]):
            return set(show.root.topological_order()) - set(show.hide)
        return set(q.out.topological_order())

    def add(self, step) -> None:
        self.last_show = step if isinstance(step, S.Show) else None
        if isinstance(step, S.Say):
            self.texts.append(step.text)
        elif isinstance(step, S.Code):
            self.texts += [step.source, step.output, step.caption]
        elif isinstance(step, S.Recap):
            self.texts += list(step.points)
        elif isinstance(step, S.Nudge):
            self.texts.append(f"{step.before:.10g} -> {step.after:.10g}, slope {step.slope:.6g}")
        elif isinstance(step, S.Show):
            self.texts.append(step.caption)
            nodes = step.root.topological_order()
            self.values_shown.update(n for n in nodes if n not in set(step.hide))
            if step.grads is not None:
                self.grads_shown.update(step.grads)
        elif isinstance(step, S.RevealBackward):
            nodes = step.root.topological_order()
            self.grads_shown.update(gradients(step.root))
            self.values_shown.update(nodes)


_FRACTION = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)(?![\w.]?\d)")


def _numbers(text: str) -> list[tuple[float, int]]:
    """Every number in text with where it starts; '1/2' counts as 0.5 too."""
    text = text.replace("\u2212", "-")
    found = []
    for m in _NUMBER.finditer(text):
        try:
            found.append((float(m.group()), m.start()))
        except ValueError:
            continue
    for m in _FRACTION.finditer(text):
        if float(m.group(2)) != 0:
            found.append((float(m.group(1)) / float(m.group(2)), m.start()))
    return found


def _stated(text: str, accepts, names: tuple[str, ...]) -> str | None:
    """The first number in text the question accepts, with a little context.

    ``names``: for a small whole-number answer, which stands in text for many other
    reasons, only a number right after one of these names and '=' counts."""
    for value, at in _numbers(text):
        if not accepts(value):
            continue
        before = text[max(0, at - 25):at]
        if names is not None and not any(re.search(re.escape(n) + r"\s*(=|is)\s*$", before)
                                          for n in names):
            continue
        return text[max(0, at - 30):at + 12].replace("\n", " ")
    return None


def giveaway(q: S.Question, screen: Screen) -> str | None:
    """Why q's answer is already on screen, or None."""
    texts = [t for t in screen.texts if t] + [q.prompt]
    if isinstance(q, S.AskChoice):
        texts += list(q.choices)
        return _choice_giveaway(q, screen)
    if isinstance(q, (S.AskGrad, S.AskSign)):
        names = node_names(q.out)
        grad = q.answer if isinstance(q, S.AskGrad) else q.gradient
        if isinstance(q, S.AskSign):
            def accepts(x):
                return grad != 0 and x != 0 and (x > 0) == (grad > 0) and \
                    abs(x - grad) <= 1e-6 + 0.01 * abs(grad)
        else:
            accepts = q.accepts
        printed = screen.grads_shown.get(q.wrt)
        if printed is not None and q.wrt is not q.out and accepts(printed):
            return f"{names[q.wrt]}'s grad, {fmt(printed)}, is printed in a tree or a backward pass above"
        if isinstance(q, S.AskGrad) and grad not in (0, 1) and q.wrt is not q.out:
            drawn = screen.tree_values_for(q)
            for node in (q.out, q.wrt):
                if node in drawn and q.accepts(node.data) and not (node is q.wrt and not node._prev):
                    return f"the tree above shows {names[node]} = {fmt(node.data)}, the answer"
        inputs = {n.data for n in q.out.topological_order()}   # a product's answer is a value
        return _in_texts(texts, lambda x: accepts(x) and x not in inputs, grad, _spelled(q))
    if isinstance(q, S.AskValue):
        if q.node in screen.values_shown:
            return f"{node_names(q.node)[q.node]} is drawn with its value (use Show(hide=...))"
        return _in_texts(texts, q.accepts, q.answer, _spelled(q))
    if isinstance(q, S.AskNumber):
        return _in_texts(texts, q.accepts, q.answer, ())
    return None


def _spelled(q) -> tuple[str, ...]:
    """How text would name what q asks: dL/da, ∂d/∂c, a.grad; n, n.data."""
    if isinstance(q, (S.AskGrad, S.AskSign)):
        names = node_names(q.out)
        o, w = names[q.out], names[q.wrt]
        return (total(o, w), local(o, w), f"{w}.grad")
    if isinstance(q, S.AskValue):
        name = node_names(q.node)[q.node]
        return (name, f"{name}.data")
    return ()


def _small_whole(x: float) -> bool:
    """0.9999999999999998 counts as the whole number 1."""
    return abs(x) <= 10 and abs(x - round(x)) < 1e-9


def _in_texts(texts, accepts, answer, spelled: tuple[str, ...]) -> str | None:
    small = _small_whole(answer)
    for text in texts:
        where = _stated(text, accepts, spelled if small else None)
        if where:
            return f"the answer stands in the text: ...{where}..."
    return None


def _choice_giveaway(q: S.AskChoice, screen: Screen) -> str | None:
    """Choices that are nodes, all with a (nonzero) grad on screen: 'which leaf...'."""
    labels = {node.label for node, g in screen.grads_shown.items() if node.label and g != 0}
    if len(q.choices) > 1 and all(c in labels for c in q.choices):
        return "every choice is a node whose grad is printed above"
    return None


def choice_balance(positions: list[tuple[int, int]]) -> list[str]:
    """Problems with where the right choices sit: (right index, number of choices) each.

    With three or more options no position may be right in more than 40% of them;
    two-option questions must be balanced (each position at least 40%).
    """
    problems = []
    many = [right for right, n in positions if n >= 3]
    two = [right for right, n in positions if n == 2]
    if many:
        for pos in sorted(set(many)):
            share = many.count(pos) / len(many)
            if share > 0.4:
                problems.append(f"choice {pos + 1} is right in {share:.0%} of the "
                                f"{len(many)} questions with 3+ options (at most 40%)")
    if len(two) >= 2:
        for pos in (0, 1):
            share = two.count(pos) / len(two)
            if share < 0.4:
                problems.append(f"choice {pos + 1} is right in only {share:.0%} of the "
                                f"{len(two)} two-option questions (at least 40%)")
    return problems


def precision_problem(q: S.Question) -> str | None:
    """A prompt that states a precision ("(Three decimals.)") must be graded at it: the
    answer rounded to that many decimals is right, and a miss in that decimal is wrong."""
    if q.kind != "number":
        return None
    places = stated_places(q.prompt)
    if places is None:
        return None
    answer = q.answer
    rounded = round(answer, places)
    if not q.accepts(rounded):
        return (f"says {places} decimals, but {rounded} (the answer rounded so) is "
                "graded wrong: loosen abs_tol")
    off = 2 * 10 ** -places
    if q.accepts(answer + off) or q.accepts(answer - off):
        return (f"says {places} decimals, but a miss of {off:g} is graded right: set "
                f"abs_tol={0.5 * 10 ** -places:g}, rel_tol=0")
    return None


def hint_problem(q: S.Question, hints: list[str]) -> str | None:
    """Hints go from the concept to the number: the first never states the answer, and
    only the last may."""
    if q.kind != "number" or len(hints) < 2:
        return None
    small = _small_whole(q.answer)
    for i, hint in enumerate(hints[:-1]):
        if _stated(hint, q.accepts, _spelled(q) if small else None):
            which = "the first hint" if i == 0 else f"hint {i + 1} of {len(hints)}"
            return f"{which} states the answer: {hint[:70]!r}"
    return None
