"""The end of a lesson: its score, where ctrl+n and Enter go, and after the course's
last lesson, whether the whole course is done."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def finished_view(run, progress) -> Static:
    """'Lesson complete. Score 4/5 ...' for a finished ``LessonRun``."""
    from lessons.course import all_lessons

    right, asked = run.score
    lessons = all_lessons()
    ids = [lesson.id for lesson in lessons]
    text = Text()
    text.append("Lesson complete. ", style="bold green")
    text.append(f"Score {right}/{asked} (right without a reveal).\n")
    i = ids.index(run.lesson.id) if run.lesson.id in ids else -1
    if 0 <= i < len(lessons) - 1:
        text.append(f"ctrl+n: next lesson, {lessons[i + 1].title}.  ", style="dim")
    elif i == len(lessons) - 1:
        text.append_text(course_end(lessons, progress))
    text.append("Enter or Escape: back to the course.", style="dim")
    return Static(text, classes="step finished")


def course_end(lessons, progress) -> Text:
    """After the course's last lesson: the whole course done, or what is left."""
    left = [lesson for lesson in lessons if progress.status(lesson.id) != "done"]
    if not left:
        return Text(f"That was the last lesson: you have finished all {len(lessons)} "
                    "lessons of the course. Well done!\n", style="bold green")
    return Text(f"That was the course's last lesson. {len(left)} of {len(lessons)} "
                f"lessons are not done yet, starting with {left[0].title!r}; the course "
                "list has it highlighted.\n")
