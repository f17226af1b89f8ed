"""The test's part of ``micrograd-tutor check``: both forms of every item parallel and right.

For each item: both forms are made by their generator without an error; they have the same
answer kind and the same structure (``forms.shape``: generator, level, graph, question,
the answer's sign) and other numbers (``forms.differs``); and in each form the engine's
answer agrees with the lecture's numerical check (central differences on the same
program, ``Problem.numeric``), is accepted when typed, and a wrong answer is not.  Ends
with one line:

    test items: N  forms: 2N  failures: F
"""

from __future__ import annotations

import math

from lessons.steps import AskSign
from tutor.concepttest.forms import differs, shape
from tutor.concepttest.items import FORMS, ITEMS, SKILLS, problem_of
from tutor.grading import Unreadable, is_correct, parse_answer

__all__ = ["check_forms", "form_problems", "H"]

H = 1e-5


def _typed(q, answer) -> str:
    if q.kind == "sign":
        return {1: "+", -1: "-", 0: "0"}[answer]
    return repr(float(answer))


def _accepted(q, text: str) -> bool:
    try:
        return is_correct(q, parse_answer(q, text))
    except Unreadable:
        return False


def form_problems(problem) -> list[str]:
    """What is wrong with one form on its own: its answer is not the numerical check's,
    or typing it (or a wrong one) is graded wrongly."""
    q = problem.question
    found = []
    slope = problem.numeric(H)
    if isinstance(q, AskSign):
        agrees = (0 if abs(slope) < 1e-6 else (1 if slope > 0 else -1)) == q.answer
    else:
        agrees = math.isclose(slope, q.answer, rel_tol=1e-5, abs_tol=1e-6)
    if not agrees:
        found.append(f"the engine's answer {q.answer!r} is not the numerical check's "
                     f"{slope:.6g}")
    if not _accepted(q, _typed(q, q.answer)):
        found.append(f"the right answer {_typed(q, q.answer)} is not accepted")
    wrong = -q.answer if q.kind == "sign" and q.answer else (
        1 if q.kind == "sign" else q.answer + 1000 + 10 * abs(q.answer))
    if _accepted(q, _typed(q, wrong)):
        found.append(f"a wrong answer {_typed(q, wrong)} is accepted")
    return found


def check_forms(out=print, items=None) -> int:
    """Check every item's two forms (default: the test's); print a line per item; return
    the number of failures."""
    items = ITEMS if items is None else items
    failures = 0
    skills = {skill.id for skill in SKILLS}
    for item in items:
        problems: list[str] = []
        made = {}
        if item.skill not in skills:
            problems.append(f"no test skill called {item.skill!r}")
        for form in FORMS:
            try:
                made[form] = problem_of(item, form)
            except Exception as e:      # a generator that fails is reported, not raised
                problems.append(f"form {form} cannot be made: {type(e).__name__}: {e}")
        if len(made) == len(FORMS):
            a, b = made["A"], made["B"]
            if a.question.kind != b.question.kind:
                problems.append(f"form A asks for a {a.question.kind}, form B for a "
                                f"{b.question.kind}")
            elif shape(a) != shape(b):
                problems.append("forms A and B differ in structure: "
                                + _difference(shape(a), shape(b)))
            if not differs(a, b):
                problems.append("forms A and B have the same numbers")
            for form, problem in made.items():
                problems += [f"form {form}: {p}" for p in form_problems(problem)]
        failures += len(problems)
        status = "ok  " if not problems else "FAIL"
        kind = made["A"].question.kind if "A" in made else "?"
        out(f"{status} test {item.id:<13} A/B  {kind:<6} {item.what}")
        for p in problems:
            out(f"       {p}")
    out(f"test items: {len(items)}  forms: {len(FORMS) * len(items)}  failures: {failures}")
    return failures


_PARTS = ("generator", "level", "question", "answer kind", "node asked about", "graph",
          "code", "prompt", "steps before the question", "given numbers", "answer's sign")


def _difference(a: tuple, b: tuple) -> str:
    return ", ".join(name for name, x, y in zip(_PARTS, a, b) if x != y) or "?"
