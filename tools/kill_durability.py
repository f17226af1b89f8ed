"""kill -9 durability: line mode answering through pipes, killed at random moments.

    python tools/kill_durability.py --kills 200 --seed 1 [--db postgresql://...]

Each round starts ``micrograd-tutor --plain`` (it continues where the last round left
off), pipes it bursts of answers (``reveal``, ``hint``, wrong and unreadable ones, an
empty line, now and then ``quit``) and SIGKILLs it at a random moment, often while it
is still working through a burst, so some kills land in the middle of a save.  Then it
checks the saved progress against what the tutor had acknowledged.

An *acknowledged* action is one whose feedback line the tutor wrote to its output:
``[right]``, ``[wrong]``, ``[answer]`` (a question finished or one more try used),
``Hint k of n`` and ``Lesson done:``.  Line mode writes each of them only after the
save of that action has returned: the runner saves inside ``answer``, ``hint``,
``reveal`` and ``advance`` before it returns the feedback, and saves the lesson's end
before "Lesson done".  The script reads everything the tutor wrote into the pipe,
including lines still in the pipe when it died (they too were written after their
save); a line still in the tutor's own buffer when it died never reached the pipe and
is not counted.  A save that fails is reported by line mode ("Could not save your
progress"); such rounds are counted apart and must not happen here.

The store is the learner's SQLite file in a temporary data folder, or with ``--db``
a PostgreSQL database (a learner of its own per run).  After every kill: the store
opens with no warning (nothing damaged, nothing moved aside); every lesson
acknowledged done must be done; the lesson being worked on must have at least the
acknowledged finished questions and, if no more, at least the acknowledged tries and
hints on its open question; every acknowledged answer and reveal (``[right]``,
``[wrong]``, ``[answer]``: one event each) must be among the stored events; when a
lesson resumes, it must resume with at least the acknowledged questions (not
restart).  Prints the counts; exits 1 on any loss.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lessons.course import all_lessons  # noqa: E402
from tutor.hints import GUESS_LABEL  # noqa: E402
from tutor.store import open_store  # noqa: E402

TITLES = {lesson.title: lesson.id for lesson in all_lessons()}
RULE = re.compile(r"^─+ (.+?) ─+$")
RESUMING = re.compile(r"^Resuming at step \d+ \(score so far \d+/(\d+)\)")
HINT = re.compile(r"^Hint (\d+) of \d+")

ANSWERS = [("reveal", 40), ("hint", 18), ("12345", 14), ("up", 8), ("2", 8), ("", 6),
           ("-1/2", 4), ("quit", 2)]


@dataclass
class Acknowledged:
    """What the tutor's output has acknowledged so far, across rounds."""

    done: set = field(default_factory=set)            # lessons acknowledged done
    questions: dict = field(default_factory=dict)     # lesson -> finished questions, this run
    lesson: str | None = None                         # the lesson being worked on
    tries: int = 0                                    # on its open question
    hints: int = 0
    expect_resume: int | None = None                  # after a lesson's title line
    actions: int = 0
    answers: int = 0                                  # [right], [wrong], [answer] lines
    resumes_checked: int = 0
    guess: bool = False                               # the open question is unscored

    def read(self, line: str, lost: list) -> None:
        line = line.strip()
        if self.expect_resume is not None and line:
            found = RESUMING.match(line)
            resumed_with = int(found.group(1)) if found else 0
            if resumed_with < self.expect_resume:
                lost.append(f"{self.lesson} resumed with {resumed_with} questions, "
                            f"{self.expect_resume} were acknowledged")
            self.questions[self.lesson] = resumed_with
            self.resumes_checked += 1
            self.expect_resume = None
            if found:
                return
        rule = RULE.match(line)
        if rule and rule.group(1) in TITLES:
            self.lesson = TITLES[rule.group(1)]
            self.tries = self.hints = 0
            self.expect_resume = 0 if self.lesson in self.done else \
                self.questions.get(self.lesson, 0)
            return
        if self.lesson is None:
            return
        if line.startswith("Q. "):
            self.guess = line.startswith(f"Q. {GUESS_LABEL}")
        elif line.startswith(("[right] ", "[answer] ")):
            if not self.guess:                # a guess is saved, but not in the score
                self.questions[self.lesson] = self.questions.get(self.lesson, 0) + 1
            self.tries = self.hints = 0
            self.actions += 1
        elif line.startswith("[wrong] "):
            self.tries += 1
            self.actions += 1
        elif hint := HINT.match(line):
            self.hints = int(hint.group(1))
            self.actions += 1
        elif line.startswith("Lesson done:"):
            self.done.add(self.lesson)
            self.questions.pop(self.lesson, None)
            self.actions += 1

    def check(self, store_options: dict, lost: list) -> None:
        """The saved progress against what was acknowledged."""
        store = open_store(**store_options)
        try:
            if store.warning:                  # damaged, moved aside, unreadable
                lost.append(f"the store warns: {store.warning}")
                return
            lessons, events = store.data["lessons"], store.events()
        finally:
            store.close()
        if len(events) < self.answers:
            lost.append(f"{len(events)} answers stored, {self.answers} acknowledged")
        for lesson_id in self.done:
            state = lessons.get(lesson_id) or {}
            if not (state.get("finished") or state.get("completed")):
                lost.append(f"{lesson_id} was acknowledged done, saved as {state}")
        lesson = self.lesson
        if lesson is None or lesson in self.done or self.expect_resume is not None:
            return
        state = lessons.get(lesson) or {}
        if state.get("finished"):
            return
        saved = sum(1 for o in state.get("outcomes") or [] if o.get("scored", True))
        acknowledged = self.questions.get(lesson, 0)
        if saved < acknowledged:
            lost.append(f"{lesson}: {saved} questions saved, {acknowledged} acknowledged")
        elif saved == acknowledged:
            question = state.get("question") or {}
            if question.get("attempts", 0) < self.tries:
                lost.append(f"{lesson}: {question.get('attempts', 0)} tries saved, "
                            f"{self.tries} acknowledged")
            if question.get("hints_given", 0) < self.hints:
                lost.append(f"{lesson}: {question.get('hints_given', 0)} hints saved, "
                            f"{self.hints} acknowledged")


