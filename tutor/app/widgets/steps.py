"""Views of the steps that ask nothing: narration, graph, code, nudge, recap.

Each is a small widget made from one lesson step; ``step_view(step, glyphs)``
picks the right one.  They render once, from the numbers the step holds when it
is shown (a later step may change the graph; what was shown stays as it was).
"""

from __future__ import annotations

import math

from rich.console import Group
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Markdown, Static

from lessons.steps import Code, Nudge, Recap, Say, Show
from tutor.app.terminal import Glyphs
from tutor.explain import ascii_math
from tutor.app.widgets.inline import glue, inline
from tutor.render import graph_tree


class SayView(Markdown):
    """Narration (Markdown)."""


class ShowView(Static):
    """The graph as a tree, with an optional caption."""


class CodeView(Static):
    """A Python snippet, syntax-highlighted in the terminal's own colours."""


class NudgeView(Static):
    """The numerical check: before, after, and the slope (after - before) / h."""


class RecapView(Static):
    """The lesson's take-aways."""


def tree_with_caption(root, caption: str = "", glued: bool = True, **tree_options) -> Group:
    parts = []
    if caption:
        parts.append(inline(caption, style="italic", glued=glued))
    parts.append(graph_tree(root, **tree_options))
    return Group(*parts)


def _digits(step: Nudge) -> int:
    """Enough significant digits to see the change a nudge of h makes."""
    size = abs(step.before) or 1.0
    need = math.ceil(-math.log10(step.h)) + math.floor(math.log10(size)) + 5 if step.h > 0 else 8
    return max(6, min(17, need))


def nudge_text(step: Nudge, glyphs: Glyphs) -> Text:
    leaf = step.leaf.label or "the input"
    n = _digits(step)
    text = Text()
    text.append("Nudge ", style="bold")
    text.append(f"{leaf} up by h = {step.h:g}\n", style="bold")
    text.append(f"  output before  {step.before:.{n}g}\n")
    text.append(f"  output after   {step.after:.{n}g}\n")
    text.append("  slope = (after - before) / h = ")
    text.append(f"{step.slope:.6g}", style="bold green")
    return text


def recap_text(step: Recap, glyphs: Glyphs) -> Group:
    points = Table.grid(padding=(0, 1))
    points.add_column(no_wrap=True)
    points.add_column()                        # wrapped lines hang under the text
    for point in step.points:
        points.add_row(f" {glyphs.bullet}", inline(point, glued=not glyphs.ascii))
    return Group(Text("Recap", style="bold"), points)


def without_title(text: str, title: str) -> str:
    """Narration less a first heading that repeats the lesson's title (the lesson header
    above already shows it)."""
    first, _, rest = text.lstrip("\n").partition("\n")
    heading = first.strip()
    if title and heading.startswith("# ") and \
            heading[2:].strip().rstrip(".").lower() == title.strip().rstrip(".").lower() \
            and rest.strip():
        return rest.lstrip("\n")
    return text


def step_view(step, glyphs: Glyphs, title: str = "") -> Widget | None:
    """The widget for a step that asks nothing, or None for other steps.  ``title``:
    the lesson's, which its first narration need not repeat."""
    glued = not glyphs.ascii
    if isinstance(step, Say):
        text = without_title(step.text, title)
        return SayView(glue(text) if glued else ascii_math(text), classes="step")
    if isinstance(step, Show):
        return ShowView(tree_with_caption(step.root, step.caption, glued=glued,
                                          highlight=step.highlight, grads=step.grads,
                                          hidden=step.hide), classes="step")
    if isinstance(step, Code):
        parts = [inline(step.caption, style="italic", glued=glued)] if step.caption else []
        parts.append(Syntax(step.source, "python", theme="ansi_dark",
                            background_color="default", word_wrap=True))
        if step.output:
            parts.append(Text(step.output, style="dim"))
        return CodeView(Group(*parts), classes="step")
    if isinstance(step, Nudge):
        return NudgeView(nudge_text(step, glyphs), classes="step")
    if isinstance(step, Recap):
        return RecapView(recap_text(step, glyphs), classes="step")
    return None
