"""The class server on a real loopback port: sign-in right and wrong, too many tries, a
tampered cookie, no websocket (and no process) without a session, a learner's answer kept in
the class's store under their own name (SQLite and PostgreSQL), and no process left after a browser that leaves while the tutor starts."""

import re

import aiohttp
import pytest

from serve_helpers import Screen, client, closed, learner_processes, running_server, sign_in, until
from tutor.store import open_store
from tutor.serve.accounts import Accounts, class_store_url
from tutor.serve.supervisor import Full, Limits, Supervisor
from tutor.serve.web import COOKIE, DOOR


@pytest.fixture
def folder(tutor_home):
    return tutor_home / "class"


def add(folder, *names, store_url=None):
    """People on the class's roster (in the class folder's store, or ``store_url``)."""
    roster = Accounts(store_url or class_store_url(folder))
    return {name: roster.add(name) for name in names}


async def test_nothing_but_the_sign_in_page_without_a_session(folder):
    add(folder, "ada")
    async with running_server(folder) as (app, url), client() as browser:
        page = await browser.get(url)
        assert page.status == 200 and 'name="secret"' in await page.text()
        for path in ("static/js/textual.js", "ws", "static/../../etc/passwd"):
            got = await browser.get(url + path)
            assert got.status in (403, 404), path
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await browser.ws_connect(url + "ws")
        assert app[DOOR].supervisor.sessions == {} and learner_processes(folder) == []


async def test_a_wrong_sign_in_says_so_and_too_many_wait(folder):
    codes = add(folder, "ada")
    async with running_server(folder) as (app, url), client() as browser:
        for _ in range(5):
            wrong = await browser.post(url + "signin", data={"name": "ada", "secret": "nope"})
            assert wrong.status == 401
            assert "do not match" in await wrong.text()
        assert COOKIE not in {c.key for c in browser.cookie_jar}
        limited = await browser.post(url + "signin", data={"name": "ada",
                                                           "secret": codes["ada"]})
        assert limited.status == 429 and "Too many wrong tries: wait" in await limited.text()
        assert learner_processes(folder) == []


async def test_a_code_then_a_password_then_the_tutor_page(folder):
    codes = add(folder, "ada")
    async with running_server(folder) as (app, url), client() as browser:
        text = await sign_in(browser, url, "ada", codes["ada"], password=None)
        assert "choose a password" in text
        short = await browser.post(url + "password", data={"password": "abc", "again": "abc"})
        assert short.status == 400 and "at least 8" in await short.text()
        with pytest.raises(aiohttp.WSServerHandshakeError):       # not before a password
            await browser.ws_connect(url + "ws")
        text = await sign_in(browser, url, "ada", codes["ada"])
        assert "textual.js" in text                                # the tutor's page
        assert (await browser.get(url + "static/js/textual.js")).status == 200


async def test_a_tampered_cookie_is_refused(folder):
    codes = add(folder, "ada", "bob")
    async with running_server(folder) as (app, url), client() as browser:
        await sign_in(browser, url, "ada", codes["ada"])
        cookie = next(c for c in browser.cookie_jar if c.key == COOKIE).value
        name, issued, signature = cookie.split(".")
        for forged in (f"bob.{issued}.{signature}", f"ada.{int(issued) + 99}.{signature}",
                       f"ada.{issued}.{'0' * 64}", "ada", ""):
            async with client() as other:
                other.cookie_jar.update_cookies({COOKIE: forged}, response_url=
                                                aiohttp.client.URL(url))
                page = await other.get(url)
                assert 'name="secret"' in await page.text(), forged      # the sign-in page
                with pytest.raises(aiohttp.WSServerHandshakeError):
                    await other.ws_connect(url + "ws")
        assert learner_processes(folder) == []


