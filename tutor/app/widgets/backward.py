"""The backward pass, revealed node by node in reverse topological order.

Each frame fills in one more node's grad in the tree and shows the chain rule
for it (upstream x local = contribution, and the sum where paths meet).  Frames
advance on a timer, or at once on a key; ``skip()`` jumps to the end.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from tutor.app.widgets.inline import hanging
from tutor.explain import backward_frames
from tutor.expression import node_names
from tutor.render import frame_text, graph_tree


class BackwardView(Vertical):
    """Animates one ``RevealBackward`` step; posts ``Finished`` at the last frame."""

    class Finished(Message):
        """Every node has its grad."""

    def __init__(self, root, frame_seconds: float | None = 0.7):
        super().__init__(classes="step backward")
        self.root = root
        self.names = node_names(root)
        self.frames = backward_frames(root)      # from the grads the engine just computed
        self.shown = 0                           # frames revealed so far
        self.frame_seconds = frame_seconds
        self._timer = None
        self._paused = False
        self._looked_at = None                   # a node shown again after the pass
        self._announced = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="bw-body"):
            yield Static(classes="bw-tree")
            yield Static(classes="bw-frame")
        # Below the frame: where the pass is and its keys, next to the footer, so they
        # stay in view even when a big graph is taller than the window.
        yield Static(classes="bw-status")

    def on_mount(self) -> None:
        self._draw()
        if self.frame_seconds:
            self._timer = self.set_interval(self.frame_seconds, self.next_frame,
                                            pause=self._paused)

    @property
    def finished(self) -> bool:
        return self.shown >= len(self.frames)

    @property
    def revealed(self) -> dict:
        """node -> grad for the nodes shown so far."""
        return {f.node: f.grad for f in self.frames[:self.shown]}

    @property
    def playing(self) -> bool:
        """The frames advance by themselves now (a timer, not paused)."""
        return self._timer is not None and not self._paused

    def pause(self) -> None:
        """Hold the animation where it is (the lesson is covered: too small, help)."""
        self._paused = True
        if self._timer is not None:
            self._timer.pause()

    def resume(self) -> None:
        """Go on from the frame it was at."""
        self._paused = False
        if self._timer is not None:
            self._timer.reset()
            self._timer.resume()

    def next_frame(self) -> None:
        if not self.finished:
            self.shown += 1
            self._draw()

    def skip(self) -> None:
        """Straight to the end: every grad filled in."""
        if not self.finished:
            self.shown = len(self.frames)
            self._draw()

    def show_node(self, node) -> None:
        """After the pass: that node's chain rule again, the node marked in the tree (the
        playground's Up/Down)."""
        if self.finished and any(f.node is node for f in self.frames):
            self._looked_at = node
            self._draw()

    def retire(self) -> None:
        """The lesson has moved on: the keys in the status line no longer apply."""
        self._draw_status()

    def _draw_status(self) -> None:
        total, at_end = len(self.frames), self.finished
        status = Text()
        status.append("Backward pass ", style="bold")
        if at_end:
            status.append(f"done: all {total} nodes have their grad.", style="green")
        else:
            status.append(f"node {self.shown} of {total}, output first", style="")
        if self.has_class("-current"):
            status.append("  Enter continues" if at_end else "  Space next  ctrl+n skip",
                          style="dim")
        self.query_one(".bw-status", Static).update(status)

    def _draw(self) -> None:
        current = self.frames[self.shown - 1] if self.shown else None
        at_end = self.finished
        looked_at = next((f for f in self.frames if f.node is self._looked_at), None)
        if at_end and looked_at is not None:
            current = looked_at
        marked = None if current is None or (at_end and looked_at is None) else current.node
        tree = graph_tree(self.root, grads=self.revealed, names=self.names, current=marked)
        self.query_one(".bw-tree", Static).update(tree)
        self._draw_status()
        if current is None:
            body = Text("The output's grad is 1; from there each node gets "
                        "upstream grad x local derivative, summed over its uses.", style="dim")
        else:
            body = hanging(frame_text(current, self.root, self.names),
                           ascii=self.app.glyphs.ascii)
        self.query_one(".bw-frame", Static).update(body)
        if self.is_mounted and self.has_class("-current"):
            # it grows as it goes: keep its end (the newest frame, the status) in view
            status = self.query_one(".bw-status")
            self.call_after_refresh(status.scroll_visible, animate=False)
        if at_end and not self._announced:
            self._announced = True
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            self.post_message(self.Finished())
