"""The view's figures as short cells and lines of text, the same in the full screen and in line mode.

Everything a learner typed goes through ``tutor.text.visible`` and into a rich ``Text``,
never into markup, so an answer such as ``[red]`` or ``ESC[2J`` shows as typed.
"""

from __future__ import annotations

from rich.text import Text

from tutor.text import visible

__all__ = ["ago", "ago_words", "plural", "percent", "typed", "lesson_cell", "skill_cell", "exercise_cell",
           "rate_cell", "seconds_cell", "discrimination_cell", "Marks"]


class Marks:
    """The few symbols the cells use, in a rich and an ASCII variant."""

    def __init__(self, ascii: bool = False):
        self.done = "x" if ascii else "✓"
        self.wrong = "-" if ascii else "✗"
        self.dash = "-" if ascii else "·"


def ago(then: float | None, now: float) -> str:
    """'now', '45s', '12m', '3h', '5d' before now ('' when never)."""
    if then is None:
        return ""
    seconds = max(now - then, 0)
    if seconds < 10:
        return "now"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def ago_words(then: float | None, now: float) -> str:
    """'just now', '12m ago' ('never' when never)."""
    short = ago(then, now)
    return "never" if not short else "just now" if short == "now" else f"{short} ago"


def plural(count: int, noun: str) -> str:
    """'1 lesson', '3 lessons'."""
    return f"{count} {noun}{'s' * (count != 1)}"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else ""


def typed(answer: str | None, most: int = 40) -> Text:
    """A learner's answer as it was typed, control characters written out, cut at most."""
    if answer is None:
        return Text("")
    shown = visible(answer)
    return Text(shown if len(shown) <= most else shown[:most - 1] + "…")


def lesson_cell(cell, marks: Marks) -> Text:
    """✓100 (done, right without a reveal), ~50 (in progress), · (not started)."""
    if cell is None:
        return Text(marks.dash, style="dim")
    score = f"{round(100 * cell.right / cell.asked)}" if cell.asked else ""
    if cell.status == "done":
        return Text(f"{marks.done}{score}", style="green")
    return Text(f"~{score}", style="yellow")


def skill_cell(cell, marks: Marks) -> Text:
    """M (mastered), L2 (learning, at level 2), · (new)."""
    if cell is None or cell.status == "new":
        return Text(marks.dash, style="dim")
    if cell.status == "mastered":
        return Text("M", style="green")
    return Text(f"L{cell.level}", style="yellow")


def exercise_cell(cell, marks: Marks) -> Text:
    """✓ (passed), ✗3 (failing, 3 failed checks), · (not checked yet)."""
    if cell is None or cell.status == "new":
        return Text(marks.dash, style="dim")
    if cell.status == "passed":
        return Text(marks.done, style="green")
    return Text(f"{marks.wrong}{cell.failed}", style="red")


def rate_cell(part: int, whole: int) -> Text:
    """A share, red below a third, yellow below two thirds."""
    if not whole:
        return Text("")
    share = part / whole
    return Text(percent(part, whole), style="red" if share < 1 / 3 else
                "yellow" if share < 2 / 3 else "green")


def seconds_cell(seconds: float | None) -> Text:
    if seconds is None:
        return Text("")
    return Text(f"{seconds:.0f}s" if seconds < 600 else f"{seconds / 60:.0f}m")


def discrimination_cell(r: float | None) -> Text:
    """r with two decimals: red below 0.1 (it tells strong from weak learners poorly)."""
    if r is None:
        return Text("")
    return Text(f"{r:+.2f}", style="red" if r < 0.1 else "yellow" if r < 0.3 else "")

