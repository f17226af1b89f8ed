"""The class server's SSH door on a real loopback port, with an asyncssh client: the first
sign-in by code binds the (proven) key, then the key alone; a wrong code starts nothing;
another person's key is refused; a window change reaches the tutor; a disconnect ends the
learner's whole process group; exec, SFTP and forwarding are refused; an answer typed over
SSH lands in the class's store; the host key is made once and kept."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re

import asyncssh
import pytest

from serve_helpers import TextScreen, learner_processes, running_server, until
from tutor.serve.accounts import Accounts, class_store_url
from tutor.serve.web import DOOR
from tutor.store import open_store

PASSWORD = "a long passphrase"


class SSHScreen(TextScreen):
    """What an SSH session's terminal has received."""

    def __init__(self, process):
        super().__init__()
        self.process = process

    async def more(self, seconds: float = 30.0) -> None:
        try:
            data = await asyncio.wait_for(self.process.stdout.read(65536), max(seconds, 0.01))
        except asyncio.TimeoutError:
            raise AssertionError(f"nothing more came; last: {self.text[-400:]!r}") from None
        if not data:
            raise AssertionError(f"closed; last: {self.text[-400:]!r}")
        self.raw += data

    async def keys(self, *keys: str) -> None:
        """Each key in a packet of its own, as a person types (the tutor's parser loses a
        digit sent in one packet right after a control key such as Backspace)."""
        for key in keys:
            self.process.stdin.write(key.encode())
            await self.process.stdin.drain()

    async def closed(self, seconds: float = 60.0) -> int | None:
        """The exit status once the server ends the session."""
        with contextlib.suppress(AssertionError):
            while True:
                await self.more(seconds)
        await asyncio.wait_for(self.process.wait_closed(), seconds)
        return self.process.exit_status


def connect(port: int, name: str, key=None, password: str | None = None):
    """An SSH client as a learner's: their key (or none), their secret (or none), no agent,
    no ~/.ssh of this machine."""
    return asyncssh.connect("127.0.0.1", port, username=name, known_hosts=None,
                            client_keys=[key] if key else [], password=password,
                            agent_path=None, config=[], preferred_auth=(
                                "publickey", "keyboard-interactive", "password"))


async def terminal(conn, width: int = 80, height: int = 24) -> SSHScreen:
    process = await conn.create_process(term_type="xterm-256color", term_size=(width, height),
                                        encoding=None)
    return SSHScreen(process)


def new_key():
    return asyncssh.generate_private_key("ssh-ed25519")


def roster(folder, store_url=None) -> Accounts:
    return Accounts(store_url or class_store_url(folder))


def ready_learner(folder, name: str, key, store_url=None) -> None:
    """Someone who signed in before: a password chosen and a key bound."""
    people = roster(folder, store_url)
    people.add(name)
    people.set_password(name, PASSWORD)
    people.bind_key(name, key.get_fingerprint("sha256"),
                    key.export_public_key().decode().strip(), spend_code=False)


@pytest.fixture
def folder(tutor_home):
    return tutor_home / "class"


async def test_a_first_sign_in_by_code_binds_the_key_then_the_key_alone(folder, store_url):
    code = roster(folder, store_url).add("ada")
    key, ssh = new_key(), []
    async with running_server(folder, store_url=store_url, ssh=ssh) as (app, url):
        port = ssh[0]
        async with connect(port, "ada", key) as conn:
            screen = await terminal(conn)
            await screen.wait_for("Code or password: ")
            assert learner_processes(folder) == []          # nothing before the code
            await screen.keys(code + "\r")
            await screen.wait_for("is now bound to ada")
            await screen.wait_for("New password: ")
            await screen.keys("short\r")
            await screen.wait_for("The same again: ")
            await screen.keys("short\r")
            await screen.wait_for("at least 8 characters")
            for prompt in ("New password: ", "The same again: "):
                await screen.wait_for(prompt)
                await screen.keys(PASSWORD + "\r")
            await screen.wait_for("Password saved.")
            await screen.wait_for("Pick a lesson")              # the tutor, full screen
        ada = roster(folder, store_url)
        assert ada.key_fingerprints("ada") == {key.get_fingerprint("sha256")}
        assert ada.sign_in("ada", code) == (None, False)        # the code is spent
        assert ada.sign_in("ada", PASSWORD)[0] is not None       # the browser's door too
        await until(lambda: learner_processes(folder) == [], what="the first session ending")
        async with connect(port, "ada", key) as conn:            # again: the key alone
            screen = await terminal(conn)
            await screen.wait_for("Pick a lesson")
            assert "Code or password" not in screen.text
        async with connect(port, "ada", password=PASSWORD) as conn:   # another computer
            screen = await terminal(conn)
            await screen.wait_for("Pick a lesson")
    assert roster(folder, store_url).find("ada").keys == 1       # no unproven key bound


async def test_without_a_key_the_code_then_a_password_and_the_tutor(folder):
    code = roster(folder).add("bob")
    ssh = []
    async with running_server(folder, ssh=ssh) as (app, url):
        async with connect(ssh[0], "bob", password=code) as conn:    # keyboard-interactive
            screen = await terminal(conn)
            for prompt in ("New password: ", "The same again: "):
                await screen.wait_for(prompt)
                await screen.keys(PASSWORD + "\r")
            await screen.wait_for("Pick a lesson")
    assert roster(folder).sign_in("bob", PASSWORD)[0].keys == 0


