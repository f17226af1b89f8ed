"""Helpers for the build app's Pilot tests: the app as tests want it (no timers, generous
limits), waiting for a check, the status and header lines, typing over a line."""

from __future__ import annotations

from textual.widgets import TextArea

from pilot_helpers import plain
from tutor.buildtrack.exercises import find_exercise
from tutor.buildtrack.sandbox import Limits

SIZE = (80, 24)
E = "micrograd/engine.py"
STUB = '        raise NotImplementedError("exercise 1")'


def make_build_app(exercise=None, **options):
    """The build app with its file watcher and autosave timers off (tests call
    ``poll_disk`` and ``autosave`` themselves) and a check limit no slow machine meets."""
    from tutor.app.build import BuildApp

    options.setdefault("watch_seconds", None)
    options.setdefault("autosave_seconds", None)
    options.setdefault("limits", Limits(seconds=60))
    options.setdefault("ascii", False)
    return BuildApp(find_exercise(exercise) if exercise else None, **options)


async def settle(pilot):
    """Let a check that was started finish, and its result be shown."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def status(app) -> str:
    return plain(app.screen.query_one("#build-status").content)


def header(app) -> str:
    return plain(app.screen.query_one("#build-header").content)


async def type_over_line(pilot, editor: TextArea, line: int, text: str):
    """Select a whole line of the editor and type text over it, key by key."""
    editor.select_line(line)
    await pilot.press("backspace")
    for ch in text:
        await pilot.press({" ": "space"}.get(ch, ch))


def stub_line(editor: TextArea, nth: int = 1) -> int:
    lines = editor.text.split("\n")
    found = [i for i, line in enumerate(lines) if line == STUB]
    return found[nth - 1]
