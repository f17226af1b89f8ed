"""The build track's editor: the learner's file, the task, and the last check.

At 110 columns and more the editor and the panel (Task, Check and Solution tabs)
sit side by side; below that the editor has the whole width and F6 swaps it
with the panel.  A one-line status under them always says what the last check
found.

Keys (all work while typing in the editor): F5 check, ctrl+s save and check,
F6 task/check panel, F2 or ctrl+t hint, F3 or ctrl+r solution, F4 or ctrl+o the
file in $EDITOR, ctrl+l load the file again from disk, F7/F8 previous/next
exercise, Escape the exercise list.

The file is watched: a poll of its modification time (``watch_seconds``; None
turns the timer off, tests call ``poll_disk`` themselves).  A change on disk is
loaded into the editor and checked, unless the editor has unsaved edits: then
the learner chooses (ctrl+s keeps theirs, ctrl+l takes the file's).  Loading,
saving and watching the file are in ``build_file``.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane, TextArea

from tutor.app.screens.build_file import FileKeeping
from tutor.app.screens.build_panel_keys import PanelKeys
from tutor.app.widgets.build_panel import (header_text, hints_text, last_check_text,
                                           solution_text)
from tutor.app.widgets.code_area import HIGHLIGHT_CHARS, HIGHLIGHT_LINES, CodeArea, \
    editor_command, run_outside_editor
from tutor.buildtrack.checks import run_check
from tutor.buildtrack.exercises import EXERCISES, Exercise
from tutor.buildtrack.report import statement_view, verdict_view
from tutor.buildtrack.verdict import Verdict
from tutor.buildtrack.workspace import FileProblem

__all__ = ["BuildScreen"]


class BuildScreen(FileKeeping, PanelKeys, Screen):
    """One exercise: edit, check, read what is wrong, fix."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [     # F6 first: the editor has an F6 of its own, which fixes its place
        Binding("f6", "panel", "Task", priority=True),
        Binding("f5", "check", "Check", priority=True),
        Binding("ctrl+s", "save", "Save", show=False, priority=True),   # F5 saves too
        Binding("f2,ctrl+t", "hint", "Hint", priority=True),
        Binding("f3,ctrl+r", "solution", "Solution", priority=True),
        Binding("f4,ctrl+o", "outside_editor", "$EDITOR", priority=True),
        Binding("f1", "app.help", "Help", priority=True),       # before the rest: at 60
        Binding("ctrl+q", "app.quit", "Quit", show=False, priority=True),   # columns too
        Binding("escape", "back", "List", priority=True),
        Binding("f8", "move(1)", "Next", priority=True),
        Binding("f7", "move(-1)", "Prev", show=False, priority=True),
        Binding("ctrl+l", "reload", "Reload", show=False, priority=True),
        Binding("shift+tab", "tabs", show=False),      # the editor's Tab indents
        Binding("tab", "to_editor", show=False),
    ]

    def __init__(self, exercise: Exercise):
        super().__init__()
        self.exercise = exercise
        self.generation = 0            # which check the result shown belongs to
        self.verdict: Verdict | None = None
        self.asked_solution = False
        self.autosave_timer = None     # runs from an edit until the edits are saved

    # --- building ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="build-header")
        with Horizontal(id="build-body"):
            yield self._editor()
            with Vertical(id="build-side"):
                with TabbedContent(id="build-tabs", initial="tab-task"):
                    with TabPane("Task", id="tab-task"):
                        with VerticalScroll(classes="build-pane"):
                            yield Static(id="task")
                            yield Static(id="hints")
                    with TabPane("Check", id="tab-check"):
                        with VerticalScroll(classes="build-pane"):
                            yield Static(id="result")
                    with TabPane("Solution", id="tab-solution"):
                        with VerticalScroll(classes="build-pane"):
                            yield Static(id="solution")
        yield Static(id="build-status")
        yield Footer()

    def _editor(self) -> TextArea:
        editor = CodeArea.python_editor(id="editor")    # plain text without tree-sitter
        editor.cursor_blink = False           # an idle session sends nothing
        return editor

    def on_mount(self) -> None:
        self.app.track.open(self.exercise)
        changes, in_the_way = [], ""
        try:
            changes = self.app.workspace.start(self.exercise)
        except FileProblem as e:             # a folder or a FIFO where a file should be
            in_the_way = f"{e}: the tutor leaves it as it is. "
        except OSError as e:
            in_the_way = f"Could not write your files: {e.strerror or e}. "
        self.query_one("#task", Static).update(
            statement_view(self.exercise, str(self.app.workspace.path(self.exercise.file))))
        self._show_hints()
        self._show_solution_state()
        opened = self.load_from_disk(to_region=True)
        if not self.editor.can_highlight:
            self.notify("No syntax highlighting: tree-sitter-python is not installed.",
                        timeout=4)
        last = self.app.track.exercise_state(self.exercise).get("last")
        passed = self.app.track.passed(self.exercise)
        self.query_one("#result", Static).update(last_check_text(last, passed))
        if not opened:
            pass                 # the status line says why the file is not in the editor
        elif in_the_way:
            self.set_status(Text(in_the_way + "Move it away or put your file in its place, "
                                 "then F5.", style="bold yellow"))
        elif last:           # the tab and the status line both tell the last check's result
            said = f"Last check: {'PASS' if passed else 'FAIL'}: {last}"
            self.set_status(Text.assemble((said, "green" if passed else ""),
                                          (self.file_note, "yellow")))
        else:
            made = "".join(f"{c.message[0].upper()}{c.message[1:]}. " for c in changes)
            self.set_status(Text.assemble((made + "Write your code, then F5 checks it. F6 "
                                           "shows the task.", "dim"),
                                          (self.file_note, "yellow")))
        if self.app.watch_seconds:
            self.set_interval(self.app.watch_seconds, self.poll_disk)
        self.query_one("#editor", TextArea).focus()

    @property
    def editor(self) -> CodeArea:
        return self.query_one("#editor", CodeArea)

    def _update_header(self) -> None:
        ex = self.exercise
        passed = sum(self.app.track.passed(e) for e in EXERCISES)
        state = ("not opened" if self.unopened is not None else "changed on disk"
                 if self.conflict else "modified" if self.modified else "saved")
        width = (self.size.width or self.app.size.width) - 2        # the header's padding
        self.query_one("#build-header", Static).update(
            header_text(ex, state, passed, width))

    def on_resize(self) -> None:
        footer = self.query_one(Footer)      # below 110 columns: every key in the footer,
        footer.compact = self.size.width < 110          # and ctrl+p (in the help) left out
        footer.show_command_palette = self.size.width >= 110
        self._update_header()

    def on_code_area_highlighting(self, event: CodeArea.Highlighting) -> None:
        self.file_note = (f" No syntax highlighting from {HIGHLIGHT_LINES:,} lines or "
                          f"{HIGHLIGHT_CHARS:,} characters on, so that typing stays quick.")
        self.set_status(Text(self.file_note.strip(), style="yellow"))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._update_header()
        if self.autosave_timer is not None:
            self.autosave_timer.stop()
            self.autosave_timer = None
        if self.app.autosave_seconds is not None and self.modified:
            self.autosave_timer = self.set_timer(self.app.autosave_seconds, self.autosave)

    # --- checking ------------------------------------------------------------------------

    def after_typing(self, callback) -> None:
        """Run callback once the editor has taken every key typed before this one.

        A priority key (F5, ctrl+s...) is handled when it arrives, while letters typed
        just before it may still wait in the editor's queue: saving then would save
        half a line.  A callback posted to the editor's queue runs after them."""
        self.editor.call_later(callback)

    def action_save(self) -> None:
        self.after_typing(self._save_and_check)

    def _save_and_check(self) -> None:
        if self.unopened is not None:             # nothing to save: the check says why
            self.start_check()
            return
        if self.conflict:
            self.conflict = False                 # ctrl+s in a conflict: theirs is replaced
            self.disk_stat = self.app.workspace.stat(self.exercise.file)
            try:
                self.saved_text = self.app.workspace.read(self.exercise.file)
            except FileProblem:                   # a FIFO now: save() says so
                pass
        if self.save():
            self.start_check()

    def action_check(self) -> None:
        self.after_typing(self._check_saved)

    def _check_saved(self) -> None:
        if self.modified and not self.save():
            return
        self.start_check()

    def start_check(self, saying: str = "Checking...") -> None:
        self.generation += 1
        generation = self.generation
        self.set_status(Text(saying, style="dim"))
        exercise, root, limits = self.exercise, self.app.workspace.root, self.app.limits
        checker = getattr(self.app, "checker", run_check)

        def work() -> None:
            verdict = checker(exercise, root, limits)
            self.app.call_from_thread(self.show_verdict, verdict, generation)

        self.run_worker(work, thread=True, group="check", name="check")

    def show_verdict(self, verdict: Verdict, generation: int | None = None) -> None:
        if generation is not None and generation != self.generation:
            return                                  # an older check finished late
        if not self.is_attached:
            return
        self.verdict = verdict
        self.app.track.record(verdict)
        if verdict.isolation == "limits" and not getattr(self.app, "limits_noted", False):
            self.app.limits_noted = True        # said once per session
            from tutor.buildtrack.sandbox import LIMITS_ONLY

            self.notify(LIMITS_ONLY, severity="warning", timeout=10)
        self.query_one("#result", Static).update(verdict_view(verdict))
        if verdict.passed:
            nxt = "F8: the next exercise." if self.exercise.number < len(EXERCISES) else \
                "That was the last one: you have built micrograd!"
            self.set_status(Text.assemble(("PASS ", "bold green"), verdict.summary, "  ", nxt))
        else:
            more = "  F6: details" if self.has_class("-narrow") else ""
            self.set_status(Text.assemble(("FAIL ", "bold red"), verdict.summary, (more, "dim")))
            self.query_one("#build-tabs", TabbedContent).active = "tab-check"
        self._show_solution_state()
        self._update_header()

    def set_status(self, text: Text) -> None:
        text.no_wrap = False
        self.query_one("#build-status", Static).update(text)
        editor = self.editor         # a taller status line leaves the cursor's line shown
        editor.call_after_refresh(editor.scroll_cursor_visible)

    # --- task, hints, solution --------------------------------------------------------------

    def _show_hints(self) -> None:
        self.query_one("#hints", Static).update(
            hints_text(self.exercise, self.app.track.count("hints", self.exercise)))

    def action_hint(self) -> None:
        ex = self.exercise
        if self.app.track.count("hints", ex) < len(ex.hints):
            self.app.track.record_hint(ex)
        self._show_hints()
        self._show_panel("tab-task")
        self.query_one("#tab-task VerticalScroll").scroll_end(animate=False)

    def _show_solution_state(self) -> None:
        self.query_one("#solution", Static).update(
            solution_text(self.app.track, self.exercise, self.asked_solution))

    def action_solution(self) -> None:
        track = self.app.track
        if not track.solution_open(self.exercise) and not self.asked_solution:
            self.asked_solution = True         # said in the Solution tab, which opens:
            self._show_solution_state()        # it changes when the solution is shown
            self._show_panel("tab-solution")
            return
        track.record_solution(self.exercise)
        self._show_solution_state()
        self._show_panel("tab-solution")

    # --- leaving, moving, the outside editor ----------------------------------------------------

    def action_back(self) -> None:
        if self.has_class("-narrow") and self.has_class("-panel"):
            self._narrow_panel(False)
            return
        def leave() -> None:     # the app pops the screen: not this editor, which is on it
            if self._leave_ok():
                self.app.call_later(self.app.pop_screen)

        self.after_typing(leave)

    def action_move(self, step: int) -> None:
        i = self.exercise.number - 1 + step
        if not 0 <= i < len(EXERCISES):
            self.notify("There is no exercise that way.", timeout=3)
            return
        def move() -> None:
            if self._leave_ok():
                self.app.call_later(self.app.open_exercise, EXERCISES[i])

        self.after_typing(move)

    def action_outside_editor(self) -> None:
        self.after_typing(self._outside_editor)

    def _outside_editor(self) -> None:
        if self.modified and not self.save():
            return
        command = self.app.editor_command or editor_command()
        if command is None:
            self.notify("No editor found: set $EDITOR (for example EDITOR=nano).",
                        severity="warning", timeout=8)
            return
        problem = run_outside_editor(self.app, command,
                                     self.app.workspace.path(self.exercise.file))
        if problem:
            self.notify(problem, severity="warning", timeout=8)
            return
        self.poll_disk()          # a changed file is loaded and checked
