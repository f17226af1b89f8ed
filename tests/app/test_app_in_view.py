"""The next step is always in view: after Enter, a new question and its answer box are on
screen, also when the machine is loaded and parts of the screen are drawn late; after a
resize, the learner's place and the latest feedback are still on screen."""

import subprocess
import sys
import time

import pytest

from pilot_helpers import make_app
from tutor.app.widgets.question import QuestionView


@pytest.fixture
def loaded_and_late(monkeypatch):
    """A loaded machine: a busy process competes with the app for the CPU, and narration
    (Markdown, which Textual parses in a worker thread) is laid out late, after the lesson
    screen has drawn the new step."""
    import markdown_it

    parse = markdown_it.MarkdownIt.parse

    def late_parse(self, *args, **kwargs):
        time.sleep(0.02)
        return parse(self, *args, **kwargs)

    monkeypatch.setattr(markdown_it.MarkdownIt, "parse", late_parse)
    busy = subprocess.Popen([sys.executable, "-c", "while 1: pass"])
    try:
        yield
    finally:
        busy.kill()
        busy.wait()


async def settle(app, pilot):
    """Wait until every narration on screen has its text laid out."""
    from tutor.app.widgets.steps import SayView

    for _ in range(200):
        await pilot.pause()
        if all(say.children for say in app.screen.query(SayView)):
            break
        await pilot.pause(0.01)
    await pilot.pause()


async def to_first_question(app, pilot):
    """Enter until the screen's lesson asks its first question."""
    while not app.screen.run.awaiting_answer:
        await pilot.press("enter")
        await settle(app, pilot)


def in_view(app, widget) -> bool:
    transcript = app.screen.query_one("#transcript")
    return transcript.region.contains_region(widget.region)


@pytest.mark.parametrize("lesson_id", ["intro", "graph", "tanh-backprop"])
async def test_each_question_and_its_answer_box_come_into_view_after_enter(loaded_and_late,
                                                                            lesson_id):
    app = make_app(lesson_id)
    hidden, questions = [], 0
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        while questions < 4 and not screen.run.finished:
            if screen.run.awaiting_answer:
                await pilot.press("ctrl+r")        # reveal; Enter then continues
                await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
            view = screen.view
            if isinstance(view, QuestionView) and view.input is not None:
                questions += 1
                prompt = view.query_one(".q-prompt")
                if not (in_view(app, prompt) and in_view(app, view.input)):
                    hidden.append(screen.run.index + 1)
    assert questions == 4
    assert hidden == [], f"{lesson_id}: question out of view at steps {hidden}"


async def test_after_resizes_the_question_and_its_feedback_stay_in_view():
    app = make_app("graph")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await to_first_question(app, pilot)
        await pilot.press(*"123", "enter")        # a wrong answer: feedback below the box
        await settle(app, pilot)
        view = screen.view
        feedback = view.query_one(".q-feedback")
        assert "You said 123" in str(feedback.content)
        for size in ((120, 40), (80, 24), (60, 18), (80, 24)):
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
            assert in_view(app, view.input), size
            assert in_view(app, feedback), size


async def test_typing_after_scrolling_up_to_reread_brings_the_answer_box_back():
    app = make_app("intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await to_first_question(app, pilot)
        await pilot.press("pageup", "pageup")
        await settle(app, pilot)
        assert not in_view(app, screen.view.input)            # the learner reads above
        await pilot.press("2")
        await settle(app, pilot)
        assert in_view(app, screen.view.input)


async def test_a_short_transcript_starts_at_the_top_with_no_blank_rows_above_it():
    app = make_app("tanh-backprop")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        transcript = app.screen.query_one("#transcript")
        first = transcript.children[0]
        assert transcript.scroll_y == 0
        assert first.region.y == transcript.region.y
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        assert transcript.scroll_y == 0 and first.region.y == transcript.region.y


async def test_a_question_right_after_code_taller_than_the_window_comes_into_view():
    # used-twice shows the lecture's first-draft Value (taller than 24 rows, so it is shown
    # from its top), then asks about it: the question and its answer box must come into
    # view, though the question's input is composed a refresh after the screen scrolls.
    app = make_app("used-twice")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await to_first_question(app, pilot)
        previous = screen.query_one("#transcript").children[-2]
        assert previous.outer_size.height > 24                # the tall code before it
        view = screen.view
        assert in_view(app, view.query_one(".q-prompt")) and in_view(app, view.input)


@pytest.mark.parametrize("where", ["practice", "graph"])
async def test_after_too_small_and_back_the_question_works_with_no_blank_rows(where):
    # A drill that fits the window: shrinking below the minimum and growing again left
    # blank rows above it and the next feedback below the window.
    app = make_app(None if where == "practice" else where)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        if where == "practice":
            await pilot.press("p")
            await settle(app, pilot)
        screen = app.screen
        await to_first_question(app, pilot)
        await pilot.resize_terminal(40, 12)
        await settle(app, pilot)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert app.screen is screen
        transcript = screen.query_one("#transcript")
        assert transcript.scroll_y >= 0
        if transcript.max_scroll_y == 0:                       # it fits: from the top
            assert transcript.children[0].region.y == transcript.region.y
        await pilot.press("9", "9", "9", "enter")              # wrong in any drill
        await settle(app, pilot)
        feedback = screen.view.query_one(".q-feedback")
        assert "You said 999" in str(feedback.content)
        assert in_view(app, feedback) and in_view(app, screen.view.input)
