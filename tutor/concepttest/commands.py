"""The ``pretest``, ``posttest`` and ``progress`` commands.

    micrograd-tutor pretest [--plain] [--no-color]     before the course: what you know now
    micrograd-tutor posttest [--plain] [--no-color]    after it: the same kinds, other numbers
    micrograd-tutor progress                           your own figures, from your own store

Full screen where the terminal allows, else line mode, by the course's one rule
(``tutor.cli.line_mode_unless_terminal``, applied by the caller).
"""

from __future__ import annotations

import argparse
import io
import sys

__all__ = ["configure_test", "run_test", "configure_progress", "run_progress"]


def configure_test(p: argparse.ArgumentParser, phase: str) -> None:
    if phase == "pre":
        p.description = ("The pretest: two questions per skill of the course, before you "
                         "start, to measure what you know now. No feedback and no hints; "
                         "one try per question; Ctrl+C keeps your answers and the test goes "
                         "on from there next time.")
    else:
        p.description = ("The posttest: the same kinds of questions as the pretest, with "
                         "other numbers, after the course; then your scores before and "
                         "after, skill by skill, and your gain.")
    p.add_argument("--plain", action="store_true", help="line mode: no full screen")
    p.add_argument("--no-color", action="store_true", help="no colours (like NO_COLOR=1)")


def run_test(args, phase: str, stdin=None, stdout=None) -> int:
    if not args.plain:
        from tutor.app.tracks import run_track

        return run_track("pretest" if phase == "pre" else "posttest", no_color=args.no_color)
    from tutor.concepttest.plain import LeaveTest, run_test_lines
    from tutor.plain import PlainTutor, Quit, plain_console

    if stdin is None:
        stdin = sys.stdin
        if stdin is None:                          # started with '<&-'
            from tutor.streams import say_on_stderr

            say_on_stderr("micrograd-tutor: standard input is closed, so no answers can be "
                          "read.")
            stdin = io.StringIO()
        elif hasattr(stdin, "reconfigure"):
            stdin.reconfigure(errors="replace")    # undecodable bytes: shown, unreadable
    tutor = PlainTutor(plain_console(args.no_color, stdout), stdin=stdin)
    if tutor.progress.warning:
        tutor.console.print(tutor.progress.warning, style="yellow")
    try:
        run_test_lines(tutor, phase)
    except (Quit, LeaveTest, KeyboardInterrupt, EOFError):
        tutor.console.print("\nYour answers so far are saved; the test goes on from the next "
                            "question next time.")
    return tutor.goodbye(saying="Bye!")


def configure_progress(p: argparse.ArgumentParser) -> None:
    p.description = ("Your own figures, from your own store: lessons done, practice "
                     "mastery, and the pretest and posttest per skill with your gain.")


def run_progress(args, out=print) -> int:
    from tutor.concepttest.figures import print_figures

    return print_figures()
