"""The runs of one training step, kept apart from the widget that draws them.

The app keeps a ``TrainingRuns`` per lesson step for the whole session, so the curves
a learner made are still there after leaving the lesson and coming back.  The
training thread only appends to a curve's inbox (under a lock); the UI thread takes
what is there (``Curve.take``) and draws it.

Which curves are kept: the first run (the lesson's own settings) is the pinned
baseline; a rerun with the same settings as a curve on the plot replaces that curve;
beyond ``MAX_CURVES`` the oldest rerun goes.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

from tutor.rerun import Settings

__all__ = ["Curve", "TrainingRuns", "MAX_CURVES"]

MAX_CURVES = 4            # the baseline and up to three reruns


@dataclass
class Curve:
    """One training run: its settings, the losses seen so far, its latest regions."""

    number: int
    settings: Settings
    slot: int                   # which colour and marker it is drawn with
    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    last: object = None         # the latest engine.train.Step
    state: str = "running"      # running, stopped, done, blew up
    failure: str = ""           # why it blew up, when the engine raised (OverflowError ...)
    regions: object = None      # the latest RegionGrid (the demo)
    regions_step: int = 0       # ... after this many steps
    model: object = None        # the network it trains (read it only once the run ended)
    replaced: "Curve | None" = None   # the finished curve with these settings it replaces
    guess: str | None = None    # the learner's prediction before this run
    against: tuple[str, float] | None = None   # ... compared with ("run 1", its final loss)
    _inbox: list = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def name(self) -> str:
        return f"run {self.number}"

    def put(self, record=None, regions=None, regions_step: int = 0) -> None:
        """From the training thread: a new step's record and/or new regions."""
        with self._lock:
            self._inbox.append((record, regions, regions_step))

    def take(self) -> bool:
        """On the UI thread: move what the training thread sent into the curve.
        True when something new arrived."""
        with self._lock:
            items, self._inbox = self._inbox, []
        for record, regions, regions_step in items:
            if record is not None:
                self.steps.append(record.step)
                self.losses.append(record.loss)
                self.last = record
            if regions is not None:
                self.regions, self.regions_step = regions, regions_step
        return bool(items)

    @property
    def final_loss(self) -> float | None:
        return self.losses[-1] if self.losses else None

    @property
    def blew_up_at(self) -> int | None:
        """The first step whose loss is not a finite number (or at which the engine
        gave up on numbers too big for a float)."""
        for step, loss in zip(self.steps, self.losses):
            if not math.isfinite(loss):
                return step
        return len(self.steps) if self.state == "blew up" else None


@dataclass
class TrainingRuns:
    """Every run of one Train step in this session, and the settings for the next."""

    lesson_settings: Settings
    settings: Settings | None = None        # the settings of the latest run
    curves: list[Curve] = field(default_factory=list)     # in legend order
    current: Curve | None = None            # the run on show (the latest)
    pending: Settings | None = None         # a rerun waiting for the learner's guess
    numbers: int = 0                        # run numbers given out so far

    def __post_init__(self):
        if self.settings is None:
            self.settings = self.lesson_settings

    @property
    def baseline(self) -> Curve | None:
        """The first run: the lesson's own settings, always kept on the plot."""
        return self.curves[0] if self.curves else None

    def last_finished(self) -> Curve | None:
        """The latest run that went all the way with a finite loss: what a guess compares to."""
        done = [c for c in self.curves if c.state == "done" and c.final_loss is not None
                and math.isfinite(c.final_loss)]
        if self.current in done:
            return self.current
        return max(done, key=lambda c: c.number, default=None)

    def new_run(self, settings: Settings) -> Curve:
        """A curve for a new run with these settings, placed by the rules above."""
        self.settings = settings
        self.pending = None
        for curve in list(self.curves):
            if curve.state == "running":
                curve.state = "stopped"
                self.settle(curve)
        same = next((c for c in self.curves if c.settings == settings), None)
        if same is not None:            # the same settings again: it takes that curve's place
            curve = Curve(same.number, settings, same.slot,
                          replaced=same if same.state == "done" else same.replaced)
            self.curves[self.curves.index(same)] = curve
        else:
            self.numbers += 1
            if len(self.curves) >= MAX_CURVES:
                self.curves.pop(1)      # the oldest rerun; the baseline stays
            slot = min(set(range(MAX_CURVES)) - {c.slot for c in self.curves})
            curve = Curve(self.numbers, settings, slot)
            self.curves.append(curve)
        self.current = curve
        return curve

    def settle(self, curve: Curve) -> None:
        """A run has ended.  A rerun stopped before its end gives the finished curve it
        replaced its place back: the same settings give the same run, so the complete
        one is the better record (and the baseline stays whole)."""
        if curve.state == "stopped" and curve.replaced is not None and curve in self.curves:
            self.curves[self.curves.index(curve)] = curve.replaced
            if self.current is curve:
                self.current = curve.replaced
        curve.replaced = None

    def stop_all(self) -> None:
        """The view is gone (the learner left the lesson): running runs end here."""
        for curve in list(self.curves):
            curve.take()
            if curve.state == "running":
                curve.state = "stopped"
                self.settle(curve)
