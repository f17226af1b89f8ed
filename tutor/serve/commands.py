"""The ``class`` and ``serve`` commands: the roster from the command line, and the server.

    micrograd-tutor class add NAME... [--teacher]    add people; prints NAME CODE per person
    micrograd-tutor class add --csv FILE             a roster: one name per line (first column)
    micrograd-tutor class code NAME                  a new one-time code (a forgotten password)
    micrograd-tutor class list | remove NAME
    micrograd-tutor class gain [--csv [FILE]]          the pre/post test's gain, per skill
    micrograd-tutor class [view] | export --csv [FILE] | grid --csv [FILE]   the teacher's view
    micrograd-tutor serve [--host 127.0.0.1] [--port 8000]

The class lives in the data folder's ``class/`` (``MICROGRAD_TUTOR_HOME`` when set): the
roster, the server's cookie key, ``answers.sqlite3`` (every learner's progress and answers,
unless ``serve --db URL`` names another store, such as a class's PostgreSQL database), and one
folder per learner as their process's home.
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


def run_class(args, parser: argparse.ArgumentParser, out=print) -> int:
    from tutor.classview.cli import ACTIONS, run

    if args.action in ACTIONS:          # the teacher's view and its exports
        return run(args, parser)
    from tutor.serve.accounts import Accounts, NameError_, check_name

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
    accounts = Accounts(class_folder() / "class.sqlite3")
    try:
        if args.action == "list":
            people = accounts.everyone()
            for person in people:
                state = "password set" if person.has_password else "code not used yet"
                out(f"{person.name}  {person.role}  {state}")
            learners = sum(not p.teacher for p in people)
            teachers = len(people) - learners
            out(f"{learners} learner{'s' * (learners != 1)}, "
                f"{teachers} teacher{'s' * (teachers != 1)}")
            return 0
        status = 0
        for name in checked:
            if args.action == "add":
                out(f"{name} {accounts.add(name, teacher=args.teacher)}")
            elif args.action == "code":
                try:
                    out(f"{name} {accounts.new_code(name)}")
                except KeyError:
                    print(f"micrograd-tutor: {name} is not in the class", file=sys.stderr)
                    status = 1
            elif not accounts.remove(name):
                print(f"micrograd-tutor: {name} is not in the class", file=sys.stderr)
                status = 1
            else:
                out(f"{name} removed (their progress stays in {class_folder() / 'learners'})")
        return status
    finally:
        accounts.close()


def store_problem(url: str) -> str | None:
    """Why the class's store cannot be opened (a server down, no driver, a file it cannot
    write), or None: said before the server listens, not to each learner later."""
    from tutor.store.errors import StoreError
    from tutor.store.location import parse
    from tutor.store.schema import NewerSchema
    from tutor.store.store import LOCK_WAIT, make_engine

    target = parse(url, None)
    try:
        engine = make_engine(target)
        engine.open(LOCK_WAIT)
    except StoreError as e:
        return f"{target.where} cannot be opened: {e.reason}"
    except NewerSchema:
        engine.close()
        return f"{target.where} was made by a newer micrograd-tutor; upgrade to serve it"
    engine.close()
    return None


def configure_serve(p: argparse.ArgumentParser) -> None:
    p.description = ("Serve the class: learners sign in with a browser (name and code, then "
                     "a password) and get the tutor full screen, each in a process of their "
                     "own. Loopback only unless --host says otherwise; put TLS in front with "
                     "a reverse proxy (see the README).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: "
                                                       "127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--max-sessions", type=int, default=120, metavar="N",
                   help="learners at once (default 120); more get 'full, try again'")
    p.add_argument("--idle-minutes", type=float, default=30, metavar="M",
                   help="a session without a key for M minutes ends, saved (default 30)")
    p.add_argument("--secure-cookies", action="store_true",
                   help="mark the session cookie Secure (when a TLS proxy is in front)")


def run_serve(args, parser: argparse.ArgumentParser) -> int:
    try:
        from aiohttp import web

        from tutor.serve.supervisor import Limits
        from tutor.serve.web import DOOR, make_app
    except ImportError as e:
        print(f"micrograd-tutor: serving needs the 'serve' extra ({e.name} is missing): "
              "pip install 'micrograd-tutor[serve]'", file=sys.stderr)
        return 2
    limits = Limits(max_sessions=args.max_sessions, idle_seconds=args.idle_minutes * 60)
    folder = class_folder()
    from tutor.store.location import parse, target

    chosen = target()                   # serve --db URL (or MICROGRAD_TUTOR_DB): a class's store
    store_url = None if chosen.default else (chosen.url or f"sqlite:///{chosen.path}")
    app = make_app(folder, limits, secure_cookies=args.secure_cookies, store_url=store_url)
    people = app[DOOR].accounts.everyone()
    problem = store_problem(app[DOOR].store_url)
    if problem:
        print(f"micrograd-tutor: cannot serve: the class's store {problem}", file=sys.stderr)
        return 1
    print(f"micrograd-tutor: every answer goes to {parse(app[DOOR].store_url, None).where}",
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
    except OSError as e:
        print(f"micrograd-tutor: cannot listen on {args.host}:{args.port}: "
              f"{e.strerror or e}", file=sys.stderr)
        return 1
    return 0
