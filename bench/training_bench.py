"""The demo lesson's training in the app, against the engine alone: time per run.

The app run is the real thing: the full-screen app (Textual's headless driver, 80x24)
opened at the demo lesson's Train step, with its default pacing, the training worker,
the live loss plot and the decision regions redrawn while it learns.  The clock runs
from the moment the run starts until the view shows it done.  The engine run is
``Train.start()`` iterated to the end in the same process, as a script would.  Rounds
alternate, so drift of a shared machine hits both alike.  Prints medians, minimums
and their ratio (target: at most 1.5).

    .venv/bin/python bench/training_bench.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def demo_train_step():
    """The demo lesson's Train step, as the lesson yields it."""
    from lessons.course import find_lesson
    from lessons.steps import Train

    for step in find_lesson("demo").script():
        if isinstance(step, Train):
            return step
    raise SystemExit("the demo lesson has no Train step")


def save_at_demo_training() -> None:
    """Progress that opens the demo lesson at its Train step (every answer revealed)."""
    from lessons.course import find_lesson
    from lessons.steps import Train
    from tutor.store import open_store
    from tutor.runner import LessonRun

    run = LessonRun(find_lesson("demo"), open_store())
    while not isinstance(run.step, Train):
        run.reveal() if run.awaiting_answer else run.advance()
    run.save()


def engine_seconds() -> float:
    step = demo_train_step()
    start = time.perf_counter()
    _model, records = step.start()
    for _ in records:
        pass
    return time.perf_counter() - start


async def app_seconds() -> float:
    from tutor.app.app import TutorApp
    from tutor.app.widgets.training import TrainingView

    app = TutorApp("demo", frame_seconds=None)
    async with app.run_test(size=(80, 24)):
        while not isinstance(getattr(app.screen, "view", None), TrainingView) \
                or app.screen.view.current is None:
            await asyncio.sleep(0.002)
        view = app.screen.view
        start = time.perf_counter()
        while view.current.state == "running":
            await asyncio.sleep(0.002)
        seconds = time.perf_counter() - start
        assert view.current.state == "done", view.current.state
        assert len(view.current.losses) == view.step.steps
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["MICROGRAD_TUTOR_HOME"] = home
        save_at_demo_training()
        asyncio.run(app_seconds())                  # warm-up: imports, caches
        app_times, engine_times = [], []
        for _ in range(args.rounds):
            app_times.append(asyncio.run(app_seconds()))
            engine_times.append(engine_seconds())
    load = os.getloadavg()
    print(f"demo lesson training (100 steps), {args.rounds} alternating rounds; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} cores")
    for name, times in (("app (80x24, headless)", app_times), ("engine alone", engine_times)):
        print(f"{name:<22} median {statistics.median(times):.2f} s  "
              f"min {min(times):.2f} s  ({', '.join(f'{t:.2f}' for t in times)})")
    ratio = statistics.median(app_times) / statistics.median(engine_times)
    best = min(app_times) / min(engine_times)
    print(f"app / engine: median {ratio:.2f}, min {best:.2f} (target <= 1.50)")


if __name__ == "__main__":
    main()
