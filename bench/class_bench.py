"""The teacher's view at scale: 300 learners x 2,000 answers (600,000 events) in SQLite and in PostgreSQL.

For each engine it prints, as the median (p50) and the slowest of --runs runs:

- **open**: reading every panel of the view from the whole store (``Board.load``: the
  cache of first tries and mistakes, the grid, questions, mistakes, the last minutes,
  who is stuck), on a connection of its own each run, as a teacher starting the view;
- **refresh**: ``Board.poll`` after 100 new answers stored through the Store (one
  transaction each, as learners' processes store them), all panels brought up to date;

against the issue's budget (open under 1 s, refresh under 200 ms), and beside them what
opening the store itself costs (the engine's own integrity check, which every
micrograd-tutor start pays, learners' too) and the course's question catalogue (walked
once per process).  No test asserts these times.

    .venv/bin/python bench/class_bench.py [--db postgresql://...] [--runs 5] [--folder DIR]

Without --db a throw-away PostgreSQL cluster is started (tests/pg_cluster.py, fsync on,
as a real server).  --folder keeps the SQLite file there and reuses it next time (a
class takes about half a minute to make).  The load average is printed: the machine
is shared, and every figure grows with what else runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import class_data  # noqa: E402
from tutor.classview import catalogue  # noqa: E402
from tutor.classview.board import Board  # noqa: E402
from tutor.store.location import parse  # noqa: E402
from tutor.store.store import make_engine  # noqa: E402

OPEN_BUDGET, REFRESH_BUDGET = 1.0, 0.200


def count(url: str) -> int:
    engine = make_engine(parse(url, None))
    engine.open(10)
    try:
        with engine.transaction(write=False, wait=10) as tx:
            return int(tx.execute("SELECT COUNT(*) FROM events")[0][0])
    finally:
        engine.close()


def measure(name: str, url: str, runs: int, now: float) -> dict:
    opens, stores, refreshes = [], [], []
    for run in range(runs):
        started = time.perf_counter()
        engine = make_engine(parse(url, None))
        engine.open(10)
        stores.append(time.perf_counter() - started)
        board = Board(engine, now=lambda: now)
        started = time.perf_counter()
        board.load()
        opens.append(time.perf_counter() - started)
        assert board.problem is None, board.problem
        class_data.more_answers(url, 100, now + run, seed=100 + run)
        started = time.perf_counter()
        changed = board.poll()
        refreshes.append(time.perf_counter() - started)
        assert changed and board.problem is None
        engine.close()
        print(f"  {name} run {run + 1}: store open {stores[-1] * 1000:6.0f} ms  "
              f"view open {opens[-1] * 1000:6.0f} ms  refresh {refreshes[-1] * 1000:5.0f} ms"
              f"  ({len(board.learners)} learners, {len(board.questions.stats)} questions)",
              flush=True)
    return {"store": stores, "open": opens, "refresh": refreshes}


def line(name: str, times: list[float], budget: float | None) -> str:
    p50, worst = statistics.median(times), max(times)
    verdict = "" if budget is None else ("  within" if p50 < budget else "  OVER") + \
        f" the budget of {budget * 1000:.0f} ms"
    return f"    {name:34} p50 {p50 * 1000:6.0f} ms  slowest {worst * 1000:6.0f} ms{verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL database to fill and use "
                        "(default: a throw-away cluster)")
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--answers", type=int, default=2000, help="answers per learner")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, help="keep (and reuse) the SQLite file here")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="class-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["MICROGRAD_TUTOR_HOME"] = str(folder / "home")
    now = time.time()
    started = time.perf_counter()
    catalogue.course_questions()
    walk = time.perf_counter() - started
    cluster = None
    pg = args.db
    if not pg:
        import pg_cluster

        pg, cluster = pg_cluster.start(fsync=True)
    total = args.learners * args.answers
    engines = {"SQLite": f"sqlite:///{folder / 'class.sqlite3'}", "PostgreSQL": pg}
    results = {}
    try:
        for name, url in engines.items():
            have = count(url)
            if have < total:
                started = time.perf_counter()
                made = class_data.load(url, args.learners, args.answers, now=now)
                print(f"{name}: made {made:,} answers of {args.learners} learners in "
                      f"{time.perf_counter() - started:.0f} s", flush=True)
            else:
                print(f"{name}: {have:,} answers there already", flush=True)
            results[name] = measure(name, url, args.runs, now)
    finally:
        if cluster is not None:
            pg_cluster.stop(cluster)
        if args.folder is None:            # a throw-away class: 200 MB not left behind
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()
    print(f"\nThe teacher's view on {args.learners} learners x {args.answers:,} answers "
          f"({total:,} events), {args.runs} runs; load average "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print(f"  the course's questions, walked once per process: {walk * 1000:.0f} ms")
    for name, r in results.items():
        print(f"  {name}")
        print(line("view open (every panel)", r["open"], OPEN_BUDGET))
        print(line("refresh after 100 new answers", r["refresh"], REFRESH_BUDGET))
        print(line("store open (its integrity check)", r["store"], None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
