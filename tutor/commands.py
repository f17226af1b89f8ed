"""The small commands: list, reset and check."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from lessons.course import COURSE, find_lesson
from tutor.store import open_store

__all__ = ["list_lessons", "reset", "check"]


def list_lessons(console: Console | None = None) -> int:
    """Chapters and lessons with their ids, status and score.  On a terminal a table
    whose titles wrap between words; piped or in a file, plain lines as wide as they
    need, columns lined up, no trailing spaces."""
    console = console or Console(highlight=False)
    progress = open_store()
    if progress.warning:
        console.print(Text(progress.warning, style="yellow"))  # a '[' is not markup
    rows = []                    # (chapter heading, None) or (None, [id, title, status, score])
    for number, chapter in enumerate(COURSE, 1):
        rows.append((f"{number}. {chapter.title}", None))
        for lesson in chapter.lessons:
            score = progress.score(lesson.id)
            rows.append((None, [lesson.id, lesson.title, progress.status(lesson.id),
                                f"{score[0]}/{score[1]}" if score and score[1] else ""]))
    _print_rows(console, rows, wrap_column=1)
    console.print("Open one with: micrograd-tutor LESSON   (or --plain LESSON for line mode)",
                  soft_wrap=True)
    _list_skills(console, progress)
    return 0


def _list_skills(console: Console, progress) -> None:
    """The practice skills after the lessons: id, title, new/learning/mastered, review."""
    from tutor.practice.cli import skill_rows

    console.print()
    _print_rows(console, [("Practice skills", None)] + [(None, list(row))
                                                          for row in skill_rows(progress)],
                wrap_column=1)
    console.print("Practise with: micrograd-tutor practice [SKILL]   (or: worksheet)",
                  soft_wrap=True)
    console.print("Your own expressions: micrograd-tutor playground", soft_wrap=True)


def _print_rows(console: Console, rows, wrap_column: int) -> None:
    """Headings and rows of cells.  On a terminal a table whose wrap_column wraps between
    words; piped or in a file, plain lines with the columns lined up, no trailing spaces."""
    width = max(len(cells) for _, cells in rows if cells)
    if console.is_terminal:
        table = Table(box=None, show_header=False, pad_edge=False)
        for i in range(width):
            table.add_column(style="bold" if i == 0 else "", no_wrap=i != wrap_column,
                             overflow="fold" if i == wrap_column else "ellipsis")
        for heading, cells in rows:
            if heading:
                table.add_row(Text(heading, style="underline"), *[""] * (width - 1))
            else:
                table.add_row(*cells)
        console.print(table)
        return
    widths = [max(len(cells[i]) for _, cells in rows if cells) for i in range(width)]
    for heading, cells in rows:
        line = heading or "  ".join(c.ljust(w) for c, w in zip(cells, widths))
        console.print(line.rstrip(), markup=False, highlight=False, soft_wrap=True)


def reset(lesson_id: str | None, assume_yes: bool = False, stdin=None, out=print) -> int:
    stdin = stdin or sys.stdin
    progress = open_store()
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


def authoring_guide():
    """Where the guide to writing lessons is, in this copy (installed ones too)."""
    from pathlib import Path

    import lessons

    return Path(lessons.__file__).with_name("AUTHORING.md")


def check(out=print) -> int:
    from tutor.check import check_course

    from tutor.concepttest.check import check_forms

    out(f"Writing a lesson: see {authoring_guide()}")
    failures = check_course(out)
    failures += check_forms(out)          # the pre/post test: both forms of every item
    return 1 if failures else 0
