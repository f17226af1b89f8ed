"""Quit in the middle of a lesson and come back to the same step and score."""

import re

from lessons.steps import AskSign
from tutor.hints import hints_for
from pilot_helpers import make_app, transcript_text


async def test_quit_mid_question_and_resume_at_the_same_step():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.press("2", "0", "enter", "enter")        # right, then on to AskSign
        await pilot.pause()
        await pilot.press(*"down", "enter")                   # wrong: f goes up
        await pilot.pause()
        await pilot.press("ctrl+t")                           # and a hint
        await pilot.pause()
        before = (app.screen.run.index, app.screen.run.score)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")                            # the course list: continue
        await pilot.pause()
        run = again.screen.run
        assert (run.index, run.score) == before
        assert isinstance(run.step, AskSign)
        assert run.attempts == 1 and run.hints_left == len(hints_for(run.question)) - 1
        text = transcript_text(again)
        assert "Welcome back" in text
        assert re.search(r"Hint 1 of \d+: ", text)             # the hint, shown again
        assert "1 wrong try here before; 2 more tries" in text
        await pilot.press(*"up", "enter")
        await pilot.pause()
        assert "Right, on attempt 2." in transcript_text(again)


async def test_a_resumed_question_comes_back_with_the_code_it_asks_about():
    from pilot_helpers import save_at

    # used-twice asks what the first-draft closures give, right after showing their code
    save_at("used-twice", lambda step: getattr(step, "prompt", "").startswith("With this class"))
    app = make_app("used-twice")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = transcript_text(app)
        assert "Welcome back" in text
        assert "class Draft" in text
        assert "b = a + a; b.backward()" in text


async def test_quitting_gives_what_could_not_be_saved_the_stores_longer_wait(monkeypatch):
    """A busy class store made an answer wait in memory: ctrl+q's last save may wait
    QUIT_WAIT for it (the learner is leaving), not the 0.1 s of a retry meanwhile."""
    from tutor.store.store import QUIT_WAIT, Store

    waits = []
    monkeypatch.setattr(Store, "flush", lambda self, wait=None: waits.append(wait) or True)
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.save_all()                                         # on the way: no long wait
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert waits == [None, QUIT_WAIT]
