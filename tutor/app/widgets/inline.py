"""A little inline Markdown for one-line texts (prompts, recap points): `code`, **bold**;
and explanation lines that wrap under their own indentation."""

from __future__ import annotations

import re

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

_TOKEN = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*)")


def inline(text: str, style: str = "") -> Text:
    """``"Is `a` **up**?"`` -> a Text with `a` as code and up in bold."""
    out = Text(style=style)
    for part in _TOKEN.split(text):
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(part[1:-1], style="bold cyan")
        elif part.startswith("**") and part.endswith("**") and len(part) > 3:
            out.append(part[2:-2], style="bold")
        else:
            out.append(part)
    return out


def hanging(lines) -> Group:
    """Lines (strings, Texts, or a Group of them) where a long line wraps under its own
    indentation, so a chain-rule step that wraps stays readable."""
    if isinstance(lines, Group):
        lines = lines.renderables
    rows = []
    for line in lines:
        if isinstance(line, str):
            line = Text(line)
        if not isinstance(line, Text):
            rows.append(line)
            continue
        for part in line.split("\n"):
            indent = len(part.plain) - len(part.plain.lstrip(" "))
            rows.append(Padding(part[indent:], (0, 0, 0, indent)))
    return Group(*rows)
