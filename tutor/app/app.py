"""The Textual application: screens, global keys, the saved progress.

The app owns one store (``tutor.store``) (the learner's saved state) and opens lessons on
top of the home screen.  Lessons are driven only through ``tutor.runner.LessonRun``;
what a lesson screen shows comes from the step the runner is at.

Global keys work everywhere, also while an answer is being typed:
F1 help, ctrl+p the command palette (open any lesson), ctrl+q quit (saving).
"""

from __future__ import annotations

import contextlib
import importlib
import os
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.events import Resize
from textual.scrollbar import ScrollBar

from tutor.app.commands import LessonCommands
from tutor.app.results import BUILD
from tutor.app.screens.home import HomeScreen
from tutor.app.screens.too_small import TooSmallScreen
from tutor.app.terminal import ConsoleScrollBarRender, Glyphs, ascii_only
from tutor.store import open_store

__all__ = ["TutorApp", "MIN_WIDTH", "MIN_HEIGHT"]

MIN_WIDTH, MIN_HEIGHT = 60, 18
# What opening a lesson imports, loaded in the background once the course list is drawn.
PRELOAD = ("tutor.runner", "tutor.hints", "tutor.app.screens.lesson", "tutor.app.screens.help",
           "textual.widgets._markdown", "rich.syntax", "pygments.lexers.python",
           "pygments.styles")


