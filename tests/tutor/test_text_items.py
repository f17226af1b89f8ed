"""Issue 17's text items: a rerun's own lr in line mode, the loss lesson's pointer, one
notation in explanations, wrapped recap bullets, the playground after a reveal."""

import importlib
import io
import random

from rich.console import Console

from engine.data import make_moons
from engine.nn import MLP
from engine.train import max_margin_objective
from lesson_walk import walk
from lessons.course import Lesson, find_lesson
from lessons.steps import AskGrad, Recap, Say, Train, labelled
from tutor.explain import PARTIAL, chain_rule_lines, frame_for
from tutor.hints import explanation_for
from tutor.plain import PlainTutor
from tutor.store import open_store


def _lesson(monkeypatch, *steps_fn):
    monkeypatch.setattr(Lesson, "script", lambda self: steps_fn[0]())
    return Lesson("t", "T", "none", (1,))


def _plain(lesson, answers: str, width=100) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None)
    PlainTutor(console, stdin=io.StringIO(answers), progress=open_store()).run_lesson(lesson)
    return out.getvalue()


def test_a_rerun_in_line_mode_is_titled_with_its_own_lr(monkeypatch):
    xs, ys = make_moons(20, rng=random.Random(3))

    def script():
        yield Train(lambda: MLP(2, [4, 1], activation="relu", rng=random.Random(1)), xs, ys,
                    steps=4, lr=0.05, objective=max_margin_objective(), predict_reruns=True,
                    title="lr = 0.05: the lesson's own")
        yield Say("The end.")

    text = _plain(_lesson(monkeypatch, script), "+\nl\n\n\n")
    assert "Training: lr = 0.05: the lesson's own" in text
    assert "Training: a rerun at lr 0.1" in text
    assert text.count("lr = 0.05") == 1


def test_the_loss_lesson_names_the_lesson_that_shows_fused_nodes():
    lesson = find_lesson("loss")
    steps = walk(importlib.import_module(f"lessons.{lesson.module}").lesson)
    text = " ".join(s.text for s in steps if isinstance(s, Say))
    assert "the last lesson shows how" not in text
    assert "lesson 24, on custom operations" in text
    assert find_lesson("custom-ops") is not None


def test_a_long_chain_explained_with_local_factors_only():
    lesson = find_lesson("loss")
    steps = walk(importlib.import_module(f"lessons.{lesson.module}").lesson)
    (q,) = [s for s in steps if isinstance(s, AskGrad) and "dloss/dŷ2" in s.prompt]
    lines = explanation_for(q)
    assert lines[0].startswith("dloss/dŷ2 = dloss/d(ŷ2-(-1)) * ∂(ŷ2-(-1))/∂ŷ2")
    second = lines[1].split("=", 1)[1]
    assert "dloss" not in second and second.strip().startswith(f"{PARTIAL}loss/")
    assert "…" in second


def test_a_node_with_two_users_writes_every_term_as_total_times_local():
    a, b = labelled(a=2.0, b=3.0)
    c = a * b
    c.label = "c"
    L = b * c
    L.label = "L"
    from lessons.steps import gradients

    grads = gradients(L)
    frame = frame_for(b, L, [(p, i) for p in L.topological_order()
                             for i, k in enumerate(p._prev) if k is b], grads.__getitem__)
    first = chain_rule_lines(frame, L, None or __import__("tutor.explain").explain.node_names(L))[0]
    assert "dL/dL * ∂L/∂b" in first and "dL/dc * ∂c/∂b" in first


def test_wrapped_recap_bullets_keep_their_indent(monkeypatch):
    point = "A long recap point " + "that goes on and on " * 5 + "to the end."

    def script():
        yield Recap([point, "Short."])

    text = _plain(_lesson(monkeypatch, script), "\n", width=50)
    lines = [line for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("  - A long"))
    assert lines[start + 1].startswith("    ") and not lines[start + 1].startswith("  - ")
    assert any(line.startswith("  - Short.") for line in lines)
