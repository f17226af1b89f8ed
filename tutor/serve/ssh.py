"""The class server's SSH door (asyncssh): ``ssh -p N NAME@host`` signs a person in and joins
their terminal to the same supervised process the browser door starts.

Signing in: a public key bound to NAME is enough (asyncssh checks its signature).  For a NAME
with no key bound yet any key is accepted, and the session asks for the one-time code (or the
password) before anything starts; a right one binds that key, which the client proved it holds
by signing.  Clients without a key sign in by keyboard-interactive or password authentication
with the code or password.  Wrong secrets count against the same limits as the browser's.

Nothing but a terminal session: exec requests, subsystems (SFTP), port forwarding, agent and
X11 forwarding are all refused.  The host key is made once in the class folder (0600) and kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
import warnings
from pathlib import Path

with warnings.catch_warnings():      # cryptography's notice that DSA goes: asyncssh's own
    warnings.filterwarnings("ignore", message="DSA is deprecated")   # business, not a teacher's
    import asyncssh

from tutor.serve.bridge import Bridge, DoorError, Outcome, limited, log
from tutor.store.errors import StoreError
from tutor.store.sqlite_engine import read_regular_file
from tutor.text import visible

__all__ = ["SSHDoor", "DoorError", "host_key", "HOST_KEY", "attach"]

HOST_KEY = "ssh-host-key"
PROMPT = "Code or password: "          # 'password' in it: clients answer it with theirs
KBDINT_TRIES = 3                       # wrong answers in one keyboard-interactive sign-in
REFUSED = asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                                    "only a terminal session is open on this class server")


def host_key(folder: Path) -> asyncssh.SSHKey:
    """The server's host key: read from the class folder, or made there once (0600)."""
    path = Path(folder) / HOST_KEY
    try:
        data = read_regular_file(path)
    except FileNotFoundError:
        key = asyncssh.generate_private_key("ssh-ed25519", comment="micrograd-tutor class")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:                    # another server made it meanwhile
            return host_key(folder)
        with os.fdopen(fd, "wb") as f:
            f.write(key.export_private_key())
        return key
    except OSError as e:
        raise DoorError(f"the SSH host key {visible(str(path))} cannot be read "
                        f"({e.strerror or e})") from None
    try:
        key = asyncssh.import_private_key(data)
    except (asyncssh.KeyImportError, ValueError) as e:
        raise DoorError(f"the SSH host key {visible(str(path))} is damaged ({e}); move it "
                        "away and a new one is made (learners' ssh then warns that the "
                        "server's key changed)") from None
    if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
        os.chmod(path, 0o600)                      # a host key is the server's alone
    return key


class Login(asyncssh.SSHServer):
    """One SSH connection's sign-in: who they say they are, and how they proved it."""

    def __init__(self, door: SSHDoor):
        self.door, self.bridge = door, door.bridge
        self.name, self.address = "", "?"
        self.method: str | None = None      # "key" or "secret", once proven
        self.key: asyncssh.SSHKey | None = None
        self.key_bound = False              # the key was bound to the name already
        self.by_code = False                # the secret was the one-time code
        self.wrong = 0
        self.conn = None

    def connection_made(self, conn) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        self.door.connections.add(conn)

    def connection_lost(self, exc) -> None:
        self.door.connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        self.name = username.strip().lower()[:64]
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """A key bound to the name; for a name with none bound, any key (its signature is
        checked next, and the session then asks for the code before binding it)."""
        try:
            bound = await self.bridge.key_fingerprints(self.name)
        except StoreError as e:
            log(f"SSH sign-in of {self.name}: the class's store: {e.reason}")
            return False
        if bound and key.get_fingerprint("sha256") not in bound:
            return False
        # asyncssh calls this for the offer and again for the signed request; only a signed
        # request that verifies ends the sign-in, so the last key recorded here is the proven
        # one when it does (a secret's success below resets it)
        self.method, self.key, self.key_bound = "key", key, bool(bound)
        return True

    def kbdint_auth_supported(self) -> bool:
        return True

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str):
        wait = self.bridge.wait(self.name, self.address)
        if wait:
            return "", limited(wait), "", []
        return "", f"Sign in to the class as {self.name}.", "", [(PROMPT, False)]

    async def validate_kbdint_response(self, username: str, responses):
        if len(responses) != 1:
            return False
        outcome = await self._secret(responses[0])
        if outcome.person is not None:
            return True
        self.wrong += 1
        if outcome.wait or self.wrong >= KBDINT_TRIES:
            return False
        return "", outcome.message, "", [(PROMPT, False)]

    def password_auth_supported(self) -> bool:
        return True

    async def validate_password(self, username: str, password: str) -> bool:
        return (await self._secret(password)).person is not None

    async def _secret(self, secret: str):
        try:
            outcome = await self.bridge.sign_in(self.name, secret, self.address)
        except StoreError as e:
            log(f"SSH sign-in of {self.name}: the class's store: {e.reason}")
            return Outcome(None)
        if outcome.person is not None:
            self.method, self.key, self.by_code = "secret", None, outcome.by_code
        return outcome

    def session_requested(self):
        from tutor.serve.ssh_session import Session

        return Session(self)

    def connection_requested(self, *args):             # ssh -L, ssh -W, ssh -D
        raise REFUSED

    def server_requested(self, *args):                 # ssh -R
        return False

    def unix_connection_requested(self, *args):
        raise REFUSED

    def unix_server_requested(self, *args):
        return False

    def tun_requested(self, *args):                    # ssh -w
        raise REFUSED

    def tap_requested(self, *args):
        raise REFUSED


class SSHDoor:
    """The SSH server for a bridge: ``start`` listens, ``close`` ends every SSH session."""

    def __init__(self, bridge: Bridge, folder: Path):
        self.bridge = bridge
        self.key = host_key(folder)
        self.fingerprint = self.key.get_fingerprint("sha256")
        self.acceptor = None
        self.connections: set = set()
        self.sessions: set[asyncio.Task] = set()

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0: a free one); the port listened on."""
        try:
            self.acceptor = await asyncssh.create_server(
                lambda: Login(self), host, port, server_host_keys=[self.key],
                server_version="micrograd-tutor", encoding=None, line_editor=False,
                agent_forwarding=False, x11_forwarding=False, allow_scp=False,
                sftp_factory=None, gss_host=None, login_timeout=120,
                keepalive_interval=30, keepalive_count_max=4)
        except OSError as e:
            raise DoorError(f"cannot listen for SSH on {host}:{port}: {e.strerror or e}") \
                from None
        return self.acceptor.get_port()

    async def close(self) -> None:
        if self.acceptor is not None:
            self.acceptor.close()
            with contextlib.suppress(Exception):
                await self.acceptor.wait_closed()
        for conn in list(self.connections):
            conn.close()
        if self.sessions:                  # each ends its process (quit, TERM, KILL)
            await asyncio.gather(*self.sessions, return_exceptions=True)


def attach(app, bridge: Bridge, folder: Path, host: str, port: int, on_listening=None):
    """An SSH door opened and closed with the web app (its startup and shutdown hooks);
    ``on_listening(port, fingerprint)`` once it listens.  Raises DoorError for a host key
    that cannot be read."""
    door = SSHDoor(bridge, folder)

    async def start(_app) -> None:
        listening = await door.start(host, port)
        if on_listening is not None:
            on_listening(listening, door.fingerprint)

    async def stop(_app) -> None:
        await door.close()

    app.on_startup.append(start)
    app.on_shutdown.insert(0, stop)
    return door
