"""Line mode: the course line by line, for any terminal, a pipe or a screen reader.

    micrograd-tutor --plain [LESSON]

Output is plain lines (rich Markdown and trees, coloured only when the terminal
can); answers are read from standard input.  At a question, type the answer, or
``hint``, ``reveal`` or ``quit``.  End of input (Ctrl+D) or Ctrl+C saves and
exits cleanly.

Streams are not trusted either: a closed standard input is the end of input, a
line is read only up to the longest answer (the rest of a longer one is dropped
unread), undecodable bytes and control characters are shown, never obeyed, and
an output that fails (a full disk) or goes away (``| head``) ends line mode with a
message on standard error instead of a traceback.
"""

from __future__ import annotations

import io
import sys

from rich.console import Console
from rich.markdown import Markdown
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from lessons import steps as S
from lessons.course import Lesson, all_lessons, find_lesson
from tutor.explain import backward_frames
from tutor.expression import node_names
from tutor.hints import prompt_text
from tutor.practice.store import course_hook
from tutor.grading import MAX_ANSWER_CHARS
from tutor.store import open_store
from tutor.regions import region_map
from tutor.render import AsciiStream, can_show, frame_text, graph_tree
from tutor.runner import Feedback, LessonError, LessonRun
from tutor.streams import LineConsole, drop_stdout, say_on_stderr
from tutor.text import visible

__all__ = ["run_plain", "plain_console", "PlainTutor", "Quit"]

HINT_WORDS = ("hint", "?", "h")
REVEAL_WORDS = ("reveal", "show", "answer", "give up")
QUIT_WORDS = ("quit", "exit", "q")
TRAIN_PRINT_EVERY = 5
QUESTION_TREE_NODES = 40  # a whole network's loss is too big to print before a question
ENDLESS_LINE = 1 << 20    # a "line" longer than this is not typing (say, < /dev/zero): stop


class _Quit(Exception):
    """The learner left: end of input, Ctrl+C or 'quit'."""


Quit = _Quit     # for the other line-mode front ends (practice, playground)


