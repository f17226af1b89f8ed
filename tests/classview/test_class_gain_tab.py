"""The teacher's view's gain tab: the pre/post test's figures of tutor.concepttest.gain, per
skill and overall, read with the other panels and brought up to date when a test is taken."""

from __future__ import annotations

import pytest

from tutor.classview.app import ClassApp
from tutor.classview.board import Board
from tutor.concepttest.gain import gain_of_store
from tutor.concepttest.items import ITEMS
from tutor.concepttest.session import TestRun
from tutor.store import open_store
from tutor.store.location import parse
from tutor.store.store import make_engine
from tutor_helpers import right_text, wrong_text

ALL = {item.id for item in ITEMS}
SIGN = {item.id for item in ITEMS if item.skill == "sign"}


def sit(url, name, phase, right):
    store = open_store(url, name)
    run = TestRun(store, phase)
    for _ in ITEMS:
        q = run.problem().question
        run.answer(right_text(q) if run.current.id in right else wrong_text(q))
    store.close()


def board_of(url) -> Board:
    engine = make_engine(parse(url, None))
    engine.open(5)
    board = Board(engine)
    board.load()
    return board


def test_the_board_reads_the_gain_and_a_new_posttest_moves_it(store_url):
    sit(store_url, "ann", "pre", SIGN)            # 10% before
    sit(store_url, "ann", "post", ALL)            # 100% after
    sit(store_url, "bob", "pre", set())
    board = board_of(store_url)
    try:
        assert board.gain.overall.n == 1 and board.gain.took == {"pre": 2, "post": 1}
        assert board.gain.overall.g == pytest.approx(1.0)
        sit(store_url, "bob", "post", SIGN)       # 0% -> 10%
        assert board.poll()
        expected, _ = gain_of_store(store_url)
        assert board.gain.overall.n == 2 == expected.overall.n
        assert board.gain.overall.post_mean == pytest.approx(55.0)
        assert board.gain.overall.g == pytest.approx(expected.overall.g)
        assert board.gain.overall.g == pytest.approx((55 - 5) / 95)
    finally:
        board.engine.close()


async def test_key_5_shows_the_gain_per_skill_at_80x24(tmp_path):
    url = f"sqlite:///{tmp_path / 'answers.sqlite3'}"
    sit(url, "ann", "pre", SIGN)
    sit(url, "ann", "post", ALL)
    engine = make_engine(parse(url, None))
    engine.open(5)
    app = ClassApp(Board(engine), "answers.sqlite3", poll_seconds=None, ascii=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        lines = [s.text.rstrip() for s in app.screen._compositor.render_strips()]
        text = "\n".join(lines)
        assert "1 took both tests (1 the pretest, 1 the posttest); <g> from the class means" in text
        sign = next(line for line in lines if "The sign of a gradient" in line)
        assert sign.split()[-6:] == ["1", "100.0", "100.0", "-", "-", "-"]   # nothing to gain
        everything = next(line for line in lines if "All items" in line)
        assert everything.split()[-6:-3] == ["1", "10.0", "100.0"]
        assert "1.00" in everything
    engine.close()
