"""The server's side of the pre-loaded learner process (tutor.serve.zygote): start it once,
ask it for a session's process, and hear when each one ends.

A session's process forked from it looks to the supervisor like one it started itself: a
pid that leads its own process group, pipes for standard input, output and error, a return
code, ``wait()``. When the zygote dies, its sessions end with it and the next session
starts a new one; when it cannot start at all, the supervisor starts learners the usual way
(a fresh Python each), and the server's log says why, once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import sys
from pathlib import Path

__all__ = ["Preloaded", "ForkedProcess", "PreloadError", "preload_argv"]


class PreloadError(Exception):
    """The pre-loaded process could not start, or could not fork a session."""


def preload_argv(fd: int) -> list[str]:
    return [sys.executable, "-I", "-m", "tutor.serve.zygote", str(fd)]


class ForkedProcess:
    """A session's process forked by the zygote: what asyncio.subprocess.Process offers the
    supervisor (pid, stdin, stdout, stderr, returncode, wait)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.stdin = self.stdout = self.stderr = None     # the streams, once made
        self.returncode: int | None = None
        self._ended = asyncio.Event()

    def exited(self, status: int) -> None:
        if self.returncode is None:
            self.returncode = status
            self._ended.set()

    async def wait(self) -> int:
        await self._ended.wait()
        return self.returncode


class Preloaded:
    """The zygote of one server: started with the server (Supervisor.warm) or on first use,
    in the learners' common environment; restarted if it died, not tried again if it could
    not start."""

    def __init__(self, env: dict, cwd: Path, start_seconds: float = 60.0):
        self.env, self.cwd, self.start_seconds = dict(env), Path(cwd), start_seconds
        self.proc: asyncio.subprocess.Process | None = None
        self.sock: socket.socket | None = None
        self.pid: int | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self._children: dict[int, ForkedProcess] = {}
        self._ready: asyncio.Future | None = None
        self._lock = asyncio.Lock()
        self.broken: str | None = None     # why it could not start: not tried again
        self.said = False                   # the server's log has said so

    @property
    def alive(self) -> bool:
        return self.sock is not None

    async def _start(self) -> None:
        from tutor.serve.limits import die_with_parent

        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.cwd.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            self.proc = await asyncio.create_subprocess_exec(
                *preload_argv(theirs.fileno()), pass_fds=[theirs.fileno()],
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                cwd=self.cwd, env=self.env, start_new_session=True,
                preexec_fn=die_with_parent)
        except OSError as e:
            ours.close()
            raise PreloadError(f"cannot start it: {e}") from e
        finally:
            theirs.close()
        ours.setblocking(False)
        self.sock = ours
        self._ready = loop.create_future()
        loop.add_reader(ours.fileno(), self._receive)
        try:
            self.pid = await asyncio.wait_for(asyncio.shield(self._ready), self.start_seconds)
        except (asyncio.TimeoutError, PreloadError) as e:
            self._gone()
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            await self.proc.wait()
            raise PreloadError(str(e) or "it was not ready in time") from None

    def _receive(self) -> None:
        while self.sock is not None:
            try:
                data = self.sock.recv(1 << 16)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self._gone()
                return
            self._dispatch(json.loads(data))

    def _dispatch(self, message: dict) -> None:
        if "ready" in message and self._ready and not self._ready.done():
            self._ready.set_result(message["ready"])
        elif "exit" in message:
            child = self._children.pop(message["exit"], None)
            if child is not None:
                child.exited(message["status"])
        elif "id" in message:
            waiting = self._waiting.pop(message["id"], None)
            if "pid" in message:                # known at once: its exit may come next
                child = self._children[message["pid"]] = ForkedProcess(message["pid"])
                if waiting is None or waiting.done():
                    _kill_group(child.pid)       # nobody waits for it any more
                else:
                    waiting.set_result(child)
            elif waiting is not None and not waiting.done():
                waiting.set_exception(PreloadError(message.get("failed") or "no process"))
        elif "failed" in message and self._ready and not self._ready.done():
            self._ready.set_exception(PreloadError(message["failed"]))

    def _gone(self) -> None:
        """The zygote ended (or the server closed it): its children died with it
        (PR_SET_PDEATHSIG), so every one is over; nobody waits on it any more."""
        if self.sock is None:
            return
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(self.sock.fileno())
        self.sock.close()
        self.sock = None
        for child in self._children.values():
            child.exited(-9)
        self._children.clear()
        for waiting in self._waiting.values():
            if not waiting.done():
                waiting.set_exception(PreloadError("the pre-loaded process ended"))
        self._waiting.clear()
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(PreloadError("it ended while it loaded"))

    async def ensure(self) -> None:
        """Started (again, if it died)."""
        async with self._lock:
            if self.broken:
                raise PreloadError(self.broken)
            if not self.alive:
                if self.proc is not None:
                    await self.proc.wait()
                try:
                    await self._start()
                except PreloadError as e:
                    self.broken = str(e)
                    raise

    async def spawn(self, home: Path, env: dict, memory: int, cpu_seconds: int
                    ) -> ForkedProcess:
        """A session's process, forked with these: its home (and working directory), its
        whole environment and its limits."""
        await self.ensure()
        loop = asyncio.get_running_loop()
        ident = next(self._ids)
        pipes = [os.pipe() for _ in range(3)]
        theirs = [pipes[0][0], pipes[1][1], pipes[2][1]]
        request = {"id": ident, "home": str(home), "env": env, "memory": memory,
                   "cpu_seconds": cpu_seconds}
        answer = loop.create_future()
        self._waiting[ident] = answer
        try:
            socket.send_fds(self.sock, [json.dumps(request).encode()], theirs)
        except OSError as e:
            self._waiting.pop(ident, None)
            for r, w in pipes:
                os.close(r)
                os.close(w)
            raise PreloadError(f"cannot ask it for a process: {e}") from e
        finally:
            for fd in theirs:
                with contextlib.suppress(OSError):
                    os.close(fd)
        ours = [pipes[0][1], pipes[1][0], pipes[2][0]]
        child = None
        try:
            child = await asyncio.wait_for(answer, self.start_seconds)
            child.stdin, child.stdout, child.stderr = await _streams(loop, *ours)
        except BaseException:                # no answer in time, or the browser left
            self._waiting.pop(ident, None)   # (a late answer's process is ended then)
            if child is not None:
                _kill_group(child.pid)
            if child is None or child.stdin is None:
                for fd in ours:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            raise
        return child

    async def close(self) -> None:
        """End the zygote (its sessions were ended first, by the supervisor)."""
        self._gone()
        if self.proc is not None and self.proc.returncode is None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.proc.wait(), 2.0)
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            await self.proc.wait()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


async def _streams(loop, stdin: int, stdout: int, stderr: int):
    """asyncio streams on the three pipes, as asyncio's subprocesses have them."""
    writer_transport, writer_protocol = await loop.connect_write_pipe(
        asyncio.streams.FlowControlMixin, open(stdin, "wb", buffering=0))
    writer = asyncio.StreamWriter(writer_transport, writer_protocol, None, loop)
    readers = []
    for fd in (stdout, stderr):
        reader = asyncio.StreamReader(limit=2 ** 16)
        await loop.connect_read_pipe(lambda r=reader: asyncio.StreamReaderProtocol(r),
                                     open(fd, "rb", buffering=0))
        readers.append(reader)
    return writer, *readers
