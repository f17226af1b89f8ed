"""The store from the command line: --db and MICROGRAD_TUTOR_DB, --learner, export and import,
on both engines; a bad URL or name is a message, never a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.store import open_store

ROOT = Path(__file__).resolve().parents[2]


def tutor(*args, home, input_text="", env_extra=None):
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "TERM": "dumb",
           "PYTHONPATH": str(ROOT), **(env_extra or {})}
    if "MICROGRAD_TUTOR_DB" not in (env_extra or {}):
        env.pop("MICROGRAD_TUTOR_DB", None)
    return subprocess.run([sys.executable, "-m", "tutor.cli", *args], input=input_text,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def no_traceback(out):
    assert "Traceback" not in out.stdout + out.stderr


def test_two_learners_in_one_store_each_get_their_own_answers(store_url, tutor_home):
    for learner, typed in (("ann", "20\n"), ("bob", "21\n")):
        out = tutor("--plain", "derivative", "--db", store_url, "--learner", learner,
                    input_text=typed, home=tutor_home)
        no_traceback(out)
    ann = open_store(store_url, "ann")
    bob = open_store(store_url, "bob")
    assert [e["answer"] for e in ann.events()] == ["20"]
    assert [e["answer"] for e in bob.events()] == ["21"]
    assert ann.events()[0]["correct"] is True and bob.events()[0]["correct"] is False
    assert not (tutor_home / "progress.sqlite3").exists()      # the learner's own: untouched


def test_the_environment_variable_chooses_the_store(store_url, tutor_home):
    out = tutor("--plain", "derivative", "--learner", "cy", input_text="20\n",
                home=tutor_home, env_extra={"MICROGRAD_TUTOR_DB": store_url})
    no_traceback(out)
    assert len(open_store(store_url, "cy").events()) == 1


def test_a_learner_brings_their_home_progress_into_a_class(store_url, tutor_home, tmp_path):
    no_traceback(tutor("--plain", "derivative", input_text="21\n20\n", home=tutor_home))
    exported = tutor("export", home=tutor_home)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert [e["answer"] for e in data["events"]] == ["21", "20"]
    assert data["state"]["lessons"]["derivative"]["step"] > 0
    (tmp_path / "mine.json").write_text(exported.stdout)
    for _ in range(2):                                           # twice: nothing doubled
        out = tutor("import", str(tmp_path / "mine.json"), "--db", store_url,
                    "--learner", "dee", home=tutor_home)
        assert out.returncode == 0, out.stderr
    assert "Imported 0 answers (2 were here already)" in out.stdout
    dee = open_store(store_url, "dee")
    assert [e["uid"] for e in dee.events()] == [e["uid"] for e in data["events"]]
    assert dee.lesson_state("derivative") == data["state"]["lessons"]["derivative"]


def test_csv_export_is_a_row_per_answer_and_can_be_imported(tutor_home, tmp_path):
    no_traceback(tutor("--plain", "derivative", input_text="21\n20\n", home=tutor_home))
    out = tutor("export", "--csv", home=tutor_home)
    lines = out.stdout.splitlines()
    assert lines[0] == "uid,at,track,kind,subject,item,seed,answer,correct,mistake,hints,seconds"
    assert len(lines) == 3 and ",derivative," in lines[1]
    (tmp_path / "mine.csv").write_text(out.stdout)
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    done = tutor("import", str(tmp_path / "mine.csv"), "--db", other, "--learner", "eve",
                 home=tutor_home)
    assert done.returncode == 0, done.stderr
    assert [e["answer"] for e in open_store(other, "eve").events()] == ["21", "20"]


@pytest.mark.parametrize("content, said", [
    (b"\xff\xfe", "it is not text"),
    (b"{not json", "it is not valid JSON"),
    (b'{"format": "something else"}', "it is not a micrograd-tutor export"),
    (b"a,b\n1,2\n", "neither a JSON export nor a CSV export"),
])
def test_a_file_that_is_not_an_export_is_a_message(tutor_home, tmp_path, content, said):
    (tmp_path / "x").write_bytes(content)
    out = tutor("import", str(tmp_path / "x"), home=tutor_home)
    assert out.returncode == 1 and said in out.stderr
    no_traceback(out)


def test_a_missing_file_is_a_message(tutor_home, tmp_path):
    out = tutor("import", str(tmp_path / "nothing.json"), home=tutor_home)
    assert out.returncode == 1 and "cannot read" in out.stderr and "No such file" in out.stderr


@pytest.mark.parametrize("args, said", [
    (["list", "--learner", "ann"], "--learner needs a store URL"),
    (["list", "--db", "mysql://x"], "cannot use the store URL"),
    (["list", "--db"], "--db needs a value"),
    (["list", "--db", "sqlite:///x.db", "--learner", " ann"], "cannot use the learner name"),
])
def test_bad_store_options_are_a_usage_message(tutor_home, args, said):
    out = tutor(*args, home=tutor_home)
    assert out.returncode == 2 and said in out.stderr
    no_traceback(out)


def test_a_password_in_the_url_is_never_shown(tutor_home):
    out = tutor("list", "--db", "postgresql://ann:s3cret@127.0.0.1:1/class", home=tutor_home)
    no_traceback(out)
    assert "Could not read your progress from postgresql://ann@127.0.0.1:1/class" in out.stdout
    assert "s3cret" not in out.stdout + out.stderr


def test_the_default_store_never_imports_the_postgresql_driver(tutor_home):
    out = subprocess.run([sys.executable, "-c", "import sys; from tutor.store import open_store;"
                          "open_store().record(__import__('tutor.store').store.make_event("
                          "'course', 'answer', 'a', 'b')); print('psycopg' in sys.modules)"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**os.environ, "MICROGRAD_TUTOR_HOME": str(tutor_home)})
    assert out.stdout.strip() == "False", out.stderr
