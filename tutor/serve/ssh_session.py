"""One SSH session of the class server: a terminal (PTY) only.  Before anything starts it asks
what the sign-in still needs (the one-time code that binds a new key, a password to choose),
then joins the terminal to the person's supervised process: keys in, screen out, each window
change a resize; a disconnect ends the process (quit, TERM, KILL of its group)."""

from __future__ import annotations

import asyncio
import codecs
import contextlib

import asyncssh

from tutor.serve.bridge import log
from tutor.store.errors import StoreError

__all__ = ["Session", "RESET"]

# what the tutor's screen turned on, turned off again: mouse, bracketed paste, the hidden
# cursor and the alternate screen (Textual's web driver leaves that to its terminal)
RESET = b"\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[0m\x1b[?25h\x1b[?1049l"
SECRET_MOST = 256


class Session(asyncssh.SSHServerSession):
    """A person's SSH session (``login``: how they signed in)."""

    def __init__(self, login):
        self.login, self.bridge = login, login.bridge
        self.chan = None
        self.pty = False
        self.size = (80, 24)
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.pending = ""                  # typed ahead of the prompt that reads it
        self.decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self.terminal = None

    # --- what the client asks for ------------------------------------------------------

    def connection_made(self, chan) -> None:
        self.chan = chan

    def pty_requested(self, term_type, term_size, term_modes) -> bool:
        self.pty = True
        if term_size and term_size[0] and term_size[1]:
            self.size = (term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command) -> bool:      # ssh host COMMAND, scp
        return False

    def subsystem_requested(self, subsystem) -> bool:   # sftp
        return False

    def session_started(self) -> None:
        task = asyncio.create_task(self.run())
        self.login.door.sessions.add(task)
        task.add_done_callback(self.login.door.sessions.discard)

    def data_received(self, data, datatype) -> None:
        text = self.decode(data) if isinstance(data, bytes) else data
        if text:
            self.inbox.put_nowait(("keys", text))

    def terminal_size_changed(self, width, height, pixwidth, pixheight) -> None:
        if width and height:
            self.inbox.put_nowait(("resize", (width, height)))

    def eof_received(self) -> bool:
        self.inbox.put_nowait(None)
        return False

    def connection_lost(self, exc) -> None:
        self.inbox.put_nowait(None)

    # --- the session ---------------------------------------------------------------------

    def write(self, data: bytes) -> None:
        with contextlib.suppress(Exception):         # the client may be gone
            self.chan.write(data)

    def say(self, *lines: str) -> None:
        self.write("".join(f"{line}\r\n" for line in lines).encode("utf-8"))

    def end(self, status: int) -> None:
        with contextlib.suppress(Exception):
            self.chan.exit(status)

    async def run(self) -> None:
        try:
            if not self.pty:
                self.say("This class server is a terminal: connect with ssh -t and no "
                         "command.")
                self.end(1)
                return
            person = await self.signed_in()
            if person is None:
                self.end(1)
                return
            await self.serve(person)
        except StoreError as e:
            log(f"SSH session of {self.login.name}: the class's store: {e.reason}")
            self.say("", "The class's records cannot be reached just now; nothing was "
                     "started. Try again in a minute.")
            self.end(1)
        finally:
            if self.terminal is not None:
                await self.terminal.close()

    async def signed_in(self):
        """The person once the sign-in is complete (a new key bound, a password chosen), or
        None with a message said (a wrong code, gone while asked)."""
        login, bridge, name = self.login, self.bridge, self.login.name
        if login.method == "key" and not login.key_bound:
            by_code = await self.ask_code()
            if by_code is None:
                return None
            fingerprint = login.key.get_fingerprint("sha256")
            openssh = login.key.export_public_key("openssh").decode("ascii").strip()
            if not await bridge.bind_key(name, fingerprint, openssh, spend_code=by_code):
                self.say(f"{name} is no longer on the class's roster; nothing was started.")
                return None
            self.say(f"Your key {fingerprint} is now bound to {name}: next time ssh signs "
                     "you in with it alone.")
        person = await bridge.find(name)
        if person is None:
            self.say(f"{name} is no longer on the class's roster; nothing was started.")
            return None
        if not person.has_password:
            if not await self.choose_password(name):
                return None
            person = await bridge.find(name) or person
        return person

    async def ask_code(self) -> bool | None:
        """Ask for the one-time code (or the password) that lets a new key in: whether it
        was the code, or None when it was wrong (or they left)."""
        name = self.login.name
        self.say(f"Welcome, {name}. The first time over SSH, type the one-time code your "
                 "teacher gave you (or your password); this computer's key is then bound "
                 f"to {name}.")
        for _ in range(3):
            secret = await self.read_secret("Code or password: ")
            if secret is None:
                self.say("Nothing was started.")
                return None
            outcome = await self.bridge.sign_in(name, secret, self.login.address)
            if outcome.person is not None:
                return outcome.by_code
            self.say(outcome.message)
            if outcome.wait:
                break
        self.say("Nothing was started.")
        return None

    async def choose_password(self, name: str) -> bool:
        self.say("Choose a password (at least 8 characters): you sign in with it in the "
                 "browser, or over SSH from another computer.")
        while True:
            chosen = await self.read_secret("New password: ")
            again = None if chosen is None else await self.read_secret("The same again: ")
            if again is None:
                self.say("Nothing was started; your one-time code is spent, so next time "
                         "your key signs you in and you choose the password then.")
                return False
            problem = await self.bridge.set_password(name, chosen, again)
            if not problem:
                self.say("Password saved.")
                return True
            self.say(problem)

    async def read_secret(self, prompt: str) -> str | None:
        """A line typed without echo (Backspace and ctrl+u edit it; arrows and other keys'
        sequences are ignored); None for ctrl+c, ctrl+d or a closed connection."""
        self.write(prompt.encode())
        typed: list[str] = []
        state = ""                          # "", "esc", "csi", "ss3": in a key's sequence
        while True:
            if not self.pending:
                item = await self.inbox.get()
                if item is None:
                    self.inbox.put_nowait(None)
                    return None
                kind, data = item
                if kind == "resize":
                    self.size = data
                    continue
                self.pending = data
            text, self.pending = self.pending, ""
            for i, ch in enumerate(text):
                if state == "esc":
                    state = "csi" if ch == "[" else "ss3" if ch == "O" else ""
                elif state == "csi":
                    state = "" if "@" <= ch <= "~" else "csi"
                elif state == "ss3":
                    state = ""
                elif ch == "\x1b":
                    state = "esc"
                elif ch in "\r\n":
                    self.pending = text[i + 1:].lstrip("\n")
                    self.write(b"\r\n")
                    return "".join(typed)
                elif ch in "\x03\x04":
                    self.write(b"\r\n")
                    return None
                elif ch in "\x7f\x08":
                    if typed:
                        typed.pop()
                elif ch == "\x15":
                    typed.clear()
                elif ch >= " " and len(typed) < SECRET_MOST:
                    typed.append(ch)

    async def serve(self, person) -> None:
        """The person's process on this terminal until one of them ends."""
        self.terminal = terminal = self.bridge.terminal(person, self.output, self.ended)
        terminal.start(*self.size)
        await terminal.focus(True)
        if self.pending:
            await terminal.keys(self.pending)
            self.pending = ""
        while True:
            item = await self.inbox.get()
            if item is None:
                break
            kind, data = item
            if kind == "keys":
                await terminal.keys(data)
            else:
                await terminal.resize(*data)

    async def output(self, data: bytes) -> None:
        self.write(data)

    async def ended(self) -> None:
        """The process is gone (ctrl+q, the idle limit, the server stopping, another session
        of the same person) or could not start: the terminal as it was, and the end."""
        started = self.terminal is not None and self.terminal.process is not None
        self.write(RESET)
        if started:
            self.say("", "Goodbye." if self.terminal.person.teacher else
                     "Your progress is saved. Goodbye.")
        self.end(0 if started else 1)
