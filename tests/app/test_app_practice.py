"""Practice, the worksheet and the playground in the app, at 80x24: keys as a learner
presses them, what the screen then says."""

import time

from textual.widgets import Input, Static

from lessons.practice.schedule import DAY
from lessons.steps import Say
from pilot_helpers import make_app, plain, transcript_text, widget_text
from tutor.app.screens.home import HomeScreen
from tutor.app.screens.playground import PlaygroundScreen
from tutor.app.screens.practice import PracticeScreen
from tutor.app.screens.worksheet import WorksheetScreen
from tutor.app.tracks import TrackApp
from tutor.practice.store import DAYS_AHEAD_VARIABLE
from tutor.store import open_store
from tutor_helpers import right_text, wrong_text

SIZE = (80, 24)


def track_app(kind, focus=None, seed=1):
    return TrackApp(kind, focus=focus, seed=seed, frame_seconds=None, train_seconds=0.0,
                    ascii=False)


def header(app) -> str:
    return plain(app.screen.query_one("#lesson-header", Static).content)


async def answer(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause()


# --- the course list ----------------------------------------------------------------------

async def test_the_course_list_offers_practice_and_says_how_many_reviews_are_due(monkeypatch):
    from tutor.practice.store import PracticeStore
    from lessons.practice.schedule import Result, record_drill

    PracticeStore(open_store()).change(
        lambda s: record_drill(s, "plus", 1, 3, Result(False, attempts=3), time.time()))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = widget_text(app.screen, "#practice-line")
        assert "Enter: continue" in line and "p: practice" in line and "b: build" in line
        assert "review" not in line                     # nothing due yet: it was just now
    monkeypatch.setenv(DAYS_AHEAD_VARIABLE, "1")       # the next day
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "p: 1 review due" in widget_text(app.screen, "#practice-line")
        assert app.screen.query_one("#practice-line").size.height == 1   # not wrapped
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert "1 review due" in transcript_text(app)
        await pilot.press("enter")                      # past the welcome
        await pilot.pause()
        assert "(review)" in transcript_text(app) and header(app).startswith(
            "Practice: Routing at a plus node")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_w_and_g_open_the_worksheet_and_the_playground():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WorksheetScreen)
        await pilot.press("escape", "g")
        await pilot.pause()
        assert isinstance(app.screen, PlaygroundScreen)


# --- practice -----------------------------------------------------------------------------

