"""The pretest or the posttest, full screen: one question at a time, no feedback, one try.

The screen opens with what the test is and its rules (Enter starts).  Each question is
shown on a clean page, as a practice drill is (its statement, its tree, the prompt and
the answer box), so nothing of the question before stays on screen; Enter saves the
answer and the next question follows.  The answer box is the screen's own, under the
page, and keeps the focus from question to question, so keys typed while the next
question is drawn are not lost.  An unreadable answer is explained under the box
and costs nothing.  At the end, the learner's table: each skill before, after, and the
gain.  Escape leaves at any time (every answer is already saved; the test goes on from
the next question), PgUp/PgDn scroll a long question.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from lessons.steps import Code, Show
from tutor.app.screens.common import fit_footer
from tutor.app.widgets.question import PLACEHOLDERS, AnswerInput, QuestionView
from tutor.app.widgets.steps import SayView, step_view
from tutor.concepttest.results import GAIN_NOTE, results_table, taken
from tutor.concepttest.session import TestRun
from tutor.concepttest.state import blocked
from tutor.concepttest.texts import end_line, opening
from tutor.runner import Feedback

__all__ = ["ConceptTestScreen", "TEST_KEYS"]

# (keys, what they do): what F1 shows over the test.
TEST_KEYS: list[tuple[str, str]] = [
    ("Enter", "start; save your answer and go to the next question"),
    ("skip", "typed as the answer: you do not know (it counts as wrong)"),
    ("PgUp/PgDn", "scroll a question taller than the window"),
    ("Escape", "leave: your answers are saved, the test goes on from here next time"),
    ("F1", "this help"),
    ("ctrl+q", "quit"),
]
TEST_NOTE = "There are no hints and no feedback during the test."


class _Answer(AnswerInput):
    """The screen's answer box.  Enter is taken here, among the box's own keys: Textual runs
    an Enter *binding* only after the letters typed behind it, so typed-ahead answers ran
    together ('skipskip').  The answer leaves the box at once; what follows is the next
    question's.  A key past the longest answer is said under the question."""

    async def _on_key(self, event) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            text, self.value = self.value, ""
            self.post_message(self.Submitted(self, text))
            return
        await super()._on_key(event)

    def restricted(self) -> None:
        view = getattr(self.screen, "view", None)
        if view is not None:
            view.say_too_long()


class ConceptTestScreen(Screen):
    """One sitting of a ``TestRun``."""

    HELP_KEYS, HELP_NOTE = TEST_KEYS, TEST_NOTE
    BINDINGS = [
        Binding("escape", "back", "Leave (saved)", priority=True),
        Binding("pageup", "scroll(-1)", "Scroll", show=False, priority=True),
        Binding("pagedown", "scroll(1)", "Scroll", show=False, priority=True),
        Binding("enter", "go", "Start"),
        Binding("enter", "finish", "Back to the course"),
    ]

    def __init__(self, run: TestRun):
        super().__init__()
        self.run = run
        self.stage = "opening"            # then "asking", then "over"
        self.view: QuestionView | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-header")
        yield VerticalScroll(id="transcript")
        with Horizontal(id="test-answer", classes="question"):
            yield Static("Your answer: ", classes="q-label")
            yield _Answer(id="answer")
        yield Footer()

    def on_mount(self) -> None:
        run = self.run
        problem = blocked(self.app.progress, run.phase)
        if problem or run.done:
            self._page(Static(Text(problem or f"You have taken the {run.name} already; "
                                   "your answers stay as they were.", style="bold"),
                              classes="step"))
            if not problem:
                self._results()
            self.stage = "over"
        else:
            from lessons.course import all_lessons

            done = sum(self.app.progress.status(lesson.id) == "done"
                       for lesson in all_lessons())
            self._page(SayView(opening(run, done), classes="step"),
                       Static(Text("Enter starts.", style="dim"), classes="note"))
        self._header()
        self._answer_box(False)

    def on_resize(self) -> None:
        fit_footer(self)

    # --- showing ---------------------------------------------------------------------

    def _page(self, *widgets) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        transcript.remove_children()
        transcript.mount(*widgets)
        transcript.scroll_home(animate=False)

    def _header(self) -> None:
        run = self.run
        where = "done" if run.done else f"question {run.number} of {run.total}"
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(Text(f"{run.name.capitalize()} (no feedback, no hints)", style="bold"),
                     Text(where))
        self.query_one("#lesson-header", Static).update(grid)
        self.refresh_bindings()
        self.app.report_save_error()

    def _ask(self) -> None:
        run = self.run
        problem = run.problem()
        glyphs = self.app.glyphs
        parts = [step_view(Code(problem.source), glyphs)]
        parts += [step_view(step, glyphs) for step in problem.before]
        q = problem.question
        drawn = any(isinstance(step, Show) and step.root is getattr(q, "out", None)
                    for step in problem.before)
        self.view = QuestionView(q, open_=False, show_tree=not drawn)
        self._page(*[p for p in parts if p is not None], self.view)
        self.stage = "asking"
        self._header()
        box = self._answer_box(True)
        box.placeholder = PLACEHOLDERS.get(q.kind, PLACEHOLDERS["number"])
        run.shown()
        self.call_after_refresh(self._scroll_to_question)

    def _answer_box(self, on: bool) -> _Answer:
        """The answer box shown and focused (while asking), or hidden."""
        box = self.query_one("#answer", _Answer)
        self.query_one("#test-answer").display = on
        if on:
            box.focus()
        else:
            box.value = ""
            self.query_one("#transcript").focus()
        return box

    def _scroll_to_question(self) -> None:
        """A question taller than the window: its end (the prompt) in view."""
        if self.is_attached:
            self.query_one("#transcript", VerticalScroll).scroll_end(animate=False)

    def _results(self) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        transcript.mount(Static(results_table(self.app.progress), classes="step"),
                         Static(Text(GAIN_NOTE, style="dim"), classes="step"),
                         Static(Text("Enter or Escape: back to the course.", style="dim"),
                                classes="note"))

    def _over(self) -> None:
        self.view = None
        self._page(Static(Text(end_line(self.run, taken(self.app.progress, "pre")),
                               style="bold green"), classes="step"))
        self._results()
        self.stage = "over"
        self._header()
        self._answer_box(False)

    # --- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "go":
            return self.stage == "opening"
        if action == "finish":
            return self.stage == "over"
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.stage != "asking" or self.view is None:
            return
        reply = self.run.answer(event.value)
        if reply.status == "invalid":
            self.view.show_feedback(Feedback("invalid", reply.message),
                                    submitted=event.value)
            self.call_after_refresh(self._scroll_to_question)
            return
        if self.run.done:
            self._over()
        else:
            self._ask()

    def action_go(self) -> None:
        if self.stage == "opening":
            self._ask()

    def action_finish(self) -> None:
        self.action_back()

    def action_scroll(self, direction: int) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        if direction < 0:
            transcript.scroll_page_up(animate=False)
        else:
            transcript.scroll_page_down(animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()