async def test_a_learners_answer_is_kept_in_the_class_store_under_their_name(folder, store_url):
    codes = add(folder, "ada", "bob", store_url=store_url)
    async with running_server(folder, store_url=store_url) as (app, url), client() as browser:
        await sign_in(browser, url, "ada", codes["ada"])
        async with browser.ws_connect(url + "ws?width=80&height=24") as ws:
            screen = Screen(ws)
            await screen.wait_for("Pick a lesson")               # the course list, full screen
            for _ in range(8):                                   # Enter through the narration
                await screen.keys("\r")
                await screen.more()                              # the next step drawn
                if "the number of your choice" in screen.text:
                    break
            await screen.wait_for(". Only its own number")          # the choices, drawn whole
            wrong = re.search(r"(\d)\. Only its own number", screen.text).group(1)
            await screen.keys(wrong, "\r")                       # a wrong choice
            await screen.wait_for(f"You said {wrong}.")
        # the tab closed: the server asked the tutor to quit, and it saved the try
        await until(lambda: learner_processes(folder) == [], what="the process ending")
    ada = open_store(store_url, "ada")
    state = ada.lesson_state("intro")
    assert state["question"]["attempts"] == 1 and not state["question"]["correct"], state
    [answer] = [e for e in ada.events() if e["kind"] == "answer"]
    assert answer["answer"] == wrong and answer["correct"] is False
    assert open_store(store_url, "bob").events() == []           # nothing under another name
    assert not (folder / "learners" / "bob").exists()
    assert oct((folder / "learners" / "ada").stat().st_mode & 0o777) == "0o700"


async def test_a_browser_that_leaves_while_the_tutor_starts_leaves_no_process(folder):
    codes = add(folder, "ada")
    async with running_server(folder) as (app, url), client() as browser:
        await sign_in(browser, url, "ada", codes["ada"])
        ws = await browser.ws_connect(url + "ws")
        await until(lambda: learner_processes(folder), what="the learner's process starting")
        await ws.close()                                          # before its first frame
        await until(lambda: learner_processes(folder) == [], seconds=5,
                    what="every learner process ending")
        await until(lambda: app[DOOR].supervisor.sessions == {}, seconds=5,
                    what="the session forgotten")


async def test_a_full_server_says_when_to_try_again_and_an_idle_session_ends(folder):
    codes = add(folder, "ada", "bob")
    limits = Limits(grace_seconds=0.5, start_seconds=120, max_sessions=1)
    async with running_server(folder, limits) as (app, url), client() as a, client() as b:
        await sign_in(a, url, "ada", codes["ada"])
        await sign_in(b, url, "bob", codes["bob"])
        async with a.ws_connect(url + "ws") as ada:
            await Screen(ada).wait_for("Pick a lesson")
            async with b.ws_connect(url + "ws") as bob:
                await Screen(bob).wait_for("full just now: try again in")
            supervisor = app[DOOR].supervisor
            supervisor.sessions["ada"].last_input -= limits.idle_seconds + 1   # the clock
            assert await supervisor.cull_idle() == ["ada"]
            assert await closed(ada)
        await until(lambda: learner_processes(folder) == [], what="the idle session ending")


def test_a_long_wait_to_start_is_full_and_names_the_wait_it_would_be():
    supervisor = Supervisor(Limits(max_starting=2, max_wait_seconds=5))
    supervisor.start_time = 3.0           # starts took 3 s lately
    supervisor.admit()                    # nobody waiting: (0 + 1) / 2 * 3 = 1.5 s
    supervisor.waiting = 3                # (3 + 1) / 2 * 3 = 6 s, more than 5
    with pytest.raises(Full) as full:
        supervisor.admit()
    assert full.value.retry == 6
    supervisor.started(0.1)               # a quick start: 0.8 * 3 + 0.2 * 0.1 = 2.42 s
    supervisor.admit()                    # (3 + 1) / 2 * 2.42 = 4.84 s: in


async def test_a_second_tab_takes_over_and_a_restart_keeps_the_sign_in(folder):
    codes = add(folder, "ada")
    async with client() as browser:
        async with running_server(folder) as (app, url):
            await sign_in(browser, url, "ada", codes["ada"])
            async with browser.ws_connect(url + "ws") as first:
                await Screen(first).wait_for("Pick a lesson")
                async with browser.ws_connect(url + "ws") as second:
                    await Screen(second).wait_for("Pick a lesson")
                    assert await closed(first)
                    assert len(learner_processes(folder)) == 1
        assert learner_processes(folder) == []          # the server's end ended its sessions
        async with running_server(folder) as (app, url):                 # started again
            page = await browser.get(url)
            assert "textual.js" in await page.text()    # still signed in: the tutor's page
