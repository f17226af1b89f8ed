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
from hashlib import sha256
from pathlib import Path

from aiohttp import WSMsgType, web

from tutor.serve import pages
from tutor.serve.accounts import CLASS_STORE, class_store_url
from tutor.serve.bridge import Bridge, Tries
from tutor.serve.supervisor import Limits

__all__ = ["make_app", "class_store_url", "CLASS_STORE", "COOKIE", "SESSION_SECONDS", "DOOR",
           "Tries"]

COOKIE = "micrograd_session"
SESSION_SECONDS = 12 * 3600
DOOR: web.AppKey["Door"] = web.AppKey("door")
STATICS = web.AppKey("statics", Path)


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


class Door:
    """The web door's state: the server's bridge (roster, sessions, tries) and the cookie key."""

    def __init__(self, bridge: Bridge, secure_cookies: bool, clock=time.time):
        self.bridge = bridge
        self.accounts = bridge.accounts
        self.supervisor = bridge.supervisor
        self.store_url = bridge.store_url
        self.secret = server_secret(bridge.folder)
        self.secure = secure_cookies
        self.clock = clock

    # --- sessions ------------------------------------------------------------------------

    def _sign(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), sha256).hexdigest()

    def cookie_for(self, name: str) -> str:
        body = f"{name}.{int(self.clock())}"
        return f"{body}.{self._sign(body)}"

    async def person(self, request: web.Request):
        """The signed-in person, or None (no cookie, a tampered or an expired one)."""
        value = request.cookies.get(COOKIE, "")
        body, _, signature = value.rpartition(".")
        name, _, issued = body.rpartition(".")
        if not name or not hmac.compare_digest(self._sign(body), signature):
            return None
        if not issued.isdigit() or self.clock() - int(issued) > SESSION_SECONDS:
            return None
        return await self.bridge.find(name)

    def set_cookie(self, response: web.Response, name: str) -> None:
        response.set_cookie(COOKIE, self.cookie_for(name), max_age=SESSION_SECONDS,
                            httponly=True, samesite="Strict", secure=self.secure, path="/")


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html",
                        headers={"Cache-Control": "no-store"})


def _go(to: str = "./") -> web.Response:
    """A 303 to ``to`` (relative: it works behind a proxy's path too)."""
    return web.Response(status=303, headers={"Location": to})


def make_app(folder: Path, limits: Limits = Limits(), secure_cookies: bool = False,
             statics: Path | None = None, store_url: str | None = None,
             bridge: Bridge | None = None) -> web.Application:
    """The server's aiohttp application, its state in ``app[DOOR]``; the roster and every
    learner's answers are in ``store_url`` (default: the class folder's own SQLite file).
    Raises StoreError when that store cannot be opened."""
    door = Door(bridge or Bridge(Path(folder), limits, store_url), secure_cookies)
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
    person = await door.person(request)
    if person is None:
        return _html(pages.sign_in_page())
    if not person.has_password:
        return _html(pages.password_page(person.name))
    return _html(pages.tutor_page(person.name))


async def sign_in(request: web.Request) -> web.Response:
    door: Door = request.app[DOOR]
    form = await request.post()
    name = str(form.get("name", "")).strip().lower()[:64]
    outcome = await door.bridge.sign_in(name, str(form.get("secret", "")),
                                        request.remote or "?")
    if outcome.person is None:
        return _html(pages.sign_in_page(outcome.message, name),
                     status=429 if outcome.wait else 401)
    response = _go()
    door.set_cookie(response, outcome.person.name)
    return response


async def password(request: web.Request) -> web.Response:
    door: Door = request.app[DOOR]
    person = await door.person(request)
    if person is None:
        return _go()
    form = await request.post()
    problem = await door.bridge.set_password(person.name, str(form.get("password", "")),
                                             str(form.get("again", "")))
    if problem:
        return _html(pages.password_page(person.name, problem), status=400)
    return _go()


async def sign_out(request: web.Request) -> web.Response:
    response = _go()
    response.del_cookie(COOKIE, path="/")
    return response


async def static(request: web.Request) -> web.StreamResponse:
    door: Door = request.app[DOOR]
    if await door.person(request) is None:
        return _html(pages.message_page("Sign in first", "This page needs a signed-in "
                                        "session."), status=403)
    root: Path = request.app[STATICS]
    path = (root / request.match_info["path"]).resolve()
    if root not in path.parents or not path.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(path)


def _size(request: web.Request, key: str, default: int) -> int:
    try:
        return int(request.query.get(key, default))
    except ValueError:
        return default


async def websocket(request: web.Request) -> web.StreamResponse:
    """The browser's terminal joined to the signed-in person's process: which process (the
    tutor as them, or a teacher's view) follows from the session alone, never the URL."""
    door: Door = request.app[DOOR]
    person = await door.person(request)
    origin = request.headers.get("Origin")
    if person is None or not person.has_password or (
            origin and origin.split("://", 1)[-1] != request.host):
        return web.Response(status=403, text="sign in first")
    ws = web.WebSocketResponse(heartbeat=15, max_msg_size=256 * 1024)
    await ws.prepare(request)

    async def output(data: bytes) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_bytes(data)

    async def ended() -> None:
        with contextlib.suppress(Exception):
            await ws.close()

    terminal = door.bridge.terminal(person, output, ended)
    terminal.start(_size(request, "width", 80), _size(request, "height", 24))
    try:
        async for message in ws:          # until the browser leaves (or the process ends)
            await _forward(message, terminal, ws)
    finally:
        await terminal.close()            # also while it is still starting
    return ws


async def _forward(message, terminal, ws) -> None:
    """One browser message to the process: keys, a resize, focus, blur; a ping answered."""
    if message.type != WSMsgType.TEXT:
        return
    try:
        kind, *rest = message.json()
    except (ValueError, TypeError):
        return
    data = rest[0] if rest else None
    if kind == "stdin" and isinstance(data, str):
        await terminal.keys(data)
    elif kind == "resize" and isinstance(data, dict):
        await terminal.resize(data.get("width"), data.get("height"))
    elif kind in ("focus", "blur"):
        await terminal.focus(kind == "focus")
    elif kind == "ping":
        await ws.send_json(["pong", data])


async def _end_sessions(app: web.Application) -> None:
    await app[DOOR].supervisor.close_all()


async def _start_culler(app: web.Application) -> None:
    warming = asyncio.create_task(app[DOOR].supervisor.warm())
    task = asyncio.create_task(app[DOOR].bridge.cull_forever())

    async def stop(_app) -> None:
        task.cancel()
        warming.cancel()

    app.on_cleanup.append(stop)
