"""Small helpers the worksheet and playground screens share."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

NARROW = 80


def fit_footer(screen: Screen) -> None:
    """Below 80 columns, keys closer together and no palette key, so that every key fits
    (as on the lesson screen)."""
    narrow = screen.size.width < NARROW
    footer = screen.query_one(Footer)
    footer.compact = narrow
    footer.show_command_palette = not narrow
