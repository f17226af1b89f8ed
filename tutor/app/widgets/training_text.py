"""The words and markers around the training plot: title, statistics, legend, the
guess before a rerun and its verdict, and the keys line.  Pure functions of the runs
(``TrainingRuns``), the lesson's ``Train`` step and the terminal's glyphs."""

from __future__ import annotations

import math

from rich.columns import Columns
from rich.text import Text

from tutor.app.training_runs import Curve, TrainingRuns
from tutor.expression import fmt
from tutor.rerun import guess_prompt, verdict

CHART_TOP_FACTOR = 100          # the plot shows losses up to 100x the starting loss
TEXT_COLORS = ("cyan", "magenta", "dark_orange", "green")            # rich's names
STATE_STYLES = {"running": "yellow", "stopped": "red", "done": "green", "blew up": "red"}
COMPARED = {"higher": "higher than", "lower": "lower than", "same": "about the same as"}


class TrainingText:
    """What the training view writes, for one Train step's runs."""

    def __init__(self, runs: TrainingRuns, step, glyphs, no_color: bool):
        self.runs, self.step, self.glyphs, self.no_color = runs, step, glyphs, no_color

    def marker(self, curve: Curve) -> str:
        """The plot marker of a run: without colour each needs one of its own, as on
        the Linux console."""
        glyphs = self.glyphs
        markers = glyphs.mono_run_markers if self.no_color else glyphs.run_markers
        return markers[curve.slot % len(markers)]

    def chart_top(self) -> float:
        """Losses above this are left off the plot (the legend says so), so that one run
        that blows up does not squash every other curve flat against the axis."""
        firsts = [loss for curve in self.runs.curves for loss in curve.losses[:1]
                  if math.isfinite(loss)]
        return CHART_TOP_FACTOR * max(max(firsts), 1e-9) if firsts else math.inf

    def title(self) -> Columns:
        """The lesson's title, and the settings of the run shown when they differ."""
        parts, curve = [], self.runs.current
        if self.step.title:
            parts.append(Text(self.step.title, style="bold"))
        if curve is not None and curve.settings != self.runs.lesson_settings:
            described = curve.settings.describe(self.step, self.glyphs.arrow)
            parts.append(Text(f"({curve.name}: {described})", style="bold yellow"))
        return Columns(parts, padding=(0, 2))

    def stats(self) -> Text:
        text, curve, steps = Text(), self.runs.current, self.step.steps
        if curve is None:
            return text
        last = curve.last
        text.append(f"{curve.state:<8}", style=f"bold {STATE_STYLES[curve.state]}")
        if last is None:
            text.append(f"step 0/{steps}  ")
        else:
            text.append(f"step {last.step + 1}/{steps}  ")
            text.append(f"loss {fmt(last.loss)}  ", style="bold")
            text.append(f"accuracy {last.accuracy:.0%}  lr {fmt(last.lr)}  ")
        on = curve.settings.zero_grad
        text.append("zero_grad " + ("on" if on else "OFF"), style="" if on else "bold red")
        return text

    def legend(self) -> Columns:
        """One entry per run, side by side; a long legend wraps between entries."""
        entries, top = [], self.chart_top()
        for i, curve in enumerate(self.runs.curves):
            marker = self.marker(curve)
            text = Text()
            text.append("━━" if marker == "hd" else marker * 2,
                        style="" if self.no_color else f"bold {TEXT_COLORS[curve.slot]}")
            text.append(f" {curve.name}: {curve.settings.describe(self.step, self.glyphs.arrow)}")
            if i == 0:
                text.append(" (lesson)", style="dim")
            above = next((s for s, loss in zip(curve.steps, curve.losses)
                          if math.isfinite(loss) and loss > top), None)
            if curve.blew_up_at is not None:
                text.append(f", blew up at step {curve.blew_up_at}", style="bold red")
            elif above is not None:
                text.append(f", off the chart from step {above}", style="bold red")
            elif curve.state == "stopped":
                text.append(", stopped", style="dim")
            entries.append(text)
        return Columns(entries, padding=(0, 3))

    def question(self, awaiting_guess: bool) -> Text:
        """The guess asked before a rerun, then what the learner said, then the verdict."""
        runs = self.runs
        if awaiting_guess:
            against = runs.last_finished()
            text = Text(f"Next: {runs.pending.describe(self.step, self.glyphs.arrow)}. ",
                        style="bold")
            text.append(guess_prompt(against.name, against.final_loss), style="bold cyan")
            return text
        curve = runs.current
        if curve is None or curve.against is None:
            return Text()
        name, before = curve.against
        if curve.state == "running":
            said = COMPARED.get(curve.guess, "")
            return Text(f"You said: its final loss will be {said} {name}'s {fmt(before)}. "
                        "Watch." if said else "Watch.", style="cyan")
        if curve.state == "stopped" or curve.final_loss is None:
            return Text("Stopped before the end: no verdict on your guess.", style="dim")
        text = verdict(curve.guess, name, before, curve.final_loss)
        return Text(text, style="bold green" if text.endswith("right.") else "bold yellow")

    def keys(self, retired: bool, awaiting_guess: bool, running: bool) -> Text:
        """The regions' key, and the keys that apply now (or, once the lesson has moved
        on, which run its next words are about)."""
        lines = []
        if self.step.show_regions and any(c.regions is not None for c in self.runs.curves):
            below, above = self.glyphs.region_markers
            neg, pos = self.glyphs.point_markers
            lines.append(f"Regions: {above} model says +1, {below} says -1; points {pos} are "
                         f"+1, {neg} are -1.")
        if retired:
            base = self.runs.baseline
            if base is not None and self.runs.current is not base:
                loss = f", final loss {fmt(base.final_loss)}" if base.final_loss is not None \
                    else ""
                lines.append(f"The lesson goes on from {base.name}, its own settings{loss}.")
        elif awaiting_guess:
            lines.append("h higher  l lower  s about the same  Enter runs without a guess")
        else:
            lines.append(("ctrl+s stop" if running else "r rerun")
                         + "  + lr x2  - lr /2  z zero_grad  Enter continues")
        return Text("\n".join(lines), style="dim")
