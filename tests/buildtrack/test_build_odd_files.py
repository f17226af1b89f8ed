"""Something else where a learner's file should be (a folder, a FIFO, a link out of the
folder, a file too big to copy): every part of the build track says what is there in one
line, never waits on it, and leaves it as it is: reading, starting an exercise, line mode,
build reset, build path and a check.

A FIFO blocks whoever opens it for reading until a writer comes: ``tests/fifos.py`` is
that writer after a minute, so code that opens one anyway fails its test, not hangs it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from build_helpers import E, check, solved_workspace
from fifos import fifo
from tutor.buildtrack.exercises import find_exercise
from tutor.buildtrack.plain import BuildPlain
from tutor.buildtrack.regular_files import FileProblem, TooBig, read_bytes
from tutor.buildtrack.reset import reset
from tutor.buildtrack.sandbox import MAX_COPY
from tutor.buildtrack.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def unblocker():
    """make(path): a FIFO at path that a writer opens and closes after a minute."""
    with contextlib.ExitStack() as stack:
        yield lambda path: stack.enter_context(fifo(path))


def things_in_the_way(root: Path, unblocker) -> dict[str, str]:
    """name -> what it is said to be: each made at root/name."""
    (root / "folder.py").mkdir()
    unblocker(root / "fifo.py")
    os.symlink("/etc/passwd", root / "out.py")
    os.symlink("nowhere.py", root / "dangling.py")
    os.symlink("loop.py", root / "loop.py")
    (root / "micrograd").write_text("a file where a folder should be\n")
    return {"folder.py": "folder.py is a folder, not a file",
            "fifo.py": "fifo.py is a named pipe (FIFO), not a file",
            "out.py": "out.py is a link to /etc/passwd, outside the folder",
            "dangling.py": "dangling.py is a link to nowhere.py, which is not there",
            "loop.py": "loop.py is a link that leads back to itself",
            "micrograd/engine.py": "micrograd is a file, not a folder"}


def test_each_thing_in_the_way_is_named_and_nothing_waits_on_it(tmp_path, unblocker):
    for name, said in things_in_the_way(tmp_path, unblocker).items():
        with pytest.raises(FileProblem) as seen:
            read_bytes(tmp_path, name)
        assert said in str(seen.value), name
    (tmp_path / "fine.py").write_text("x = 1\n")
    os.symlink("fine.py", tmp_path / "link_inside.py")
    assert read_bytes(tmp_path, "fine.py") == b"x = 1\n"
    assert read_bytes(tmp_path, "link_inside.py") == b"x = 1\n"
    assert read_bytes(tmp_path, "not_there.py") is None
    with pytest.raises(TooBig) as big:
        read_bytes(tmp_path, "fine.py", limit=3)
    assert str(big.value) == "fine.py is 6 bytes, more than 3 bytes"


def test_a_device_is_not_read(tmp_path):
    ws = Workspace(tmp_path)
    (tmp_path / "micrograd").mkdir()
    try:
        os.mknod(tmp_path / E, 0o666 | 0o020000, os.makedev(1, 3))    # /dev/null's numbers
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot make a device node here (not root)")
    with pytest.raises(FileProblem, match="micrograd/engine.py is a device, not a file"):
        ws.read(E)


def test_starting_an_exercise_over_a_folder_or_a_fifo_writes_nothing(tmp_path, unblocker):
    ws = Workspace(tmp_path)
    (tmp_path / "micrograd").mkdir()
    (tmp_path / E).mkdir()
    (tmp_path / E / "mine.txt").write_text("kept\n")
    with pytest.raises(FileProblem, match="micrograd/engine.py is a folder, not a file"):
        ws.start(find_exercise("value"))
    assert (tmp_path / E / "mine.txt").read_text() == "kept\n"
    assert sorted(p.name for p in (tmp_path / "micrograd").iterdir()) == ["engine.py"]
    (tmp_path / E / "mine.txt").unlink()
    (tmp_path / E).rmdir()
    unblocker(tmp_path / E)
    with pytest.raises(FileProblem, match="named pipe"):
        ws.start(find_exercise("add-mul"))
    with pytest.raises(FileProblem, match="named pipe"):
        ws.save(E, "class Value: pass\n")
    assert (tmp_path / E).is_fifo()


def plain_session(ws: Workspace, commands: str, exercise: str = "value") -> str:
    out = StringIO()
    console = Console(file=out, width=100, color_system=None, soft_wrap=True)
    BuildPlain(console, stdin=StringIO(commands), workspace=ws).run(find_exercise(exercise))
    return out.getvalue()


def test_line_mode_names_a_folder_in_the_way_and_starts_the_file_once_it_is_gone(tmp_path):
    ws = Workspace(tmp_path)
    (tmp_path / E).mkdir(parents=True)
    said = plain_session(ws, "check\nquit\n")
    assert "micrograd/engine.py is a folder, not a file: the tutor leaves it as it is" in said
    assert "FAIL  1. A Value holds a number" in said
    assert "micrograd/engine.py is a folder, not a file: put your file in its place" in said
    assert "Traceback" not in said and (tmp_path / E).is_dir()
    (tmp_path / E).rmdir()
    said = plain_session(ws, "show\ncheck\nquit\n")
    assert "(created micrograd/engine.py)" in said
    assert "your `__init__` is not written yet" in said


def test_reset_over_a_folder_or_a_fifo_changes_nothing_and_says_why(tmp_path, unblocker):
    ws = solved_workspace(tmp_path)
    nn = ws.read("micrograd/nn.py")
    ws.path(E).unlink()
    unblocker(ws.path(E))
    lines = []
    status = reset(find_exercise("neuron"), tmp_path, assume_yes=True,
                   out=lambda text, end="\n": lines.append(text))
    assert status == 2
    assert lines == ["micrograd/engine.py is a named pipe (FIFO), not a file: nothing was "
                     "reset. Move it away (the tutor then starts a new one) or put a file in "
                     "its place, then reset again."]
    assert ws.path(E).is_fifo() and ws.read("micrograd/nn.py") == nn
    assert not (tmp_path / "backups").exists()


def run_cli(args, home: Path, stdin: str = ""):
    env = dict(os.environ, MICROGRAD_TUTOR_HOME=str(home), TERM="dumb")
    return subprocess.run([sys.executable, "-m", "tutor.cli", *args], input=stdin, text=True,
                          capture_output=True, env=env, cwd=ROOT, timeout=120)


def test_the_commands_with_a_folder_for_engine_py(tmp_path):
    home = tmp_path / "home"
    (home / "workspace" / E).mkdir(parents=True)
    for args, status, said in (
            (["build", "reset", "value", "--yes"], 2, "is a folder, not a file: nothing was reset"),
            (["build", "check", "value"], 1, "FAIL   1 value: micrograd/engine.py is a folder"),
            (["build", "path"], 0, str(home / "workspace")),
            (["build", "--plain"], 0, "is a folder, not a file: the tutor leaves it as it is")):
        done = run_cli(args, home, stdin="quit\n")
        assert done.returncode == status, (args, done.stdout, done.stderr)
        assert said in done.stdout, (args, done.stdout)
        assert "Traceback" not in done.stdout + done.stderr, args
    assert (home / "workspace" / E).is_dir()


def test_a_file_bigger_than_a_check_copies_is_said_to_be(tmp_path):
    ws = solved_workspace(tmp_path)
    ws.save(E, ws.read(E) + "#" * MAX_COPY + "\n")
    verdict = check(ws, "value")
    assert not verdict.passed
    assert verdict.summary == "micrograd/engine.py is 2.0 MB, more than a check copies (2 MB)"
