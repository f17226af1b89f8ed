"""The question panel: the graph (for gradient questions), the prompt, numbered
choices, the answer Input, and the feedback with its explanation.

The panel only shows things; the lesson screen sends the typed text to the
runner and hands the runner's ``Feedback`` back here.
"""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from lessons.steps import AskChoice, AskGrad, AskSign
from tutor.app.widgets.inline import hanging, inline
from tutor.app.widgets.steps import tree_with_caption
from tutor.grading import MAX_ANSWER_CHARS
from tutor.hints import hints_for, prompt_text
from tutor.runner import MAX_ATTEMPTS
from tutor.text import visible

PLACEHOLDERS = {
    "sign": "+ (up), - (down) or 0 (same), then Enter",
    "choice": "the number of your choice, then Enter",
    "number": "a number, e.g. -3, 0.5 or 1/2, then Enter",
}
QUESTION_TREE_NODES = 40     # larger graphs are not drawn above a question (as in line mode)
FEEDBACK_STYLE = {"correct": "bold green", "revealed": "bold yellow", "wrong": "bold red",
                  "hint": "bold cyan", "invalid": "bold magenta"}


class AnswerInput(Input):
    """The answer box: at most MAX_ANSWER_CHARS (a longer paste or key is refused with a
    word, not a beep), and pasted control characters are shown, never sent to the terminal."""

    def __init__(self, **options):
        super().__init__(max_length=MAX_ANSWER_CHARS, select_on_focus=False, compact=True,
                         **options)
        self.cursor_blink = False  # nothing is written to the terminal while idle

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(visible(text), start, end)

    def restricted(self) -> None:
        view = next((a for a in self.ancestors if isinstance(a, QuestionView)), None)
        if view is not None:
            view.say_too_long()


def take_submitted(line: Input, submitted: str) -> None:
    """Empty the line of what was submitted, keeping anything typed after the Enter (a
    fast typist's next line arrives before the submission is handled)."""
    value = line.value
    line.value = value[len(submitted):] if value.startswith(submitted) else ""


def earlier_tries(run, question) -> dict:
    """What a resumed open question had before the learner quit: tries and hints (the
    QuestionView's earlier_hints and earlier_note)."""
    if not run.awaiting_answer:
        return {}
    hints = hints_for(question)
    given = len(hints) - run.hints_left
    earlier = [f"Hint {i} of {len(hints)}: {text}"
               for i, text in enumerate(hints[:given], start=1)]
    note = ""
    if run.attempts:
        left = MAX_ATTEMPTS - run.attempts
        note = (f"You had {run.attempts} wrong {'try' if run.attempts == 1 else 'tries'} "
                f"here before; {left} more {'try' if left == 1 else 'tries'}.")
    return {"earlier_hints": earlier, "earlier_note": note}


def catch_early_key(view, event) -> None:
    """A key typed after a question's answer box was made but before it took the focus
    (a fast typist, a slow link), goes into the box instead of nowhere: a character is
    typed there, Enter submits it.  Keys typed before the question was there at all are
    not taken as its answer (Enter held down must not answer a question unseen)."""
    box = getattr(view, "input", None)
    if box is None or box.has_focus or not box.is_attached or box.disabled:
        return
    if event.key == "enter":
        box.focus()
        box.call_later(box.action_submit)    # after the characters typed before it
    elif event.is_printable and event.character:
        box.focus()
        box.insert_text_at_cursor(event.character)
    else:
        return
    event.stop()
    event.prevent_default()


