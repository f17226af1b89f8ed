"""The export and import commands: a learner's own answers and progress, out and back in."""

from __future__ import annotations

import argparse
import json
import sys

from tutor.text import visible

__all__ = ["configure_export", "run_export", "configure_import", "run_import"]


def configure_export(p: argparse.ArgumentParser) -> None:
    p.description = ("Write your answers and where you stand, to standard output: JSON "
                     "(everything; what 'micrograd-tutor import' reads) or CSV (your "
                     "answers, a row each).")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--json", action="store_true", help="everything, as JSON (default)")
    kind.add_argument("--csv", action="store_true", help="your answers, as CSV")


def configure_import(p: argparse.ArgumentParser) -> None:
    p.description = ("Bring an export (from 'micrograd-tutor export') into this store: "
                     "your answers, and your lessons, practice and build progress where "
                     "this store has none of yours yet.")
    p.add_argument("file", metavar="FILE", help="the exported file (JSON or CSV)")


def _store():
    from tutor.store import open_store

    store = open_store()
    if store.warning:
        print(store.warning, file=sys.stderr)
    return store


def run_export(args, parser) -> int:
    from tutor.store.errors import StoreError
    from tutor.store.transfer import events_csv, export_data

    store = _store()
    if store.learner_id is None:
        return 1                              # could not be read: said above
    try:
        data = export_data(store)
    except StoreError as e:
        print(f"micrograd-tutor: could not read {store.target.where} ({e.reason})",
              file=sys.stderr)
        return 1
    if args.csv:
        sys.stdout.write(events_csv(data["events"]))
    else:
        sys.stdout.write(json.dumps(data, indent=1) + "\n")
    return 0


def run_import(args, parser) -> int:
    from lessons.course import all_lessons
    from tutor.store.errors import StoreError
    from tutor.store.sqlite_engine import read_regular_file
    from tutor.store.transfer import MAX_FILE, ExportError, read_export

    shown = visible(args.file)
    try:
        raw = read_regular_file(args.file, MAX_FILE + 1)
        if len(raw) > MAX_FILE:
            raise ExportError(f"it is larger than {MAX_FILE // 2 ** 20} MB")
        data, events, problems = read_export(raw, {lesson.id for lesson in all_lessons()})
    except OSError as e:
        print(f"micrograd-tutor: cannot read {shown}: {e.strerror or e}", file=sys.stderr)
        return 1
    except ExportError as e:
        print(f"micrograd-tutor: cannot import {shown}: {e}", file=sys.stderr)
        return 1
    store = _store()
    try:
        kept, new = store.bring_in(data, events)
    except StoreError as e:
        print(f"micrograd-tutor: nothing was imported: {e.reason}", file=sys.stderr)
        return 1
    lessons = sum(f"lesson {lesson_id}" not in kept for lesson_id in data["lessons"])
    again = f" ({len(events) - new} were here already)" if new < len(events) else ""
    print(f"Imported {new} answers{again} and the progress of {lessons} lessons into "
          f"{store.target.where} for {visible(store.learner)}.")
    if kept:
        print(f"Kept as they were here (this store had its own): {', '.join(kept[:5])}"
              + (f" and {len(kept) - 5} more" if len(kept) > 5 else "") + ".")
    if problems:
        print(f"Left out (unreadable): {'; '.join(problems[:3])}.")
    return 0
