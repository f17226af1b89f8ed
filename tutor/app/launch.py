"""Running the full-screen apps: the course and the build track hand the terminal to each other.

``b`` on the course list ends the course app with BUILD; the build track's app runs next in
the same terminal, and Escape on its exercise list ends it with BACK_TO_COURSE: the course
list comes back.  The apps only say what they ended with; this module decides what runs next.
"""

from __future__ import annotations

import sys

from tutor.app.app import TutorApp
from tutor.app.results import BACK_TO_COURSE, BUILD

__all__ = ["run_app", "run_build_app"]


def run_app(lesson_id: str | None = None, no_color: bool = False) -> int:
    """Run the course app until the learner quits; the exit status (1 after a crash, which
    is reported in one sentence on standard error)."""
    while True:
        app = TutorApp(lesson_id, no_color=no_color)
        result = app.run()
        if app.crash:
            print(app.crash, file=sys.stderr)
            return 1
        if result != BUILD:
            return app.return_code or 0
        status = run_build_app(no_color=no_color, back_to_course=False)
        if status != BACK_TO_COURSE:
            return status
        lesson_id = None


def run_build_app(exercise=None, workspace=None, no_color: bool = False,
                  back_to_course: bool = True) -> int | str:
    """Run the build app; the exit status (1 after a crash, reported on standard error).

    Escape on the exercise list goes to the course: with ``back_to_course`` the course
    app runs next (``micrograd-tutor build``), else BACK_TO_COURSE is returned for
    the course app that started this one to come back."""
    from tutor.app.build import BuildApp       # not before the course's first frame

    app = BuildApp(exercise, workspace=workspace, no_color=no_color)
    result = app.run()
    if app.crash:
        print(app.crash, file=sys.stderr)
        return 1
    if result == BACK_TO_COURSE:
        return run_app(no_color=no_color) if back_to_course else BACK_TO_COURSE
    return app.return_code or 0
