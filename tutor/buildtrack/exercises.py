"""The build track's exercises, in the lecture's order: statement, API, hints, regions.

Each exercise names the file it is about, the regions of that file it *adds*
(their starting code is in ``starter/``) and the earlier regions it *changes*
(``__add__`` gets closures in exercise 4, ``+=`` in 6, ...).  How each one is
checked is in ``tutor/buildtrack/checks.py``; the reference code of each stage is in
``solutions/``.  Statements are the tutor's own words; the API is the lecture's.
"""

from __future__ import annotations

from tutor.buildtrack.engine_exercises import ENGINE_EXERCISES
from tutor.buildtrack.exercise import ENGINE, NN, REGIONS, TRAIN, Exercise, Region
from tutor.buildtrack.network_exercises import NETWORK_EXERCISES

__all__ = ["Exercise", "Region", "EXERCISES", "REGIONS", "find_exercise", "ENGINE", "NN",
           "TRAIN"]

EXERCISES: list[Exercise] = ENGINE_EXERCISES + NETWORK_EXERCISES


def find_exercise(key: str | int | None) -> Exercise | None:
    """An exercise by id ('tanh') or number (8 or '8'); None if there is none."""
    if key is None:
        return None
    text = str(key).strip().lower()
    for exercise in EXERCISES:
        if text in (exercise.id, str(exercise.number)):
            return exercise
    return None
