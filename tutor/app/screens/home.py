"""The course list: chapters, lessons, what is done, and where to continue.

The lesson to continue with (the store's ``next_lesson``) is highlighted, so
Enter picks up where the learner left off.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from lessons.course import COURSE, all_lessons

STATUS_STYLE = {"done": "green", "in progress": "yellow", "new": "dim"}
MARKS = {"done": "[x]", "in progress": "[~]", "new": "[ ]"}


class HomeScreen(Screen):
    """Chapters and lessons with their status and score."""

    BINDINGS = [  # practice next to the course (see tutor/app/track_screens.py)
        Binding("p", "track('practice')", "Practice"),
        Binding("w", "track('worksheet')", "Worksheet"),
        Binding("g", "track('playground')", "Playground"),
        Binding("b", "build", "Build micrograd"),
        Binding("t", "concept_test", "Test", show=False),   # when offered: see #test-offer
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="*" if self.app.glyphs.ascii else None)
        yield Static("[b]Course[/b]  Pick a lesson, press [b]Enter[/b]. You predict first, "
                     "then the engine shows what really happens.\n"
                     "\\[x] done  \\[~] in progress  \\[ ] new; scores: right without "
                     "a reveal / questions", id="intro")
        # Reviews due are counted once the list shows (on_mount): it loads the rules.
        yield Static(self._practice_line(due=0), id="practice-line")
        yield Static(id="test-offer")          # the pre/post test, when the course offers it
        yield OptionList(*self._options(), id="lessons")
        yield Footer()

    def on_mount(self) -> None:
        self._offer_test()
        self._highlight_next(self.query_one("#lessons", OptionList))
        self.call_after_refresh(self._count_reviews)

    def _count_reviews(self) -> None:
        if self.is_attached:
            self.query_one("#practice-line", Static).update(self._practice_line())

    def on_screen_suspend(self) -> None:
        self._seen = repr(self.app.progress.data)

    def on_screen_resume(self) -> None:
        # Back from a lesson: show what changed and where to go on.  Back from help
        # or the palette: leave the cursor where the learner put it.  The first showing
        # needs nothing: compose and on_mount built the list.
        if not hasattr(self, "_seen"):
            return
        self.refresh_course(to_next=repr(self.app.progress.data) != self._seen)

    def refresh_course(self, to_next: bool = True) -> None:
        """Rebuild the list from the saved progress and highlight the lesson to continue."""
        self.query_one("#practice-line", Static).update(self._practice_line())
        self._offer_test()
        listing = self.query_one("#lessons", OptionList)
        before = listing.highlighted
        listing.set_options(self._options())
        if to_next or before is None:
            self._highlight_next(listing)
        else:
            listing.highlighted = before
            listing.focus()

    def _options(self) -> list[Option]:
        progress = self.app.progress
        options: list[Option] = []
        number = 0
        for chapter in COURSE:
            options.append(Option(Text(chapter.title, style="bold underline"), disabled=True))
            for lesson in chapter.lessons:
                number += 1
                options.append(Option(self._row(number, lesson, progress), id=lesson.id))
        return options

    def _practice_line(self, due: int | None = None) -> Text:
        """'Enter: continue   p: 2 reviews due   w: worksheet   g: playground   b: build',
        one row at 80 columns.  ``due``: the number of reviews due, if known (else
        counted now)."""
        if due is None:
            from tutor.practice.store import PracticeStore

            due = len(PracticeStore(self.app.progress).due())
        line = Text("Enter: continue   ", no_wrap=True, overflow="ellipsis")
        for key, what in (("p", f"{due} review{'s' if due != 1 else ''} due" if due
                           else "practice"), ("w", "worksheet"), ("g", "playground"),
                          ("b", "build")):
            line.append(key, style="bold")
            line.append(": ")
            line.append(what, style="bold yellow" if key == "p" and due else "")
            line.append("   " if key != "b" else "")
        return line

    def action_build(self) -> None:
        """b: the build track (the app decides how: see ``TutorApp.open_build``)."""
        self.app.open_build()

    def action_track(self, kind: str) -> None:
        self.app.open_track(kind)

    def _offer_test(self) -> None:
        """Before lesson 1 the pretest, after the last lesson the posttest: one line, t."""
        from tutor.concepttest.texts import offer_line

        self._test, line = offer_line(self.app.progress)
        offer = self.query_one("#test-offer", Static)
        offer.update(Text(line, style="bold yellow", no_wrap=True, overflow="ellipsis"))
        offer.display = self._test is not None

    def check_action(self, action: str, parameters) -> bool | None:
        return getattr(self, "_test", None) is not None if action == "concept_test" else True

    def action_concept_test(self) -> None:
        """t: the test the course offers now (the pretest, or the posttest)."""
        if getattr(self, "_test", None) is not None:
            self.app.open_track(f"{self._test}test")

    def _highlight_next(self, listing: OptionList) -> None:
        ids = [lesson.id for lesson in all_lessons()]
        listing.highlighted = listing.get_option_index(self.app.progress.next_lesson(ids))
        listing.focus()

    @staticmethod
    def _row(number: int, lesson, progress) -> Text:
        """'[x]  2. A derivative is a slope  derivative  3/4' (plain Text: fast to draw)."""
        status = progress.status(lesson.id)
        score = progress.score(lesson.id)
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(MARKS[status] + " ", style=STATUS_STYLE[status])
        row.append(f"{number:>2}. ", style="dim")
        row.append(lesson.title)
        row.append(f"  {lesson.id}", style="dim")
        if score is not None and score[1]:
            row.append(f"  {score[0]}/{score[1]}", style=STATUS_STYLE[status])
        return row

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        # A second Enter typed before the lesson appeared is for the lesson, not a new open.
        if event.option.id and self.app.screen is self:
            self.app.open_lesson(event.option.id)
