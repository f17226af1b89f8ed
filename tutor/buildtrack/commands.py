"""``micrograd-tutor build``: the build track's command line.

    micrograd-tutor build [EXERCISE]                full screen: an editor, the task, checks
    micrograd-tutor build --plain [EXERCISE]        line mode: statement, check, hint, ...
    micrograd-tutor build path                      the workspace folder
    micrograd-tutor build check [EXERCISE] [--workspace DIR] [-v]
                                                    PASS/FAIL per exercise, then a count
    micrograd-tutor build reset EXERCISE [--yes]    that exercise's code back (asks first)

EXERCISE is an id (``tanh``) or a number (``8``).  Importing this module loads
only argparse: the rest comes when a command runs.
"""

from __future__ import annotations

import argparse
import re
import sys

__all__ = ["configure", "run", "ACTIONS"]

ACTIONS = ("path", "check", "reset")


def configure(p: argparse.ArgumentParser) -> None:
    p.description = ("Build micrograd yourself: write Value, backward(), Neuron, Layer, MLP "
                     "and a training loop, in your own files, checked exercise by exercise.")
    p.epilog = ("Actions: 'path' prints the workspace folder; 'check [EXERCISE]' checks it "
                "(one PASS/FAIL line per exercise); 'reset EXERCISE' puts an exercise's code "
                "back as it was when it began (asks first, keeps a backup).")
    p.add_argument("what", nargs="?", metavar="EXERCISE | path | check | reset",
                   help="an exercise to open (id or number), or an action")
    p.add_argument("exercise", nargs="?", metavar="EXERCISE",
                   help="the exercise for check or reset")
    p.add_argument("--plain", action="store_true",
                   help="line mode: no full screen; commands read from standard input")
    p.add_argument("--no-color", action="store_true", help="no colours (like NO_COLOR=1)")
    p.add_argument("--workspace", metavar="DIR",
                   help="check this folder instead of your own workspace (for a teacher)")
    p.add_argument("--yes", "-y", action="store_true",
                   help="reset without asking; check --workspace without asking where checks "
                        "cannot be isolated")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="check: after each FAIL line, the whole explanation")


def run(args, parser: argparse.ArgumentParser) -> int:
    from tutor.buildtrack.exercises import EXERCISES, find_exercise

    def exercise_or_error(key):
        found = find_exercise(key)
        if found is None:
            ids = ", ".join(f"{e.number} {e.id}" for e in EXERCISES)
            parser.error(f"no exercise called {key!r}. Exercises: {ids}")
        return found

    if args.what in ACTIONS:
        exercise = exercise_or_error(args.exercise) if args.exercise else None
        if args.what == "path":
            return show_path(args.workspace)
        if args.what == "check":
            if not confirm_foreign(args.workspace, args.yes):
                return 2
            return check(exercise, args.workspace, verbose=args.verbose,
                         no_color=args.no_color)
        if exercise is None:
            parser.error("reset needs an exercise: micrograd-tutor build reset EXERCISE")
        from tutor.buildtrack.reset import reset

        return reset(exercise, args.workspace, assume_yes=args.yes)
    if args.exercise:
        parser.error(f"unexpected {args.exercise!r}: the actions are {', '.join(ACTIONS)}")
    exercise = exercise_or_error(args.what) if args.what else None
    if not confirm_foreign(args.workspace, args.yes):
        return 2
    if args.plain:
        from tutor.buildtrack.plain import run_plain

        return run_plain(exercise, workspace=args.workspace, no_color=args.no_color)
    from tutor.app.launch import run_build_app

    return run_build_app(exercise, workspace=args.workspace, no_color=args.no_color) or 0


def confirm_foreign(folder, assume_yes=False, stdin=None, err=None) -> bool:
    """True when checking ``folder`` may go ahead: it is the learner's own, checks run in
    namespaces, or the user said yes to running someone else's code as themselves."""
    if folder is None or assume_yes:
        return True
    from tutor.buildtrack.sandbox import FOREIGN_WARNING, isolation

    if isolation() == "namespaces":
        return True
    err = err or sys.stderr
    stdin = stdin or sys.stdin
    print(FOREIGN_WARNING.format(folder=folder), file=err)
    if not getattr(stdin, "isatty", lambda: False)():
        print("Not checked. Add --yes to check it all the same.", file=err)
        return False
    print("Check it all the same? [y/N] ", end="", file=err, flush=True)
    try:
        answer = stdin.readline()
    except (OSError, KeyboardInterrupt):
        answer = ""
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("Not checked.", file=err)
    return False


def _workspace(folder):
    from tutor.buildtrack.workspace import Workspace

    return Workspace(folder)


def show_path(folder=None, out=print) -> int:
    """Print the workspace folder.  The learner's own is made first, with the files of
    the exercise they are at, so ``cd "$(micrograd-tutor build path)"`` works on a fresh
    home; a folder named with ``--workspace`` (someone else's) is only printed."""
    workspace = _workspace(folder)
    if folder is None:
        from tutor.buildtrack.track import Track
        from tutor.store import open_store

        from tutor.buildtrack.workspace import FileProblem

        try:
            workspace.start(Track(open_store()).current())
        except FileProblem as e:         # the folder is there; a file in it is not a file
            print(f"micrograd-tutor: {e} (left as it is)", file=sys.stderr)
        except OSError as e:
            print(f"micrograd-tutor: cannot make {workspace.root}: {e.strerror or e}",
                  file=sys.stderr)
            return 1
    out(str(workspace.root))
    return 0


def check(exercise=None, folder=None, verbose=False, no_color=False, out=None,
          limits=None) -> int:
    """Check one exercise or all; one line each, then the count.  0 only if all pass."""
    from rich.console import Console

    from tutor.buildtrack.checks import run_check
    from tutor.buildtrack.exercises import EXERCISES
    from tutor.buildtrack.report import verdict_view
    from tutor.buildtrack.sandbox import LIMITS_ONLY, Limits
    from tutor.buildtrack.track import Track
    from tutor.store import open_store

    console = Console(file=out, no_color=no_color or None, highlight=False, soft_wrap=True,
                      emoji=False)
    workspace = _workspace(folder)
    if not (workspace.root / "micrograd").is_dir():
        console.print(f"There is no micrograd/ in {workspace.root}: nothing to check yet. "
                      "Start with: micrograd-tutor build", markup=False)
        return 2
    track = Track(open_store()) if folder is None else None   # a teacher's check records nothing
    chosen = [exercise] if exercise is not None else EXERCISES
    passed = 0
    noted = False
    for ex in chosen:
        verdict = run_check(ex, workspace.root, limits or Limits())
        if verdict.isolation == "limits" and not noted:
            noted = True
            console.print(LIMITS_ONLY, markup=False, style="yellow")
        if track is not None:
            track.record(verdict)
        passed += verdict.passed
        console.print(verdict.line(), markup=False)
        if verbose and not verdict.passed:
            print_wrapped(console, verdict_view(verdict, heading=False))
            console.print()
    console.print(f"exercises: {len(chosen)}  passed: {passed}", markup=False)
    return 0 if passed == len(chosen) else 1


_TRAILING_SPACE = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def print_wrapped(console, renderable) -> None:
    """Print wrapped at the console's width, without the spaces rich pads lines with."""
    with console.capture() as captured:
        console.print(renderable, soft_wrap=False)
    console.file.write(_TRAILING_SPACE.sub(r"\1", captured.get()))
