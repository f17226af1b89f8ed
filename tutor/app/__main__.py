"""``python -m tutor.app [LESSON] [--no-color]``: the app without the full CLI.

The ``micrograd-tutor`` command is the way to run the tutor; this entry point is for
developers.  ``python -m`` puts the current folder first on ``sys.path``, so a
learner's own ``engine.py`` there (likely for someone following the lecture) would be
imported instead of the tutor's engine: the folder the tutor is installed in goes
first.  Without a terminal the app does not start (exit status 2); the
``micrograd-tutor`` command runs line mode there instead.
"""

import sys
from pathlib import Path

_HOME = str(Path(__file__).resolve().parents[2])   # the folder holding tutor/, engine/
if sys.path[:1] != [_HOME]:
    sys.path.insert(0, _HOME)

import argparse  # noqa: E402

from tutor.app import full_screen_problem, run_app  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tutor.app",
        description="The full-screen app alone (the micrograd-tutor command is the way to "
                    "run the tutor; it also has line mode and the other commands).")
    parser.add_argument("lesson", nargs="?", metavar="LESSON",
                        help="open this lesson (an id from 'micrograd-tutor list')")
    parser.add_argument("--no-color", action="store_true", help="no colours (like NO_COLOR=1)")
    args = parser.parse_args(argv)
    if args.lesson:
        from lessons.course import find_lesson

        if find_lesson(args.lesson) is None:
            parser.error(f"no lesson called {args.lesson!r} (see 'micrograd-tutor list')")
    problem = full_screen_problem()
    if problem:
        print(f"python -m tutor.app: {problem}, so the full-screen app cannot start. "
              "For line mode: micrograd-tutor --plain", file=sys.stderr)
        return 2
    return run_app(args.lesson, no_color=args.no_color)


if __name__ == "__main__":
    sys.exit(main())
