"""Reruns of a training step and the learner's guess before one: the settings keys, the
outcome from the engine's losses, and line mode's experiments after a Train step."""

import io
import random

from rich.console import Console

from engine.data import make_moons
from engine.nn import MLP
from engine.train import max_margin_objective
from lessons.course import Lesson
from lessons.steps import Say, Train, rerun_outcome
from tutor.plain import PlainTutor
from tutor.store import open_store
from tutor.rerun import Settings, verdict


def test_the_keys_change_the_settings_and_r_keeps_them():
    step = Train(None, [], [], lr=0.05)
    s = Settings.of(step)
    assert s.after_key("+").describe(step) == "lr 0.1"
    assert s.after_key("-").after_key("-").describe(step) == "lr 0.0125"
    assert s.after_key("z").describe(step) == "lr 0.05, no zero_grad"
    assert s.after_key("r") == s
    decaying = Train(None, [], [], steps=100, lr=lambda k, n: 1.0 - 0.9 * k / n)
    assert Settings.of(decaying).after_key("+").lr_text(decaying) == "2->0.218"


def test_the_outcome_comes_from_the_two_losses():
    assert rerun_outcome(0.5, 0.3) == "lower"
    assert rerun_outcome(0.5, 0.9) == "higher"
    assert rerun_outcome(0.5, 0.502) == "same"                # within 1%
    assert rerun_outcome(0.5, float("nan")) == "higher"       # it blew up
    assert "You said lower: right." in verdict("lower", "run 1", 0.5, 0.3)
    assert "You said about the same: not this time." in verdict("same", "run 1", 0.5, 0.3)
    assert verdict(None, "run 1", 0.5, float("inf")).startswith("It blew up (loss inf)")


def moons_lesson(monkeypatch, predict=True):
    xs, ys = make_moons(20, rng=random.Random(3))

    def script():
        yield Say("Two moons.")
        yield Train(lambda: MLP(2, [4, 1], activation="relu", rng=random.Random(1)), xs, ys,
                    steps=6, lr=0.1, objective=max_margin_objective(), predict_reruns=predict)
        yield Say("The end.")

    monkeypatch.setattr(Lesson, "script", lambda self: script())
    return Lesson("moons", "Moons", "none", (1,))


def run_plain(lesson, answers: str) -> str:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    PlainTutor(console, stdin=io.StringIO(answers), progress=open_store()).run_lesson(lesson)
    return out.getvalue()


def test_line_mode_asks_for_a_guess_before_each_rerun_and_judges_it(monkeypatch):
    lesson = moons_lesson(monkeypatch)
    text = run_plain(lesson, "r\nl\n+\n\nx\n\n")
    assert "Run it again? + (lr x2), - (lr /2), z (zero_grad), r (rerun)" in text
    assert "Run 2: lr 0.1. Will its final loss be higher, lower or about the same" in text
    assert "about the same as run 1's" in text and "You said lower: not this time." in text
    assert "Run 3: lr 0.2." in text and "run 2's" in text     # compared with the run before
    assert "'x' is not one of" in text
    assert "The end." in text                                 # Enter went on


def test_line_mode_offers_no_reruns_unless_the_lesson_asks(monkeypatch):
    lesson = moons_lesson(monkeypatch, predict=False)
    text = run_plain(lesson, "\n")
    assert "Run it again?" not in text and "The end." in text
