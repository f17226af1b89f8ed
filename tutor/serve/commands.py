"""The ``class`` and ``serve`` commands: the roster from the command line, and the server.

    micrograd-tutor class add NAME... [--teacher]    add people; prints NAME CODE per person
    micrograd-tutor class add --csv FILE             a roster: one name per line (first column)
    micrograd-tutor class code NAME                  a new one-time code (a forgotten password,
                                                     a lost laptop: its SSH keys are unbound)
    micrograd-tutor class list | remove NAME
    micrograd-tutor class gain [--csv [FILE]]          the pre/post test's gain, per skill
    micrograd-tutor class [view] | export --csv [FILE] | grid --csv [FILE]   the teacher's view
    micrograd-tutor serve [--host 127.0.0.1] [--port 8000] [--ssh-port N]

Every one of them takes ``--db URL``: the class's store, which holds the roster as well as every
learner's progress and answers (a class's PostgreSQL database, shared by several hosts).
Without it the class lives in the data folder's ``class/`` (``MICROGRAD_TUTOR_HOME`` when set):
``answers.sqlite3`` (the class's store), the server's cookie key and SSH host key, and one folder
per learner as their process's home.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

__all__ = ["configure_class", "run_class", "configure_serve", "run_serve", "class_folder"]


def class_folder() -> Path:
    from tutor.store import data_dir

    return data_dir() / "class"


def configure_class(p: argparse.ArgumentParser) -> None:
    p.description = ("The class roster: add learners and teachers (each gets a one-time "
                     "sign-in code), list them, give someone a new code, remove them.")
    from tutor.classview.cli import ACTIONS

    p.add_argument("action", nargs="?", default="view",
                   choices=("add", "list", "code", "remove", "gain") + ACTIONS,
                   help="default: view (the teacher's view, full screen)")
    p.add_argument("names", nargs="*", metavar="NAME")
    p.add_argument("--teacher", action="store_true", help="add: as teachers")
    p.add_argument("--csv", metavar="FILE", nargs="?", const="-",
                   help="add: the names in the file's first column; gain, export, grid: CSV "
                        "(to FILE, or standard output)")
    p.intermixed = True                  # class add --teacher tess, as well as tess --teacher


def _roster_names(path: str) -> list[str]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [row for row in csv.reader(f) if row and row[0].strip()]
    if rows and rows[0][0].strip().lower() in ("name", "names", "login"):
        rows = rows[1:]                                   # a header line
    return [row[0].strip() for row in rows]


def chosen_store_url(folder: Path) -> str:
    """The class's store: --db URL (or MICROGRAD_TUTOR_DB), else the class folder's own."""
    from tutor.serve.accounts import class_store_url
    from tutor.store.location import target

    chosen = target()
    if chosen.default:
        return class_store_url(folder)
    return chosen.url or f"sqlite:///{chosen.path}"


def cannot_open(url: str, reason: str) -> str:
    from tutor.store.location import parse

    return f"the class's store {parse(url, None).where} cannot be opened: {reason}"


def run_class(args, parser: argparse.ArgumentParser, out=print) -> int:
    from tutor.classview.cli import ACTIONS, run

    if args.action in ACTIONS:          # the teacher's view and its exports
        return run(args, parser)
    from tutor.serve.accounts import Accounts, NameError_, check_name
    from tutor.store.errors import StoreError

    if args.action == "gain":            # the pre/post test's gain: tutor.concepttest.gain
        from tutor.concepttest.gain import run_gain

        return run_gain(args, class_folder() / "answers.sqlite3", out)   # web.CLASS_STORE
    names = list(args.names)
    if args.csv:
        if args.action != "add" or args.csv == "-":
            parser.error("--csv FILE goes with 'add'")
        try:
            names += _roster_names(args.csv)
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            parser.error(f"cannot read {args.csv}: {getattr(e, 'strerror', None) or e}")
    if args.action in ("add", "code", "remove") and not names:
        parser.error(f"'{args.action}' needs at least one NAME")
    try:
        checked = [check_name(n) for n in names]
    except NameError_ as e:
        parser.error(str(e))
    folder = class_folder()
    url = chosen_store_url(folder)
    try:
        accounts = Accounts(url, folder)
    except StoreError as e:
        print(f"micrograd-tutor: {cannot_open(url, e.reason)}", file=sys.stderr)
        return 1
    for warning in accounts.warnings:
        print(f"micrograd-tutor: {warning}", file=sys.stderr)
    try:
        return _act(args.action, checked, accounts, args.teacher, folder, out)
    except StoreError as e:
        print(f"micrograd-tutor: the class's store {accounts.where}: {e.reason}",
              file=sys.stderr)
        return 1
    finally:
        accounts.close()


def _act(action: str, names: list[str], accounts, teacher: bool, folder: Path, out) -> int:
    if action == "list":
        people = accounts.everyone()
        for person in people:
            out(f"{person.name}  {person.role}  {person.signs_in}")
        learners = sum(not p.teacher for p in people)
        teachers = len(people) - learners
        out(f"{learners} learner{'s' * (learners != 1)}, "
            f"{teachers} teacher{'s' * (teachers != 1)}")
        return 0
    status = 0
    for name in names:
        if action == "add":
            out(f"{name} {accounts.add(name, teacher=teacher)}")
        elif action == "code":
            try:
                out(f"{name} {accounts.new_code(name)}")
            except KeyError:
                print(f"micrograd-tutor: {name} is not in the class", file=sys.stderr)
                status = 1
        elif not accounts.remove(name):
            print(f"micrograd-tutor: {name} is not in the class", file=sys.stderr)
            status = 1
        else:
            out(f"{name} removed (their progress stays in the class's store, and their "
                f"folder in {folder / 'learners'})")
    return status


def configure_serve(p: argparse.ArgumentParser) -> None:
    p.description = ("Serve the class: learners sign in with a browser (name and code, then "
                     "a password) or by SSH, and get the tutor full screen, each in a process "
                     "of their own; teachers get the teacher's view. Loopback only unless --host says otherwise; put TLS in front with "
                     "a reverse proxy (see the README).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: "
                                                       "127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--ssh-port", type=int, metavar="N",
                   help="also let learners in by SSH on port N (ssh -p N NAME@host): the "
                        "first time with their code, which binds their key; then the key")
    p.add_argument("--max-sessions", type=int, default=120, metavar="N",
                   help="learners at once (default 120); more get 'full, try again'")
    p.add_argument("--idle-minutes", type=float, default=30, metavar="M",
                   help="a session without a key for M minutes ends, saved (default 30)")
    p.add_argument("--secure-cookies", action="store_true",
                   help="mark the session cookie Secure (when a TLS proxy is in front)")
    p.add_argument("--no-preload", action="store_true",
                   help="start every learner's process afresh instead of forking it from "
                        "one pre-loaded process (measured: 35 MB of memory per learner "
                        "rather than 25 MB, and a slower first screen)")


def run_serve(args, parser: argparse.ArgumentParser) -> int:
    try:
        from aiohttp import web

        from tutor.serve.supervisor import Limits
        from tutor.serve.web import DOOR, make_app
    except ImportError as e:
        print(f"micrograd-tutor: serving needs the 'serve' extra ({e.name} is missing): "
              "pip install 'micrograd-tutor[serve]'", file=sys.stderr)
        return 2
    from tutor.serve.bridge import DoorError
    from tutor.store.errors import StoreError

    limits = Limits(max_sessions=args.max_sessions, idle_seconds=args.idle_minutes * 60,
                    preload=not args.no_preload)
    folder = class_folder()
    store_url = chosen_store_url(folder)     # checked before the server listens
    try:
        app = make_app(folder, limits, secure_cookies=args.secure_cookies, store_url=store_url)
    except StoreError as e:
        print(f"micrograd-tutor: cannot serve: {cannot_open(store_url, e.reason)}",
              file=sys.stderr)
        return 1
    door = app[DOOR]
    if args.ssh_port is not None:
        from tutor.serve.ssh import attach

        def listening(port: int, fingerprint: str) -> None:
            print(f"micrograd-tutor: the SSH door: ssh -p {port} NAME@{args.host}  (host key "
                  f"{fingerprint})", file=sys.stderr, flush=True)

        try:
            attach(app, door.bridge, folder, args.host, args.ssh_port, listening)
        except DoorError as e:
            print(f"micrograd-tutor: cannot serve: {e}", file=sys.stderr)
            return 1
    for warning in door.accounts.warnings:
        print(f"micrograd-tutor: {warning}", file=sys.stderr)
    people = door.accounts.everyone()
    print(f"micrograd-tutor: the roster and every answer are in {door.accounts.where}",
          file=sys.stderr)
    print(f"micrograd-tutor: serving the class in {folder} ({len(people)} people on the "
          f"roster) at http://{args.host}:{args.port}/  (ctrl+c stops it; every session is "
          "saved and ended)", file=sys.stderr)
    if not people:
        print("micrograd-tutor: the roster is empty: add learners with "
              "'micrograd-tutor class add NAME...'", file=sys.stderr)
    try:
        web.run_app(app, host=args.host, port=args.port, print=None,
                    shutdown_timeout=10, handle_signals=True)
    except DoorError as e:               # the SSH port taken, say
        print(f"micrograd-tutor: cannot serve: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"micrograd-tutor: cannot listen on {args.host}:{args.port}: "
              f"{e.strerror or e}", file=sys.stderr)
        return 1
    finally:
        door.bridge.close()
    return 0
