"""What the terminal can show: glyph fallbacks for consoles without block characters.

The Linux virtual console (TERM=linux) and old VT terminals have fonts without
quadrant blocks, braille or most symbols; there the app draws plots and marks
with plain ASCII.  ``MICROGRAD_TUTOR_ASCII=1`` forces that everywhere.
"""

from __future__ import annotations

import os

from textual.scrollbar import ScrollBarRender

ASCII_TERMS = ("linux", "vt100", "vt102", "vt220", "dumb", "cons25")


def ascii_only(environ=os.environ) -> bool:
    """True when block characters should not be used."""
    forced = environ.get("MICROGRAD_TUTOR_ASCII", "")
    if forced:
        return forced not in ("0", "no", "false")
    term = environ.get("TERM", "")
    return term in ASCII_TERMS or term.startswith("vt")


class Glyphs:
    """The few symbols the app draws itself, in a rich and an ASCII variant."""

    def __init__(self, ascii: bool):
        self.ascii = ascii
        self.bullet = "-" if ascii else "•"
        self.arrow = "->" if ascii else "→"
        self.times = "x" if ascii else "×"
        self.line_marker = "*" if ascii else "hd"
        self.mono_run_markers = ("*", "#", "@", "%")   # runs told apart without colour
        self.run_markers = self.mono_run_markers if ascii else ("hd", "hd", "hd", "hd")
        self.region_markers = ("-", "+")          # predicted below / above zero
        self.point_markers = ("x", "o")           # label -1 / +1: readable in monochrome


class _WholeCells(ScrollBarRender):
    """Scrollbar thumbs made of whole (reversed) cells: no eighth-block glyphs."""

    VERTICAL_BARS = [" "] * 8
    HORIZONTAL_BARS = [" "] * 8


class ConsoleScrollBarRender(ScrollBarRender):
    """Textual's scrollbars, except in an app that draws plain ASCII (``app.glyphs.ascii``):
    there the thumb's ends are whole cells, as the console font has no ▁▂▃▅▆▇ to draw
    them with.  Install with ``ScrollBar.renderer = ConsoleScrollBarRender``; other apps
    in the same process are unaffected."""

    @classmethod
    def render_bar(cls, *args, **kwargs):
        try:
            from textual._context import active_app   # the app being drawn

            app = active_app.get(None)
        except ImportError:                           # pragma: no cover - Textual moved it
            app = None
        if getattr(getattr(app, "glyphs", None), "ascii", False):
            return _WholeCells.render_bar(*args, **kwargs)
        return super().render_bar(*args, **kwargs)
