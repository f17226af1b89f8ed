"""The course list: status, scores, where Enter continues, damaged progress, palette."""

from textual.widgets import OptionList

from pilot_helpers import make_app, plain
from tutor.app.screens.home import HomeScreen
from tutor.store import open_store


def option_text(app, lesson_id: str) -> str:
    listing = app.screen.query_one("#lessons", OptionList)
    return plain(listing.get_option(lesson_id).prompt)


async def test_fresh_course_lists_every_lesson_and_starts_at_the_first():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        listing = app.screen.query_one("#lessons", OptionList)
        ids = [o.id for o in listing.options if o.id]
        assert ids[:3] == ["intro", "derivative", "several-inputs"]
        assert listing.get_option_at_index(listing.highlighted).id == "intro"
        assert option_text(app, "intro").startswith("[ ]")


async def test_status_score_and_enter_continues_where_the_learner_left_off():
    progress = open_store()
    progress.set_lesson_state("intro", {"step": 19, "outcomes": [], "finished": True,
                                        "score": [3, 4]})
    progress.set_lesson_state("derivative", {"step": 3, "outcomes": [
        {"correct": True, "attempts": 1, "revealed": False}], "finished": False,
        "score": [1, 1]})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert option_text(app, "intro").startswith("[x]")
        assert "3/4" in option_text(app, "intro")
        assert option_text(app, "derivative").startswith("[~]")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.run.lesson.id == "derivative"
        assert app.screen.run.index == 3        # resumed, not restarted


async def test_a_damaged_progress_file_is_reported_not_fatal(tutor_home):
    tutor_home.mkdir(parents=True)
    (tutor_home / "progress.json").write_text("{not json")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any("damaged" in m for m in messages)


async def test_command_palette_opens_a_lesson_by_name():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"chain rule")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.run.lesson.id == "chain-rule"


async def test_a_failing_save_is_reported_once_and_the_lesson_goes_on(monkeypatch):
    from store_helpers import failing_saves

    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        failing_saves(monkeypatch, "full")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.screen.run.index == 2
        errors = [n.message for n in app._notifications if "Could not save" in n.message]
        assert len(errors) == 1


async def test_help_keeps_the_cursor_and_a_lesson_moves_it_on():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        listing = app.screen.query_one("#lessons", OptionList)
        assert listing.get_option_at_index(listing.highlighted).id == "several-inputs"
        await pilot.press("up", "enter")                      # open "derivative"...
        await pilot.pause()
        await pilot.press("escape")                           # ...and come back
        await pilot.pause()
        assert listing.get_option_at_index(listing.highlighted).id == "derivative"
        assert option_text(app, "derivative").startswith("[~]")
