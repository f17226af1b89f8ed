"""A lesson: its steps one after another in a scrolling transcript.

Everything goes through the lesson's ``LessonRun``: the step to show, answers,
hints, reveals, moving on, the score and saving.  The newest step is at the
bottom; earlier ones stay above it for context.

Keys (all work while an answer is typed): Enter checks or continues,
ctrl+t/F2 hint, ctrl+r/F3 reveal, ctrl+n next (skips an animation to its end),
Escape back to the course.  Training steps add ctrl+s stop, + and - for the
learning rate, z for zero_grad and r to rerun.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from lessons.steps import Question, RevealBackward, Show, Train
from tutor.app.widgets.backward import BackwardView
from tutor.app.widgets.finished import finished_view
from tutor.app.widgets.question import QuestionView, catch_early_key, earlier_tries
from tutor.app.widgets.steps import step_view
from tutor.hints import answer_text
from tutor.runner import LessonError, LessonRun

MAX_TRANSCRIPT = 12   # steps kept on screen; older ones are dropped
# steps whose end is what matters (a question's input, the backward pass's newest
# frame): kept at the bottom of the window, also while they are still being mounted
ENDS_IN_VIEW = (QuestionView, BackwardView)


class LessonScreen(Screen):
    """One lesson, driven by a ``LessonRun``."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("escape", "back", "Course", priority=True),
        Binding("ctrl+t,f2", "hint", "Hint", priority=True),
        Binding("ctrl+r,f3", "reveal", "Reveal", priority=True),
        # ctrl+n and Enter mean different things while the backward pass animates:
        # check_action enables exactly one binding of each key at a time.
        Binding("ctrl+n", "skip", "Skip", priority=True),
        Binding("ctrl+n", "next_lesson", "Next lesson", priority=True),   # a lesson's end
        Binding("ctrl+n", "next", "Next", show=False, priority=True),
        Binding("enter", "frame", "Next node"),
        Binding("space", "frame", "Next node", show=False),
        Binding("enter", "continue", "Continue"),
        Binding("enter", "to_course", "Course"),                          # a lesson's end
        Binding("ctrl+s", "stop", "Stop", priority=True),
        Binding("s", "stop", "Stop", show=False),
        Binding("plus,equals_sign", "rerun('+')", "lr x2", show=False),
        Binding("minus", "rerun('-')", "lr /2", show=False),
        Binding("z", "rerun('z')", "zero_grad", show=False),
        Binding("r", "rerun('r')", "Rerun", show=False),
        # a rerun waiting for the learner's prediction (Train(predict_reruns=True))
        Binding("h", "guess('higher')", "Higher"),
        Binding("l", "guess('lower')", "Lower"),
        Binding("s", "guess('same')", "Same"),
        Binding("enter", "guess", "No guess"),
    ]

    def __init__(self, run: LessonRun):
        super().__init__()
        self.run = run
        self.view: Widget | None = None   # the current step's widget
        self.broken: str | None = None    # a lesson bug, shown instead of crashing
        self._shown_step = None           # the step self.view shows

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-header")
        yield VerticalScroll(id="transcript")
        yield Footer()

    def on_mount(self) -> None:
        if self.run.index > 0 and not self.run.finished:
            right, asked = self.run.score
            self._add(Static(Text(f"Welcome back: you are at step {self.run.index + 1} of this "
                                  f"lesson, score {right}/{asked}.", style="italic dim"),
                             classes="note"))
            for step in self.run.context:  # what the current question refers to
                view = step_view(step, self.app.glyphs, self.run.lesson.title)
                if view is not None:
                    self._add(view)
        self.watch(self.query_one("#transcript"), "virtual_size", self._on_transcript_grown,
                   init=False)
        self.show_step()

    # --- showing ---------------------------------------------------------------

    def show_step(self) -> None:
        """Add the runner's current step to the transcript."""
        run = self.run
        step = run.step
        if run.finished:
            view = self.end_view()
        elif isinstance(step, Question):
            view = QuestionView(step, open_=run.awaiting_answer,
                                done_answer="" if run.awaiting_answer else answer_text(step),
                                show_tree=not self._tree_just_shown(step),
                                **earlier_tries(run, step))
        elif isinstance(step, RevealBackward):
            view = BackwardView(step.root, self.app.frame_seconds)
        elif isinstance(step, Train):
            from tutor.app.widgets.training import TrainingView  # plotext only when needed

            view = TrainingView(step, self.app.glyphs, runs=self.app.training_runs(run, step),
                                min_seconds=self.app.train_seconds)
        else:
            view = step_view(step, self.app.glyphs, self.run.lesson.title) or Static(
                Text(f"(a {type(step).__name__} step this screen cannot show)", style="dim"),
                classes="step")
        if self.view is not None:             # the step before: its keys no longer apply
            self.view.remove_class("-current")
            self.view.query(".now-only").remove()   # "Enter continues" and the like
            if hasattr(self.view, "retire"):
                self.view.retire()
        view.add_class("-current")
        self.view = view
        self._shown_step = step
        self._add(view)
        self._size_training()
        self._update_header()
        self.call_after_refresh(self._focus_step)

    def end_view(self) -> Widget:
        """What the transcript ends with (practice shows its own)."""
        return finished_view(self.run, self.app.progress)

    def _tree_just_shown(self, question) -> bool:
        """The step before drew this question's graph with the asked node marked."""
        prev = self._shown_step
        return (isinstance(prev, Show) and getattr(question, "out", None) is prev.root
                and list(prev.highlight) == [getattr(question, "wrt", None)])

    def _add(self, widget: Widget) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        transcript.mount(widget)
        extra = len(transcript.children) - MAX_TRANSCRIPT
        if extra > 0:
            for old in list(transcript.children)[:extra]:
                old.remove()

    def _focus_step(self) -> None:
        view = self.view
        if not self.is_attached:       # the lesson was closed before this ran
            return
        if isinstance(view, QuestionView) and view.input is not None:
            view.input.focus()
        else:
            self.query_one("#transcript").focus()
        self._scroll()

    def _scroll(self) -> None:
        """Bring the current step into view: its end, or its top if it is taller.

        Its end is kept in view by anchoring the transcript: Textual then scrolls to the
        end at every layout, so parts drawn late (Markdown is parsed in a thread; a
        loaded machine draws in a different order) and resizes cannot push the question
        out of view.  Scrolling by hand releases the anchor.  A step taller than the
        window is shown from its top instead; ``_on_transcript_grown`` re-decides as
        the layout changes."""
        view = self.view
        if not self.is_attached or view is None or not view.is_attached:
            return
        if not view.is_mounted and not isinstance(view, ENDS_IN_VIEW):
            return      # its size is not known yet: _on_transcript_grown decides later
        transcript = self.query_one("#transcript", VerticalScroll)
        if transcript.virtual_size.height <= transcript.scrollable_content_region.height:
            # It all fits (an anchor would push it down).  force: with no scroll bar
            # Textual ignores scrolling, but an anchor from a smaller size can have left
            # the position below 0, as blank rows above the first step.
            transcript.anchor(False)
            transcript.scroll_home(animate=False, immediate=True, force=True)
        elif self._show_top(view, transcript):
            transcript.anchor(False)
            transcript.scroll_to_widget(view, top=True, animate=False)
        else:
            transcript.anchor()

    @staticmethod
    def _show_top(view: Widget, transcript: Widget) -> bool:
        # a question's input and the backward pass's newest frame are at their ends
        tall = view.outer_size.height > transcript.size.height
        return tall and not isinstance(view, ENDS_IN_VIEW)

    def _on_transcript_grown(self, _size) -> None:
        """The transcript's content changed size (a step drawn late, a resize)."""
        if self.view is not None:
            self.call_after_refresh(self._scroll)

    def _update_header(self) -> None:
        right, asked = self.run.score
        where = "done" if self.run.finished else f"step {self.run.index + 1}"
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(Text(self.run.lesson.title, style="bold"),
                     Text(f"{where}   score {right}/{asked}"))
        self.query_one("#lesson-header", Static).update(grid)
        self.refresh_bindings()
        self.app.report_save_error()

    def _size_training(self) -> None:
        from_view = self.view
        if from_view is not None and from_view.has_class("training"):
            height = self.query_one("#transcript").size.height or self.size.height - 2
            from_view.styles.height = max(12, height - 1)   # -1: the step's bottom margin

    def on_resize(self) -> None:
        narrow = self.size.width < 80          # every key must fit down to 60 columns:
        footer = self.query_one(Footer)        # less space between keys, and ctrl+p (also
        footer.compact = narrow                # in the help) left out
        footer.show_command_palette = not narrow
        if self.view is not None and self.view.has_class("training"):
            self._size_training()                  # a new height: bring all of it back in view
            self.call_after_refresh(self._scroll)

    def on_screen_suspend(self) -> None:
        """Covered (too small, help, the palette): the backward pass waits."""
        if isinstance(self.view, BackwardView):
            self.view.pause()

    def on_screen_resume(self) -> None:
        if isinstance(self.view, BackwardView):
            self.view.resume()

    def on_backward_view_finished(self, _message) -> None:
        self.refresh_bindings()

    def on_training_view_changed(self, _message) -> None:
        self.refresh_bindings()

    # --- which keys apply now ---------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        run, view = self.run, self.view
        if view is None and action != "back":
            return False       # keys typed ahead while the screen is still being built
        if action in ("hint", "reveal"):
            return run.awaiting_answer and not self.broken
        animating = isinstance(view, BackwardView) and not view.finished
        if action in ("skip", "frame"):
            return animating
        over = run.finished or bool(self.broken)
        if action == "next_lesson":
            return run.finished and self._next_lesson_id() is not None
        if action == "to_course":
            return over
        guessing = getattr(view, "awaiting_guess", False)
        if action == "guess":
            return guessing
        if action == "continue":
            return not over and not run.awaiting_answer and not animating and not guessing
        if action == "next":
            return not run.awaiting_answer and not animating
        if action == "stop":
            return getattr(view, "running", False)
        if action == "rerun":
            return view is not None and view.has_class("training")
        return True

    # --- actions ----------------------------------------------------------------

    def on_key(self, event) -> None:
        if isinstance(self.view, QuestionView) and self.run.awaiting_answer:
            catch_early_key(self.view, event)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing after scrolling away to re-read: the answer box comes back into view."""
        if event.value:
            self._scroll()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.run.awaiting_answer:
            typed = event.value.strip()
            feedback = self.run.answer(event.value)
            self._feedback(feedback, typed, submitted=event.value)
        else:
            self.action_continue()

    def _feedback(self, feedback, typed: str = "", submitted: str | None = None) -> None:
        view = self.view
        if isinstance(view, QuestionView):
            view.show_feedback(feedback, typed, submitted)
        self._update_header()
        if feedback.done:
            self.query_one("#transcript").focus()
        self.call_after_refresh(self._scroll)

    def action_hint(self) -> None:
        if self.run.awaiting_answer:
            self._feedback(self.run.hint())

    def action_reveal(self) -> None:
        if self.run.awaiting_answer:
            self._feedback(self.run.reveal())

    def action_frame(self) -> None:
        if isinstance(self.view, BackwardView):
            self.view.next_frame()

    def action_skip(self) -> None:
        """ctrl+n during the backward pass: straight to its end."""
        if isinstance(self.view, BackwardView):
            self.view.skip()

    def action_continue(self) -> None:
        """Enter: move on (stopping a training run first)."""
        self._move_on()

    def action_next(self) -> None:
        """ctrl+n: move on, or from a finished lesson to the next one."""
        if self.run.finished:
            self._open_next_lesson()
            return
        self._move_on()

    def _move_on(self) -> None:
        if self.run.awaiting_answer:
            self.notify("Answer first, or press ctrl+r to reveal the answer.")
            return
        if self.run.finished or self.broken:
            self.action_back()
            return
        view = self.view
        if view is not None and getattr(view, "running", False):
            view.stop()
        try:
            self.run.advance()
        except LessonError as e:
            self.broken = str(e)
            self._add(Static(Text(f"This lesson has a bug and cannot go on: {e}\n"
                                  "Escape goes back to the course.", style="bold red"),
                             classes="step error"))
            self.call_after_refresh(self._scroll)
            return
        self.show_step()

    def _next_lesson_id(self) -> str | None:
        from lessons.course import all_lessons

        ids = [lesson.id for lesson in all_lessons()]
        i = ids.index(self.run.lesson.id) if self.run.lesson.id in ids else -1
        return ids[i + 1] if 0 <= i < len(ids) - 1 else None

    def _open_next_lesson(self) -> None:
        following = self._next_lesson_id()
        if following is not None:
            self.app.open_lesson(following)
        else:
            self.action_back()

    def action_next_lesson(self) -> None:
        """ctrl+n after a lesson: the next one (shown as such in the footer)."""
        self._open_next_lesson()

    def action_to_course(self) -> None:
        """Enter after a lesson: back to the course list."""
        self.action_back()

    def action_stop(self) -> None:
        if getattr(self.view, "running", False):
            self.view.stop()

    def action_rerun(self, key: str) -> None:
        """+ - z r on a training step: run it again with other (or the same) settings."""
        if self.view is not None and self.view.has_class("training"):
            self.view.rerun(key)

    def action_guess(self, word: str | None = None) -> None:
        """h, l, s (or Enter: no guess) before a rerun the lesson asks to predict."""
        if getattr(self.view, "awaiting_guess", False):
            self.view.guess(word)

    def action_back(self) -> None:
        self.save()
        self.app.pop_screen()

    def save(self) -> None:
        """Save the run (the app calls this on quit)."""
        self.run.save()
