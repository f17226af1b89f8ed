"""Training, live: the loss curve grows while a small network learns.

Training runs in a thread worker and streams each ``engine.train.Step`` to the
UI through ``call_from_thread``, at most about ten redraws a second.  The
learner can stop it, and rerun it with twice or half the learning rate or with
zero_grad switched off (the lecture's experiments); earlier curves stay on the
plot for comparison.  For the two-moons demo (``show_regions``) the learned
decision regions are drawn next to the loss once training ends.

textual_plotext (and plotext) are imported here only, when a training step is
first shown.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from tutor.app.widgets.regions import draw_regions, region_grid
from tutor.explain import fmt

MAX_CURVES = 4                  # the current run and up to three earlier ones
REDRAW_SECONDS = 0.1            # at most ~10 plot redraws a second
COLORS = ("cyan", "magenta", "orange", "green")


@dataclass
class Curve:
    """One training run: its settings and the losses seen so far."""

    number: int
    lr_text: str
    zero_grad: bool
    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    last: object = None         # the latest engine.train.Step
    state: str = "running"      # running, stopped, done

    @property
    def label(self) -> str:
        return f"run {self.number}: lr {self.lr_text}" + ("" if self.zero_grad else ", no zero_grad")


def _ticks(last: int, most: int = 6) -> list[int]:
    """Whole-number ticks 0..last, about ``most`` of them."""
    step = max(1, -(-last // (most - 1)))
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if nice >= step:
            step = nice
            break
    return list(range(0, last + 1, step))


class TrainingView(Vertical):
    """One ``Train`` step: stats line, loss plot, and (for the demo) the regions."""

    class Changed(Message):
        """Training started or ended: the screen updates its keys."""

    def __init__(self, step, glyphs, pace: float = 0.05):
        super().__init__(classes="step training")
        self.step = step
        self.glyphs = glyphs
        self.pace = pace
        self.lr_scale = 1.0
        self.zero_grad = step.zero_grad
        self.curves: list[Curve] = []
        self._stop = threading.Event()
        self._last_draw = 0.0

    def compose(self) -> ComposeResult:
        yield Static(classes="train-stats")
        with Horizontal(classes="train-plots"):
            yield PlotextPlot(id="loss-plot")
            if self.step.show_regions:
                region = PlotextPlot(id="region-plot")
                region.display = False
                yield region
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
        self.start()

    # --- state -------------------------------------------------------------

    @property
    def running(self) -> bool:
        return bool(self.curves) and self.curves[-1].state == "running"

    @property
    def current(self) -> Curve | None:
        return self.curves[-1] if self.curves else None

    def _lr(self):
        base = self.step.lr
        scale = self.lr_scale
        if callable(base):
            return base if scale == 1 else (lambda k, n: scale * base(k, n))
        return base * scale

    def _lr_text(self) -> str:
        base, scale = self.step.lr, self.lr_scale
        if callable(base):
            n = self.step.steps
            return (f"{fmt(scale * base(0, n))}{self.glyphs.arrow}"
                    f"{fmt(scale * base(n - 1, n))}")
        return fmt(base * scale)

    # --- commands (from the lesson screen's keys) ---------------------------

    def start(self) -> None:
        """Train from a fresh model with the current settings."""
        self._stop.set()                      # an older run stops at its next step
        self._stop = threading.Event()
        number = self.curves[-1].number + 1 if self.curves else 1
        for old in self.curves:
            if old.state == "running":
                old.state = "stopped"
        self.curves.append(Curve(number, self._lr_text(), self.zero_grad))
        del self.curves[:-MAX_CURVES]
        region = self.query("#region-plot")
        if region:
            region.first().display = False
        self._draw_loss()
        self._train(number, self._lr(), self.zero_grad, self._stop)
        self.post_message(self.Changed())

    def stop(self) -> None:
        self._stop.set()

    def rerun(self, lr_factor: float = 1.0, toggle_zero_grad: bool = False) -> None:
        self.lr_scale *= lr_factor
        if toggle_zero_grad:
            self.zero_grad = not self.zero_grad
        self.start()

    # --- the worker ----------------------------------------------------------

    @work(thread=True, exclusive=True, group="training")
    def _train(self, number: int, lr, zero_grad: bool, stop: threading.Event) -> None:
        worker = get_current_worker()

        def halted() -> bool:
            return stop.is_set() or worker.is_cancelled

        model, steps = self.step.start(lr=lr, zero_grad=zero_grad)
        batch, last_sent = [], 0.0
        for record in steps:
            began = time.monotonic()
            if halted():
                break
            batch.append(record)
            if time.monotonic() - last_sent >= REDRAW_SECONDS:
                if not self._ui(self._add_points, number, batch):
                    return
                batch, last_sent = [], time.monotonic()
            if self.pace:
                stop.wait(max(0.0, self.pace - (time.monotonic() - began)))
        if batch and not self._ui(self._add_points, number, batch):
            return
        stopped = halted()
        grid = None
        if self.step.show_regions and not stopped:
            # a grid cell (or a little more) per character of the region plot
            width, height = self.size      # an immutable Size: safe to read from here
            grid = region_grid(model, self.step.xs, max(12, width // 2 - 5), max(6, height - 5))
        self._ui(self._finish, number, stopped, grid)

    def _ui(self, callback, *args) -> bool:
        """Run callback on the UI thread; False once the app has gone away."""
        try:
            self.app.call_from_thread(callback, *args)
            return True
        except Exception:
            return False

    # --- UI side -------------------------------------------------------------

    def _curve(self, number: int) -> Curve | None:
        for curve in self.curves:
            if curve.number == number:
                return curve
        return None

    def _add_points(self, number: int, records: list) -> None:
        curve = self._curve(number)
        if curve is None:
            return
        for record in records:
            curve.steps.append(record.step)
            curve.losses.append(record.loss)
            curve.last = record
        self._draw_loss()

    def _finish(self, number: int, stopped: bool, grid) -> None:
        curve = self._curve(number)
        if curve is None:
            return
        if curve.state == "running":
            curve.state = "stopped" if stopped else "done"
        self._draw_loss()
        if grid is not None and curve is self.current:
            plot = self.query_one("#region-plot", PlotextPlot)
            plot.display = True
            draw_regions(plot.plt, grid, self.step.xs, self.step.ys, self.glyphs,
                         title="learned regions")
            plot.refresh()
            self._draw_stats()
        self.post_message(self.Changed())

    def _draw_loss(self) -> None:
        plot = self.query_one("#loss-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        last = max(self.step.steps - 1, 1)
        plt.title("loss")
        plt.xlabel("step")
        plt.xlim(0, last)
        plt.xticks(_ticks(last))
        for i, curve in enumerate(self.curves):
            points = [(s, loss) for s, loss in zip(curve.steps, curve.losses)
                      if math.isfinite(loss)]
            if not points:
                continue
            marker = self.glyphs.run_markers[(curve.number - 1) % len(self.glyphs.run_markers)]
            plt.plot([s for s, _ in points], [loss for _, loss in points], marker=marker,
                     color=COLORS[(curve.number - 1) % len(COLORS)], label=curve.label)
        plot.refresh()
        self._draw_stats()

    def _draw_stats(self) -> None:
        curve = self.current
        text = Text()
        if self.step.title:
            text.append(self.step.title + "\n", style="bold")
        if curve is not None:
            last = curve.last
            style = {"running": "yellow", "stopped": "red", "done": "green"}[curve.state]
            text.append(f"{curve.state:<8}", style=f"bold {style}")
            if last is None:
                text.append(f"step 0/{self.step.steps}  ")
            else:
                acc = f"{last.accuracy:.0%}"
                text.append(f"step {last.step + 1}/{self.step.steps}  ")
                text.append(f"loss {last.loss:.4g}  ", style="bold")
                text.append(f"accuracy {acc}  lr {fmt(last.lr)}  ")
            text.append("zero_grad " + ("on" if curve.zero_grad else "OFF"),
                        style="" if curve.zero_grad else "bold red")
        self.query_one(".train-stats", Static).update(text)
        lines = []
        if self._regions_shown():
            below, above = self.glyphs.region_markers
            neg, pos = self.glyphs.point_markers
            lines.append(f"Regions: {above} model says +1, {below} says -1; points {pos} are "
                         f"+1, {neg} are -1.")
        if self.has_class("-current"):         # once the lesson moves on, the keys are gone
            lines.append(("ctrl+s stop" if self.running else "r rerun")
                         + "  + lr x2  - lr /2  z zero_grad  Enter continues")
        keys = self.query_one(".train-keys", Static)
        keys.update(Text("\n".join(lines), style="dim"))
        keys.display = bool(lines)                 # no empty row under a finished step

    def retire(self) -> None:
        """The lesson has moved on: the keys no longer apply here."""
        self._draw_stats()

    def _regions_shown(self) -> bool:
        region = self.query("#region-plot")
        return bool(region) and region.first().display

    def on_unmount(self) -> None:
        self._stop.set()
