"""The lecture's graphs and a tiny stand-in for a course lesson, shared by the tutor tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lessons._l_graph import build
from lessons.steps import labelled


def lecture_L():
    """a=2, b=-3, c=10, f=-2; e=a*b, d=e+c, L=d*f (L = -8).  Returns a dict of nodes by label."""
    a, b, c, f = labelled(a=2.0, b=-3.0, c=10.0, f=-2.0)
    e, d, L = build(a, b, c, f)  # the graph the chapter-2 lessons build
    return dict(a=a, b=b, c=c, f=f, e=e, d=d, L=L)


def two_paths():
    """The lecture's used-twice example: a=-2, b=3, d=a*b, e=a+b, f=d*e (df/da = -3)."""
    from lessons.l13_used_twice import two_paths as lesson_graph

    return lesson_graph()   # the graph the used-twice lesson builds


@dataclass(frozen=True)
class FakeLesson:
    """Just what LessonRun uses of a course Lesson: an id and a fresh script."""

    id: str
    make: Callable

    def script(self):
        return self.make()


def right_text(q) -> str:
    """The right answer to a question, typed the way a learner would."""
    if q.kind == "sign":
        return {1: "+", -1: "-", 0: "0"}[q.answer]
    if q.kind == "choice":
        return str(q.answer + 1)
    return repr(float(q.answer))


def wrong_text(q) -> str:
    """A readable answer that is wrong and matches no diagnosed mistake."""
    if q.kind == "sign":
        return "0" if q.answer != 0 else "+"
    if q.kind == "choice":
        return str((q.answer + 1) % len(q.choices) + 1)
    return repr(float(q.answer) + 1234.5)
