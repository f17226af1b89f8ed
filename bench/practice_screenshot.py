"""Make docs/practice.svg: a practice drill after a wrong answer (statement, tree,
question, the diagnosis and the rule), as the README shows it.

Uses Textual's own screenshot support inside ``run_test``, with a throw-away progress
directory and a fixed seed, so the picture is the same on every machine.

    .venv/bin/python bench/practice_screenshot.py [OUT.svg]
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


async def shoot(out: Path) -> None:
    from tutor.app.tracks import TrackApp

    app = TrackApp("practice", focus="two-ops", seed=3, frame_seconds=None, train_pace=0,
                   ascii=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")                     # past the welcome
        await pilot.pause()
        await pilot.press(*"2", "enter")               # a first guess: one path only
        await pilot.pause()
        app.save_screenshot(filename=out.name, path=str(out.parent))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "practice.svg"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["MICROGRAD_TUTOR_HOME"] = home
        os.environ.pop("NO_COLOR", None)
        asyncio.run(shoot(out.resolve()))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
