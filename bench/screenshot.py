"""Make docs/screenshot.svg: a lesson in progress (a gradient question with its graph).

Uses Textual's own screenshot support inside ``run_test``, with a throw-away
progress directory, so the picture is the same on every machine.

    .venv/bin/python bench/screenshot.py [OUT.svg]
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
    from tutor.progress import Progress
    from tutor.runner import LessonRun

    run = LessonRun(find_lesson("chain-rule"), Progress())
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


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.svg"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["MICROGRAD_TUTOR_HOME"] = home
        os.environ.pop("NO_COLOR", None)
        asyncio.run(shoot(out.resolve()))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