async def test_a_wrong_code_says_so_starts_nothing_and_binds_nothing(folder):
    code = roster(folder).add("ada")
    key, ssh = new_key(), []
    async with running_server(folder, ssh=ssh) as (app, url):
        async with connect(ssh[0], "ada", key) as conn:
            screen = await terminal(conn)
            for _ in range(3):
                await screen.wait_for("Code or password: ")
                await screen.keys("not-the-code\r")
                await screen.wait_for("do not match")
            await screen.wait_for("Nothing was started.")
            assert await screen.closed() == 1
        for _ in range(2):                          # without a key: refused outright
            with pytest.raises(asyncssh.PermissionDenied):
                async with connect(ssh[0], "ada", password="still-not-it"):
                    pass
        # five wrong tries: now even the right code waits, as at the browser's door
        with pytest.raises(asyncssh.PermissionDenied):
            async with connect(ssh[0], "ada", password=code):
                pass
        async with connect(ssh[0], "ada", key) as conn:
            screen = await terminal(conn)
            await screen.wait_for("Code or password: ")
            await screen.keys(code + "\r")
            await screen.wait_for("Too many wrong tries: wait")
            assert await screen.closed() == 1
        assert app[DOOR].supervisor.sessions == {} and learner_processes(folder) == []
    assert roster(folder).key_fingerprints("ada") == set()
    assert roster(folder).sign_in("ada", code)[1]               # the code still works later


async def test_another_persons_key_is_refused(folder):
    ada_key, bob_key, ssh = new_key(), new_key(), []
    ready_learner(folder, "ada", ada_key)
    ready_learner(folder, "bob", bob_key)
    async with running_server(folder, ssh=ssh) as (app, url):
        with pytest.raises(asyncssh.PermissionDenied):
            async with connect(ssh[0], "bob", ada_key):
                pass
        assert learner_processes(folder) == []
    assert roster(folder).key_fingerprints("bob") == {bob_key.get_fingerprint("sha256")}


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


async def test_a_window_change_reaches_the_tutor_and_a_disconnect_ends_its_group(folder):
    key, ssh = new_key(), []
    ready_learner(folder, "ada", key)
    async with running_server(folder, ssh=ssh) as (app, url):
        conn = await connect(ssh[0], "ada", key)
        screen = await terminal(conn)
        await screen.wait_for("Pick a lesson")
        [pid] = learner_processes(folder)
        assert os.getpgid(pid) == pid                     # its own process group
        screen.process.change_terminal_size(50, 15)
        await screen.wait_for("have 50 x 15")            # the tutor drew at the new size
        screen.process.change_terminal_size(80, 24)
        await screen.wait_for("Pick a lesson")
        conn.abort()                                      # the laptop lid closes
        await until(lambda: not alive(pid) and not any(alive(p) for p in
                                                       learner_processes(folder)),
                    seconds=10, what="the learner's process group ending")
        await until(lambda: app[DOOR].supervisor.sessions == {}, seconds=10,
                    what="the session forgotten")


async def test_exec_sftp_and_forwarding_are_refused(folder):
    key, ssh = new_key(), []
    ready_learner(folder, "ada", key)
    async with running_server(folder, ssh=ssh) as (app, url):
        async with connect(ssh[0], "ada", key) as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.run("cat /etc/passwd")
            with pytest.raises((asyncssh.SFTPError, asyncssh.ChannelOpenError)):
                await conn.start_sftp_client()
            web_port = int(url.rsplit(":", 1)[1].strip("/"))
            with pytest.raises(asyncssh.ChannelOpenError):     # ssh -L to the web door
                await conn.open_connection("127.0.0.1", web_port)
            with pytest.raises(asyncssh.ChannelListenError):   # ssh -R
                await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", web_port)
            process = await conn.create_process(encoding=None)  # a shell, but no terminal
            said = await asyncio.wait_for(process.stdout.read(), 30)
            assert b"connect with ssh -t" in said
            await process.wait_closed()
            assert process.exit_status == 1
        assert learner_processes(folder) == [] and app[DOOR].supervisor.sessions == {}


async def test_an_answer_typed_over_ssh_lands_in_the_class_store(folder, store_url):
    key, ssh = new_key(), []
    ready_learner(folder, "ada", key, store_url)
    async with running_server(folder, store_url=store_url, ssh=ssh) as (app, url):
        async with connect(ssh[0], "ada", key) as conn:
            screen = await terminal(conn)
            await screen.wait_for("Pick a lesson")
            for _ in range(8):                                   # Enter through the narration
                await screen.keys("\r")
                await screen.more()
                if "the number of your choice" in screen.text:
                    break
            await screen.wait_for(". Only its own number")
            wrong = re.search(r"(\d)\. Only its own number", screen.text).group(1)
            await screen.answer(wrong)
        await until(lambda: learner_processes(folder) == [], what="the process ending")
    answers = [e for e in open_store(store_url, "ada").events() if e["kind"] == "answer"]
    assert answers and answers[0]["answer"] == wrong and answers[0]["correct"] is False


async def test_the_host_key_is_made_once_and_kept(folder):
    key, fingerprints = new_key(), []
    ready_learner(folder, "ada", key)
    for _ in range(2):                                           # a restart
        ssh = []
        async with running_server(folder, ssh=ssh) as (app, url):
            async with connect(ssh[0], "ada", key) as conn:
                fingerprints.append(conn.get_server_host_key().get_fingerprint("sha256"))
            assert fingerprints[-1] == ssh[1]
    assert fingerprints[0] == fingerprints[1]
    assert oct((folder / "ssh-host-key").stat().st_mode & 0o777) == "0o600"
