"""Training, live: the loss curve grows while a small network learns.

Training runs in a thread worker.  The worker only computes: it puts each
``engine.train.Step`` (and, for the two-moons demo, the decision regions every few
steps) into the run's ``Curve`` and pokes the view at most about ten times a second;
the view draws what has arrived.  A whole run takes at least ``min_seconds``, so a
short run is seen growing, and the cycle collector is kept out of the loop (the
engine makes no reference cycles; sweeping Textual's heap cost more than the math).

The learner can stop a run and rerun it with twice or half the learning rate, with
zero_grad switched off or on, or as it was (keys ``+ - z r``).  The first run stays
on the plot as the baseline, a rerun with the same settings replaces its earlier
curve, and the legend sits under the plot, where it covers nothing.  When the lesson
asks (``Train(predict_reruns=True)``), the learner first predicts whether the
rerun's final loss will be higher, lower or about the same.  The runs live in a
``TrainingRuns`` the app keeps, so they survive leaving the lesson.

textual_plotext (and plotext) are imported here only, when a training step is
first shown.
"""

from __future__ import annotations

import gc
import math
import threading
import time
from contextlib import contextmanager

from rich.columns import Columns
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from tutor.app.training_runs import Curve, TrainingRuns
from tutor.app.widgets.regions import draw_regions, region_grid
from tutor.app.widgets.training_text import TrainingText
from tutor.rerun import Settings

REDRAW_SECONDS = 0.1            # at most ~10 plot redraws a second
REGION_UPDATES = 8              # the demo's regions are redrawn about this often per run
PLOT_COLORS = ("cyan", "magenta", "orange", "green")                # plotext's names


