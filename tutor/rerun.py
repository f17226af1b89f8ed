"""Reruns of a training step: the settings a learner tries, and their prediction.

Both front ends use this: the app's training view (keys ``+ - z r``) and line mode
(after a ``Train`` step).  A rerun starts from the same seeded model, so only the
settings differ: a learning-rate scale and zero_grad on or off.  When the lesson asks
for it (``Train(predict_reruns=True)``), the learner first predicts whether the
rerun's final loss will be higher, lower or about the same as the last finished run's;
``lessons.steps.rerun_outcome`` gives the answer once the engine has run it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from lessons.steps import Train, rerun_outcome
from tutor.expression import fmt

__all__ = ["Settings", "RERUN_KEYS", "GUESS_KEYS", "guess_prompt", "verdict"]

# key -> what it does, as the app's keys line and line mode's prompt say it
RERUN_KEYS = {"+": "lr x2", "-": "lr /2", "z": "zero_grad", "r": "rerun"}
# key -> the predicted outcome (rerun_outcome's words)
GUESS_KEYS = {"h": "higher", "l": "lower", "s": "same"}


@dataclass(frozen=True)
class Settings:
    """What a run of a Train step changes: its learning rate, scaled, and zero_grad."""

    lr_scale: float = 1.0
    zero_grad: bool = True

    @classmethod
    def of(cls, step: Train) -> "Settings":
        """The lesson's own settings for the step."""
        return cls(1.0, step.zero_grad)

    def after_key(self, key: str) -> "Settings":
        """The settings a rerun key asks for ('+', '-', 'z'; 'r' keeps them)."""
        if key == "+":
            return replace(self, lr_scale=self.lr_scale * 2)
        if key == "-":
            return replace(self, lr_scale=self.lr_scale / 2)
        if key == "z":
            return replace(self, zero_grad=not self.zero_grad)
        return self

    def lr(self, step: Train):
        """The learning rate (a number or a schedule) to pass to ``step.start``."""
        base, scale = step.lr, self.lr_scale
        if callable(base):
            return base if scale == 1 else (lambda k, n: scale * base(k, n))
        return base * scale

    def lr_text(self, step: Train, arrow: str = "->") -> str:
        """'0.05', or '1->0.109' for a decaying schedule."""
        base, scale = step.lr, self.lr_scale
        if callable(base):
            n = step.steps
            return f"{fmt(scale * base(0, n))}{arrow}{fmt(scale * base(n - 1, n))}"
        return fmt(base * scale)

    def describe(self, step: Train, arrow: str = "->") -> str:
        """'lr 0.1' or 'lr 0.1, no zero_grad'."""
        return f"lr {self.lr_text(step, arrow)}" + ("" if self.zero_grad else ", no zero_grad")


def guess_prompt(before_name: str, before_loss: float) -> str:
    """The question asked before a rerun."""
    return (f"Will its final loss be higher, lower or about the same as {before_name}'s "
            f"{fmt(before_loss)}?")


def verdict(guess: str | None, before_name: str, before: float, after: float) -> str:
    """What the rerun did, and whether the learner's guess (a GUESS_KEYS word) was right."""
    outcome = rerun_outcome(before, after)
    what = {"higher": "higher than", "lower": "lower than",
            "same": "about the same as"}[outcome]
    ending = (f"Final loss {fmt(after)}" if math.isfinite(after)
              else f"It blew up (loss {fmt(after)})")
    text = f"{ending}: {what} {before_name}'s {fmt(before)}."
    if guess is None:
        return text
    said = "about the same" if guess == "same" else guess
    return text + (f" You said {said}: right." if guess == outcome
                   else f" You said {said}: not this time.")


def line_mode_reruns(step: Train, first_loss: float, ask, say, run) -> None:
    """Line mode's reruns of a Train step whose lesson asks for predictions: ask for a
    rerun key, then for a guess, run it (``run(settings)`` returns its final loss, or
    None if it was stopped) and say how the guess fared; until the learner presses Enter.
    ``ask(prompt)`` returns the learner's line, ``say(text)`` prints one."""
    keys = ", ".join(f"{key} ({what})" for key, what in RERUN_KEYS.items())
    settings, number = Settings.of(step), 1
    before_name, before = "run 1", first_loss
    while True:
        key = ask(f"Run it again? {keys}; Enter goes on: ").strip().lower()
        if not key:
            return
        if key not in RERUN_KEYS:
            say(f"{key!r} is not one of {', '.join(RERUN_KEYS)}.")
            continue
        settings, number = settings.after_key(key), number + 1
        reply = ask(f"Run {number}: {settings.describe(step)}. "
                    f"{guess_prompt(before_name, before)} h, l or s (Enter: no guess): ")
        guess = GUESS_KEYS.get(reply.strip().lower()[:1])
        final = run(settings)
        if final is None:
            say("Stopped before the end: no verdict.")
            continue
        say(verdict(guess, before_name, before, final))
        if math.isfinite(final):
            before_name, before = f"run {number}", final
