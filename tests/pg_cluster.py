"""A throw-away PostgreSQL cluster for the tests, the benchmark and .ci/run.

    python tests/pg_cluster.py start            prints the cluster's URL and its folder
    python tests/pg_cluster.py stop FOLDER

Debian's PostgreSQL 15 (``/usr/lib/postgresql/15/bin``, or ``pg_ctl`` on the PATH).
The server refuses to run as root, so under root initdb and the server run as the
``postgres`` user (``runuser``), in a new folder of the temp folder handed to it.  It listens on a free
loopback port, its unix socket in FOLDER, trusting local connections only.
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


def start(*, fsync: bool = False) -> tuple[str, Path]:
    """Make and start a cluster in a new temporary folder; returns (its URL, the folder).
    fsync off by default: the tests kill clients, not the server."""
    bin_dir = find_bin()
    if bin_dir is None:
        raise PgUnavailable("no PostgreSQL server installed (pg_ctl not found)")
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="micrograd-pg-"))  # in /tmp: the server user
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
            print(*start())
        else:
            stop(Path(sys.argv[2]))
    except PgUnavailable as e:
        sys.exit(f"pg_cluster: {e}")
