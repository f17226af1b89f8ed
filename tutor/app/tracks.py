"""Starting the app straight on practice, the worksheet, the playground or a test from the command line."""

from __future__ import annotations

from tutor.app.app import TutorApp
from tutor.app.track_screens import TRACKS

__all__ = ["run_track", "TrackApp", "TRACKS"]


class TrackApp(TutorApp):
    """The app, opened on a track's screen (the course list under it, for Escape)."""

    def __init__(self, kind: str, focus: str | None = None, seed: int | None = None,
                 **options):
        super().__init__(**options)
        self.track = (kind, focus, seed)

    def on_mount(self) -> None:        # runs before TutorApp's own on_mount (Textual's order)
        kind, focus, seed = self.track
        self.open_track(kind, focus, seed)


def run_track(kind: str, focus: str | None = None, seed: int | None = None,
              no_color: bool = False) -> int:
    TrackApp(kind, focus, seed, no_color=no_color).run()
    return 0
