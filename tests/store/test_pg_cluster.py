"""The tests' throw-away PostgreSQL: a cluster whose owner is gone (a test run killed
before its clean-up) is stopped and removed by the next start; a live owner's is kept."""

import os
import subprocess
import sys

import pytest

import pg_cluster
from pg_fixtures import REQUIRE_VARIABLE


def _start(owner):
    try:
        return pg_cluster.start(owner=owner)
    except pg_cluster.PgUnavailable as e:
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            raise
        pytest.skip(f"PostgreSQL tests skipped: {e}")


def _server_running(folder) -> bool:
    return (folder / "data" / "postmaster.pid").exists()


def test_the_next_start_sweeps_a_cluster_whose_owner_is_gone_and_keeps_a_live_owners():
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    _, orphan = _start(ended.pid)
    mine = None
    try:
        assert _server_running(orphan)
        _, mine = _start(os.getpid())          # a new run starts: the orphan goes
        assert not orphan.exists()
        assert _server_running(mine)
        assert mine not in pg_cluster.sweep_orphans() and _server_running(mine)
    finally:
        pg_cluster.stop(orphan)
        if mine is not None:
            pg_cluster.stop(mine)
