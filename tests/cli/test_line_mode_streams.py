"""Line mode when its streams misbehave: no standard input, a full disk for output, a
reader that stops early, escape sequences and endless lines piped in, undecodable
bytes, and a home where progress cannot be saved.  Each ends cleanly, without a
traceback, and never claims progress was saved when it was not."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from store_helpers import saved_data
from tutor.streams import PIPE_CLOSED_STATUS

ROOT = Path(__file__).resolve().parents[2]


def environment(home, **extra):
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "TERM": "dumb",
           "PYTHONPATH": str(ROOT), **extra}
    env.pop("NO_COLOR", None)
    return env


def line_mode(home, input_bytes: bytes = b"", lesson="derivative", **options):
    return subprocess.run([sys.executable, "-m", "tutor.cli", "--plain", lesson],
                          input=input_bytes, capture_output=True, env=environment(home),
                          cwd=ROOT, timeout=120, **options)


def no_traceback(result) -> None:
    assert b"Traceback" not in (result.stdout or b"") + result.stderr, result.stderr.decode()


def test_a_closed_standard_input_ends_like_the_end_of_input(tutor_home):
    result = subprocess.run(
        ["sh", "-c", 'exec "$@" <&-', "sh", sys.executable, "-m", "tutor.cli", "--plain",
         "derivative"], capture_output=True, env=environment(tutor_home), cwd=ROOT,
        timeout=120)
    no_traceback(result)
    assert result.returncode == 0
    assert b"standard input is closed" in result.stderr
    assert b"Progress saved. Bye!" in result.stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_to_a_full_device_ends_with_a_message_on_stderr(tutor_home):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "tutor.cli", "--plain", "derivative"],
                                input=b"20\n", stdout=full, stderr=subprocess.PIPE,
                                env=environment(tutor_home), cwd=ROOT, timeout=120)
    no_traceback(result)
    assert result.returncode == 1
    assert b"could not write to the output (No space left on device)" in result.stderr
    assert b"your progress is saved" in result.stderr
    assert result.stderr.count(b"\n") == 1                  # one line, nothing from Python


def test_a_reader_that_stops_early_ends_quietly_with_the_pipe_status(tutor_home, tmp_path):
    # answers enough for far more output than a pipe holds, so the tutor is still writing
    answers = tmp_path / "answers"
    answers.write_bytes(b"twenty\n" * 20_000)
    with open(answers, "rb") as stdin:
        proc = subprocess.Popen([sys.executable, "-m", "tutor.cli", "--plain", "derivative"],
                                stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=environment(tutor_home), cwd=ROOT)
    assert proc.stdout.readline()                           # '| head -1'
    proc.stdout.close()
    assert proc.wait(timeout=120) == PIPE_CLOSED_STATUS
    assert proc.stderr.read() == b""


def test_escape_sequences_piped_in_are_echoed_visible_not_obeyed(tutor_home):
    result = line_mode(tutor_home, b"\x1b[2J\x1b]0;owned\x07\n20\n")
    no_traceback(result)
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    assert b"\\x1b[2J\\x1b]0;owned\\x07" in result.stdout     # the echo, made visible


def test_an_endless_answer_is_refused_at_once_and_costs_no_try(tutor_home):
    result = line_mode(tutor_home, b"1" * 20_000 + b"x\n20\n")
    no_traceback(result)
    assert b"longer than 300 characters" in result.stdout
    assert b"Right!" in result.stdout                        # the next line, first try
    assert b"1" * 400 not in result.stdout                  # not echoed in full


def test_a_line_that_never_ends_stops_line_mode(tutor_home):
    result = line_mode(tutor_home, b"1" * 3_000_000)
    no_traceback(result)
    assert b"more than a megabyte" in result.stdout
    assert result.returncode == 0


def test_undecodable_bytes_are_an_unreadable_answer(tutor_home):
    env = environment(tutor_home, PYTHONIOENCODING="utf-8")  # strict decoding of stdin
    result = subprocess.run([sys.executable, "-m", "tutor.cli", "--plain", "derivative"],
                            input=b"\xff\xfe\n20\n", capture_output=True, env=env, cwd=ROOT,
                            timeout=120)
    no_traceback(result)
    assert "is not a number I can read" in result.stdout.decode()
    assert b"Right!" in result.stdout


def test_after_a_failed_save_it_never_says_progress_saved(tutor_home):
    tutor_home.parent.mkdir(exist_ok=True)
    tutor_home.write_text("a file where the progress folder should be")
    result = line_mode(tutor_home / "sub", b"20\nup\n")
    no_traceback(result)
    out = result.stdout.decode()
    assert "Could not save your progress" in out            # said while it happens
    assert "Progress saved" not in out
    assert "could NOT be saved" in out
    assert result.returncode == 1


def test_a_save_that_works_again_before_the_end_is_a_normal_goodbye(tutor_home):
    result = line_mode(tutor_home, b"20\n")
    assert b"Progress saved. Bye!" in result.stdout and result.returncode == 0
    state = saved_data(tutor_home)["lessons"]["derivative"]
    assert state["score"] == [1, 1]


def test_reset_that_cannot_save_says_nothing_was_changed(tutor_home, monkeypatch):
    from tutor import commands
    from tutor.store import open_store

    open_store().set_lesson_state("intro", {"step": 1})

    from store_helpers import failing_saves

    saves_work_again = failing_saves(monkeypatch, "full")
    said = []
    assert commands.reset(None, assume_yes=True, out=said.append) == 1
    assert said[-1].startswith("Nothing was changed: Could not save your progress")
    assert "the disk is full" in said[-1]
    saves_work_again()
    assert open_store().lesson_state("intro") == {"step": 1}
