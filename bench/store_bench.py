"""The store under load: SQLite (the default) and PostgreSQL (a class), measured alike.

1. Recording one answer: p50 and p99 of ``record`` (an event on its own) and of
   ``set_lesson_state`` with its event (what a course answer costs), one process.
2. 30 learner processes answering at once into one SQLite file and into one
   PostgreSQL database, 200 answers each, every answer with a practice-section update
   in the same transaction: every answer must be stored exactly once, no learner may
   see a save error; throughput is printed.
3. The reads a teacher's view needs, on 300 learners x 150 answers: the class's latest
   state (each learner's lessons and their last answer) and mistakes counted per item.

    .venv/bin/python bench/store_bench.py [--db postgresql://...] [--answers 500]

Without --db a throw-away PostgreSQL cluster is started (tests/pg_cluster.py, fsync
on, as a real server).  Exits 1 when an answer is lost or doubled or a learner saw an
error.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from tutor.store import make_event, open_store  # noqa: E402
from tutor.store.rows import EVENT_COLUMNS  # noqa: E402

STATE = {"step": 4, "outcomes": [{"correct": True, "attempts": 1, "revealed": False}] * 3,
         "question": None, "finished": False, "score": [3, 3]}


def event(n: int, learner: str = "") -> dict:
    return make_event("practice", "answer", "plus", f"plus/level-{n % 3 + 1}", seed=n,
                      answer=str(n), correct=n % 4 != 0, mistake=None if n % 4 else "sign",
                      hints=n % 2, seconds=3.5)


def percentiles(times: list[float]) -> str:
    times = sorted(times)
    p50 = statistics.median(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return f"p50 {p50 * 1000:6.2f} ms  p99 {p99 * 1000:6.2f} ms"


def one_answer(url: str, count: int) -> None:
    store = open_store(url, f"solo-{uuid.uuid4().hex[:8]}")
    for name, action in (
            ("record (an event alone)       ", lambda n: store.record(event(n))),
            ("lesson state with its event   ",
             lambda n: store.set_lesson_state("intro", {**STATE, "step": n}, event=event(n)))):
        times = []
        for n in range(count):
            start = time.perf_counter()
            action(n)
            times.append(time.perf_counter() - start)
        assert store.save_error is None, store.save_error
        print(f"  {name}{percentiles(times)}")
    store.close()


WORKER = """
import sys, time, os
sys.path.insert(0, {root!r})
from tutor.store import make_event, open_store
url, learner, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
store = open_store(url, learner)
errors = 0
while not os.path.exists(go):
    time.sleep(0.005)
for n in range(count):
    e = make_event("practice", "answer", "plus", "plus/level-1", seed=n, answer=str(n),
                   correct=True)
    store.update_section("practice", lambda s: s.update(n=s.get("n", 0) + 1), event=e)
    errors += store.save_error is not None
