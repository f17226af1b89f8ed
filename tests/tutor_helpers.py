"""The lecture's graphs and a tiny stand-in for a course lesson, shared by the tutor tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lessons._l_graph import build
from lessons.steps import AskChoice, AskGrad, AskSign, Recap, RevealBackward, Say, Show, labelled


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


# --- a small lesson on the lecture's L, for the runner's tests ----------------------------

def lecture_script():
    """A small lesson on the lecture's L, with a step that depends on each outcome."""
    g = lecture_L()
    yield Say("intro")
    yield Show(g["L"], highlight=[g["a"]])
    got = yield AskSign(out=g["L"], wrt=g["a"], hints=["Think of e = a*b first."])
    yield Say(f"sign: correct={got.correct} attempts={got.attempts} revealed={got.revealed}")
    got = yield AskGrad(out=g["L"], wrt=g["c"])
    yield Say(f"grad: correct={got.correct} attempts={got.attempts} revealed={got.revealed}")
    yield RevealBackward(g["L"])
    got = yield AskChoice("Which way is backward?", choices=["leaves first", "output first"],
                          correct=1)
    yield Say(f"choice: correct={got.correct}")
    yield Recap(["done"])


LECTURE = FakeLesson("lecture", lecture_script)
N_QUESTIONS = 3


def answer_all_right(run):
    while not run.finished:
        if run.awaiting_answer:
            fb = run.answer(right_text(run.question))
            assert fb.status == "correct", fb.message
        run.advance()


def go_to_question(run, kind=None):
    """Advance (answering right on the way) to the next open question, of this kind if given."""
    while not (run.awaiting_answer and (kind is None or run.question.kind == kind)):
        if run.awaiting_answer:
            run.answer(right_text(run.question))
        run.advance()
    return run.question
