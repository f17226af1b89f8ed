"""``micrograd-tutor check``: the lesson author's check.

Runs every lesson headlessly twice: once with a learner who always answers
right (every answer must be accepted at the first try) and once with one who
always answers wrong (every question must end in a reveal that explains).
Training steps run a few updates.  On the way it reports every question whose
answer is already on screen (``tutor.giveaways``), every common slip that no rule or
declared mistake names and every wrong choice with no note saying what it stands
for (``tutor.common_slips``), and at the end where the
right choices of the whole course sit.  Ends with one line:

    lessons: N  questions: M  failures: F
"""

from __future__ import annotations

import math

from lessons import steps as S
from lessons.course import all_lessons
from tutor.common_slips import unexplained_choices, unnamed_slips
from tutor.giveaways import Screen, choice_balance, giveaway, hint_problem, precision_problem
from tutor.hints import hints_for
from tutor.runner import MAX_ATTEMPTS, LessonError, LessonRun

__all__ = ["check_course", "right_answer", "wrong_answer"]

MIN_QUESTIONS = 3
TRAIN_STEPS_CHECKED = 3


def right_answer(q: S.Question) -> str:
    if q.kind == "sign":
        return {1: "+", -1: "-", 0: "0"}[q.answer]
    if q.kind == "choice":
        return str(q.answer + 1)
    return repr(q.answer)


def wrong_answer(q: S.Question) -> str:
    if q.kind == "sign":
        return {1: "-", -1: "+", 0: "+"}[q.answer]
    if q.kind == "choice":
        return str((q.answer + 1) % len(q.choices) + 1)
    return repr(q.answer + 1000 + 10 * abs(q.answer))


def _walk(lesson, learner: str, choices: list | None = None) -> tuple[int, list[str]]:
    """Run one lesson with one scripted learner; (questions, problems).

    The right learner also looks for answers already on screen, and notes in
    ``choices`` where each multiple-choice question's right answer sits."""
    problems: list[str] = []
    asked = 0
    run = LessonRun(lesson)
    screen = Screen.empty()
    while not run.finished:
        step = run.step
        if isinstance(step, S.Question) and learner == "right":
            where = f"question {asked + 1} ({step.prompt[:40]!r})"
            for label, found in (("answer on screen", giveaway(step, screen)),
                                 ("precision", precision_problem(step)),
                                 ("hints", hint_problem(step, hints_for(step))),
                                 ("slips no rule names", ", ".join(unnamed_slips(step))),
                                 ("wrong choices with no note",
                                  "; ".join(map(repr, unexplained_choices(step))))):
                if found:
                    problems.append(f"{where}: {label}: {found}")
            if isinstance(step, S.AskChoice) and choices is not None:
                choices.append((step.correct, len(step.choices)))
            screen = Screen.empty()
        else:
            screen.add(step)
        if isinstance(step, S.Train):
            _, updates = step.start()
            for s, _ in zip(updates, range(TRAIN_STEPS_CHECKED)):
                if not math.isfinite(s.loss):
                    problems.append(f"training gave a loss of {s.loss}")
        if run.awaiting_answer:
            q = run.question
            asked += 1
            where = f"question {asked} ({q.prompt[:40]!r})"
            if learner == "right":
                fb = run.answer(right_answer(q))
                if fb.status != "correct":
                    problems.append(f"{where}: the right answer {right_answer(q)} was "
                                    f"not accepted ({fb.message})")
                    run.reveal()
            else:
                fb = None
                for _ in range(MAX_ATTEMPTS):
                    fb = run.answer(wrong_answer(q))
                    if fb.done:
                        break
                if fb.status != "revealed":
                    problems.append(f"{where}: a wrong answer ended as {fb.status!r}")
                    if run.awaiting_answer:
                        run.reveal()
                elif not (fb.explanation or fb.answer):
                    problems.append(f"{where}: revealed with no explanation")
        run.advance()
    if asked < MIN_QUESTIONS:
        problems.append(f"only {asked} questions (a lesson needs at least {MIN_QUESTIONS})")
    return asked, problems


def check_course(out=print) -> int:
    """Check every lesson; print a report; return the number of failures."""
    lessons = all_lessons()
    total_questions = failures = 0
    choices: list[tuple[int, int]] = []
    for lesson in lessons:
        problems: list[str] = []
        asked = 0
        for learner in ("right", "wrong"):
            try:
                n, found = _walk(lesson, learner, choices if learner == "right" else None)
            except LessonError as e:
                n, found = 0, [str(e)]
            except Exception as e:  # a broken lesson must be reported, not crash the check
                n, found = 0, [f"{type(e).__name__}: {e}"]
            asked = max(asked, n)
            problems += [f"{learner} learner: {p}" for p in found]
        total_questions += asked
        failures += len(problems)
        status = "ok  " if not problems else "FAIL"
        out(f"{status} {lesson.id:<18} {asked:2d} questions  {lesson.title}")
        for p in problems:
            out(f"       {p}")
    balance = choice_balance(choices)
    many = sum(1 for _, n in choices if n >= 3)
    status = "ok  " if not balance else "FAIL"
    out(f"{status} {'choices':<18} {len(choices):2d} questions  right answers spread over the "
        f"positions ({many} with 3+ options, {len(choices) - many} with 2)")
    for p in balance:
        out(f"       {p}")
    failures += len(balance)
    out(f"lessons: {len(lessons)}  questions: {total_questions}  failures: {failures}")
    return failures


