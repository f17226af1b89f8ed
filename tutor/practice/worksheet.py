"""The worksheet: a whole backward pass by hand, node by node, with no user interface.

The learner fills in every node's grad in backward order (the output first, then
each node once all the nodes that use it have theirs).  A typed grad is accepted
exactly when the engine's own ``backward()`` agrees (with the usual tolerance); a
wrong one gets the diagnosis the course gives and the rule for that node in
symbols, and the learner tries again or reveals it.  At the end,
``comparison()`` puts the engine's pass beside the learner's.

Both front ends drive it:

    sheet = WorksheetRun(worksheet_problem(seed), progress)
    while not sheet.finished:
        show(sheet.current)                  # the tree, this node marked
        feedback = sheet.answer(text)        # or sheet.hint(), sheet.reveal()

Every node's result also feeds the review queue, like a course question.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessons.practice.worksheets import Worksheet
from lessons.steps import AskGrad, gradients
from tutor.diagnosis import diagnose
from tutor.explain import backward_frames, chain_rule_lines, total
from tutor.expression import fmt, node_names
from tutor.grading import Unreadable, parse_number
from tutor.hints import hints_for
from tutor.practice.store import clock, course_hook
from tutor.runner import Feedback

__all__ = ["WorksheetRun", "Entry"]


@dataclass
class Entry:
    """What the learner did at one node."""

    first: float | None = None      # the first number typed
    tries: int = 0
    hints: int = 0
    right: bool = False
    revealed: bool = False

    @property
    def mark(self) -> str:
        if self.revealed:
            return "revealed"
        if self.right and self.tries == 1 and not self.hints:
            return "right"
        return f"right at try {self.tries}" if self.right else ""


class WorksheetRun:
    def __init__(self, worksheet: Worksheet, progress=None, now=clock):
        self.worksheet = worksheet
        self.values = worksheet.program.run()
        self.root = self.values[worksheet.program.output]
        self.names = node_names(self.root)
        self.grads = gradients(self.root)                   # the engine's pass
        frames = backward_frames(self.root, self.grads)
        self.frames = {f.node: f for f in frames}
        # every node in backward order, but not the constants (an unnamed 2 in 2*a)
        self.nodes = [f.node for f in frames if f.node._prev or f.node.label]
        self.entries = {node: Entry() for node in self.nodes}
        self.index = 0
        self._record = course_hook(progress, now) if progress is not None else None
        self._questions: dict = {}

    # --- state --------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.index >= len(self.nodes)

    @property
    def current(self):
        return None if self.finished else self.nodes[self.index]

    @property
    def filled(self) -> dict:
        """node -> grad for the nodes done so far (what the tree shows)."""
        return {n: self.grads[n] for n in self.nodes[:self.index]}

    def label(self, node=None) -> str:
        """'dL/dd' for the node asked now (or the given one)."""
        node = self.current if node is None else node
        return total(self.names[self.root], self.names[node])

    def question(self, node=None) -> AskGrad:
        node = self.current if node is None else node
        if node not in self._questions:
            self._questions[node] = AskGrad(out=self.root, wrt=node)
        return self._questions[node]

    # --- actions ------------------------------------------------------------------

    def answer(self, text: str) -> Feedback:
        node = self._require()
        q = self.question(node)
        try:
            value = parse_number(text)
        except Unreadable as e:
            return Feedback("invalid", str(e))
        entry = self.entries[node]
        entry.tries += 1
        if entry.first is None:
            entry.first = value
        if q.accepts(value):
            entry.right = True
            self._done(node)
            return Feedback("correct", f"Right: {self.label(node)} = {fmt(self.grads[node])}.",
                            attempts=entry.tries)
        mistake = diagnose(q, value) or "Not quite."
        return Feedback("wrong", f"{mistake} Try again, or reveal it.",
                        explanation=self.rule(node), attempts=entry.tries)

    def hint(self) -> Feedback:
        node = self._require()
        hints = hints_for(self.question(node))
        entry = self.entries[node]
        if entry.hints >= len(hints):
            return Feedback("hint", "No more hints: answer, or reveal it.")
        entry.hints += 1
        return Feedback("hint", f"Hint {entry.hints} of {len(hints)}: {hints[entry.hints - 1]}")

    def reveal(self) -> Feedback:
        node = self._require()
        self.entries[node].revealed = True
        self._done(node)
        return Feedback("revealed", f"Here it is: {self.label(node)} = "
                                    f"{fmt(self.grads[node])}.",
                        explanation=self.rule(node, numbers=True),
                        answer=fmt(self.grads[node]))

    def rule(self, node, numbers: bool = False) -> list[str]:
        """The chain rule at this node: upstream grad times local derivative, summed."""
        return chain_rule_lines(self.frames[node], self.root, self.names, numbers=numbers)

    def comparison(self) -> list[tuple[str, str, str, str]]:
        """(node, your grad, the engine's grad, how it went) for every node."""
        rows = []
        for node in self.nodes:
            e = self.entries[node]
            yours = "-" if e.first is None else fmt(e.first)
            rows.append((self.names[node], yours, fmt(self.grads[node]), e.mark))
        return rows

    def score(self) -> tuple[int, int]:
        """(nodes right at the first try without a hint, nodes)."""
        return sum(self.entries[n].mark == "right" for n in self.nodes), len(self.nodes)

    # --- internals -----------------------------------------------------------------

    def _require(self):
        if self.finished:
            raise RuntimeError("the worksheet is finished")
        return self.current

    def _done(self, node) -> None:
        e = self.entries[node]
        if self._record is not None:
            self._record(self.question(node), {"correct": e.right, "attempts": e.tries or 1,
                                               "hints": e.hints})
        self.index += 1
