"""The build track's code editor: Python's indentation habits, highlighting only where it stays
quick, where the learner writes first, and handing the file to the learner's own editor."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from tutor.buildtrack import regions
from tutor.buildtrack.exercises import Exercise

__all__ = ["CodeArea", "where_to_write", "editor_command", "run_outside_editor",
           "HIGHLIGHT_LINES", "HIGHLIGHT_CHARS"]

# Textual's TextArea highlights by querying the whole syntax tree after every edit: at
# 3,000 lines a key takes about 0.2 s more, at 3 MB seconds (bench/editor_bench.py).
# Above these sizes the file is shown as plain text.
HIGHLIGHT_LINES = 2000
HIGHLIGHT_CHARS = 100_000


def editor_command(environ=os.environ) -> list[str] | None:
    """The learner's editor: $VISUAL, $EDITOR, else nano or vi if installed."""
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                return [value]
    for name in ("nano", "vi"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def run_outside_editor(app, command: list[str], path) -> str | None:
    """Run the learner's editor on the file, the app's screen handed to it meanwhile;
    what went wrong in one sentence, or None."""
    from textual.app import SuspendNotSupported

    argv = [*command, str(path)]
    try:
        try:
            with app.suspend():
                subprocess.run(argv, check=False)
        except SuspendNotSupported:
            if not app.is_headless:
                return "This terminal cannot hand the screen to another program."
            subprocess.run(argv, check=False, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as e:
        return f"Could not start {command[0]}: {e.strerror or e}"
    return None


def where_to_write(text: str, ex: Exercise) -> tuple[int, int, int] | None:
    """Where the learner writes first: (line, start, end) of the exercise's first
    ``raise NotImplementedError("exercise N")`` stub still in its regions (to be typed
    over), else the start of the first line of its first region; None without one."""
    lines = text.split("\n")
    stub = f'raise NotImplementedError("exercise {ex.number}")'
    spans = [span for span in (regions.find(text, name) for name in ex.regions) if span]
    for first, last in spans:
        for row in range(first + 1, last):
            if lines[row].strip() == stub:
                start = len(lines[row]) - len(lines[row].lstrip())
                return row, start, len(lines[row].rstrip())
    return (spans[0][0] + 1, 0, 0) if spans else None


class CodeArea(TextArea):
    """Textual's code editor, plus the habits every Python editor has: Enter keeps the
    line's indentation, and indents one more level after a colon; ctrl+Home and
    ctrl+End go to the start and the end of the file (with shift: select to there).

    Python is highlighted up to ``HIGHLIGHT_LINES`` lines (``HIGHLIGHT_CHARS``
    characters): a bigger file is loaded as plain text, and highlighting goes off
    when the text grows past that while it is edited (``Highlighting`` is posted)."""

    class Highlighting(Message):
        """Highlighting went off: the text grew past the size it stays quick at."""

    @classmethod
    def python_editor(cls, **options) -> "CodeArea":
        """A code editor for Python; plain text when tree-sitter-python is missing
        (``can_highlight`` False)."""
        from textual.widgets.text_area import LanguageDoesNotExist

        try:
            editor = cls.code_editor("", language="python", **options)
        except LanguageDoesNotExist:
            editor = cls.code_editor("", language=None, **options)
            editor.can_highlight = False
        return editor

    can_highlight = True

    @property
    def highlighting(self) -> bool:
        return self.language is not None

    @staticmethod
    def small_enough(text: str) -> bool:
        return len(text) <= HIGHLIGHT_CHARS and text.count("\n") < HIGHLIGHT_LINES

    def load_code(self, text: str) -> None:
        """``load_text``, highlighted if the text is small enough (the language is set
        first, so that a big text is never parsed for highlights)."""
        language = "python" if self.can_highlight and self.small_enough(text) else None
        if language != self.language:
            self.set_reactive(TextArea.language, language)
        self.load_text(text)

    def _on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.highlighting and (self.document.line_count > HIGHLIGHT_LINES
                                  or len(self.document.text) > HIGHLIGHT_CHARS):
            selection, scroll = self.selection, self.scroll_offset
            self.language = None                 # rebuilds the document: the cursor
            self.selection = selection           # and the view are put back
            self.scroll_to(*scroll, animate=False)
            self.post_message(self.Highlighting())

    BINDINGS = [
        Binding("ctrl+home", "cursor_file_start", "Start of file", show=False),
        Binding("ctrl+end", "cursor_file_end", "End of file", show=False),
        Binding("ctrl+shift+home", "cursor_file_start(True)", show=False),
        Binding("ctrl+shift+end", "cursor_file_end(True)", show=False),
    ]

    def action_cursor_file_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_cursor_file_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            row, col = self.cursor_location
            line = self.document.get_line(row)
            indent = line[:len(line) - len(line.lstrip())][:col]
            if line[:col].rstrip().endswith(":"):
                indent += " " * self.indent_width
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self.replace("\n" + indent, start, end)
            return
        await super()._on_key(event)
