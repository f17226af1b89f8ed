"""The language lessons are written in: the steps a lesson generator yields.

A lesson is a generator.  It builds values with the engine and yields steps;
a front end shows each step and, for questions, sends the learner's outcome
back in (``outcome = yield AskGrad(L, wrt=a)``).  Nothing here knows about a
screen: the same lesson runs in the full-screen app, in line mode and in tests.

Every answer is computed here, from the graph or the engine, when the step is
made; a lesson never writes an answer down as a literal.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from engine import Value
from engine.train import squared_error_objective, train
from lessons.precision import DEFAULT_ABS_TOL, DEFAULT_REL_TOL, Graded

__all__ = [
    "Step", "Say", "Show", "Code", "Recap", "Nudge", "RevealBackward", "Train",
    "Question", "AskSign", "AskGrad", "AskValue", "AskNumber", "AskChoice",
    "Outcome", "gradients", "labelled", "rerun_outcome", "RERUN_OUTCOMES",
    "DEFAULT_ABS_TOL", "DEFAULT_REL_TOL",
]



def gradients(out: Value) -> dict[Value, float]:
    """d(out)/d(node) for every node of out's graph, by the engine's own backward().

    The graph's ``.grad`` fields are left exactly as they were, so a lesson can
    ask about a gradient before revealing it.
    """
    nodes = out.topological_order()
    saved = [n.grad for n in nodes]
    for n in nodes:
        n.grad = 0.0
    out.backward()
    result = {n: n.grad for n in nodes}
    for n, g in zip(nodes, saved):
        n.grad = g
    return result


class Step:
    """Base class of everything a lesson yields."""


@dataclass
class Say(Step):
    """Narration, in Markdown."""

    text: str


@dataclass
class Show(Step):
    """Draw out's graph as a tree.

    ``highlight``: nodes to emphasise.  ``show_grads``: print each node's
    ``.grad`` (only once the lesson has revealed them).  ``hide``: nodes whose
    value is shown as "?" because a question about it comes next.  The grads are copied
    into ``grads`` when the step is made, so drawing the step again later shows
    what the lesson meant, whatever happened to the graph since.
    """

    root: Value
    highlight: Sequence[Value] = ()
    show_grads: bool = False
    caption: str = ""
    hide: Sequence[Value] = ()
    grads: dict | None = field(init=False, default=None)

    def __post_init__(self):
        self.grads = ({n: n.grad for n in self.root.topological_order()} if self.show_grads
                      else None)


@dataclass
class Code(Step):
    """A snippet of Python as the learner would type it.

    ``output``: what running it prints, computed by the lesson with the engine
    (e.g. ``output=repr(a + b)``), shown under the code.
    """

    source: str
    caption: str = ""
    output: str = ""


@dataclass
class Recap(Step):
    """The lesson's take-aways, one short line each."""

    points: Sequence[str]


@dataclass
class Nudge(Step):
    """The lecture's numerical check: bump ``leaf`` by ``h`` and watch the output.

    ``build`` recomputes the output from the leaves and returns it (a Value).
    ``before``, ``after`` and ``slope`` (the forward difference) are computed
    here; the leaf is put back afterwards.
    """

    build: Callable[[], Value]
    leaf: Value
    h: float = 0.001
    before: float = field(init=False)
    after: float = field(init=False)
    slope: float = field(init=False)

    def __post_init__(self):
        original = self.leaf.data
        self.before = self.build().data
        try:
            self.leaf.data = original + self.h
            self.after = self.build().data
        finally:
            self.leaf.data = original
        self.slope = (self.after - self.before) / self.h


@dataclass
class RevealBackward(Step):
    """Run out.backward() for real and show it node by node.

    After this step the graph's ``.grad`` fields hold the gradients, so a
    following ``Show(out, show_grads=True)`` shows them.  The order is reverse
    topological: out first, leaves last.
    """

    root: Value
    order: list[Value] = field(init=False)

    def __post_init__(self):
        self.order = list(reversed(self.root.topological_order()))
        for n in self.order:
            n.grad = 0.0
        self.root.backward()


