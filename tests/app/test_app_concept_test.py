"""The pre/post test full screen at 80x24: the course list offers it, one question at a time,
no feedback, unreadable answers free, Escape keeps every answer, the results at the end."""

from textual import events
from textual.widgets import Static

from lessons.course import all_lessons
from pilot_helpers import make_app, plain, widget_text
from tutor.app.screens.concept_test import ConceptTestScreen
from tutor.app.screens.home import HomeScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.app.tracks import TrackApp
from tutor.concepttest.items import ITEMS
from tutor.concepttest.session import TestRun
from tutor.store import open_store
from tutor_helpers import right_text, wrong_text

SIZE = (80, 24)


def offer(app) -> str:
    found = app.screen.query_one("#test-offer", Static)
    return plain(found.content) if found.display else ""


def header(app) -> str:
    return plain(app.screen.query_one("#lesson-header", Static).content)


def page(app) -> str:
    return widget_text(app.screen.query_one("#transcript"))


async def answer(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_the_course_list_offers_the_pretest_and_the_test_gives_no_feedback():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert offer(app).startswith("t: the pretest first, 20 questions")
        assert "Enter skips it" in offer(app)
        assert app.screen.query_one("#test-offer").size.height == 1      # not wrapped
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ConceptTestScreen)
        assert "No feedback and no hints" in page(app)
        assert header(app).startswith("Pretest") and "question 1 of 20" in header(app)
        await pilot.press("enter")
        await pilot.pause()
        run = app.screen.run
        first = run.problem()
        assert first.source.splitlines()[0] in page(app)
        assert first.question.prompt.split(":")[0] in page(app).replace("\n", " ")
        await answer(pilot, "banana")
        assert "not a direction I know" in page(app)
        assert "does not use up your try" in page(app)
        assert "question 1 of 20" in header(app) and open_store().events() == []
        await answer(pilot, right_text(first.question))
        assert "question 2 of 20" in header(app)
        for feedback in ("Right", "Not quite", "Answer:", "Hint"):
            assert feedback not in page(app), feedback
        second = run.problem()
        await answer(pilot, wrong_text(second.question))
        assert "question 3 of 20" in header(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert offer(app).startswith("t: go on with the pretest (2 of 20 answered)")
        saved = [(e["item"], e["correct"]) for e in open_store().events()]
        assert saved == [(f"sign-1/{run.form}", True), (f"sign-2/{run.form}", False)]
        await pilot.press("t")
        await pilot.pause()
        assert "You have answered 2 of 20; on you go." in page(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "question 3 of 20" in header(app)
        assert run.problem(ITEMS[2]).source.splitlines()[0] in page(app)


async def test_enter_skips_the_offer_and_a_lesson_begun_ends_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and offer(app) == ""
        await pilot.press("t")                          # not offered: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_whole_test_ends_with_the_learners_table():
    app = TrackApp("pretest", frame_seconds=None, train_seconds=0.0, ascii=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        run = app.screen.run
        while not run.done:
            await answer(pilot, right_text(run.problem().question)
                         if run.current.skill == "tanh" else "skip")
        text = page(app)
        assert "Pretest done, and saved." in text
        assert "tanh" in text and "2/2 (100%)" in text and "2/20 (10%)" in text
        assert "done" in header(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and offer(app) == ""


async def test_after_the_last_lesson_the_course_list_offers_the_posttest():
    last = all_lessons()[-1].id
    open_store().set_lesson_state(last, {"step": 30, "outcomes": [], "question": None,
                                         "finished": True, "score": [3, 4]})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert offer(app).startswith("t: the posttest, 20 questions")
        await pilot.press("t")
        await pilot.pause()
        assert header(app).startswith("Posttest")
        assert "to measure what the course taught you" in page(app)


async def test_a_tall_question_shows_its_prompt_and_pgup_reaches_its_top():
    store = open_store()
    run = TestRun(store, "pre")
    while run.current.id != "neuron-2":                 # the tallest: a neuron through tanh
        run.answer("skip")
    app = TrackApp("pretest", frame_seconds=None, train_seconds=0.0, ascii=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        transcript = app.screen.query_one("#transcript")
        assert transcript.max_scroll_y > 0                       # taller than the window
        assert transcript.scroll_y == transcript.max_scroll_y    # its end, the prompt, shown
        assert app.focused is app.screen.query_one("#answer")
        await pilot.press("pageup", "pageup", "pageup")
        await pilot.pause()
        assert transcript.scroll_y == 0
        assert app.focused is app.screen.query_one("#answer")   # typing goes on


async def test_an_answer_typed_ahead_of_the_next_question_stays_for_it():
    app = TrackApp("pretest", frame_seconds=None, train_seconds=0.0, ascii=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        box = app.screen.query_one("#answer")
        box.value = "skip"
        # Enter, then the next answer's letters, in the box's own order of keys (as a
        # terminal delivers a fast typist's keys): Enter empties the box at once
        await box._on_key(events.Key("enter", "\r"))
        for ch in "+":
            box.insert_text_at_cursor(ch)
        await pilot.pause()
        assert app.screen.run.number == 2 and box.value == "+"
        await pilot.press("enter")
        await pilot.pause()
        assert [e["answer"] for e in open_store().events()] == ["skip", "+"]
