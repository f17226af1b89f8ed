"""The class's gain from a scripted class whose figures are worked out by hand, on SQLite and a
real PostgreSQL; the report and its CSV; the formulas' edge cases."""

import csv
import io
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.concepttest.gain import (CSV_COLUMNS, class_gain, gain_of_store, open_store as
                                    open_class_store, read_counts, report_lines, write_csv)
from tutor.concepttest.items import ITEMS, first_form
from tutor.concepttest.session import TestRun
from tutor.concepttest.stats import hake_gain, sd, summarise
from tutor.store import open_store
from tutor_helpers import right_text, wrong_text

ROOT = Path(__file__).resolve().parents[2]
IDS = [item.id for item in ITEMS]
ALL = set(IDS)
# Who got which items right.  ann, bob, cy and dee take both tests; fay only the pretest;
# eve answers five pretest items and leaves.
CLASS = {
    "ann": ({"sign-1", "sign-2"}, ALL),
    "bob": ({"sign-1", "local-1", "plus-1", "times-1"},
            ALL - {"sign-2", "twice-1", "twice-2", "tanh-1", "tanh-2", "neuron-2"}),
    "cy": (set(), set(IDS[:10])),
    "dee": (ALL, ALL - {"sign-1", "zero-2"}),
    "fay": (set(), None),
}


def sit(store, phase, right, most=len(ITEMS)):
    run = TestRun(store, phase)
    for _ in range(most):
        q = run.problem().question
        run.answer(right_text(q) if run.current.id in right else wrong_text(q))
    return run


def script_class(url):
    for name, (pre, post) in CLASS.items():
        store = open_store(url, name)
        sit(store, "pre", pre)
        if post is not None:
            sit(store, "post", post)
        store.close()
    eve = open_store(url, "eve")
    sit(eve, "pre", {"sign-1"}, most=5)
    eve.close()


def test_the_class_gain_is_the_hand_computed_one(store_url):
    script_class(store_url)
    result, where = gain_of_store(store_url)
    assert result.took == {"pre": 5, "post": 4}            # fay took only the pretest
    o = result.overall
    # per learner, all 20 items: pre 10, 20, 0, 100 %; post 100, 70, 50, 90 %
    assert o.n == 4
    assert o.pre_mean == pytest.approx(32.5) and o.post_mean == pytest.approx(77.5)
    assert o.g == pytest.approx((77.5 - 32.5) / (100 - 32.5))         # 0.667
    assert o.pre_sd == pytest.approx(math.sqrt(6275 / 3))             # 45.7
    assert o.post_sd == pytest.approx(math.sqrt(1475 / 3))            # 22.2
    # individual gains 90/90, 50/80, 50/100; dee (100% before) left out
    assert o.at_top == 1
    assert o.g_mean == pytest.approx((1 + 0.625 + 0.5) / 3)
    assert o.g_sd == pytest.approx(math.sqrt(((1 - 17 / 24) ** 2 + (0.625 - 17 / 24) ** 2
                                              + (0.5 - 17 / 24) ** 2) / 2))
    # differences 90, 50, 50, -10: mean 45, SD sqrt(5100 / 3)
    assert o.d_z == pytest.approx(45 / math.sqrt(5100 / 3))           # 1.09
    assert o.d_av == pytest.approx(45 / math.sqrt((6275 / 3 + 1475 / 3) / 2))   # 1.25
    sign = next(s for skill, _, s in result.skills if skill == "sign")
    # sign: pre 100, 50, 0, 100; post 100, 50, 100, 50 (eve answered both sign items of
    # the pretest only: not matched)
    assert sign.n == 4
    assert sign.pre_mean == pytest.approx(62.5) and sign.post_mean == pytest.approx(75)
    assert sign.g == pytest.approx(12.5 / 37.5)
    assert sign.pre_sd == pytest.approx(math.sqrt(6875 / 3))
    assert sign.post_sd == pytest.approx(math.sqrt(2500 / 3))
    assert sign.at_top == 2 and sign.g_mean == pytest.approx(0.5)    # bob 0, cy 1
    assert sign.g_sd == pytest.approx(math.sqrt(0.5))
    assert sign.d_z == pytest.approx(12.5 / math.sqrt(11875 / 3))
    assert sign.d_av == pytest.approx(12.5 / math.sqrt((6875 / 3 + 2500 / 3) / 2))
    firsts = {form: len(pairs) for form, pairs in result.first_forms.items()}
    expected = {"A": 0, "B": 0}
    for name in ("ann", "bob", "cy", "dee"):
        expected[first_form(name)] += 1
    assert firsts == expected


