"""Which front end starts, and honest exits: without a terminal the full screen can use
(a pipe, TERM=dumb) the command runs line mode and says so; ``python -m tutor.app``
refuses there, prints usage for --help and is not fooled by a learner's own files; a
crash of the app saves progress, keeps the traceback in a log and exits non-zero."""

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tutor.app import full_screen_problem

ROOT = Path(__file__).resolve().parents[2]


def env_for(home, **extra):
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "PYTHONPATH": str(ROOT), **extra}
    env.pop("NO_COLOR", None)
    return env


class Tty:
    """Stands for a terminal: isatty() is True."""

    def isatty(self):
        return True


def test_the_rule_full_screen_needs_a_terminal_it_can_drive():
    tty = Tty()
    assert full_screen_problem(tty, tty, {"TERM": "xterm-256color"}) is None
    assert full_screen_problem(tty, tty, {"TERM": "linux"}) is None
    assert "TERM=dumb" in full_screen_problem(tty, tty, {"TERM": "dumb"})
    assert "TERM=unset" in full_screen_problem(tty, tty, {})
    assert "standard input" in full_screen_problem(object(), tty, {"TERM": "xterm"})
    assert "standard output" in full_screen_problem(tty, object(), {"TERM": "xterm"})


def test_piped_input_without_plain_runs_line_mode_and_says_so(tutor_home):
    out = subprocess.run([sys.executable, "-m", "tutor.cli", "derivative"], input="20\nup\n",
                         capture_output=True, text=True, env=env_for(tutor_home, TERM="xterm"),
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0
    assert out.stderr.count("\n") == 1
    assert "standard input is not a terminal; running line mode" in out.stderr
    assert "Right!" in out.stdout and "Progress saved. Bye!" in out.stdout


def read_until(fd, text: str, timeout: float = 60) -> str:
    seen, end = b"", time.monotonic() + timeout
    while text.encode() not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen.decode(errors="replace")


def test_term_dumb_on_a_real_terminal_runs_line_mode_and_says_so(tutor_home):
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "tutor.cli", "derivative"], stdin=slave,
                            stdout=slave, stderr=slave, env=env_for(tutor_home, TERM="dumb"),
                            cwd=ROOT)
    os.close(slave)
    try:
        seen = read_until(master, "Your answer")
        os.write(master, b"quit\n")
        seen += read_until(master, "Bye!")
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert "TERM=dumb) cannot show a full-screen app; running line mode" in seen
    assert "\x1b[?1049h" not in seen                  # the full screen never started
    assert "Progress saved. Bye!" in seen


def module_app(*args, home, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "tutor.app", *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, env=env_for(home, TERM="xterm"),
                          cwd=cwd, timeout=60)


def test_module_entry_point_prints_usage_and_refuses_without_a_terminal(tutor_home):
    out = module_app("--help", home=tutor_home)
    assert out.returncode == 0 and out.stdout.startswith("usage: python -m tutor.app")
    out = module_app(home=tutor_home)
    assert out.returncode == 2
    assert "not a terminal" in out.stderr and "micrograd-tutor --plain" in out.stderr


def test_a_learners_own_engine_and_lessons_files_do_not_break_the_module(tutor_home,
                                                                       tmp_path):
    (tmp_path / "engine.py").write_text("raise SystemExit('the learner engine.py')\n")
    (tmp_path / "lessons.py").write_text("raise SystemExit('the learner lessons.py')\n")
    out = module_app("no-such-lesson", home=tutor_home, cwd=tmp_path)
    assert "learner" not in out.stdout + out.stderr
    assert "no lesson called 'no-such-lesson'" in out.stderr


async def test_a_crash_saves_progress_logs_the_traceback_and_exits_non_zero(tutor_home,
                                                                         monkeypatch,
                                                                         capsys):
    sys.path.insert(0, str(ROOT / "tests" / "app"))
    from pilot_helpers import make_app
    from tutor.app import launch
    from tutor.app.screens.lesson import LessonScreen
    from tutor.store import open_store

    def boom(self):
        raise RuntimeError("a bug in the app")

    monkeypatch.setattr(LessonScreen, "action_hint", boom)
    app = make_app("derivative")
    with pytest.raises(RuntimeError):         # run_test hands the error to the test too
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "enter")       # to the first question
            await pilot.pause()
            await pilot.press("2", "ctrl+t")          # a key whose action fails
            await pilot.pause()
    assert app.return_code == 1
    assert not app._exit_renderables                   # no traceback printed at exit
    assert "micrograd-tutor stopped because of a bug in it (RuntimeError: a bug in the app)" \
        in app.crash
    assert "Your progress is saved." in app.crash
    log = tutor_home / "crash.log"
    assert str(log) in app.crash
    assert "RuntimeError: a bug in the app" in log.read_text()
    assert oct(log.stat().st_mode & 0o777) == "0o600"
    assert open_store().lesson_state("derivative")["step"] == 2   # where the learner was

    # run_app turns it into one sentence on standard error and exit status 1
    class Crashed:
        def __init__(self, *args, **kwargs):
            self.crash, self.return_code = app.crash, 1

        def run(self):
            pass

    monkeypatch.setattr(launch, "TutorApp", Crashed)
    assert launch.run_app("derivative") == 1
    err = capsys.readouterr().err
    assert err == app.crash + "\n" and "Traceback" not in err


@pytest.mark.parametrize("args", [["--plain"], []])
def test_closed_stdin_is_no_terminal_either(tutor_home, args):
    out = subprocess.run([sys.executable, "-m", "tutor.cli", "derivative", *args],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         env=env_for(tutor_home, TERM="xterm"), cwd=ROOT, timeout=120)
    assert out.returncode == 0 and "Traceback" not in out.stderr
