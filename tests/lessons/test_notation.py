"""One notation in every lesson text: totals dL/dc with a node's name (or a bracketed
compound) after the d, chain-rule products with *, and no bare arithmetic left as a
question's explanation."""

import re

import pytest

from lessons.course import all_lessons
from lessons.steps import Question, Recap, Say

from lesson_walk import walk

# a total derivative dL/d followed by something that is not a name or a bracket
MALFORMED_TOTAL = re.compile(r"\bd\w+/d(?=$|[^\w(])|\bd\w+/dnode\b")
# a derivative, then a middle dot: the course multiplies with * everywhere
DOT_PRODUCT = re.compile(r"[d∂]\S*/[d∂]\S*\s*·")
# an explanation that is only numbers, like "-2 x -3"
BARE_ARITHMETIC = re.compile(r"^\s*-?[\d.]+\s*[x*]\s*-?[\d.]+\s*$")


def texts(step) -> list[str]:
    """Every string of a step a learner reads."""
    found = []
    if isinstance(step, Say):
        found.append(step.text)
    if isinstance(step, Recap):
        found += list(step.points)
    found.append(getattr(step, "caption", "") or "")
    if isinstance(step, Question):
        found += [step.prompt, step.why, *step.hints, *(why for _, why in step.mistakes)]
        found += list(getattr(step, "notes", ())) + list(getattr(step, "choices", ()))
    return [t for t in found if t]


@pytest.mark.parametrize("lesson", all_lessons(), ids=lambda lesson: lesson.id)
def test_lesson_texts_keep_the_course_notation(lesson):
    for step in walk(lesson.script) + walk(lesson.script, correct=False):
        for text in texts(step):
            assert not MALFORMED_TOTAL.search(text), text
            assert not DOT_PRODUCT.search(text), text
        if isinstance(step, Question):
            assert not BARE_ARITHMETIC.match(step.why), step.why
