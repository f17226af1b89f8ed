"""The answer box against hostile text: an endless paste, and control characters."""

from textual import events
from textual.widgets import Input

from lessons.steps import Question
from pilot_helpers import make_app, save_at_type, transcript_text
from tutor.grading import MAX_ANSWER_CHARS


async def open_question(pilot) -> Input:
    await pilot.pause()
    answer = pilot.app.screen.query_one("#answer", Input)
    assert answer.has_focus
    return answer


async def paste(pilot, answer: Input, text: str) -> None:
    answer.post_message(events.Paste(text))
    await pilot.pause()


async def test_a_paste_longer_than_any_answer_is_refused_with_a_word():
    save_at_type("derivative", Question)
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        answer = await open_question(pilot)
        await paste(pilot, answer, "1" * 100_000 + "x")
        assert answer.value == ""                         # not cut to a different number
        assert f"at most {MAX_ANSWER_CHARS} characters" in transcript_text(app)
        await paste(pilot, answer, "20")                  # and the box still works
        await pilot.press("enter")
        assert "Right" in transcript_text(app)
        assert app.screen.run.attempts == 1


async def test_typing_past_the_limit_says_why_the_key_did_nothing():
    save_at_type("derivative", Question)
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        answer = await open_question(pilot)
        answer.value = "1" * MAX_ANSWER_CHARS
        await pilot.press("2")
        assert answer.value == "1" * MAX_ANSWER_CHARS
        assert f"at most {MAX_ANSWER_CHARS} characters" in transcript_text(app)


async def test_pasted_control_characters_are_shown_not_sent_to_the_terminal():
    save_at_type("derivative", Question)
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        answer = await open_question(pilot)
        await paste(pilot, answer, "2\x1b[2J\x1b]0;owned\x070")
        assert "\x1b" not in answer.value and "\\x1b[2J" in answer.value
        await pilot.press("enter")
        text = transcript_text(app)
        assert "\x1b" not in text and "\x07" not in text
        assert "\\x1b[2J" in text                          # what was pasted, made visible
