"""``micrograd-tutor class``, ``class export --csv`` and ``class grid --csv`` from the command line: which store
is read (the class's, else your own, which shows just you), the CSV columns and their quoting, no spreadsheet
formula from a learner's answer, the view as lines without a terminal, and one clear message for a store
that cannot be read."""

from __future__ import annotations

import csv
import io

import pytest

from class_script import NOW, close, write_class
from tutor.classview import cli as class_cli
from tutor.classview.export import ANSWER_COLUMNS, iso, safe
from tutor.cli import main
from tutor.store import data_dir, make_event, open_store


@pytest.fixture
def class_store(tutor_home):
    """The scripted class in the class folder's store, where serve keeps it."""
    path = data_dir() / class_cli.CLASS_STORE
    path.parent.mkdir(parents=True)
    stores = write_class(f"sqlite:///{path}")
    yield path
    close(stores)


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_class_store_is_where_serve_keeps_it(tutor_home):
    from tutor.serve.commands import class_folder
    from tutor.serve.web import CLASS_STORE

    assert class_folder() / CLASS_STORE == data_dir() / class_cli.CLASS_STORE


@pytest.mark.parametrize("cell, shown", [
    ("=1+2", "'=1+2"), ("+A1", "'+A1"), ("-2+3", "'-2+3"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1", "\\t=1"), ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
    ("-3", "-3"), ("+0.5", "+0.5"), ("-.5", "-.5"), ("1e-3", "1e-3"), ("-", "-"), ("+", "+"),
    ("6", "6"), ("a=b", "a=b"), ("\x1b[2J", "\\x1b[2J"), (None, ""),
])
def test_no_cell_becomes_a_spreadsheet_formula(cell, shown):
    assert safe(cell) == shown


def test_export_writes_a_row_per_answer_with_its_columns(store_url, tutor_home, capsys,
                                                         monkeypatch):
    from tutor.classview import export

    monkeypatch.setattr(export, "PAGE", 5)               # several pages of answers
    stores = write_class(store_url)
    assert main(["class", "export", "--csv", "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ",".join(ANSWER_COLUMNS)
    rows = rows_of(out)
    assert len(rows) == 28                                 # every answer of the script
    assert sorted({r["learner"] for r in rows}) == ["ann", "bob", "cy", "dee", "eve", "fay"]
    bob = [r for r in rows if r["learner"] == "bob" and r["mistake"] == "added"]
    assert bob == [{
        "learner": "bob", "track": "practice", "lesson_or_skill": "plus",
        "item": "plus/level-1", "question": "Practice: Routing at a plus node, level 1",
        "kind": "answer", "answer": "'=1+2", "correct": "false", "mistake": "added",
        "hints": "0", "seconds": "5", "time": iso(NOW - 6 * 60)}]
    assert iso(NOW - 6 * 60).endswith("+00:00")
    first = rows[0]
    assert (first["learner"], first["question"].startswith("After these lines run"),
            first["answer"], first["correct"]) == ("ann", True, "7", "true")
    close(stores)


def test_grid_writes_a_row_per_learner_with_each_lesson(class_store, capsys):
    assert main(["class", "grid", "--csv"]) == 0
    rows = rows_of(capsys.readouterr().out)
    assert [r["learner"] for r in rows] == ["ann", "bob", "cy", "dee", "eve", "fay"]
    ann, bob = rows[0], rows[1]
    assert (ann["lessons_done"], ann["questions_met"], ann["first_try_right"]) == ("1", "3", "3")
    assert (ann["intro"], ann["intro right"], ann["intro asked"]) == ("done", "3", "3")
    assert (bob["intro"], bob["intro right"], bob["derivative"]) == ("in progress", "2",
                                                                     "in progress")
    assert rows[4]["intro"] == "" and rows[4]["last_seen"] == iso(NOW - 18 * 60)   # eve


def test_without_a_terminal_the_view_is_printed_as_lines(class_store, capsys, monkeypatch):
    from tutor.classview.board import Board

    # the scripted class's clock: minutes ago stay what they were written as, however long
    # the suite ran before this test
    monkeypatch.setattr(class_cli, "_board", lambda engine: Board(engine, now=lambda: NOW))
    assert main(["class"]) == 0
    captured = capsys.readouterr()
    assert "printing the view as lines" in captured.err
    out = captured.out
    assert out.startswith(f"The class in {class_store}: 6 learners")
    assert "  ann  1/24  100%  1M  0  now" in out
    assert "Questions, the hardest first (of 5" in out
    assert "  intro Q1  6  67%  0.5  35s  +0.11" in out
    assert "  sign          6  1  -     right size, wrong sign" in out
    assert "added where the chain rule multiplies: 2x by 2 learners, 2 on plus L1" in out
    assert "  eve  3 wrong in a row         intro Q3  last try 18m ago" in out
    assert "  dee  no right answer for 30m  plus L1   last try 3m ago" in out


def test_with_no_class_your_own_store_shows_just_you(tutor_home, capsys):
    mine = open_store()
    mine.record(make_event("course", "answer", "intro", "q-1", answer="7", correct=True))
    mine.close()
    assert main(["class", "view"]) == 0
    captured = capsys.readouterr()
    assert "there is no class here" in captured.err and "shows just you" in captured.err
    assert ": 1 learner" in captured.out.splitlines()[0]


def test_a_store_that_is_not_there_is_named_and_not_made(tmp_path, tutor_home, capsys):
    missing = tmp_path / "typo.sqlite3"
    assert main(["class", "export", "--csv", "--db", f"sqlite:///{missing}"]) == 1
    assert f"there is no store at {missing}" in capsys.readouterr().err
    assert not missing.exists()


def test_no_class_and_nothing_of_your_own_is_said(tutor_home, capsys):
    assert main(["class"]) == 1                      # no class and nothing of your own
    err = capsys.readouterr().err
    assert "there is no class here" in err and "--db URL" in err
    assert "Traceback" not in err


def test_a_database_server_that_cannot_be_reached_is_one_message(tutor_home, capsys):
    assert main(["class", "--db", "postgresql://teacher:secret@127.0.0.1:1/class"]) == 1
    err = capsys.readouterr().err
    assert "cannot be opened: the database server could not be reached" in err
    assert "secret" not in err and "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    (["class", "export"], "'class export' writes CSV: class export --csv [FILE]"),
    (["class", "grid"], "'class grid' writes CSV"),
    (["class", "view", "--csv"], "for CSV: class export --csv, class grid --csv"),
    (["class", "view", "ann"], "'class view' takes no names"),
    (["class", "add", "--csv"], "--csv FILE goes with 'add'"),
])
def test_a_mistyped_class_command_says_how(argv, message, tutor_home, capsys):
    with pytest.raises(SystemExit) as exit:
        main(argv)
    assert exit.value.code == 2
    assert message in capsys.readouterr().err


def test_the_roster_commands_still_work(tutor_home, capsys, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nada\n")
    assert main(["class", "add", "--csv", str(roster)]) == 0
    assert main(["class", "add", "--teacher", "tess"]) == 0
    assert main(["class", "list"]) == 0
    assert "1 learner, 1 teacher" in capsys.readouterr().out


def test_a_postgresql_role_that_may_only_read_runs_the_view_and_one_that_may_not_is_told(
        pg_url, tutor_home, capsys):
    import uuid

    import psycopg

    stores = write_class(pg_url)
    reader, stranger = f"r_{uuid.uuid4().hex[:8]}", f"s_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {reader} LOGIN")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}")
        admin.execute(f"CREATE ROLE {stranger} LOGIN")
    host = pg_url.split("@", 1)[1]
    try:
        assert main(["class", "grid", "--csv", "--db", f"postgresql://{reader}@{host}"]) == 0
        assert [r["learner"] for r in rows_of(capsys.readouterr().out)][:2] == ["ann", "bob"]
        assert main(["class", "--db", f"postgresql://{stranger}@{host}"]) == 1
        err = capsys.readouterr().err
        assert "this database role may not read the class's answers" in err
    finally:
        close(stores)
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {reader}")
            for role in (reader, stranger):
                admin.execute(f"DROP OWNED BY {role}")
                admin.execute(f"DROP ROLE {role}")


