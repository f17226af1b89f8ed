"""The course: chapters and lessons in order.  This list is the one place that says so.

Each lesson lives in its own module under ``lessons/`` and exposes a generator
function ``lesson()``.  ``sections`` names the sections of the lecture outline
(``OUTLINE.md`` section 1, numbered 1 to 25) the lesson covers.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

__all__ = ["Lesson", "Chapter", "COURSE", "all_lessons", "find_lesson"]


@dataclass(frozen=True)
class Lesson:
    id: str          # short and typeable: "derivative", "chain-rule"
    title: str
    module: str      # module under lessons/, holding def lesson()
    sections: tuple[int, ...]
    minutes: int = 7

    def script(self):
        """A fresh generator of this lesson's steps."""
        return importlib.import_module(f"lessons.{self.module}").lesson()


@dataclass(frozen=True)
class Chapter:
    title: str
    lessons: tuple[Lesson, ...]


COURSE: tuple[Chapter, ...] = (
    Chapter("Derivatives by nudging", (
        Lesson("intro", "What an autograd engine does", "l01_intro", (1,)),
        Lesson("derivative", "A derivative is a slope", "l02_derivative", (2,)),
        Lesson("several-inputs", "Several inputs, one at a time", "l03_several_inputs", (3,)),
    )),
    Chapter("Backprop by hand", (
        Lesson("value", "Value: numbers that remember", "l04_value", (4,)),
        Lesson("graph", "The expression graph and its grads", "l05_graph", (5, 6)),
        Lesson("manual-backprop", "Backprop by hand: the top of L", "l06_manual_backprop", (7,)),
        Lesson("chain-rule", "The chain rule through a plus node", "l07_chain_rule", (8,)),
        Lesson("one-step", "One step uphill", "l08_one_step", (9,)),
    )),
    Chapter("A neuron, automated", (
        Lesson("neuron", "A neuron and its squashing function", "l09_neuron", (10,)),
        Lesson("tanh-backprop", "Backprop through a tanh neuron", "l10_tanh_backprop", (11,)),
        Lesson("backward-closures", "Automating the local step", "l11_backward_closures", (12,)),
        Lesson("topo-order", "The order of the backward pass", "l12_topo_order", (13,)),
        Lesson("used-twice", "The used-twice bug", "l13_used_twice", (14,)),
        Lesson("more-ops", "More operations, and tanh from exp", "l14_more_ops", (15,)),
        Lesson("pytorch", "The same neuron in PyTorch", "l15_pytorch", (16,)),
    )),
    Chapter("Training a network", (
        Lesson("mlp", "Neuron, Layer, MLP", "l16_mlp", (17,)),
        Lesson("loss", "A loss: one number for how wrong", "l17_loss", (18,)),
        Lesson("parameters", "Counting the parameters", "l18_parameters", (19,)),
        Lesson("descent", "Gradient descent and the learning rate", "l19_descent", (20,)),
        Lesson("training-loop", "A proper training loop", "l20_training_loop", (21,)),
        Lesson("zero-grad", "The zero_grad bug", "l21_zero_grad", (22,)),
    )),
    Chapter("The bigger picture", (
        Lesson("scaling-up", "What scales up: from 41 to billions", "l22_scaling_up", (23,)),
        Lesson("demo", "The demo: two moons, max-margin, L2, decay", "l23_demo", (24,)),
        Lesson("custom-ops", "Inside PyTorch, custom ops, and a recap", "l24_custom_ops", (25,)),
    )),
)


def all_lessons() -> list[Lesson]:
    return [lesson for chapter in COURSE for lesson in chapter.lessons]


def find_lesson(lesson_id: str) -> Lesson | None:
    for lesson in all_lessons():
        if lesson.id == lesson_id:
            return lesson
    return None
