"""Keys typed ahead, faster than screens appear: a double Enter on the course list,
Enter held down, Escape then Enter Enter.  Nothing may crash, and no lesson opens twice."""

from textual import events

from pilot_helpers import make_app
from tutor.app.screens.lesson import LessonScreen


def type_ahead(app, *keys: str) -> None:
    """Queue keys all at once, as a terminal delivers them in one read."""
    for key in keys:
        character = key if len(key) == 1 else "\r" if key == "enter" else None
        app.post_message(events.Key(key, character))


async def test_a_double_enter_on_the_course_list_opens_one_lesson():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        type_ahead(app, "enter", "enter", "enter")
        await pilot.pause()
        await pilot.pause(0.2)
        lessons = [s for s in app.screen_stack if isinstance(s, LessonScreen)]
        assert len(lessons) == 1 and app.screen is lessons[0]
        assert app.focused is not None


async def test_escape_then_enter_enter_does_not_run_ahead_of_the_lesson_screen():
    app = make_app("intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        type_ahead(app, "escape", "enter", "enter", "enter")
        await pilot.pause()
        await pilot.pause(0.2)
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.view is not None


async def test_opening_two_lessons_back_to_back():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("derivative")
        app.open_lesson("chain-rule")      # closes the first before it was ever drawn
        await pilot.pause()
        await pilot.pause(0.2)
        assert app.screen.run.lesson.id == "chain-rule"
        assert len(app.screen_stack) == 2


async def test_an_answer_typed_before_the_box_has_the_focus_is_not_lost():
    """A fast typist (or a slow link) types while the question is still being drawn,
    before the answer box takes the focus: the keys go into the box and Enter submits."""
    from lessons.steps import Question

    from pilot_helpers import save_at_type

    run = save_at_type("intro", Question)
    app = make_app("intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.view.input is not None
        screen.query_one("#transcript").focus()     # where the focus is before it moves
        await pilot.pause()
        assert not screen.view.input.has_focus
        wrong = "0" if run.step.kind != "choice" else str(len(run.step.choices))
        type_ahead(app, *wrong, "enter")
        await pilot.pause()
        await pilot.pause()
        assert screen.run.attempts == 1 or not screen.run.awaiting_answer
        assert screen.view.input is None or screen.view.input.has_focus


async def test_an_answer_typed_while_a_stray_enter_is_handled_stays_in_the_box():
    """Enter pressed once too often (the question came sooner than expected), then the
    real answer typed before the tutor handled that Enter: the empty try gets its word,
    and the answer typed meanwhile stays in the box for the next Enter (it was wiped:
    the served class's browser test met it on a loaded machine)."""
    from lessons.steps import AskChoice
    from textual.widgets import Input

    from pilot_helpers import save_at_type

    run = save_at_type("intro", AskChoice)
    wrong = str(next(i for i in range(1, len(run.step.choices) + 1)
                     if i - 1 != run.step.correct))
    app = make_app("intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        box = screen.view.input
        await pilot.pause()
        assert box.has_focus
        box.post_message(Input.Submitted(box, ""))   # the stray Enter, on its way
        box.value = wrong                            # the answer, typed meanwhile
        await pilot.pause()
        assert "Nothing typed" in str(screen.view.query_one(".q-feedback").render())
        assert box.value == wrong and screen.run.attempts == 0
        await pilot.press("enter")
        await pilot.pause()
        assert screen.run.attempts == 1
        assert f"You said {wrong}." in str(screen.view.query_one(".q-feedback").render())
        assert box.value == ""                       # the next try starts empty
