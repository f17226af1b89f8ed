"""Running the learner's code: a separate, walled-in process, never the tutor's own.

``run_probe(workspace, request)`` starts ``probe.py`` with the standard library's
interpreter in isolated mode without ``site`` (``python -I -S``: no user site, no
site-packages, no PYTHON* variables, not the current folder on ``sys.path``) and a
minimal environment.  It has two pipes: on one the tutor sends the request (a copy
of the workspace's Python files and the cases, chosen after the child started), on
the other the probe sends back JSON lines.  The probe raises its walls before it
imports any learner code (``probe_jail``): a parent-death signal, its own user,
mount, PID and network namespaces with a read-only view of the system folders and
the copy as the only writable folder, no capabilities; then CPU, memory, file-size
and process limits.  The tutor adds a wall-clock limit and, at the end, kills the
child's whole process group; the PID namespace ends everything the code forked.

Threat model.  The learner's code is hostile: on a class server it may be another
learner's, checked by a teacher.

- The tutor never imports or runs learner code in its own process; it reads at
  most ``MAX_RESULT`` bytes of JSON lines, and a record of the wrong shape, a
  second final record or none is a failed check with a reason, never a crash
  (``records`` holds the schemas).
- The child passes no verdict: it reports what the learner's objects did on the
  cases the tutor sent, and the tutor compares that with its own engine, one result
  per case required.  Some cases are drawn at random after the child started, so
  no answer can be written into the file in advance.
- With namespaces (Linux with user namespaces): the code sees no home folder, no
  progress file or store, no other learner's files, no network and no ``/proc``;
  it cannot write outside its in-memory copy, cannot import the tutor's packages
  (they are not there), and nothing it starts outlives the check.
- Without them (``isolation() == "limits"``: other systems, some containers, or
  ``MICROGRAD_TUTOR_SANDBOX=limits``) only the limits hold: the code runs as the
  user, can read what the user can and, as root, fork out of the group.  The
  front ends say so once, and a ``--workspace`` check (someone else's code) asks
  first.
- What does not hold anywhere: the probe and the learner's code share one
  interpreter, so code that searches the process's memory (``gc``, frames, file
  descriptors) can change what the probe reports.  It then still has to produce
  the right numbers for random cases it sees only when they are run.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tutor.buildtrack import records
from tutor.buildtrack.regular_files import FileProblem, read_bytes
from tutor.text import visible_lines

__all__ = ["Limits", "Outcome", "run_probe", "isolation", "PROBE", "SWITCH", "FIRST_FILES",
           "LIMITS_ONLY", "FOREIGN_WARNING"]

PROBE = Path(__file__).with_name("probe.py")
PYTHON = getattr(sys, "_base_executable", None) or sys.executable   # not the venv's
MAX_RESULT = 8 << 20          # bytes of results read back at most
MAX_OUTPUT = 4000             # characters of the learner's output kept for display
MAX_COPY = 2 << 20            # bytes of workspace copied (a stray big file is skipped)
SWITCH = "MICROGRAD_TUTOR_SANDBOX"     # "limits": no namespaces, only the limits
FIRST_FILES = ("micrograd/engine.py", "micrograd/nn.py", "micrograd/__init__.py", "train.py")
LOST_PIPE = 75                # the probe's exit status when its pipe to the tutor was closed


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
    "malformed" (what came back cannot be trusted: ``message`` says why), "broken"
    (the tutor could not run it at all).  ``isolation``: "namespaces" or "limits".
    """

    status: str
    result: dict | None = None        # the probe's final record
    doing: dict | None = None         # the last call into learner code it announced
    returncode: int | None = None
    signal_name: str = ""
    stdout: str = ""
    stderr: str = ""
    limits: Limits = field(default_factory=Limits)
    message: str = ""                 # for "broken" and "malformed"
    isolation: str = ""


def run_probe(workspace: Path, request: dict | Callable[[], dict], limits: Limits = Limits(),
              require_namespaces: bool = False) -> Outcome:
    """Run the probe on a copy of the workspace; never raises for the learner's doing.
    ``request`` may be a function: it is called once the child is running."""
    _sweep_stale()
    try:
        return _run(Path(workspace), request, limits, require_namespaces)
    except OSError as e:        # no pipes, cannot start Python...
        return Outcome("broken", limits=limits,
                       message=f"the check could not run: {e.strerror or e}")


def _run(workspace: Path, request, limits: Limits, require: bool) -> Outcome:
    files = collect_workspace(workspace)
    cases_r, cases_w = os.pipe()
    results_r, results_w = os.pipe()
    env = {"PATH": os.defpath, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "TMPDIR": tempfile.gettempdir()}     # where a copy without namespaces goes
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(
                [PYTHON, "-I", "-S", "-B", "-X", "utf8", str(PROBE), str(cases_r),
                 str(results_w), str(os.getpid())],
                cwd="/", env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                pass_fds=(cases_r, results_w), start_new_session=True)
        except BaseException:
            os.close(cases_w)
            os.close(results_r)
            raise
        finally:
            os.close(cases_r)
            os.close(results_w)
        try:
            body = request() if callable(request) else request
            payload = json.dumps(dict(
                body, files=files, namespaces=isolation_wanted(),
                require_namespaces=require,
                limits={"cpu": max(1, int(limits.seconds + 0.999)),
                        "memory": limits.memory, "fsize": limits.output})).encode("utf-8")
            writer = threading.Thread(target=_write_all, args=(cases_w, payload), daemon=True)
            writer.start()
            raw, timed_out, overflow = _read_results(results_r, proc, limits.seconds)
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # it, and anything it forked
            proc.wait()
            os.close(results_r)
            _remove_copy(proc.pid)
        stdout, stderr = _text(out), _text(err)
    return _outcome(raw, timed_out, overflow, proc.returncode, stdout, stderr, limits)


