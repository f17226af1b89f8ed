"""The ``micrograd-tutor`` command: argument parsing, and nothing else.

    micrograd-tutor [LESSON] [--plain] [--no-color]   the course (full screen, or line mode;
                                                       line mode also without a terminal)
    micrograd-tutor list                               chapters, lessons, your status
    micrograd-tutor reset [LESSON] [--yes]             forget progress (asks first)
    micrograd-tutor check                              run every lesson with scripted learners
    micrograd-tutor practice [SKILL] [--plain] [--seed N]   drills until each skill holds
    micrograd-tutor playground [--plain]               your own expressions, grads and nudges
    micrograd-tutor build [...]                        build micrograd yourself (see its --help)
    micrograd-tutor pretest | posttest [--plain]       the test before and after the course
    micrograd-tutor progress                           your own figures: lessons, practice, gain
    micrograd-tutor export [--csv | --json]            your answers and progress, to stdout
    micrograd-tutor import FILE                        bring an export into this store
    micrograd-tutor class add NAME... | list | ...      a class's roster (sign-in codes)
    micrograd-tutor class [view] | export --csv | grid --csv   the teacher's view, its CSV
    micrograd-tutor serve [--port N] [--ssh-port N]    the class in the browser and over SSH

Every command takes --db URL (a store: postgresql://... or sqlite:///PATH; default
MICROGRAD_TUTOR_DB, else your own file) and, with a store URL, --learner NAME.
"""

from __future__ import annotations

import argparse
import os
import sys

from tutor import __version__


def _configure_list(p: argparse.ArgumentParser) -> None:
    p.description = "List the chapters and lessons, with each one's id and your status."


def _configure_reset(p: argparse.ArgumentParser) -> None:
    p.description = "Forget your progress in one lesson, or in all of them."
    p.add_argument("lesson", nargs="?", metavar="LESSON", help="only this lesson")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def _configure_check(p: argparse.ArgumentParser) -> None:
    from tutor.commands import authoring_guide

    p.description = ("Run every lesson with a learner who always answers right and one\n"
                     "who always answers wrong; report problems.")
    p.epilog = f"Writing a lesson: see\n  {authoring_guide()}"
    p.formatter_class = argparse.RawDescriptionHelpFormatter


def _run_list(args, parser) -> int:
    from tutor import commands

    return commands.list_lessons()


def _run_reset(args, parser) -> int:
    from lessons.course import find_lesson
    from tutor import commands

    if args.lesson and find_lesson(args.lesson) is None:
        _unknown_lesson(parser, args.lesson)
    return commands.reset(args.lesson, assume_yes=args.yes)


def _run_check(args, parser) -> int:
    from tutor import commands

    return commands.check()


def _configure_practice(p: argparse.ArgumentParser) -> None:
    from tutor.practice.cli import configure_practice

    configure_practice(p)


def line_mode_unless_terminal(args) -> None:
    """The one rule for every full-screen command: no terminal the full screen can use
    -> line mode, said on standard error (as for the course)."""
    if getattr(args, "plain", True):
        return
    from tutor.app import full_screen_problem

    problem = full_screen_problem()
    if problem:
        print(f"micrograd-tutor: {problem}; running line mode (as with --plain).",
              file=sys.stderr)
        args.plain = True


def _run_practice(args, parser) -> int:
    from tutor.practice.cli import run_practice

    line_mode_unless_terminal(args)
    return run_practice(args, parser)


def _configure_playground(p: argparse.ArgumentParser) -> None:
    from tutor.practice.cli import configure_playground

    configure_playground(p)


def _run_playground(args, parser) -> int:
    from tutor.practice.cli import run_playground

    line_mode_unless_terminal(args)
    return run_playground(args, parser)
def _configure_build(p: argparse.ArgumentParser) -> None:
    from tutor.buildtrack.commands import configure

    configure(p)


def _run_build(args, parser) -> int:
    from tutor.buildtrack.commands import ACTIONS, run

    if args.what not in ACTIONS:
        line_mode_unless_terminal(args)
    return run(args, parser)


