"""Fixtures for tests that run against both engines: SQLite, and a real PostgreSQL (the
store's tests, and the class server's answers).

PostgreSQL: MICROGRAD_TUTOR_TEST_PG (a server's URL, as .ci/run sets it), else a
throw-away cluster this worker starts (tests/pg_cluster.py).  Without either the
PostgreSQL tests skip with one line, unless CI_REQUIRE_POSTGRES=1 (then they fail).
Every test gets a database of its own.
"""

from __future__ import annotations

import os
import uuid

import pytest

import pg_cluster

PG_VARIABLE = "MICROGRAD_TUTOR_TEST_PG"
REQUIRE_VARIABLE = "CI_REQUIRE_POSTGRES"


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL server's maintenance database, or a skip."""
    url = os.environ.get(PG_VARIABLE)
    folder = None
    if not url:
        try:
            url, folder = pg_cluster.start()
        except pg_cluster.PgUnavailable as e:
            reason = (f"PostgreSQL tests skipped: {e} (set {PG_VARIABLE}=postgresql://... "
                      "to use a server)")
            if os.environ.get(REQUIRE_VARIABLE) == "1":
                pytest.fail(f"{REQUIRE_VARIABLE}=1 but {reason}", pytrace=False)
            pytest.skip(reason)
    yield url
    if folder is not None:
        pg_cluster.stop(folder)


@pytest.fixture
def pg_url(pg_server):
    """A fresh database on the server, dropped after the test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    base = pg_server.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A store URL of each engine: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'class.sqlite3'}"
    return request.getfixturevalue("pg_url")
