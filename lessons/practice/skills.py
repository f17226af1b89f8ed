"""The practice skills, in the order the course meets them, and their levels.

    problem = make_problem("plus", level=2, seed=7)     # the same problem every time

A skill has two or three levels, each a little harder; ``make_problem`` makes a
fresh problem of a skill at a level from a seed, so a teacher can hand out the
same set (``micrograd-tutor practice --seed N``) and a missed problem can come back
exactly as it was.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from lessons.practice.gen_graph import (make_chain, make_local, make_neuron, make_plus,
                                        make_sign, make_times, make_twice, make_two_ops)
from lessons.practice.gen_training import make_accumulate, make_descent
from lessons.practice.problem import Problem

__all__ = ["Skill", "SKILLS", "SKILL_IDS", "find_skill", "make_problem"]


@dataclass(frozen=True)
class Skill:
    id: str                        # typeable: micrograd-tutor practice plus
    title: str
    levels: tuple[str, ...]        # what each level adds, from level 1
    make: Callable[[random.Random, int, int], Problem]

    @property
    def top(self) -> int:
        return len(self.levels)


SKILLS: tuple[Skill, ...] = (
    Skill("local", "Local derivatives, one operation",
          ("minus, negation, a constant factor", "powers and division", "exp, tanh and relu"),
          make_local),
    Skill("plus", "Routing at a plus node",
          ("a sum under a product", "the lecture's graph, a sum of three",
           "a minus on the way"), make_plus),
    Skill("times", "The multiply swap",
          ("one product", "a product under a sum", "a product under a product"), make_times),
    Skill("chain", "Chains of three steps or more",
          ("three steps by constants", "a square on the way", "exp, relu or 1/x on the way"),
          make_chain),
    Skill("twice", "A node used twice",
          ("a + a and a*a", "inside a chain", "two nodes using the same input"), make_twice),
    Skill("two-ops", "One input, two different paths",
          ("through a sum and a product", "the lecture's (a*b)*(a+b)",
           "a power and a product, or three paths"), make_two_ops),
    Skill("neuron", "A neuron: sum, bias, tanh",
          ("the weighted sum", "through the tanh", "down to the weights and inputs"),
          make_neuron),
    Skill("sign", "The sign of a gradient, by eye",
          ("products and sums", "through tanh, exp or relu", "squares and two paths"),
          make_sign),
    Skill("descent", "One gradient-descent update",
          ("the update itself", "the update on a squared error", "too big a step?"),
          make_descent),
    Skill("accumulate", "Gradients add up without zero_grad",
          ("backward() twice", "two steps of a loop", "three steps of a loop"),
          make_accumulate),
)

SKILL_IDS = tuple(skill.id for skill in SKILLS)


def find_skill(skill_id: str) -> Skill | None:
    return next((s for s in SKILLS if s.id == skill_id), None)


def make_problem(skill_id: str, level: int, seed: int) -> Problem:
    """A fresh problem; the same (skill, level, seed) always gives the same problem."""
    skill = find_skill(skill_id)
    if skill is None:
        raise ValueError(f"no skill called {skill_id!r}")
    level = max(1, min(int(level), skill.top))
    return skill.make(random.Random(f"{skill_id}:{level}:{seed}"), level, seed)
