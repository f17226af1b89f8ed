"""How long a build-track check of a correct solution takes: walled in, limits only, and
(with --other) another checkout of the tutor, alternating rounds in one command.

    python bench/check_bench.py [--rounds 5] [--other /path/to/a/checkout]

Each variant runs in its own process: a workspace solved the reference way, then every
exercise checked once per round.  It prints the median and minimum seconds per check,
and each variant's ratio to the first one, with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TIMING = r"""
import json, sys, tempfile, time
from pathlib import Path
from tutor.buildtrack import stages
from tutor.buildtrack.checks import run_check
from tutor.buildtrack.exercises import EXERCISES
from tutor.buildtrack.sandbox import Limits
from tutor.buildtrack.workspace import Workspace
with tempfile.TemporaryDirectory() as tmp:
    ws = Workspace(Path(tmp))
    for file, text in stages.stage_files(12, 12).items():
        ws.save(file, text)
    ws.save("micrograd/__init__.py", "")
    times = []
    for ex in EXERCISES:
        start = time.perf_counter()
        verdict = run_check(ex, ws.root, Limits(seconds=60))
        times.append(time.perf_counter() - start)
        if not verdict.passed:
            sys.exit(f"{ex.id} failed: {verdict.line()}")
print(json.dumps(times))
"""


def run(root: Path, env_extra: dict) -> list[float]:
    env = dict(os.environ, **env_extra)
    env["PYTHONPATH"] = str(root)
    done = subprocess.run([sys.executable, "-c", TIMING], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"{root}: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--other", type=Path, help="another checkout to time the same way")
    args = parser.parse_args()
    variants = {"namespaces": (ROOT, {}),
                "limits only": (ROOT, {"MICROGRAD_TUTOR_SANDBOX": "limits"})}
    if args.other:
        variants[f"other ({args.other})"] = (args.other.resolve(), {})
    seen: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, (root, env) in variants.items():
            seen[name] += run(root, env)
    first = None
    print(f"load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds x 12 exercises")
    for name, times in seen.items():
        med, low = statistics.median(times), min(times)
        first = first or (med, low)
        print(f"{name:>40}: median {med * 1000:6.0f} ms, min {low * 1000:6.0f} ms, "
              f"max {max(times) * 1000:6.0f} ms; ratio {med / first[0]:.2f} (median), "
              f"{low / first[1]:.2f} (min)")


if __name__ == "__main__":
    main()
