"""One learner's tutor process, supervised: started without a shell in its own process group,
with a clean environment and limits, spoken to in Textual's web-driver packets, and ended
for sure (quit, then SIGTERM, then SIGKILL of the whole group), also while it starts.

The packets (as Textual's web driver and textual-serve speak them): to the process,
``D`` (terminal input) or ``M`` (JSON meta: resize, focus, blur, quit) + a 4-byte
big-endian length + the payload; from it, after a line ``__GANGLION__``, ``D`` (terminal
output), ``M`` (meta, e.g. ``exit``) and ``P`` (downloads, not used here).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tutor.serve.limits import die_with_parent, limit_process
from tutor.serve.preload import PreloadError, Preloaded

__all__ = ["Limits", "LearnerProcess", "Supervisor", "Full", "NotStarted", "Command",
           "learner_argv", "teacher_argv", "TEACHER_VIEW", "SERVED_LEARNER"]

SERVED_LEARNER = "MICROGRAD_TUTOR_SERVED_LEARNER"   # who a learner's process answers as
TEACHER_VIEW = ("class", "view")   # micrograd-tutor class view --db URL: the teacher's view

READY = b"__GANGLION__\n"


@dataclass(frozen=True)
class Limits:
    """What a class server allows: per process, and for the whole server."""

    memory: int = 1024 * 2 ** 20       # address space of one learner's process
    cpu_seconds: int = 4 * 3600        # CPU time of one session
    start_seconds: float = 30.0        # a process not ready by then is ended
    idle_seconds: float = 1800.0       # no key for this long: the session ends (saved)
    grace_seconds: float = 2.0         # SIGTERM -> SIGKILL, this long each
    quit_seconds: float = 10.0         # quit -> SIGTERM: the tutor's last save may wait
                                       # for a busy store (QUIT_WAIT, 8 s) before it ends
    max_sessions: int = 120
    max_starting: int = 6              # processes starting at once (the rest wait)
    max_wait_seconds: float = 15.0     # a longer expected wait to start: "full, try again"
    retry_seconds: int = 20            # what "full, try again in N s" says when all
                                       # sessions are taken (nobody knows when one ends)
    preload: bool = True               # learners forked from one pre-loaded process


@dataclass(frozen=True)
class Command:
    """What to start for a person: the argument list, their folder (the process's home and
    working directory) and what its environment adds to the clean one."""

    argv: list[str]
    home: Path
    env: dict
    preload: bool = False      # may be forked from the pre-loaded learner (argv is then
                               # what the fallback starts when that cannot be done)


class NotStarted(Exception):
    """The process ended before it was ready: ``status`` and its last line on stderr."""

    def __init__(self, status: int | None, last_line: str):
        super().__init__(f"ended with status {status}: {last_line}")
        self.status, self.last_line = status, last_line


class Full(Exception):
    """No room for another session now; ``retry`` seconds is a fair wait."""

    def __init__(self, retry: int):
        super().__init__(f"full: try again in {retry} s")
        self.retry = retry


def learner_argv() -> list[str]:
    """The learner's process: this Python, the served tutor (no shell in between)."""
    return [sys.executable, "-I", "-m", "tutor.serve.learner"]


def teacher_argv(store_url: str) -> list[str]:
    """A teacher's process: ``micrograd-tutor class view --db URL`` (this Python's
    micrograd-tutor, no shell in between), reading the class's store."""
    return [sys.executable, "-I", "-m", "tutor.cli", *TEACHER_VIEW, "--db", store_url]