def _configure_test(phase: str):
    def configure(p: argparse.ArgumentParser) -> None:
        from tutor.concepttest.commands import configure_test

        configure_test(p, phase)
    return configure


def _run_test(phase: str):
    def run(args, parser) -> int:
        from tutor.concepttest.commands import run_test

        line_mode_unless_terminal(args)
        return run_test(args, phase)
    return run


def _configure_progress(p: argparse.ArgumentParser) -> None:
    from tutor.concepttest.commands import configure_progress

    configure_progress(p)


def _run_progress(args, parser) -> int:
    from tutor.concepttest.commands import run_progress

    return run_progress(args)


def _configure_export(p: argparse.ArgumentParser) -> None:
    from tutor.transfer import configure_export

    configure_export(p)


def _run_export(args, parser) -> int:
    from tutor.transfer import run_export

    return run_export(args, parser)


def _configure_import(p: argparse.ArgumentParser) -> None:
    from tutor.transfer import configure_import

    configure_import(p)


def _run_import(args, parser) -> int:
    from tutor.transfer import run_import

    return run_import(args, parser)


def _configure_class(p: argparse.ArgumentParser) -> None:
    from tutor.serve.commands import configure_class

    configure_class(p)


def _run_class(args, parser) -> int:
    from tutor.serve.commands import run_class

    return run_class(args, parser)


def _configure_serve(p: argparse.ArgumentParser) -> None:
    from tutor.serve.commands import configure_serve

    configure_serve(p)


def _run_serve(args, parser) -> int:
    from tutor.serve.commands import run_serve

    return run_serve(args, parser)


# The subcommands: name -> (configure its parser, run it).  A track (practice, build)
# adds its own entry here and keeps its code in its own module.
COMMANDS = {
    "list": (_configure_list, _run_list),
    "reset": (_configure_reset, _run_reset),
    "check": (_configure_check, _run_check),
    "practice": (_configure_practice, _run_practice),
    "playground": (_configure_playground, _run_playground),
    "build": (_configure_build, _run_build),
    "pretest": (_configure_test("pre"), _run_test("pre")),
    "posttest": (_configure_test("post"), _run_test("post")),
    "progress": (_configure_progress, _run_progress),
    "export": (_configure_export, _run_export),
    "import": (_configure_import, _run_import),
    "class": (_configure_class, _run_class),
    "serve": (_configure_serve, _run_serve),
}
STORE_OPTIONS = ("--db", "--learner")


def add_store_options(p: argparse.ArgumentParser) -> None:
    """--db and --learner, read wherever they stand (also after a build subcommand)."""
    group = p.add_argument_group("where progress is kept")
    group.add_argument("--db", metavar="URL",
                       help="the store: postgresql://USER@HOST/DATABASE (a class) or "
                            "sqlite:///PATH; default: $MICROGRAD_TUTOR_DB, else your own file")
    group.add_argument("--learner", metavar="NAME",
                       help="act as this learner (needs a store URL)")


def _store_options(argv: list[str]) -> tuple[list[str], dict, str | None]:
    """argv without --db/--learner (and their values), the values, and a problem."""
    rest, found = [], {}
    items = iter(argv)
    for item in items:
        if item == "--":
            rest += [item, *items]
            break
        name, eq, value = item.partition("=")
        if name in STORE_OPTIONS:
            if not eq:
                value = next(items, None)
                if value is None:
                    return rest, found, f"{name} needs a value"
            found[name[2:]] = value
        else:
            rest.append(item)
    return rest, found, None


