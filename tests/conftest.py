"""Shared test set-up: the project importable, colour on, progress in a temp dir."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.pop("NO_COLOR", None)  # snapshots are taken in colour

# No test may depend on how fast the machine is: hypothesis's per-example deadline is a
# wall-clock limit, so it is off for every property test (each bounds its work instead).
settings.register_profile("tutor", deadline=None)
settings.load_profile("tutor")

from pg_fixtures import pg_server, pg_url, store_url  # noqa: E402,F401  (both engines)


@pytest.fixture(autouse=True)
def tutor_home(tmp_path, monkeypatch):
    """Every test gets its own progress directory: never the real one, nor a class's
    database (a test that wants one says so)."""
    from tutor.store import location

    home = tmp_path / "tutor-home"
    monkeypatch.setenv("MICROGRAD_TUTOR_HOME", str(home))
    monkeypatch.delenv("MICROGRAD_TUTOR_DB", raising=False)
    monkeypatch.setitem(location._chosen, "url", None)      # --db / --learner of a CLI test
    monkeypatch.setitem(location._chosen, "learner", None)
    return home


# What this run collected, before -k/-m deselect anything: the module of every test item,
# and every module that skipped itself.  tests/test_collection.py reads it when the run
# is the README's command (no paths given), so it need not collect the suite again.
COLLECTED: set[str] = set()


def pytest_itemcollected(item):
    COLLECTED.add(item.nodeid.split("::")[0])


def pytest_collectreport(report):
    if report.skipped and "::" not in report.nodeid:
        COLLECTED.add(report.nodeid)


@pytest.fixture
def collected_here() -> set[str]:
    """The test modules this run collected (see COLLECTED)."""
    return set(COLLECTED)
