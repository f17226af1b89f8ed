"""A throw-away PostgreSQL cluster for the tests, the benchmark and .ci/run.

    python tests/pg_cluster.py start            prints the cluster's URL and its folder
    python tests/pg_cluster.py stop FOLDER

Debian's PostgreSQL 15 (``/usr/lib/postgresql/15/bin``, or ``pg_ctl`` on the PATH).
The server refuses to run as root, so under root initdb and the server run as the
``postgres`` user (``runuser``), in a new folder of the temp folder handed to it.  It listens on a free
loopback port, its unix socket in FOLDER, trusting local connections only.

Each cluster names its owner (the process that started it, or for the command line the
shell that ran it) in FOLDER/owner; ``start`` first stops and removes every cluster whose
owner is gone, so a test run that was killed before its clean-up leaves no server behind
for long.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

__all__ = ["find_bin", "start", "stop", "PgUnavailable"]

SERVER_USER = "postgres"


class PgUnavailable(RuntimeError):
    """No PostgreSQL server can be started here: the message says why."""


def find_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if found:
        return Path(found[0]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if not shutil.which("runuser"):
        raise PgUnavailable("running as root without runuser: PostgreSQL refuses root")
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _process_mark(pid: int) -> str | None:
    """A process's pid and start time (a pid can be used again), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return f"{pid} {stat.rsplit(')', 1)[1].split()[19]}"


def sweep_orphans() -> list[Path]:
    """Stop and remove the clusters whose owner process is gone; the folders removed."""
    import tempfile

    gone = []
    for folder in Path(tempfile.gettempdir()).glob("micrograd-pg-*"):
        try:
            mark = (folder / "owner").read_text().strip()
        except OSError:
            continue                      # being made, or not one of ours
        pid = int(mark.split()[0]) if mark.split() and mark.split()[0].isdigit() else -1
        if pid > 0 and _process_mark(pid) == mark:
            continue
        stop(folder)
        gone.append(folder)
    return gone


def start(*, fsync: bool = False, owner: int | None = None) -> tuple[str, Path]:
    """Make and start a cluster in a new temporary folder; returns (its URL, the folder).
    fsync off by default: the tests kill clients, not the server.  ``owner``: the process
    whose end makes the cluster an orphan (this one by default)."""
    bin_dir = find_bin()
    if bin_dir is None:
        raise PgUnavailable("no PostgreSQL server installed (pg_ctl not found)")
    import tempfile

    sweep_orphans()
    folder = Path(tempfile.mkdtemp(prefix="micrograd-pg-"))  # in /tmp: the server user
    (folder / "owner").write_text(_process_mark(owner or os.getpid()) or "")
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise PgUnavailable(f"no {SERVER_USER!r} user to run the server as") from None
        os.chown(folder, user.pw_uid, user.pw_gid)
    os.chmod(folder, 0o700)
    data = folder / "data"
    run = dict(capture_output=True, text=True, cwd=folder)
    made = subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-A",
                                           "trust", "-U", "postgres", "-E", "UTF8",
                                           "--locale=C", "--no-sync"]), **run)
    if made.returncode:
        raise PgUnavailable(f"initdb failed: {made.stderr.strip()[-300:]}")
    port = _free_port()
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
               f"-c fsync={'on' if fsync else 'off'} -c max_connections=200")
    started = subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-l",
                                              str(folder / "server.log"), "-o", options,
                                              "-w", "-t", "60", "start"]), **run)
    if started.returncode:
        log = (folder / "server.log")
        tail = log.read_text(errors="replace")[-300:] if log.exists() else started.stderr
        shutil.rmtree(folder, ignore_errors=True)
        raise PgUnavailable(f"the server did not start: {tail.strip()}")
    return f"postgresql://postgres@127.0.0.1:{port}/postgres", folder


def stop(folder: Path) -> None:
    """Stop the cluster and remove its folder."""
    bin_dir = find_bin()
    data = Path(folder) / "data"
    if bin_dir and data.exists():
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m",
                                        "immediate", "-w", "stop"]), capture_output=True,
                       cwd=folder)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] != ["start"] and not (len(sys.argv) == 3 and sys.argv[1] == "stop"):
        sys.exit(__doc__)
    try:
        if sys.argv[1] == "start":
            print(*start(owner=os.getppid()))     # the shell that runs .ci/run
        else:
            stop(Path(sys.argv[2]))
    except PgUnavailable as e:
        sys.exit(f"pg_cluster: {e}")