def _course_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="micrograd-tutor",
        description="Learn backpropagation by predicting every gradient before the engine "
                    "reveals it.",
        epilog="Other commands: 'micrograd-tutor list' (lessons and your progress), "
               "'micrograd-tutor reset [LESSON]' (forget progress), "
               "'micrograd-tutor check' (run every lesson with scripted learners), "
               "'micrograd-tutor practice [SKILL]' (fresh drills until each skill holds), "
               "'micrograd-tutor playground' (your own expressions), "
               "'micrograd-tutor build' (write micrograd yourself, checked as you go), "
               "'micrograd-tutor pretest' / 'posttest' (what you know before and after), "
               "'micrograd-tutor progress' (your own figures), "
               "'micrograd-tutor class' and 'micrograd-tutor serve' (a class in the browser and over SSH). "
               "'micrograd-tutor export' / 'import FILE' (your answers and progress). "
               "Progress is kept per user; set MICROGRAD_TUTOR_HOME to keep it elsewhere, "
               "or MICROGRAD_TUTOR_DB (or --db) to use a class's database.",
    )
    p.add_argument("lesson", nargs="?", metavar="LESSON",
                   help="open this lesson (an id from 'micrograd-tutor list'); "
                        "default: where you left off")
    p.add_argument("--plain", action="store_true",
                   help="line mode: no full screen; answers read from standard input "
                        "(for pipes, screen readers and simple terminals)")
    p.add_argument("--no-color", action="store_true", help="no colours (like NO_COLOR=1)")
    p.add_argument("--version", action="version", version=f"micrograd-tutor {__version__}")
    add_store_options(p)
    return p


def _command_parser(command: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"micrograd-tutor {command}")
    COMMANDS[command][0](p)
    add_store_options(p)
    return p


def _unknown_lesson(parser: argparse.ArgumentParser, lesson_id: str) -> None:
    from lessons.course import all_lessons

    ids = ", ".join(lesson.id for lesson in all_lessons())
    parser.error(f"no lesson called {lesson_id!r}. Lessons: {ids}")


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status.  Ctrl+C is a message, not a traceback."""
    for name in ("stdout", "stderr"):     # started with one closed (>&-): output goes nowhere
        if getattr(sys, name) is None:     # (a closed stdin is line mode's own message)
            setattr(sys, name, open(os.devnull, "w"))
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)   # each step was saved as it was taken
        return 130
    except BrokenPipeError:  # '| head' has read enough: stop quietly, as other tools do
        from tutor.streams import PIPE_CLOSED_STATUS, drop_stdout

        drop_stdout()
        return PIPE_CLOSED_STATUS
    except OSError as e:     # standard output on a full disk (> /dev/full), an I/O error
        if e.filename is not None:
            raise
        from tutor.streams import drop_stdout, say_on_stderr

        drop_stdout()
        say_on_stderr(f"micrograd-tutor: cannot write the output: {e.strerror or e}")
        return 1


def _main(argv: list[str]) -> int:
    argv, chosen, problem = _store_options(argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    parser = _command_parser(command) if command else _course_parser()
    if problem:
        parser.error(problem)
    if chosen or os.environ.get("MICROGRAD_TUTOR_DB"):
        from tutor.store import UrlError, configure

        try:
            configure(chosen.get("db"), chosen.get("learner"))
        except UrlError as e:
            parser.error(str(e))
    if command:
        # names and options in any order (class add --teacher tess) where a command asks
        args = (parser.parse_intermixed_args(argv[1:]) if getattr(parser, "intermixed", False)
                else parser.parse_args(argv[1:]))
        return _run_command(command, args, parser)
    args = parser.parse_args(argv)
    if args.lesson:
        from lessons.course import find_lesson

        if find_lesson(args.lesson) is None:
            _unknown_lesson(parser, args.lesson)
    from tutor.app import full_screen_problem, run_app

    problem = None if args.plain else full_screen_problem()
    if args.plain or problem:
        from tutor.plain import run_plain

        if problem:      # the one rule: no terminal the full screen can use -> line mode
            print(f"micrograd-tutor: {problem}; running line mode (as with --plain).",
                  file=sys.stderr)
        return run_plain(args.lesson, no_color=args.no_color)
    return run_app(args.lesson, no_color=args.no_color)


def _run_command(command: str, args, parser) -> int:
    return COMMANDS[command][1](args, parser)


if __name__ == "__main__":
    sys.exit(main())
