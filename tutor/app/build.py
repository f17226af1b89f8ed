"""``micrograd-tutor build``: the full-screen build track.

The course app with other rooms: the exercise list is its first screen, each
exercise opens in the editor screen (``screens/build.py``), and F1 lists the
track's keys.  The learner's code is only ever run by the checker's separate
process (``tutor.buildtrack.sandbox``).
"""

from __future__ import annotations

import asyncio
import signal
from functools import partial

from textual.app import App

from tutor.app.app import TutorApp
from tutor.app.commands import ListedCommands
from tutor.app.results import BACK_TO_COURSE
from tutor.buildtrack.checks import run_check
from tutor.buildtrack.exercises import EXERCISES, Exercise
from tutor.buildtrack.sandbox import Limits
from tutor.buildtrack.track import SOLUTION_AFTER, Track
from tutor.buildtrack.workspace import Workspace

__all__ = ["BuildApp", "BUILD_KEYS"]

BUILD_KEYS: list[tuple[str, str]] = [
    ("F5", "check your code (it is saved first)"),
    ("ctrl+s", "save, then check"),
    ("F6", "the task, check and solution panel; below 110 columns it takes the editor's "
           "place until F6 or Escape"),
    ("F2  or  ctrl+t", "a hint (each press gives the next one)"),
    ("F3  or  ctrl+r", f"the reference solution (after {SOLUTION_AFTER} failed checks, or "
                       "press twice)"),
    ("F4  or  ctrl+o", "edit the file in your $EDITOR; back here it is loaded and checked"),
    ("ctrl+l", "load the file again from disk (drops unsaved edits)"),
    ("F8  /  F7", "the next / previous exercise (your edits are saved)"),
    ("Escape", "back to the exercise list (your edits are saved); on the list, back "
               "to the course (lessons, practice, playground)"),
    ("ctrl+Home  /  ctrl+End", "the start / the end of the file"),
    ("shift+Tab", "from the editor to the Task / Check / Solution tabs: Left/Right pick "
                  "one, Tab goes back (below 110 columns: F6 or Escape)"),
    ("ctrl+p", "command palette: open any exercise by name"),
    ("F1", "this help"),
    ("ctrl+q", "quit (your edits are saved)"),
]

BUILD_NOTE = ("Every key works while you type in the editor. The file is also watched: edit "
              "it in another window or editor, save, and it is loaded and checked here. Your "
              "files are yours: the tutor only adds the part a new exercise needs, and "
              "resets a part only when you ask (micrograd-tutor build reset EXERCISE).")


class ExerciseCommands(ListedCommands):
    """One palette command per exercise: "Open exercise 8: tanh"."""

    def _commands(self):
        for ex in EXERCISES:
            yield (f"Open exercise {ex.number}: {ex.title} ({ex.id})",
                   partial(self.app.open_exercise, ex), self.app.track.status(ex))


class BuildApp(TutorApp):
    """The build track, full screen.

    Args:
        exercise: open this exercise at once (default: where the learner left off).
        workspace: the folder with the learner's files (default: their own).
        watch_seconds: how often the open file is looked at for changes; None: never
            (tests call ``BuildScreen.poll_disk`` themselves).
        limits: what one check may use.
        editor_command: the outside editor as an argv list (default: $VISUAL, $EDITOR).
        autosave_seconds: an edited file is saved this long after the last change; None:
            never by a timer (tests call ``BuildScreen.autosave`` themselves).
        checker: what checks an exercise, in a worker thread (default ``run_check``;
            the monkey test counts and bounds the checks through it).

    A hang-up (the terminal closed, a dropped SSH connection) or a SIGTERM saves the
    editor's text before the app ends, as ctrl+q does.
    """

    SUB_TITLE = "build micrograd yourself"
    COMMANDS = App.COMMANDS | {ExerciseCommands}

    def __init__(self, exercise: Exercise | None = None, *, workspace=None,
                 no_color: bool = False, progress=None, watch_seconds: float | None = 1.0,
                 limits: Limits = Limits(), editor_command: list[str] | None = None,
                 ascii: bool | None = None, autosave_seconds: float | None = 2.0,
                 checker=None):
        super().__init__(None, no_color, progress=progress, ascii=ascii)
        self.workspace = Workspace(workspace)
        self.track = Track(self.progress)
        self.start_exercise = exercise
        self.watch_seconds = watch_seconds
        self.limits = limits
        self.editor_command = editor_command
        self.autosave_seconds = autosave_seconds
        self.checker = checker or run_check

    def get_default_screen(self):
        from tutor.app.screens.build_list import ExerciseListScreen

        return ExerciseListScreen()

    def on_mount(self) -> None:
        super().on_mount()
        self.open_exercise(self.start_exercise or self.track.current())
        if not self.is_headless:
            self._on_signals(self.hang_up)

    def on_unmount(self) -> None:
        if not self.is_headless:
            self._on_signals(None)

    @staticmethod
    def _on_signals(handler) -> None:
        """Handle (or, with None, stop handling) a hang-up and a SIGTERM in the app's loop."""
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                if handler is None:
                    loop.remove_signal_handler(number)
                else:
                    loop.add_signal_handler(number, handler)
        except (AttributeError, NotImplementedError, RuntimeError, ValueError):
            pass                           # no such signals here (Windows): nothing to do

    def hang_up(self) -> None:
        """The terminal is gone: save the editor's text, then end."""
        self.save_all(leaving=True)
        self.exit()

    def save_all(self, leaving: bool = False) -> None:
        """Save the open exercise's edits (unless that would lose a change on disk)."""
        from tutor.app.screens.build import BuildScreen

        super().save_all(leaving)
        for screen in self.screen_stack:
            if isinstance(screen, BuildScreen):
                screen.save_on_quit()

    def open_exercise(self, exercise: Exercise) -> None:
        """The exercise in the editor, on top of the list (replacing another exercise)."""
        from tutor.app.screens.build import BuildScreen

        while isinstance(self.screen, BuildScreen):
            self.pop_screen()
        self.push_screen(BuildScreen(exercise))

    def back_to_course(self) -> None:
        """End this app; the course app runs next (``tutor.app.launch``)."""
        self.exit(result=BACK_TO_COURSE)

    def action_help(self) -> None:
        from tutor.app.screens.help import HelpScreen
        from tutor.app.screens.too_small import TooSmallScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        elif not isinstance(self.screen, TooSmallScreen):
            self.push_screen(HelpScreen(BUILD_KEYS, BUILD_NOTE))

    async def action_quit(self) -> None:
        from tutor.app.screens.build import BuildScreen

        screen = next((s for s in self.screen_stack if isinstance(s, BuildScreen)), None)
        if screen is None:
            self.exit()
            return

        def save_and_exit() -> None:
            screen.save_on_quit()
            self.exit()

        screen.after_typing(save_and_exit)
