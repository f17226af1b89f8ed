"""Training live: the plot fills, a key stops it, reruns keep the old curve, regions."""

import random

from textual_plotext import PlotextPlot

from lessons.steps import Train
from pilot_helpers import make_app, plain, save_at_type, widget_text


async def wait_for_training(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


def plot_text(view, plot_id="#loss-plot") -> str:
    plot = view.query_one(plot_id, PlotextPlot)
    return plain(plot.render())


async def test_training_fills_the_loss_plot_and_the_stats():
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await wait_for_training(app, pilot)
        curve = view.current
        assert curve.state == "done" and len(curve.losses) == view.step.steps
        assert curve.losses[-1] < curve.losses[0]             # it learned something
        stats = widget_text(view, ".train-stats")
        assert f"step {view.step.steps}/{view.step.steps}" in stats
        assert "lr 0.01" in stats and "accuracy" in stats
        assert "run 1: lr 0.01" in plot_text(view)            # the curve's legend


async def test_ctrl_s_stops_training_and_keys_still_work_meanwhile():
    save_at_type("descent", Train)
    app = make_app("descent", train_pace=0.05)                # 20 steps take ~1 s
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        view = app.screen.view
        assert view.running
        await pilot.press("f1")                               # the UI answers while training
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.view is view
        await pilot.press("ctrl+s")
        await wait_for_training(app, pilot)
        assert view.current.state == "stopped"
        assert 0 < len(view.current.losses) < view.step.steps
        assert "stopped" in widget_text(view, ".train-stats")


async def test_reruns_change_the_learning_rate_and_zero_grad_and_keep_old_curves():
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await wait_for_training(app, pilot)
        await pilot.press("plus")
        await wait_for_training(app, pilot)
        await pilot.press("z")
        await wait_for_training(app, pilot)
        assert [c.lr_text for c in view.curves] == ["0.01", "0.02", "0.02"]
        assert [c.zero_grad for c in view.curves] == [True, True, False]
        assert all(c.state == "done" for c in view.curves)
        assert view.curves[1].losses[-1] < view.curves[0].losses[-1]   # faster at 2x
        legend = plot_text(view)
        assert "run 1: lr 0.01" in legend and "run 3: lr 0.02, no zero_grad" in legend
        assert "zero_grad OFF" in widget_text(view, ".train-stats")


async def test_enter_stops_a_run_and_moves_on():
    save_at_type("descent", Train)
    app = make_app("descent", train_pace=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        index = app.screen.run.index
        await pilot.press("enter")
        await wait_for_training(app, pilot)
        assert app.screen.run.index == index + 1


async def test_the_training_keys_go_once_the_lesson_moves_on():
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await wait_for_training(app, pilot)
        assert "Enter continues" in widget_text(view, ".train-keys")
        await pilot.press("enter")
        await wait_for_training(app, pilot)
        assert app.screen.view is not view
        keys = view.query_one(".train-keys")
        assert "rerun" not in plain(keys.content) and "Enter" not in plain(keys.content)
        assert not keys.display                                 # and no empty row for them
        assert "done" in widget_text(view, ".train-stats")       # what it did stays


async def test_after_a_resize_all_of_the_training_view_is_in_view_again():
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await wait_for_training(app, pilot)
        transcript = app.screen.query_one("#transcript")
        for size in ((120, 40), (60, 18), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            keys = view.query_one(".train-keys")
            assert transcript.region.contains_region(keys.region), size
            assert transcript.region.contains_region(view.query_one(".train-stats").region)


async def test_two_moons_regions_are_drawn_after_training(monkeypatch):
    from engine.data import make_moons
    from engine.nn import MLP
    from engine.train import max_margin_objective
    from lessons.course import Lesson
    from lessons.steps import Say
    from tutor.app.screens.lesson import LessonScreen
    from tutor.runner import LessonRun

    xs, ys = make_moons(30, rng=random.Random(3))

    def demo():
        yield Say("Two moons.")
        yield Train(lambda: MLP(2, [8, 1], activation="relu", rng=random.Random(1)), xs, ys,
                    steps=15, lr=0.5, objective=max_margin_objective(), show_regions=True)

    monkeypatch.setattr(Lesson, "script", lambda self: demo())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(LessonScreen(LessonRun(Lesson("moons", "Moons", "none", (24,)))))
        await pilot.pause()
        await pilot.press("enter")
        await wait_for_training(app, pilot)
        view = app.screen.view
        region = view.query_one("#region-plot", PlotextPlot)
        assert region.display
        drawn = plot_text(view, "#region-plot")
        assert "learned regions" in drawn
        assert "+" in drawn and "-" in drawn and "o" in drawn and "x" in drawn
        assert "model says +1" in widget_text(view, ".train-keys")
