"""Helpers for the build track's tests: workspaces at a given stage, with a mistake.

Checks run the real probe in a real child process; the limits here are generous
(a slow or busy machine must not turn a right answer into a timeout), except in
the tests about endless loops, which can only end by the limit.
"""

from __future__ import annotations

from pathlib import Path

from tutor.buildtrack import stages
from tutor.buildtrack.checks import run_check
from tutor.buildtrack.exercises import find_exercise
from tutor.buildtrack.sandbox import Limits
from tutor.buildtrack.workspace import Workspace

GENEROUS = Limits(seconds=60)
E, N, T = "micrograd/engine.py", "micrograd/nn.py", "train.py"


def solved_workspace(root: Path, done: int = 12, started: int = 12) -> Workspace:
    """A workspace with exercises 1..done written as the reference writes them."""
    ws = Workspace(root)
    for file, text in stages.stage_files(done, started).items():
        ws.save(file, text)
    ws.save("micrograd/__init__.py", "")
    return ws


def mutate(ws: Workspace, file: str, old: str, new: str, count: int = 1) -> None:
    """Replace learner code; the old text must be there (so the test cannot go stale)."""
    text = ws.read(file)
    assert text.count(old) >= count, f"{old!r} not in {file}"
    ws.save(file, text.replace(old, new, count))


def check(ws: Workspace, exercise: str, limits: Limits = GENEROUS):
    return run_check(find_exercise(exercise), ws.root, limits)


def everything(verdict) -> str:
    """All the words of a verdict, for assertions about what it says."""
    return "\n".join([verdict.summary, verdict.diagnosis, verdict.code, *verdict.chain,
                      *verdict.detail])
