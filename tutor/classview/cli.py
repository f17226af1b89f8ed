"""``micrograd-tutor class view | export --csv [FILE] | grid --csv [FILE]``: which store the teacher reads, and running the view.

Which store: ``--db URL`` (or MICROGRAD_TUTOR_DB), else the class's own store that
``serve`` keeps (``class/answers.sqlite3`` in the data folder), else, on a machine
with no class, the user's own store: the view then shows just them.  A SQLite file
that does not exist is not made: the teacher is told where it was looked for.

The view and the exports read every learner's rows: they are for whoever may read
the whole store (the SQLite file's owner, a database role allowed to), which in a
served class is the teacher (the server starts the view for teachers only).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["run", "ACTIONS", "CLASS_STORE", "choose_store", "open_engine"]

ACTIONS = ("view", "export", "grid")
# where ``serve`` keeps the class's store, under the data folder (tutor/serve's
# class_folder() and CLASS_STORE; tests hold the two the same)
CLASS_STORE = Path("class") / "answers.sqlite3"
OWN_STORE_NOTE = ("there is no class here ({class_store} does not exist): this is your own "
                  "store, so it shows just you")


class Unreadable(Exception):
    """The store cannot be opened: the message says why and where."""


def choose_store():
    """(the store's Target, a note for the teacher or None)."""
    from tutor.store.location import Target, data_dir, os_user, target

    chosen = target()                  # --db URL, MICROGRAD_TUTOR_DB, else the user's own
    if not chosen.default:
        return chosen, None
    class_store = data_dir() / CLASS_STORE
    if class_store.exists():
        return Target("sqlite", path=class_store, learner=os_user()), None
    return chosen, OWN_STORE_NOTE.format(class_store=class_store)


def open_engine(chosen):
    """The store's engine, opened (its schema brought up to date), or Unreadable."""
    from tutor.store.errors import StoreError
    from tutor.store.schema import NewerSchema
    from tutor.store.store import LOCK_WAIT, make_engine

    if chosen.path is not None and not Path(chosen.path).exists():
        raise Unreadable(f"there is no store at {chosen.where}")
    engine = make_engine(chosen)
    try:
        engine.open(LOCK_WAIT)
    except StoreError as e:
        reason = e.reason
        if chosen.engine == "postgresql" and "does not let this user" in reason:
            reason = ("this database role may not read the class's answers (a teacher's role "
                      "needs SELECT on the store's tables)")
        raise Unreadable(f"{chosen.where} cannot be opened: {reason}") from None
    except NewerSchema:
        engine.close()
        raise Unreadable(f"{chosen.where} was made by a newer micrograd-tutor; "
                         "upgrade to read it") from None
    return engine


def run(args, parser) -> int:
    """The teacher's actions of ``micrograd-tutor class``; the exit status."""
    csv_wanted = getattr(args, "csv", None)
    if args.action in ("export", "grid") and not csv_wanted:
        parser.error(f"'class {args.action}' writes CSV: class {args.action} --csv [FILE]")
    if args.action == "view" and csv_wanted:
        parser.error("'class view' is the full screen; for CSV: class export --csv, "
                     "class grid --csv")
    if getattr(args, "names", None):
        parser.error(f"'class {args.action}' takes no names")
    chosen, note = choose_store()
    try:
        engine = open_engine(chosen)
    except Unreadable as e:
        message = str(e)
        if note and chosen.path is not None and not Path(chosen.path).exists():
            message = (note.split(":")[0] + ", and you have no answers of your own yet; "
                       "a class's store elsewhere: --db URL")
        print(f"micrograd-tutor: {message}", file=sys.stderr)
        return 1
    if note:
        print(f"micrograd-tutor: {note}", file=sys.stderr)
    for warning in engine.warnings:
        print(f"micrograd-tutor: {warning}", file=sys.stderr)
    try:
        if args.action == "view":
            return _view(engine, chosen.where)
        return _write_csv(args.action, engine, chosen.where, csv_wanted)
    finally:
        engine.close()


def _board(engine):
    from tutor.classview.board import Board

    return Board(engine)


def _write_csv(action: str, engine, where: str, destination: str) -> int:
    """export or grid, to standard output ("-") or to a file made readable by its owner
    only (it holds every learner's answers)."""
    from tutor.classview.export import write_answers, write_grid
    from tutor.store.errors import StoreError

    board = None
    if action == "grid":
        board = _board(engine)
        board.load()
        if board.problem:
            print(f"micrograd-tutor: {where} cannot be read: {board.problem}", file=sys.stderr)
            return 1
    write = (lambda out: write_grid(board, out)) if board is not None else \
        (lambda out: write_answers(engine, out))
    what = "learners" if board is not None else "answers"
    try:
        if destination in ("-", True):
            write(sys.stdout)
            return 0
        fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", newline="", encoding="utf-8") as out:
            count = write(out)
    except StoreError as e:
        print(f"micrograd-tutor: the {what} could not all be read: {e.reason}",
              file=sys.stderr)
        return 1
    except OSError as e:
        if e.filename is None and destination in ("-", True):
            raise                  # standard output: the command line's own message
        print(f"micrograd-tutor: cannot write {destination}: {e.strerror or e}",
              file=sys.stderr)
        return 1
    print(f"Wrote {count} {what} to {destination}.")
    return 0


def _view(engine, where: str) -> int:
    board = _board(engine)
    problem = None if os.environ.get("TEXTUAL_DRIVER") else _full_screen_problem()
    if problem:             # the one rule: no terminal the full screen can use -> lines
        print(f"micrograd-tutor: {problem}; printing the view as lines.", file=sys.stderr)
        from tutor.classview.report import report_lines

        board.load()
        for line in report_lines(board, where):
            print(line)
        return 1 if board.problem else 0
    from tutor.classview.app import ClassApp

    app = ClassApp(board, where)
    app.run()
    if app.crash:
        print(app.crash, file=sys.stderr)
        return 1
    return app.return_code or 0


def _full_screen_problem() -> str | None:
    from tutor.app import full_screen_problem

    return full_screen_problem()
