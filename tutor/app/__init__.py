"""The full-screen Textual front end of micrograd-tutor.

``run_app(lesson_id, no_color)`` starts it; ``python -m tutor.app [LESSON]`` too.
Importing this package imports nothing heavy: Textual is loaded only when the
app is built, so the command line and line mode stay quick.
"""

from __future__ import annotations

__all__ = ["run_app", "TutorApp"]


def run_app(lesson_id: str | None = None, no_color: bool = False) -> None:
    """Run the app until the learner quits; opens ``lesson_id`` at once if given."""
    from tutor.app.app import run_app as _run

    _run(lesson_id, no_color)


def __getattr__(name: str):
    if name == "TutorApp":
        from tutor.app.app import TutorApp

        return TutorApp
    raise AttributeError(name)
