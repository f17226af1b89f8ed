"""The teacher's view, full screen: the class's grid, questions, mistakes and who is stuck, live as answers arrive.

    ClassApp(board, where="class/answers.sqlite3").run()

The board is read in a thread (the first reading of a big class takes a moment; the
screen says so meanwhile); then a timer polls it every ``poll_seconds`` (a few cheap
reads) and the panes are drawn again when something changed.  Tests pass
``poll_seconds=None`` and call ``poll`` themselves.  It runs in a terminal and, as
the tutor does, on Textual's web driver for a teacher signed in to the class server.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane

from tutor.classview.cells import Marks
from tutor.classview.gain_pane import GAIN_TAB
from tutor.classview.panes import PANES, Pane
from tutor.classview.screens import AnswersScreen, HelpScreen, summary

__all__ = ["ClassApp", "POLL_SECONDS"]

POLL_SECONDS = 2.0

CSS = """
#top { height: 1; padding: 0 1; background: $panel; }
TabbedContent { height: 1fr; }
TabPane { padding: 0; }
Pane { height: 1fr; }
.pane-head { height: 1; padding: 0 1; color: $text-muted; }
.recent { height: 2; padding: 0 1; }
.pane-detail { height: 2; padding: 0 1; background: $panel; }
DataTable { height: 1fr; }
#filter { dock: bottom; height: 3; display: none; }
#filter.open { display: block; }
#help-text { padding: 0 1; }
"""


class ClassApp(App):
    """The teacher's view of one store.

    Args:
        board: the store's ``Board`` (read here, in a thread).
        where: the store, for the top line (never a password).
        poll_seconds: how often the store is polled; None: only by ``poll`` and ``r``.
        ascii: plain ASCII marks (default: decided from TERM, as the tutor does).
    """

    TITLE = "micrograd-tutor class view"
    CSS = CSS
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("1", "tab('grid')", "Grid", show=False),
        Binding("2", "tab('questions')", "Questions", show=False),
        Binding("3", "tab('mistakes')", "Mistakes", show=False),
        Binding("4", "tab('stuck')", "Stuck", show=False),
        Binding("5", "tab('gain')", "Gain", show=False),
        Binding("s", "sort", "Sort"),
        Binding("v", "view", "View"),
        Binding("slash", "filter", "Filter"),
        Binding("r", "poll", "Read now"),
        Binding("escape", "close_filter", "Clear filter", show=False, priority=True),
        Binding("f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, board, where: str = "", *, poll_seconds: float | None = POLL_SECONDS,
                 ascii: bool | None = None):
        super().__init__()
        if ascii is None:
            from tutor.app.terminal import ascii_only

            ascii = ascii_only()
        self.board = board
        self.where = where
        self.poll_seconds = poll_seconds
        self.marks = Marks(ascii)
        self.crash = ""
        self._drawn = -1

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Reading the class in {self.where}..."), id="top")
        with TabbedContent(id="tabs"):
            for tab, title, pane in PANES + GAIN_TAB:
                with TabPane(f"{title}", id=tab):
                    yield pane(id=f"{tab}-pane")
        yield Input(placeholder="filter: a word, Enter keeps it, Escape clears it",
                    id="filter")
        yield Footer()

    def on_mount(self) -> None:
        from tutor.classview.catalogue import course_questions

        if self.console.color_system == "standard" and not self.is_headless:
            self.theme = "ansi-dark"   # 16 colours (linux console, screen), as the tutor does

        # the course's questions (for their labels) are walked while the store is read
        self.run_worker(course_questions, thread=True, group="labels", exit_on_error=False)
        self.run_worker(self.board.load, thread=True, group="read", exclusive=True,
                        exit_on_error=False)
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.action_poll)

    # --- reading ------------------------------------------------------------------------------

    def action_poll(self) -> None:
        """Read the store now (in a thread), unless a reading is still under way."""
        if any(w.group == "read" and not w.is_finished for w in self.workers):
            return
        self.run_worker(self.board.poll, thread=True, group="read", exit_on_error=False)

    def on_worker_state_changed(self, event) -> None:
        if event.worker.group == "read" and event.worker.is_finished:
            if event.worker.error is not None:
                self._handle_exception(event.worker.error)
                return
            self.redraw()

    def redraw(self, force: bool = False) -> None:
        """Draw every pane again when the board changed since the last drawing."""
        board = self.board
        self._top()
        if board.version == self._drawn and not force:
            return
        first = self._drawn < 0
        self._drawn = board.version
        for pane in self.query(Pane):          # the others when their tab is shown
            pane.stale = True
        self.pane.show(board, board.now())
        if first and self.screen is self.screen_stack[0]:
            self.pane.table.focus()

    def on_tabbed_content_tab_activated(self, event) -> None:
        if self.pane.stale and self.board.version > 0:
            self.pane.show(self.board, self.board.now())

    def _top(self) -> None:
        board = self.board
        learners = len(board.learners)
        top = Text(f"{self.where}  {learners} learner{'s' * (learners != 1)}  "
                   f"{sum(q.tries for q in board.questions.stats.values())} answers  "
                   f"read {time.strftime('%H:%M:%S', time.localtime(board.now()))}")
        if board.problem:
            top.append(f"  cannot read it now: {board.problem}", style="bold red")
        self.query_one("#top", Static).update(top)

    # --- keys -----------------------------------------------------------------------------------

    @property
    def pane(self) -> Pane:
        tabs = self.query_one(TabbedContent)
        return self.query_one(f"#{tabs.active}-pane", Pane)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.pane.table.focus()

    def action_sort(self) -> None:
        self.pane.next_sort()
        self.redraw_pane()

    def action_view(self) -> None:
        self.pane.next_view()
        self.redraw_pane()

    def redraw_pane(self) -> None:
        if self.board.version > 0:
            self.pane.show(self.board, self.board.now())

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = self.pane.filter
        field.add_class("open")
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.pane.filter = event.value.strip()
        self.redraw_pane()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#filter", Input).remove_class("open")
        self.pane.table.focus()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "close_filter":     # Escape: clears the filter (while one is set)
            return self.screen is self.screen_stack[0] and (
                self.query_one("#filter", Input).has_class("open") or bool(self.pane.filter))
        if action in ("sort", "view", "filter", "tab") and self.screen is not self.screen_stack[0]:
            return False
        return True

    def action_close_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.remove_class("open")
        self.pane.filter = ""
        self.redraw_pane()
        self.pane.table.focus()

    def on_data_table_cell_selected(self, event) -> None:
        self._open(event)

    def on_data_table_row_selected(self, event) -> None:
        self._open(event)

    def _open(self, event) -> None:
        if self.screen is not self.screen_stack[0]:
            return
        chosen = self.pane.chosen()
        if chosen is None:
            return
        what, key = chosen
        if what == "learner":
            self.open_learner(key)
        elif what == "question":
            mistakes = self.query_one("#mistakes-pane", Pane)
            mistakes.view, mistakes.question = "per question", key
            self.action_tab("mistakes")
            self.redraw_pane()

    def open_learner(self, learner_id: int) -> None:
        row = self.board.learners.get(learner_id)
        if row is None:
            return
        try:
            answers = self.board.answers(learner_id)
        except Exception as e:          # a store gone: the message, not a crash
            self.notify(f"Cannot read {row.name}'s answers now: {e}", severity="error",
                        markup=False)
            return
        self.push_screen(AnswersScreen(row.name, summary(row), answers, self.board.now()))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen())

    def _handle_exception(self, error: Exception) -> None:
        """A bug: one sentence and a log file (as the tutor's crash), not a traceback."""
        from tutor.app.crash import write_crash_log
        from tutor.store import data_dir

        log = write_crash_log(error, data_dir())
        self.crash = (f"micrograd-tutor class view stopped because of a bug in it "
                      f"({type(error).__name__}: {error})." +
                      (f" The details are in {log}." if log else ""))
        super()._handle_exception(error)
        self._exit_renderables.clear()
