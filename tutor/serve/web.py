"""The class server's web door (aiohttp): sign-in, a signed session cookie, and the websocket
that joins a browser's terminal (textual-serve's client) to the learner's own process.

Nothing but the sign-in page and its form answers without a valid session: not the tutor's
page, not its scripts, not the websocket (and so no process starts).  A session cookie is
``name.issued.signature`` (HMAC-SHA256 with the server's secret, kept 0600 in the class
folder), HttpOnly and SameSite=Strict; a tampered or expired one is refused.  Wrong sign-ins
are limited per name and per address.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
import secrets
import time
from collections import defaultdict, deque
from hashlib import sha256
from pathlib import Path

from aiohttp import WSMsgType, web

from tutor.serve import pages
from tutor.serve.accounts import MIN_PASSWORD, Accounts
from tutor.serve.supervisor import SERVED_LEARNER, Full, Limits, Supervisor
from tutor.store.location import DB_VARIABLE

__all__ = ["make_app", "class_store_url", "COOKIE", "SESSION_SECONDS", "TRIES", "DOOR"]

COOKIE = "micrograd_session"
SESSION_SECONDS = 12 * 3600
TRIES = (5, 300.0)                 # wrong sign-ins allowed per name and per address, per window
CLASS_STORE = "answers.sqlite3"    # the class's store in its folder, when serve has no --db
DOOR: web.AppKey["Door"] = web.AppKey("door")
STATICS = web.AppKey("statics", Path)
CLOSING = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR)


def server_secret(folder: Path) -> bytes:
    """The key that signs session cookies: made once, kept in the class folder (0600)."""
    path = folder / "server-secret"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key.hex())
        return key


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


class Door:
    """The server's state: the roster, the sessions, the cookie key, the tries."""

    def __init__(self, folder: Path, limits: Limits, secure_cookies: bool, clock=time.time,
                 store_url: str | None = None):
        self.folder = folder
        self.accounts = Accounts(folder / "class.sqlite3")
        self.secret = server_secret(folder)
        self.store_url = store_url or class_store_url(folder)
        self.supervisor = Supervisor(limits, home_of=lambda name: folder / "learners" / name,
                                     extra_env=self.learner_store)
        self.tries = Tries(*TRIES)
        self.secure = secure_cookies
        self.clock = clock

    def learner_store(self, name: str) -> dict:
        """What a learner's process is told of the class's store: its URL and who they are
        (every answer of the class goes into that one store, each under its learner)."""
        return {DB_VARIABLE: self.store_url, SERVED_LEARNER: name}

    # --- sessions ------------------------------------------------------------------------

    def _sign(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), sha256).hexdigest()

    def cookie_for(self, name: str) -> str:
        body = f"{name}.{int(self.clock())}"
        return f"{body}.{self._sign(body)}"

    def person(self, request: web.Request):
        """The signed-in person, or None (no cookie, a tampered or an expired one)."""
        value = request.cookies.get(COOKIE, "")
        body, _, signature = value.rpartition(".")
        name, _, issued = body.rpartition(".")
        if not name or not hmac.compare_digest(self._sign(body), signature):
            return None
        if not issued.isdigit() or self.clock() - int(issued) > SESSION_SECONDS:
            return None
        return self.accounts.find(name)

    def set_cookie(self, response: web.Response, name: str) -> None:
        response.set_cookie(COOKIE, self.cookie_for(name), max_age=SESSION_SECONDS,
                            httponly=True, samesite="Strict", secure=self.secure, path="/")


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html",
                        headers={"Cache-Control": "no-store"})


def _go(to: str = "./") -> web.Response:
    """A 303 to ``to`` (relative: it works behind a proxy's path too)."""
    return web.Response(status=303, headers={"Location": to})


def class_store_url(folder: Path) -> str:
    """The class's own store when ``serve`` is given no --db: a SQLite file beside the roster."""
    return f"sqlite:///{Path(folder).resolve() / CLASS_STORE}"


def make_app(folder: Path, limits: Limits = Limits(), secure_cookies: bool = False,
             statics: Path | None = None, store_url: str | None = None) -> web.Application:
    """The server's aiohttp application, its state in ``app[DOOR]``; every learner's answers
    go to ``store_url`` (default: the class folder's own SQLite file)."""
    door = Door(Path(folder), limits, secure_cookies, store_url=store_url)
    app = web.Application(middlewares=[_headers], client_max_size=64 * 1024)
    app[DOOR] = door
    if statics is None:
        import textual_serve

        statics = Path(textual_serve.__file__).with_name("static")
    app[STATICS] = Path(statics).resolve()
    app.router.add_get("/", index)
    app.router.add_post("/signin", sign_in)
    app.router.add_post("/password", password)
    app.router.add_post("/signout", sign_out)
    app.router.add_get("/ws", websocket)
    app.router.add_get("/static/{path:.+}", static)
    app.on_shutdown.append(_end_sessions)
    app.on_startup.append(_start_culler)
    return app


@web.middleware
async def _headers(request, handler):
    response = await handler(request)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault(
        "Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'")
    return response


async def index(request: web.Request) -> web.Response:
    door: Door = request.app[DOOR]
    person = door.person(request)
    if person is None:
        return _html(pages.sign_in_page())
    if not person.has_password:
        return _html(pages.password_page(person.name))
    return _html(pages.tutor_page(person.name))


