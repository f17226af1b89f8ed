"""The screens of practice, the worksheet and the playground, made for the app that opens them."""

from __future__ import annotations

__all__ = ["track_screen", "TRACKS"]

TRACKS = ("practice", "worksheet", "playground", "pretest", "posttest")


def track_screen(kind: str, focus: str | None = None, seed: int | None = None, progress=None):
    """A new screen for the track: "practice", "worksheet", "playground", "pretest" or
    "posttest"."""
    if kind == "practice":
        from tutor.app.screens.practice import PracticeScreen
        from tutor.practice.session import PracticeSession

        return PracticeScreen(PracticeSession(progress, focus=focus, seed=seed))
    if kind == "worksheet":
        from tutor.app.screens.worksheet import WorksheetScreen

        return WorksheetScreen(seed)
    if kind == "playground":
        from tutor.app.screens.playground import PlaygroundScreen

        return PlaygroundScreen()
    if kind in ("pretest", "posttest"):
        from tutor.app.screens.concept_test import ConceptTestScreen
        from tutor.concepttest.session import TestRun

        return ConceptTestScreen(TestRun(progress, kind[:-4]))
    raise ValueError(f"no track called {kind!r}")