def test_an_export_into_a_full_disk_or_a_closed_pipe_is_a_message_not_a_traceback(
        class_store, tutor_home):
    import os
    import subprocess
    import sys

    env = dict(os.environ, MICROGRAD_TUTOR_HOME=str(tutor_home))
    command = [sys.executable, "-m", "tutor.cli", "class", "export", "--csv"]
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True,
                              env=env, timeout=120)
    assert done.returncode != 0 and "cannot write the output" in done.stderr
    assert "Traceback" not in done.stderr
    head = subprocess.run(" ".join(command) + " | head -1", shell=True, capture_output=True,
                          text=True, env=env, timeout=120)
    assert head.stdout.startswith("learner,track,") and "Traceback" not in head.stderr


def test_export_and_grid_to_a_file_only_its_owner_can_read(class_store, tmp_path, capsys):
    import os
    import stat

    answers, grid = tmp_path / "answers.csv", tmp_path / "grid.csv"
    assert main(["class", "export", "--csv", str(answers)]) == 0
    assert main(["class", "grid", "--csv", str(grid)]) == 0
    out = capsys.readouterr().out
    assert f"Wrote 28 answers to {answers}." in out and f"Wrote 6 learners to {grid}." in out
    assert len(rows_of(answers.read_text(encoding="utf-8"))) == 28
    assert [r["learner"] for r in rows_of(grid.read_text(encoding="utf-8"))][0] == "ann"
    for path in (answers, grid):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert main(["class", "export", "--csv", str(tmp_path / "no" / "such.csv")]) == 1
    assert "cannot write" in capsys.readouterr().err
