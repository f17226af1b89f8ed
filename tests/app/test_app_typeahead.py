"""Keys typed ahead, faster than screens appear: a double Enter on the course list,
Enter held down, Escape then Enter Enter.  Nothing may crash, and no lesson opens twice."""

from textual import events

from pilot_helpers import make_app
from tutor.app.screens.lesson import LessonScreen


def type_ahead(app, *keys: str) -> None:
    """Queue keys all at once, as a terminal delivers them in one read."""
    for key in keys:
        app.post_message(events.Key(key, "\r" if key == "enter" else None))


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
