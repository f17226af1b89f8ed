"""The playground, with no user interface: the learner's own lines, predictions of any
node's grad, the backward pass, and nudges of a leaf.

Lines are read by ``lessons.practice.parse`` (a whitelist; never eval or exec) and
built on the engine with the learner's names; the last line's node is the output.
``command(text)`` takes what either front end reads (a line like ``b = a*2``, or
``predict a 6``, ``nudge a 0.01``, ``reveal``, ``reset``, ``undo``, ``clear``,
``help``) and returns a ``Reply``.

A nudge moves a leaf by h and builds the graph again from the nudged value: every
node's change is shown next to what the gradients predict, d(node)/d(leaf) x push
(summed over the leaves pushed), which is right for small pushes and drifts for
large ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine import Value
from lessons.practice.parse import MAX_LINES, MAX_OPERATIONS, parse_line
from lessons.practice.program import Line, Name, Num, Program, ProgramError
from lessons.steps import AskGrad, gradients
from tutor.diagnosis import diagnose
from tutor.explain import total
from tutor.expression import fmt, is_constant, node_names
from tutor.grading import Unreadable, parse_number

__all__ = ["Playground", "Reply", "HELP", "NUDGE_STEP", "MAX_PUSH"]

NUDGE_STEP = 0.01
COMMANDS = {"help": "help", "?": "?", "predict": "predict a 6 (your grad of the output "
            "with respect to a)", "nudge": "nudge a 0.01", "reveal": "reveal",
            "backward": "backward", "reset": "reset", "undo": "undo", "clear": "clear"}
MAX_PUSH = 1000.0
HELP = ("Type a line like a = 2 or L = (a*b + 1).tanh() (numbers, names, + - * / **, "
        "brackets, .tanh() .exp() .relu() .log() .sigmoid()). Then: predict NODE VALUE "
        "(your dOUT/dNODE), reveal (the backward pass), nudge LEAF H (move a leaf by H), "
        "reset (undo the nudges), undo (drop the last line), clear (start again).")


@dataclass
class Reply:
    """What a command did: ``kind`` is "line", "prediction", "nudge", "reveal", "reset",
    "undo", "clear", "help" or "error"; ``ok`` False for a wrong prediction."""

    kind: str
    message: str
    ok: bool = True
    explanation: list[str] = field(default_factory=list)


class Playground:
    def __init__(self):
        self.lines: list[Line] = []
        self.pushes: dict[str, float] = {}          # leaf name -> total push
        self.predictions: dict[str, tuple[float, bool]] = {}   # node name -> (typed, right)
        self.revealed = False
        self._base: dict | None = None               # name -> node, built from the lines
        self._nudged: Value | None = None            # the output built with the nudges
        self._changes: dict | None = None

    # --- the graph ------------------------------------------------------------------

    @property
    def program(self) -> Program | None:
        return Program(tuple(self.lines)) if self.lines else None

    @property
    def root(self) -> Value | None:
        """The output as typed (no nudges): the graph predictions and grads are about."""
        return None if self._base is None else self._base[self.lines[-1].name]

    def nudged_root(self) -> Value | None:
        """The output built again with the nudges applied (the root itself without any)."""
        if not self.pushes or self.root is None:
            return self.root
        if self._nudged is None:
            self._nudged = self.program.run(self.pushes)[self.lines[-1].name]
        return self._nudged

    def names(self) -> dict[Value, str]:
        return node_names(self.root) if self.root is not None else {}

    def node(self, name: str) -> Value | None:
        for node, n in self.names().items():
            if n == name:
                return node
        return None

    def leaves(self) -> list[str]:
        """The names the learner gave a plain number: the ones a nudge can move."""
        return self.program.leaves() if self.program else []

    def grads(self) -> dict[Value, float]:
        return gradients(self.root) if self.root is not None else {}

    def changes(self) -> dict[Value, tuple[float, float]]:
        """node of the nudged graph -> (its change, the change the gradients predict)."""
        if not self.pushes or self.root is None:
            return {}
        if self._changes is None:
            self._changes = self._compute_changes()
        return self._changes

    def _compute_changes(self) -> dict[Value, tuple[float, float]]:
        base_nodes = self.root.topological_order()
        moved_nodes = self.nudged_root().topological_order()   # the same shape, in order
        by_name = {n.label: n for n in base_nodes if n.label}
        predicted = {node: 0.0 for node in base_nodes}
        for leaf_name, push in self.pushes.items():
            leaf = by_name[leaf_name]
            for node in base_nodes:
                if node is leaf or node._prev:
                    predicted[node] += gradients(node).get(leaf, 0.0) * push
        return {moved: (moved.data - base.data, predicted[base])
                for base, moved in zip(base_nodes, moved_nodes)}

    # --- commands -------------------------------------------------------------------

    def command(self, text: str) -> Reply:
        text = text.strip()
        words = text.split()
        if not words:
            return Reply("help", HELP)
        head = words[0].lower()
        if head not in COMMANDS:
            return self.add(text)        # a line of code, or the parser says what is wrong
        if head in ("help", "?"):
            return Reply("help", HELP)
        if head == "predict" and len(words) >= 3:
            return self.predict(" ".join(words[1:-1]), words[-1])
        if head == "nudge" and len(words) in (2, 3):  # nudge a [h]
            return self.nudge(words[1], words[2] if len(words) == 3 else str(NUDGE_STEP))
        if head in ("reveal", "backward"):
            return self.reveal()
        if head == "reset":
            return self.reset()
        if head == "undo":
            return self.undo()
        if head == "clear":
            self.lines = []
            self._rebuilt(None)
            return Reply("clear", "Cleared: type a first line, like a = 2.")
        return Reply("error", f"Type {head} like this: {COMMANDS[head]}.", ok=False)

    def add(self, text: str) -> Reply:
        if len(self.lines) >= MAX_LINES:
            return Reply("error", f"That is {MAX_LINES} lines already: clear, or undo a line.",
                         ok=False)
        budget = [_budget_left(self.lines)]
        try:
            line = parse_line(text, defined=[ln.name for ln in self.lines], budget=budget)
            values = Program(tuple(self.lines + [line])).run()
        except ProgramError as e:
            return Reply("error", _sentence(str(e)), ok=False)
        self.lines.append(line)
        self._rebuilt(values)
        node = values[line.name]
        return Reply("line", f"{line.name} = {fmt(node.data)}. The output is now {line.name}.")

    def undo(self) -> Reply:
        if not self.lines:
            return Reply("error", "There is no line to undo.", ok=False)
        dropped = self.lines.pop()
        self._rebuilt(self.program.run() if self.lines else None)
        return Reply("undo", f"Dropped the line {dropped.name} = ...")

    def predict(self, name: str, typed: str) -> Reply:
        if self.root is None:
            return Reply("error", "Type a line first, like a = 2.", ok=False)
        node = self.node(name)
        if node is None:
            return Reply("error", f"There is no node {name!r} in the graph. Nodes: "
                                  f"{', '.join(self.names().values())}.", ok=False)
        if is_constant(node):
            return Reply("error", f"{name} is a constant: no grad to predict (nothing can "
                                  "nudge it). Predict a named node's.", ok=False)
        try:
            value = parse_number(typed)
        except Unreadable as e:
            return Reply("error", str(e), ok=False)
        q = AskGrad(out=self.root, wrt=node)
        names = self.names()
        label = total(names[self.root], name)
        right = q.accepts(value)
        self.predictions[name] = (value, right)
        if right:
            return Reply("prediction", f"Right: {label} = {fmt(value)}.")
        return Reply("prediction", f"Not {fmt(value)}. {diagnose(q, value) or ''}".strip() +
                     " Try again, or reveal the backward pass.", ok=False)

    def reveal(self) -> Reply:
        if self.root is None:
            return Reply("error", "Type a line first, like a = 2.", ok=False)
        self.revealed = True
        if self.pushes:       # grads, like predictions, are about the graph as typed
            return Reply("reveal", "The backward pass of the graph as you typed it, without "
                                   f"your nudges ({self.nudges_text()}; reset undoes them): "
                                   "every node's grad.")
        return Reply("reveal", "The backward pass: every node's grad.")

    def nudge(self, name: str, typed: str) -> Reply:
        if name not in self.leaves():
            leaves = ", ".join(self.leaves()) or "none yet"
            return Reply("error", f"Only a leaf you gave a number can be nudged ({leaves}).",
                         ok=False)
        try:
            h = parse_number(typed)
        except Unreadable as e:
            return Reply("error", str(e), ok=False)
        push = self.pushes.get(name, 0.0) + h
        if abs(push) > MAX_PUSH:
            return Reply("error", f"Keep a push within {MAX_PUSH:g}.", ok=False)
        pushes = {**self.pushes, name: push}
        try:
            self.program.run(pushes)
        except ProgramError as e:
            return Reply("error", f"Not that far: {_period(str(e))}", ok=False)
        self._pushed({k: v for k, v in pushes.items() if v != 0})
        out = self.lines[-1].name
        moved, predicted = self.changes().get(self.nudged_root(), (0.0, 0.0))
        effect = f"{out} moved by {moved:+.6g}; the gradients predicted {predicted:+.6g}."
        if set(self.pushes) - {name}:      # other leaves are pushed too: L moved by them all
            return Reply("nudge", f"All nudges so far: {self.nudges_text()}. Together, "
                                  + effect)
        return Reply("nudge", f"{name} pushed by {push:+.6g} in all: {effect}")

    def nudges_text(self) -> str:
        """'a +0.01, b -0.02': every leaf pushed now, by how much in all."""
        return ", ".join(f"{leaf} {push:+.6g}" for leaf, push in self.pushes.items())

    def reset(self) -> Reply:
        self._pushed({})
        return Reply("reset", "Nudges undone: every leaf has its typed value again.")

    def _pushed(self, pushes: dict[str, float]) -> None:
        self.pushes = pushes
        self._nudged = None
        self._changes = None

    def _rebuilt(self, values: dict | None) -> None:
        self._base = values
        self._pushed({})
        self.predictions = {}
        self.revealed = False


def _budget_left(lines: list[Line]) -> int:
    """Operations the program may still use (the parser's budget, over all its lines)."""
    return MAX_OPERATIONS - sum(_operations(line.expr) for line in lines)


def _operations(e) -> int:
    if isinstance(e, (Num, Name)):
        return 0
    children = [getattr(e, k) for k in ("left", "right", "operand") if hasattr(e, k)]
    return 1 + sum(_operations(c) for c in children)


def _sentence(text: str) -> str:
    """The parser's message as a sentence (its messages never begin with a learner's name:
    Python names are case-sensitive, so capitalising one would name another variable)."""
    return _period(text[:1].upper() + text[1:])


def _period(text: str) -> str:
    return text if text.endswith(".") else text + "."


def playground_tree(pg: Playground, selected: str | None = None):
    """The output's tree as it is now: nudged values, each node's change beside the change
    the gradients predicted, the learner's predictions, and every grad once revealed."""
    from rich.text import Text

    from tutor.render import graph_tree

    base = pg.root
    if base is None:
        return Text("(no graph yet: type a line like a = 2)", style="dim")
    drawn = pg.nudged_root()
    base_nodes = base.topological_order()
    drawn_nodes = drawn.topological_order()
    same = dict(zip(base_nodes, drawn_nodes))       # the same node, before and after nudges
    names = node_names(base)
    changes = pg.changes()
    notes = {}
    for node in base_nodes:
        note = Text()
        guess = pg.predictions.get(names[node])
        if guess is not None:
            verdict = "right" if guess[1] else ("wrong" if pg.revealed else "not yet")
            note.append(f"   you: {fmt(guess[0])} ({verdict})",
                        style="green" if guess[1] else "red")
        change = changes.get(same[node])
        if change is not None and (change[0] or change[1]):
            note.append(f"   moved {change[0]:+.4g}, predicted {change[1]:+.4g}",
                        style="cyan")
        if note.plain:
            notes[same[node]] = note
    grads = None
    if pg.revealed:
        grads = {same[n]: g for n, g in pg.grads().items()}
    marked = pg.node(selected) if selected else None
    return graph_tree(drawn, grads=grads, notes=notes, names=node_names(drawn),
                      highlight=[same[marked]] if marked is not None else ())
