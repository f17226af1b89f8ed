"""``micrograd-tutor progress``: a learner's own figures, from their own store only.

Lessons done (and in progress), practice mastery per skill, and the pretest and posttest
per skill with the gain.  It reads the store of the one learner who runs it (the OS user,
or ``--learner`` with a store URL as every command), never anyone else's rows.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from lessons.course import all_lessons
from tutor.concepttest.results import GAIN_NOTE, results_table, taken
from tutor.store import open_store

__all__ = ["print_figures", "lesson_counts"]


def lesson_counts(progress) -> tuple[int, int, int]:
    """(done, in progress, lessons in the course)."""
    statuses = [progress.status(lesson.id) for lesson in all_lessons()]
    return statuses.count("done"), statuses.count("in progress"), len(statuses)


def print_figures(console: Console | None = None, progress=None) -> int:
    console = console or Console(highlight=False)
    progress = progress or open_store()
    if progress.warning:
        console.print(Text(progress.warning, style="yellow"))
    done, going, total = lesson_counts(progress)
    console.print(Text("Lessons", style="bold underline"))
    console.print(f"{done} of {total} done, {going} in progress"
                  + ("" if done == total else "   (micrograd-tutor list shows which)"),
                  soft_wrap=True)
    console.print()
    _practice(console, progress)
    console.print()
    console.print(Text("Pretest and posttest", style="bold underline"))
    pre, post = taken(progress, "pre"), taken(progress, "post")
    console.print(results_table(progress))
    if pre and post:
        console.print(Text(GAIN_NOTE, style="dim"), soft_wrap=False)
    elif not pre and not post:
        console.print("Neither test taken yet: micrograd-tutor pretest (before the course), "
                      "micrograd-tutor posttest (after it).", soft_wrap=True)
    elif not post:
        console.print("The posttest after the last lesson shows your gain: micrograd-tutor "
                      "posttest.", soft_wrap=True)
    return 0


def _practice(console: Console, progress) -> None:
    from tutor.practice.cli import skill_rows

    rows = skill_rows(progress)
    mastered = sum(status == "mastered" for _, _, status, _ in rows)
    console.print(Text("Practice", style="bold underline"))
    console.print(f"{mastered} of {len(rows)} skills mastered", soft_wrap=True)
    table = Table(box=None, pad_edge=False, show_header=False, show_edge=False)
    for column in ("skill", "status", "review"):
        table.add_column(column, no_wrap=True)
    for _, title, status, review in rows:
        table.add_row(title, status, review)
    console.print(table)