async def sign_in(request: web.Request) -> web.Response:
    door: Door = request.app[DOOR]
    form = await request.post()
    name = str(form.get("name", "")).strip().lower()[:64]
    secret = str(form.get("secret", ""))[:256]
    address = request.remote or "?"
    wait = max(door.tries.wait("name:" + name), door.tries.wait("address:" + address))
    if wait:
        return _html(pages.sign_in_page(f"Too many wrong tries: wait {wait} s, then try "
                                        "again.", name), status=429)
    person, by_code = await asyncio.get_running_loop().run_in_executor(
        None, door.accounts.sign_in, name, secret)
    if person is None:
        door.tries.failed("name:" + name)
        door.tries.failed("address:" + address)
        return _html(pages.sign_in_page("That name and code or password do not match. "
                                        "Check both; your teacher can give you a new code.",
                                        name), status=401)
    response = _go()
    door.set_cookie(response, person.name)
    return response


async def password(request: web.Request) -> web.Response:
    door: Door = request.app[DOOR]
    person = door.person(request)
    if person is None:
        return _go()
    form = await request.post()
    chosen, again = str(form.get("password", ""))[:256], str(form.get("again", ""))[:256]
    problem = ("The two passwords differ." if chosen != again else
               f"A password needs at least {MIN_PASSWORD} characters."
               if len(chosen) < MIN_PASSWORD else "")
    if problem:
        return _html(pages.password_page(person.name, problem), status=400)
    await asyncio.get_running_loop().run_in_executor(None, door.accounts.set_password,
                                                     person.name, chosen)
    return _go()


async def sign_out(request: web.Request) -> web.Response:
    response = _go()
    response.del_cookie(COOKIE, path="/")
    return response


async def static(request: web.Request) -> web.StreamResponse:
    door: Door = request.app[DOOR]
    if door.person(request) is None:
        return _html(pages.message_page("Sign in first", "This page needs a signed-in "
                                        "session."), status=403)
    root: Path = request.app[STATICS]
    path = (root / request.match_info["path"]).resolve()
    if root not in path.parents or not path.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(path)


def _size(request: web.Request, key: str, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(request.query.get(key, default)), low), high)
    except ValueError:
        return default


async def websocket(request: web.Request) -> web.StreamResponse:
    door: Door = request.app[DOOR]
    person = door.person(request)
    origin = request.headers.get("Origin")
    if person is None or not person.has_password or (
            origin and origin.split("://", 1)[-1] != request.host):
        return web.Response(status=403, text="sign in first")
    ws = web.WebSocketResponse(heartbeat=15, max_msg_size=256 * 1024)
    await ws.prepare(request)
    width, height = _size(request, "width", 80, 20, 400), _size(request, "height", 24, 8, 200)

    async def output(data: bytes) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_bytes(data)

    async def ended() -> None:
        with contextlib.suppress(Exception):
            await ws.close()

    supervisor = door.supervisor
    opener = asyncio.create_task(supervisor.open(person.name, width, height, output, ended))
    early: list = []
    receiver = None
    try:
        while not opener.done():          # the browser may leave while the tutor starts
            receiver = receiver or asyncio.create_task(ws.receive())
            done, _ = await asyncio.wait({opener, receiver}, return_when=asyncio.FIRST_COMPLETED)
            if receiver in done:
                message, receiver = receiver.result(), None
                if message.type in CLOSING:
                    opener.cancel()
                    with contextlib.suppress(BaseException):
                        await opener
                    return ws
                early.append(message)
        try:
            session = opener.result()
        except Full as full:
            await output(f"\r\nThe class server is full just now: try again in {full.retry} s."
                         "\r\n".encode())
            await ws.close()
            return ws
        except asyncio.TimeoutError:
            await output(b"\r\nThe tutor did not start in time; reload the page to try again."
                         b"\r\n")
            await ws.close()
            return ws
        try:
            for message in early:
                await _forward(message, session, ws)
            while True:
                message = await (receiver or ws.receive())
                receiver = None
                if message.type in CLOSING:
                    break
                await _forward(message, session, ws)
        finally:
            await supervisor.close(person.name, session)
    finally:
        if receiver is not None:
            receiver.cancel()
    return ws


async def _forward(message, session, ws) -> None:
    """One browser message to the process: keys, a resize, focus, blur; a ping answered."""
    if message.type != WSMsgType.TEXT:
        return
    try:
        kind, *rest = message.json()
    except (ValueError, TypeError):
        return
    data = rest[0] if rest else None
    if kind == "stdin" and isinstance(data, str):
        await session.keys(data)
    elif kind == "resize" and isinstance(data, dict):
        width, height = data.get("width"), data.get("height")
        if isinstance(width, int) and isinstance(height, int):
            await session.meta({"type": "resize", "width": min(max(width, 20), 400),
                                "height": min(max(height, 8), 200)})
    elif kind in ("focus", "blur"):
        await session.meta({"type": kind})
    elif kind == "ping":
        await ws.send_json(["pong", data])


async def _end_sessions(app: web.Application) -> None:
    await app[DOOR].supervisor.close_all()


async def _start_culler(app: web.Application) -> None:
    supervisor = app[DOOR].supervisor

    async def cull() -> None:
        while True:
            await asyncio.sleep(max(5.0, min(60.0, supervisor.limits.idle_seconds / 4)))
            await supervisor.cull_idle()

    task = asyncio.create_task(cull())

    async def stop(_app) -> None:
        task.cancel()

    app.on_cleanup.append(stop)
