"""Teachers at the class server: a teacher who signs in (browser or SSH) gets the teacher's view,
``micrograd-tutor class view --db URL``, supervised like a learner's process; a learner never
does, and cannot reach a teacher's process or another learner's data whatever the URL, query
or cookie says.  Where the view is missing, the teacher sees one clear line."""

from __future__ import annotations

import asyncio

import aiohttp
import asyncssh
import pytest

from serve_helpers import Screen, client, learner_processes, running_server, sign_in, until
from test_serve_ssh import connect, new_key, ready_learner, terminal
from tutor.serve import supervisor
from tutor.serve.accounts import Accounts, class_store_url
from tutor.serve.preload import Preloaded
from tutor.serve.supervisor import SERVED_LEARNER, learner_argv, teacher_argv
from tutor.serve.web import COOKIE, DOOR

PASSWORD = "a long passphrase"


@pytest.fixture
def folder(tutor_home):
    return tutor_home / "class"


@pytest.fixture
def started(monkeypatch):
    """Every process the server starts for a person: (argv, env), in order; a learner's
    process forked from the pre-loaded one (which runs tutor.serve.learner, as
    learner_argv() does) is recorded as learner_argv() with the environment it gets."""
    seen = []
    real, real_spawn = asyncio.create_subprocess_exec, Preloaded.spawn

    async def spy(*argv, **options):
        if "tutor.serve.zygote" not in argv:
            seen.append((list(argv), dict(options.get("env") or {})))
        return await real(*argv, **options)

    async def spy_spawn(self, home, env, *limits):
        seen.append((learner_argv(), dict(env)))
        return await real_spawn(self, home, env, *limits)

    monkeypatch.setattr(supervisor.asyncio, "create_subprocess_exec", spy)
    monkeypatch.setattr(Preloaded, "spawn", spy_spawn)
    return seen


def class_of(folder, store_url=None):
    """tess a teacher, ada and bob learners; all with the password chosen."""
    roster = Accounts(store_url or class_store_url(folder))
    roster.add("tess", teacher=True)
    for name in ("tess", "ada", "bob"):
        roster.add(name)
        roster.set_password(name, PASSWORD)
    return roster


async def test_a_teachers_browser_session_starts_exactly_the_teachers_view(folder, started,
                                                                          store_url):
    class_of(folder, store_url)
    async with running_server(folder, store_url=store_url) as (app, url), client() as browser:
        await sign_in(browser, url, "tess", PASSWORD)
        async with browser.ws_connect(url + "ws") as ws:
            await Screen(ws).more(60)                  # the view, or its one line
        await until(lambda: learner_processes(folder) == [], what="the view ending")
    [(argv, env)] = started
    assert argv == teacher_argv(store_url)
    assert argv[-4:] == ["class", "view", "--db", store_url]
    assert SERVED_LEARNER not in env and "tess" in env["HOME"]


async def test_a_teachers_ssh_session_starts_the_teachers_view_and_a_learners_the_tutor(
        folder, started):
    class_of(folder)
    ada, ssh = new_key(), []
    ready_learner(folder, "ada", ada)
    async with running_server(folder, ssh=ssh) as (app, url):
        async with connect(ssh[0], "tess", password=PASSWORD) as conn:
            await (await terminal(conn)).more(60)
        async with connect(ssh[0], "ada", ada) as conn:
            await (await terminal(conn)).wait_for("Pick a lesson", 60)
    assert [argv for argv, _ in started] == [teacher_argv(class_store_url(folder)),
                                             learner_argv()]
    assert started[1][1][SERVED_LEARNER] == "ada"


async def test_where_the_view_is_missing_the_teacher_sees_one_clear_line(folder, monkeypatch):
    monkeypatch.setattr(supervisor, "TEACHER_VIEW", ("class", "no-such-view"))
    class_of(folder)
    ssh = []
    async with running_server(folder, ssh=ssh) as (app, url), client() as browser:
        await sign_in(browser, url, "tess", PASSWORD)
        async with browser.ws_connect(url + "ws") as ws:
            screen = Screen(ws)
            await screen.wait_for("the server's log says why.", 60)
        lines = [line for line in screen.text.splitlines() if line.strip()]
        assert lines == ["The teacher's view (micrograd-tutor class view) did not start on "
                         "this server (it ended with status 2); the server's log says why."]
        async with connect(ssh[0], "tess", password=PASSWORD) as conn:
            over_ssh = await terminal(conn)
            await over_ssh.wait_for("the server's log says why.", 60)
            assert "Traceback" not in over_ssh.text
        assert app[DOOR].supervisor.sessions == {} and learner_processes(folder) == []


async def test_a_learner_cannot_reach_a_teachers_process_or_another_learners(folder, started):
    class_of(folder)
    async with running_server(folder) as (app, url), client() as browser:
        await sign_in(browser, url, "ada", PASSWORD)
        for path in ("teacher", "tess", "learners/bob", "ws/tess", "class/view",
                     "static/../learners/bob", "static/../../answers.sqlite3"):
            got = await browser.get(url + path)
            assert got.status in (403, 404), path
        cookie = next(c for c in browser.cookie_jar if c.key == COOKIE).value
        _, issued, signature = cookie.split(".")
        for forged in (f"tess.{issued}.{signature}", f"bob.{issued}.{signature}"):
            async with client() as other:
                other.cookie_jar.update_cookies({COOKIE: forged},
                                                response_url=aiohttp.client.URL(url))
                assert 'name="secret"' in await (await other.get(url)).text()
                with pytest.raises(aiohttp.WSServerHandshakeError):
                    await other.ws_connect(url + "ws")
        asked = "ws?role=teacher&view=teacher&name=tess&learner=bob&argv=class+view"
        async with browser.ws_connect(url + asked) as ws:
            await Screen(ws).wait_for("Pick a lesson", 60)       # ada's own tutor
            [(pid, process)] = [(p.pid, p) for p in app[DOOR].supervisor.sessions.values()]
            assert list(app[DOOR].supervisor.sessions) == ["ada"]
    await until(lambda: learner_processes(folder) == [], what="ada's process ending")
    [(argv, env)] = started
    assert argv == learner_argv() and env[SERVED_LEARNER] == "ada"
    assert env["HOME"].endswith("/learners/ada") and "tess" not in str(env)
    assert not any(a == teacher_argv(class_store_url(folder)) for a, _ in started)


async def test_a_learner_over_ssh_cannot_sign_in_as_the_teacher(folder, started):
    class_of(folder)
    ada, ssh = new_key(), []
    ready_learner(folder, "ada", ada)
    Accounts(class_store_url(folder)).bind_key(
        "tess", new_key().get_fingerprint("sha256"), "ssh-ed25519 AAAA", spend_code=False)
    async with running_server(folder, ssh=ssh) as (app, url):
        with pytest.raises(asyncssh.PermissionDenied):           # tess has a key: not ada's
            async with connect(ssh[0], "tess", ada):
                pass
    assert started == []
