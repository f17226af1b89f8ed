"""The full-screen Textual front end of micrograd-tutor.

``run_app(lesson_id, no_color)`` starts it and returns the exit status;
``full_screen_problem()`` says why it cannot run here (no terminal, TERM=dumb), or
None.  Importing this package imports nothing heavy: Textual is loaded only when the
app is built, so the command line and line mode stay quick.
"""

from __future__ import annotations

import os
import sys

__all__ = ["run_app", "full_screen_problem", "TutorApp"]

# Terminals a full-screen app cannot draw on: no cursor movement, no alternate screen.
UNDRIVABLE_TERMS = ("dumb", "unknown")


def full_screen_problem(stdin=None, stdout=None, environ=None) -> str | None:
    """Why the full-screen app cannot run here, or None if it can.

    It needs standard input and output to be a terminal, and a TERM that can move the
    cursor: not ``dumb`` (Emacs' shell, some IDE consoles, cron) or ``unknown``, and on
    Unix-like systems not unset.
    """
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    environ = os.environ if environ is None else environ
    for name, stream in (("standard input", stdin), ("standard output", stdout)):
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):      # closed or replaced
            tty = False
        if not tty:
            return f"{name} is not a terminal"
    term = environ.get("TERM", "")
    if term in UNDRIVABLE_TERMS or (not term and sys.platform != "win32"):
        return f"this terminal (TERM={term or 'unset'}) cannot show a full-screen app"
    return None


def run_app(lesson_id: str | None = None, no_color: bool = False) -> int:
    """Run the app until the learner quits, opening ``lesson_id`` at once if given;
    returns the exit status (1 after a crash)."""
    from tutor.app.launch import run_app as _run

    return _run(lesson_id, no_color)


def __getattr__(name: str):
    if name == "TutorApp":
        from tutor.app.app import TutorApp

        return TutorApp
    raise AttributeError(name)
