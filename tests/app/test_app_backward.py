"""The backward pass, node by node: by key, by timer, and skipped to the end."""

from lessons.steps import RevealBackward, Show
from pilot_helpers import make_app, save_at_type, widget_text
from tutor.app.widgets.backward import BackwardView


def tree_and_frame(view) -> tuple[str, str]:
    return widget_text(view, ".bw-tree"), widget_text(view, ".bw-frame")


async def test_frames_fill_in_one_grad_at_a_time_in_reverse_topological_order():
    save_at_type("chain-rule", RevealBackward)
    app = make_app("chain-rule")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        assert isinstance(view, BackwardView)
        tree, _ = tree_and_frame(view)
        assert "grad ?" in tree and "grad 1" not in tree     # nothing revealed yet

        await pilot.press("space")
        await pilot.pause()
        tree, frame = tree_and_frame(view)
        assert "L = d*f   -8   grad 1  <- now" in tree        # the output comes first
        assert "dL/dL = 1" in frame

        await pilot.press("enter", "enter")                   # Enter: next node too
        await pilot.pause()
        tree, frame = tree_and_frame(view)
        assert view.shown == 3
        assert "d = e+c   4   grad -2  <- now" in tree
        assert "dL/dd = ∂L/∂d" in frame and "= -2" in frame     # the local step at L
        await pilot.press("enter", "enter")
        await pilot.pause()
        tree, frame = tree_and_frame(view)
        assert "dL/de = dL/dd * ∂d/∂e" in frame and "= (-2) * 1" in frame   # upstream x local
        order = [f.node for f in view.frames]
        assert order[0] is view.root and not order[-1]._prev   # output first, a leaf last


async def test_ctrl_n_skips_to_the_end_then_moves_on():
    save_at_type("chain-rule", RevealBackward)
    app = make_app("chain-rule")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert view.finished
        tree, _ = tree_and_frame(view)
        assert "grad ?" not in tree and "<- now" not in tree
        assert "a   2   grad 6" in tree and "b   -3   grad -4" in tree
        assert "done: all 7 nodes" in widget_text(view, ".bw-status")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen.run.step, Show)


async def test_the_timer_plays_the_animation_to_its_end():
    save_at_type("chain-rule", RevealBackward)
    app = make_app("chain-rule", frame_seconds=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        for _ in range(100):
            if view.finished:
                break
            await pilot.pause(0.02)
        assert view.finished and view.shown == len(view.frames) == 7


async def test_where_paths_meet_the_contributions_are_summed():
    save_at_type("used-twice", RevealBackward)
    app = make_app("used-twice")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.screen.view
        shared = [f for f in view.frames if len(f.terms) > 1]
        assert shared, "this lesson's graph has a node used twice"
        for _ in range(view.frames.index(shared[0]) + 1):
            await pilot.press("space")
        await pilot.pause()
        _, frame = tree_and_frame(view)
        assert "the contributions of its uses add up" in frame


def on_screen(app, widget) -> bool:
    """The widget is inside the transcript's visible window."""
    transcript = app.screen.query_one("#transcript")
    region = widget.region
    return bool(region.area) and transcript.region.contains_region(region)


async def test_a_graph_taller_than_the_window_keeps_the_frame_and_status_in_view():
    save_at_type("tanh-backprop", RevealBackward)
    app = make_app("tanh-backprop")
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.pause()
        view = app.screen.view
        transcript = app.screen.query_one("#transcript")
        for keys in (("space",), ("space", "space"), ("ctrl+n",)):
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.pause()
            assert on_screen(app, view.query_one(".bw-status"))
            assert on_screen(app, view.query_one(".bw-frame"))
        assert view.outer_size.height > transcript.size.height      # the point of the test
        assert "Enter continues" in widget_text(view, ".bw-status")


async def test_once_the_lesson_moves_on_the_old_pass_no_longer_offers_its_keys():
    save_at_type("chain-rule", RevealBackward)
    app = make_app("chain-rule")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.view is not view
        status = widget_text(view, ".bw-status")
        assert "done: all 7 nodes" in status and "Enter" not in status


async def test_the_animation_waits_while_the_terminal_is_too_small_and_goes_on_after():
    save_at_type("chain-rule", RevealBackward)
    app = make_app("chain-rule", frame_seconds=30)           # a timer that never fires here
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await pilot.press("space")
        await pilot.pause()
        assert view.playing and view.shown == 1
        await pilot.resize_terminal(40, 12)                    # the too-small notice
        await pilot.pause()
        assert not view.playing
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.playing and view.shown == 1                # where it was
        await pilot.press("f1")                                # help covers it too
        await pilot.pause()
        assert not view.playing
        await pilot.press("f1")
        await pilot.pause()
        assert view.playing