def learner_env(home: Path, width: int, height: int, extra: dict | None = None) -> dict:
    """A clean environment: nothing of the server's own (no cookie key, no roster); ``extra``
    adds the class's store URL and the learner's name."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "HOME": str(home), "TERM": "xterm-256color",
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "TEXTUAL_FPS": "30",
        "TEXTUAL_COLOR_SYSTEM": "truecolor", "COLUMNS": str(width), "ROWS": str(height),
        "MICROGRAD_TUTOR_HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra or {})
    return env


def _limit_child(limits: Limits):
    """Run in the child between fork and exec: its limits, and death with the server."""
    def limit() -> None:
        limit_process(limits.memory, limits.cpu_seconds)
        die_with_parent()
    return limit


def packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


@dataclass
class LearnerProcess:
    """One learner's process; ``on_output(bytes)`` gets its terminal output."""

    name: str
    home: Path
    limits: Limits = field(default_factory=Limits)
    extra_env: dict = field(default_factory=dict)
    argv: list[str] = field(default_factory=learner_argv)
    proc: asyncio.subprocess.Process | None = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    stderr_closed: asyncio.Event = field(default_factory=asyncio.Event)
    last_input: float = field(default_factory=time.monotonic)
    stderr_tail: bytes = b""
    preloaded: Preloaded | None = None     # fork from it rather than start afresh
    stopping: bool = False                 # the server is ending it (it did not end itself)

    @property
    def last_line(self) -> str:
        """The last line it wrote on stderr (for the server's log and a short message)."""
        lines = self.stderr_tail.decode("utf-8", "replace").strip().splitlines()
        return lines[-1][:300] if lines else ""

    async def start(self, width: int, height: int, on_output, on_exit=None) -> None:
        self.home.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.home.mkdir(exist_ok=True, mode=0o700)
        env = learner_env(self.home, width, height, self.extra_env)
        if self.preloaded is not None:
            try:
                self.proc = await self.preloaded.spawn(self.home, env, self.limits.memory,
                                                       self.limits.cpu_seconds)
            except PreloadError as e:
                _say_afresh(self.preloaded, e)
        if self.proc is None:
            self.proc = await asyncio.create_subprocess_exec(
                *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, cwd=self.home, start_new_session=True,
                env=env, preexec_fn=_limit_child(self.limits))
        asyncio.create_task(self._read(on_output, on_exit))
        asyncio.create_task(self._read_stderr())

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    async def _read(self, on_output, on_exit) -> None:
        out = self.proc.stdout
        try:
            for _ in range(50):
                line = await out.readline()
                if not line or line == READY:
                    break
            if line == READY:
                self.ready.set()
                while True:
                    kind = await out.readexactly(1)
                    size = int.from_bytes(await out.readexactly(4), "big")
                    payload = await out.readexactly(size)
                    if kind == b"D":
                        await on_output(payload)
                    elif kind == b"M" and json.loads(payload).get("type") == "exit":
                        break
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            self.ended.set()
            if on_exit is not None:
                await on_exit()

    async def _read_stderr(self) -> None:
        try:
            while chunk := await self.proc.stderr.read(4096):
                self.stderr_tail = (self.stderr_tail + chunk)[-4096:]
        except Exception:
            pass
        finally:
            self.stderr_closed.set()

    async def send(self, kind: bytes, payload: bytes) -> None:
        """Write a packet; waiting for a process that stops reading (stuck, or stopped) is
        given up after grace_seconds (the packet stays queued), so nobody waits on it: not
        the door, and not stop(), whose signals must come whatever the process does."""
        if self.proc is None or self.proc.stdin.is_closing():
            return
        with contextlib.suppress(ConnectionError, RuntimeError, asyncio.TimeoutError):
            self.proc.stdin.write(packet(kind, payload))
            await asyncio.wait_for(self.proc.stdin.drain(), self.limits.grace_seconds)

    async def keys(self, text: str) -> None:
        self.last_input = time.monotonic()
        await self.send(b"D", text.encode("utf-8"))

    async def meta(self, data: dict) -> None:
        await self.send(b"M", json.dumps(data).encode("utf-8"))

    async def stop(self) -> None:
        """End the process and everything it started: quit (the tutor saves), then SIGTERM,
        then SIGKILL of its process group; returns once the process is gone."""
        self.stopping = True
        if self.proc is None:
            return
        if self.proc.returncode is None and self.ready.is_set():
            await self.meta({"type": "quit"})
            await self._wait(self.limits.quit_seconds)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            self._signal_group(sig)
            if sig == signal.SIGKILL or await self._wait(self.limits.grace_seconds):
                break
        await self.proc.wait()
        self._signal_group(signal.SIGKILL)            # anything the group left behind
        with contextlib.suppress(Exception):
            self.proc.stdin.close()

    async def status(self) -> int | None:
        """Its return code, once it has ended (None if it has not within grace_seconds)."""
        if self.proc is not None:
            await self._wait(self.limits.grace_seconds)
            return self.proc.returncode
        return None

    async def _wait(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self.proc.wait(), seconds)
            return True
        except asyncio.TimeoutError:
            return False

    def _signal_group(self, sig) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, sig)


