"""The teacher's view's figures, on a scripted class whose numbers are known by construction (class_script.py),
on SQLite and on a real PostgreSQL: the grid, per question, the mistakes, who is stuck; and a refresh after
new answers gives what a fresh reading gives."""

from __future__ import annotations

import math
import statistics

import pytest

from class_script import FIRST, LEARNERS, NOW, answer, close, intro_items, write_class
from tutor.classview.board import Board
from tutor.store.location import parse
from tutor.store.store import make_engine


@pytest.fixture
def board(store_url):
    stores = write_class(store_url)
    engine = make_engine(parse(store_url, None))
    engine.open(5)
    board = Board(engine, now=lambda: NOW)
    board.load()
    yield board
    engine.close()
    close(stores)


def figures(board):
    """What every panel says, comparable between two boards."""
    return {
        "grid": {row.name: (row.done, row.answered, row.first_right,
                            {k: (c.status, c.right, c.asked) for k, c in row.lessons.items()},
                            {k: (c.status, c.level) for k, c in row.skills.items()},
                            {k: (c.status, c.checks) for k, c in row.exercises.items()})
                 for row in board.learners.values()},
        "questions": {q.key: (q.learners, q.first_right, q.tries, q.rights, q.hints,
                              q.median_seconds,      # (sums in another order: the last bits)
                              None if q.discrimination is None else round(q.discrimination, 9))
                      for q in board.questions.stats.values()},
        "mistakes": [(m.kind, m.count, m.example, m.item) for m in board.per_question],
        "class": [(m.kind, m.count, m.questions, m.example) for m in board.of_class],
        "recent": [(r.kind, r.count, r.learners, r.item, r.example) for r in board.recent],
        "stuck": [(s.name, s.why, s.count, s.item) for s in board.stuck],
    }


def test_the_grid_says_where_each_learner_stands(board):
    rows = {row.name: row for row in board.learners.values()}
    assert sorted(rows) == sorted(LEARNERS)
    ann, bob, cy, dee = rows["ann"], rows["bob"], rows["cy"], rows["dee"]
    assert (ann.lessons["intro"].status, ann.lessons["intro"].right,
            ann.lessons["intro"].asked) == ("done", 3, 3)
    assert {k: (c.status, c.right, c.asked) for k, c in bob.lessons.items()} == {
        "intro": ("in progress", 2, 3), "derivative": ("in progress", 0, 0)}
    assert (ann.skills["plus"].status, dee.skills["plus"].status,
            dee.skills["plus"].level) == ("mastered", "learning", 2)
    assert {k: (c.status, c.checks, c.failed) for k, c in cy.exercises.items()} == {
        "value": ("passed", 2, 1), "add-mul": ("failing", 3, 3)}
    # questions met and right at the first try: intro's three, and practice
    assert {n: (r.answered, r.first_right) for n, r in rows.items()} == {
        "ann": (3, 3), "bob": (4, 2), "cy": (4, 2), "dee": (4, 2), "eve": (3, 0),
        "fay": (3, 1)}
    assert rows["eve"].last_seen == pytest.approx(NOW - 18 * 60)
    assert dee.last_seen >= NOW - 3 * 60           # her last answer, or her saved section


def test_per_question_counts_and_median_time(board):
    q1, q2, q3 = intro_items()
    stats = board.questions.stats
    one, two, three = (stats["course", "intro", q] for q in (q1, q2, q3))
    assert (one.learners, one.first_right, one.tries, one.rights) == (6, 4, 8, 6)
    assert (one.hints, one.hinted) == (0.5, 2)       # dee took 2, eve 1: 3 over 6 learners
    assert one.median_seconds == 35.0                # 10 20 30 | 40 50 60
    assert (two.learners, two.first_right, two.median_seconds) == (6, 3, 12.0)
    assert (three.learners, three.first_right, three.tries) == (6, 2, 8)
    assert three.median_seconds == 8.0               # five 8s and eve's 9
    plus = stats["practice", "plus", "plus/level-1"]
    assert (plus.learners, plus.first_right, plus.median_seconds) == (2, 1, 5.0)
    assert one.label == "intro Q1" and one.prompt.startswith("After these lines run")
    # the hardest first; met by fewer than 5 learners (times L1: 1 of 1 wrong) after them
    assert [q.label for q in board.questions.ordered("hardest")] == \
        ["intro Q3", "intro Q2", "intro Q1", "times L1", "plus L1"]


def test_discrimination_is_the_point_biserial_of_first_try_and_rest_score(board):
    q1, q2, q3 = intro_items()
    extra = {"bob": (0,), "cy": (0,), "dee": (1,)}        # their practice first tries
    for n, item in enumerate((q1, q2, q3)):
        x, s = [], []
        for name in LEARNERS:
            mine = FIRST[name] + extra.get(name, ())
            x.append(mine[n])
            s.append((sum(mine) - mine[n]) / (len(mine) - 1))   # right on the others
        expected = statistics.correlation(x, s)
        assert board.questions.stats["course", "intro", item].discrimination == \
            pytest.approx(expected)
    # Q1 by hand: x = 1 1 1 0 0 1, s = 1 1/3 1/3 2/3 0 0
    sx, ss, sss, sxs = 4, 7 / 3, 1 + 2 / 9 + 4 / 9, 1 + 2 / 3
    r = (6 * sxs - sx * ss) / math.sqrt((6 * sx - sx ** 2) * (6 * sss - ss ** 2))
    assert board.questions.stats["course", "intro", q1].discrimination == pytest.approx(r)
    # fewer than 5 learners: not computed
    assert board.questions.stats["practice", "plus", "plus/level-1"].discrimination is None


