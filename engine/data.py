"""Small datasets: the lecture's four examples and a seeded two-moons generator."""

import math
import random

__all__ = ["lecture_dataset", "make_moons"]


def lecture_dataset():
    """The lecture's 4 three-dimensional inputs and their targets."""
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    return xs, ys


def make_moons(n_samples=100, noise=0.1, rng=None):
    """Two interleaving half circles, labels -1 (upper moon) and +1 (lower moon).

    Pure Python, like scikit-learn's ``make_moons``: points are shuffled and get
    Gaussian noise of standard deviation ``noise``.  Seeded by ``rng``.
    """
    rng = rng if rng is not None else random.Random(1337)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    points = []
    for i in range(n_out):
        t = math.pi * i / max(n_out - 1, 1)
        points.append(([math.cos(t), math.sin(t)], -1.0))
    for i in range(n_in):
        t = math.pi * i / max(n_in - 1, 1)
        points.append(([1 - math.cos(t), 1 - math.sin(t) - 0.5], 1.0))
    rng.shuffle(points)
    xs = [[x + rng.gauss(0, noise), y + rng.gauss(0, noise)] for (x, y), _ in points]
    ys = [label for _, label in points]
    return xs, ys
