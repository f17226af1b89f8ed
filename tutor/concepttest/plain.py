"""The pre/post test in line mode, and the course's line-mode offers of it.

    micrograd-tutor pretest --plain        (and posttest)

It runs on the course's line-mode tutor (``tutor.plain.PlainTutor``: its console, its
reading of input, its drawing of code and trees), handed in rather than imported, since
the course's line mode calls ``offer`` here.  At a question: the answer, ``skip``, or
``quit``; end of input or Ctrl+C leaves too, every answer already saved.
"""

from __future__ import annotations

from rich.markdown import Markdown
from rich.text import Text

from lessons.steps import Code
from tutor.concepttest.results import GAIN_NOTE, results_table, taken
from tutor.concepttest.session import TestRun
from tutor.concepttest.state import blocked, due_offer
from tutor.concepttest.texts import end_line, opening
from tutor.hints import prompt_text

__all__ = ["run_test_lines", "offer", "LeaveTest", "QUIT_WORDS"]

QUIT_WORDS = ("quit", "exit", "q")         # as in the course's line mode
TAKE_WORDS = ("t", "test", "y", "yes")
KINDS = {"sign": "+ / - / 0, or skip", "number": "a number, or skip"}


class LeaveTest(EOFError):
    """The learner typed quit: they leave as at the end of input (the course's line mode
    says goodbye to both)."""


def _lessons_done(progress) -> int:
    from lessons.course import all_lessons

    return sum(progress.status(lesson.id) == "done" for lesson in all_lessons())


def run_test_lines(tutor, phase: str) -> None:
    """The test, question by question, until it is over; then the learner's table.
    Raises LeaveTest (quit), or what ``tutor.ask`` raises at the end of input."""
    c = tutor.console
    progress = tutor.progress
    run = TestRun(progress, phase)
    c.rule(Text(run.name.capitalize(), style="bold"))
    problem = blocked(progress, phase)
    if problem:
        c.print(Text(problem, style="yellow"))
        return
    if run.done:
        c.print(f"You have taken the {run.name} already; your answers stay as they were.")
        show_results(tutor, run)
        return
    c.print(Markdown(opening(run, _lessons_done(progress))))
    while not run.done:
        ask_one(tutor, run)
        tutor.tell_save_error()
    show_results(tutor, run, end=True)


def ask_one(tutor, run: TestRun) -> None:
    c = tutor.console
    problem = run.problem()
    c.rule(Text(f"Question {run.number} of {run.total}", style="dim"), style="dim")
    tutor.last_tree = None
    tutor.show(Code(problem.source))
    for step in problem.before:
        tutor.show(step)
    q = problem.question
    tutor.show(q)                                    # the graph, for a gradient question
    c.print(Text(f"\nQ. {prompt_text(q)}", style="bold cyan"))
    run.shown()
    while True:
        text = tutor.ask(f"Your answer ({KINDS.get(q.kind, KINDS['number'])}; or quit): ")
        if text.lower() in QUIT_WORDS:
            raise LeaveTest
        reply = run.answer(text)
        if reply.status == "saved":
            c.print(Text(reply.message, style="dim"))
            return
        c.print(Text(reply.message, style="yellow"))


def show_results(tutor, run: TestRun, end: bool = False) -> None:
    c = tutor.console
    if end:
        c.print(Text(end_line(run, taken(run.progress, "pre")), style="bold"))
    c.print(results_table(run.progress))
    c.print(Text(GAIN_NOTE, style="dim"))


def offer(tutor, where: str) -> None:
    """The course's offer, at its start (``where="start"``: the pretest, before lesson 1)
    or after its last lesson (``"end"``: the posttest); one line, Enter skips it."""
    phase = due_offer(tutor.progress)
    if phase != {"start": "pre", "end": "post"}[where]:
        return
    run = TestRun(tutor.progress, phase)
    went = f" (you answered {run.number - 1} of {run.total})" if run.number > 1 else ""
    if phase == "pre":
        question = (f"Before lesson 1: the pretest{went}, {run.total} questions on what you "
                    "know now, no feedback. Type t and Enter to take it, or just Enter to "
                    "start lesson 1: ")
    else:
        question = (f"Now the posttest{went}: {run.total} questions, the same kinds as the "
                    "pretest, to measure what the course taught you. Type t and Enter to "
                    "take it, or just Enter to finish: ")
    reply = tutor.ask(question)
    if reply.lower() in QUIT_WORDS:
        raise LeaveTest
    if reply.lower() in TAKE_WORDS:
        run_test_lines(tutor, phase)