def test_mistakes_per_question_and_across_the_class(board):
    q1, q2, q3 = intro_items()
    per = {(m.item, m.kind): (m.count, m.example) for m in board.per_question}
    assert per == {(q1, "missing-path"): (2, "-4"), (q2, "declared"): (3, "2"),
                   (q3, "sign"): (6, "-"), ("plus/level-1", "added"): (2, "=1+2"),
                   ("times/level-1", "wrong-local"): (1, "-6")}
    assert [(m.kind, m.count, m.questions, m.example) for m in board.of_class] == [
        ("sign", 6, 1, "-"), ("declared", 3, 1, "2"), ("added", 2, 1, "=1+2"),
        ("missing-path", 2, 1, "-4"), ("wrong-local", 1, 1, "-6")]
    assert board.of_class[0].name == "right size, wrong sign"


def test_the_mistake_of_the_last_ten_minutes(board):
    top, other = board.recent
    assert (top.kind, top.count, top.learners, top.item, top.on_question, top.example) == \
        ("added", 2, 2, "plus/level-1", 2, "=1+2")
    assert (other.kind, other.count, other.learners) == ("wrong-local", 1, 1)
    assert top.question == "plus L1" and "Routing at a plus node" in top.prompt


def test_who_is_stuck(board):
    q3 = intro_items()[2]
    dee, eve = board.stuck
    assert (dee.name, dee.why, dee.count, dee.item) == ("dee", "time", 1, "plus/level-1")
    assert dee.since == pytest.approx(NOW - 30 * 60)      # her last right answer
    assert (eve.name, eve.why, eve.count, eve.item) == ("eve", "tries", 3, q3)
    assert (eve.since, eve.last) == (pytest.approx(NOW - 20 * 60), pytest.approx(NOW - 18 * 60))


def test_a_right_answer_ends_being_stuck_and_time_alone_starts_it(board, store_url):
    from tutor.store import open_store

    eve = open_store(store_url, "eve")
    answer(eve, intro_items()[2], "+", True, minutes=1, seconds=4)
    assert board.poll()
    assert [s.name for s in board.stuck] == ["dee"]
    board.now = lambda: NOW + 9 * 60          # eve's right answer is now 10 minutes old,
    assert board.poll()                       # and the clock alone refreshes the panel
    assert [s.name for s in board.stuck] == []   # but she has not answered since


def test_a_refresh_after_new_answers_equals_a_fresh_reading(board, store_url):
    from tutor.store import open_store

    assert not board.poll()                         # nothing new: nothing recomputed
    q1, q2, q3 = intro_items()
    gus = open_store(store_url, "gus")              # a learner who comes late
    answer(gus, q1, "5", False, minutes=1, mistake="missing-path", hints=1, seconds=70)
    answer(gus, q1, "7", True, minutes=0.5, hints=1)
    answer(open_store(store_url, "fay"), q2, "9", False, minutes=0.2, mistake="declared")
    gus.set_lesson_state("intro", {"step": 3, "score": [0, 1]})
    assert board.poll()
    fresh = Board(make_engine(parse(store_url, None)), now=lambda: NOW)
    fresh.engine.open(5)
    fresh.load()
    assert figures(board) == figures(fresh)
    one = board.questions.stats["course", "intro", q1]
    assert (one.learners, one.first_right, one.median_seconds) == (7, 4, 40.0)
    fresh.engine.close()


def test_a_store_that_cannot_be_read_keeps_the_panels_and_says_why(board, monkeypatch):
    from tutor.store.errors import StoreError

    before = figures(board)

    def fail(*args, **kwargs):
        raise StoreError("the database server could not be reached")

    monkeypatch.setattr(board.engine, "transaction", fail)
    assert not board.poll()
    assert board.problem == "the database server could not be reached"
    assert figures(board) == before
    monkeypatch.undo()
    assert board.poll() and board.problem is None     # built again, the same figures
    assert figures(board) == before


def test_a_refresh_of_questions_already_met_reads_only_those_again(board, store_url):
    from tutor.store import open_store

    q1 = intro_items()[0]
    bob, ann = open_store(store_url, "bob"), open_store(store_url, "ann")
    answer(bob, "plus/level-1", "2.5", False, minutes=0.5, track="practice", subject="plus",
           seed=21, mistake="added", hints=3)
    answer(ann, q1, "7", True, minutes=0.4, hints=1, seconds=99)
    before = dict(board.questions.stats)
    assert board.poll()
    fresh = Board(make_engine(parse(store_url, None)), now=lambda: NOW)
    fresh.engine.open(5)
    fresh.load()
    assert figures(board) == figures(fresh)
    plus = board.questions.stats["practice", "plus", "plus/level-1"]
    assert (plus.tries, plus.hints) == (5, 1.5)       # bob's 3 hints: the most at a meeting
    assert board.questions.stats["course", "intro", q1].tries == 9
    untouched = intro_items()[1]
    assert board.questions.stats["course", "intro", untouched] is \
        before["course", "intro", untouched]           # not read again
    fresh.engine.close()
