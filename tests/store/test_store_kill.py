"""kill -9 at random moments, on both engines: tools/kill_durability.py, a few rounds (the
README's figures come from its long run)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_answers_acknowledged_before_a_kill_are_all_stored(store_url):
    args = ["--kills", "8", "--seed", "5"]
    if store_url.startswith("postgresql"):
        args += ["--db", store_url]                 # else the learner's own SQLite file
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "kill_durability.py"), *args],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "acknowledged steps lost: 0  tracebacks: 0  save errors: 0" in out.stdout
    assert "kills: 8 " in out.stdout
