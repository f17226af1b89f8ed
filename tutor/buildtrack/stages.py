"""The starting files and the reference solution, stage by stage (read as text).

``starter/`` holds the three workspace files with every region as the learner
first meets it (stubs that raise ``NotImplementedError``).  ``solutions/NN_id.txt``
holds the regions exercise NN adds or rewrites, as the lecture writes them when
that exercise is done (closures, ``=`` in exercise 4 and ``+=`` from 6 on).
Applying the stages in order to the starter files gives the whole of micrograd.

None of these files is ever imported by the tutor: they are data.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tutor.buildtrack import regions
from tutor.buildtrack.exercises import EXERCISES, REGIONS, Exercise

__all__ = ["starter_text", "starter_block", "solution_text", "solution_blocks", "stage_files",
           "file_at_start", "owner", "FILES"]

HERE = Path(__file__).parent
FILES = ("micrograd/engine.py", "micrograd/nn.py", "train.py")


@lru_cache(maxsize=None)
def starter_text(file: str) -> str:
    """The starter version of a workspace file, with every region in it."""
    return (HERE / "starter" / Path(file).name).read_text(encoding="utf-8")


def starter_block(region: str) -> regions.Block:
    return regions.parse_blocks(starter_text(REGIONS[region].file))[region]


def owner(region: str) -> Exercise:
    """The exercise that brings this region into its file."""
    return next(e for e in EXERCISES if region in e.adds)


@lru_cache(maxsize=None)
def solution_text(exercise_id: str) -> str:
    """The reference code of one exercise: its regions, with their marker lines."""
    exercise = next(e for e in EXERCISES if e.id == exercise_id)
    path = HERE / "solutions" / f"{exercise.number:02d}_{exercise.id.replace('-', '_')}.txt"
    return path.read_text(encoding="utf-8")


def solution_blocks(exercise: Exercise) -> dict[str, regions.Block]:
    return regions.parse_blocks(solution_text(exercise.id))


def file_at_start(file: str, upto: int) -> str:
    """The starter file with only the regions of exercises 1..upto (a new file)."""
    text = starter_text(file)
    for name, block in regions.parse_blocks(text).items():
        if owner(name).number > upto:
            text = text.replace(block.text + "\n", "")
    return _tidy(text)


def _tidy(text: str) -> str:
    """At most two blank lines in a row, and one newline at the end."""
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n\n")
    return text.rstrip("\n") + "\n"


def stage_files(done: int, started: int | None = None) -> dict[str, str]:
    """The workspace files with exercises 1..done solved by the reference and the
    regions of exercises up to ``started`` (default: done) present as stubs."""
    started = max(done, started if started is not None else done)
    files = {f: file_at_start(f, started) for f in FILES}
    for exercise in EXERCISES[:done]:
        for name, block in solution_blocks(exercise).items():
            file = REGIONS[name].file
            files[file] = regions.replace_body(files[file], name, "\n".join(block.body))
    return {f: text for f, text in files.items() if regions.parse_blocks(text)}
