"""The worksheet, full screen: a whole backward pass by hand.

The tree shows every grad empty and marks the node whose grad comes next (backward
order: the output first); the learner types that grad into the line under the
tree, named as the course names it (``dL/dd = ``), and Enter checks it.  A wrong
grad gets the course's diagnosis and the rule for that node; try again, or ctrl+r
to reveal it.  At the end the engine's own pass stands beside the learner's.

Keys: Enter check, ctrl+t/F2 hint, ctrl+r/F3 reveal, ctrl+n a new worksheet,
Escape back.
"""

from __future__ import annotations

import random

from rich.console import Group
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from lessons.practice.worksheets import worksheet_problem
from tutor.app.screens.common import fit_footer
from tutor.app.widgets.inline import hanging
from tutor.app.widgets.question import FEEDBACK_STYLE, take_submitted
from tutor.practice.worksheet import WorksheetRun
from tutor.render import graph_tree


# (keys, what they do): what F1 shows over the worksheet; the README's table says the same.
WORKSHEET_KEYS: list[tuple[str, str]] = [
    ("Enter", "check the grad typed for the marked node"),
    ("ctrl+t  or  F2", "a hint (each press gives the next one)"),
    ("ctrl+r  or  F3", "reveal this node's grad"),
    ("ctrl+n", "a new worksheet"),
    ("Escape", "back to the course list (the nodes done are saved for review)"),
    ("F1", "this help"),
    ("ctrl+q", "quit"),
]
WORKSHEET_NOTE = "Every key works while you type a grad; ? is typed into the answer."


class WorksheetScreen(Screen):
    HELP_KEYS, HELP_NOTE = WORKSHEET_KEYS, WORKSHEET_NOTE
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True),
        Binding("ctrl+t,f2", "hint", "Hint", priority=True),
        Binding("ctrl+r,f3", "reveal", "Reveal", priority=True),
        Binding("ctrl+n", "new", "New worksheet", priority=True),
        Binding("enter", "back", "Back", show=False),
    ]

    def __init__(self, seed: int | None = None):
        super().__init__()
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2 ** 31)
        self.sheet: WorksheetRun | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-header")
        with VerticalScroll(id="transcript"):
            yield Static(classes="ws-code step")
            yield Static(classes="ws-tree")
            with Horizontal(classes="ws-row"):
                yield Static(classes="ws-label")
                answer = Input(placeholder="a number, then Enter", id="answer",
                               select_on_focus=False, compact=True)
                answer.cursor_blink = False
                yield answer
            yield Static(classes="ws-feedback")
            yield Static(classes="ws-result")
        yield Footer()

    def on_mount(self) -> None:
        self.start(self.seed)

    def on_resize(self) -> None:
        fit_footer(self)

    def start(self, seed: int) -> None:
        self.seed = seed
        self.sheet = WorksheetRun(worksheet_problem(seed), self.app.progress)
        source = self.sheet.worksheet.program.source()
        self.query_one(".ws-code", Static).update(Group(
            Text("Fill in every grad, output first, in the order backward() goes.",
                 style="italic"),
            Syntax(source, "python", theme="ansi_dark", background_color="default")))
        self.query_one(".ws-feedback", Static).update("")
        self.query_one(".ws-result", Static).update("")
        self.query_one(".ws-row").display = True
        self._draw()
        self.query_one("#answer", Input).focus()

    # --- drawing ---------------------------------------------------------------------

    def _draw(self) -> None:
        sheet = self.sheet
        done = sheet.finished
        tree = graph_tree(sheet.root, grads=sheet.grads if done else sheet.filled,
                          names=sheet.names, current=None if done else sheet.current)
        self.query_one(".ws-tree", Static).update(tree)
        header = Table.grid(expand=True)
        header.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        header.add_column(justify="right", no_wrap=True)
        where = "done" if done else f"node {sheet.index + 1} of {len(sheet.nodes)}"
        header.add_row(Text("Worksheet: the whole backward pass by hand", style="bold"),
                       Text(where))
        self.query_one("#lesson-header", Static).update(header)
        if done:
            self.query_one(".ws-row").display = False
            self.query_one(".ws-result", Static).update(self._result())
            self.query_one("#transcript").focus()
        else:
            self.query_one(".ws-label", Static).update(Text(f"{sheet.label()} = ",
                                                            style="bold"))
        self.refresh_bindings()
        self.call_after_refresh(self._scroll)

    def _result(self) -> Group:
        right, total = self.sheet.score()
        table = Table(box=None, pad_edge=False)
        for column in ("node", "yours", "engine", ""):
            table.add_column(column)
        for name, yours, engine, mark in self.sheet.comparison():
            table.add_row(name, yours, engine, Text(mark, style="green" if mark == "right"
                                                    else "yellow"))
        return Group(Text(f"Done: {right} of {total} grads right at the first try. The "
                          "engine's own pass, beside yours:", style="bold green"), table,
                     Text("ctrl+n: another worksheet.  Enter or Escape: back.", style="dim"))

    def _scroll(self) -> None:
        if self.is_attached:
            self.query_one("#transcript", VerticalScroll).scroll_end(animate=False)

    def _feedback(self, feedback, submitted: str | None = None) -> None:
        text = Text(feedback.message, style=FEEDBACK_STYLE.get(feedback.status, "bold"))
        self.query_one(".ws-feedback", Static).update(
            Group(text, hanging(feedback.explanation)) if feedback.explanation else text)
        if submitted is not None and feedback.status != "invalid":
            take_submitted(self.query_one("#answer", Input), submitted)
        self._draw()

    # --- keys ------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if self.sheet is None:
            return action == "back"
        if action in ("hint", "reveal"):
            return not self.sheet.finished
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.sheet.finished:
            self._feedback(self.sheet.answer(event.value), submitted=event.value)

    def action_hint(self) -> None:
        if not self.sheet.finished:
            self._feedback(self.sheet.hint())

    def action_reveal(self) -> None:
        if not self.sheet.finished:
            self._feedback(self.sheet.reveal())

    def action_new(self) -> None:
        self.start(random.SystemRandom().randrange(2 ** 31))

    def action_back(self) -> None:
        self.app.pop_screen()
