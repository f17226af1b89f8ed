"""Helpers for the app's functional tests: a quiet, deterministic app, and ways
to put a learner's saved progress at a given step before the app starts.

The root conftest gives every test its own $MICROGRAD_TUTOR_HOME, so the
``open_store()`` made here and inside the app read and write the same file.
"""

from __future__ import annotations

import asyncio
import threading

from lessons.course import find_lesson
from tutor.store import open_store
from lessons.steps import Train
from tutor.runner import LessonRun


def make_app(lesson_id=None, **options):
    """The app as tests want it: no animation timer, no training pace, colour glyphs."""
    from tutor.app.app import TutorApp

    options.setdefault("frame_seconds", None)
    options.setdefault("train_seconds", 0.0)
    options.setdefault("ascii", False)
    return TutorApp(lesson_id, **options)


def save_at(lesson_id: str, stop) -> LessonRun:
    """Walk a lesson with the runner (revealing every answer) until stop(step) holds;
    save there, as if the learner had quit at that step."""
    run = LessonRun(find_lesson(lesson_id), open_store())
    while not run.finished and not stop(run.step):
        if run.awaiting_answer:
            run.reveal()
        else:
            run.advance()
    assert not run.finished, f"{lesson_id}: no step matched"
    run.save()
    return run


def save_at_type(lesson_id: str, step_type, nth: int = 1) -> LessonRun:
    """Save progress at the nth step of the given type."""
    seen = []

    def stop(step):
        if isinstance(step, step_type):
            seen.append(step)
            return len(seen) == nth
        return False

    return save_at(lesson_id, stop)


def plain(renderable, width: int = 200) -> str:
    """Any rich renderable or Textual Content as plain text."""
    from io import StringIO

    from rich.console import Console

    if isinstance(renderable, str):
        return renderable
    if hasattr(renderable, "plain"):
        return renderable.plain
    console = Console(file=StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()


def widget_text(root, selector: str = "*") -> str:
    """The text of every Static (and Markdown source) under root, in order, as the
    learner reads it (the blank that glues "f = 20" against line breaks is a space)."""
    from tutor.app.widgets.inline import GLUE

    return _widget_text(root, selector).replace(GLUE, " ")


def _widget_text(root, selector: str) -> str:
    from textual.widgets import Markdown, Static

    parts = []
    for widget in root.query(selector):
        if isinstance(widget, Static) and widget.display:
            parts.append(plain(widget.content))
        elif isinstance(widget, Markdown):
            parts.append(widget.source)
    return "\n".join(parts)


def transcript_text(app) -> str:
    """All text of the current lesson transcript, as the learner would read it."""
    return widget_text(app.screen.query_one("#transcript"))


class TrainingGate:
    """Training stepped by hand: a run's worker gets its next step only when the test
    lets it, so no test races the trainer (``gate = TrainingGate(monkeypatch)``).

    ``await gate.step(app, pilot, n)`` lets n steps through, waits until the worker
    has handled them and draws them; ``gate.open()`` lets every remaining step through
    (call it before the app ends, so no worker waits)."""

    def __init__(self, monkeypatch):
        self._allowed = threading.Semaphore(0)
        self._handled = threading.Semaphore(0)
        self._opened = False
        original = Train.start

        def start(step, lr=None, zero_grad=None):
            model, records = original(step, lr=lr, zero_grad=zero_grad)
            return model, self._gated(records)

        monkeypatch.setattr(Train, "start", start)

    def _gated(self, records):
        for record in records:
            if not self._opened and not self._allowed.acquire(timeout=20):
                raise RuntimeError("the test never let this training step through")
            yield record
            self._handled.release()         # the worker came back for more: it is done

    async def step(self, app, pilot, n: int = 1) -> None:
        for _ in range(n):
            self._allowed.release()
        for _ in range(n):
            if not await asyncio.to_thread(self._handled.acquire, True, 20):
                raise RuntimeError("the training worker did not take its step")
        app.screen.view.drain()
        await pilot.pause()

    def open(self) -> None:
        self._opened = True
        for _ in range(1000):
            self._allowed.release()

    def close(self) -> None:
        """Step by hand again (call once no run is going)."""
        self._opened = False
        for semaphore in (self._allowed, self._handled):
            while semaphore.acquire(blocking=False):
                pass
