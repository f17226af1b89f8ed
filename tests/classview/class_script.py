"""A scripted class whose every figure is known by construction, written through the real Store API.

Six learners meet the first three questions of the lesson "intro"; whether each first
try is right is the matrix FIRST below, so the difficulty and the discrimination of
each question can be computed by hand (the tests do).  Around it: lesson states,
practice and build sections, mistakes now and earlier, and two learners stuck (eve:
three wrong tries in a row; dee: answering without a right answer for 27 minutes).

Times are minutes before NOW (the board's clock in the tests).
"""

from __future__ import annotations

import time

from tutor.classview import catalogue
from tutor.store import make_event, open_store

NOW = float(int(time.time()))
LEARNERS = ("ann", "bob", "cy", "dee", "eve", "fay")


def intro_items() -> list[str]:
    """The item ids of intro's first three questions, as the course stores them."""
    found = sorted((q.number, item) for item, q in catalogue.course_questions().items()
                   if q.lesson == "intro")
    return [item for _, item in found[:3]]


# first try right (1) or not (0), per learner, at Q1 Q2 Q3 of intro
FIRST = {"ann": (1, 1, 1), "bob": (1, 1, 0), "cy": (1, 0, 1),
         "dee": (0, 1, 0), "eve": (0, 0, 0), "fay": (1, 0, 0)}
# seconds to the first try at Q1 (the median is 35)
SECONDS_Q1 = {"ann": 10, "bob": 20, "cy": 30, "dee": 40, "eve": 50, "fay": 60}


def answer(store, item, typed, right, *, minutes, mistake=None, hints=0, seconds=5.0,
           track="course", subject="intro", kind="answer", seed=None):
    event = make_event(track, kind, subject, item, seed=seed, answer=typed, correct=right,
                       mistake=mistake, hints=hints, seconds=seconds)
    event["at"] = NOW - minutes * 60
    store.record(event)
    return event


def write_class(url: str) -> dict:
    """Write the class into the store at url; returns each learner's store."""
    q1, q2, q3 = intro_items()
    stores = {name: open_store(url, name) for name in LEARNERS}
    # the first tries, two hours ago, in learner order; a wrong first try at Q1 is
    # followed by a right one (dee with 2 hints, eve with 1)
    for name in LEARNERS:
        s = stores[name]
        right = FIRST[name]
        if right[0]:
            answer(s, q1, "7", True, minutes=120, seconds=SECONDS_Q1[name])
        else:
            answer(s, q1, "3" if name == "dee" else "-4", False, minutes=120,
                   mistake="missing-path", seconds=SECONDS_Q1[name])
            answer(s, q1, "7", True, minutes=119, hints=2 if name == "dee" else 1,
                   seconds=SECONDS_Q1[name] + 30)
        answer(s, q2, "2", bool(right[1]), minutes=110, seconds=12,
               mistake=None if right[1] else "declared")
        if name != "eve":
            answer(s, q3, "+" if right[2] else "-", bool(right[2]), minutes=100, seconds=8,
                   mistake=None if right[2] else "sign")
    # eve: three wrong tries in a row at Q3, 20 to 18 minutes ago (stuck: tries)
    for n, typed in enumerate(("-", "0", "-")):
        answer(stores["eve"], q3, typed, False, minutes=20 - n, mistake="sign", seconds=9 + n)
    # dee: right at practice 30 minutes ago, then wrong 3 minutes ago (stuck: time)
    answer(stores["dee"], "plus/level-1", "1.5", True, minutes=30, track="practice",
           subject="plus", seed=11)
    answer(stores["dee"], "plus/level-1", "3", False, minutes=3, track="practice",
           subject="plus", seed=12, mistake="added")
    # bob and cy: mistakes in the last ten minutes, and right answers after them
    answer(stores["bob"], "plus/level-1", "=1+2", False, minutes=6, track="practice",
           subject="plus", seed=13, mistake="added")
    answer(stores["bob"], "plus/level-1", "3.5", True, minutes=5, track="practice",
           subject="plus", seed=13)
    answer(stores["cy"], "times/level-1", "-6", False, minutes=4, track="practice",
           subject="times", seed=14, mistake="wrong-local")
    answer(stores["cy"], "times/level-1", "6", True, minutes=2, track="practice",
           subject="times", seed=14)
    # where they stand
    stores["ann"].set_lesson_state("intro", {"finished": True, "score": [3, 3]})
    stores["bob"].set_lesson_state("intro", {"step": 9, "score": [2, 3]})
    stores["bob"].set_lesson_state("derivative", {"step": 1, "score": [0, 0]})
    stores["ann"].update_section("practice", lambda s: s.update(
        {"skills": {"plus": {"level": 3, "streak": 0, "mastered": True, "seen": 9,
                             "right": 9}}}))
    stores["dee"].update_section("practice", lambda s: s.update(
        {"skills": {"plus": {"level": 2, "streak": 1, "seen": 4, "right": 2}}}))
    stores["cy"].update_section("build", lambda s: s.update(
        {"exercises": {"value": {"passed": True, "checks": 2, "failed": 1},
                       "add-mul": {"passed": False, "checks": 3, "failed": 3}}}))
    return stores


def close(stores: dict) -> None:
    for store in stores.values():
        store.close()
