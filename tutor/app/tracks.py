"""Practice, the worksheet and the playground in the app: opening their screens from the
course list, and starting the app straight on one of them from the command line."""

from __future__ import annotations

from tutor.app.app import TutorApp

__all__ = ["open_track", "run_track", "TrackApp", "TRACKS"]

TRACKS = ("practice", "worksheet", "playground")


def track_screen(kind: str, focus: str | None = None, seed: int | None = None, progress=None):
    """A new screen for the track: "practice", "worksheet" or "playground"."""
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
    raise ValueError(f"no track called {kind!r}")


def open_track(app: TutorApp, kind: str, focus: str | None = None,
               seed: int | None = None) -> None:
    """Open a track's screen on top of the course list."""
    app.push_screen(track_screen(kind, focus, seed, app.progress))


class TrackApp(TutorApp):
    """The app, opened on a track's screen (the course list under it, for Escape)."""

    def __init__(self, kind: str, focus: str | None = None, seed: int | None = None,
                 **options):
        super().__init__(**options)
        self.track = (kind, focus, seed)

    def on_mount(self) -> None:        # runs before TutorApp's own on_mount (Textual's order)
        kind, focus, seed = self.track
        open_track(self, kind, focus, seed)


def run_track(kind: str, focus: str | None = None, seed: int | None = None,
              no_color: bool = False) -> int:
    TrackApp(kind, focus, seed, no_color=no_color).run()
    return 0
