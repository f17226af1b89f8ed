"""A made-up class for the teacher's view's bench: learners, their lessons, practice and build state, and answers.

    load(url, learners=300, answers=2000, seed=1, now=time.time())

Every learner works through the course's real questions (the catalogue's item ids)
in order, then drills practice skills, with a few build checks; a try is right with
the learner's own probability (so strong and weak learners differ, and the view's
discrimination has something to find); a wrong try names a mistake kind most of the
time.  The answers are spread over the last two weeks, the last few of a third of
the class in the last ten minutes (learners at work now).  Rows go in by bulk
insert (executemany on SQLite, COPY on PostgreSQL), not through the Store's one
transaction per answer: that is what the store bench measures.
"""

from __future__ import annotations

import json
import random
import time
import uuid

from tutor.classview import catalogue
from tutor.store.location import parse
from tutor.store.store import make_engine

__all__ = ["load", "more_answers", "KINDS"]

KINDS = ("missing-path", "wrong-local", "dropped-factor", "no-upstream", "added", "sign",
         "forward", "declared")
COLUMNS = ("learner_id", "uid", "at", "track", "kind", "subject", "item", "seed", "answer",
           "correct", "mistake", "hints", "seconds")
DAY = 86400.0


def _tries(rng, p: float, limit: int = 3):
    """(right?, mistake kind) of each try at one question until right or out of tries."""
    for n in range(limit):
        if rng.random() < p:
            yield True, None
            return
        yield False, rng.choice(KINDS) if rng.random() < 0.8 else None


def learner_events(number: int, count: int, now: float, rng: random.Random) -> tuple:
    """(events as tuples without the learner id, lesson states, practice and build sections)."""
    ability = rng.uniform(0.35, 0.95)
    questions = list(catalogue.course_questions().items())
    active = number % 3 == 0
    start = now - rng.uniform(7, 14) * DAY
    events: list[tuple] = []
    lessons: dict[str, list[int]] = {}
    for item, q in questions:
        if len(events) >= count * 0.4:
            break
        score = lessons.setdefault(q.lesson, [0, 0])
        score[1] += 1
        for n, (right, mistake) in enumerate(_tries(rng, ability)):
            score[0] += right and n == 0
            events.append(("course", "answer", q.lesson, item, None,
                           str(rng.randint(-20, 20)), right, mistake, 0, rng.uniform(3, 90)))
    practice: dict[str, dict] = {}
    skills = [s for s, _ in catalogue.skills()]
    while len(events) < count - 20:
        skill = rng.choice(skills)
        level = rng.randint(1, 3)
        state = practice.setdefault(skill, {"level": 1, "streak": 0, "mastered": False,
                                            "box": 0, "due": None, "seen": 0, "right": 0})
        seed = rng.randrange(2 ** 31)
        hints = rng.choice((0, 0, 0, 1, 2))
        for right, mistake in _tries(rng, ability * (1.1 - 0.15 * level)):
            events.append(("practice", "answer", skill, f"{skill}/level-{level}", seed,
                           f"{rng.uniform(-9, 9):.2f}", right, mistake, hints,
                           rng.uniform(2, 60)))
            state["seen"] += 1
            state["right"] += right
        state["level"] = max(state["level"], level)
        state["mastered"] = state["right"] > 40 and ability > 0.7
    build: dict[str, dict] = {}
    for exercise, _ in catalogue.exercises()[:rng.randint(1, 8)]:
        if len(events) >= count:
            break
        ok = rng.random() < ability
        build[exercise] = {"passed": ok, "checks": 1, "failed": int(not ok), "hints": 0,
                           "solution": False}
        events.append(("build", "check", exercise, "" if ok else "a + b", None, None, ok,
                       None if ok else rng.choice(("grad", "value", "error")), 0, None))
    while len(events) < count:
        events.append(("practice", "reveal", "plus", "plus/level-1", 7, None, False, None, 1,
                       rng.uniform(5, 30)))
    # times: increasing, over the days before now; a learner at work now answers the last
    # twenty in the last ten minutes
    span_end = now - (0 if active else rng.uniform(0.2, 5) * DAY)
    recent = 20 if active else 0
    older = len(events) - recent
    step = (span_end - 600 - start) / max(older, 1)
    at = [start + i * step for i in range(older)]
    at += [span_end - 600 + (i + 1) * 600 / (recent + 1) for i in range(recent)]
    rows = [(uuid.UUID(int=rng.getrandbits(128)).hex, t, *event)
            for t, event in zip(at, events)]
    states = {lesson: ("done" if s[1] >= 5 else "in progress", s[0], s[1])
              for lesson, s in lessons.items()}
    return rows, states, {"practice": {"skills": practice, "retry": []},
                          "build": {"exercises": build}}, at[-1]


