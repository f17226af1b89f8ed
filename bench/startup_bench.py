"""Time to first frame: micrograd-tutor against a bare Textual app, measured alike.

Both are started in an 80x24 tmux pane; the clock runs from the spawn until a
known text is on the screen ("Course" for the tutor's course list, "BARE-READY"
for the bare app: a Header, a Static and a Footer).  Runs alternate, so drift of
the machine hits both equally.  Prints the medians and their ratio (target: at
most 1.2).

    .venv/bin/python bench/startup_bench.py [--runs 7]

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


def time_to_text(command: str, text: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from spawning command in an 80x24 pane until text shows."""
    name = f"run{time.monotonic_ns()}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    start = time.perf_counter()
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", name, "-c", str(ROOT),
         f"env {exports} {command}")
    try:
        while time.perf_counter() - start < timeout:
            screen = tmux("capture-pane", "-p", "-t", name, check=False).stdout
            if text in screen:
                return time.perf_counter() - start
            time.sleep(0.01)
        raise TimeoutError(f"{text!r} did not appear within {timeout} s")
    finally:
        tmux("kill-session", "-t", name, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    python = shlex.quote(sys.executable)
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP)
        env = {"TERM": "xterm-256color", "MICROGRAD_TUTOR_HOME": str(Path(tmp) / "home"),
               "PYTHONPATH": str(ROOT)}
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "keepalive", "-x", "80", "-y", "24")
        try:
            # one warm-up each: the file cache, .pyc files
            time_to_text(f"{python} {bare}", "BARE-READY", env)
            time_to_text(f"{python} -m tutor.cli", "Course", env)
            bare_times, tutor_times = [], []
            for _ in range(args.runs):
                bare_times.append(time_to_text(f"{python} {bare}", "BARE-READY", env))
                tutor_times.append(time_to_text(f"{python} -m tutor.cli", "Course", env))
        finally:
            tmux("kill-server", check=False)

    bare_median = statistics.median(bare_times)
    tutor_median = statistics.median(tutor_times)
    print(f"runs: {args.runs} each, alternating, 80x24 tmux pane")
    print(f"bare Textual app  median {bare_median * 1000:.0f} ms  "
          f"({', '.join(f'{t * 1000:.0f}' for t in bare_times)})")
    print(f"micrograd-tutor   median {tutor_median * 1000:.0f} ms  "
          f"({', '.join(f'{t * 1000:.0f}' for t in tutor_times)})")
    print(f"ratio {tutor_median / bare_median:.2f} (target <= 1.20)")


if __name__ == "__main__":
    main()
