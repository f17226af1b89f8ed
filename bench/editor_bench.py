"""The build app's first frame with a big engine.py (300, 3,000 and 6,000 lines, 900 KB and
3 MB), each as a ratio to the 300-line run of the same command; and a key typed then.

    python bench/editor_bench.py [--rounds 3] [--timeout 120] [--sizes 300,3000,6000,3MB]
                                 [--root CHECKOUT]

Each run is its own process (nothing warm from the one before): a fresh data folder whose
engine.py is the reference solution followed by copies of its class Value up to the size,
then the build app on exercise 1 in Textual's headless ``run_test`` at 80x24.  The clock
runs from before the app is made until the editor screen is up with the file in it (or
saying why not) and a whole frame of it has been drawn (``export_screenshot``).  Then a
letter is typed --keys times, each timed until its frame is drawn (the median is shown:
Pilot's own cost per key is in the baseline).  Rounds alternate sizes, so the drift of a
shared machine hits all alike; a size that takes longer than --timeout is shown as such.
--root times another checkout (the one before a change) with this script.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TIMING = r"""
import asyncio, json, os, statistics, sys, time
from pathlib import Path
from tutor.buildtrack import stages

size, keys = sys.argv[1], int(sys.argv[2])
home = Path(os.environ["MICROGRAD_TUTOR_HOME"])
engine = stages.stage_files(12, 12)["micrograd/engine.py"]
body = "\n".join(line for line in engine.split("class Value", 1)[1].split("\n")
                 if "# >>>" not in line and "# <<<" not in line)
units = {"KB": 1 << 10, "MB": 1 << 20}
want_chars = int(size[:-2]) * units[size[-2:]] if size[-2:] in units else None
parts, lines, chars, i = [engine], engine.count("\n"), len(engine), 0
while (chars < want_chars) if want_chars else (lines < int(size)):
    part = f"\nclass Value{i}" + body          # more of the same code: a copy of Value
    parts.append(part)
    lines, chars, i = lines + part.count("\n"), chars + len(part), i + 1
text = "".join(parts)
text = text[:want_chars] if want_chars else "\n".join(text.split("\n")[:int(size)])
folder = home / "workspace" / "micrograd"
folder.mkdir(parents=True)
(folder / "engine.py").write_text(text)
(folder / "__init__.py").write_text("")


async def first_frame():
    start = time.perf_counter()
    from tutor.app.build import BuildApp
    from tutor.app.screens.build import BuildScreen
    from tutor.buildtrack.exercises import find_exercise

    app = BuildApp(find_exercise("value"), watch_seconds=None, autosave_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        while not (isinstance(app.screen, BuildScreen) and app.screen.is_mounted
                   and (app.screen.query_one("#editor").text
                        or getattr(app.screen, "unopened", None))):
            await pilot.pause(0.01)
        await pilot.pause()
        app.export_screenshot()
        took = time.perf_counter() - start
        shown = str(app.screen.query_one("#build-status").render())
        per_key = []
        for _ in range(keys):                    # a letter typed, until it is drawn
            began = time.perf_counter()
            await pilot.press("x")
            await pilot.pause()
            app.export_screenshot()
            per_key.append(time.perf_counter() - began)
        await pilot.press("ctrl+q")
    return took, statistics.median(per_key) if per_key else 0.0, shown


took, key, status = asyncio.run(first_frame())
print(json.dumps({"seconds": took, "key": key, "lines": text.count("\n") + 1,
                  "bytes": len(text), "status": status}))
"""


def run_once(root: Path, size: str, keys: int, timeout: float) -> dict | None:
    with tempfile.TemporaryDirectory(prefix="editor-bench-") as home:
        env = dict(os.environ, MICROGRAD_TUTOR_HOME=home, PYTHONPATH=str(root),
                   PYTHONDONTWRITEBYTECODE="1")
        env.pop("MICROGRAD_TUTOR_DB", None)
        try:
            done = subprocess.run([sys.executable, "-c", TIMING, size, str(keys)], cwd=root,
                                  env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
    if done.returncode != 0:
        sys.exit(f"{size}: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds one run may take before it is given up")
    parser.add_argument("--sizes", default="300,3000,6000,900KB,3MB",
                        help="lines, or NKB / NMB; the first is the baseline")
    parser.add_argument("--keys", type=int, default=5, help="letters typed after the frame")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the checkout whose tutor is timed (default: this one)")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    seen: dict[str, list[float]] = {size: [] for size in sizes}
    keys_seen: dict[str, list[float]] = {size: [] for size in sizes}
    gave_up: dict[str, int] = {size: 0 for size in sizes}
    facts: dict[str, dict] = {}
    for _ in range(args.rounds):
        for size in sizes:
            if gave_up[size]:               # once over the timeout, not tried again
                continue
            result = run_once(args.root.resolve(), size, args.keys, args.timeout)
            if result is None:
                gave_up[size] += 1
            else:
                seen[size].append(result["seconds"])
                keys_seen[size].append(result["key"])
                facts[size] = result
    print(f"{args.root.resolve()}: load average {os.getloadavg()[0]:.2f}; {args.rounds} "
          "rounds; the build app at 80x24 (headless), engine.py of:")
    base = statistics.median(seen[sizes[0]]) if seen[sizes[0]] else None
    key_base = statistics.median(keys_seen[sizes[0]]) if keys_seen[sizes[0]] else None
    for size in sizes:
        if not seen[size]:
            print(f"{size:>8}: none within {args.timeout:.0f} s")
            continue
        med, key = statistics.median(seen[size]), statistics.median(keys_seen[size])
        fact = facts[size]
        ratio = f"ratio {med / base:6.2f}" if base else "no baseline"
        key_ratio = f"ratio {key / key_base:6.2f}" if key_base else ""
        print(f"{size:>8} ({fact['lines']:>6} lines, {fact['bytes'] / 1024:5.0f} KB): first "
              f"frame median {med:6.2f} s, min {min(seen[size]):6.2f} s, {ratio}; a key "
              f"{key * 1000:6.0f} ms, {key_ratio}")
        print(f"{'':>10}status line: {fact['status'][:150]}")


if __name__ == "__main__":
    main()