class TutorApp(App):
    """micrograd-tutor, full screen.

    Args:
        lesson_id: open this lesson straight away (else the course list).
        no_color: monochrome output, as with NO_COLOR=1.
        progress: the saved state to use (default: the learner's own file).
        frame_seconds: pause between backward-pass frames; None = only on a key.
        train_seconds: least seconds a whole training run takes, so short runs are
            seen growing (longer runs go as fast as the engine); 0 = no pacing.
        ascii: plain ASCII plot markers (default: decided from TERM).
    """

    CSS_PATH = Path(__file__).with_name("tutor.tcss")  # absolute: subclasses elsewhere work too
    TITLE = "micrograd-tutor"
    SUB_TITLE = "learn backpropagation by predicting it"
    COMMANDS = App.COMMANDS | {LessonCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", priority=True),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, lesson_id: str | None = None, no_color: bool = False, *,
                 progress=None, frame_seconds: float | None = 0.7,
                 train_seconds: float = 1.0, ascii: bool | None = None):
        with _no_color_env(no_color):      # App.__init__ reads NO_COLOR, as NO_COLOR=1 would
            super().__init__()
        self.start_lesson = lesson_id
        self.progress = progress if progress is not None else open_store()
        self.frame_seconds = frame_seconds
        self.train_seconds = train_seconds
        self._training: dict = {}          # (lesson, step) -> TrainingRuns, for this session
        self.glyphs = Glyphs(ascii_only() if ascii is None else ascii)
        self._save_error_shown: str | None = None
        self.crash: str = ""               # after a crash: what to tell the learner
        if self.glyphs.ascii:
            self.add_class("-ascii")
            ScrollBar.renderer = ConsoleScrollBarRender   # no eighth blocks on the console

    # --- start-up ------------------------------------------------------------

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen()

    def on_mount(self) -> None:
        if self.console.color_system == "standard" and not self.is_headless:
            self.theme = "ansi-dark"   # 16 colours (linux console, screen): the terminal's own
        if self.progress.warning:
            self.notify(self.progress.warning, severity="warning", timeout=12, markup=False)
        if self.start_lesson:
            self.open_lesson(self.start_lesson)
        else:                          # after the first frame, while the learner reads it
            self.call_after_refresh(self.run_worker, self._preload, thread=True,
                                    group="preload", exit_on_error=False)
        self._check_size(self.size.width, self.size.height)

    def _preload(self) -> None:
        """Import what opening a lesson needs (the lesson screen, its widgets, Markdown,
        syntax highlighting, the next lesson's module), so that Enter on the course list
        opens it at once.  In a thread; anything that fails here is imported (and
        reported) again when it is needed."""
        from lessons.course import all_lessons, find_lesson

        ids = [lesson.id for lesson in all_lessons()]
        upcoming = find_lesson(self.progress.next_lesson(ids))
        for name in PRELOAD + ((f"lessons.{upcoming.module}",) if upcoming else ()):
            try:
                importlib.import_module(name)
            except Exception:
                pass

    # --- lessons -------------------------------------------------------------

    def open_lesson(self, lesson_id: str) -> bool:
        """Open a lesson at its saved step, on top of the course list."""
        from lessons.course import find_lesson
        from tutor.app.screens.lesson import LessonScreen
        from tutor.practice.store import course_hook
        from tutor.runner import LessonRun

        lesson = find_lesson(lesson_id)
        if lesson is None:
            self.notify(f"There is no lesson {lesson_id!r}.", severity="error")
            return False
        self._close_lessons()
        try:
            run = LessonRun(lesson, self.progress, on_outcome=course_hook(self.progress))
        except Exception as e:  # a lesson still being written must not end the app
            self.notify(f"Lesson {lesson.title!r} cannot start yet: {type(e).__name__}: {e}",
                        severity="error", timeout=10)
            return False
        self.push_screen(LessonScreen(run))
        return True

    def _close_lessons(self) -> None:
        from tutor.app.screens.lesson import LessonScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            if isinstance(self.screen, LessonScreen):
                self.screen.save()
            self.pop_screen()

    def open_track(self, kind: str, focus: str | None = None, seed: int | None = None) -> None:
        """Open practice, the worksheet, the playground or a test on top of the course list."""
        from tutor.app.track_screens import track_screen

        self.push_screen(track_screen(kind, focus, seed, self.progress))

    def open_build(self) -> None:
        """The build track, in its own app: this one ends and hands over to it
        (``tutor.app.launch``)."""
        self.save_all()
        self.exit(result=BUILD)

    def training_runs(self, run, step):
        """The runs of a lesson's training step, kept for the session: a learner who
        leaves the lesson and comes back finds the curves they made."""
        from tutor.app.training_runs import TrainingRuns
        from tutor.rerun import Settings

        key = (run.lesson.id, run.index)
        runs = self._training.get(key)
        if runs is None:
            runs = self._training[key] = TrainingRuns(Settings.of(step))
        return runs

    def report_save_error(self) -> None:
        """Tell the learner once when progress cannot be saved (it is kept in memory)."""
        error = getattr(self.progress, "save_error", None)
        if error and error != self._save_error_shown:
            self.notify(error, severity="error", timeout=15, markup=False)
        self._save_error_shown = error

    def save_all(self, leaving: bool = False) -> None:
        """Save every open lesson (their open questions keep attempts and hints).
        ``leaving``: the app is about to end, so what an earlier save could not write is
        given the store's longer wait (QUIT_WAIT), not lost."""
        from tutor.app.screens.lesson import LessonScreen
        from tutor.store.store import QUIT_WAIT

        for screen in self.screen_stack:
            if isinstance(screen, LessonScreen):
                screen.save()
        flush = getattr(self.progress, "flush", None)
        if flush is not None:               # what an earlier save could not write
            flush(QUIT_WAIT if leaving else None)

    def _handle_exception(self, error: Exception) -> None:
        """A bug in the app: save the learner's progress, keep the traceback in a log
        file instead of printing it over the terminal, and exit with status 1 (Textual's
        own handling sets that status; its printed traceback is dropped)."""
        from tutor.app.crash import crash_message, write_crash_log

        saved = True
        try:
            self.save_all(leaving=True)
        except Exception:
            saved = False
        self.crash = crash_message(error, write_crash_log(error, self.progress.home), saved)
        super()._handle_exception(error)
        self._exit_renderables.clear()     # the traceback Textual would print on exit

    def get_key_display(self, binding: Binding) -> str:
        if self.glyphs.ascii and binding.key == "enter":
            return "Enter"          # the console font has no return-arrow symbol
        return super().get_key_display(binding)

    # --- actions -------------------------------------------------------------

    async def action_quit(self) -> None:
        self.save_all(leaving=True)
        self.exit()

    def on_command_palette_opened(self, _message) -> None:
        if self.glyphs.ascii:          # the console font has no magnifying-glass emoji
            def plain_icon() -> None:
                for icon in self.screen.query("SearchIcon"):
                    icon.icon = ">"
                    icon.refresh()
            self.call_after_refresh(plain_icon)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "command_palette" and isinstance(self.screen, TooSmallScreen):
            return False
        return True

    async def action_help(self) -> None:
        from tutor.app.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        elif not isinstance(self.screen, TooSmallScreen) and not await self._back_to(HelpScreen):
            # a screen with keys of its own (the worksheet, the playground) lists them
            keys = getattr(self.screen, "HELP_KEYS", None)
            note = getattr(self.screen, "HELP_NOTE", None)
            self.push_screen(HelpScreen(keys, note) if keys else HelpScreen())

    async def action_command_palette(self) -> None:
        """ctrl+p: the palette; with one open under the help, back to it (never a second)."""
        from textual.command import CommandPalette

        if not await self._back_to(CommandPalette):
            super().action_command_palette()

    async def _back_to(self, kind: type) -> bool:
        """If a screen of this kind is open under the top one, close those above it.

        Help and the palette open over each other; pressing the key of one that is
        already open goes back to it instead of opening a second (Textual allows
        only one palette: a second one crashed the app).  A palette is closed the way
        it closes itself, its search stopped first: popped while still searching, its
        search went on into widgets that were gone, and crashed the app."""
        from textual.command import CommandPalette

        below = [screen for screen in self.screen_stack if isinstance(screen, kind)]
        if not below:
            return False
        while self.screen is not below[-1]:
            if isinstance(self.screen, CommandPalette):
                await self.screen.run_action("escape")
            else:
                self.pop_screen()
        return True

    # --- terminal size -------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        top = self.screen if self.screen_stack else None
        if small and not isinstance(top, TooSmallScreen):
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif small:
            top.show_size(width, height)
        elif isinstance(top, TooSmallScreen):
            self.pop_screen()


@contextlib.contextmanager
def _no_color_env(on: bool):
    """NO_COLOR=1 while the app is built, then the environment as it was."""
    if not on:
        yield
        return
    saved = os.environ.get("NO_COLOR")
    os.environ["NO_COLOR"] = "1"
    try:
        yield
    finally:
        if saved is None:
            del os.environ["NO_COLOR"]
        else:
            os.environ["NO_COLOR"] = saved
