"""A check's result as rich renderables, for line mode, ``build check -v`` and the app.

    FAIL  6 accumulate: `a.grad` is 1, should be 2 (in b = a + a)
    The smallest case that fails (a + a):
        a = Value(3.0)
        b = a + a
        b.backward()
    The right grads, and yours:
        b = a+a   6   grad 1   yours 1
        ├── a   3   grad 2   yours 1  <-
        └── a, see above
    The chain rule at a:
        db/da = ∂b/∂a (first input) + ∂b/∂a (second input) ...
    `a` is used twice, and `=` overwrote the first contribution: ...
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.syntax import Syntax
from rich.text import Text

from tutor.buildtrack.exercises import Exercise
from tutor.buildtrack.verdict import Verdict

__all__ = ["verdict_view", "statement_view", "code_view", "hint_view"]


def code_view(code: str) -> Syntax:
    return Syntax(code, "python", theme="ansi_dark", background_color="default",
                  word_wrap=True)


def verdict_view(v: Verdict, heading: bool = True) -> Group:
    parts: list[RenderableType] = []
    if heading:
        style = "bold green" if v.passed else "bold red"
        parts.append(Text.assemble(("PASS" if v.passed else "FAIL", style),
                                   f"  {v.exercise.label}"))
    if v.summary:
        parts.append(Text(v.summary, style="green" if v.passed else "bold"))
    if v.code:
        title = f" ({v.case_title})" if v.case_title else ""
        parts.append(Text(f"\nThe smallest case that fails{title}:", style="dim"))
        parts.append(Padding(code_view(v.code), (0, 0, 0, 4)))
    if v.tree is not None:
        parts.append(Text("\nThe right numbers, and yours:", style="dim"))
        parts.append(Padding(v.tree, (0, 0, 0, 4)))
    if v.chain:
        parts.append(Text("\nThe chain rule there:", style="dim"))
        parts.extend(_indented(line, 4) for line in v.chain)
    if v.diagnosis:
        parts.append(Text("\n" + v.diagnosis, style="yellow"))
    if v.detail:
        parts.append(Text(""))
        parts.extend(Text("    " + line, style="dim") for line in v.detail)
    if v.output:
        parts.append(Text("\nYour code printed:", style="dim"))
        parts.append(Padding(Text(v.output), (0, 0, 0, 4)))
    if v.bonus:
        parts.append(Text("\n" + v.bonus, style="cyan"))
    return Group(*parts)


def _indented(line: str, by: int) -> Padding:
    """A line indented by ``by`` plus its own indent, wrapped lines kept under its start."""
    text = line.lstrip(" ")
    return Padding(Text(text), (0, 0, 0, by + len(line) - len(text)))


def statement_view(exercise: Exercise, file_path: str) -> Group:
    from rich.markdown import Markdown

    return Group(
        Text(f"Exercise {exercise.label}", style="bold underline"),
        Text(f"{file_path}  ({exercise.section})", style="dim"),
        Text(""),
        Markdown(exercise.statement),
        Text("\nThe lecture's API:", style="dim"),
        Padding(code_view(exercise.api), (0, 0, 0, 4)),
    )


def hint_view(exercise: Exercise, given: int) -> Group:
    parts = [Text(f"Hint {i} of {len(exercise.hints)}: ", style="bold magenta") +
             Text(hint) for i, hint in enumerate(exercise.hints[:given], 1)]
    return Group(*parts)
