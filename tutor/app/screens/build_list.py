"""The build track's exercise list: what passes, and where to go on.

The exercise to continue with is highlighted, so Enter picks up where the
learner left off.  It is the build app's first screen; Escape in an exercise
comes back here, and Escape here goes to the course list.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tutor.buildtrack.exercises import EXERCISES, find_exercise

MARKS = {"passed": ("[x]", "green"), "failing": ("[!]", "yellow"), "new": ("[ ]", "dim")}


class ExerciseListScreen(Screen):
    """Twelve exercises, each with its status and the file it is in.  Escape goes to
    the course: this app ends, and the course app runs in its place."""

    BINDINGS = [Binding("escape", "course", "Course")]

    def compose(self) -> ComposeResult:
        yield Header(icon="*" if self.app.glyphs.ascii else None)
        yield Static(f"[b]Build micrograd yourself[/b]  Pick an exercise, press [b]Enter[/b]; "
                     "[b]Escape[/b]: the course.\n"
                     f"Your files: {self.app.workspace.root}\n"
                     "\\[x] passes  \\[!] checked, not passing yet  \\[ ] not checked yet",
                     id="build-intro")
        yield OptionList(*self._options(), id="exercises")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        listing = self.query_one("#exercises", OptionList)
        listing.set_options(self._options())
        listing.highlighted = self.app.track.current().number - 1
        listing.focus()

    def _options(self) -> list[Option]:
        track = self.app.track
        options = []
        for ex in EXERCISES:
            mark, style = MARKS[track.status(ex)]
            row = Text(no_wrap=True, overflow="ellipsis")
            row.append(mark + " ", style=style)
            row.append(f"{ex.number:>2}. ", style="dim")
            row.append(ex.title)
            row.append(f"  {ex.file}", style="dim")
            options.append(Option(row, id=ex.id))
        return options

    def action_course(self) -> None:
        self.app.back_to_course()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and self.app.screen is self:
            self.app.open_exercise(find_exercise(event.option.id))