@dataclass
class Train(Step):
    """Train a network and stream its statistics, one ``engine.train.Step`` per update.

    ``start()`` builds a fresh model and returns ``(model, iterator)``, so a front
    end can run, stop and rerun it, and may change ``lr`` or ``zero_grad`` first
    to try the lecture's experiments.  ``show_regions``: draw the two-moons decision
    regions of the model as it learns (the demo).

    ``predict_reruns``: before each rerun the learner starts (twice or half the learning
    rate, zero_grad off or on, or the same settings again), ask them to predict whether
    its final loss will be higher, lower or about the same as the last finished run's;
    ``rerun_outcome`` then gives the answer from the two losses the engine reached.
    """

    make_model: Callable[[], object]
    xs: Sequence
    ys: Sequence
    steps: int = 20
    lr: object = 0.05          # a number, or a schedule f(k, steps)
    objective: Callable = squared_error_objective
    zero_grad: bool = True
    title: str = ""
    show_regions: bool = False
    predict_reruns: bool = False

    def start(self, lr=None, zero_grad=None):
        model = self.make_model()
        run = train(model, self.xs, self.ys, steps=self.steps,
                    lr=self.lr if lr is None else lr, objective=self.objective,
                    zero_grad=self.zero_grad if zero_grad is None else zero_grad)
        return model, run


RERUN_OUTCOMES = ("higher", "lower", "same")


def rerun_outcome(before: float, after: float, rel_tol: float = 0.01) -> str:
    """How a rerun's final loss compares with the run before: "higher", "lower", or
    "same" (within rel_tol of it).  A loss that is not a finite number (the run blew
    up) counts as higher."""
    if not math.isfinite(after):
        return "higher" if math.isfinite(before) else "same"
    if abs(after - before) <= rel_tol * max(abs(before), abs(after)):
        return "same"
    return "higher" if after > before else "lower"


@dataclass
class Outcome:
    """What the runner sends back into the lesson after a question."""

    correct: bool
    attempts: int
    revealed: bool = False


@dataclass
class Question(Step):
    """A prediction the learner types before the engine reveals the truth.

    ``kind`` is "sign", "number" or "choice".  ``hints``: extra hints of the
    lesson's own, given before the computed ones.  ``why``: one line saying why
    the answer is what it is, shown with the reveal.

    ``mistakes``: the wrong answers this question expects, each ``(value, why)``
    with the value computed by the engine (the buggy pass's result, the update
    with the wrong sign...) and what it means; a typed answer that matches one
    gets its explanation, before any mistake read off the graph.
    ``skill``: the practice skill the question exercises (see
    ``lessons/practice``), so that a miss here feeds the same review queue.
    ``scored=False``: a prediction that is asked but not counted (a guess the
    screen cannot settle): one try, then the truth.
    ``chain_rule=False`` (gradient questions asked before the chain-rule lesson):
    no chain-rule explanation, hint or diagnosis read off the graph; the
    lesson's own hints, ``why`` and ``mistakes`` say it all.
    """

    prompt: str
    hints: Sequence[str] = field(default=(), kw_only=True)
    why: str = field(default="", kw_only=True)
    mistakes: Sequence[tuple[float, str]] = field(default=(), kw_only=True)
    skill: str = field(default="", kw_only=True)
    scored: bool = field(default=True, kw_only=True)
    chain_rule: bool = field(default=True, kw_only=True)

    kind = "number"

    @property
    def answer(self):
        raise NotImplementedError


@dataclass
class _NumberQuestion(Graded, Question):
    abs_tol: float = field(default=DEFAULT_ABS_TOL, kw_only=True)
    rel_tol: float = field(default=DEFAULT_REL_TOL, kw_only=True)



@dataclass
class AskGrad(_NumberQuestion):
    """What is d(out)/d(wrt)?  Answer: computed by the engine's backward().  ``within``: marks
    a local question (∂d/∂c), the output of its graph (L); dL/dc is a slip to name."""

    out: Value = field(kw_only=True)
    wrt: Value = field(kw_only=True)
    prompt: str = ""
    within: Value | None = field(default=None, kw_only=True)  # a local question's whole graph

    def __post_init__(self):
        self._grads = gradients(self.out)
        if self.wrt not in self._grads:
            raise ValueError("AskGrad: wrt is not part of out's graph")
        if not self.prompt:
            self.prompt = f"What is d{_name(self.out)}/d{_name(self.wrt)}?"

    @property
    def answer(self) -> float:
        return self._grads[self.wrt]

    @property
    def all_grads(self) -> dict[Value, float]:
        return self._grads


