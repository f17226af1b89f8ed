"""A real class server on a free loopback port for a test, a signed-in browser-like client,
and a look at which learner processes are alive."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import time
from pathlib import Path

import aiohttp
from aiohttp import web

from tutor.serve.supervisor import Limits
from tutor.serve.web import make_app

ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
QUICK = Limits(grace_seconds=0.5, quit_seconds=0.5, start_seconds=120)


@contextlib.asynccontextmanager
async def running_server(folder: Path, limits: Limits = QUICK, store_url: str | None = None,
                         ssh: list | None = None):
    """The server, listening on 127.0.0.1 and a port the system picked; yields (app, url).
    With ``ssh`` (a list), its SSH door too: the list gets (port, host key fingerprint)."""
    app = make_app(folder, limits, store_url=store_url)
    if ssh is not None:
        from tutor.serve.ssh import attach
        from tutor.serve.web import DOOR

        attach(app, app[DOOR].bridge, folder, "127.0.0.1", 0,
               lambda port, fingerprint: ssh.extend([port, fingerprint]))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield app, f"http://127.0.0.1:{port}/"
    finally:
        await runner.cleanup()


def client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def sign_in(session: aiohttp.ClientSession, url: str, name: str, secret: str,
                  password: str | None = "a long passphrase") -> str:
    """Sign in (and choose a password when asked); the last page's text."""
    response = await session.post(url + "signin", data={"name": name, "secret": secret})
    text = await response.text()
    if password and "choose a password" in text:
        response = await session.post(url + "password",
                                      data={"password": password, "again": password})
        text = await response.text()
    return text


def _processes(folder: Path) -> dict[int, tuple[int, bool, bool]]:
    """Every live process: pid -> (parent pid, its environment names a home under
    ``folder``, its command line is the pre-loaded learner's)."""
    marker = f"MICROGRAD_TUTOR_HOME={folder}".encode()
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                environ = f.read()
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                zygote = b"tutor.serve.zygote" in f.read()
        except OSError:
            continue
        if fields[0] != b"Z":
            found[int(entry)] = (int(fields[1]), marker in environ, zygote)
    return found


def preloaded_processes(folder: Path) -> list[int]:
    """The pids of the pre-loaded learner processes of servers of ``folder`` (a process
    forked from one has its command line too, but one of them as its parent)."""
    every = _processes(folder)
    return [pid for pid, (parent, ours, zygote) in every.items()
            if ours and zygote and not every.get(parent, (0, False, False))[2]]


def learner_processes(folder: Path) -> list[int]:
    """The pids of live learner processes whose home is under ``folder``: started afresh
    (their environment says so) or forked from the server's pre-loaded process (whose
    environment they show), and anything they started; not the pre-loaded process."""
    every, preloaded = _processes(folder), set(preloaded_processes(folder))
    return [pid for pid, (_, ours, _) in every.items() if ours and pid not in preloaded]


async def until(condition, seconds: float = 60.0, what: str = "the condition") -> None:
    """Wait for condition() to hold (checked every 50 ms), failing after ``seconds``."""
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        await asyncio.sleep(0.05)


class TextScreen:
    """What a terminal has received (``raw``), read as text with the escapes taken out;
    ``more()`` waits for the next output, ``keys()`` types."""

    def __init__(self):
        self.raw = b""
        self.seen = 0          # the text up to here was matched already

    @property
    def text(self) -> str:
        return ESCAPES.sub(b"", self.raw).decode("utf-8", "replace")

    async def wait_for(self, words, seconds: float = 30.0) -> str:
        """Wait for ``words`` (or the first of several) after what was matched so far;
        returns the words that came."""
        choices = [words] if isinstance(words, str) else list(words)
        end = time.monotonic() + seconds
        while True:
            found = [(self.text.index(w, self.seen), w) for w in choices
                     if w in self.text[self.seen:]]
            if found:
                at, came = min(found)
                self.seen = at + len(came)
                return came
            try:
                await self.more(end - time.monotonic())
            except AssertionError as e:
                raise AssertionError(f"{words!r} never came: {e}") from None

    async def answer(self, digit: str, seconds: float = 15.0) -> None:
        """Choose ``digit`` and press Enter until the tutor says "You said N.".  Keys typed
        in the instant between a question's drawing and its answer box's focus are lost
        (the tutor's own race, an open point in the report), so, as a learner who sees
        nothing happen, it types the choice again.  Only the tutor's "You said N." ends
        it (a stale "Nothing typed." redrawn with the box is not a reply)."""
        for _ in range(3):
            await self.keys(digit)
            await self.keys("\r")
            try:
                await self.wait_for(f"You said {digit}.", seconds)
                return
            except AssertionError:
                continue
        raise AssertionError(f"the tutor never read {digit!r}: {self.text[-400:]!r}")


class Screen(TextScreen):
    """What a websocket has received."""

    def __init__(self, ws):
        super().__init__()
        self.ws = ws

    async def more(self, seconds: float = 30.0) -> None:
        """Wait for the next output after what came so far (a frame, or part of one)."""
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"nothing more came; last: {self.text[-400:]!r}")
            try:        # wait_for, not receive(timeout=): each ping restarts that one
                message = await asyncio.wait_for(self.ws.receive(), left)
            except asyncio.TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.raw += message.data
                return
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                raise AssertionError(f"closed; last: {self.text[-400:]!r}")

    async def keys(self, *keys: str) -> None:
        for key in keys:
            await self.ws.send_json(["stdin", key])


async def closed(ws, seconds: float = 60.0) -> bool:
    """True once the server closes the websocket (output before the close is skipped)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            message = await asyncio.wait_for(ws.receive(), end - time.monotonic())
        except asyncio.TimeoutError:
            break
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            return True
    return False