async def test_a_drill_shows_statement_tree_and_question_together_and_grades_it():
    app = track_app("practice", focus="times", seed=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")                      # the welcome
        await pilot.pause()
        run = app.screen.run
        q = run.question
        text = transcript_text(app)
        assert "Drill 1: the multiply swap, level 1 of 3" in text
        assert "L = a*b" in text and f"? {q.prompt}" in text
        assert header(app).strip().endswith("level 1 of 3  0 of 3 in a row")
        assert app.focused is app.screen.query_one("#answer", Input)
        await answer(pilot, wrong_text(q))
        assert "2 more tries" in transcript_text(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Answer:" in transcript_text(app)


async def test_three_right_in_a_row_master_the_level_and_the_screen_says_so():
    app = track_app("practice", focus="plus", seed=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for k in range(3):
            await answer(pilot, right_text(app.screen.run.question))
            assert "Right!" in transcript_text(app)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen.run.step, Say)
        assert "Level 1 of routing at a plus node mastered" in transcript_text(app)
        assert "level 2 of 3" in header(app)


async def test_a_finished_practice_says_why_and_enter_goes_back():
    open_store().update_section("practice", lambda s: s.update(
        {"skills": {"sign": {"level": 3, "streak": 2, "seen": 9, "right": 9}}}))
    app = track_app("practice", focus="sign", seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, right_text(app.screen.run.question))
        await pilot.press("enter")                     # the news
        await pilot.pause()
        assert "The sign of a gradient, by eye mastered" in transcript_text(app)
        await pilot.press("enter")                     # the end of the session
        await pilot.pause()
        text = transcript_text(app)
        assert "Practice over. 1 of 1 drill right at once" in text
        assert "micrograd-tutor practice mixes all the skills" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


# --- the worksheet ------------------------------------------------------------------------

async def test_a_whole_worksheet_typed_into_the_tree():
    app = track_app("worksheet", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        sheet = screen.sheet
        first = sheet.current
        assert "<- now" in widget_text(screen, ".ws-tree")
        assert widget_text(screen, ".ws-label").strip() == f"{sheet.label()} ="
        await answer(pilot, "12345")
        assert "Try again, or reveal it." in widget_text(screen, ".ws-feedback")
        assert sheet.current is first
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Hint 1 of" in widget_text(screen, ".ws-feedback")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Here it is" in widget_text(screen, ".ws-feedback")
        while not sheet.finished:
            await answer(pilot, repr(sheet.grads[sheet.current]))
        result = widget_text(screen, ".ws-result")
        assert f"Done: {len(sheet.nodes) - 1} of {len(sheet.nodes)} grads right" in result
        assert "engine" in result and "revealed" in result
        assert "grad ?" not in widget_text(screen, ".ws-tree")
        await pilot.press("ctrl+n")                    # another one
        await pilot.pause()
        assert not screen.sheet.finished and screen.sheet is not sheet
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


# --- the playground -----------------------------------------------------------------------

async def test_the_playground_lines_predictions_nudges_and_the_backward_pass():
    app = track_app("playground")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        for line in ("a = 2", "b = -3", "L = a*b + 1"):
            await answer(pilot, line)
        assert "L = a*b+1   -5" in widget_text(screen, ".pg-tree")
        assert screen.selected == "a"                  # the first leaf is marked
        assert "a number predicts dL/da" in header(app)
        await answer(pilot, "3")
        assert "Not 3." in widget_text(screen, ".pg-reply")
        await answer(pilot, "-3")
        assert "Right: dL/da = -3." in widget_text(screen, ".pg-reply")
        await pilot.press("right", "right", "right")   # nudge a up by 0.01, three times
        await pilot.pause()
        assert "L moved by -0.09; the gradients predicted -0.09" in widget_text(
            screen, ".pg-reply")
        assert "moved -0.09, predicted -0.09" in widget_text(screen, ".pg-tree")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.pg.pushes == {}
        await pilot.press("down")                      # b
        await pilot.pause()
        assert screen.selected == "b"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.backward is not None
        await pilot.press("ctrl+n")                    # to the end of the pass
        await pilot.pause()
        assert screen.backward.finished
        assert "all 5 nodes have their grad" in widget_text(screen, ".bw-status")


async def test_arrows_edit_a_line_being_typed_and_nudge_only_an_empty_one():
    app = track_app("playground")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer(pilot, "a = 2")
        await answer(pilot, "b = a*a")
        await pilot.press(*"c = b", "left", "left", "x")
        await pilot.pause()
        assert app.screen.query_one("#line", Input).value == "c =x b"
        assert app.screen.pg.pushes == {}


async def test_a_refused_line_keeps_its_text_to_correct_it():
    app = track_app("playground")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer(pilot, "a = 2")
        await answer(pilot, "b = a.data")
        assert ".data is not allowed" in widget_text(app.screen, ".pg-reply")
        assert app.screen.query_one("#line", Input).value == "b = a.data"


async def test_a_line_typed_before_the_last_one_was_handled_is_kept():
    """A fast typist's next characters can reach the line before its Enter is handled:
    only the submitted text is taken away."""
    app = track_app("playground")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#line", Input)
        line.value = "a = 2b = a"                     # "a = 2", Enter, then "b = a" typed
        line.post_message(Input.Submitted(line, "a = 2"))
        await pilot.pause()
        assert [ln.name for ln in app.screen.pg.lines] == ["a"]
        assert line.value == "b = a"


async def test_at_60_columns_every_key_of_the_worksheet_and_playground_fits():
    from textual.widgets import Footer

    for kind in ("worksheet", "playground"):
        app = track_app(kind)
        async with app.run_test(size=(60, 18)) as pilot:
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            assert footer.compact and not footer.show_command_palette


async def test_b_on_the_course_list_hands_over_to_the_build_track():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "b: build" in widget_text(app.screen, "#practice-line")
        await pilot.press("b")
        await pilot.pause()
    assert app.return_value == "build"         # run_app then starts the build app


def test_run_app_starts_the_build_app_after_b(monkeypatch):
    import tutor.app.app as app_module
    import tutor.app.launch as launch

    started = []
    monkeypatch.setattr(app_module.TutorApp, "run", lambda self: "build")
    monkeypatch.setattr(launch, "run_build_app", lambda **kw: started.append(kw) or 0)
    assert launch.run_app() == 0
    assert started == [{"no_color": False, "back_to_course": False}]