class QuestionView(Vertical):
    """One question, open until it is answered right, revealed, or out of attempts."""

    def __init__(self, question, *, open_: bool = True, done_answer: str = "",
                 show_tree: bool = True, earlier_hints: Sequence[str] = (),
                 earlier_note: str = ""):
        super().__init__(classes="step question")
        self.question = question
        self.show_tree = show_tree
        self._hints: list[str] = list(earlier_hints)   # hints given before a quit
        self._earlier_note = earlier_note              # e.g. tries used before a quit
        self.is_open = open_
        self._done_answer = done_answer

    def compose(self) -> ComposeResult:
        q = self.question
        if self.show_tree and isinstance(q, (AskGrad, AskSign)):
            size = len(q.out.topological_order())
            if size <= QUESTION_TREE_NODES:
                yield Static(tree_with_caption(q.out, highlight=[q.wrt]), classes="q-tree")
            else:       # a whole network's loss: a 100-line tree would push the prompt away
                yield Static(Text(f"(The graph has {size} nodes: too many to draw here.)",
                                  style="dim"), classes="q-tree")
        yield Static(Text.assemble(("? ", "bold"), inline(prompt_text(q), style="bold",
                                                          glued=self._glued)),
                     classes="q-prompt")
        if isinstance(q, AskChoice):
            choices = Text()
            for i, choice in enumerate(q.choices, start=1):
                if i > 1:
                    choices.append("\n")
                choices.append(f"  {i}. ", style="bold")
                choices.append_text(inline(choice, glued=self._glued))
            yield Static(choices, classes="q-choices")
        if self.is_open:
            answer = AnswerInput(placeholder=PLACEHOLDERS.get(q.kind, PLACEHOLDERS["number"]),
                                 id="answer")
            with Horizontal(classes="q-row"):
                yield Static("Your answer: ", classes="q-label")
                yield answer
        for part in ("q-feedback", "q-answer", "q-explanation", "q-hints"):
            yield Static(classes=f"{part} -empty")

    def on_mount(self) -> None:
        if not self.is_open and self._done_answer:
            self._show_answer(self._done_answer, "answered before")
        elif self.is_open:
            if self._earlier_note:
                self._fill(".q-feedback", Text(self._earlier_note, style="italic dim"))
            if self._hints:
                self._show_hints()

    @property
    def input(self) -> Input | None:
        found = self.query("#answer")
        return found.first(Input) if found else None

    def show_feedback(self, feedback, typed: str = "", submitted: str | None = None) -> None:
        """Show what the runner said; close the question when it is over.

        ``submitted`` is the box's text as it was sent: the box is emptied for the next
        try only if it still holds that (keys typed while the answer was on its way, such
        as the real answer after a stray Enter, stay in it)."""
        if feedback.status == "hint":              # hints pile up; the last answer's word stays
            if not self._hints or self._hints[-1] != feedback.message:   # "No more hints" once
                self._hints.append(feedback.message)
            self._show_hints()
            return
        head = Text()
        if typed and feedback.status in ("wrong", "correct", "revealed"):
            head.append(f"You said {visible(typed)}. ", style="dim")
        head.append_text(inline(feedback.message, FEEDBACK_STYLE.get(feedback.status, "bold"),
                                glued=self._glued))
        self._fill(".q-feedback", head)
        self._fill(".q-explanation", hanging(feedback.explanation, ascii=not self._glued))
        if feedback.done:
            self._fill(".q-hints", Text())         # the explanation says it all now
            self.close(feedback.answer)
        elif self.input is not None:
            take_submitted(self.input, self.input.value if submitted is None else submitted)

    def say_too_long(self) -> None:
        """A key or paste would make the answer longer than any answer can be."""
        self._fill(".q-feedback", Text(f"An answer is at most {MAX_ANSWER_CHARS} characters; "
                                       "that would make this one longer.",
                                       style=FEEDBACK_STYLE["invalid"]))

    def _show_hints(self) -> None:
        self._fill(".q-hints", Text("\n", style=FEEDBACK_STYLE["hint"]).join(
            inline(hint, FEEDBACK_STYLE["hint"], glued=self._glued) for hint in self._hints))

    @property
    def _glued(self) -> bool:
        """Glue "f = 20" against bad line breaks, except on ASCII consoles (no glyph)."""
        glyphs = getattr(self.app, "glyphs", None)
        return not getattr(glyphs, "ascii", False)

    def close(self, answer: str) -> None:
        if self.input is not None:
            self.query(".q-row").remove()
        self.is_open = False
        self._show_answer(answer, "Enter continues")

    def _show_answer(self, answer: str, note: str) -> None:
        self._fill(".q-answer", Text.assemble(("Answer: ", "bold"), (answer, "bold green")))
        self.mount(Static(Text(note, style="dim"), classes="now-only"))

    def _fill(self, selector: str, content) -> None:
        part = self.query_one(selector, Static)
        part.update(content)
        empty = not content.plain if isinstance(content, Text) else not content.renderables
        part.set_class(empty, "-empty")


