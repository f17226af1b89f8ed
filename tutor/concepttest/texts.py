"""What the pre/post test says to the learner, the same in both front ends: its opening,
the course's offer (light: the course list asks for it as it draws), and its end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.concepttest.state import NAMES, answered, due_offer

if TYPE_CHECKING:
    from tutor.concepttest.session import TestRun

__all__ = ["opening", "offer_line", "end_line", "RULES"]

RULES = ("No feedback and no hints during the test, and one try per question: type your "
         "answer, or skip if you do not know. An answer that cannot be read is explained "
         "and does not use up the try. Every answer is saved at once: leave whenever you "
         "like, and the test goes on from the same question next time.")


def opening(run: "TestRun", lessons_done: int = 0) -> str:
    """The test's first words (Markdown)."""
    count = f"{run.total} questions, two for each skill of the course"
    if run.phase == "pre":
        what = (f"**The pretest**: {count}, to measure what you know before the course. "
                "The posttest after the last lesson asks the same kinds of questions with "
                "other numbers, and shows you, skill by skill, what you gained.")
        if lessons_done:
            what += (f" You have done {lessons_done} lesson{'s' * (lessons_done != 1)} "
                     "already, so it measures what you know now.")
    else:
        what = (f"**The posttest**: {count}, the same kinds as the pretest with other "
                "numbers, to measure what the course taught you.")
    if run.number > 1 and not run.done:
        what += f" You have answered {run.number - 1} of {run.total}; on you go."
    return f"{what}\n\n{RULES}"


def offer_line(progress) -> tuple[str | None, str]:
    """(the test the course offers, or None; the one line offering it, key ``t``)."""
    phase = due_offer(progress)
    if phase is None:
        return None, ""
    from tutor.concepttest.items import ITEMS

    done, total = answered(progress, phase), len(ITEMS)
    if done:
        line = f"t: go on with the {NAMES[phase]} ({done} of {total} answered)"
    elif phase == "pre":
        line = f"t: the pretest first, {total} questions on what you know now"
    else:
        line = f"t: the posttest, {total} questions: what the course taught you"
    return phase, line + ("; Enter skips it" if phase == "pre" else "")


def end_line(run: "TestRun", pre_taken: bool) -> str:
    """Said when a test is over, above the learner's table."""
    if run.phase == "pre":
        return ("Pretest done, and saved. Your score per skill is below; the posttest after "
                "the last lesson (micrograd-tutor posttest) shows what you gained.")
    if not pre_taken:
        return ("Posttest done, and saved. You did not take the whole pretest, so there is "
                "no gain to show: your score per skill is below.")
    return "Posttest done, and saved. Before and after, skill by skill:"
