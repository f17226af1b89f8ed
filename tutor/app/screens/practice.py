"""Practice drills, full screen: the lesson screen, driven by a practice session.

A drill is a few steps of the lesson language (its statement, sometimes a tree, one
question), so the lesson screen shows it as it shows a lesson, with the same keys:
Enter checks and continues, ctrl+t a hint, ctrl+r the answer, Escape back.  Here
the statement runs straight into its question (no Enter in between), the header
says which skill and level and how many in a row, and the end says why practice
stopped.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from lessons.steps import Code, Show
from tutor.app.screens.lesson import LessonScreen
from tutor.practice.session import PracticeSession


class PracticeScreen(LessonScreen):
    """A practice session in the lesson screen's transcript."""

    def __init__(self, session: PracticeSession):
        super().__init__(session.run())
        self.session = session

    def show_step(self) -> None:
        super().show_step()
        # the statement and its tree belong with the question: no Enter in between
        if not self.run.finished and not self.broken and isinstance(self.run.step,
                                                                     (Code, Show)):
            self.action_continue()

    def end_view(self) -> Static:
        s = self.session
        text = Text()
        text.append("Practice over. ", style="bold green")
        text.append(f"{s.clean} of {s.drills} drill{'s' if s.drills != 1 else ''} right at "
                    "once, without a hint.\n")
        if s.ended:
            text.append(s.ended + "\n")
        text.append("Enter or Escape: back to the course.", style="dim")
        return Static(text, classes="step finished")

    def _update_header(self) -> None:
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(Text(self.session.title, style="bold"), Text(self.session.status()))
        self.query_one("#lesson-header", Static).update(grid)
        self.refresh_bindings()
        self.app.report_save_error()
