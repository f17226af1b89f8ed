"""The teacher's view, full screen at 80x24, driven by keys as a teacher would: the grid, its views and orders,
a learner's answers, the questions and their mistakes, who is stuck, the filter, and new answers arriving
(the poll is called by the test, never waited for)."""

from __future__ import annotations

import pytest

from class_script import NOW, answer, close, intro_items, write_class
from tutor.classview.app import ClassApp
from tutor.classview.board import Board
from tutor.store import open_store
from tutor.store.location import parse
from tutor.store.store import make_engine

SIZE = (80, 24)


@pytest.fixture
def class_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'answers.sqlite3'}"
    stores = write_class(url)
    yield url
    close(stores)


def make_app(url) -> ClassApp:
    engine = make_engine(parse(url, None))
    engine.open(5)
    return ClassApp(Board(engine, now=lambda: NOW), "answers.sqlite3", poll_seconds=None,
                    ascii=False)


def screen_lines(app) -> list[str]:
    """The screen as the teacher reads it: one string per terminal line."""
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


def screen(app) -> str:
    return "\n".join(screen_lines(app))


async def read(pilot) -> None:
    """Let the reading in its thread finish and the panes be drawn."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def grid_names(app) -> list[str]:
    table = app.pane.table
    return [table.get_row_at(n)[0].plain for n in range(table.row_count)]   # rich Texts


async def test_the_grid_opens_first_and_is_sorted_and_switched_by_keys(class_url):
    app = make_app(class_url)
    async with app.run_test(size=SIZE) as pilot:
        await read(pilot)
        assert grid_names(app) == ["ann", "bob", "cy", "dee", "eve", "fay"]
        text = screen(app)
        assert "6 learners  lessons  sorted by name (s)  Enter: answers" in text
        assert " ann      1/24  100%  now   ✓100  ·" in text
        assert " bob      0/24  50%   now   ~67   ~  ·" in text
        await pilot.press("s")                       # progress: ann (a lesson done) first
        assert grid_names(app)[0] == "ann" and "sorted by progress" in screen(app)
        await pilot.press("s")                       # first try: eve (0 of 3) last
        assert grid_names(app)[-1] == "eve"
        await pilot.press("v")                       # the practice skills
        assert "practice skills" in screen(app)
        await pilot.press("right", "right", "right", "right", "right")   # ann's plus
        assert "plus" in app.pane.table.ordered_columns[5].label.plain
        await pilot.press("v")                       # the build exercises
        row = app.pane.table.get_row_at(grid_names(app).index("cy"))
        assert [cell.plain for cell in row[4:6]] == ["✓", "✗3"]


async def test_enter_on_a_learner_opens_their_answers_and_escape_comes_back(class_url):
    app = make_app(class_url)
    async with app.run_test(size=SIZE) as pilot:
        await read(pilot)
        await pilot.press("down", "enter")            # bob
        await pilot.pause()
        text = screen(app)
        assert "bob  0 lessons done  first try right 2 of 4 (50%)" in text
        assert "=1+2" in text and "added" in text       # typed as it was, with its kind
        assert screen_lines(app)[0].endswith("5 answers, newest first")
        assert screen_lines(app)[2].startswith(" 5m    plus L1   3.5     ✓")
        await pilot.press("escape")
        await pilot.pause()
        assert grid_names(app)[1] == "bob"


async def test_questions_the_hardest_first_and_enter_shows_their_mistakes(class_url):
    app = make_app(class_url)
    async with app.run_test(size=SIZE) as pilot:
        await read(pilot)
        await pilot.press("2")
        await pilot.pause()
        lines = screen_lines(app)
        assert lines[3:10] == [                       # the figures of test_class_board
            " 5 questions  sorted by hardest (s)  Enter: its mistakes",
            " question  met  1st try  hints  median  discr.  tries",
            " intro Q3  6    33%      0.0    8s      +0.32   8",
            " intro Q2  6    50%      0.0    12s     +0.27   6",
            " intro Q1  6    67%      0.5    35s     +0.11   8",
            " times L1  1    0%       0.0    5s              2",    # met by fewer than 5
            " plus L1   2    50%      0.0    5s              4",
        ]
        await pilot.press("enter")                    # intro Q3's mistakes
        await pilot.pause()
        text = screen(app)
        assert "1 row  per question  on intro Q3 only (v: all)" in text
        assert "intro Q3  sign  6      -" in text
        await pilot.press("v")                        # every question again
        assert "5 rows  per question" in screen(app)


async def test_the_key_screen_at_80x24(class_url):
    """The mistakes pane as it reads at 80x24 (the top line has the time: left out)."""
    app = make_app(class_url)
    async with app.run_test(size=SIZE) as pilot:
        await read(pilot)
        await pilot.press("3")
        await pilot.pause()
        lines = screen_lines(app)
        assert len(lines) == 24
        assert lines[1:14] == [
            " Grid  Questions  Mistakes  Stuck  Gain",
            lines[2],                                  # the tabs' underline
            " Last 10 min: added where the chain rule multiplies, 2x by 2 learners, 2 on",
            " plus L1 (latest: =1+2); then wrong-local 1x",
            " 5 kinds  across the class",
            " kind          count  questions  latest answer",
            " sign          6      1          -",
            " declared      3      1          2",
            " added         2      1          =1+2",
            " missing-path  2      1          -4",
            " wrong-local   1      1          -6",
            "",
            "",
        ]
        assert lines[21] == " sign: right size, wrong sign"
        assert lines[23].startswith(" s Sort  v View  / Filter  r Read now  f1 Help  q Quit")


async def test_who_is_stuck_and_their_answers(class_url):
    app = make_app(class_url)
    async with app.run_test(size=SIZE) as pilot:
        await read(pilot)
        await pilot.press("4")
        await pilot.pause()
        text = screen(app)
        assert "2 learners stuck" in text
        assert " dee      no right answer for 30m  plus L1   3m" in text
        assert " eve      3 wrong in a row         intro Q3  18m" in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "eve  0 lessons done  first try right 0 of 3 (0%)" in screen(app)


async def test_the_filter_keeps_matching_rows_and_escape_clears_it(class_url):
    app = make_app(class_url)
    async with app.run_test(size=SIZE) as pilot:
        await read(pilot)
        await pilot.press("slash", *"ev")
        assert grid_names(app) == ["eve"]
        await pilot.press("enter")                    # kept; the table has the keys again
        assert "filter 'ev' (/)" in screen(app)
        await pilot.press("s")
        assert grid_names(app) == ["eve"]
        await pilot.press("escape")                   # a filter that is set: cleared
        assert len(grid_names(app)) == 6 and "filter" not in screen_lines(app)[3]
        await pilot.press("slash", "b", "escape")     # while typing: cleared too
        assert len(grid_names(app)) == 6
        await pilot.press("enter")                    # and Escape still leaves a learner
        assert "bob  0 lessons done" in screen(app)
        await pilot.press("escape")
        assert "Enter: answers" in screen_lines(app)[3]


async def test_new_answers_appear_when_the_store_is_polled(class_url):
    app = make_app(class_url)
    async with app.run_test(size=SIZE) as pilot:
        await read(pilot)
        gus = open_store(class_url, "gus")
        answer(gus, intro_items()[0], "[red]x\x1b[2J", False, minutes=1, mistake="sign")
        app.action_poll()
        await read(pilot)
        assert "gus" in grid_names(app) and "7 learners" in screen(app)
        await pilot.press("3")
        await pilot.pause()
        assert "2x by 2 learners" in screen(app)                   # added still leads
        await pilot.press("v")
        assert "[red]x\\x1b[2J" in screen(app)     # written out, never obeyed or styled
        app.action_poll()                          # nothing new: the same screen
        await read(pilot)
        assert "[red]x\\x1b[2J" in screen(app)
        gus.close()


async def test_help_lists_the_keys_and_what_the_figures_mean(class_url):
    app = make_app(class_url)
    async with app.run_test(size=SIZE) as pilot:
        await read(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = screen(app)
        assert "The teacher's view: keys" in text and "filter the rows by a word" in text
        await pilot.press("escape")
        await pilot.pause()
        assert grid_names(app)[0] == "ann"
        await pilot.press("q")
    assert app.return_code in (0, None)