def test_the_database_counts_a_few_rows_per_learner_never_every_event(store_url):
    script_class(store_url)
    engine, _ = open_class_store(store_url)
    seen = []
    try:
        with engine.transaction(write=False, wait=2.0) as tx:
            real = tx.execute

            def execute(sql, params=()):
                rows = real(sql, params)
                seen.append((sql, len(rows)))
                return rows

            tx.execute = execute
            learners = read_counts(tx)
            events = real("SELECT COUNT(*) FROM events")[0][0]
            people = real("SELECT COUNT(*) FROM learners")[0][0]
    finally:
        engine.close()
    (sql, rows), = seen                                    # one query
    assert "GROUP BY" in sql and "COUNT(*)" in sql
    assert events == 4 * 40 + 20 + 5                       # 185 answers in the store
    assert rows == sum(len(counts) - 1 for phases in learners.values()
                       for counts in phases.values()) <= 6 * 2 * 10   # a row per skill
    assert people == 6                                     # reading made no learner


def test_the_report_fits_80_columns_and_says_its_formulas_and_caveats():
    learners = {1: {"pre": {"form": "A", **{s: (2, 1) for s in _skills()}},
                    "post": {"form": "B", **{s: (2, 2) for s in _skills()}}}}
    lines = report_lines(class_gain(learners), "class.sqlite3")
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    text = " ".join(" ".join(lines).split())            # the caveats wrap
    assert "1 learner took both tests" in text
    for words in ("<g> = (M_post - M_pre) / (100 - M_pre)", "d_z = mean(post_i - pre_i)",
                  "d_av = (M_post - M_pre) / sqrt((SD_pre^2 + SD_post^2) / 2)",
                  "at 100%", "not a validated concept", "Two items per skill"):
        assert words in text, words
    row = next(line for line in lines if line.startswith("All items"))
    assert row.split()[2:5] == ["1", "50.0", "100.0"]    # n, pre, post
    assert row.split()[5] == "1.00" and row.split()[6:] == ["-", "-"]   # d: no spread


def test_the_csv_has_a_row_per_skill_and_one_for_all():
    learners = {1: {"pre": {"form": "A", **{s: (2, 1) for s in _skills()}},
                    "post": {"form": "B", **{s: (2, 2) for s in _skills()}}}}
    out = io.StringIO()
    write_csv(class_gain(learners), out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[0] for r in rows[1:]] == _skills() + ["all"]
    assert rows[-1][2:5] == ["1", "50.0", "100.0"] and rows[-1][7] == "1.0"


def _skills():
    from tutor.concepttest.items import SKILLS

    return [s.id for s in SKILLS]


def test_the_formulas_at_their_edges():
    assert sd([5.0]) is None and sd([]) is None
    assert hake_gain(100.0, 100.0) is None and hake_gain(50.0, 75.0) == 0.5
    one = summarise([(40.0, 80.0)])
    assert one.n == 1 and one.pre_sd is None and one.d_z is None and one.d_av is None
    assert one.g == pytest.approx(40 / 60)
    same = summarise([(50.0, 100.0), (0.0, 50.0)])        # every learner gains 50 points
    assert same.d_z is None                                # no spread in the differences
    top = summarise([(100.0, 100.0), (100.0, 50.0)])
    assert top.g is None and top.at_top == 2 and top.g_mean is None
    empty = summarise([])
    assert empty.n == 0 and empty.pre_mean is None and empty.g is None


def gain_cli(*args, home, url=None):
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("MICROGRAD_TUTOR_DB", None)
    command = [sys.executable, "-m", "tutor.cli", "class", "gain", *args]
    if url:
        command += ["--db", url]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120)


def test_class_gain_from_the_command_line(tmp_path, tutor_home):
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    script_class(url)
    out = gain_cli(home=tutor_home, url=url)
    assert out.returncode == 0, out.stderr
    assert "4 learners took both tests (5 the pretest, 4 the posttest)." in out.stdout
    assert "Caveats:" in out.stdout
    out = gain_cli("--csv", home=tutor_home, url=url)
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS and rows[-1][:3] == ["all", "All items", "4"]
    target = tmp_path / "gain.csv"
    out = gain_cli("--csv", str(target), home=tutor_home, url=url)
    assert out.returncode == 0 and target.read_text().splitlines()[0].startswith("skill,")


def test_class_gain_without_a_class_store_says_where_it_looked(tutor_home):
    out = gain_cli(home=tutor_home)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "there is no class store at" in out.stderr and "answers.sqlite3" in out.stderr
    assert not (tutor_home / "class" / "answers.sqlite3").exists()   # none made


def test_the_default_class_store_is_the_one_serve_writes():
    pytest.importorskip("aiohttp")
    from tutor.serve.web import CLASS_STORE

    assert CLASS_STORE == "answers.sqlite3"          # the name tutor.serve.commands passes
