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
    env = dict(os.environ, MICROGRAD_TUTOR_HOME=str(tmp_path), TERM="dumb")
    env.update(env_extra or {})
    streams = streams or {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([sys.executable, "-m", "tutor.cli", *args], input=stdin, text=True,
                          env=env, cwd=ROOT, timeout=120, **streams)


FULL_SCREEN = [[], ["build"], ["practice"], ["playground"], ["practice", "worksheet"]]


@pytest.mark.parametrize("args", FULL_SCREEN, ids=lambda a: " ".join(a) or "course")
def test_full_screen_commands_fall_back_to_line_mode_without_a_terminal(tmp_path, args):
    done = run(args, tmp_path, stdin="",        # stdin a pipe at its end: line mode ends
               env_extra={"TERM": "xterm-256color"})
    assert "standard input is not a terminal; running line mode (as with --plain)" \
        in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def run_on_a_terminal(args, tmp_path, term: str) -> tuple[int, str, str]:
    """Run a command with a pseudo-terminal for stdin and stdout (TERM as given); Ctrl+D
    once it has drawn something; (status, what the terminal showed, stderr)."""
    import pty
    import threading

    main, child = pty.openpty()
    env = dict(os.environ, MICROGRAD_TUTOR_HOME=str(tmp_path), TERM=term)
    proc = subprocess.Popen([sys.executable, "-m", "tutor.cli", *args], stdin=child,
                            stdout=child, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    os.close(child)
    shown, drawn = [], threading.Event()

    def read():                                # a full pty would stop the child
        while True:
            try:
                chunk = os.read(main, 1 << 16)
            except OSError:                    # the child closed its side
                return
            if not chunk:
                return
            shown.append(chunk)
            drawn.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        drawn.wait(120)
        for _ in range(3):                     # a prompt each: Ctrl+D ends line mode
            os.write(main, b"\x04")
        stderr = proc.communicate(timeout=120)[1].decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
    reader.join(5)
    return proc.returncode, b"".join(shown).decode(errors="replace"), stderr


@pytest.mark.parametrize("args", FULL_SCREEN, ids=lambda a: " ".join(a) or "course")
def test_full_screen_commands_on_a_dumb_terminal_run_line_mode(tmp_path, args):
    status, shown, stderr = run_on_a_terminal(args, tmp_path, "dumb")
    assert "this terminal (TERM=dumb) cannot show a full-screen app; running line mode " \
           "(as with --plain)" in stderr
    assert "\x1b[?1049h" not in shown + stderr  # the full screen was never entered
    assert "Traceback" not in stderr + shown
    assert status == 0, stderr


@pytest.mark.parametrize("args", [["list"], ["playground", "--plain"], ["build", "check"],
                                  ["build", "--plain"]])
def test_a_full_disk_on_standard_output_is_a_message(tmp_path, args):
    with open("/dev/full", "w") as full:
        done = run(args, tmp_path, stdout=full, stderr=subprocess.PIPE)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == "micrograd-tutor: cannot write the output: No space left " \
                                  "on device"
    assert done.returncode == 1


@pytest.mark.parametrize("args", ["build --plain", "--plain", "practice --plain",
                                  "playground --plain", "practice worksheet --plain", "list"])
def test_line_mode_with_standard_output_closed_does_not_crash(tmp_path, args):
    env = dict(os.environ, MICROGRAD_TUTOR_HOME=str(tmp_path))
    done = subprocess.run(f"{sys.executable} -m tutor.cli {args} >&-", shell=True,
                          input="quit\n", text=True, stderr=subprocess.PIPE, env=env, cwd=ROOT,
                          timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr


def test_reset_of_a_missing_workspace_creates_nothing(tmp_path):
    missing = tmp_path / "not-there"
    done = run(["build", "reset", "tanh", "--workspace", str(missing), "--yes"], tmp_path)
    assert done.returncode == 2
    assert "nothing to reset" in done.stdout
    assert not missing.exists()