class Supervisor:
    """Every session of a server: caps on sessions and on starts, one session per person
    (a second tab or SSH session takes over), an idle culler, and an end for all of them."""

    def __init__(self, limits: Limits = Limits(), learners: Path | None = None):
        """``learners``: the folder of the learners' homes; with it (and limits.preload),
        learners are forked from one pre-loaded process started there."""
        self.limits = limits
        self.preloaded = None
        if learners is not None and limits.preload:
            self.preloaded = Preloaded(learner_env(Path(learners), 80, 24), Path(learners),
                                       limits.start_seconds)
        self.sessions: dict[str, LearnerProcess] = {}
        self.starting = asyncio.Semaphore(limits.max_starting)
        self.waiting = 0
        self.start_time = 1.0    # seconds a start takes, lately (first guess: afresh)

    def admit(self) -> None:
        """Full unless a session is free and the wait to start, expected from how long
        starts take lately and how many wait, is within max_wait_seconds; the retry it
        names is that wait (or, with every session taken, retry_seconds)."""
        if len(self.sessions) >= self.limits.max_sessions:
            raise Full(self.limits.retry_seconds)
        expected = (self.waiting + 1) / self.limits.max_starting * self.start_time
        if expected > self.limits.max_wait_seconds:
            raise Full(max(2, math.ceil(expected)))

    def started(self, seconds: float) -> None:
        self.start_time = 0.8 * self.start_time + 0.2 * seconds

    async def open(self, name: str, command: Command, width: int, height: int, on_output,
                   on_exit=None) -> LearnerProcess:
        """A new process for the person (ending the one they had), ready for keys.  Full when
        there is no room (every session taken, or too long a wait to start: admit());
        NotStarted when it ended before it was ready; asyncio.TimeoutError when it was not
        ready in time (it is ended then)."""
        old = self.sessions.pop(name, None)
        if old is not None:
            await old.stop()
        self.admit()
        session = LearnerProcess(name, command.home, self.limits, dict(command.env),
                                 list(command.argv),
                                 preloaded=self.preloaded if command.preload else None)
        self.sessions[name] = session
        self.waiting += 1
        try:
            async with self.starting:
                began = time.monotonic()
                await session.start(width, height, on_output, on_exit)
                try:
                    await asyncio.wait_for(_first(session.ready, session.ended),
                                           self.limits.start_seconds)
                except asyncio.TimeoutError:
                    await self.close(name, session)
                    raise
                if not session.ready.is_set():
                    await self.close(name, session)
                    with contextlib.suppress(asyncio.TimeoutError):   # its last words
                        await asyncio.wait_for(session.stderr_closed.wait(),
                                               self.limits.grace_seconds)
                    raise NotStarted(session.proc.returncode, session.last_line)
                self.started(time.monotonic() - began)
        except asyncio.CancelledError:           # the browser left while it started
            await self.close(name, session)
            raise
        finally:
            self.waiting -= 1
        return session

    async def close(self, name: str, session: LearnerProcess) -> None:
        if self.sessions.get(name) is session:
            del self.sessions[name]
        await session.stop()

    async def cull_idle(self) -> list[str]:
        """End the sessions without a key for longer than the idle limit; their names."""
        now = time.monotonic()
        idle = [(n, s) for n, s in self.sessions.items()
                if now - s.last_input > self.limits.idle_seconds]
        await asyncio.gather(*(self.close(n, s) for n, s in idle))
        return [n for n, _ in idle]

    async def warm(self) -> None:
        """Start the pre-loaded process now, so the first learner does not wait for it."""
        if self.preloaded is not None:
            try:
                await self.preloaded.ensure()
            except PreloadError as e:
                _say_afresh(self.preloaded, e)

    async def close_all(self) -> None:
        """End every session, then the pre-loaded process."""
        await asyncio.gather(*(self.close(n, s) for n, s in list(self.sessions.items())))
        if self.preloaded is not None:
            await self.preloaded.close()


def _say_afresh(preloaded: Preloaded, why: PreloadError) -> None:
    """The server's log, once: learners' processes are started afresh, and why."""
    if not preloaded.said:
        preloaded.said = True
        print(f"micrograd-tutor: the pre-loaded learner process: {why}; learners' processes "
              "are started afresh", file=sys.stderr, flush=True)


async def _first(*events: asyncio.Event) -> None:
    """Until one of the events is set."""
    waits = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
