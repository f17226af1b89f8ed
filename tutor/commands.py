"""The small commands: list, reset and check."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from lessons.course import COURSE, find_lesson
from tutor.progress import Progress

__all__ = ["list_lessons", "reset", "check"]


def list_lessons(console: Console | None = None) -> int:
    console = console or Console(highlight=False)
    progress = Progress()
    if progress.warning:  # Text: a '[' in a path or a lesson id is not rich markup
        console.print(Text(progress.warning, style="yellow"))
    table = Table(box=None, show_header=False, pad_edge=False)  # one table: columns line up
    table.add_column("id", style="bold")
    table.add_column("title")
    table.add_column("status")
    table.add_column("score")
    for number, chapter in enumerate(COURSE, 1):
        table.add_row(Text(f"{number}. {chapter.title}", style="underline"), "", "", "",
                      end_section=False)
        for lesson in chapter.lessons:
            score = progress.score(lesson.id)
            table.add_row(lesson.id, lesson.title, progress.status(lesson.id),
                          f"{score[0]}/{score[1]}" if score and score[1] else "")
    console.print(table)
    console.print("Open one with: micrograd-tutor LESSON   (or --plain LESSON for line mode)")
    _list_skills(console, progress)
    return 0


def _list_skills(console: Console, progress) -> None:
    """The practice skills after the lessons: id, title, new/learning/mastered, review."""
    from tutor.practice.cli import skill_rows

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("title", no_wrap=True, overflow="ellipsis")
    table.add_column("status", no_wrap=True)
    table.add_column("review", no_wrap=True)
    for row in skill_rows(progress):
        table.add_row(*row)
    console.print()
    console.print(Text("Practice skills", style="underline"))
    console.print(table)
    console.print("Practise with: micrograd-tutor practice [SKILL]   (or: worksheet)")
    console.print("Your own expressions: micrograd-tutor playground")


def reset(lesson_id: str | None, assume_yes: bool = False, stdin=None, out=print) -> int:
    stdin = stdin or sys.stdin
    progress = Progress()
    what = f"your progress in '{find_lesson(lesson_id).title}'" if lesson_id else \
        "ALL your progress"
    if not assume_yes:
        out(f"Forget {what}? [y/N] ", end="")
        answer = stdin.readline()
        if answer.strip().lower() not in ("y", "yes"):
            out("Nothing was changed." if answer else "\nNothing was changed.")
            return 1
    progress.reset(lesson_id)
    if progress.save_error:  # never "Forgot" when the file still says otherwise
        out(f"Nothing was changed: {progress.save_error.split(';')[0]}.")
        return 1
    out(f"Forgot {what}.")
    return 0


def check(out=print) -> int:
    from tutor.check import check_course

    return 1 if check_course(out) else 0
