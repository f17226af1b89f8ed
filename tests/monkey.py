"""A seeded monkey for the full-screen apps: random keys and terminal resizes over the
course list, lessons (questions, the backward pass, a lesson's end), training, practice,
the worksheet, the playground, the help and the command palette, and the build track (its
exercise list, the editor and its panel, hints, checks: ``monkey_build``), checking after
every key that the app still runs and that its screens make sense.

    python -m tests.monkey --keys 50000 --seed 7      # from the project folder; for hours
    python -m tests.monkey --keys 2000 --seeds 1-5    # several seeds in a row
    python -m tests.monkey --tracks build --checks 20 # only the build app, 20 real checks

The test suite runs a few hundred keys of it (tests/app/test_app_monkey.py).  The run
is a series of sessions: each starts the app on the course list, or on a lesson at a
random step, at its backward pass or at its training (progress saved there first), or on
practice, the worksheet or the playground, or the build app on an exercise (the
workspace at a random stage), presses some keys, and quits with ctrl+q, so the next
session also resumes what this one saved.  The keys are seeded, so a crash is reported
with the seed, the session and the keys that led to it; training runs in a thread, so
what a key meets while a network trains can differ from run to run (a build check is
waited for after each key).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # the project, for -m
sys.path.insert(0, str(Path(__file__).resolve().parent))          # monkey_build, for -m

from lessons.course import all_lessons, find_lesson  # noqa: E402
from lessons.steps import RevealBackward, Train  # noqa: E402
from tutor.store import open_store  # noqa: E402
from tutor.runner import LessonRun  # noqa: E402
from monkey_build import BUILD_KEYS, CHECK_KEYS, Checks, build_screen_name, check_build_screens, \
    prepare_build, tick  # noqa: E402

# (key, weight): what learners press, answers and moving on most.
KEYS = [
    ("enter", 14), ("ctrl+n", 8), ("ctrl+r", 6), ("ctrl+t", 3), ("f2", 1), ("f3", 1),
    ("escape", 4), ("ctrl+p", 3), ("f1", 3), ("question_mark", 2), ("space", 3),
    ("up", 3), ("down", 4), ("pageup", 1), ("pagedown", 1), ("home", 1), ("end", 1),
    ("tab", 2), ("shift+tab", 1), ("backspace", 2), ("ctrl+s", 2),
    ("plus", 1), ("minus", 2), ("z", 1), ("r", 1), ("s", 1), ("q", 1),
    ("1", 3), ("2", 2), ("0", 2), ("full_stop", 1), ("slash", 1), ("x", 1), ("u", 1),
    ("d", 1), ("e", 1), ("left", 1), ("right", 1), ("delete", 1), ("ctrl+q", 0.15),
    ("p", 1), ("w", 1), ("g", 1), ("a", 1), ("equals_sign", 1), ("asterisk", 1),
    ("ctrl+o", 0.5),
]
SIZES = [((80, 24), 6), ((60, 18), 2), ((120, 40), 2), ((200, 60), 1), ((59, 30), 1),
         ((40, 12), 1), ((1, 1), 0.5), ((110, 20), 1), ((300, 15), 0.5)]
RESIZE_CHANCE = 0.04
SESSION_KEYS = (40, 400)


@dataclass
class Report:
    """What a monkey run did, and the first crash if there was one."""

    seed: int
    keys: int = 0
    resizes: int = 0
    sessions: int = 0
    screens: dict = field(default_factory=dict)   # screen name -> keys pressed on it
    crash: str | None = None
    checks: Checks = field(default_factory=Checks)   # the build app's checks

    def summary(self) -> str:
        seen = ", ".join(f"{name} {n}" for name, n in sorted(self.screens.items()))
        state = "CRASH" if self.crash else "0 crashes"
        checks = (f"; build checks: {self.checks.real} run, {self.checks.canned} canned"
                  if self.checks.real + self.checks.canned else "")
        return (f"seed {self.seed}: {self.keys} keys, {self.resizes} resizes, "
                f"{self.sessions} sessions, {state}{checks}; keys per screen: {seen}")


def check_screens(app) -> None:
    """The app is running and its stack of screens makes sense."""
    from textual.command import CommandPalette

    from tutor.app.screens.help import HelpScreen
    from tutor.app.screens.home import HomeScreen
    from tutor.app.screens.lesson import LessonScreen
    from tutor.app.screens.too_small import TooSmallScreen

    stack = app.screen_stack
    kinds = [type(s).__name__ for s in stack]
    if app._exception is not None:
        raise AssertionError(f"the app failed: {app._exception!r}")
    problems = [
        (sum(isinstance(s, CommandPalette) for s in stack) > 1, "two palettes"),
        (sum(isinstance(s, HelpScreen) for s in stack) > 1, "two helps"),
        (sum(isinstance(s, LessonScreen) for s in stack) > 1, "two lessons"),
        (any(isinstance(s, TooSmallScreen) for s in stack[:-1]), "too-small not on top"),
        (not isinstance(stack[0], HomeScreen), "no course list at the bottom"),
        (len(stack) > 5, "too many screens"),
    ]
    for bad, what in problems:
        if bad:
            raise AssertionError(f"{what}: {kinds}")


def screen_name(screen) -> str:
    """'HomeScreen', or for a lesson what it shows: 'LessonScreen:QuestionView'; for the
    build editor 'BuildScreen:editor' (or ':panel', ':unopened')."""
    view = getattr(screen, "view", None)
    if view is None:
        return build_screen_name(screen)
    running = ":running" if getattr(view, "running", False) else ""
    return f"{type(screen).__name__}:{type(view).__name__}{running}"


TRAINING_LESSONS = ("descent", "training-loop", "zero-grad", "demo")
BACKWARD_LESSONS = ("chain-rule", "tanh-backprop", "backward-closures", "topo-order",
                    "used-twice", "more-ops", "pytorch")


TRACKS = ("practice", "worksheet", "playground")


def prepare_start(rng: random.Random, progress, session_number: int) -> str | None:
    """Where a session starts, in turn: the course list or a lesson saved at a random
    step; a lesson at its backward pass; a lesson at its training step; practice, the
    worksheet or the playground ('track:NAME')."""
    kind = session_number % 4
    if kind == 3:
        return "track:" + rng.choice(TRACKS)
    if kind == 1:
        lesson_id = rng.choice(BACKWARD_LESSONS)
        stop = lambda run: isinstance(run.step, RevealBackward)  # noqa: E731
    elif kind == 2:
        lesson_id = rng.choice(TRAINING_LESSONS)
        stop = lambda run: isinstance(run.step, Train)  # noqa: E731
    elif rng.random() < 0.3:
        return None
    else:
        lesson_id = rng.choice(all_lessons()).id
        steps = rng.randrange(0, 25)
        stop = lambda run: run.index >= steps  # noqa: E731
    run = LessonRun(find_lesson(lesson_id), progress)
    while not run.finished and not stop(run):
        if run.awaiting_answer:
            run.reveal()
        else:
            run.advance()
    run.save()
    return lesson_id


def make_app(rng: random.Random, report: Report, history: list, build: bool):
    """The app a session runs, and the check of its screens after each key."""
    from tutor.app.app import TutorApp
    from tutor.app.tracks import TrackApp

    if build:
        from tutor.app.build import BuildApp

        exercise, odd = prepare_build(rng)
        history.append(f"-- session {report.sessions}: build app on "
                       f"{exercise.id if exercise else 'where the learner is'}"
                       + (f", engine.py {odd}" if odd else ""))
        app = BuildApp(exercise, watch_seconds=None, autosave_seconds=None,
                       editor_command=[shutil.which("true") or "true"], checker=report.checks,
                       ascii=rng.random() < 0.2)
        return app, lambda app: check_build_screens(app, odd)
    start = prepare_start(rng, open_store(), report.sessions)
    history.append(f"-- session {report.sessions}: start {start or 'course list'}")
    options = dict(frame_seconds=rng.choice([None, 0.05]),
                   train_seconds=rng.choice([0.0, 0.5, 1.0]), ascii=rng.random() < 0.2)
    if start and start.startswith("track:"):
        return TrackApp(start.split(":", 1)[1], seed=rng.randrange(1000), **options), \
            check_screens
    return TutorApp(start, **options), check_screens


async def session(rng: random.Random, report: Report, keys: int, history: list,
                  build: bool = False) -> int:
    """One app session of at most ``keys`` keys; returns how many were pressed."""
    app, check = make_app(rng, report, history, build)
    names, weights = zip(*(BUILD_KEYS if build else KEYS))
    sizes, size_weights = zip(*SIZES)
    pressed = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        check(app)
        while pressed < keys:
            if rng.random() < RESIZE_CHANCE:
                size = rng.choices(sizes, size_weights)[0]
                history.append(f"resize {size[0]}x{size[1]}")
                await pilot.resize_terminal(*size)
                await pilot.pause()
                report.resizes += 1
            else:
                key = rng.choices(names, weights)[0]
                history.append(key)
                name = screen_name(app.screen)
                report.screens[name] = report.screens.get(name, 0) + 1
                if key.startswith("("):
                    await tick(app, key)
                else:
                    await pilot.press(key)
                if build and key in CHECK_KEYS:    # a check it started: done and shown
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                pressed += 1
                report.keys += 1
                if key == "ctrl+q":
                    break
                if not app.is_running:        # e.g. the palette's own "Quit" command
                    if app._exception is not None or app.return_code:
                        raise AssertionError(f"the app ended on {key!r}: "
                                             f"{app._exception!r}, status {app.return_code}")
                    history.append("(the app quit)")
                    break
            check(app)
        if app.is_running:
            await pilot.press("ctrl+q")
    if app._exception is not None:
        raise AssertionError(f"the app failed: {app._exception!r}")
    return pressed


TRACK_CHOICES = ("all", "course", "build")
BUILD_EVERY = 5           # with tracks="all": every fifth session is the build app's


async def monkey(seed: int, keys: int, progress_every: int = 0,
                 session_keys: tuple[int, int] = SESSION_KEYS, tracks: str = "all",
                 checks: int | None = None) -> Report:
    """Press ``keys`` random keys (seeded) over as many sessions as it takes, each of
    between session_keys[0] and session_keys[1] keys.  ``tracks``: "course" (the course,
    practice, playground), "build" (the build app) or "all" (both, in turn); ``checks``:
    how many real checks the build app may run (None: all it asks for)."""
    rng = random.Random(seed)
    report = Report(seed, checks=Checks(checks))
    history: list[str] = []
    next_note = progress_every
    try:
        while report.keys < keys:
            wanted = min(rng.randint(*session_keys), keys - report.keys)
            build = tracks == "build" or (tracks == "all"
                                          and report.sessions % BUILD_EVERY == BUILD_EVERY - 1)
            await session(rng, report, wanted, history, build)
            report.sessions += 1
            if progress_every and report.keys >= next_note:
                print(f"  seed {seed}: {report.keys} keys, {report.sessions} sessions",
                      flush=True)
                next_note += progress_every
    except Exception:
        report.crash = ("after these keys:\n  " + " ".join(history[-40:]) + "\n"
                        + traceback.format_exc())
    return report


def _seeds(text: str) -> list[int]:
    if "-" in text:
        first, last = text.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(s) for s in text.split(",")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.monkey", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=2000, help="keys per seed")
    parser.add_argument("--seed", type=int, help="one seed")
    parser.add_argument("--seeds", default="1", help="seeds: 1-5 or 1,4,9")
    parser.add_argument("--tracks", choices=TRACK_CHOICES, default="all",
                        help="the course's apps, the build app, or both (default)")
    parser.add_argument("--checks", type=int, help="real build checks per seed at most "
                                                   "(default: every one asked for)")
    args = parser.parse_args(argv)
    seeds = [args.seed] if args.seed is not None else _seeds(args.seeds)
    if not os.environ.get("MICROGRAD_TUTOR_HOME"):             # never the learner's own
        os.environ["MICROGRAD_TUTOR_HOME"] = tempfile.mkdtemp(prefix="tutor-monkey-")
    total, crashes = 0, 0
    for seed in seeds:
        report = asyncio.run(monkey(seed, args.keys, progress_every=1000, tracks=args.tracks,
                                    checks=args.checks))
        print(report.summary(), flush=True)
        total += report.keys
        if report.crash:
            crashes += 1
            print(report.crash, flush=True)
    print(f"total: {total} keys over {len(seeds)} seeds, {crashes} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
