"""Practice, the worksheet and the playground in line mode, run as a learner runs them:
a process, a pipe, answers on standard input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.practice.worksheets import worksheet_problem
from store_helpers import saved_data
from tutor.practice.worksheet import WorksheetRun

ROOT = Path(__file__).resolve().parents[2]


def tutor(*args, input_text="", home, days_ahead=None):
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "TERM": "dumb",
           "PYTHONPATH": str(ROOT)}
    env.pop("NO_COLOR", None)
    env.pop("MICROGRAD_TUTOR_DAYS_AHEAD", None)
    if days_ahead is not None:
        env["MICROGRAD_TUTOR_DAYS_AHEAD"] = str(days_ahead)
    return subprocess.run([sys.executable, "-m", "tutor.cli", *args], input=input_text,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def practice_section(home):
    return saved_data(home)["practice"]


def test_drills_are_the_statement_the_tree_and_the_question_and_end_of_input_saves(tutor_home):
    out = tutor("practice", "plus", "--plain", "--seed", "7", input_text="0\n",
                home=tutor_home)
    assert out.returncode == 0, out.stderr
    assert "Drill 1: routing at a plus node, level 1 of 3" in out.stdout
    assert "d = a + b" in out.stdout and "What is dL/d" in out.stdout
    assert "Practice saved: 0 of 0 drills" in out.stdout          # one try, then end of input
    assert "Traceback" not in out.stdout + out.stderr


def test_the_same_seed_gives_the_same_drills(tutor_home):
    first = tutor("practice", "--plain", "--seed", "11", input_text="reveal\n" * 4,
                  home=tutor_home)
    (tutor_home / "progress.sqlite3").unlink()
    second = tutor("practice", "--plain", "--seed", "11", input_text="reveal\n" * 4,
                   home=tutor_home)
    assert first.stdout == second.stdout


def test_a_miss_is_due_for_review_the_next_day(tutor_home):
    tutor("practice", "chain", "--plain", "--seed", "1", input_text="reveal\nquit\n",
          home=tutor_home)
    assert practice_section(tutor_home)["skills"]["chain"]["box"] == 1
    today = tutor("list", home=tutor_home)
    assert "review in 1 day" in today.stdout
    tomorrow = tutor("practice", "--plain", input_text="", home=tutor_home, days_ahead=1)
    assert "1 review due" in tomorrow.stdout
    assert "Drill 1: chains of three steps or more" in tomorrow.stdout
    assert "(review)" in tomorrow.stdout


def test_quit_saves_and_says_so(tutor_home):
    out = tutor("practice", "--plain", input_text="quit\n", home=tutor_home)
    assert out.returncode == 0 and "Practice saved" in out.stdout


def test_a_whole_worksheet_in_line_mode(tutor_home):
    sheet = WorksheetRun(worksheet_problem(5))                 # the same sheet, to know the
    answers = [repr(sheet.grads[n]) for n in sheet.nodes]      # engine's grads
    answers[1] = "12345"                                       # one wrong try on the way
    answers.insert(2, repr(sheet.grads[sheet.nodes[1]]))
    out = tutor("practice", "worksheet", "--plain", "--seed", "5",
                input_text="\n".join(answers) + "\n", home=tutor_home)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("[right]") == len(sheet.nodes)
    assert "[wrong]" in out.stdout
    assert f"Done: {len(sheet.nodes) - 1} of {len(sheet.nodes)} grads right" in out.stdout
    assert "engine" in out.stdout and "right at try 2" in out.stdout


def test_a_playground_session_with_nudges(tutor_home):
    lines = ["a = 2", "b = -3", "L = a*b + 1", "predict a -3", "nudge a 0.01", "reveal",
             "x = a.data", "quit"]
    out = tutor("playground", "--plain", input_text="\n".join(lines) + "\n", home=tutor_home)
    assert out.returncode == 0, out.stderr
    assert "Right: dL/da = -3." in out.stdout
    assert "L moved by -0.03; the gradients predicted -0.03." in out.stdout
    assert "The backward pass, node by node" in out.stdout
    assert ".data is not allowed" in out.stdout
    assert "Bye!" in out.stdout and "Traceback" not in out.stderr
    assert not (tutor_home / "progress.sqlite3").exists()         # the playground saves nothing


@pytest.mark.parametrize("args", [["practice", "juggling"], ["practice", "--seed", "x"],
                                  ["playground", "extra"]])
def test_command_line_errors_get_usage(tutor_home, args):
    out = tutor(*args, home=tutor_home)
    assert out.returncode == 2 and "usage: micrograd-tutor" in out.stderr
    assert "Traceback" not in out.stderr


def test_list_shows_every_skill_with_its_state(tutor_home):
    tutor("practice", "times", "--plain", "--seed", "3", input_text="reveal\n", home=tutor_home)
    out = tutor("list", home=tutor_home)
    lines = {line.split()[0]: line for line in out.stdout.splitlines() if line.strip()}
    assert "learning 1/3" in lines["times"] and "new" in lines["accumulate"]
    assert out.stdout.index("custom-ops") < out.stdout.index("Practice skills")


def test_a_damaged_practice_section_is_no_obstacle(tutor_home):
    tutor_home.mkdir()
    (tutor_home / "progress.json").write_text(json.dumps(
        {"version": 1, "lessons": {}, "last": None, "practice": ["not", "a", "dict"]}))
    out = tutor("practice", "--plain", "--seed", "2", input_text="reveal\n", home=tutor_home)
    assert out.returncode == 0 and "Drill 2" in out.stdout
    assert isinstance(practice_section(tutor_home)["skills"], dict)
    assert "Practice skills" in tutor("list", home=tutor_home).stdout
