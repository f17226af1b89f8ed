"""What the stored ids stand for: lessons, questions, skills, build exercises and mistake kinds, in words.

An event names its question by ids (``intro`` and ``q-3f2a...``, ``plus`` and
``plus/level-2``); the teacher reads titles and prompts.  The course's questions are
found by walking every lesson once with an always-right learner (about 0.2 s, done
once per process, the first time a label is asked for); a question the walk does not
meet (a lesson that changed its wording since) keeps its id.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Question", "lessons", "skills", "exercises", "course_questions", "question_label",
           "subject_title", "mistake_name", "MISTAKE_NAMES"]

# what each diagnosed kind (tutor.mistakes, tutor.buildtrack's checks) means to a teacher
MISTAKE_NAMES = {
    "missing-path": "left out a path (a node used twice)",
    "wrong-local": "a wrong local derivative",
    "dropped-factor": "left out a factor further up",
    "no-upstream": "the local derivative without the gradient from above",
    "added": "added where the chain rule multiplies",
    "sign": "right size, wrong sign",
    "forward": "the forward value instead of the gradient",
    "declared": "a slip the lesson names (a wrong choice, an expected slip)",
    "sign-path": "the wrong direction along the paths",
    "grad": "build: a wrong gradient",
    "value": "build: a wrong forward value",
    "error": "build: the code raised an error",
    "timeout": "build: the code took too long",
}


@dataclass(frozen=True)
class Question:
    """A course question: its lesson, its place in it (from 1) and its prompt."""

    lesson: str
    number: int
    prompt: str


@lru_cache(maxsize=1)
def lessons() -> tuple[tuple[str, str], ...]:
    """(id, title) of every lesson, in the course's order."""
    from lessons.course import all_lessons

    return tuple((lesson.id, lesson.title) for lesson in all_lessons())


@lru_cache(maxsize=1)
def skills() -> tuple[tuple[str, str], ...]:
    """(id, title) of every practice skill, in the course's order."""
    from lessons.practice.skills import SKILLS

    return tuple((skill.id, skill.title) for skill in SKILLS)


@lru_cache(maxsize=1)
def exercises() -> tuple[tuple[str, str], ...]:
    """(id, title) of every build exercise, in order."""
    from tutor.buildtrack.exercises import EXERCISES

    return tuple((exercise.id, exercise.title) for exercise in EXERCISES)


_walking = threading.Lock()     # one walk, whichever thread asks first (the others wait)


def course_questions() -> dict[str, Question]:
    """item id -> Question, for every question the course asks an always-right learner."""
    with _walking:
        return _walk()


@lru_cache(maxsize=1)
def _walk() -> dict[str, Question]:
    from lessons.course import all_lessons
    from lessons.steps import Outcome
    from lessons.steps import Question as Asked
    from tutor.store.events import item_id

    found: dict[str, Question] = {}
    for lesson in all_lessons():
        number = 0
        try:
            script = lesson.script()
            step = next(script)
            while True:
                reply = None
                if isinstance(step, Asked):
                    number += 1
                    found.setdefault(item_id(step.prompt),
                                     Question(lesson.id, number, step.prompt))
                    reply = Outcome(correct=True, attempts=1)
                step = script.send(reply)
        except StopIteration:
            pass
        except Exception:        # a lesson being written: its questions keep their ids
            continue
    return found


def subject_title(track: str, subject: str) -> str:
    """The lesson's, skill's or exercise's title (the id itself when unknown)."""
    table = {"course": lessons(), "practice": skills(), "build": exercises()}.get(track, ())
    return dict(table).get(subject, subject)


def question_label(track: str, subject: str, item: str) -> tuple[str, str]:
    """(a short label, the question in full) of a stored question."""
    if track == "course":
        asked = course_questions().get(item)
        if asked is not None and asked.lesson == subject:
            return f"{subject} Q{asked.number}", asked.prompt
        return f"{subject} {item}", f"{subject_title(track, subject)}: question {item}"
    if track == "practice":
        level = item.rpartition("/level-")[2] if "/level-" in item else ""
        short = f"{subject} L{level}" if level else (item or subject)
        return short, f"Practice: {subject_title(track, subject)}" + (
            f", level {level}" if level else "")
    if track == "worksheet":
        return f"sheet {subject} {item}", f"Worksheet ({subject}): the grad of {item}"
    if track == "build":
        return f"build {subject}", f"Build: {subject_title(track, subject)}" + (
            f" ({item})" if item else "")
    return f"{track} {subject} {item}".strip(), f"{track}: {subject} {item}".strip()


def mistake_name(kind: str) -> str:
    return MISTAKE_NAMES.get(kind, kind)
