"""A whole class at once: scripted learners sign in to a real ``micrograd-tutor serve`` on
a loopback port, open the first lesson through the websocket, answer its first question and
leave; learners forked from the pre-loaded process (the default) against learners started
afresh (``serve --no-preload``, the baseline), in the same command.

Per run it prints: time to the first frame (from opening the websocket to the course list
drawn) p50/p99; memory per learner at the question (RSS, PSS and USS, from
/proc/PID/smaps_rollup), and the server's and the pre-loaded process's; for forked learners,
how much of that is the pre-loaded process's pages copied (/proc/PID/pagemap, as root);
CPU per answer (all of the server's processes, while every learner answers at once); answers
stored exactly once; processes left after everyone has gone.

    .venv/bin/python bench/serve_bench.py                  # 30 within 10 s, 100 at once
    .venv/bin/python bench/serve_bench.py --runs 10:5      # N learners arriving over S s

Exits 1 when an answer is lost or doubled, a learner never got their screen, or a process
is left behind.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "serve"))

import aiohttp  # noqa: E402

from serve_helpers import ESCAPES, learner_processes, preloaded_processes  # noqa: E402
from tutor.store import open_store  # noqa: E402

PASSWORD = "a long passphrase"
TICK = os.sysconf("SC_CLK_TCK")
MB = 2 ** 20


class Learner:
    """One scripted learner: a browser's sign-in and websocket, reading the screen as text
    (only its recent part is kept: a class's worth of screens must not slow the clients)."""

    def __init__(self, name: str, code: str, url: str):
        self.name, self.code, self.url = name, code, url
        self.text, self.seen = "", 0
        self.first_frame = None        # seconds from opening the websocket
        self.retries = 0               # answers typed again
        self.fulls = 0                 # "full, try again in N s" heard
        self.unsaved = False           # told "Could not save your progress" by the answer

    async def read(self) -> None:
        """Everything the server sends, as a browser reads it all the time (which also
        answers the server's pings: a client that stops reading is cut off)."""
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.text += ESCAPES.sub(b"", message.data).decode("utf-8", "replace")
                if len(self.text) > 40000:
                    cut = len(self.text) - 20000
                    self.text, self.seen = self.text[cut:], max(0, self.seen - cut)
                self.changed.set()
        self.closed = True
        self.changed.set()

    async def wait_for(self, words: str, seconds: float = 120.0) -> None:
        end = time.monotonic() + seconds
        while True:
            self.changed.clear()
            at = self.text.find(words, self.seen)
            if at >= 0:
                break
            if self.closed:
                raise ConnectionError(f"{self.name}: closed while waiting for {words!r}")
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: {words!r} never came")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)
        self.seen = at + len(words)

    async def keys(self, *keys: str) -> None:
        for key in keys:
            await self.ws.send_json(["stdin", key])

    async def visit(self, delay: float, at_question: asyncio.Barrier, go: asyncio.Event,
                    answered: asyncio.Barrier, leave: asyncio.Event) -> None:
        await asyncio.sleep(delay)
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
            await browser.post(self.url + "signin", data={"name": self.name, "secret": self.code})
            await browser.post(self.url + "password", data={"password": PASSWORD,
                                                             "again": PASSWORD})
            opened = time.monotonic()
            while not await self.session(browser, at_question, go, answered, leave, opened):
                told = re.search(r"try again in (\d+) s", self.text)
                self.fulls += 1                       # as a learner told so: wait, again
                self.text, self.seen = "", 0
                await asyncio.sleep(int(told.group(1)))

    async def session(self, browser, at_question, go, answered, leave, opened) -> bool:
        """One websocket; False when the server said it is full (and when to try again)."""
        async with browser.ws_connect(self.url + "ws?width=80&height=24") as self.ws:
            self.closed, self.changed = False, asyncio.Event()
            reading = asyncio.create_task(self.read())
            try:
                return await self.lesson(opened, at_question, go, answered, leave)
            finally:
                reading.cancel()

    async def lesson(self, opened, at_question, go, answered, leave) -> bool:
        """The course list, the first lesson, its first question answered; False when the
        server said it is full."""
        try:
            await self.wait_for("Pick a lesson")
        except ConnectionError:
            if re.search(r"try again in (\d+) s", self.text):
                return False
            raise
        self.first_frame = time.monotonic() - opened
        for _ in range(12):                      # open the lesson, Enter through its text
            await self.keys("\r")
            try:
                await self.wait_for("the number of your choice", 3)
                break
            except TimeoutError:
                continue
        await self.wait_for(". Only its own number")
        wrong = re.search(r"(\d)\. Only its own number", self.text).group(1)
        await at_question.wait()                 # everyone at the question, measured,
        await go.wait()                          # then all answer at once
        for _ in range(3):                       # (a digit lost to a focus change: again)
            await self.keys(wrong, "\r")
            try:
                await self.wait_for(f"You said {wrong}.", 60)
                break
            except TimeoutError:
                self.retries += 1
        await answered.wait()
        self.unsaved = "Could not save your progress" in self.text
        await leave.wait()
        return True


async def unless_one_fails(awaitable, visits) -> None:
    """Wait for ``awaitable``; a learner's error first is raised (the others are ended)."""
    waiting = asyncio.ensure_future(awaitable)
    done, _ = await asyncio.wait([waiting, *visits], return_when=asyncio.FIRST_COMPLETED)
    if waiting in done:
        return
    waiting.cancel()
    for visit in visits:
        visit.cancel()
    await asyncio.gather(*visits, return_exceptions=True)
    for visit in done:
        visit.result()


def cpu_seconds(pids) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / TICK


def memory(pid: int) -> dict:
    """RSS, PSS and USS (private clean + private dirty) in bytes; {} for a process gone."""
    values = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[2] == "kB":
                    values[parts[0].rstrip(":")] = int(parts[1]) * 1024
    except OSError:                  # it ended meanwhile
        return {}
    return {"rss": values["Rss"], "pss": values["Pss"],
            "uss": values["Private_Clean"] + values["Private_Dirty"]}


def _anonymous_pages(pid: int) -> dict[int, int]:
    """Virtual address -> physical frame of the process's resident heap and anonymous pages
    (/proc/PID/pagemap shows frames to root only: elsewhere {})."""
    pages = {}
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for line in maps:
            fields = line.split()
            if len(fields) > 5 and fields[5] != "[heap]":
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            pagemap.seek(start // 4096 * 8)
            entries = pagemap.read((end - start) // 4096 * 8)
            for i in range(len(entries) // 8):
                entry = int.from_bytes(entries[i * 8:i * 8 + 8], "little")
                if entry >> 63 and entry & ((1 << 55) - 1):
                    pages[start + i * 4096] = entry & ((1 << 55) - 1)
    return pages


def copied_and_own(learner: int, zygote: int) -> tuple[float, float] | None:
    """Of a forked learner's heap and anonymous pages: MB copied from the pre-loaded
    process (same address, another frame: it wrote to them) and MB of its own (an address
    the pre-loaded process does not have); None where frames cannot be read."""
    try:
        theirs, ours = _anonymous_pages(zygote), _anonymous_pages(learner)
    except OSError:
        return None
    if not theirs or not ours:
        return None
    copied = sum(1 for a, frame in ours.items() if a in theirs and theirs[a] != frame)
    own = sum(1 for a in ours if a not in theirs)
    return copied * 4096 / MB, own * 4096 / MB


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def run(count: int, spread: float, preload: bool) -> dict:
    home = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    env = dict(os.environ, MICROGRAD_TUTOR_HOME=str(home))
    env.pop("MICROGRAD_TUTOR_DB", None)
    cli = [sys.executable, "-m", "tutor.cli"]
    names = [f"learner{i:03d}" for i in range(count)]
    added = subprocess.run([*cli, "class", "add", *names], env=env, capture_output=True,
                           text=True, check=True, cwd=ROOT)
    codes = dict(line.split() for line in added.stdout.splitlines())
    port = free_port()
    server = subprocess.Popen([*cli, "serve", "--port", str(port), "--max-sessions",
                               str(count + 10), *([] if preload else ["--no-preload"])],
                              env=env, cwd=ROOT, stderr=open(home / "server.log", "w"))
    url = f"http://127.0.0.1:{port}/"
    folder = home / "class"
    try:
        async with aiohttp.ClientSession() as probe:
            for _ in range(600):
                try:
                    if (await probe.get(url)).status == 200:
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.05)
        if preload:                              # started with the server, before learners
            for _ in range(600):
                if preloaded_processes(folder):
                    break
                await asyncio.sleep(0.05)
        learners = [Learner(name, codes[name], url) for name in names]
        at_question, answered = asyncio.Barrier(count + 1), asyncio.Barrier(count + 1)
        go, leave = asyncio.Event(), asyncio.Event()
        visits = [asyncio.create_task(learner.visit(i * spread / count, at_question, go,
                                                    answered, leave))
                  for i, learner in enumerate(learners)]
        await unless_one_fails(at_question.wait(), visits)
        pids = learner_processes(folder)
        ours = [server.pid, *preloaded_processes(folder), *pids]
        sizes = [size for size in map(memory, pids) if size]
        zygotes = preloaded_processes(folder)
        split = [copied_and_own(pid, zygotes[0]) for pid in pids[:5]] if zygotes else []
        split = [each for each in split if each]
        fixed = {"server": memory(server.pid)["pss"],
                 "preloaded": sum(memory(pid).get("pss", 0)
                                  for pid in preloaded_processes(folder))}
        before = cpu_seconds(ours)
        go.set()
        await unless_one_fails(answered.wait(), visits)     # every learner has feedback
        cpu = cpu_seconds(ours) - before
        leave.set()
        await asyncio.gather(*visits)
        left, end = None, time.monotonic() + 30
        while time.monotonic() < end:
            left = learner_processes(folder)
            if not left:
                break
            await asyncio.sleep(0.1)
        answers = {}
        for name in names:
            store = open_store(f"sqlite:///{folder / 'answers.sqlite3'}", name)
            answers[name] = sum(e["kind"] == "answer" for e in store.events())
        retried = sum(learner.retries for learner in learners)
        fulls = sum(learner.fulls for learner in learners)
        unsaved = sum(learner.unsaved for learner in learners)
        return {"first": [learner.first_frame for learner in learners], "sizes": sizes,
                "fixed": fixed, "cpu": cpu / count, "answers": answers, "left": left,
                "retried": retried, "fulls": fulls, "unsaved": unsaved, "split": split,
                "processes": len(pids)}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        if preloaded_processes(folder):
            print("  the pre-loaded process outlived the server", file=sys.stderr)


def report(label: str, result: dict) -> bool:
    first, sizes = result["first"], result["sizes"]
    uss = [s["uss"] / MB for s in sizes]
    pss = [s["pss"] / MB for s in sizes]
    rss = [s["rss"] / MB for s in sizes]
    wrong = {n: k for n, k in result["answers"].items() if k != 1}
    print(f"  {label:<10} first frame p50 {percentile(first, 50):5.2f} s  p99 "
          f"{percentile(first, 99):5.2f} s | per learner: USS {statistics.median(uss):5.1f} MB"
          f" (max {max(uss):.1f})  PSS {statistics.mean(pss):5.1f}  RSS "
          f"{statistics.mean(rss):5.1f} MB | server {result['fixed']['server'] / MB:.0f} MB,"
          f" pre-loaded {result['fixed']['preloaded'] / MB:.0f} MB PSS | CPU per answer "
          f"{result['cpu'] * 1000:5.0f} ms")
    if result["split"]:
        copied = statistics.mean(c for c, _ in result["split"])
        own = statistics.mean(o for _, o in result["split"])
        print(f"  {'':<10} of a forked learner's heap (5 sampled): {copied:.1f} MB copied "
              f"from the pre-loaded process's pages, {own:.1f} MB its own")
    print(f"  {'':<10} told 'could not save' at the answer: {result['unsaved']}")
    print(f"  {'':<10} {result['processes']} learner processes; answers stored once: "
          f"{len(result['answers']) - len(wrong)}/{len(result['answers'])}"
          f"{' (wrong: ' + str(wrong) + ')' if wrong else ''}; typed again: "
          f"{result['retried']}; told 'full, try again': {result['fulls']}; processes left "
          f"after everyone left: {len(result['left'])}")
    return not wrong and not result["left"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", default="30:10,100:0", metavar="N:S,...",
                        help="N learners arriving evenly over S seconds (default 30:10,100:0)")
    args = parser.parse_args()
    ok = True
    print(f"{os.cpu_count()} cores; each learner signs in (code, then a password), opens the "
          "first lesson, answers its first question and leaves")
    for spec in args.runs.split(","):
        count, spread = spec.split(":")
        count, spread = int(count), float(spread)
        print(f"{count} learners, arriving over {spread:g} s:")
        results = {}
        for label, preload in (("afresh", False), ("forked", True)):
            try:
                results[label] = asyncio.run(run(count, spread, preload))
            except (ConnectionError, TimeoutError, aiohttp.ClientError) as e:
                print(f"  {label}: FAILED: {e}")
                return 1
            ok &= report(label, results[label])
        afresh, forked = results["afresh"], results["forked"]
        uss = {k: statistics.median(s["uss"] for s in r["sizes"]) for k, r in results.items()}
        first = {k: percentile(r["first"], 99) for k, r in results.items()}
        print(f"  forked / afresh: USS x{uss['forked'] / uss['afresh']:.2f}, first frame p99 "
              f"x{first['forked'] / first['afresh']:.2f}, CPU per answer "
              f"x{forked['cpu'] / max(afresh['cpu'], 1e-9):.2f}")
        for label, result in results.items():       # what 8 GB holds, by memory
            fixed = sum(result["fixed"].values())
            most = max(s["uss"] for s in result["sizes"])
            print(f"  {label}: 8 GB less 1 GB for the system holds "
                  f"{int((7 * 2 ** 30 - fixed) / most)} learners at {most / MB:.1f} MB each")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