errors += not store.flush()
print(errors)
"""


def crowd(url: str, learners: int, answers: int, folder: Path) -> bool:
    script = folder / "learner.py"
    script.write_text(WORKER.format(root=str(ROOT)))
    go = folder / f"go-{uuid.uuid4().hex}"
    tag = uuid.uuid4().hex[:6]
    names = [f"crowd-{tag}-{n}" for n in range(learners)]
    procs = [subprocess.Popen([sys.executable, str(script), url, name, str(answers), str(go)],
                              stdout=subprocess.PIPE, text=True) for name in names]
    time.sleep(2.0)                                 # every process has opened the store
    start = time.perf_counter()
    go.touch()
    errors = sum(int(p.communicate()[0].strip() or 1) for p in procs)
    seconds = time.perf_counter() - start
    store = open_store(url, names[0])
    with store.engine.transaction(write=False, wait=5) as tx:
        stored, distinct = tx.execute(
            "SELECT COUNT(*), COUNT(DISTINCT uid) FROM events e JOIN learners l "
            "ON l.id = e.learner_id WHERE l.name LIKE ?", (f"crowd-{tag}-%",))[0]
    counters = [open_store(url, name).section("practice").get("n") for name in names]
    expected = learners * answers
    ok = stored == distinct == expected and errors == 0 and counters == [answers] * learners
    print(f"  {learners} processes x {answers} answers: stored {stored} of {expected} "
          f"(distinct {distinct}), section counters right: {counters == [answers] * learners}, "
          f"errors shown: {errors}; {seconds:.1f} s, {expected / seconds:,.0f} answers/s")
    return ok


def teacher_reads(url: str, learners: int, answers: int) -> None:
    store = open_store(url, "teacher-seed")
    engine = store.engine
    tag = uuid.uuid4().hex[:6]
    now = time.time()
    with engine.transaction(write=True, wait=30) as tx:
        for n in range(learners):
            tx.execute("INSERT INTO learners (name, created) VALUES (?, ?)",
                       (f"class-{tag}-{n}", now))
        ids = [row[0] for row in tx.execute(
            "SELECT id FROM learners WHERE name LIKE ? ORDER BY id", (f"class-{tag}-%",))]
        rows = []
        for learner in ids:
            for k in range(answers):
                e = event(k)
                e["item"] = f"q-{k % 50}"
                e["mistake"] = ("sign", "missing-path", None, "wrong-local")[(k + learner) % 4]
                rows.append((learner, *(e[c] for c in EVENT_COLUMNS)))
            tx.execute("INSERT INTO lesson_states (learner_id, lesson_id, status, "
                       "right_answers, asked, state, updated) VALUES (?, 'intro', "
                       "'in progress', 3, 3, '{}', ?)", (learner, now))
        tx.executemany(f"INSERT INTO events (learner_id, {', '.join(EVENT_COLUMNS)}) VALUES "
                       f"(?, {', '.join('?' * len(EVENT_COLUMNS))})", rows)
    queries = {
        "class's latest state": (
            "SELECT l.name, s.lesson_id, s.status, s.right_answers, s.asked, e.item, "
            "e.correct, e.at FROM learners l "
            "LEFT JOIN lesson_states s ON s.learner_id = l.id "
            "LEFT JOIN events e ON e.learner_id = l.id AND e.at = "
            "(SELECT MAX(at) FROM events WHERE learner_id = l.id) "
            "WHERE l.name LIKE ?", (f"class-{tag}-%",)),
        "mistakes per item": (
            "SELECT e.subject, e.item, e.mistake, COUNT(*) FROM events e JOIN learners l "
            "ON l.id = e.learner_id WHERE l.name LIKE ? AND e.mistake IS NOT NULL "
            "GROUP BY e.subject, e.item, e.mistake ORDER BY COUNT(*) DESC", (f"class-{tag}-%",)),
    }
    for name, (sql, params) in queries.items():
        times = []
        for _ in range(5):
            start = time.perf_counter()
            with engine.transaction(write=False, wait=5) as tx:
                found = tx.execute(sql, params)
            times.append(time.perf_counter() - start)
        print(f"  {name:22} {len(found):4} rows  median {statistics.median(times) * 1000:7.1f} ms")
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL database to use "
                        "(default: a throw-away cluster)")
    parser.add_argument("--answers", type=int, default=500, help="answers timed, per engine")
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--each", type=int, default=200, help="answers per learner process")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="store-bench-"))
    os.environ["MICROGRAD_TUTOR_HOME"] = str(folder / "home")
    cluster = None
    pg = args.db
    if not pg:
        import pg_cluster

        pg, cluster = pg_cluster.start(fsync=True)
    engines = {"SQLite": f"sqlite:///{folder / 'class.sqlite3'}", "PostgreSQL": pg}
    ok = True
    try:
        for name, url in engines.items():
            print(f"{name}: one answer, {args.answers} times")
            one_answer(url, args.answers)
        for name, url in engines.items():
            print(f"{name}: learners answering at once")
            ok &= crowd(url, args.learners, args.each, folder)
        for name, url in engines.items():
            print(f"{name}: a teacher's reads on 300 learners x 150 answers")
            teacher_reads(url, 300, 150)
    finally:
        if cluster is not None:
            pg_cluster.stop(cluster)
    print("every answer stored exactly once, no error shown" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
