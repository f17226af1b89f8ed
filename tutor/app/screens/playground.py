"""The playground, full screen: the learner's own expressions, grads and nudges.

Type a line (``a = 2``, ``L = (a*b + 1).tanh()``) and Enter: the tree of the last
line appears.  Up/Down pick a node (marked in the tree); a number typed then is a
prediction of that node's grad (checked, with the course's diagnosis when wrong);
ctrl+r runs the backward pass, each node with its chain rule (Up/Down afterwards
show a node's again); Left/Right, on an empty line, nudge the picked leaf
down or up by 0.01 and every node shows how far it moved beside what the
gradients predicted.  The words ``predict``, ``nudge``, ``reset``, ``undo``,
``clear`` and ``help`` work as in line mode.

Keys (``HELP_KEYS``, what F1 shows here): Enter, Up/Down, Left/Right (empty line),
ctrl+r/F3 backward pass, Space or Enter (empty line) its next node, ctrl+n to its
end, ctrl+o nudges undone, Escape back.
"""

from __future__ import annotations

from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tutor.app.screens.common import fit_footer
from tutor.app.widgets.question import take_submitted
from tutor.app.widgets.backward import BackwardView
from tutor.explain import total
from tutor.expression import is_constant
from tutor.grading import Unreadable, parse_number
from tutor.practice.playground import HELP, NUDGE_STEP, Playground, Reply, playground_tree

__all__ = ["PlaygroundScreen", "PLAYGROUND_KEYS"]

# (keys, what they do): what F1 shows over the playground; the README's table says the same.
PLAYGROUND_KEYS: list[tuple[str, str]] = [
    ("Enter", "add the line typed, or check a number as your grad for the marked node"),
    ("Up  /  Down", "mark another node; after the backward pass, show its chain rule again"),
    ("Left  /  Right", "on an empty line: nudge the marked leaf down / up by 0.01"),
    ("ctrl+o", "undo the nudges"),
    ("ctrl+r  or  F3", "the backward pass, node by node, each with its chain rule"),
    ("Space  or  Enter", "backward pass, on an empty line: the next node now (it also plays "
                         "by itself)"),
    ("ctrl+n", "skip the backward pass to its end"),
    ("Escape", "back to the course list"),
    ("F1", "this help"),
    ("ctrl+q", "quit (the playground saves nothing)"),
]
PLAYGROUND_NOTE = ("Typed as a line, the words predict a 6, nudge a 0.01, reveal, reset, undo, "
                   "clear and help work too. The line has the keyboard: ?, and Space on a "
                   "line with text, are typed into it.")


