"""Putting an exercise's code back as it was when it began: the plan shown, a yes asked, backups kept."""

from __future__ import annotations

import sys

from tutor.buildtrack.workspace import FileProblem, Workspace

__all__ = ["reset"]


def reset(exercise, folder=None, assume_yes=False, stdin=None, out=print) -> int:
    """Show what resetting the exercise changes, ask (unless ``assume_yes``), then reset;
    0 when reset, 1 when the learner said no, 2 when ``folder`` is not there or one of
    its files is something else than a file (a folder, a FIFO...): nothing is changed."""
    workspace = Workspace(folder)
    if folder is not None and not workspace.root.is_dir():    # never made by a reset
        out(f"There is no folder {workspace.root}: nothing to reset.")
        return 2
    try:
        workspace.check_files(exercise)      # before the question: a no-go says so at once
    except FileProblem as e:
        out(_not_reset(e))
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
    try:
        changes = workspace.reset(exercise)
    except FileProblem as e:                 # made so while the question was asked
        out(_not_reset(e))
        return 2
    except OSError as e:
        out(f"Could not reset: {e.strerror or e}" + (f" ({e.filename})" if e.filename else ""))
        return 1
    for change in changes:
        out(change.message)
    return 0


def _not_reset(problem) -> str:
    return (f"{problem}: nothing was reset. Move it away (the tutor then starts a new one) "
            "or put a file in its place, then reset again.")
