"""A little inline Markdown for one-line texts (prompts, hints, feedback, recap points):
`code`, **bold**, *emphasis* and backslash escapes; explanation lines that wrap under
their own indentation; and ``glue`` so that a line break never splits "f =" from its
value or starts a line with "- t^2" (which reads as a list item)."""

from __future__ import annotations

import re

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

from tutor.explain import ascii_math

_TOKEN = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*|(?<![\w*\\])\*[^*\s][^*]*?\*(?![\w*])|\\[\\`*_])")
# A blank that is not whitespace to the line wrappers of rich and Textual (both break at
# any str.isspace() character, no-break spaces included).  Not on ASCII consoles.
GLUE = "\u2800"
_EQUALS = re.compile(r"(?<=\S) = (?=\S)")      # "f = 20": no break after the "="
_MINUS = re.compile(r"(?<=\S) - (?=\S)")       # "1 - t": no line starting with "- t"
_CODE = re.compile(r"(`[^`]*`)")
SHORT_CODE = 24


def glue(text: str) -> str:
    """Join "x = value" and "a - b" so a wrap cannot split them badly (code spans and
    lines indented as code are left as they are)."""
    lines = []
    for line in text.split("\n"):
        if line.startswith(("    ", "\t", "```")):
            lines.append(line)
            continue
        parts = _CODE.split(line)
        for i, part in enumerate(parts):
            if i % 2:                                  # `code`: a short one stays whole
                parts[i] = glue_code(part)
            else:
                parts[i] = _MINUS.sub(GLUE + "- ", _EQUALS.sub(" =" + GLUE, part))
        lines.append("".join(parts))
    return "\n".join(lines)


def glue_code(code: str) -> str:
    """A short code span (`L = d * f`) is never broken across lines."""
    return code.replace(" ", GLUE) if len(code) <= SHORT_CODE else code


def inline(text: str, style: str = "", glued: bool = True) -> Text:
    """``"Is `a` **up**?"`` -> a Text with `a` as code and up in bold; ``*x*`` in
    italics; ``\\*`` a plain star.  ``glued=False`` is for an ASCII console: no glue,
    and the course's symbols spelled in ASCII (∂ as D, ² as ^2)."""
    if not glued:
        text = ascii_math(text)
    out = Text(style=style)
    for part in _TOKEN.split(text):
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(glue_code(part[1:-1]) if glued else part[1:-1], style="bold cyan")
        elif part.startswith("**") and part.endswith("**") and len(part) > 3:
            out.append(part[2:-2], style="bold")
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append(glue(part[1:-1]) if glued else part[1:-1], style="italic")
        elif len(part) == 2 and part.startswith("\\"):
            out.append(part[1])
        else:
            out.append(glue(part) if glued else part)
    return out


def hanging(lines, ascii: bool = False) -> Group:
    """Lines (strings, Texts, or a Group of them) where a long line wraps under its own
    indentation, so a chain-rule step that wraps stays readable.  ``ascii``: the course's
    symbols spelled in ASCII, for a console without them."""
    if isinstance(lines, Group):
        lines = lines.renderables
    rows = []
    for line in lines:
        if isinstance(line, str):
            line = Text(line)
        if ascii and isinstance(line, Text) and ascii_math(line.plain) != line.plain:
            line = Text(ascii_math(line.plain), style=line.style)
        if not isinstance(line, Text):
            rows.append(line)
            continue
        for part in line.split("\n"):
            indent = len(part.plain) - len(part.plain.lstrip(" "))
            rows.append(Padding(part[indent:], (0, 0, 0, indent)))
    return Group(*rows)
