"""What the build screen's header and panel say: the exercise and its state, the hints given,
the reference solution's state, the last check."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tutor.buildtrack import stages
from tutor.buildtrack.exercises import EXERCISES, Exercise
from tutor.buildtrack.report import code_view, hint_view
from tutor.buildtrack.track import SOLUTION_AFTER

__all__ = ["header_text", "hints_text", "solution_text", "last_check_text"]


def header_text(ex: Exercise, state: str, passed: int, width: int) -> Text:
    """'Build micrograd  2/12 + and *, forward  micrograd/engine.py  saved  passed 2/12'.

    Narrower than that, the track's name is left out, then the exercise's title is
    shortened (with an ellipsis), then the file is left out: the state and the count
    always show in full."""
    total = len(EXERCISES)
    tail = [("  ", ""), (state, "yellow" if state != "saved" else "dim"),
            (f"  passed {passed}/{total}", "")]
    for name, file, least in ((True, True, len(ex.title)), (False, True, len(ex.title)),
                              (False, True, 8), (False, False, 8)):
        head = [("Build micrograd", "bold"), ("  ", "")] if name else []
        head.append((f"{ex.number}/{total} ", ""))
        after = [("  ", ""), (ex.file, "dim")] if file else []
        room = width - sum(len(t) for t, _ in head + after + tail)
        if room >= min(len(ex.title), least):
            title = ex.title if len(ex.title) <= room else ex.title[:room - 1].rstrip() + "…"
            return Text.assemble(*head, title, *after, *tail, no_wrap=True)
    return Text.assemble((f"{ex.number}/{total} ", ""), *tail[1:], no_wrap=True)


def hints_text(ex: Exercise, given: int):
    """The hints given so far, and how to get the next one (or that there are no more)."""
    if not given:
        return Text(f"{len(ex.hints)} hints: F2 gives the next one.", style="dim")
    if given < len(ex.hints):
        return hint_view(ex, given)
    return Group(hint_view(ex, given),
                 Text("\nNo more hints: F3 shows the reference solution.", style="dim"))


def solution_text(track, ex: Exercise, asked: bool):
    """The reference solution, once shown; else when and how it opens."""
    if track.exercise_state(ex).get("solution"):
        return code_view(stages.solution_text(ex.id))
    if track.solution_open(ex):
        return Text("The reference code (the lecture's way) is ready: F3 shows it.",
                    style="dim")
    left = max(SOLUTION_AFTER - track.count("failed", ex), 0)
    return Text("The reference code (the lecture's way) opens here after "
                f"{SOLUTION_AFTER} failed checks ({left} to go), or when you press F3 twice."
                + ("\n\nPress F3 again to see it now." if asked else ""), style="dim")


def last_check_text(last: str | None, passed: bool) -> Text:
    """The Check tab before this session's first check: the last result, or how to check."""
    if last:
        return Text.assemble((f"Last check: {'PASS' if passed else 'FAIL'}: {last}",
                              "green" if passed else "bold"),
                             ("\n\nPress F5 to check again and see the details.", "dim"))
    return Text("No check yet. Press F5 to check your code (ctrl+s saves and checks).",
                style="dim")
