"""Every lesson, run in line mode, draws its expressions by one rule (issue 16).

The whole transcript a learner reads, with a wrong try, a hint and the reveal at each
question: the trees, the backward passes, the forward lines, the hints and feedback.
"""

import io
import itertools
import re

import pytest
from rich.console import Console

from expression_check import bare_negative_operands, doubled_brackets
from lessons.course import all_lessons
from tutor.plain import PlainTutor
from tutor.progress import Progress

class Learner(PlainTutor):
    """At each question a (likely) wrong try, a hint, then the reveal; after a training
    run, Enter (no reruns)."""

    def __init__(self, console):
        super().__init__(console, stdin=io.StringIO(), progress=Progress())
        self.tries = itertools.cycle(["0", "hint", "reveal"])

    def ask(self, prompt: str) -> str:
        self.console.print(prompt)
        return "" if prompt.startswith("Run it again?") else next(self.tries)


def transcript(lesson) -> str:
    out = io.StringIO()
    Learner(Console(file=out, width=100, color_system=None)).run_lesson(lesson)
    return out.getvalue()


@pytest.mark.parametrize("lesson", all_lessons(), ids=lambda lesson: lesson.id)
def test_a_lessons_transcript_draws_no_doubled_bracket_bare_negative_or_0_plus(lesson):
    text = transcript(lesson)
    assert "Lesson done" in text
    assert doubled_brackets(text) == []                  # relu((-1))
    drawn = [line for line in text.splitlines() if set(line) - set("+-ox ")]  # no region map
    assert bare_negative_operands("\n".join(drawn)) == []   # w2*-2, 2+-3
    assert "-(log(" not in text                          # -log(p)
    assert not re.search(r"(?<![\w.])0\+", text)          # sum(p*p), not 0+p*p
