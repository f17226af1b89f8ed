"""The app on a damaged-but-valid progress file: a one-line notice, the course list,
and the damaged lesson opens and goes on (these were OverflowError tracebacks)."""

import json

from pilot_helpers import make_app
from tutor.app.screens.home import HomeScreen
from tutor.app.screens.lesson import LessonScreen


def write_damaged(home) -> None:
    home.mkdir()
    text = json.dumps({"version": 1, "last": "derivative", "lessons": {
        "derivative": {"step": "INF", "outcomes": [], "score": ["INF", 1],
                       "question": {"attempts": -100, "hints_given": -5}},
        "intro": {"finished": True, "completed": True, "score": [1, "INF"], "best": [2, 2]},
        "[/bold]": {"step": 1},
    }})
    (home / "progress.json").write_text(text.replace('"INF"', "1e999"))


async def test_the_app_starts_on_a_damaged_file_and_the_lesson_goes_on(tutor_home):
    write_damaged(tutor_home)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        notices = [n.message for n in app._notifications]
        assert any("damaged entries" in n and "'derivative'" in n for n in notices)
        app.open_lesson("derivative")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("enter", "enter", "ctrl+t")
        assert app._exception is None and app.is_running
