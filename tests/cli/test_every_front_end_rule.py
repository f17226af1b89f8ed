"""One rule for every full-screen command, and standard streams that fail: no terminal ->
line mode with a line saying so, never a hang; a full disk or a closed stream -> a message
and a status, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(args, tmp_path, stdin="quit\nq\nquit\n", env_extra=None, **streams):
    env = dict(os.environ, MICROGRAD_TUTOR_HOME=str(tmp_path), TERM="dumb", **(env_extra or {}))
    streams = streams or {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([sys.executable, "-m", "tutor.cli", *args], input=stdin, text=True,
                          env=env, cwd=ROOT, timeout=120, **streams)


@pytest.mark.parametrize("args", [["build"], ["practice"], ["playground"],
                                  ["practice", "worksheet"]])
def test_full_screen_commands_fall_back_to_line_mode_without_a_terminal(tmp_path, args):
    done = run(args, tmp_path, stdin="")       # stdin a pipe at its end: line mode ends
    assert "running line mode (as with --plain)" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("args", [["list"], ["playground", "--plain"], ["build", "check"],
                                  ["build", "--plain"]])
def test_a_full_disk_on_standard_output_is_a_message(tmp_path, args):
    with open("/dev/full", "w") as full:
        done = run(args, tmp_path, stdout=full, stderr=subprocess.PIPE)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode != 0


def test_line_mode_with_standard_output_closed_does_not_crash(tmp_path):
    env = dict(os.environ, MICROGRAD_TUTOR_HOME=str(tmp_path))
    done = subprocess.run(f"{sys.executable} -m tutor.cli build --plain >&-", shell=True,
                          input="quit\n", text=True, stderr=subprocess.PIPE, env=env, cwd=ROOT,
                          timeout=120)
    assert "Traceback" not in done.stderr, done.stderr


def test_reset_of_a_missing_workspace_creates_nothing(tmp_path):
    missing = tmp_path / "not-there"
    done = run(["build", "reset", "tanh", "--workspace", str(missing), "--yes"], tmp_path)
    assert done.returncode == 2
    assert "nothing to reset" in done.stdout
    assert not missing.exists()
