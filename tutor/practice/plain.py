"""Practice, the worksheet and the playground in line mode: for pipes, screen readers and
plain terminals, like ``micrograd-tutor --plain``.

Answers come from standard input; ``hint``, ``reveal`` and ``quit`` work as in a
lesson.  End of input (Ctrl+D) or Ctrl+C saves and exits cleanly.
"""

from __future__ import annotations

from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from lessons.practice.worksheets import worksheet_problem
from lessons.steps import Code, RevealBackward
from tutor.expression import fmt, forward_line
from tutor.plain import HINT_WORDS, QUIT_WORDS, REVEAL_WORDS, PlainTutor, Quit, plain_console
from tutor.practice.playground import HELP, Playground, playground_tree
from tutor.practice.session import PracticeSession
from tutor.practice.store import clock
from tutor.practice.worksheet import WorksheetRun
from tutor.render import graph_tree

__all__ = ["run_practice_plain", "run_worksheet_plain", "run_playground_plain"]


def _tutor(no_color, stdin, stdout) -> PlainTutor:
    tutor = PlainTutor(plain_console(no_color, stdout), stdin=stdin)
    if tutor.progress.warning:
        tutor.console.print(Text(tutor.progress.warning, style="yellow"))
    return tutor


def run_practice_plain(focus: str | None = None, seed: int | None = None,
                       no_color: bool = False, stdin=None, stdout=None, now=clock) -> int:
    """Drills, one after another, until the learner quits or nothing is left."""
    tutor = _tutor(no_color, stdin, stdout)
    session = PracticeSession(tutor.progress, focus=focus, seed=seed, now=now)
    run = session.run()
    try:
        while not run.finished:
            if isinstance(run.step, Code):
                tutor.console.rule(style="dim")
            tutor.show(run.step)
            if run.awaiting_answer:
                tutor.question(run)
            run.advance()
            tutor.tell_save_error()
    except (Quit, KeyboardInterrupt, EOFError):
        pass
    if session.ended:
        tutor.console.print(Text(session.ended, style="bold"))
    tutor.console.print(f"\nPractice saved: {session.clean} of {session.drills} "
                        f"drill{'s' if session.drills != 1 else ''} right at once, without a "
                        "hint. Bye!")
    return 0


def run_worksheet_plain(seed: int | None = None, no_color: bool = False, stdin=None,
                        stdout=None, now=clock) -> int:
    """A whole backward pass by hand, node by node."""
    import random

    tutor = _tutor(no_color, stdin, stdout)
    c = tutor.console
    seed = seed if seed is not None else random.SystemRandom().randrange(2 ** 31)
    sheet = WorksheetRun(worksheet_problem(seed), tutor.progress, now)
    root, names = sheet.root, sheet.names
    c.rule(Text("Worksheet: the whole backward pass by hand", style="bold"))
    c.print(Syntax(sheet.worksheet.program.source(), "python", theme="ansi_dark",
                   background_color="default"))
    c.print(graph_tree(root, grads={}, names=names))
    c.print(f"Fill in every grad, output first, in the order backward() goes. At each node "
            f"type the number, or {HINT_WORDS[0]}, {REVEAL_WORDS[0]} or quit.")
    try:
        while not sheet.finished:
            c.print(Text(f"\n{_where(sheet, sheet.current)}", style="dim"))
            tutor.question(_NodeQuestion(sheet))     # asked, hinted, revealed as in a lesson
    except (Quit, KeyboardInterrupt, EOFError):
        c.print("Worksheet left; the nodes you did are saved for review. Bye!")
        return 0
    right, total = sheet.score()
    c.print(Text(f"\nDone: {right} of {total} grads right at the first try. The engine's "
                 "own pass, beside yours:", style="bold"))
    c.print(comparison_table(sheet))
    return 0


def _where(sheet: WorksheetRun, node) -> str:
    """'Node d = e+c = -6 + 10 = 4, used by L (grad 1)': what a grad needs, in one line."""
    names = sheet.names
    users = [p for p in sheet.nodes if any(c is node for c in p._prev)]
    used = ", ".join(f"{names[u]} (grad {fmt(sheet.grads[u])})" for u in users)
    return f"Node {forward_line(node, names)}" + (f", used by {used}" if used else
                                                   ": the output")


class _NodeQuestion:
    """One node of a worksheet, as the lesson's question loop drives a ``LessonRun``."""

    def __init__(self, sheet: WorksheetRun):
        self.sheet, self.node = sheet, sheet.current
        self.question = sheet.question(self.node)

    @property
    def awaiting_answer(self) -> bool:
        return self.sheet.current is self.node

    def answer(self, text: str):
        return self.sheet.answer(text)

    def hint(self):
        return self.sheet.hint()

    def reveal(self):
        return self.sheet.reveal()


def comparison_table(sheet: WorksheetRun) -> Table:
    table = Table(box=None, pad_edge=False)
    for column in ("node", "yours", "engine", ""):
        table.add_column(column)
    for name, yours, engine, mark in sheet.comparison():
        table.add_row(name, yours, engine, mark)
    return table


def run_playground_plain(no_color: bool = False, stdin=None, stdout=None) -> int:
    """The playground, line by line: each line is a line of code or a command."""
    tutor = PlainTutor(plain_console(no_color, stdout), stdin=stdin,
                       progress=_NoProgress())
    c = tutor.console
    pg = Playground()
    c.rule(Text("Playground", style="bold"))
    c.print(HELP + " quit leaves.")
    try:
        while True:
            text = tutor.ask("> ")
            if text.lower() in QUIT_WORDS:
                raise Quit
            reply = pg.command(text)
            style = "bold red" if not reply.ok else "bold green" if reply.kind in (
                "prediction", "line") else "bold"
            c.print(Text(reply.message, style=style))
            if reply.kind == "reveal":
                tutor.show(RevealBackward(pg.program.run()[pg.lines[-1].name]))
            elif reply.kind in ("line", "nudge", "reset", "undo", "prediction"):
                c.print(playground_tree(pg))
    except (Quit, KeyboardInterrupt, EOFError):
        c.print("Bye!")
    return 0


class _NoProgress:
    """The playground saves nothing: it needs no progress file."""

    warning = None
    save_error = None
