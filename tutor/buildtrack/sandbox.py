"""Running the learner's code: a separate process with limits, never the tutor's own.

``run_probe(workspace, request)`` copies the workspace to a private temporary
folder, starts ``probe.py`` there with ``python -I`` (no user site, no PYTHON*
variables, not the current folder on ``sys.path``) and a minimal environment, and
reads back what it reported.  The probe lowers its own limits before it imports
any learner code (doing it in the child, rather than in a ``preexec_fn``, is safe
when the check runs in one of the app's worker threads): CPU seconds, address
space, size of any file written (its output too), no core dumps, no new
processes.  The tutor adds a wall-clock limit and, at the end, kills the child's
whole process group, so nothing it forked lives on.

Threat model.  This is a learning tool: it guards against accidents and casual
cheating, and above all it must never hurt the tutor or the learner's files.

- The tutor never imports or runs learner code in its own process; it reads
  JSON lines, at most ``MAX_RESULT`` bytes, and anything unreadable is a failed
  check, never a crash.
- An endless loop, a crash (even a segfault), ``sys.exit``, ``os._exit``,
  ``input()``, huge output, a fork or a memory hog ends as a failed check with a
  message naming what happened and in which of the learner's methods, within the
  time limit.
- The child passes no verdict: it reports the numbers the learner's objects
  produced on cases the tutor chose, and the tutor compares them with its own
  engine.  Printing "PASS", exiting with 0 or writing to the result file does
  not pass: only lines with the run's random token count, and they only carry
  observations.  Importing the tutor's own engine, or the ``micrograd`` package
  from PyPI, to produce the numbers is detected and refused.
- The learner's code runs in a *copy* of the workspace: deleting or rewriting
  files by relative path cannot damage the learner's real files.
- Out of scope: deliberate attacks.  Learner code runs as the learner, so it can
  read the token from its own process's memory, or touch files by absolute path;
  a learner who wants to fool a tutor running on their own account can.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Limits", "Outcome", "run_probe", "PROBE"]

PROBE = Path(__file__).with_name("probe.py")
MAX_RESULT = 8 << 20          # bytes of results read back at most
MAX_OUTPUT = 4000             # characters of the learner's output kept for display
MAX_COPY = 2 << 20            # bytes of workspace copied (a stray big file is skipped)


@dataclass(frozen=True)
class Limits:
    """How much a check may use.  ``seconds`` is both the wall-clock and the CPU limit."""

    seconds: float = 5.0
    memory: int = 1 << 30     # address space, bytes
    output: int = 4 << 20     # largest file the child may write (its output included)


@dataclass
class Outcome:
    """What became of one run of the probe.

    ``status``: "done" (it reported back), "timeout", "cpu", "output" (wrote more
    than the limit), "crash" (killed by a signal), "exit" (ended without reporting),
    "broken" (the tutor could not run it at all).
    """

    status: str
    result: dict | None = None        # the probe's final record
    doing: dict | None = None         # the last call into learner code it announced
    returncode: int | None = None
    signal_name: str = ""
    stdout: str = ""
    stderr: str = ""
    limits: Limits = field(default_factory=Limits)
    message: str = ""                 # for "broken"


def run_probe(workspace: Path, request: dict, limits: Limits = Limits()) -> Outcome:
    """Run the probe on a copy of the workspace; never raises for the learner's doing."""
    try:
        with tempfile.TemporaryDirectory(prefix="micrograd-check-") as tmp:
            return _run(Path(workspace), Path(tmp), request, limits)
    except OSError as e:        # no temp space, cannot start Python...
        return Outcome("broken", limits=limits,
                       message=f"the check could not run: {e.strerror or e}")


def _run(workspace: Path, tmp: Path, request: dict, limits: Limits) -> Outcome:
    copy = tmp / "workspace"
    _copy_workspace(workspace, copy)
    token = secrets.token_hex(16)
    result_path = tmp / "result.jsonl"
    result_path.touch(mode=0o600)
    request = dict(request, token=token, result=str(result_path), workspace=str(copy),
                   limits={"cpu": max(1, int(limits.seconds + 0.999)),
                           "memory": limits.memory, "fsize": limits.output})
    request_path = tmp / "request.json"
    request_path.write_text(json.dumps(request), encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", os.defpath), "HOME": str(tmp), "LANG": "C.UTF-8",
           "LC_ALL": "C.UTF-8"}
    with open(result_path, "rb") as results, open(tmp / "stdout", "w+b") as out, \
            open(tmp / "stderr", "w+b") as err:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-X", "utf8", "-B", str(PROBE), str(request_path)],
            cwd=copy, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            start_new_session=True, close_fds=True)
        timed_out = False
        try:
            proc.wait(timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                if hasattr(os, "killpg"):
                    os.killpg(proc.pid, signal.SIGKILL)  # it, and anything it forked
                else:
                    proc.kill()
            proc.wait()
        records = _records(results.read(MAX_RESULT), token)
        stdout, stderr = _text(out), _text(err)
    done = next((r for r in records if r.get("done")), None)
    doing = next((r for r in reversed(records) if "doing" in r), None)
    outcome = Outcome("done", result=done, doing=doing, returncode=proc.returncode,
                      stdout=stdout, stderr=stderr, limits=limits)
    if done is not None:
        return outcome
    if timed_out:
        outcome.status = "timeout"
    elif proc.returncode is not None and proc.returncode < 0:
        sig = -proc.returncode
        outcome.signal_name = _signal_name(sig)
        limits_hit = {getattr(signal, "SIGXCPU", None): "cpu",
                      getattr(signal, "SIGXFSZ", None): "output"}
        outcome.status = limits_hit.get(sig, "crash")
    else:
        outcome.status = "exit"
    return outcome


def _copy_workspace(source: Path, target: Path) -> None:
    """The learner's Python files, without backups, caches and hidden folders."""
    budget = [MAX_COPY]

    def ignore(folder, names):
        skipped = set()
        for name in names:
            path = Path(folder) / name
            if name.startswith(".") or name in ("__pycache__", "backups"):
                skipped.add(name)
            elif path.is_file():
                size = path.stat().st_size
                if not name.endswith(".py") or size > budget[0]:
                    skipped.add(name)
                else:
                    budget[0] -= size
        return skipped

    if source.is_dir():
        shutil.copytree(source, target, ignore=ignore, symlinks=False)
    else:
        target.mkdir(parents=True)


def _records(raw: bytes, token: str) -> list[dict]:
    records = []
    for line in raw.split(b"\n"):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(record, dict) and record.get("token") == token:
            records.append(record)
    return records


def _text(f) -> str:
    f.seek(0)
    raw = f.read(MAX_OUTPUT * 4 + 1)
    text = raw.decode("utf-8", errors="replace")
    if len(text) > MAX_OUTPUT or len(raw) > MAX_OUTPUT * 4:
        text = text[:MAX_OUTPUT] + "\n... (more output cut off)"
    return text


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
