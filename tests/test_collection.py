"""Every test file's tests run: the README's test command collects each one.

pytest skips folders it takes for build output (``build``, ``dist``, ...) and files
whose names or contents it does not recognise; a test that is never collected
passes silently forever.  This asks pytest itself, as the README's command runs it.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _holds_tests(path: Path) -> bool:
    """A module with a test function or a Test class at its top level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"))
        or (isinstance(node, ast.ClassDef) and node.name.startswith("Test"))
        for node in tree.body)


def _collected_by_a_fresh_run() -> set[str]:
    """The test modules the README's command collects, asked of a pytest of its own."""
    # -n 0: the same collection, in one process instead of the suite's four workers
    listed = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-rs",
                             "-n", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert listed.returncode == 0, listed.stdout[-3000:] + listed.stderr[-3000:]
    lines = listed.stdout.splitlines()
    collected = {line.split("::")[0] for line in lines if "::" in line}
    # a module that skips itself (an optional oracle not installed) is run, and says why
    collected |= {line.split()[2].split(":")[0] for line in lines
                  if line.startswith("SKIPPED [")}
    return collected


def test_the_readme_command_collects_every_test_file(request, collected_here):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest\n" in readme     # the command this test stands for
    # When this run is that command (no paths given, from the project folder), what it
    # collected is the answer; a run of some tests only asks a fresh pytest.
    config = request.config
    if (config.args_source == pytest.Config.ArgsSource.TESTPATHS
            and Path(config.invocation_params.dir) == ROOT):
        collected = collected_here
    else:
        collected = _collected_by_a_fresh_run()
    files = [p for p in (ROOT / "tests").rglob("test_*.py") if _holds_tests(p)]
    assert len(files) > 50
    missed = sorted(str(p.relative_to(ROOT)) for p in files
                    if str(p.relative_to(ROOT)) not in collected)
    assert not missed, f"test files the README's command never runs: {missed}"
