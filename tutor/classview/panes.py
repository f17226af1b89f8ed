"""The view's four panes (grid, questions, mistakes, stuck): a table each, a line on how it is sorted, a line on the row under the cursor.

A pane draws from a ``Board`` (``show``) and keeps the cursor on the same row when the
figures change.  ``s`` cycles the order, ``v`` the view (the grid's lessons, skills or
exercises; the mistakes across the class or per question), ``/`` filters the rows;
``chosen`` says what Enter opens: a learner's answers, or a question's mistakes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from tutor.classview import catalogue
from tutor.classview import grid as grids
from tutor.classview.cells import (ago, ago_words, discrimination_cell, exercise_cell,
                                   lesson_cell, percent, plural, rate_cell, seconds_cell,
                                   skill_cell, typed)
from tutor.classview.mistakes import RECENT_MINUTES
from tutor.classview.questions import SORTS as QUESTION_SORTS

__all__ = ["Pane", "GridPane", "QuestionsPane", "MistakesPane", "StuckPane", "PANES"]


def _cell(value) -> Text:
    """Every cell a Text: compared with the one drawn before, never read as markup."""
    return value if isinstance(value, Text) else Text(str(value))


class Pane(Vertical):
    """A table with a line above (order, filter, count) and one below (the cursor's row)."""

    SORTS: tuple[str, ...] = ()
    VIEWS: tuple[str, ...] = ("",)
    FIXED = 1
    CURSOR = "row"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sort = self.SORTS[0] if self.SORTS else ""
        self.view = self.VIEWS[0]
        self.filter = ""
        self.board = None
        self.now = 0.0
        self.stale = True               # the board changed since this pane was drawn
        self._columns: list = []
        self._keys: list = []
        self._cells: list[list[Text]] = []

    def compose(self) -> ComposeResult:
        yield Static("", classes="pane-head")
        table = DataTable(cursor_type=self.CURSOR, zebra_stripes=True)
        table.fixed_columns = self.FIXED
        yield table
        yield Static("", classes="pane-detail")

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def show(self, board, now: float) -> None:
        """Draw from board.  The same rows in the same order: only the cells that changed
        are written (a table measures every cell it is given; a class is thousands)."""
        self.board, self.now, self.stale = board, now, False
        table = self.table
        was = self._cursor_key()
        column = table.cursor_coordinate.column
        columns, rows = self.columns(), self.rows()
        wanted = self.filter.lower()
        if wanted:
            rows = [(key, cells, text) for key, cells, text in rows if wanted in text.lower()]
        keys = [key for key, _, _ in rows]
        cells = [list(map(_cell, row)) for _, row, _ in rows]
        if columns == self._columns and len(keys) == len(self._keys):
            # the same rows in another order keep their widths: nothing to measure
            drawn = dict(zip(self._keys, self._cells))
            moved = set(keys) == set(self._keys) and all(
                drawn[key] == row for key, row in zip(keys, cells))
            for r, (old, new) in enumerate(zip(self._cells, cells)):
                for c, (before, after) in enumerate(zip(old, new)):
                    if before != after:
                        table.update_cell_at(Coordinate(r, c), after, update_width=not moved)
            if was in keys and keys != self._keys:
                table.move_cursor(row=keys.index(was), animate=False)
        else:
            table.clear(columns=True)
            table.add_columns(*columns)
            for n, row in enumerate(cells):
                table.add_row(*row, key=str(n))
            if was in keys:
                table.move_cursor(row=keys.index(was),
                                  column=min(column, max(len(columns) - 1, 0)), animate=False)
        self._columns, self._keys, self._cells = columns, keys, cells
        self.query_one(".pane-head", Static).update(Text(self.head(len(rows))))
        self.update_detail()

    def _cursor_key(self):
        row = self.table.cursor_coordinate.row
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def on_data_table_row_highlighted(self, event) -> None:
        self.update_detail()

    def on_data_table_cell_highlighted(self, event) -> None:
        self.update_detail()

    def update_detail(self) -> None:
        key = self._cursor_key()
        text = self.detail(key) if key is not None and self.board is not None else \
            self.empty()
        self.query_one(".pane-detail", Static).update(text if isinstance(text, Text)
                                                      else Text(text))

    ENTER = ""          # what Enter opens, said in the line above the table

    def head(self, count: int) -> str:
        parts = [self.view] if self.view else []
        if self.SORTS:
            parts.append(f"sorted by {self.sort} (s)")
        if self.filter:
            parts.append(f"filter {self.filter!r} (/)")
        if self.ENTER and count:
            parts.append(f"Enter: {self.ENTER}")
        return f"{count} {self.noun(count)}  " + "  ".join(parts)

    def next_sort(self) -> None:
        if self.SORTS:
            self.sort = self.SORTS[(self.SORTS.index(self.sort) + 1) % len(self.SORTS)]

    def next_view(self) -> None:
        self.view = self.VIEWS[(self.VIEWS.index(self.view) + 1) % len(self.VIEWS)]

    def chosen(self):
        """What Enter opens: ("learner", id), ("question", key) or None."""
        return None

    # --- what each pane fills in ------------------------------------------------------------

    def noun(self, count: int) -> str:
        return "rows"

    def columns(self) -> list:
        return []

    def rows(self) -> list[tuple]:
        """(key, cells, text the filter looks in)."""
        return []

    def detail(self, key) -> str | Text:
        return ""

    def empty(self) -> str:
        return ""


class GridPane(Pane):
    """Learner x lesson (or skill, or build exercise): one row per learner."""

    SORTS = tuple(grids.SORTS)
    VIEWS = ("lessons", "practice skills", "build exercises")
    FIXED = 4
    CURSOR = "cell"
    ENTER = "answers"

    def noun(self, count):
        return "learner" if count == 1 else "learners"

    def _subjects(self) -> tuple[tuple[str, str], ...]:
        return {"lessons": catalogue.lessons(), "practice skills": catalogue.skills(),
                "build exercises": catalogue.exercises()}[self.view]

    def columns(self):
        heads = [str(n) for n in range(1, len(self._subjects()) + 1)] if self.view != \
            "practice skills" else [s[:6] for s, _ in self._subjects()]
        return ["learner", "done", "1st", "seen", *heads]

    def rows(self):
        marks = self.app.marks
        order = grids.SORTS[self.sort]
        found = []
        for row in sorted(self.board.learners.values(), key=order):
            if self.view == "lessons":
                cells = [lesson_cell(row.lessons.get(s), marks) for s, _ in self._subjects()]
                done = f"{row.done}/{len(self._subjects())}"
            elif self.view == "practice skills":
                cells = [skill_cell(row.skills.get(s), marks) for s, _ in self._subjects()]
                done = f"{row.mastered}M"
            else:
                cells = [exercise_cell(row.exercises.get(s), marks) for s, _ in self._subjects()]
                done = f"{row.passed}/{len(self._subjects())}"
            found.append((row.id, [typed(row.name, 14), done,
                                   rate_cell(row.first_right, row.answered),
                                   ago(row.last_seen, self.now), *cells], row.name))
        return found

    def detail(self, key):
        row = self.board.learners.get(key)
        if row is None:
            return ""
        column = self.table.cursor_coordinate.column - 4
        subjects = self._subjects()
        name = typed(row.name, 30)
        if not 0 <= column < len(subjects):
            right = (f"first try right {row.first_right} of {row.answered} questions "
                     f"({percent(row.first_right, row.answered)})" if row.answered else
                     "no answers yet")
            return name + Text(f": {plural(row.done, 'lesson')} done, "
                               f"{plural(row.mastered, 'skill')} mastered, "
                               f"{plural(row.passed, 'exercise')} passed; {right}")
        subject, title = subjects[column]
        return name + Text(f" · {column + 1} {title}: " + self._cell_words(row, subject))

    def _cell_words(self, row, subject) -> str:
        if self.view == "lessons":
            cell = row.lessons.get(subject)
            if cell is None:
                return "not started"
            score = f", {cell.right} of {cell.asked} right" if cell.asked else ""
            return f"{cell.status}{score}, saved {ago_words(cell.updated, self.now)}"
        if self.view == "practice skills":
            cell = row.skills.get(subject)
            if cell is None or cell.status == "new":
                return "new"
            state = "mastered" if cell.status == "mastered" else \
                f"learning, level {cell.level} of {cell.top}"
            return f"{state}; {cell.right} of {cell.seen} drills right"
        cell = row.exercises.get(subject)
        if cell is None or cell.status == "new":
            return "not checked yet"
        return f"{cell.status}; {cell.checks} checks, {cell.failed} failed"

    def chosen(self):
        key = self._cursor_key()
        return ("learner", key) if key is not None else None

    def empty(self):
        return "No learner in this store yet." if self.board is not None and \
            not self.board.learners else ""


class QuestionsPane(Pane):
    """Per question: met, right at first try, hints, median time, discrimination."""

    SORTS = tuple(QUESTION_SORTS)
    ENTER = "its mistakes"

    def noun(self, count):
        return "question" if count == 1 else "questions"

    def columns(self):
        return ["question", "met", "1st try", "hints", "median", "discr.", "tries"]

    def rows(self):
        found = []
        for q in self.board.questions.ordered(self.sort):
            found.append((q.key, [Text(q.label[:18]), str(q.learners),
                                  rate_cell(q.first_right, q.learners), f"{q.hints:.1f}",
                                  seconds_cell(q.median_seconds),
                                  discrimination_cell(q.discrimination), str(q.tries)],
                          f"{q.label} {q.prompt}"))
        return found

    def detail(self, key):
        q = self.board.questions.stats.get(key)
        if q is None:
            return ""
        hinted = f"  ({plural(q.hinted, 'learner')} took hints)" if q.hinted else ""
        return Text(f"{q.label}: {q.prompt}{hinted}")

    def chosen(self):
        key = self._cursor_key()
        return ("question", key) if key is not None else None

    def empty(self):
        return "No answers yet." if self.board is not None else ""


class MistakesPane(Pane):
    """The diagnosed kinds, across the class or per question; the last minutes on top."""

    VIEWS = ("across the class", "per question")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.question = None            # per question: only this one (from the questions)

    def compose(self) -> ComposeResult:
        yield Static("", classes="recent")
        yield from super().compose()

    def show(self, board, now):
        super().show(board, now)
        self.query_one(".recent", Static).update(self.recent_text())

    def recent_text(self) -> Text:
        if not self.board.recent:
            return Text(f"No mistake named in the last {RECENT_MINUTES} minutes.", style="dim")
        top, *rest = self.board.recent
        line = Text(f"Last {RECENT_MINUTES} min: ", style="bold")
        line.append(f"{top.name}", style="bold yellow")
        line.append(f", {top.count}x by {top.learners} "
                    f"learner{'s' * (top.learners != 1)}, {top.on_question} on {top.question}")
        if top.example:
            line.append(" (latest: ")
            line.append(typed(top.example, 20))
            line.append(")")
        if rest:
            line.append("; then " + ", ".join(f"{r.kind} {r.count}x" for r in rest[:3]),
                        style="dim")
        return line

    def noun(self, count):
        return ("kind" if count == 1 else "kinds") if self.view != "per question" else \
            ("row" if count == 1 else "rows")

    def head(self, count):
        head = super().head(count)
        if self.question is not None and self.view == "per question":
            head += f"  on {catalogue.question_label(*self.question)[0]} only (v: all)"
        return head

    def next_view(self):
        if self.question is not None:
            self.question = None        # back to every question
            return
        super().next_view()

    def columns(self):
        if self.view == "per question":
            return ["question", "kind", "count", "latest answer"]
        return ["kind", "count", "questions", "latest answer"]

    def rows(self):
        if self.view == "per question":
            chosen = [m for m in self.board.per_question
                      if self.question is None or (m.track, m.subject, m.item) == self.question]
            return [((m.track, m.subject, m.item, m.kind),
                     [Text(m.question[:18]), Text(m.kind), str(m.count), typed(m.example, 24)],
                     f"{m.question} {m.kind} {m.name}") for m in chosen]
        return [(m.kind, [Text(m.kind), str(m.count), str(m.questions), typed(m.example, 24)],
                 f"{m.kind} {m.name}") for m in self.board.of_class]

    def detail(self, key):
        kind = key[-1] if isinstance(key, tuple) else key
        return Text(f"{kind}: {catalogue.mistake_name(kind)}")

    def empty(self):
        return "No mistake named yet." if self.board is not None else ""


class StuckPane(Pane):
    """Who is stuck, the latest first."""

    ENTER = "their answers"

    def noun(self, count):
        return "learner stuck" if count == 1 else "learners stuck"

    def columns(self):
        return ["learner", "why", "question", "last try"]

    def rows(self):
        found = []
        for n, s in enumerate(self.board.stuck):
            why = (f"{s.count} wrong in a row" if s.why == "tries" else
                   f"no right answer for {ago(s.since, self.now)}")
            found.append(((s.learner_id, n), [typed(s.name, 14), why, Text(s.question[:18]),
                                              ago(s.last, self.now)], f"{s.name} {s.question}"))
        return found

    def detail(self, key):
        s = self.board.stuck[key[1]] if key[1] < len(self.board.stuck) else None
        if s is None:
            return ""
        rules = self.board.rules
        rule = (f"{rules.tries} or more tries without a right one, in the last "
                f"{rules.window_minutes:.0f} min" if s.why == "tries" else
                f"answering, and no right answer for {rules.minutes:.0f} min or more")
        prompt = catalogue.question_label(s.track, s.subject, s.item)[1] if s.track else ""
        return typed(s.name, 30) + Text(f": {rule}. {prompt}")

    def chosen(self):
        key = self._cursor_key()
        return ("learner", key[0]) if key is not None else None

    def empty(self):
        return "Nobody is stuck." if self.board is not None else ""


# (tab id, title, pane): the view's tabs, in order
PANES = (("grid", "Grid", GridPane), ("questions", "Questions", QuestionsPane),
         ("mistakes", "Mistakes", MistakesPane), ("stuck", "Stuck", StuckPane))
