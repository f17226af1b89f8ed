"""Nothing of a check outlives it: not what the learner's code forked (even as root, with
setsid), not the check when its tutor is killed (SIGHUP of a dropped SSH link, kill -9),
and no temporary folder.

The learner's code names its process (``prctl(PR_SET_NAME)``), so the tests can look
for it in /proc; they wait for conditions with generous timeouts and never time anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from build_helpers import E, check, solved_workspace
from tutor.buildtrack.sandbox import SWITCH, isolation

ADD = "    def __add__(self, other):\n"
NAME_ME = "        import ctypes; ctypes.CDLL(None).prctl(15, {name!r}, 0, 0, 0)\n"


def named(name: bytes) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_bytes().strip() == name:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def wait_for(condition, timeout=60.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def cleanup():
    names = []
    yield names
    for name in names:          # a failing test must not leave its processes behind
        for pid in named(name):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


FORKS = {
    "posix.fork": "        import posix; pid = posix.fork()\n",
    "ctypes fork": "        import ctypes; pid = ctypes.CDLL(None).fork()\n",
}


@pytest.mark.parametrize("how", FORKS)
def test_what_the_code_forks_with_setsid_as_root_ends_with_the_check(tmp_path, how, cleanup):
    if isolation() != "namespaces":
        pytest.skip("only the PID namespace stops this as root")
    name = b"mg-escapee"
    cleanup.append(name)
    ws = solved_workspace(tmp_path)
    ws.save(E, ws.read(E).replace(ADD, ADD + FORKS[how] + (
        "        if pid == 0:\n"
        "            import os, time\n"
        "            os.setsid()\n"
        "    " + NAME_ME.format(name=name) +
        "            time.sleep(600)\n"
        "            os._exit(0)\n"), 1))
    verdict = check(ws, "add-mul")
    assert verdict.passed, verdict.line()
    assert wait_for(lambda: not named(name), timeout=30), "a forked process outlived its check"


def start_tutor(kind: str, ws: Path, tmp_path: Path, env_mode: str) -> subprocess.Popen:
    env = dict(os.environ, MICROGRAD_TUTOR_HOME=str(tmp_path / "home"), TMPDIR=str(tmp_path /
                                                                                  "tmp"))
    if env_mode == "limits":
        env[SWITCH] = "limits"
    (tmp_path / "tmp").mkdir(exist_ok=True)
    base = [sys.executable, "-m", "tutor.cli", "build"]
    if kind == "check":
        args = base + ["check", "add-mul", "--workspace", str(ws), "--yes"]
    else:
        args = base + ["--plain", "add-mul", "--workspace", str(ws), "--yes"]
    return subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=str(tmp_path))


@pytest.mark.parametrize("mode", ["namespaces", "limits"])
@pytest.mark.parametrize("kind", ["check", "plain"])
@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGKILL], ids=["SIGHUP", "SIGKILL"])
def test_a_check_ends_when_its_tutor_is_killed(tmp_path, mode, kind, sig, cleanup,
                                               monkeypatch):
    if mode == "namespaces" and isolation() != "namespaces":
        pytest.skip("this system gives no user namespaces")
    name = f"mg-sleep-{kind[:2]}{int(sig)}{mode[0]}".encode()[:15]
    cleanup.append(name)
    ws = solved_workspace(tmp_path / "ws")
    ws.save(E, ws.read(E).replace(ADD, ADD + NAME_ME.format(name=name) +
                                  "        import time; time.sleep(600)\n", 1))
    tutor = start_tutor(kind, ws.root, tmp_path, mode)
    try:
        if kind == "plain":
            tutor.stdin.write(b"check\n")
            tutor.stdin.flush()
        assert wait_for(lambda: named(name) or tutor.poll() is not None), "no check started"
        assert named(name), f"the tutor ended first (status {tutor.returncode})"
        tutor.send_signal(sig)
        tutor.wait(timeout=60)
        assert wait_for(lambda: not named(name), timeout=30), "the check outlived its tutor"
    finally:
        if tutor.poll() is None:
            tutor.kill()
            tutor.wait()
    left = list((tmp_path / "tmp").glob("micrograd-check-*"))
    if mode == "namespaces":
        assert left == []                  # the copy was only ever in the namespace's memory
    else:                                  # a killed probe could not remove its copy: the
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # next check does
        assert check(solved_workspace(tmp_path / "ws2"), "value").passed
        assert list((tmp_path / "tmp").glob("micrograd-check-*")) == []


def test_a_check_leaves_no_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for mode in ("namespaces", "limits"):
        if mode == "limits":
            monkeypatch.setenv(SWITCH, "limits")
        ws = solved_workspace(tmp_path / f"ws-{mode}")
        assert check(ws, "value").passed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws-limits", "ws-namespaces"]
