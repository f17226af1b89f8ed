"""Showing text that came from outside (an answer, a file) without letting it act on the terminal.

A piped answer such as ``ESC[2J`` would clear the learner's screen if echoed as it is,
and an OSC sequence could retitle the terminal.  Every place that shows such text
passes it through ``visible``, which writes those characters out as escapes.
"""

from __future__ import annotations

__all__ = ["visible", "visible_lines"]


def visible(text: str) -> str:
    r"""text with every character that is not printable written out: '\x1b[2J' -> '\\x1b[2J'.

    Control characters (ESC, BEL, CR, tab, the C1 range), format characters such as
    right-to-left overrides, and undecodable bytes show as ``\x1b``, ``\u202e``,
    ``\udcff``; printable text, in any script, is returned as it is.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def visible_lines(text: str) -> str:
    """``visible`` line by line: the line breaks of a program's output stay breaks."""
    return "\n".join(visible(line) for line in text.split("\n"))
