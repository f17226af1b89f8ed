"""Training live: the plot fills, a key stops it, reruns keep the baseline, the demo's
regions grow while it learns, runs survive leaving the lesson, a guess before a rerun.

Where timing matters the trainer is stepped by hand (``TrainingGate``): no test races it.
"""

import gc
import random
from dataclasses import replace

import pytest
from textual_plotext import PlotextPlot

from lessons.steps import Say, Train
from pilot_helpers import TrainingGate, make_app, plain, save_at_type, widget_text
from tutor.app.widgets import training


async def wait_for_training(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def plot_text(view, plot_id="#loss-plot") -> str:
    plot = view.query_one(plot_id, PlotextPlot)
    return plain(plot.render())


def legend(view) -> str:
    return widget_text(view, ".train-legend")


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
        assert "run 1: lr 0.01 (lesson)" in legend(view)
        assert "run 1" not in plot_text(view)                 # no legend over the data


async def test_ctrl_s_stops_training_and_keys_still_work_meanwhile(monkeypatch):
    gate = TrainingGate(monkeypatch)
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await gate.step(app, pilot, 3)
        assert view.running and len(view.current.losses) == 3
        await pilot.press("f1")                               # the UI answers while training
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.view is view and view.running
        await pilot.press("ctrl+s")
        gate.open()
        await wait_for_training(app, pilot)
        assert view.current.state == "stopped"
        assert len(view.current.losses) == 3                  # not one step more
        assert "stopped" in widget_text(view, ".train-stats")


async def test_reruns_change_the_learning_rate_and_zero_grad_and_keep_the_baseline():
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
        assert [c.settings.describe(view.step) for c in view.curves] == [
            "lr 0.01", "lr 0.02", "lr 0.02, no zero_grad"]
        assert all(c.state == "done" for c in view.curves)
        assert view.curves[1].losses[-1] < view.curves[0].losses[-1]   # faster at 2x
        text = legend(view)
        assert "run 1: lr 0.01 (lesson)" in text and "run 3: lr 0.02, no zero_grad" in text
        assert "zero_grad OFF" in widget_text(view, ".train-stats")
        # the title is the lesson's; it says when the run shown has other settings
        assert "(run 3: lr 0.02, no zero_grad)" in widget_text(view, ".train-title")


async def test_a_rerun_with_the_same_settings_replaces_its_curve_and_the_baseline_stays():
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await wait_for_training(app, pilot)
        await pilot.press("r")                                # the same settings again
        await wait_for_training(app, pilot)
        assert [c.number for c in view.curves] == [1]
        assert legend(view).count("run 1") == 1
        await pilot.press("plus")
        await wait_for_training(app, pilot)
        await pilot.press("minus")                            # back to the lesson's lr
        await wait_for_training(app, pilot)
        assert [c.number for c in view.curves] == [1, 2]
        assert view.current is view.curves[0]
        for _ in range(4):                                    # 0.02 (there), 0.04 .. 0.16
            await pilot.press("plus")
            await wait_for_training(app, pilot)
        assert [c.settings.describe(view.step) for c in view.curves] == [
            "lr 0.01", "lr 0.04", "lr 0.08", "lr 0.16"]       # the oldest rerun went
        slots = [c.slot for c in view.curves]
        assert sorted(slots) == [0, 1, 2, 3]                  # four colours, four markers


def blow_up_lesson(monkeypatch, predict=False):
    """A lesson of one Train step on 30 two-moons points whose lr x2 reruns blow up."""
    from engine.data import make_moons
    from engine.nn import MLP
    from engine.train import max_margin_objective
    from lessons.course import Lesson
    from tutor.app.screens.lesson import LessonScreen
    from tutor.runner import LessonRun

    xs, ys = make_moons(30, rng=random.Random(3))

    def demo():
        yield Say("Two moons.")
        yield Train(lambda: MLP(2, [8, 1], activation="relu", rng=random.Random(1)), xs, ys,
                    steps=16, lr=0.5, objective=max_margin_objective(), show_regions=True,
                    predict_reruns=predict)

    monkeypatch.setattr(Lesson, "script", lambda self: demo())
    return lambda: LessonScreen(LessonRun(Lesson("moons", "Moons", "none", (24,))))


async def test_a_run_that_blows_up_keeps_its_legend_and_the_baseline_stays_readable(
        monkeypatch):
    from tutor.rerun import Settings

    screen = blow_up_lesson(monkeypatch)
    doubled = Settings.after_key

    def faster(self, key):           # + scales lr by 2**10: it overflows after a few reruns
        return doubled(self, key) if key != "+" else replace(self, lr_scale=self.lr_scale * 1024)

    monkeypatch.setattr(Settings, "after_key", faster)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(screen())
        await pilot.pause()
        await pilot.press("enter")
        await wait_for_training(app, pilot)
        view = app.screen.view
        baseline = plot_text(view)
        for _ in range(60):                                   # lr up until it overflows
            await pilot.press("plus")
            await wait_for_training(app, pilot)
            if view.current.blew_up_at is not None:
                break
        assert view.current.blew_up_at is not None
        text = legend(view)
        assert "run 1: lr 0.5 (lesson)" in text and "blew up at step" in text
        assert plot_text(view).count("▄") + plot_text(view).count("▀") > 0   # data still drawn
        assert baseline                                       # and the baseline is on the plot
        assert view.curves[0].state == "done"


async def test_the_demo_regions_are_drawn_while_it_trains_and_kept_on_a_rerun(monkeypatch):
    gate = TrainingGate(monkeypatch)
    screen = blow_up_lesson(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(screen())
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.view
        region = view.query_one("#region-plot", PlotextPlot)
        assert region.display and "after a few steps" in plot_text(view, "#region-plot")
        every = max(1, view.step.steps // training.REGION_UPDATES)
        await gate.step(app, pilot, every)
        assert view.running
        drawn = plot_text(view, "#region-plot")
        assert f"regions, run 1 step {every}" in drawn
        assert "+" in drawn and "-" in drawn and "o" in drawn and "x" in drawn
        assert "model says +1" in widget_text(view, ".train-keys")
        gate.open()
        await wait_for_training(app, pilot)
        assert f"run 1 step {view.step.steps}" in plot_text(view, "#region-plot")
        gate.close()                                          # step the rerun by hand again
        await pilot.press("z")
        await pilot.pause()
        assert view.running and "run 1 step" in plot_text(view, "#region-plot")   # kept
        await gate.step(app, pilot, every)
        assert f"run 2 step {every}" in plot_text(view, "#region-plot")
        gate.open()
        await wait_for_training(app, pilot)


async def test_runs_survive_leaving_the_lesson_and_coming_back(monkeypatch):
    gate = TrainingGate(monkeypatch)
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        gate.open()
        await wait_for_training(app, pilot)
        gate.close()
        await pilot.press("plus")
        await gate.step(app, pilot, 2)                        # leave while run 2 trains
        await pilot.press("escape")
        gate.open()
        await wait_for_training(app, pilot)
        await pilot.press("enter")                            # the course list: continue
        await pilot.pause()
        await pilot.pause()
        view = app.screen.view
        assert [c.number for c in view.curves] == [1, 2]
        assert view.curves[0].state == "done" and len(view.curves[0].losses) == 20
        assert view.curves[1].state == "stopped" and len(view.curves[1].losses) == 2
        assert not view.running                               # nothing restarted by itself
        assert "run 2: lr 0.02, stopped" in legend(view)


async def test_without_colour_each_run_has_its_own_marker(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await wait_for_training(app, pilot)
        await pilot.press("plus")
        await wait_for_training(app, pilot)
        drawn = plot_text(view)
        assert "*" in drawn and "#" in drawn                  # run 1 and run 2
        assert "** run 1" in legend(view) and "## run 2" in legend(view)


async def test_a_guess_before_a_rerun_is_asked_and_judged(monkeypatch):
    screen = blow_up_lesson(monkeypatch, predict=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(screen())
        await pilot.pause()
        await pilot.press("enter")
        await wait_for_training(app, pilot)
        view = app.screen.view
        await pilot.press("r")                                # the same settings again
        await pilot.pause()
        assert view.awaiting_guess and not view.running
        question = widget_text(view, ".train-question")
        assert "Next: lr 0.5." in question and "higher, lower or about the same" in question
        assert "h higher" in widget_text(view, ".train-keys")
        await pilot.press("enter")                            # Enter does not leave here
        await wait_for_training(app, pilot)
        assert app.screen.run.index == 1 and not view.awaiting_guess
        assert view.current.guess is None and view.current.state == "done"
        await pilot.press("r")
        await pilot.press("l")                                # lower: but it is the same run
        await wait_for_training(app, pilot)
        verdict = widget_text(view, ".train-question")
        assert "about the same as run 1's" in verdict and "You said lower: not this time" in verdict
        await pilot.press("r", "s")
        await wait_for_training(app, pilot)
        assert "You said about the same: right." in widget_text(view, ".train-question")


async def test_the_training_keys_go_once_the_lesson_moves_on():
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        await wait_for_training(app, pilot)
        await pilot.press("plus")
        await wait_for_training(app, pilot)
        assert "Enter continues" in widget_text(view, ".train-keys")
        await pilot.press("enter")
        await wait_for_training(app, pilot)
        assert app.screen.view is not view
        keys = widget_text(view, ".train-keys")
        assert "rerun" not in keys and "Enter" not in keys
        # what comes next in the lesson is about its own run: the view says which
        assert "The lesson goes on from run 1, its own settings" in keys
        assert "done" in widget_text(view, ".train-stats")     # what it did stays


async def test_enter_stops_a_run_and_moves_on(monkeypatch):
    gate = TrainingGate(monkeypatch)
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await gate.step(app, pilot, 1)
        index = app.screen.run.index
        await pilot.press("enter")
        gate.open()
        await wait_for_training(app, pilot)
        assert app.screen.run.index == index + 1


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


def test_the_pace_is_a_minimum_not_added_to_the_compute_time():
    # 20 steps of a 1 s run: 0.05 s each at least.  A step that took 0.2 s to compute
    # gets no extra wait, and the next ones are not delayed to make up for it either.
    per_step = 0.05
    assert training.pace_wait(10.0, 1, per_step, now=10.01) == pytest.approx(0.04)
    assert training.pace_wait(10.0, 2, per_step, now=10.2) == 0.0
    assert training.pace_wait(10.0, 4, per_step, now=10.21) == 0.0
    assert training.pace_wait(10.0, 8, per_step, now=10.3) == pytest.approx(0.1)


async def test_the_cycle_collector_is_off_while_a_run_computes(monkeypatch):
    seen = []
    original = Train.start

    def start(step, lr=None, zero_grad=None):
        model, records = original(step, lr=lr, zero_grad=zero_grad)

        def watched():
            for record in records:
                seen.append(gc.isenabled())
                yield record
        return model, watched()

    monkeypatch.setattr(Train, "start", start)
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await wait_for_training(app, pilot)
        assert seen and not any(seen)
    assert gc.isenabled()


async def test_a_rerun_stopped_early_gives_the_finished_baseline_its_place_back(monkeypatch):
    gate = TrainingGate(monkeypatch)
    save_at_type("descent", Train)
    app = make_app("descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        gate.open()
        await wait_for_training(app, pilot)
        baseline = view.curves[0]
        gate.close()
        await pilot.press("r")                                # the same settings again
        await gate.step(app, pilot, 3)
        await pilot.press("ctrl+s")
        gate.open()
        await wait_for_training(app, pilot)
        assert view.curves == [baseline] and view.current is baseline
        assert baseline.state == "done" and len(baseline.losses) == 20
        assert "stopped" not in legend(view)
