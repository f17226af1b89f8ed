"""Where a learner stands in the pre/post test, from their store's "test" section, and what
the course offers.

Light on purpose (no generator, no grading; the item table only when it is needed): the
course list asks ``due_offer`` as it first draws, and in the middle of the course that
reads only the lessons' status.  The section: ``{"pre": {"form": "A", "answers": {"sign-1": true, ...},
"started": t, "finished": t}, "post": {...}}``, written by ``session.TestRun`` with each
answer's event.
"""

from __future__ import annotations


__all__ = ["SECTION", "NAMES", "phase_state", "form_for", "answered", "finished", "blocked",
           "due_offer"]

SECTION = "test"                 # the store's section (and the events' track)
NAMES = {"pre": "pretest", "post": "posttest"}


def phase_state(section: dict, phase: str) -> dict:
    """The section's part for one test, as far as it makes sense (a damaged one is empty)."""
    state = section.get(phase) if isinstance(section, dict) else None
    if not isinstance(state, dict):
        return {}
    answers = state.get("answers")
    state["answers"] = ({k: bool(v) for k, v in answers.items() if isinstance(k, str)}
                        if isinstance(answers, dict) else {})
    if state.get("form") not in ("A", "B"):
        state.pop("form", None)
    return state


def form_for(section: dict, learner: str, phase: str) -> str:
    """The form of this test: the one recorded, else the learner's first form before the
    course and the other one after it."""
    from tutor.concepttest.items import first_form, other_form

    recorded = phase_state(section, phase).get("form")
    if recorded:
        return recorded
    first = phase_state(section, "pre").get("form") or first_form(learner)
    return first if phase == "pre" else other_form(first)


def answered(progress, phase: str, items=None) -> int:
    """How many of the test's items are answered."""
    if items is None:
        from tutor.concepttest.items import ITEMS as items
    answers = phase_state(progress.section(SECTION), phase).get("answers", {})
    return sum(item.id in answers for item in items)


def finished(progress, phase: str, items=None) -> bool:
    if items is None:
        from tutor.concepttest.items import ITEMS as items
    return answered(progress, phase, items) == len(items)


def blocked(progress, phase: str) -> str | None:
    """Why this test cannot be taken now, or None."""
    if phase == "pre" and phase_state(progress.section(SECTION), "post").get("answers"):
        return ("You have taken the posttest already, so a pretest now would not measure "
                "what you knew before the course.")
    return None


def due_offer(progress) -> str | None:
    """The test the course offers now: "pre" on a first start (no lesson begun, the
    pretest not finished, the posttest not begun), "post" once the last lesson is done
    and until the posttest is finished; else None.  Going on without it skips it: a
    pretest is not offered once a lesson has begun (the command still runs it)."""
    from lessons.course import all_lessons

    lessons = all_lessons()
    if all(progress.status(lesson.id) == "new" for lesson in lessons):
        if not answered(progress, "post") and not finished(progress, "pre"):
            return "pre"
    elif lessons and progress.status(lessons[-1].id) == "done" and \
            not finished(progress, "post"):
        return "post"
    return None
