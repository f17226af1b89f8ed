"""Make docs/practice.svg: a practice drill after a wrong answer (statement, tree,
question, the diagnosis and the rule), as the README shows it.

Uses Textual's own screenshot support inside ``run_test``, with a throw-away progress
directory and a fixed seed, so the picture is the same on every machine.

    .venv/bin/python bench/practice_screenshot.py [OUT.svg]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screenshot import write  # noqa: E402  (bench/, next to this script)

SIZE = (90, 28)


async def shoot(out: Path) -> None:
    from tutor.app.tracks import TrackApp

    app = TrackApp("practice", focus="two-ops", seed=3, frame_seconds=None, train_seconds=0,
                   ascii=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")                     # past the welcome
        await pilot.pause()
        await pilot.press(*"2", "enter")               # a first guess: one path only
        await pilot.pause()
        app.save_screenshot(filename=out.name, path=str(out.parent))


def main() -> None:
    write(shoot, ROOT / "docs" / "practice.svg")


if __name__ == "__main__":
    main()
