"""What the class server's two doors (the browser's and SSH's) share: the roster and the limit on
wrong sign-ins, which process a signed-in person gets (the tutor for a learner, the teacher's
view for a teacher), and one terminal joined to that supervised process: keys in, screen out,
resizes, and its end when the door closes (also while it is still starting)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

from tutor.serve.accounts import MIN_PASSWORD, Accounts, Person, class_store_url
from tutor.serve.supervisor import (SERVED_LEARNER, Command, Full, Limits, NotStarted,
                                    Supervisor, learner_argv, teacher_argv)
from tutor.store.location import DB_VARIABLE

__all__ = ["Bridge", "Terminal", "Tries", "Outcome", "DoorError", "TRIES", "WRONG", "limited",
           "password_problem", "clamp_size"]

TRIES = (5, 300.0)                 # wrong sign-ins allowed per name and per address, per window
WRONG = ("That name and code or password do not match. Check both; your teacher can give you "
         "a new code.")
WIDTH, HEIGHT = (20, 400), (8, 200)  # the terminal sizes a process is told, at least and most


class DoorError(Exception):
    """A door cannot open (a port taken, a host key unreadable): the message says why."""


def limited(wait: int) -> str:
    return f"Too many wrong tries: wait {wait} s, then try again."


def password_problem(chosen: str, again: str) -> str:
    """Why a chosen password cannot be the password ("" when it can)."""
    if chosen != again:
        return "The two passwords differ."
    if len(chosen) < MIN_PASSWORD:
        return f"A password needs at least {MIN_PASSWORD} characters."
    return ""


def clamp_size(width, height) -> tuple[int, int] | None:
    """A terminal size within bounds, or None for one that is not two whole numbers."""
    if not (isinstance(width, int) and isinstance(height, int)) or \
            isinstance(width, bool) or isinstance(height, bool):
        return None
    return min(max(width, WIDTH[0]), WIDTH[1]), min(max(height, HEIGHT[0]), HEIGHT[1])


class Tries:
    """Wrong sign-ins per key in a sliding window: ``wait(key)`` is the seconds to wait."""

    def __init__(self, allowed: int, window: float, clock=time.monotonic):
        self.allowed, self.window, self.clock = allowed, window, clock
        self.failures: dict[str, deque] = defaultdict(deque)

    def wait(self, key: str) -> int:
        now, seen = self.clock(), self.failures[key]
        while seen and now - seen[0] > self.window:
            seen.popleft()
        return 0 if len(seen) < self.allowed else int(self.window - (now - seen[0])) + 1

    def failed(self, key: str) -> None:
        self.failures[key].append(self.clock())


@dataclass(frozen=True)
class Outcome:
    """A sign-in: the person (None when refused), whether by their one-time code, and the
    seconds to wait when refused for too many wrong tries (0 otherwise)."""

    person: Person | None
    by_code: bool = False
    wait: int = 0

    @property
    def message(self) -> str:
        return limited(self.wait) if self.wait else WRONG


class Bridge:
    """The roster, the sessions, the tries: one of each for the whole server, both doors."""

    def __init__(self, folder: Path, limits: Limits = Limits(), store_url: str | None = None):
        self.folder = Path(folder)
        self.store_url = store_url or class_store_url(self.folder)
        self.accounts = Accounts(self.store_url, self.folder)
        self.supervisor = Supervisor(limits, self.folder / "learners")
        self.tries = Tries(*TRIES)

    def close(self) -> None:
        self.accounts.close()

    async def _in_thread(self, call, *args):
        """A roster call off the event loop (scrypt takes tens of ms, PostgreSQL a trip)."""
        return await asyncio.get_running_loop().run_in_executor(None, call, *args)

    async def find(self, name: str) -> Person | None:
        return await self._in_thread(self.accounts.find, name)

    def wait(self, name: str, address: str) -> int:
        """Seconds until ``name`` may try again from ``address`` (0: now)."""
        name = name.strip().lower()[:64]
        return max(self.tries.wait("name:" + name), self.tries.wait("address:" + address))

    async def sign_in(self, name: str, secret: str, address: str) -> Outcome:
        """Name and code or password, limited per name and per address."""
        name = name.strip().lower()[:64]
        keys = ("name:" + name, "address:" + address)
        wait = self.wait(name, address)
        if wait:
            return Outcome(None, wait=wait)
        person, by_code = await self._in_thread(self.accounts.sign_in, name, secret[:256])
        if person is None:
            for key in keys:
                self.tries.failed(key)
            return Outcome(None)
        return Outcome(person, by_code)

    async def set_password(self, name: str, chosen: str, again: str) -> str:
        """Make ``chosen`` the person's password (their code is spent); the problem with it,
        or "" when it was set."""
        problem = password_problem(chosen[:256], again[:256])
        if not problem:
            await self._in_thread(self.accounts.set_password, name, chosen[:256])
        return problem

    async def key_fingerprints(self, name: str) -> set[str]:
        return await self._in_thread(self.accounts.key_fingerprints, name)

    async def bind_key(self, name: str, fingerprint: str, openssh: str,
                       spend_code: bool) -> bool:
        return await self._in_thread(self.accounts.bind_key, name, fingerprint, openssh,
                                     spend_code)

    def command(self, person: Person) -> Command:
        """What the person gets: a teacher the teacher's view on the class's store, a
        learner the tutor answering as them into it.  Only their role decides."""
        if person.teacher:
            return Command(teacher_argv(self.store_url), self.folder / "teachers" / person.name,
                           {})
        return Command(learner_argv(), self.folder / "learners" / person.name,
                       {DB_VARIABLE: self.store_url, SERVED_LEARNER: person.name},
                       preload=True)

    async def cull_forever(self) -> None:
        """End idle sessions (of either door), looking every few seconds, until cancelled."""
        supervisor = self.supervisor
        while True:
            await asyncio.sleep(max(5.0, min(60.0, supervisor.limits.idle_seconds / 4)))
            await supervisor.cull_idle()

    def terminal(self, person: Person, output, ended) -> Terminal:
        """A terminal for a signed-in person: ``output(bytes)`` gets the screen,
        ``ended()`` is called once the process is gone (or could not start)."""
        return Terminal(self, person, output, ended)


class Terminal:
    """One door's terminal joined to a person's supervised process.  Keys sent before the
    process is ready are kept and sent then; ``close`` ends it whatever state it is in."""

    def __init__(self, bridge: Bridge, person: Person, output, ended):
        self.bridge, self.person = bridge, person
        self.output, self.ended = output, ended
        self.process = None
        self.opening: asyncio.Task | None = None
        self.early: list[tuple[str, object]] = []
        self.done = asyncio.Event()                # the process is gone, or never came

    @property
    def what(self) -> str:
        return "The teacher's view" if self.person.teacher else "The tutor"

    def start(self, width: int, height: int) -> asyncio.Task:
        width, height = clamp_size(width, height) or (80, 24)
        self.opening = asyncio.create_task(self._open(width, height))
        return self.opening

    async def _open(self, width: int, height: int) -> None:
        bridge = self.bridge
        try:
            process = await bridge.supervisor.open(
                self.person.name, bridge.command(self.person), width, height, self.output,
                self._gone)
        except Full as full:
            await self._say(f"The class server is full just now: try again in {full.retry} s.")
            return
        except asyncio.TimeoutError:
            await self._say(f"{self.what} did not start in time; try again.")
            return
        except NotStarted as e:
            log(f"{self.person.name}: {self.what.lower()} ended before it started "
                f"(status {e.status}): {e.last_line}")
            command = " (micrograd-tutor class view)" if self.person.teacher else ""
            await self._say(f"{self.what}{command} did not start on this server (it ended "
                            f"with status {e.status}); the server's log says why.")
            return
        self.process = process
        if process.ended.is_set():           # it ended as soon as it was ready
            await self._ended()
            return
        early, self.early = self.early, []
        for kind, data in early:
            await self._send(kind, data)

    async def _say(self, line: str) -> None:
        """One line on the person's terminal, and the end of it."""
        with contextlib.suppress(Exception):
            await self.output(f"\r\n{line}\r\n".encode())
        await self._ended()

    async def _gone(self) -> None:
        """The process's output ended: the door's end, once it had started (before that,
        ``_open`` says why it did not start).  A process that ended by itself with an
        error (a crash, or killed: out of memory, say) is named in the log, and the person
        told that what they answered is kept."""
        if self.process is None:
            return
        if not self.process.stopping:
            status = await self.process.status()
            if status not in (0, None) and not self.process.stopping:
                log(f"{self.person.name}: {self.what.lower()} ended by itself (status "
                    f"{status}): {self.process.last_line or 'it said nothing'}")
                with contextlib.suppress(Exception):
                    await self.output(f"\r\n{self.what} ended unexpectedly (status {status}); "
                                      "what you answered is kept. Reload the page (or ssh in "
                                      "again) to go on.\r\n".encode())
        await self._ended()

    async def _ended(self) -> None:
        if not self.done.is_set():
            self.done.set()
            with contextlib.suppress(Exception):
                await self.ended()

    async def _send(self, kind: str, data) -> None:
        if self.process is None:
            self.early.append((kind, data))
        elif kind == "keys":
            await self.process.keys(data)
        else:
            await self.process.meta(data)

    async def keys(self, text: str) -> None:
        await self._send("keys", text)

    async def resize(self, width, height) -> None:
        size = clamp_size(width, height)
        if size is not None:
            await self._send("meta", {"type": "resize", "width": size[0], "height": size[1]})

    async def focus(self, focused: bool) -> None:
        await self._send("meta", {"type": "focus" if focused else "blur"})

    async def close(self) -> None:
        """End the process (quit, TERM, KILL of its group), or its start if it is starting."""
        if self.opening is not None and not self.opening.done():
            self.opening.cancel()
            with contextlib.suppress(BaseException):
                await self.opening
        if self.process is not None:
            await self.bridge.supervisor.close(self.person.name, self.process)
        self.done.set()


def log(line: str) -> None:
    """The server's log: its standard error."""
    print(f"micrograd-tutor serve: {line}", file=sys.stderr, flush=True)
