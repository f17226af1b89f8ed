"""Shown instead of everything else while the terminal is below the minimum size.

It goes away by itself when the window grows again; ctrl+q still quits.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen):
    """"terminal too small (need W x H, have w x h)"."""

    def __init__(self, min_width: int, min_height: int):
        super().__init__()
        self.min_width, self.min_height = min_width, min_height

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(id="too-small-text")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small-text", Static).update(
            f"Terminal too small\n(need {self.min_width} x {self.min_height}, "
            f"have {width} x {height})\n\nMake the window larger.\nctrl+q quits."
        )
