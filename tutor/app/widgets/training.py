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
from tutor.explain import fmt
from tutor.rerun import GUESS_KEYS, Settings, guess_prompt, verdict

REDRAW_SECONDS = 0.1            # at most ~10 plot redraws a second
REGION_UPDATES = 8              # the demo's regions are redrawn about this often per run
CHART_TOP_FACTOR = 100          # the plot shows losses up to 100x the starting loss
PLOT_COLORS = ("cyan", "magenta", "orange", "green")                # plotext's names
TEXT_COLORS = ("cyan", "magenta", "dark_orange", "green")            # rich's names


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

    def _marker(self, curve: Curve) -> str:
        # without colour each run needs a marker of its own, as on the Linux console
        markers = self.glyphs.mono_run_markers if self.no_color else self.glyphs.run_markers
        return markers[curve.slot % len(markers)]

    def _draw_loss(self) -> None:
        plot = self.query_one("#loss-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        last = max(self.step.steps - 1, 1)
        plt.title("loss")
        plt.xlabel("step")
        plt.xlim(0, last)
        plt.xticks(_ticks(last))
        top = self._chart_top()
        for curve in self.curves:
            points = [(s, loss) for s, loss in zip(curve.steps, curve.losses)
                      if math.isfinite(loss) and loss <= top]
            if points:       # no label: the legend is drawn under the plot, off the data
                plt.plot([s for s, _ in points], [loss for _, loss in points],
                         marker=self._marker(curve), color=PLOT_COLORS[curve.slot])
        plot.refresh()

    def _chart_top(self) -> float:
        """Losses above this are left off the plot (the legend says so), so that one run
        that blows up does not squash every other curve flat against the axis."""
        firsts = [loss for curve in self.curves for loss in curve.losses[:1]
                  if math.isfinite(loss)]
        return CHART_TOP_FACTOR * max(max(firsts), 1e-9) if firsts else math.inf

    def _draw_regions(self) -> None:
        if not self.step.show_regions:
            return
        plot = self.query_one("#region-plot", PlotextPlot)
        shown = self.current
        if shown is None or shown.regions is None:   # a rerun's first grid not there yet
            shown = next((c for c in reversed(self.curves) if c.regions is not None), None)
        if shown is None:
            plot.plt.clear_figure()
            plot.plt.title("regions: after a few steps")
        else:
            draw_regions(plot.plt, shown.regions, self.step.xs, self.step.ys, self.glyphs,
                         title=f"regions, {shown.name} step {shown.regions_step}",
                         no_color=self.no_color)
        plot.refresh()

    def _draw_stats(self) -> None:
        runs, curve, arrow = self.runs, self.current, self.glyphs.arrow
        title = []
        if self.step.title:
            title.append(Text(self.step.title, style="bold"))
        if curve is not None and curve.settings != runs.lesson_settings:
            title.append(Text(f"({curve.name}: {curve.settings.describe(self.step, arrow)})",
                              style="bold yellow"))
        self._fill(".train-title", Columns(title, padding=(0, 2)))
        self._fill(".train-stats", self._stats_text(curve))
        self._fill(".train-legend", self._legend())
        self._fill(".train-question", self._question_text())
        lines = []
        if self.step.show_regions and any(c.regions is not None for c in self.curves):
            below, above = self.glyphs.region_markers
            neg, pos = self.glyphs.point_markers
            lines.append(f"Regions: {above} model says +1, {below} says -1; points {pos} are "
                         f"+1, {neg} are -1.")
        if self._retired:
            note = self._lesson_goes_on()
            if note:
                lines.append(note)
        elif self.awaiting_guess:
            lines.append("h higher  l lower  s about the same  Enter runs without a guess")
        else:
            lines.append(("ctrl+s stop" if self.running else "r rerun")
                         + "  + lr x2  - lr /2  z zero_grad  Enter continues")
        self._fill(".train-keys", Text("\n".join(lines), style="dim"))

    def _stats_text(self, curve: Curve | None) -> Text:
        text = Text()
        if curve is None:
            return text
        last = curve.last
        style = {"running": "yellow", "stopped": "red", "done": "green",
                 "blew up": "red"}[curve.state]
        text.append(f"{curve.state:<8}", style=f"bold {style}")
        if last is None:
            text.append(f"step 0/{self.step.steps}  ")
        else:
            text.append(f"step {last.step + 1}/{self.step.steps}  ")
            text.append(f"loss {fmt(last.loss)}  ", style="bold")
            text.append(f"accuracy {last.accuracy:.0%}  lr {fmt(last.lr)}  ")
        text.append("zero_grad " + ("on" if curve.settings.zero_grad else "OFF"),
                    style="" if curve.settings.zero_grad else "bold red")
        return text

    def _legend(self) -> Columns:
        """One entry per run, side by side; a long legend wraps between entries."""
        entries = []
        for i, curve in enumerate(self.curves):
            text = Text()
            marker = self._marker(curve)
            sample = "━━" if marker == "hd" else marker * 2
            text.append(sample, style="" if self.no_color else f"bold {TEXT_COLORS[curve.slot]}")
            text.append(f" {curve.name}: {curve.settings.describe(self.step, self.glyphs.arrow)}")
            if i == 0:
                text.append(" (lesson)", style="dim")
            broke, top = curve.blew_up_at, self._chart_top()
            above = next((s for s, loss in zip(curve.steps, curve.losses)
                          if math.isfinite(loss) and loss > top), None)
            if broke is not None:
                text.append(f", blew up at step {broke}", style="bold red")
            elif above is not None:
                text.append(f", off the chart from step {above}", style="bold red")
            elif curve.state == "stopped":
                text.append(", stopped", style="dim")
            entries.append(text)
        return Columns(entries, padding=(0, 3))

    def _question_text(self) -> Text:
        runs = self.runs
        if self.awaiting_guess:
            against = runs.last_finished()
            text = Text(f"Next: {runs.pending.describe(self.step, self.glyphs.arrow)}. ",
                        style="bold")
            text.append(guess_prompt(against.name, against.final_loss), style="bold cyan")
            return text
        curve = self.current
        if curve is None or curve.against is None:
            return Text()
        name, before = curve.against
        if curve.state == "running":
            said = "about the same" if curve.guess == "same" else curve.guess
            return Text(f"You said: {said} than {name}'s {fmt(before)}. Watch.", style="cyan")
        if curve.state == "stopped" or curve.final_loss is None:
            return Text("Stopped before the end: no verdict on your guess.", style="dim")
        text = verdict(curve.guess, name, before, curve.final_loss)
        right = text.endswith("right.")
        return Text(text, style="bold green" if right else "bold yellow")

    def _lesson_goes_on(self) -> str:
        """After the lesson moved on: which run its next words are about."""
        base = self.runs.baseline
        if base is None or self.current is base:
            return ""
        loss = f", final loss {fmt(base.final_loss)}" if base.final_loss is not None else ""
        return f"The lesson goes on from {base.name}, its own settings{loss}."

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
