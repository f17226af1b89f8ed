"""Make docs/screenshot.svg: a lesson in progress (a gradient question with its graph);
with --build, docs/build-screenshot.svg: the build track's editor after a failed check.

Uses Textual's own screenshot support inside ``run_test``, with a throw-away
progress directory, so the picture is the same on every machine.

    .venv/bin/python bench/screenshot.py [OUT.svg]
    .venv/bin/python bench/screenshot.py --build [OUT.svg]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (90, 28)
BUILD_SIZE = (120, 32)          # wide enough for the editor and the check side by side


def right_answer(question) -> str:
    if question.kind == "choice":
        return str(question.answer + 1)
    if question.kind == "sign":
        return {1: "+", -1: "-", 0: "0"}[question.answer]
    return repr(float(question.answer))


async def shoot(out: Path) -> None:
    from lessons.course import find_lesson
    from lessons.steps import AskGrad
    from tutor.app.app import TutorApp
    from tutor.store import open_store
    from tutor.runner import LessonRun

    run = LessonRun(find_lesson("chain-rule"), open_store())
    def big_question(step) -> bool:                 # a gradient question on the whole of L
        return isinstance(step, AskGrad) and len(step.out.topological_order()) >= 7

    while not big_question(run.step):              # earlier questions: answered right
        run.answer(right_answer(run.step)) if run.awaiting_answer else run.advance()
    run.save()

    app = TutorApp("chain-rule", frame_seconds=None, train_seconds=0, ascii=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter")                # a first guess...
        await pilot.pause()
        await pilot.press("ctrl+t")                    # ...and a hint
        await pilot.pause()
        app.save_screenshot(filename=out.name, path=str(out.parent))


async def shoot_build(out: Path) -> None:
    """Exercise 6 with the lecture's `=` still in __add__: the check's explanation."""
    from tutor.app.build import BuildApp
    from tutor.buildtrack import stages
    from tutor.buildtrack.exercises import find_exercise
    from tutor.buildtrack.sandbox import Limits
    from tutor.buildtrack.workspace import Workspace

    ws = Workspace(Path(os.environ["MICROGRAD_TUTOR_HOME"]) / "build")
    for file, text in stages.stage_files(5, 6).items():
        ws.save(file, text)
    app = BuildApp(find_exercise("accumulate"), watch_seconds=None, limits=Limits(seconds=60),
                   ascii=False)
    async with app.run_test(size=BUILD_SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot(filename=out.name, path=str(out.parent))


def write(shoot, default: Path) -> None:
    """Run ``shoot(out)`` with a throw-away progress directory; out is argv[1] or default."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else default
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["MICROGRAD_TUTOR_HOME"] = home
        os.environ.pop("NO_COLOR", None)
        asyncio.run(shoot(out.resolve()))
    print(f"wrote {out}")


def main() -> None:
    if "--build" in sys.argv:
        write(shoot_build, ROOT / "docs" / "build-screenshot.svg")
    else:
        write(shoot, ROOT / "docs" / "screenshot.svg")


if __name__ == "__main__":
    main()
