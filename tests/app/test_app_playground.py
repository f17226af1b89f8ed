"""The playground and the worksheet at 80x24: the help lists their own keys, Space and
Enter step the backward pass on an empty line, and the pass shows each node's chain rule
in view, as line mode does."""

from textual.widgets import Input

from pilot_helpers import make_app, widget_text
from tutor.app.screens.help import HelpScreen
from tutor.app.screens.playground import PlaygroundScreen
from tutor.app.tracks import TrackApp

SIZE = (80, 24)


def track_app(kind):
    return TrackApp(kind, seed=1, frame_seconds=None, train_seconds=0.0, ascii=False)


async def answer(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause()


async def typed(pilot, *lines) -> PlaygroundScreen:
    await pilot.pause()
    for line in lines:
        await answer(pilot, line)
    return pilot.app.screen


async def test_f1_over_the_playground_lists_the_playground_s_keys():
    app = track_app("playground")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")                      # before any graph: every key is there
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = widget_text(app.screen)
        for key, what in (("Up  /  Down", "mark another node"),
                          ("Left  /  Right", "nudge the marked leaf"),
                          ("ctrl+o", "undo the nudges"),
                          ("ctrl+r  or  F3", "the backward pass"),
                          ("Space  or  Enter", "the next node")):
            assert key in text and what in text, key
        assert "stop training" not in text and "a hint" not in text   # lesson-only keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlaygroundScreen)


async def test_f1_over_the_worksheet_lists_the_worksheet_s_keys():
    app = track_app("worksheet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = widget_text(app.screen)
        assert "a new worksheet" in text and "reveal this node's grad" in text
        assert "stop training" not in text


async def test_f1_on_the_course_list_names_every_track_key_with_b():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = widget_text(app.screen)
        assert "p  /  w  /  g  /  b" in text and "build micrograd yourself" in text


async def test_space_and_enter_on_an_empty_line_step_the_backward_pass():
    app = track_app("playground")
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed(pilot, "a = 2", "b = -3", "L = a*b + 1")
        line = screen.query_one("#line", Input)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.backward.shown == 0
        await pilot.press("space")
        await pilot.pause()
        assert screen.backward.shown == 1 and line.value == ""
        await pilot.press("enter")
        await pilot.pause()
        assert screen.backward.shown == 2
        await pilot.press("p", "space")              # on a line with text, Space is typed
        await pilot.pause()
        assert line.value == "p " and screen.backward.shown == 2


async def test_the_backward_pass_shows_each_node_s_chain_rule_in_view():
    app = track_app("playground")
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed(pilot, "a = 2", "b = -3", "L = a*b + 1")
        await pilot.press("ctrl+r")
        await pilot.pause()
        for _ in range(4):                           # L, the constant 1, a*b, b
            screen.backward.next_frame()
        await pilot.pause()
        frame = screen.query_one(".bw-frame")
        assert "dL/db = dL/d(a*b) * ∂(a*b)/∂b" in widget_text(screen, ".bw-frame")
        region = frame.region                        # on the screen, not off its side
        assert region.width > 0 and region.right <= SIZE[0] and region.y < SIZE[1]
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("up")                      # after the pass: a node's chain rule
        await pilot.pause()
        assert screen.selected == "a*b"
        assert "dL/d(a*b) = ∂L/∂(a*b)" in widget_text(screen, ".bw-frame")


async def test_the_constant_is_no_node_to_mark_or_predict():
    app = track_app("playground")
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed(pilot, "a = 2", "L = a*3 + 1")
        for _ in range(6):
            await pilot.press("down")
            await pilot.pause()
            assert screen.selected in ("L", "a*3", "a")
        await answer(pilot, "predict 1 5")
        assert "1 is a constant: no grad to predict" in widget_text(screen, ".pg-reply")


async def test_the_backward_pass_after_a_nudge_says_it_leaves_the_nudges_out():
    app = track_app("playground")
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed(pilot, "a = 2", "b = -3", "L = a*b + 1")
        await pilot.press("right")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "without your nudges (a +0.01" in widget_text(screen, ".pg-reply")