class PlainTutor:
    def __init__(self, console: Console, stdin=None, progress=None):
        self.console = console
        self.stdin = stdin or sys.stdin
        self.progress = progress or open_store()
        self.last_tree = None  # the graph printed last, so a question does not repeat it
        self.told = None       # the save error already reported

    # --- input ----------------------------------------------------------------

    def ask(self, prompt: str) -> str:
        self.console.print(Text(prompt, style="bold"), end="")
        self.console.file.flush()
        line = self.read_line()
        if line is None:  # end of input
            self.console.print()
            raise _Quit
        if not self.stdin.isatty() if hasattr(self.stdin, "isatty") else False:
            self.console.print(visible(line.rstrip("\n")), markup=False, highlight=False)
        return line.strip()

    def read_line(self) -> str | None:
        """The next line, or None at the end of input (or when input has failed).

        At most MAX_ANSWER_CHARS + 1 characters of a line are kept: the answer's
        parser refuses that as too long, and the rest of the line is read and dropped.
        """
        try:
            line = self.stdin.readline(MAX_ANSWER_CHARS + 1)
            if len(line) > MAX_ANSWER_CHARS and not line.endswith("\n"):
                dropped = 0
                while dropped <= ENDLESS_LINE:
                    rest = self.stdin.readline(1 << 16)
                    dropped += len(rest)
                    if not rest or rest.endswith("\n"):
                        return line
                self.console.print()
                self.console.print(Text("That line goes on for more than a megabyte: this "
                                        "is not typing, so line mode stops here.",
                                        style="yellow"))
                return None
        except (OSError, ValueError):  # a terminal that hung up, an input closed meanwhile
            return None
        return line or None

    # --- a lesson -------------------------------------------------------------

    def run_lesson(self, lesson: Lesson) -> None:
        run = LessonRun(lesson, self.progress, on_outcome=course_hook(self.progress))
        right, asked = run.score
        self.console.rule(Text(lesson.title, style="bold"))
        if run.index:
            self.console.print(f"Resuming at step {run.index + 1} (score so far {right}/{asked}).")
            for step in run.context:  # what the current question refers to
                self.show(step)
        try:
            while not run.finished:
                self.show(run.step)
                if run.awaiting_answer:
                    self.question(run)
                run.advance()
                self.tell_save_error()
        finally:
            run.save()
        right, asked = run.score
        self.console.print(f"\nLesson done: {right} of {asked} questions right.")

    def tell_save_error(self) -> None:
        """Say once that progress cannot be saved (it is kept in memory meanwhile)."""
        error = self.progress.save_error
        if error and error != self.told:
            self.console.print(Text(error, style="yellow"))
        self.told = error

    def question(self, run: LessonRun) -> None:
        q = run.question
        self.console.print(Text(f"\nQ. {prompt_text(q)}", style="bold cyan"))
        if q.kind == "choice":
            for i, choice in enumerate(q.choices, 1):
                self.console.print(f"  {i}. {choice}")
        kind = {"sign": "+ / - / 0", "choice": "number of your choice"}.get(q.kind, "a number")
        while run.awaiting_answer:
            text = self.ask(f"Your answer ({kind}; or hint, reveal, quit): ")
            word = text.lower()
            if word in QUIT_WORDS:
                raise _Quit
            if word in HINT_WORDS:
                self.feedback(run.hint())
            elif word in REVEAL_WORDS:
                self.feedback(run.reveal())
            else:
                self.feedback(run.answer(text))

    def feedback(self, fb: Feedback) -> None:
        style = {"correct": "bold green", "wrong": "bold red", "revealed": "bold yellow",
                 "invalid": "yellow", "hint": "magenta"}[fb.status]
        mark = {"correct": "[right] ", "wrong": "[wrong] ", "revealed": "[answer] "}.get(fb.status, "")
        self.console.print(Text(mark + fb.message, style=style))
        if fb.done and fb.answer:
            self.console.print(Text(f"Answer: {fb.answer}", style="bold"))
        for line in fb.explanation:
            self.console.print(Text(line))

    # --- steps ----------------------------------------------------------------

    def show(self, step) -> None:
        c = self.console
        if isinstance(step, S.Say):
            c.print(Markdown(step.text))
        elif isinstance(step, S.Show):
            if step.caption:
                c.print(Text(step.caption, style="italic"))
            c.print(graph_tree(step.root, highlight=step.highlight, grads=step.grads,
                               hidden=step.hide))
            self.last_tree = step.root
        elif isinstance(step, S.Code):
            if step.caption:
                c.print(Text(step.caption, style="italic"))
            c.print(Syntax(step.source, "python", theme="ansi_dark", background_color="default"))
            if step.output:
                c.print(Text(step.output, style="dim"))
        elif isinstance(step, S.Nudge):
            name = step.leaf.label or "the input"
            c.print(f"Nudge {name} by h = {step.h:g}: output {step.before:.10g} -> "
                    f"{step.after:.10g}, slope (after - before) / h = {step.slope:.6g}")
        elif isinstance(step, S.RevealBackward):
            self.backward(step)
        elif isinstance(step, S.Train):
            self.train(step)
        elif isinstance(step, S.Recap):
            c.print(Text("Recap", style="bold"))
            points = Table.grid(padding=(0, 1))
            points.add_column(no_wrap=True)
            points.add_column()                    # a wrapped line hangs under its text
            for point in step.points:
                points.add_row("  -", Text(point))
            c.print(points)
        elif isinstance(step, S.Question):
            if isinstance(step, (S.AskGrad, S.AskSign)) and step.out is not self.last_tree:
                size = len(step.out.topological_order())
                if size <= QUESTION_TREE_NODES:
                    c.print(graph_tree(step.out, highlight=[step.wrt]))
                else:
                    c.print(Text(f"(The graph has {size} nodes: too many to print here.)",
                                 style="dim"))
                self.last_tree = step.out

    def backward(self, step: S.RevealBackward) -> None:
        names = node_names(step.root)
        self.console.print(Text("The backward pass, node by node:", style="bold"))
        for frame in backward_frames(step.root):
            self.console.print(frame_text(frame, step.root, names))
        self.console.print(graph_tree(step.root, show_grads=True, names=names))

    def train(self, step: S.Train, settings=None) -> float | None:
        """One run (the lesson's settings, or a rerun's); returns its final loss, None if
        stopped.  A lesson that asks for predictions (``predict_reruns``) gets reruns."""
        c = self.console
        title = (step.title or "gradient descent") if settings is None else \
            f"a rerun at {settings.describe(step)}"       # not the lesson's own lr
        c.print(Text(f"Training: {title} ({step.steps} steps; Ctrl+C stops early)",
                     style="bold"))
        if settings is None:
            model, run = step.start()
        else:
            model, run = step.start(lr=settings.lr(step), zero_grad=settings.zero_grad)
        last, stopped = None, False
        try:
            for s in run:
                last = s
                if s.step % TRAIN_PRINT_EVERY == 0 or s.step == step.steps - 1:
                    c.print(f"  step {s.step:3d}  loss {s.loss:.4f}  accuracy {s.accuracy:.0%}"
                            f"  lr {s.lr:.3g}")
        except KeyboardInterrupt:
            c.print("  stopped.")
            stopped = True
        except (ArithmeticError, ValueError) as e:    # numbers too big for a float
            c.print(f"  it blew up: {type(e).__name__}")
            return float("inf")
        if last is not None:
            c.print(f"Final loss {last.loss:.4f} after {last.step + 1} steps.")
        if step.show_regions and last is not None:
            c.print(Text("Decision regions (+ and - are the model's answer; "
                         "o and x the data):", style="bold"))
            for line in region_map(model, step.xs, step.ys):
                c.print(line, markup=False, highlight=False)
        final = None if stopped or last is None else last.loss
        if settings is None and step.predict_reruns and final is not None:
            from tutor.rerun import line_mode_reruns

            line_mode_reruns(step, final, self.ask, lambda text: c.print(Text(text)),
                             lambda again: self.train(step, again))
        return final

    # --- the course -------------------------------------------------------------

    def run(self, lesson_id: str | None) -> int:
        if self.progress.warning:
            self.console.print(Text(self.progress.warning, style="yellow"))
        ids = [lesson.id for lesson in all_lessons()]
        current = lesson_id or self.progress.next_lesson(ids)
        try:
            if lesson_id is None:
                self.offer_test("start")          # the pretest, before lesson 1
            while True:
                self.run_lesson(find_lesson(current))
                position = ids.index(current)
                if position + 1 == len(ids):
                    self.console.print("That was the last lesson. Well done!")
                    self.offer_test("end")        # the posttest
                    return self.goodbye(saying="")
                current = ids[position + 1]
                reply = self.ask(f"Next: {find_lesson(current).title}. "
                                 "Press Enter to start, or type quit: ")
                if reply.lower() in QUIT_WORDS:
                    raise _Quit
        except (_Quit, KeyboardInterrupt, EOFError):
            return self.goodbye()
        except LessonError as e:
            self.console.print(Text(f"Sorry, this lesson has a bug: {e}", style="red"))
            return 1

    def offer_test(self, where: str) -> None:
        """The pre/post test's offer, when the course makes one (``tutor.concepttest``)."""
        from tutor.concepttest.plain import offer

        offer(self, where)

    def goodbye(self, saying: str = "Progress saved. Bye!") -> int:
        """The last line, and the exit status: 1 when the last save failed."""
        flush = getattr(self.progress, "flush", None)
        if flush is not None:
            flush()                         # one more try for what could not be saved
        problem = self.progress.save_problem
        if problem:
            self.console.print(Text(f"Your progress could NOT be saved to {problem}: what you "
                                    "did since the last save that worked is lost.",
                                    style="red"))
            return 1
        if saying:
            self.console.print(saying)
        return 0


