"""The pre-loaded learner process: started once by the class server, it imports the tutor
(Textual, the course, the engine) and then forks one process per session, as gunicorn's
preload does, so the sessions share those pages instead of each importing them again.

``python -I -m tutor.serve.zygote FD``: FD is one end of a SOCK_SEQPACKET socket pair. The
server sends a request (JSON: the session's home, its environment and limits) with three
file descriptors: the session's standard input, output and error. The zygote forks; the child
makes a session and process group of its own, takes those descriptors as 0, 1 and 2, drops
everything else of the zygote's, sets its limits and environment and runs the served tutor
(tutor.serve.learner) as an exec'd learner's process would. The zygote answers
``{"id", "pid"}`` (or ``{"id", "failed"}``), and ``{"exit": pid, "status": code}`` once it
has reaped a child. It ends when the server closes its end (or dies: PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import signal
import socket
import sys

from tutor.serve.limits import die_with_parent, limit_process, set_name

__all__ = ["main", "PRELOAD_NAME", "LEARNER_NAME"]

PRELOAD_NAME = "mgt-preload"      # what ps shows for the zygote
LEARNER_NAME = "mgt-learner"      # and for a learner's process forked from it
MAX_MESSAGE = 1 << 20
# what a session imports on its way to its first answer, beyond the app's own PRELOAD
SERVED = ("sqlite3", "tutor.store.store", "tutor.store.sqlite_engine", "tutor.store.schema",
          "tutor.store.legacy", "tutor.practice.store", "lessons.practice.program",
          "lessons.practice.schedule", "lessons.practice.classify", "tutor.concepttest.state",
          "tutor.concepttest.items", "tutor.concepttest.texts", "getpass",
          "textual.layouts.factory", "textual.layouts.horizontal", "textual.layouts.stream",
          "textual.drivers._writer_thread", "concurrent.futures.thread")


def preload() -> None:
    """Import what every session needs, so it is in memory once, before any fork: the
    driver the sessions run on, the app, its lesson screen and widgets, the engine, and
    every lesson of the course."""
    import importlib

    for name in ("textual.drivers.web_driver", "tutor.serve.learner"):
        importlib.import_module(name)
    from lessons.course import all_lessons
    from tutor.app.app import PRELOAD

    lessons = tuple(f"lessons.{lesson.module}" for lesson in all_lessons())
    for name in PRELOAD + SERVED + lessons:
        importlib.import_module(name)
    with contextlib.suppress(ImportError):     # a class on PostgreSQL: its driver
        importlib.import_module("psycopg")
    from rich.cells import cell_len

    cell_len("∂L/∂x ✓")                        # loads rich's table of character widths


def child(request: dict, fds: list[int], zygote: int, drop: list[int]) -> None:
    """In the forked child: become the session's process, run the tutor, never return."""
    code = 1
    try:
        os.setsid()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in set(fds) | set(drop):
            if fd > 2:
                with contextlib.suppress(OSError):
                    os.close(fd)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)   # as a fresh Python has it
        set_name(LEARNER_NAME)
        die_with_parent()
        if os.getppid() != zygote:            # the zygote went before the line above
            os._exit(1)
        limit_process(request["memory"], request["cpu_seconds"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["home"])
        sys.argv = ["tutor.serve.learner"]
        gc.enable()
        from tutor.serve.learner import main as learner_main

        code = learner_main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException:
        with contextlib.suppress(Exception):
            import traceback

            traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code if isinstance(code, int) else 1)


def _send(sock: socket.socket, message: dict) -> None:
    with contextlib.suppress(OSError):
        sock.send(json.dumps(message).encode())


def _fork(sock: socket.socket, data: bytes, fds: list[int], wake: tuple[int, int]) -> None:
    ident = None
    try:
        request = json.loads(data)
        ident = request["id"]
        if len(fds) != 3:
            raise ValueError(f"{len(fds)} descriptors, not 3")
        zygote = os.getpid()
        pid = os.fork()
        if pid == 0:
            child(request, fds, zygote, [sock.fileno(), *wake])
        _send(sock, {"id": ident, "pid": pid})
    except Exception as e:                   # a bad request or no fork: the server hears why
        _send(sock, {"id": ident, "failed": f"{type(e).__name__}: {e}"})
    finally:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


def _reap(sock: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _send(sock, {"exit": pid, "status": os.waitstatus_to_exitcode(status)})


def serve(sock: socket.socket) -> None:
    """Fork on every request, report every exit; until the server goes."""
    wake = os.pipe()
    os.set_blocking(wake[1], False)
    os.set_blocking(wake[0], False)
    signal.set_wakeup_fd(wake[1])
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)       # the server decides when we end
    _send(sock, {"ready": os.getpid()})
    while True:
        readable, _, _ = select.select([sock, wake[0]], [], [])
        if wake[0] in readable:
            with contextlib.suppress(BlockingIOError):
                while os.read(wake[0], 512):
                    pass
            _reap(sock)
        if sock in readable:
            data, fds, _, _ = socket.recv_fds(sock, MAX_MESSAGE, 3)
            if not data:
                return                                   # the server closed its end
            _fork(sock, data, fds, wake)


def main(argv: list[str]) -> int:
    gc.disable()       # no collection while loading: the holes it leaves are filled by the
    set_name(PRELOAD_NAME)     # sessions later, which copies those pages (Python's gc docs)
    die_with_parent()
    sock = socket.socket(fileno=int(argv[0]))
    try:
        preload()
    except Exception as e:
        _send(sock, {"failed": f"{type(e).__name__}: {e}"})
        return 1
    sys.stdout.flush()
    gc.freeze()            # what is loaded stays put: a session's collections leave it shared
    serve(sock)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
