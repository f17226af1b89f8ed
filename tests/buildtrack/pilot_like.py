"""Rich renderables as plain text, for assertions."""

from io import StringIO

from rich.console import Console


def plain_text(renderable, width: int = 120) -> str:
    console = Console(file=StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()
