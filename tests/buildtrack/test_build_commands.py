"""The build commands as a learner or teacher runs them: a process, a pipe, exit codes."""

import os
import subprocess
import sys
from pathlib import Path

from build_helpers import E, solved_workspace
from store_helpers import saved_data

ROOT = Path(__file__).resolve().parents[2]


def tutor(*args, input_text="", home, timeout=300):
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "TERM": "dumb",
           "PYTHONPATH": str(ROOT)}
    env.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "tutor.cli", "build", *args],
                          input=input_text, capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=timeout)


def test_path_prints_the_workspace_next_to_the_progress_file_and_makes_it(tutor_home):
    out = tutor("path", home=tutor_home)
    assert out.returncode == 0
    assert out.stdout.strip() == str(tutor_home / "workspace")
    # cd "$(micrograd-tutor build path)" works on a fresh home: the first exercise's file is there
    assert "class Value" in (tutor_home / "workspace" / "micrograd" / "engine.py").read_text()


def test_path_moves_a_workspace_kept_under_its_old_name(tutor_home):
    old = solved_workspace(tutor_home / "build", done=3, started=4)
    before = old.read(E)
    out = tutor("path", home=tutor_home)
    assert out.stdout.strip() == str(tutor_home / "workspace")
    assert not (tutor_home / "build").exists()
    assert (tutor_home / "workspace" / E).read_text() == before


def test_path_of_someone_elses_folder_only_prints_it(tutor_home, tmp_path):
    out = tutor("path", "--workspace", str(tmp_path / "learner"), home=tutor_home)
    assert out.stdout.strip() == str(tmp_path / "learner")
    assert not (tmp_path / "learner").exists()


def test_check_prints_a_line_per_exercise_and_the_count_and_fails_unless_all_pass(tutor_home):
    ws = solved_workspace(tutor_home / "workspace", done=6, started=12)
    out = tutor("check", home=tutor_home)
    lines = out.stdout.strip().splitlines()
    assert out.returncode == 1
    assert len(lines) == 13
    assert [line[:4] for line in lines[:12]] == ["PASS"] * 6 + ["FAIL"] * 6
    assert lines[6].startswith("FAIL   7 constants: ")
    assert lines[-1] == "exercises: 12  passed: 6"
    build = saved_data(tutor_home)["build"]["exercises"]
    assert build["accumulate"]["passed"] is True and build["tanh"]["passed"] is False
    assert ws.read(E) == (tutor_home / "workspace" / E).read_text()


def test_a_teacher_checks_a_learners_folder_without_touching_any_progress(tutor_home, tmp_path):
    solved_workspace(tmp_path / "learner")
    out = tutor("check", "--workspace", str(tmp_path / "learner"), home=tutor_home)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "exercises: 12  passed: 12"
    assert not (tutor_home / "progress.sqlite3").exists()


def test_check_of_one_exercise_with_its_explanation(tutor_home):
    ws = solved_workspace(tutor_home / "workspace")
    ws.save(E, ws.read(E).replace("grad += 1.0 * out.grad", "grad = 1.0 * out.grad"))
    out = tutor("check", "6", "-v", home=tutor_home)
    assert out.returncode == 1
    assert out.stdout.startswith("FAIL   6 accumulate: `a.grad` is 1, should be 2")
    assert "used twice, and `=` overwrote" in out.stdout
    assert out.stdout.strip().endswith("exercises: 1  passed: 0")


def test_check_v_wraps_at_the_width_keeps_every_word_and_pads_no_line(tutor_home,
                                                                      monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    ws = solved_workspace(tutor_home / "workspace", done=4, started=4)
    ws.save(E, ws.read(E).replace("self.grad = other.data * out.grad\n"
                                  "            other.grad = self.data * out.grad",
                                  "self.grad = out.grad\n            other.grad = out.grad"))
    out = tutor("check", "4", "-v", home=tutor_home)
    lines = out.stdout.splitlines()
    assert [line for line in lines if line != line.rstrip()] == []
    assert "the local derivative is the" in out.stdout
    assert "      other factor, a = 2" in lines             # wrapped under its own start


def test_check_with_no_workspace_yet_says_how_to_start(tutor_home):
    out = tutor("check", home=tutor_home)
    assert out.returncode == 2
    assert "micrograd-tutor build" in out.stdout


def test_reset_asks_first_and_no_keeps_the_file(tutor_home):
    ws = solved_workspace(tutor_home / "workspace")
    mine = ws.read(E)
    out = tutor("reset", "tanh", input_text="n\n", home=tutor_home)
    assert out.returncode == 1
    assert "Nothing was changed." in out.stdout
    assert ws.read(E) == mine
    out = tutor("reset", "tanh", "--yes", home=tutor_home)
    assert out.returncode == 0
    assert "backups" in out.stdout
    assert ws.read(E) != mine
    assert 'raise NotImplementedError("exercise 8")' in ws.read(E)


def test_unknown_exercises_and_actions_are_explained(tutor_home):
    out = tutor("check", "99", home=tutor_home)
    assert out.returncode == 2
    assert "Exercises: 1 value, 2 add-mul" in out.stderr
    out = tutor("reset", home=tutor_home)
    assert "reset needs an exercise" in out.stderr
    assert "Traceback" not in out.stderr


def test_line_mode_shows_the_task_checks_hints_and_the_solution(tutor_home):
    script = "check\nhint\nhint\nsolution\nsolution\nlist\nnext\nquit\n"
    out = tutor("--plain", "value", input_text=script, home=tutor_home)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Exercise 1. A Value holds a number" in text
    assert "(created micrograd/engine.py)" in text
    assert "FAIL  1. A Value holds a number" in text
    assert "your `__init__` is not written yet" in text
    assert "Hint 2 of 3:" in text
    assert "opens after 3 failed checks" in text                 # the first 'solution' asks
    assert 'return f"Value(data={self.data})"' in text            # the second shows it
    assert "[!]  1. A Value holds a number" in text
    assert "Exercise 2. + and *, forward" in text
    assert "Bye! Your files and progress are kept." in text
    assert "Traceback" not in text + out.stderr


def test_line_mode_passes_an_exercise_written_outside(tutor_home):
    solved_workspace(tutor_home / "workspace", done=1, started=1)
    out = tutor("--plain", "1", input_text="\n", home=tutor_home)
    assert "PASS  1. A Value holds a number" in out.stdout
    assert "Passed. Type next for exercise 2. + and *, forward." in out.stdout


def test_the_learners_files_survive_every_command_but_a_confirmed_reset(tutor_home):
    ws = solved_workspace(tutor_home / "workspace")
    ws.save(E, ws.read(E).replace("(1 - t**2)", "(1 - t)") + "# my notes\n")
    files = sorted(p for p in ws.root.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}
    tutor("path", home=tutor_home)
    tutor("check", home=tutor_home)
    tutor("check", "tanh", "-v", home=tutor_home)
    tutor("reset", "tanh", input_text="no\n", home=tutor_home)
    tutor("--plain", "tanh", input_text="check\nhint\nsolution\nsolution\nshow\nlist\nnext\n"
                                        "prev\ngo 12\nreset\nn\nquit\n", home=tutor_home)
    after = {p: p.read_bytes() for p in files}
    assert after == before
    assert sorted(p for p in ws.root.rglob("*") if p.is_file()) == files   # nothing new
