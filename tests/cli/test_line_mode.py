"""Line mode and the small commands, run as a learner runs them: a process and a pipe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from store_helpers import saved_data

ROOT = Path(__file__).resolve().parents[2]


def tutor(*args, input_text="", home, env_extra=None, timeout=120):
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "TERM": "dumb",
           "PYTHONPATH": str(ROOT), **(env_extra or {})}
    env.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "tutor.cli", *args], input=input_text,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)


def saved(home):
    return saved_data(home)


def test_a_wrong_answer_teaches_then_the_right_one_counts(tutor_home):
    # f(3) = 20: a typo, a wrong number, then the right one; the sign question: 'up'
    out = tutor("--plain", "derivative", input_text="twenty\n21\n20\nup\n", home=tutor_home)
    assert out.returncode == 0, out.stderr
    assert "is not a number I can read" in out.stdout      # the typo costs nothing
    assert "Not quite. 2 more tries" in out.stdout          # 21 was attempt 1 of 3
    assert "Right, on attempt 2." in out.stdout
    assert "Progress saved. Bye!" in out.stdout             # end of input ends cleanly
    assert "Traceback" not in out.stdout + out.stderr
    state = saved(tutor_home)["lessons"]["derivative"]
    assert state["score"] == [2, 2]


def test_a_recognised_mistake_gets_its_own_message(tutor_home):
    # f(3), the sign, the estimate with h = 0.01 typed as the exact slope 14, then right;
    # the slope at -3 is -22, and typing 22 is the sign
    out = tutor("--plain", "derivative", input_text="20\n+\n14\n14.03\n22\n",
                home=tutor_home)
    assert "That is the exact slope." in out.stdout
    assert "Right size, wrong sign." in out.stdout


def test_the_chain_rule_lesson_names_the_mistake_in_the_notation_it_teaches(tutor_home):
    # ∂d/∂c: 0.5 is the 'split' misconception; the car: 6 adds the rates; dL/dc: -1 halves
    out = tutor("--plain", "chain-rule", input_text="0.5\n1\n6\n8\n-1\nreveal\n",
                home=tutor_home)
    assert "What is ∂d/∂c, the local derivative?" in out.stdout
    assert "does not share the push out between its inputs" in out.stdout
    assert "You added the two rates." in out.stdout
    assert "does not split the gradient between its inputs" in out.stdout
    assert "dL/dc = dL/dd * ∂d/∂c" in out.stdout            # the rule, in symbols
    assert "Traceback" not in out.stdout + out.stderr


def test_hint_and_reveal_words(tutor_home):
    out = tutor("--plain", "derivative", input_text="hint\nreveal\n", home=tutor_home)
    assert "Hint 1 of" in out.stdout
    assert "Here is the answer." in out.stdout and "Answer: 20" in out.stdout


def test_starting_again_resumes_where_the_learner_left(tutor_home):
    tutor("--plain", "derivative", input_text="20\nup\n", home=tutor_home)
    out = tutor("--plain", input_text="", home=tutor_home)  # no lesson named
    assert "A derivative is a slope" in out.stdout
    assert "Resuming at step" in out.stdout and "score so far 2/2" in out.stdout


def test_quit_word_and_empty_input_end_cleanly(tutor_home):
    for text in ("quit\n", ""):
        out = tutor("--plain", "intro", input_text=text, home=tutor_home)
        assert out.returncode == 0 and "Progress saved. Bye!" in out.stdout
        assert "Traceback" not in out.stderr


def test_an_ascii_only_terminal_gets_no_traceback(tutor_home):
    out = tutor("--plain", "derivative", input_text="20\n", home=tutor_home,
                env_extra={"PYTHONIOENCODING": "ascii"})
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr


def test_a_damaged_progress_file_is_moved_aside_with_one_line(tutor_home):
    tutor_home.mkdir()
    (tutor_home / "progress.json").write_text("{not json")
    out = tutor("--plain", "intro", input_text="", home=tutor_home)
    assert out.returncode == 0
    assert "Your progress file was damaged; it was moved to" in out.stdout
    assert list(tutor_home.glob("progress.json.damaged-*"))


def test_list_shows_ids_and_status(tutor_home):
    tutor("--plain", "derivative", input_text="20\n", home=tutor_home)
    out = tutor("list", home=tutor_home)
    assert out.returncode == 0
    lines = {line.split()[0]: line for line in out.stdout.splitlines() if line.strip()}
    assert "in progress" in lines["derivative"]
    assert "new" in lines["chain-rule"]


def test_reset_asks_first_and_yes_skips_the_question(tutor_home):
    tutor("--plain", "derivative", input_text="20\n", home=tutor_home)
    out = tutor("reset", "derivative", input_text="n\n", home=tutor_home)
    assert out.returncode == 1 and "Nothing was changed." in out.stdout
    assert "derivative" in saved(tutor_home)["lessons"]
    out = tutor("reset", "derivative", "--yes", home=tutor_home)
    assert out.returncode == 0 and "derivative" not in saved(tutor_home)["lessons"]


@pytest.mark.parametrize("args", [["--bogus"], ["no-such-lesson"], ["reset", "nope"],
                                  ["list", "extra"]])
def test_command_line_errors_get_usage_not_a_traceback(tutor_home, args):
    out = tutor(*args, home=tutor_home)
    assert out.returncode == 2
    assert "usage: micrograd-tutor" in out.stderr
    assert "Traceback" not in out.stderr


def test_version_and_help(tutor_home):
    assert tutor("--version", home=tutor_home).stdout.startswith("micrograd-tutor ")
    help_text = tutor("--help", home=tutor_home).stdout
    assert "--plain" in help_text and "list" in help_text


def test_check_passes_for_the_course(tutor_home):
    out = tutor("check", home=tutor_home, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:]
    lines = out.stdout.strip().splitlines()
    course = next(line for line in lines if line.startswith("lessons: "))
    assert course.startswith("lessons: 24  questions: ")
    assert course.endswith("failures: 0")
    assert int(course.split("questions:")[1].split()[0]) >= 80
    assert lines[-1] == "test items: 20  forms: 40  failures: 0"    # the pre/post test