def _write_all(fd: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError:             # the child ended before it read its request
        pass
    finally:
        os.close(fd)


def _read_results(fd: int, proc, seconds: float) -> tuple[bytes, bool, bool]:
    """Everything the probe wrote until its pipe closed or the time ran out."""
    deadline = time.monotonic() + seconds
    chunks, size = [], 0
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return b"".join(chunks), True, False
            if not sel.select(left):
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_RESULT:
                return b"".join(chunks), False, True
    try:
        proc.wait(timeout=max(0.0, deadline - time.monotonic()) + 1.0)
    except subprocess.TimeoutExpired:     # it closed its pipe but would not end
        return b"".join(chunks), True, False
    return b"".join(chunks), False, False


def _outcome(raw, timed_out, overflow, returncode, stdout, stderr, limits) -> Outcome:
    outcome = Outcome("done", returncode=returncode, stdout=stdout, stderr=stderr,
                      limits=limits)
    lines, problem = records.parse(raw)
    if overflow:
        problem = f"more than {MAX_RESULT >> 20} MB of reports"
    outcome.isolation = next((r["isolation"] for r in lines if "isolation" in r), "")
    outcome.doing = next((r for r in reversed(lines) if "doing" in r), None)
    done = [r for r in lines if "done" in r]
    if problem is None and len(done) > 1:
        problem = f"{len(done)} final reports where there is one"
    if problem is not None:
        outcome.status, outcome.message = "malformed", problem
        return outcome
    if done:
        outcome.result = done[0]
        if "refused" in done[0]:
            outcome.status = "broken"
            outcome.message = ("this check needs namespaces, which this system does not "
                               f"give: {done[0]['refused']}")
        return outcome
    if timed_out:
        outcome.status = "timeout"
    elif returncode is not None and returncode < 0:
        sig = -returncode
        outcome.signal_name = _signal_name(sig)
        limits_hit = {getattr(signal, "SIGXCPU", None): "cpu",
                      getattr(signal, "SIGXFSZ", None): "output"}
        outcome.status = limits_hit.get(sig, "crash")
    else:
        outcome.status = "exit"
    return outcome


# --- which walls ----------------------------------------------------------------------

LIMITS_ONLY = ("Note: this system gives the tutor no namespaces, so checks run your code with "
               "only time, memory and output limits: as you, able to read your files.")
FOREIGN_WARNING = ("This system gives the tutor no namespaces: checking {folder} would run "
                   "the code in it as you, able to read and change your files.")

_isolation: dict[bool, str] = {}
_isolation_lock = threading.Lock()


def isolation_wanted() -> bool:
    return os.environ.get(SWITCH, "").strip().lower() != "limits"


def isolation() -> str:
    """"namespaces" when checks here run walled in, else "limits" (tried once, by
    running the probe on an empty workspace)."""
    wanted = isolation_wanted()
    if not wanted:
        return "limits"
    with _isolation_lock:
        if wanted not in _isolation:
            with tempfile.TemporaryDirectory(prefix="micrograd-empty-") as empty:
                seen = run_probe(Path(empty), {"kind": "none"}, Limits(seconds=30))
            _isolation[wanted] = seen.isolation or "limits"
        return _isolation[wanted]


# --- the workspace copy ----------------------------------------------------------------


def collect_workspace(source: Path) -> dict[str, str]:
    """The learner's Python files (relative path -> base64), without backups, caches,
    hidden folders, links out of the folder or anything but regular files; the
    exercise files first, then the rest until ``MAX_COPY`` bytes."""
    found: dict[str, str] = {}
    root = os.path.realpath(source)
    if not os.path.isdir(root):
        return found
    names = []
    for folder, dirs, filenames in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and d not in ("__pycache__", "backups"))
        rel_folder = os.path.relpath(folder, root)
        for name in sorted(filenames):
            if name.endswith(".py") and not name.startswith("."):
                names.append(os.path.normpath(os.path.join(rel_folder, name)))
    names.sort(key=lambda n: (FIRST_FILES.index(n) if n in FIRST_FILES else len(FIRST_FILES), n))
    budget = MAX_COPY
    for rel in names:
        data = _read_regular(root, rel, budget)
        if data is not None:
            budget -= len(data)
            found[rel] = base64.b64encode(data).decode("ascii")
    return found


def _read_regular(root: str, rel: str, budget: int) -> bytes | None:
    """A regular file's bytes if it fits the budget; None for a FIFO, a device, a link
    out of the workspace, an unreadable or too big file (never blocks)."""
    try:
        return read_bytes(root, rel, budget)
    except FileProblem:
        return None


def _copy_folders(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"micrograd-check-{pid}-*"))


def _remove_copy(pid: int) -> None:
    """The copy a probe without namespaces made, whether or not it removed it."""
    for folder in _copy_folders(pid):
        shutil.rmtree(folder, ignore_errors=True)


def _sweep_stale() -> None:
    """Copies left by checks whose tutor was killed before it could remove them."""
    with contextlib.suppress(OSError):
        for folder in Path(tempfile.gettempdir()).glob("micrograd-check-*-*"):
            pid = folder.name.split("-")[2]
            if not pid.isdigit() or folder.lstat().st_uid != os.getuid():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                pass


def _text(f) -> str:
    f.seek(0)
    raw = f.read(MAX_OUTPUT * 4 + 1)
    text = raw.decode("utf-8", errors="replace")
    if len(text) > MAX_OUTPUT or len(raw) > MAX_OUTPUT * 4:
        text = text[:MAX_OUTPUT] + "\n... (more output cut off)"
    return visible_lines(text)          # no escape sequence of the learner's reaches a screen


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
