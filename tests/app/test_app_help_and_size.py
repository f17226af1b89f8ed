"""Help (F1, ?), the too-small notice and its recovery, and colour options."""

from textual.widgets import Input

from pilot_helpers import make_app, widget_text
from tutor.app.screens.help import HelpScreen
from tutor.app.screens.home import HomeScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.app.screens.too_small import TooSmallScreen


async def test_f1_and_question_mark_open_help_with_keys_and_glossary():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = widget_text(app.screen)
        assert "ctrl+t" in text and "ctrl+r" in text and "Escape" in text
        assert "chain rule" in text and "zero_grad" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")                               # F1 again closes it
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_f1_works_while_typing_an_answer_and_keeps_it():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.press("2", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.query_one("#answer", Input).value == "2"


async def test_too_small_terminal_shows_a_notice_and_recovers():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = widget_text(app.screen)
        assert "need 60 x 18, have 40 x 12" in text
        await pilot.resize_terminal(59, 30)
        await pilot.pause()
        assert "have 59 x 30" in widget_text(app.screen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)           # back where the learner was


async def test_starting_in_a_tiny_terminal_does_not_crash():
    app = make_app("chain-rule")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("enter", "ctrl+n", "f1", "escape", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(60, 18)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_no_color_gives_monochrome():
    import os

    app = make_app(no_color=True)
    assert "NO_COLOR" not in os.environ                       # not leaked to later apps
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
        assert any(type(f).__name__ in ("Monochrome", "NoColor") for f in app._filters)


async def test_ascii_glyphs_for_consoles_without_block_characters(monkeypatch):
    from tutor.app.terminal import ascii_only

    assert ascii_only({"TERM": "linux"}) and not ascii_only({"TERM": "xterm-256color"})
    assert ascii_only({"TERM": "xterm", "MICROGRAD_TUTOR_ASCII": "1"})
    app = make_app(ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.glyphs.line_marker == "*"
        assert app.has_class("-ascii")


EIGHTH_BLOCKS = set("▁▂▃▄▅▆▇▉▊▋▌▍▎▏")


async def test_scrollbars_on_ascii_consoles_use_no_eighth_blocks():
    """The course list scrolls at 80x24: its scrollbar thumb is drawn with partial
    blocks in a normal terminal, with whole cells where the font lacks them."""
    # ascii first: a later app in the same process must still get its smooth scrollbars
    for ascii, blocks_expected in ((True, False), (False, True)):
        app = make_app(ascii=ascii)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            listing = app.screen.query_one("#lessons")
            listing.scroll_to(y=3, animate=False)        # a thumb that starts mid-cell
            await pilot.pause()
            screen = app.export_screenshot()
            assert bool(EIGHTH_BLOCKS & set(screen)) is blocks_expected, ascii


def assert_footer_keys_whole(app, *expected: str) -> None:
    footer = app.screen.query_one("Footer")
    keys = sorted(footer.query("FooterKey"), key=lambda k: k.region.x)
    assert {k.description for k in keys} >= set(expected)
    for key, right_of_it in zip(keys, keys[1:]):        # a palette key would be docked right:
        assert key.region.right <= right_of_it.region.x, key.description   # no overlap
    assert keys[-1].region.right <= footer.region.right


async def test_at_60_columns_the_lesson_footer_shows_every_key_whole():
    app = make_app("derivative")
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.press("enter", "enter")                  # a question
        await pilot.pause()
        assert_footer_keys_whole(app, "Hint", "Reveal", "Help")
        screen = app.screen
        while not screen.run.finished:                       # the lesson's end: the most keys
            await pilot.press("ctrl+r" if screen.run.awaiting_answer else "ctrl+n")
            await pilot.pause()
        await pilot.pause()
        assert_footer_keys_whole(app, "Next lesson", "Course", "Help")


def test_emphasis_in_a_hint_or_feedback_shows_as_italics_not_asterisks():
    """Lesson hints and feedback are one-line texts with a little Markdown: *x* is italic."""
    from tutor.app.widgets.inline import inline

    text = inline("the *other* factor, not \\* or `a * b`", glued=False)
    assert text.plain == "the other factor, not * or a * b"
    assert any("italic" in str(span.style) for span in text.spans)


async def test_on_an_ascii_console_the_notation_is_spelled_in_ascii():
    """The Linux console's font has no ∂: feedback, explanations and narration say D."""
    from pilot_helpers import save_at

    save_at("chain-rule", lambda step: getattr(step, "prompt", "").startswith("What is dL/dc"))
    app = make_app("chain-rule", ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"-1", "enter")             # half of d.grad: the split misconception
        await pilot.pause()
        text = widget_text(app.screen.view)
        assert "dL/dc = dL/dd * Dd/Dc" in text and "\u2202" not in text