@dataclass
class AskSign(Question):
    """If wrt goes up a little, does out go up (+1), down (-1) or stay (0)?"""

    out: Value = field(kw_only=True)
    wrt: Value = field(kw_only=True)
    prompt: str = ""
    kind = "sign"

    def __post_init__(self):
        self._grads = gradients(self.out)
        if self.wrt not in self._grads:
            raise ValueError("AskSign: wrt is not part of out's graph")
        if not self.prompt:
            self.prompt = (f"If {_name(self.wrt)} goes up a little, does {_name(self.out)} "
                           "go up, down, or stay the same?")

    @property
    def gradient(self) -> float:
        return self._grads[self.wrt]

    @property
    def all_grads(self) -> dict[Value, float]:
        return self._grads

    @property
    def answer(self) -> int:
        g = self.gradient
        return 0 if abs(g) < 1e-12 else (1 if g > 0 else -1)


@dataclass
class AskValue(_NumberQuestion):
    """What is node.data?  (A forward-pass prediction.)"""

    node: Value = field(kw_only=True)
    prompt: str = ""

    def __post_init__(self):
        if not self.prompt:
            self.prompt = f"What is the value of {_name(self.node)}?"

    @property
    def answer(self) -> float:
        return self.node.data


@dataclass
class AskNumber(_NumberQuestion):
    """Any number the lesson computed with the engine (a count, a loss, a slope)."""

    value: float = field(kw_only=True)

    @property
    def answer(self) -> float:
        return float(self.value)


@dataclass
class AskChoice(Question):
    """Multiple choice.  ``correct`` is the index of the right choice in ``choices``.

    When the right choice follows from a computation, compute it in the lesson
    (e.g. ``correct=int(loss_without_zero_grad < loss_with)``).

    ``notes``: one line per choice, in the same order, saying what picking it
    means (for a wrong choice: the misconception behind it); "" where there is
    nothing to add.  ``shuffle``: the choices are put in a fixed order of their
    own, decided by the prompt, so that the right one is not always in the same
    place; ``shuffle=False`` keeps the order written (for choices in a natural
    order: numbers, up/down/same).
    """

    choices: Sequence[str] = field(kw_only=True)
    correct: int = field(kw_only=True)
    notes: Sequence[str] = field(default=(), kw_only=True)
    shuffle: bool = field(default=True, kw_only=True)
    kind = "choice"

    def __post_init__(self):
        if not 0 <= self.correct < len(self.choices):
            raise ValueError("AskChoice: correct must index into choices")
        if self.notes and len(self.notes) != len(self.choices):
            raise ValueError("AskChoice: notes must have one entry per choice")
        self.choices = list(self.choices)
        self.notes = list(self.notes) or [""] * len(self.choices)
        if self.shuffle and len(self.choices) > 1:
            self._rotate()

    def _rotate(self) -> None:
        """Rotate the choices so that the right one lands where the prompt's hash says.

        A rotation keeps the written order's cycle (a, b, c stays a, b, c read
        round), and the same prompt always gives the same screen, so resuming and
        tests see what the learner saw.
        """
        n = len(self.choices)
        target = zlib.crc32(self.prompt.encode("utf-8")) % n
        shift = (self.correct - target) % n
        self.choices = self.choices[shift:] + self.choices[:shift]
        self.notes = self.notes[shift:] + self.notes[:shift]
        self.correct = target

    @property
    def answer(self) -> int:
        return self.correct


def _name(v: Value) -> str:
    """A label fit for d{name}: 'a' stays 'a', 'a/b' becomes '(a/b)'."""
    if not v.label:
        return "(this node)"
    return v.label if v.label.replace("_", "").isalnum() else f"({v.label})"


def labelled(**values: float) -> Iterable[Value]:
    """a, b = labelled(a=2.0, b=-3.0): leaves with their labels set."""
    return [Value(x, label=name) for name, x in values.items()]
