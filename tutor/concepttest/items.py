"""The pre/post test's items: two per skill of the course, each in two parallel forms, A and B.

Every form is a practice drill made by its generator from a seed (``lessons.practice``), so
its answer is the engine's.  The seeds were chosen with ``forms.find_pair``: the first seed
of the wanted variant (a cube for the power rule, ``b = a*a`` for a node used twice, a
tanh for tanh's local derivative), then the next seed with the same ``forms.shape`` and
other numbers.  ``micrograd-tutor check`` (``tutor.concepttest.check``) holds every pair to
that, so a generator that changes cannot leave two forms that ask different things.

Counter-balancing: a learner takes one form before the course and the other after it.
Which one first is decided by a hash of the learner's name (``first_form``), so it is
the same on every machine and in every store, and about half a class starts with each.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:                   # the generators load when a form is made, not before:
    from lessons.practice.problem import Problem   # the course list reads this table

__all__ = ["Skill", "Source", "Item", "SKILLS", "ITEMS", "FORMS", "PHASES", "find_skill",
           "find_item", "problem_of", "first_form", "other_form", "items_of"]

FORMS = ("A", "B")
PHASES = ("pre", "post")


@dataclass(frozen=True)
class Skill:
    """A skill the test measures (in the course's order)."""

    id: str
    title: str


SKILLS: tuple[Skill, ...] = (
    Skill("sign", "The sign of a gradient"),
    Skill("local", "Local derivatives"),
    Skill("plus", "The plus rule"),
    Skill("times", "The times rule"),
    Skill("chain", "Chains of steps"),
    Skill("twice", "A node used twice"),
    Skill("tanh", "tanh"),
    Skill("neuron", "A neuron"),
    Skill("descent", "Gradient descent"),
    Skill("zero_grad", "zero_grad"),
)


@dataclass(frozen=True)
class Source:
    """Where a form comes from: a practice generator, its level and a seed."""

    generator: str
    level: int
    seed: int


@dataclass(frozen=True)
class Item:
    id: str
    skill: str
    what: str                  # the variant, for check's report
    a: Source
    b: Source

    def source(self, form: str) -> Source:
        return self.a if form == "A" else self.b


def _item(item_id, skill, what, generator, level, seed_a, seed_b) -> Item:
    return Item(item_id, skill, what, Source(generator, level, seed_a),
                Source(generator, level, seed_b))


ITEMS: tuple[Item, ...] = (
    _item("sign-1", "sign", "a product under a sum, by eye", "sign", 1, 0, 3),
    _item("sign-2", "sign", "a squared error, by eye", "sign", 3, 0, 5),
    _item("local-1", "local", "a constant divisor", "local", 1, 0, 11),
    _item("local-2", "local", "a cube", "local", 2, 4, 8),
    _item("plus-1", "plus", "a sum under a product", "plus", 1, 0, 13),
    _item("plus-2", "plus", "a sum of three", "plus", 2, 0, 14),
    _item("times-1", "times", "one product", "times", 1, 0, 7),
    _item("times-2", "times", "a product under a product", "times", 3, 0, 1),
    _item("chain-1", "chain", "three steps by constants", "chain", 1, 0, 1),
    _item("chain-2", "chain", "a square on the way", "chain", 2, 0, 5),
    _item("twice-1", "twice", "b = a*a", "twice", 1, 2, 12),
    _item("twice-2", "twice", "the lecture's (a*b)*(a+b)", "two-ops", 2, 0, 6),
    _item("tanh-1", "tanh", "tanh's local derivative", "local", 3, 0, 2),
    _item("tanh-2", "tanh", "a neuron's tanh", "neuron", 2, 0, 3),
    _item("neuron-1", "neuron", "the weighted sum, to an input", "neuron", 1, 0, 15),
    _item("neuron-2", "neuron", "through the tanh, to an input", "neuron", 3, 0, 1),
    _item("descent-1", "descent", "the update itself", "descent", 1, 0, 2),
    _item("descent-2", "descent", "the update on a squared error", "descent", 2, 0, 5),
    _item("zero-1", "zero_grad", "backward() twice", "accumulate", 1, 0, 7),
    _item("zero-2", "zero_grad", "two steps of a loop", "accumulate", 2, 0, 16),
)


def find_skill(skill_id: str) -> Skill | None:
    return next((s for s in SKILLS if s.id == skill_id), None)


def find_item(item_id: str, items=None) -> Item | None:
    return next((i for i in (items or ITEMS) if i.id == item_id), None)


def items_of(skill_id: str, items=None) -> list[Item]:
    return [i for i in (items or ITEMS) if i.skill == skill_id]


def problem_of(item: Item, form: str) -> "Problem":
    """The item's drill in this form, made by its generator: form B with other names."""
    from lessons.practice.skills import make_problem
    from tutor.concepttest.forms import renamed

    source = item.source(form)
    problem = make_problem(source.generator, source.level, source.seed)
    return renamed(problem) if form == "B" else problem


def first_form(learner: str) -> str:
    """The form a learner takes first (before the course): A or B, by a hash of the name."""
    return FORMS[zlib.crc32(learner.encode("utf-8", "replace")) % 2]


def other_form(form: str) -> str:
    return "B" if form == "A" else "A"
