"""Putting an exercise's code back as it was when it began: the plan shown, a yes asked, backups kept."""

from __future__ import annotations

import sys

from tutor.buildtrack.workspace import Workspace

__all__ = ["reset"]


def reset(exercise, folder=None, assume_yes=False, stdin=None, out=print) -> int:
    """Show what resetting the exercise changes, ask (unless ``assume_yes``), then reset;
    0 when reset, 1 when the learner said no, 2 when ``folder`` is not there."""
    workspace = Workspace(folder)
    if folder is not None and not workspace.root.is_dir():    # never made by a reset
        out(f"There is no folder {workspace.root}: nothing to reset.")
        return 2
    plan = workspace.reset_plan(exercise)
    out(f"Reset exercise {exercise.label} in {workspace.root}:")
    for file, region, source in plan:
        out(f"  {file}: the part marked {region}, back to {source}")
    if not assume_yes:
        out("Your current version of each file is copied to backups/ first. Go on? [y/N] ",
            end="")
        answer = (stdin or sys.stdin).readline()
        if answer.strip().lower() not in ("y", "yes"):
            out("Nothing was changed." if answer else "\nNothing was changed.")
            return 1
    for change in workspace.reset(exercise):
        out(change.message)
    return 0