def load(url: str, learners: int = 300, answers: int = 2000, seed: int = 1,
         now: float | None = None) -> int:
    """Fill the store at url (made if new) with a class; returns the events stored."""
    now = time.time() if now is None else now
    engine = make_engine(parse(url, None))
    engine.open(10.0)
    if engine.dialect == "sqlite":        # a made-up class: no need to survive a power cut
        engine._conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(seed)
    total = 0
    try:
        for number in range(learners):
            rows, states, sections, last = learner_events(number, answers, now, rng)
            with engine.transaction(write=True, wait=10.0) as tx:
                tx.execute("INSERT INTO learners (name, created) VALUES (?, ?)",
                           (f"learner-{number + 1:03d}", now - 14 * DAY))
                learner = tx.execute("SELECT id FROM learners WHERE name = ?",
                                     (f"learner-{number + 1:03d}",))[0][0]
                _insert(engine, tx, [(learner, *row) for row in rows])
                tx.executemany(
                    "INSERT INTO lesson_states (learner_id, lesson_id, status, right_answers, "
                    "asked, state, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(learner, lesson, status, right, asked, "{}", last)
                     for lesson, (status, right, asked) in states.items()])
                tx.executemany("INSERT INTO sections (learner_id, name, data, updated) "
                               "VALUES (?, ?, ?, ?)",
                               [(learner, name, json.dumps(data), last)
                                for name, data in sections.items()])
            total += len(rows)
        with engine.transaction(write=True, wait=10.0) as tx:
            tx.execute("ANALYZE")           # as a store in use would have its statistics
        if engine.dialect == "postgresql":
            _vacuum(url)
    finally:
        engine.close()
    return total


def _insert(engine, tx, rows: list[tuple]) -> None:
    if engine.dialect == "postgresql":
        with tx.cursor.copy(f"COPY events ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    tx.executemany(f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES "
                   f"({', '.join('?' * len(COLUMNS))})", rows)


def _vacuum(url: str) -> None:
    """VACUUM (as autovacuum would soon): the index-only scans need the visibility map."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE events")


_stores: dict[tuple[str, str], object] = {}     # learners' stores, kept across calls


def more_answers(url: str, count: int, now: float, seed: int = 2, learners: int = 300) -> None:
    """count new answers from ten of the learners at work (every third one is), each
    stored in a transaction of its own, as learners' processes store them (Store.record)."""
    from tutor.store import make_event, open_store

    rng = random.Random(seed)
    names = [f"learner-{n + 1:03d}" for n in rng.sample(range(0, learners, 3), 10)]
    skills = [s for s, _ in catalogue.skills()]
    for n in range(count):
        name = names[n % len(names)]
        store = _stores.get((url, name))
        if store is None:
            store = _stores[url, name] = open_store(url, name)
        skill = rng.choice(skills)
        right = rng.random() < 0.6
        event = make_event("practice", "answer", skill, f"{skill}/level-{rng.randint(1, 3)}",
                           seed=rng.randrange(2 ** 31), answer=f"{rng.uniform(-9, 9):.2f}",
                           correct=right, mistake=None if right else rng.choice(KINDS),
                           hints=0, seconds=rng.uniform(2, 60))
        event["at"] = now + n * 0.01
        store.record(event)