class Output:
    """Everything a process writes to a pipe, collected by a thread."""

    def __init__(self, pipe):
        self.data = bytearray()
        self.thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self.thread.start()

    def _read(self, pipe) -> None:
        while chunk := os.read(pipe.fileno(), 65536):
            self.data += chunk

    def text(self) -> str:
        self.thread.join()
        return self.data.decode("utf-8", "replace")


ACK_LINE = re.compile(rb"^(\[right\] |\[wrong\] |\[answer\] |Hint \d+ of |Lesson done:)", re.M)
ANSWER_LINE = ("[right] ", "[wrong] ", "[answer] ")


def acknowledgements(out: Output) -> int:
    return len(ACK_LINE.findall(bytes(out.data)))


def one_round(rng: random.Random, home: Path, ack: Acknowledged, counts: dict,
              lost: list, store_options: dict) -> None:
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "TERM": "dumb",
           "PYTHONPATH": str(ROOT)}
    env.pop("NO_COLOR", None)
    env.pop("MICROGRAD_TUTOR_DB", None)
    store = []
    if store_options:
        store = ["--db", store_options["url"], "--learner", store_options["learner"]]
    proc = subprocess.Popen([sys.executable, "-m", "tutor.cli", "--plain", *store], cwd=ROOT,
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    out, err = Output(proc.stdout), Output(proc.stderr)
    started = time.monotonic()
    while not out.data and proc.poll() is None and time.monotonic() - started < 60:
        time.sleep(0.01)                       # the store is read before the first line
    words, weights = zip(*ANSWERS)

    def send(count: int) -> None:
        burst = rng.choices(words, weights, k=count)
        proc.stdin.write("".join(w + "\n" for w in burst).encode())
        proc.stdin.flush()

    try:
        if rng.random() < 0.5:                 # a few bursts, piped ahead of the tutor
            for _ in range(rng.randint(1, 6)):
                send(rng.randint(1, 8))
                time.sleep(rng.uniform(0, 0.08))
        else:                                  # until k more acknowledgements (so that a
            wanted = acknowledgements(out) + rng.randint(1, 12)     # long training run
            until = time.monotonic() + 300                          # is got through too)
            while (acknowledgements(out) < wanted and proc.poll() is None
                   and time.monotonic() < until):
                send(10)
                time.sleep(0.2)
    except BrokenPipeError:                    # it quit (or finished the course)
        pass
    time.sleep(rng.uniform(0, 0.03))
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        counts["kills"] += 1
    else:
        counts["clean exits"] += 1
    proc.wait()
    for pipe in (proc.stdin,):
        try:
            pipe.close()
        except BrokenPipeError:
            pass
    text, errors = out.text(), err.text()
    if "Traceback" in text + errors:
        counts["tracebacks"] += 1
        lost.append("a traceback:\n" + errors[-2000:])
    if "Could not save your progress" in text:
        counts["save errors"] += 1
    for line in text.splitlines():
        ack.answers += line.startswith(ANSWER_LINE)
        ack.read(line, lost)
    ack.check(store_options, lost)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL (or sqlite:///) store "
                        "instead of the learner's own SQLite file")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    home = Path(tempfile.mkdtemp(prefix="tutor-kill-"))
    options = {}
    if args.db:
        options = {"url": args.db, "learner": f"kill-{args.seed}-{os.getpid()}-{time.time():.0f}"}
    os.environ["MICROGRAD_TUTOR_HOME"] = str(home)      # where this script's checks look
    ack, lost = Acknowledged(), []
    counts = dict.fromkeys(["kills", "clean exits", "tracebacks", "save errors"], 0)
    while counts["kills"] < args.kills and not lost:
        one_round(rng, home, ack, counts, lost, options)
        if counts["kills"] % 25 == 0 and counts["kills"]:
            print(f"  {counts['kills']} kills, {ack.actions} acknowledged actions", flush=True)
    print(f"kills: {counts['kills']}  clean exits: {counts['clean exits']}  "
          f"acknowledged actions: {ack.actions}  resumes checked: {ack.resumes_checked}  "
          f"lessons done: {len(ack.done)}  answers acknowledged: {ack.answers}")
    print(f"acknowledged steps lost: {len(lost)}  tracebacks: {counts['tracebacks']}  "
          f"save errors: {counts['save errors']}  store: {args.db and 'PostgreSQL' or 'SQLite'}")
    for problem in lost[:10]:
        print("LOST:", problem)
    return 1 if lost or counts["save errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