def _ticks(last: int, most: int = 6) -> list[int]:
    """Whole-number ticks 0..last, about ``most`` of them."""
    step = max(1, -(-last // (most - 1)))
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if nice >= step:
            step = nice
            break
    return list(range(0, last + 1, step))


@contextmanager
def collector_paused():
    """No cyclic garbage collection while a run computes (it was 1.3-2 s of the demo's
    3-4 s: each sweep walked Textual's whole heap).  Put back as it was afterwards; an
    overlapping run that found it off leaves it to the one that turned it off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def pace_wait(started: float, done_steps: int, per_step: float, now: float) -> float:
    """Seconds to wait so that ``done_steps`` steps take at least ``done_steps * per_step``
    from ``started``: a minimum pace, never added on top of the time computing took."""
    return max(0.0, started + done_steps * per_step - now)


class TrainingView(Vertical):
    """One ``Train`` step: title, stats, loss plot (and the demo's regions), legend, keys."""

    class Changed(Message):
        """A run started or ended, or a guess is awaited: the screen updates its keys."""

    class _Arrived(Message):
        """From the training thread: new records or regions are in a curve."""

    class _Ended(Message):
        """From the training thread: a run ended."""

        def __init__(self, curve: Curve, stopped: bool, failure: str = ""):
            super().__init__()
            self.curve, self.stopped, self.failure = curve, stopped, failure

    def __init__(self, step, glyphs, runs: TrainingRuns | None = None,
                 min_seconds: float = 1.0):
        super().__init__(classes="step training")
        self.step = step
        self.glyphs = glyphs
        self.runs = runs if runs is not None else TrainingRuns(Settings.of(step))
        self.min_seconds = min_seconds
        self._stop = threading.Event()
        self._retired = False
        self._grid_size = (30, 12)      # cols x rows of the regions; set on resize
        self._regions_drawn = None      # which grid the region plot shows

    def compose(self) -> ComposeResult:
        yield Static(classes="train-title")
        yield Static(classes="train-stats")
        with Horizontal(classes="train-plots"):
            yield PlotextPlot(id="loss-plot")
            if self.step.show_regions:
                yield PlotextPlot(id="region-plot")
        yield Static(classes="train-legend")
        yield Static(classes="train-question")
        yield Static(classes="train-keys")

    def _match_theme(self, _theme=None) -> None:
        """Plot colours from the app theme; with an ANSI theme (16-colour terminals) the
        terminal's own default colours, since textual-plotext would draw black on black."""
        plot_theme = "pro" if self.app.current_theme.ansi else "auto"
        for plot in self.query(PlotextPlot):
            plot.theme = plot_theme

    def on_mount(self) -> None:
        self.text = TrainingText(self.runs, self.step, self.glyphs, self.no_color)
        self._match_theme()
        self.app.theme_changed_signal.subscribe(self, self._match_theme)
        if self.runs.curves:             # back in the lesson: the runs made before
            self._draw_all()
        else:
            self.start(self.runs.lesson_settings)

    def on_unmount(self) -> None:
        self._stop.set()
        self.runs.stop_all()

    # --- state -------------------------------------------------------------

    @property
    def curves(self) -> list[Curve]:
        return self.runs.curves

    @property
    def current(self) -> Curve | None:
        return self.runs.current

    @property
    def running(self) -> bool:
        return self.current is not None and self.current.state == "running"

    @property
    def awaiting_guess(self) -> bool:
        return self.runs.pending is not None and not self._retired

    @property
    def no_color(self) -> bool:
        return bool(getattr(self.app, "no_color", False))

    # --- commands (from the lesson screen's keys) ---------------------------

    def start(self, settings: Settings, guess: str | None = None) -> None:
        """Train from a fresh model with these settings."""
        self._stop.set()                      # an older run stops at its next step
        self._stop = threading.Event()
        against = self.runs.last_finished()
        curve = self.runs.new_run(settings)
        if guess is not None and against is not None:
            curve.guess, curve.against = guess, (against.name, against.final_loss)
        self._draw_all()
        self._train(curve, settings.lr(self.step), settings.zero_grad, self._stop)
        self.post_message(self.Changed())

    def stop(self) -> None:
        self._stop.set()

    def rerun(self, key: str) -> None:
        """A rerun key (+ - z r): start at once, or first ask for a guess if the lesson
        wants one and there is a finished run to compare with."""
        base = self.runs.pending or self.runs.settings
        settings = base.after_key(key)
        if self.step.predict_reruns and self.runs.last_finished() is not None:
            self.stop()
            self.runs.pending = settings
            self._draw_stats()
            self.post_message(self.Changed())
        else:
            self.start(settings)

    def guess(self, word: str | None) -> None:
        """The learner's prediction for the pending rerun (None: run it without one)."""
        if self.runs.pending is not None:
            self.start(self.runs.pending, guess=word)

    # --- the worker ----------------------------------------------------------

    @work(thread=True, exclusive=True, group="training")
    def _train(self, curve: Curve, lr, zero_grad: bool, stop: threading.Event) -> None:
        worker = get_current_worker()

        def halted() -> bool:
            return stop.is_set() or worker.is_cancelled

        steps = self.step.steps
        every = max(1, steps // REGION_UPDATES)
        per_step = self.min_seconds / max(1, steps)
        failure = ""
        done = 0
        with collector_paused():
            model, records = self.step.start(lr=lr, zero_grad=zero_grad)
            curve.model = model
            started = last_poke = time.monotonic()
            try:
                for record in records:
                    if halted():
                        break
                    done += 1
                    regions = None
                    if self.step.show_regions and done % every == 0 and done < steps:
                        regions = self._regions(model)
                    curve.put(record, regions, done)
                    now = time.monotonic()
                    if regions is not None or now - last_poke >= REDRAW_SECONDS:
                        self.post_message(self._Arrived())
                        last_poke = now
                    if per_step:
                        stop.wait(pace_wait(started, done, per_step, time.monotonic()))
                if self.step.show_regions and done and not worker.is_cancelled:
                    curve.put(None, self._regions(model), done)
            except (ArithmeticError, ValueError) as e:    # numbers too big for a float
                failure = f"{type(e).__name__} at step {done}"
        self.post_message(self._Ended(curve, halted(), failure))

    def _regions(self, model):
        """The model's decision regions.  Runs in the training thread, between steps."""
        cols, rows = self._grid_size
        return region_grid(model, self.step.xs, cols, rows)

    def on_resize(self) -> None:
        """A grid cell (or a little more) per character of the region plot's canvas
        (the plot less its axes), so that no column or row of it stays empty."""
        if not self.step.show_regions:
            return
        width, height = self.query_one("#region-plot").size
        size = (max(12, width - 4), max(6, height - 3))
        if size == self._grid_size:
            return
        self._grid_size = size
        for curve in self.curves:       # finished runs: their regions at the new size
            if curve.state != "running" and curve.regions is not None and curve.model:
                curve.regions = region_grid(curve.model, self.step.xs, *size)
        self._draw_regions()

    # --- UI side -------------------------------------------------------------

    def on_training_view__arrived(self, event: _Arrived) -> None:
        event.stop()
        self.drain()

    def on_training_view__ended(self, event: _Ended) -> None:
        event.stop()
        curve = event.curve
        curve.take()
        if event.failure:
            curve.state, curve.failure = "blew up", event.failure
        elif curve.state == "running":
            curve.state = "stopped" if event.stopped else "done"
        self.runs.settle(curve)
        self._draw_all()
        self.post_message(self.Changed())

    def drain(self) -> None:
        """Draw whatever the training thread has computed so far."""
        if any([curve.take() for curve in self.curves]):
            self._draw_all()

    def _draw_all(self) -> None:
        self._draw_loss()
        self._draw_regions()
        self._draw_stats()

    def _draw_loss(self) -> None:
        plot = self.query_one("#loss-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        last = max(self.step.steps - 1, 1)
        plt.title("loss")
        plt.xlabel("step")
        plt.xlim(0, last)
        plt.xticks(_ticks(last))
        top = self.text.chart_top()
        current = self.current          # drawn last: on top of the others
        for curve in sorted(self.curves, key=lambda c: c is current):
            points = [(s, loss) for s, loss in zip(curve.steps, curve.losses)
                      if math.isfinite(loss) and loss <= top]
            if points:       # no label: the legend is drawn under the plot, off the data
                plt.plot([s for s, _ in points], [loss for _, loss in points],
                         marker=self.text.marker(curve), color=PLOT_COLORS[curve.slot])
        plot.refresh()

    def _draw_regions(self) -> None:
        if not self.step.show_regions:
            return
        plot = self.query_one("#region-plot", PlotextPlot)
        shown = self.current
        if shown is None or shown.regions is None:   # a rerun's first grid not there yet
            shown = next((c for c in reversed(self.curves) if c.regions is not None), None)
        grid = getattr(shown, "regions", None)
        if self._regions_drawn is not None and grid is self._regions_drawn[0] \
                and shown is self._regions_drawn[1]:
            return                      # the same grid: no need to redraw its ~400 points
        self._regions_drawn = (grid, shown)
        if shown is None:
            plot.plt.clear_figure()
            plot.plt.title("regions: after a few steps")
        else:
            draw_regions(plot.plt, shown.regions, self.step.xs, self.step.ys, self.glyphs,
                         title=f"regions, {shown.name} step {shown.regions_step}",
                         no_color=self.no_color)
        plot.refresh()

    def _draw_stats(self) -> None:
        text = self.text
        self._fill(".train-title", text.title())
        self._fill(".train-stats", text.stats())
        self._fill(".train-legend", text.legend())
        self._fill(".train-question", text.question(self.awaiting_guess))
        self._fill(".train-keys", text.keys(self._retired, self.awaiting_guess, self.running))

    def _fill(self, selector: str, content: Text | Columns) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content)
        empty = not content.renderables if isinstance(content, Columns) else not content.plain
        widget.display = not empty                  # no empty rows

    def retire(self) -> None:
        """The lesson has moved on: the keys no longer apply here."""
        self._retired = True
        self.runs.pending = None
        self._draw_stats()
