"""``micrograd-tutor build --plain``: the build track line by line.

For screen readers, simple terminals and scripts.  It shows the exercise's
statement and the file to edit (in any editor), then reads commands:

    check     check your code now          hint       the next hint
    solution  the reference code           show       the statement again
    next      the next exercise            prev       the previous one
    go N      exercise N (number or id)    list       every exercise and its status
    reset     this exercise's code back    path       the workspace folder
    quit      leave (also Ctrl+D)

An empty line checks, like ``check``.  Nothing here writes the learner's files
except ``reset`` (after a yes) and the regions a new exercise adds.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.text import Text

from tutor.buildtrack import stages
from tutor.buildtrack.checks import run_check
from tutor.buildtrack.exercises import EXERCISES, Exercise, find_exercise
from tutor.buildtrack.report import code_view, hint_view, statement_view, verdict_view
from tutor.buildtrack.sandbox import LIMITS_ONLY, Limits
from tutor.buildtrack.track import SOLUTION_AFTER, Track
from tutor.buildtrack.workspace import FileProblem, Workspace
from tutor.store import open_store
from tutor.render import AsciiStream, can_show

__all__ = ["BuildPlain", "run_plain"]

HELP = ("Commands: check (or Enter), hint, solution, show, next, prev, go N, list, reset, "
        "path, quit")


class _Quit(Exception):
    pass


class BuildPlain:
    def __init__(self, console: Console, stdin=None, workspace: Workspace | None = None,
                 progress=None, limits: Limits = Limits()):
        self.console = console
        self.stdin = stdin or sys.stdin
        self.workspace = workspace or Workspace()
        self.track = Track(progress or open_store())
        self.limits = limits
        self.exercise: Exercise = self.track.current()
        self.asked_solution = False
        self.limits_noted = False
        self.unstarted = False          # the exercise's files could not be made: try again

    def say(self, text: str, style: str = "") -> None:
        self.console.print(Text(text, style=style))

    def ask(self, prompt: str) -> str:
        self.console.print(Text(prompt, style="bold"), end="")
        self.console.file.flush()
        line = self.stdin.readline()
        if not line:
            self.console.print()
            raise _Quit
        if not getattr(self.stdin, "isatty", lambda: False)():
            self.console.print(line.rstrip("\n"), markup=False, highlight=False)
        return line.strip()

    # --- exercises -----------------------------------------------------------------

    def open(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.asked_solution = False
        self.track.open(exercise)
        self.unstarted = True                # show() makes its files first
        self.show()

    def start_files(self, quiet: bool = False) -> None:
        """The exercise's files and parts made where missing; what is in the way said."""
        try:
            for change in self.workspace.start(self.exercise):
                self.say(f"({change.message})", "dim")
        except FileProblem as e:        # a folder or a FIFO where a file should be
            if not quiet:
                self.say(f"{e}: the tutor leaves it as it is. Move it away (a new file is "
                         "then started) or put your file in its place, then type show.",
                         "yellow")
            return
        except OSError as e:
            self.say(f"Could not write your files: {e.strerror or e}", "yellow")
            return
        self.unstarted = False

    def show(self) -> None:
        if self.unstarted:                   # was in the way: is it still?
            self.start_files()
        ex = self.exercise
        self.console.rule(Text(f"Build micrograd: exercise {ex.number} of {len(EXERCISES)}",
                               style="bold"))
        self.console.print(statement_view(ex, str(self.workspace.path(ex.file))))
        given = self.track.count("hints", ex)
        if given:
            self.console.print(hint_view(ex, given))
        self.say(f"Edit {self.workspace.path(ex.file)} in any editor, then type check.", "dim")
        self.say(HELP, "dim")

    def check(self) -> None:
        if self.unstarted:
            self.start_files(quiet=True)       # the check says what is in the way
        self.say("Checking...", "dim")
        verdict = run_check(self.exercise, self.workspace.root, self.limits)
        self.track.record(verdict)
        if verdict.isolation == "limits" and not self.limits_noted:
            self.limits_noted = True
            self.say(LIMITS_ONLY, "yellow")
        self.console.print(verdict_view(verdict))
        if verdict.passed:
            nxt = self._neighbour(1)
            self.say(f"Passed. Type next for exercise {nxt.label}." if nxt else
                     "Passed: that was the last exercise. You have built micrograd!",
                     "bold green")
        elif self.track.solution_open(self.exercise):
            self.say("Stuck? Type solution to see the reference code.", "dim")
        elif not self.track.count("hints", self.exercise):
            self.say("Type hint for a hint.", "dim")

    def hint(self) -> None:
        ex = self.exercise
        before = self.track.count("hints", ex)
        if before >= len(ex.hints):
            self.say("No more hints; type solution for the reference code.", "magenta")
            return
        given = self.track.record_hint(ex)
        self.console.print(Text(f"Hint {given} of {len(ex.hints)}: ", style="bold magenta") +
                           Text(ex.hints[given - 1]))

    def solution(self) -> None:
        ex = self.exercise
        if not self.track.solution_open(ex) and not self.asked_solution:
            self.asked_solution = True
            self.say(f"The solution opens after {SOLUTION_AFTER} failed checks. Type solution "
                     "again to see it now.", "yellow")
            return
        self.track.record_solution(ex)
        self.say(f"The reference code for exercise {ex.label} (the lecture's way):", "bold")
        self.console.print(code_view(stages.solution_text(ex.id)))

    def listing(self) -> None:
        marks = {"passed": "[x]", "failing": "[!]", "new": "[ ]"}
        for ex in EXERCISES:
            here = "  <- here" if ex is self.exercise else ""
            self.say(f"{marks[self.track.status(ex)]} {ex.number:>2}. {ex.title}  ({ex.id}){here}")

    def reset(self) -> None:
        from tutor.buildtrack.reset import reset

        reset(self.exercise, self.workspace.root, stdin=self.stdin,
              out=lambda text, end="\n": self.console.print(text, end=end, markup=False))

    def _neighbour(self, step: int) -> Exercise | None:
        i = self.exercise.number - 1 + step
        return EXERCISES[i] if 0 <= i < len(EXERCISES) else None

    # --- the loop --------------------------------------------------------------------

    def run(self, exercise: Exercise | None = None) -> int:
        progress = self.track.progress
        if progress.warning:
            self.say(progress.warning, "yellow")
        try:
            self.open(exercise or self.exercise)
            while True:
                self.command(self.ask(f"[{self.exercise.id}] > "))
        except (_Quit, KeyboardInterrupt, EOFError):
            self.say("Bye! Your files and progress are kept.")
            return 0

    def command(self, text: str) -> None:
        word, _, rest = text.strip().partition(" ")
        word = word.lower()
        if word in ("", "check", "c"):
            self.check()
        elif word in ("hint", "h", "?"):
            self.hint()
        elif word in ("solution", "sol"):
            self.solution()
        elif word in ("show", "s", "statement"):
            self.show()
        elif word in ("next", "n", "prev", "p"):
            nxt = self._neighbour(1 if word.startswith("n") else -1)
            if nxt is None:
                self.say("There is no exercise that way.", "yellow")
            else:
                self.open(nxt)
        elif word in ("go", "g"):
            found = find_exercise(rest)
            if found is None:
                self.say(f"No exercise {rest!r}: type list to see them.", "yellow")
            else:
                self.open(found)
        elif word in ("list", "l"):
            self.listing()
        elif word == "reset":
            self.reset()
        elif word == "path":
            self.say(str(self.workspace.root))
        elif word in ("quit", "q", "exit"):
            raise _Quit
        else:
            self.say(f"Unknown command {word!r}. {HELP}", "yellow")


def run_plain(exercise: Exercise | None = None, workspace=None, no_color: bool = False,
              stdin=None, stdout=None) -> int:
    if stdout is None and not can_show(getattr(sys.stdout, "encoding", None)):
        stdout = AsciiStream(sys.stdout)
    console = Console(file=stdout, no_color=no_color or None, highlight=False, markup=False,
                      soft_wrap=False, emoji=False)
    return BuildPlain(console, stdin=stdin, workspace=Workspace(workspace)).run(exercise)
