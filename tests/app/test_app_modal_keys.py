"""Every key that opens or closes a screen, in every state where a screen is already open.

A second command palette used to crash the app (ctrl+p, F1, ctrl+p: Textual allows
one palette, and F1 had opened the help over it).  This table presses each such key
in each state, then ctrl+p from wherever that led, and checks that the app still runs with a
sane stack of screens: at most one palette and one help, the too-small notice only
on top, and never deeper than the course, a lesson, the help and the palette.
"""

import pytest
from textual.command import CommandPalette

from lessons.course import find_lesson
from lessons.steps import Train
from pilot_helpers import make_app
from tutor.app.screens.help import HelpScreen
from tutor.app.screens.home import HomeScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.too_small import TooSmallScreen
from tutor.runner import LessonRun

# the keys that open or close a screen (the monkey test presses all the others)
KEYS = ["ctrl+p", "f1", "question_mark", "escape", "enter", "ctrl+n"]


def walk(run: LessonRun, until=lambda run: run.finished) -> int:
    """Reveal and advance until ``until(run)``; how many steps it advanced."""
    made = 0
    while not until(run):
        if run.awaiting_answer:
            run.reveal()
        else:
            run.advance()
            made += 1
    return made


async def open_at(pilot, lesson_id: str, until) -> None:
    """Open the lesson at the first step where ``until(run)`` holds (saved, then resumed)."""
    run = LessonRun(find_lesson(lesson_id), pilot.app.progress)
    walk(run, until)
    run.save()
    pilot.app.open_lesson(lesson_id)
    await pilot.pause()


async def home(pilot):
    pass


async def question(pilot):
    await open_at(pilot, "derivative", lambda run: run.awaiting_answer)
    await pilot.press("2")                                   # an answer half typed


async def palette(pilot):
    await pilot.press("ctrl+p")


async def help_(pilot):
    await pilot.press("f1")


async def palette_over_help(pilot):
    await pilot.press("f1", "ctrl+p")


async def help_over_palette(pilot):
    await pilot.press("ctrl+p", "f1")


async def too_small(pilot):
    await pilot.resize_terminal(40, 12)


async def lesson_end(pilot):
    steps = walk(LessonRun(find_lesson("intro")))
    await open_at(pilot, "intro", lambda run: run.index == steps - 1 and not run.awaiting_answer)
    await pilot.press("ctrl+n")
    assert pilot.app.screen.run.finished


async def training_running(pilot):
    await open_at(pilot, "descent", lambda run: isinstance(run.step, Train))
    if not pilot.app.screen.view.running:    # back again: its earlier run is kept, stopped
        await pilot.press("r")
        await pilot.pause()
    assert pilot.app.screen.view.running                     # train_seconds: an hour a run


STATES = [home, question, palette, help_, palette_over_help, help_over_palette, too_small,
          lesson_end, training_running]


def assert_sane(app) -> None:
    stack = app.screen_stack
    kinds = [type(s).__name__ for s in stack]
    assert app.is_running and app._exception is None, kinds
    assert sum(isinstance(s, CommandPalette) for s in stack) <= 1, kinds
    assert sum(isinstance(s, HelpScreen) for s in stack) <= 1, kinds
    assert sum(isinstance(s, LessonScreen) for s in stack) <= 1, kinds
    assert all(not isinstance(s, TooSmallScreen) for s in stack[:-1]), kinds
    assert isinstance(stack[0], HomeScreen) and len(stack) <= 5, kinds


async def back_home(pilot) -> None:
    """Close everything but the course list, at 80 x 24."""
    app = pilot.app
    if app.size != (80, 24):
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
    while len(app.screen_stack) > 1:
        app.pop_screen()
        await pilot.pause()
    app.progress.reset()


@pytest.mark.parametrize("state", STATES, ids=lambda f: f.__name__.strip("_"))
async def test_every_screen_key_in_this_state_keeps_the_app_running(state):
    app = make_app(train_seconds=3600.0)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in KEYS:
            await back_home(pilot)
            await state(pilot)
            await pilot.pause()
            assert_sane(app)
            await pilot.press(key)
            assert_sane(app)
            await pilot.press("ctrl+p")                      # and the palette from there
            assert_sane(app)


async def test_ctrl_p_over_the_help_over_the_palette_goes_back_to_that_palette():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"deriv")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert [type(s) for s in app.screen_stack] == [HomeScreen, CommandPalette]
        assert app.screen.query_one("Input").value == "deriv"     # the search typed so far
        await pilot.press("f1")                                    # help over the palette
        await pilot.press("f1")                                    # and closed again
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_f1_over_the_palette_over_the_help_goes_back_to_that_help():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("f1")
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [HomeScreen, HelpScreen]


async def test_f1_closing_a_palette_that_is_still_searching_does_not_crash(monkeypatch):
    """Found by the monkey: F1 over a palette (itself over the help) closed the palette
    while its search ran, and the search went on into widgets that were gone.  Here the
    search ends exactly then: while the closing palette shuts its providers down, after
    its widgets were removed; the test waits until the search's worker has ended."""
    import asyncio

    from textual.worker import WorkerState

    from tutor.app.commands import LessonCommands

    searching, finish = asyncio.Event(), asyncio.Event()

    async def search_until_told(self, query):         # the test decides when it ends
        searching.set()
        await finish.wait()
        return
        yield

    async def shutdown(self):                         # the palette is being removed
        finish.set()
        for worker in list(app.workers):
            while worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
                await asyncio.sleep(0)

    monkeypatch.setattr(LessonCommands, "search", search_until_told)
    monkeypatch.setattr(LessonCommands, "shutdown", shutdown)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1", "ctrl+p", "d")
        await searching.wait()
        await pilot.press("f1")                       # F1 while the search is running
        await pilot.pause()
        assert finish.is_set()
        assert app.is_running and app._exception is None
        assert [type(s) for s in app.screen_stack] == [HomeScreen, HelpScreen]