class PlaygroundScreen(Screen):
    HELP_KEYS, HELP_NOTE = PLAYGROUND_KEYS, PLAYGROUND_NOTE
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True),
        Binding("up", "pick(-1)", "Pick", priority=True),     # an Input has no use for them
        Binding("down", "pick(1)", "Pick", show=False, priority=True),
        Binding("left", "nudge(-1)", "Nudge", priority=True),
        Binding("right", "nudge(1)", "Nudge", show=False, priority=True),
        Binding("ctrl+r,f3", "reveal", "Backward", priority=True),
        Binding("ctrl+o", "reset", "Reset", priority=True),
        Binding("ctrl+n", "skip", "Skip", priority=True),
        Binding("space", "frame", "Next node", show=False, priority=True),   # empty line
    ]

    def __init__(self):
        super().__init__()
        self.pg = Playground()
        self.selected: str | None = None
        self.backward: BackwardView | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-header")
        with VerticalScroll(id="transcript"):
            yield Static(Text(HELP, style="dim"), classes="pg-code step")
            yield Static(classes="pg-tree")
            yield Static(classes="pg-reply")
        with Horizontal(classes="pg-row"):
            yield Static("> ", classes="pg-label")
            line = _Line(placeholder="a line like a = 2, or a number: your grad for the "
                                     "marked node", id="line", select_on_focus=False,
                         compact=True)
            line.cursor_blink = False
            yield line
        yield Footer()

    def on_mount(self) -> None:
        self._draw()
        self.query_one("#line", Input).focus()

    def on_resize(self) -> None:
        fit_footer(self)

    # --- drawing ---------------------------------------------------------------------

    def _order(self) -> list[str]:
        """Node names as the tree shows them, top to bottom (each node once)."""
        root = self.pg.root
        if root is None:
            return []
        names, seen, order = self.pg.names(), set(), []
        stack = [root]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            if not is_constant(node):       # a constant has no grad to predict
                order.append(names[node])
            stack.extend(reversed(node._prev))
        return order

    def _draw(self) -> None:
        pg = self.pg
        if self.selected not in self._order():
            leaves = pg.leaves()
            self.selected = leaves[0] if leaves else (self._order() or [None])[0]
        if pg.program is not None:
            self.query_one(".pg-code", Static).update(
                Syntax(pg.program.source(), "python", theme="ansi_dark",
                       background_color="default"))
        tree = self.query_one(".pg-tree", Static)
        tree.update(playground_tree(pg, self.selected))
        tree.display = self.backward is None
        header = Table.grid(expand=True)
        header.add_column(ratio=1, no_wrap=True)
        header.add_column(justify="right", no_wrap=True, overflow="ellipsis")
        right = Text()
        if pg.root is not None and self.selected:
            out = pg.lines[-1].name
            right.append(f"marked {self.selected}: a number predicts "
                         f"{total(out, self.selected)}")
        header.add_row(Text("Playground", style="bold"), right)
        self.query_one("#lesson-header", Static).update(header)
        self.refresh_bindings()
        self.call_after_refresh(self._scroll)

    def _scroll(self) -> None:
        if self.is_attached:
            self.query_one("#transcript", VerticalScroll).scroll_end(animate=False)

    def _say(self, reply) -> None:
        style = "bold red" if not reply.ok else "bold green" if reply.kind in (
            "prediction", "line") else "bold"
        self.query_one(".pg-reply", Static).update(Text(reply.message, style=style))

    def _close_backward(self) -> None:
        if self.backward is not None:
            self.backward.remove()
            self.backward = None

    # --- keys ------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "nudge":          # only on an empty line: else the arrows edit it
            line = self.query("#line")
            empty = not line or not line.first(Input).value
            return empty and self.selected in self.pg.leaves()
        if action == "pick":
            return self.pg.root is not None
        if action == "reveal":
            return self.pg.root is not None and self.backward is None
        if action == "reset":
            return bool(self.pg.pushes)
        if action == "skip":
            return self.backward is not None and not self.backward.finished
        if action == "frame":          # only on an empty line: else Space is typed
            line = self.query("#line")
            empty = not line or not line.first(Input).value
            return empty and self.backward is not None and not self.backward.finished
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.action_frame()            # Enter on an empty line: the pass's next node
            return
        if self.selected is not None and self.pg.root is not None and _is_number(text):
            reply = self.pg.predict(self.selected, text)
        else:
            reply = self.pg.command(text)
        if reply.kind == "reveal":
            self.action_reveal()
        else:
            self._close_backward()
            self._say(reply)
        if reply.ok or reply.kind == "prediction":
            take_submitted(event.input, event.value)
        self._draw()

    def action_pick(self, step: int) -> None:
        order = self._order()
        if order:
            i = order.index(self.selected) if self.selected in order else -1
            self.selected = order[(i + int(step)) % len(order)]
            if self.backward is not None:    # after the pass: that node's chain rule
                node = next((n for n, name in self.backward.names.items()
                             if name == self.selected), None)
                self.backward.show_node(node)
            self._draw()

    def action_nudge(self, direction: int) -> None:
        if self.selected in self.pg.leaves():
            self._close_backward()
            self._say(self.pg.nudge(self.selected, str(int(direction) * NUDGE_STEP)))
            self._draw()

    def action_reset(self) -> None:
        self._say(self.pg.reset())
        self._draw()

    def action_reveal(self) -> None:
        if self.pg.root is None or self.backward is not None:
            return
        said = self.pg.reveal()      # says so when it leaves the nudges out
        values = self.pg.program.run()
        root = values[self.pg.lines[-1].name]
        root.backward()                              # the engine's own pass, for real
        self.backward = BackwardView(root, self.app.frame_seconds)
        self.query_one("#transcript").mount(self.backward, before=self.query_one(".pg-reply"))
        self._say(Reply("reveal", f"{said.message[:-1]}, node by node (Space: the next "
                                  "one, ctrl+n: to the end)."))
        self._draw()

    def action_frame(self) -> None:
        if self.backward is not None:
            self.backward.next_frame()

    def action_skip(self) -> None:
        if self.backward is not None:
            self.backward.skip()

    def on_backward_view_finished(self, _message) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.app.pop_screen()


class _Line(Input):
    """The playground's line.  Space on an empty line is left to the screen (the backward
    pass's next node); an Input otherwise takes every printable key as text."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "space" and not self.value:
            return False
        return super().check_consume_key(key, character)


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
        return True
    except Unreadable:
        return False

