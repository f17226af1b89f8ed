"""The view's other screens: one learner's answers (Enter on a learner) and the keys with what the figures mean (F1)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tutor.classview import catalogue
from tutor.classview.cells import ago, percent, plural, seconds_cell, typed

__all__ = ["AnswersScreen", "HelpScreen", "KEYS", "MEANINGS"]

KEYS = (
    ("1 2 3 4 5", "the grid, questions, mistakes, stuck, gain (or Tab to the tabs, then Left/Right)"),
    ("arrows, PgUp/PgDn", "move in a table (the grid scrolls sideways past the lessons)"),
    ("Enter", "on a learner: their answers; on a question: its mistakes"),
    ("s", "the next order (grid: name, progress, first try, last seen; questions: hardest, "
          "course order, discrimination, slowest, most met)"),
    ("v", "the next view (grid: lessons, practice skills, build exercises; mistakes: "
          "across the class, per question)"),
    ("/", "filter the rows by a word (learner, question, kind); Enter keeps it, Escape "
          "clears it"),
    ("r", "read the store now (it is read by itself every few seconds)"),
    ("Escape", "back (from a learner's answers, from this help)"),
    ("F1", "this help"),
    ("q  or  ctrl+q", "quit"),
)

MEANINGS = (
    "Grid: a lesson's cell is its score (right without a reveal, as a percentage) with a "
    "tick when done and ~ while in progress; a skill's M is mastered, L2 learning at level 2; "
    "an exercise's tick passed, a cross with the failed checks. '1st' is the share of "
    "questions the learner got right at the first try.",
    "Questions: 'met' counts the learners who answered it; '1st try' the share right at "
    "their first try (lower is harder); 'hints' the mean of the most hints one took at a "
    "meeting; 'median' the middle time from the question shown to the first try; "
    "'discr.' the point-biserial correlation of the first try with how the learner does "
    "on their other questions: near 0 it does not tell strong from weak learners, below 0 "
    "strong learners miss it more (look at its wording). Shown from 5 learners.",
    "Mistakes: every wrong number the tutor could name, by kind, with the latest answer "
    "of that kind; on top, the kind made most in the last 10 minutes.",
    "Stuck: 3 or more tries at one question without a right one (in the last hour), or "
    "answering with no right answer for 10 minutes or more.",
)


class AnswersScreen(Screen):
    """One learner's answers, the newest first."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, name: str, summary: str, answers: list[dict], now: float):
        super().__init__()
        self.learner = name
        self.summary = summary
        self.answers = answers
        self.now = now

    def compose(self) -> ComposeResult:
        head = typed(self.learner, 40)
        head.stylize("bold")
        shown = len(self.answers)
        head.append(f"  {self.summary}  {plural(shown, 'answer')}, newest first")
        yield Static(head, classes="pane-head")
        table = DataTable(cursor_type="row", zebra_stripes=True)
        table.fixed_columns = 1
        yield table
        yield Static("", classes="pane-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("when", "question", "answer", "", "mistake", "hints", "secs")
        marks = self.app.marks
        for n, a in enumerate(self.answers):
            label = catalogue.question_label(a["track"], a["subject"], a["item"])[0]
            result = (Text("revealed", style="yellow") if a["kind"] == "reveal" else
                      Text(marks.done, style="green") if a["correct"] else
                      Text(marks.wrong, style="red"))
            table.add_row(ago(a["at"], self.now), Text(label[:18]),
                          typed(a["answer"], 16), result, Text(a["mistake"] or ""),
                          str(a["hints"] or ""), seconds_cell(a["seconds"]), key=str(n))
        if not self.answers:
            self.query_one(".pane-detail", Static).update("No answers yet.")
        table.focus()

    def on_data_table_row_highlighted(self, event) -> None:
        row = event.cursor_row
        if not 0 <= row < len(self.answers):
            return
        a = self.answers[row]
        prompt = catalogue.question_label(a["track"], a["subject"], a["item"])[1]
        line = Text(f"{prompt}  Answer: ")
        line.append(typed(a["answer"], 120))
        if a["mistake"]:
            line.append(f"  ({catalogue.mistake_name(a['mistake'])})")
        self.query_one(".pane-detail", Static).update(line)


def summary(row) -> str:
    """A learner's line above their answers."""
    right = (f"first try right {row.first_right} of {row.answered} "
             f"({percent(row.first_right, row.answered)})" if row.answered else "")
    return f"{plural(row.done, 'lesson')} done  {right}"


class HelpScreen(Screen):
    """The keys, and what the figures mean."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back"),
                Binding("f1", "app.pop_screen", "Back", show=False)]

    def compose(self) -> ComposeResult:
        keys = Table(box=None, show_header=False, pad_edge=False, expand=True)
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column(ratio=1)
        for key, what in KEYS:
            keys.add_row(key, what)
        meanings = Text("\nWhat the figures mean\n\n", style="bold")
        for meaning in MEANINGS:
            meanings.append(f"{meaning}\n\n", style="not bold")
        with VerticalScroll(id="help-text"):
            yield Static(Text("The teacher's view: keys\n", style="bold"))
            yield Static(keys)
            yield Static(meanings)
        yield Footer()
