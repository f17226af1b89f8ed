"""A little inline Markdown for one-line texts (prompts, recap points): `code`, **bold**."""

from __future__ import annotations

import re

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
