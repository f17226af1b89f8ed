"""Time to first frame: micrograd-tutor against a bare Textual app, measured alike;
and the time to open the first lesson from the course list.

Both apps are started in an 80x24 tmux pane; the clock runs from the spawn until a
known text is on the screen ("Course" for the tutor's course list, "BARE-READY" for
the bare app: a Header, a Static and a Footer).  Runs alternate (bare, tutor, bare,
tutor, ...), so drift of a shared machine hits both alike; medians and minimums are
both printed, and their ratios (target: at most 1.2).  Then, in each tutor run, after
a pause of --settle seconds on the course list, Enter opens the first lesson: the
clock runs from the key until the lesson's header is on the screen (target: 80 ms).

    .venv/bin/python bench/startup_bench.py [--runs 9]

The tutor is started as the micrograd-tutor command starts it (tutor.cli).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOCKET = f"startup-bench-{os.getpid()}"

BARE_APP = '''
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self):
        yield Header()
        yield Static("BARE-READY")
        yield Footer()


Bare().run()
'''


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True,
                          check=check)


def time_to_text(command: str, text: str, env: dict[str, str], timeout: float = 20.0,
                 then: tuple[float, str, str] | None = None) -> tuple[float, float | None]:
    """Seconds from spawning command in an 80x24 pane until text shows; with
    ``then=(settle, key, text2)``: also the seconds from pressing key, settle seconds
    later, until text2 shows."""
    name = f"run{time.monotonic_ns()}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    start = time.perf_counter()
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", name, "-c", str(ROOT),
         f"env {exports} {command}")
    try:
        first = wait_for(name, text, start, timeout)
        if then is None:
            return first, None
        settle, key, text2 = then
        time.sleep(settle)
        pressed = time.perf_counter()
        tmux("send-keys", "-t", name, key)
        return first, wait_for(name, text2, pressed, timeout)
    finally:
        tmux("kill-session", "-t", name, check=False)


def wait_for(name: str, text: str, start: float, timeout: float) -> float:
    while time.perf_counter() - start < timeout:
        screen = tmux("capture-pane", "-p", "-t", name, check=False).stdout
        if text in screen:
            return time.perf_counter() - start
        time.sleep(0.005)
    raise TimeoutError(f"{text!r} did not appear within {timeout} s")


def ms(times: list[float]) -> str:
    return ", ".join(f"{t * 1000:.0f}" for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--settle", type=float, default=1.5,
                        help="seconds on the course list before Enter (default 1.5)")
    args = parser.parse_args()

    python = shlex.quote(sys.executable)
    open_first = (args.settle, "Enter", "step 1 ")
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP)
        env = {"TERM": "xterm-256color", "MICROGRAD_TUTOR_HOME": str(Path(tmp) / "home"),
               "PYTHONPATH": str(ROOT)}
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "keepalive", "-x", "80", "-y", "24")
        try:
            # one warm-up each: the file cache, .pyc files
            time_to_text(f"{python} {bare}", "BARE-READY", env)
            time_to_text(f"{python} -m tutor.cli", "Course", env, then=open_first)
            bare_times, tutor_times, open_times = [], [], []
            for _ in range(args.runs):
                bare_times.append(time_to_text(f"{python} {bare}", "BARE-READY", env)[0])
                first, opened = time_to_text(f"{python} -m tutor.cli", "Course", env,
                                             then=open_first)
                tutor_times.append(first)
                open_times.append(opened)
        finally:
            tmux("kill-server", check=False)

    load = os.getloadavg()
    print(f"runs: {args.runs} each, alternating, 80x24 tmux pane; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} cores")
    rows = (("bare Textual app", bare_times), ("micrograd-tutor", tutor_times))
    for label, times in rows:
        print(f"{label:<18} first frame  median {statistics.median(times) * 1000:.0f} ms  "
              f"min {min(times) * 1000:.0f} ms  ({ms(times)})")
    print(f"ratio: median {statistics.median(tutor_times) / statistics.median(bare_times):.2f}, "
          f"min {min(tutor_times) / min(bare_times):.2f} (target <= 1.20)")
    print(f"open the first lesson (Enter on the course list, {args.settle:g} s after it shows): "
          f"median {statistics.median(open_times) * 1000:.0f} ms  "
          f"min {min(open_times) * 1000:.0f} ms  ({ms(open_times)}) (target < 80 ms)")


if __name__ == "__main__":
    main()