def plain_console(no_color: bool = False, stdout=None) -> Console:
    """The console line mode prints to (also practice's and the playground's)."""
    if stdout is None and not can_show(getattr(sys.stdout, "encoding", None)):
        stdout = AsciiStream(sys.stdout)   # an ASCII-only terminal: ∂ as D, ² as ^2
    return LineConsole(file=stdout, no_color=no_color or None, highlight=False, markup=False,
                       soft_wrap=False, emoji=False)


def run_plain(lesson_id: str | None = None, no_color: bool = False, stdin=None,
              stdout=None) -> int:
    """Run the course in line mode; returns the exit status."""
    if stdin is None:
        stdin = sys.stdin
        if stdin is None:                          # started with '<&-'
            say_on_stderr("micrograd-tutor: standard input is closed, so no answers can be "
                          "read.")
            stdin = io.StringIO()
        elif hasattr(stdin, "reconfigure"):
            stdin.reconfigure(errors="replace")    # undecodable bytes: shown, and unreadable
    tutor = PlainTutor(plain_console(no_color, stdout), stdin=stdin)
    try:
        return tutor.run(lesson_id)
    except BrokenPipeError:
        raise                                      # the caller ends quietly
    except OSError as e:                           # output failed: a full disk, a lost terminal
        if stdout is None:
            drop_stdout()
        saved = "NOT saved" if tutor.progress.save_error else "saved"
        say_on_stderr(f"micrograd-tutor: could not write to the output ({e.strerror or e}); "
                      f"your progress is {saved}.")
        return 1
