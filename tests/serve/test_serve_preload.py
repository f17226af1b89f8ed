"""Learners forked from the server's pre-loaded process: held exactly as a process started
afresh (own session and group, limits, home, nothing of the server's environment), ended
with it, started afresh when it cannot be had, and gone when the server stops."""

import os
import signal
import sys

import pytest

from serve_helpers import (QUICK, Screen, client, closed, learner_processes, preloaded_processes,
                           running_server, sign_in, until)
from tutor.serve import preload
from tutor.serve.accounts import Accounts, class_store_url
from tutor.serve.supervisor import Limits
from tutor.serve.web import DOOR


@pytest.fixture
def folder(tutor_home):
    return tutor_home / "class"


def add(folder, *names):
    roster = Accounts(class_store_url(folder))
    return {name: roster.add(name) for name in names}


def parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat", "rb") as f:
        return int(f.read().rsplit(b")", 1)[1].split()[1])


def address_space_limit(pid: int) -> int:
    with open(f"/proc/{pid}/limits") as f:
        line = next(line for line in f if line.startswith("Max address space"))
    return int(line.split()[3])


async def test_a_learner_is_forked_from_the_preloaded_process_and_held_as_a_fresh_one(
        folder, monkeypatch):
    monkeypatch.setenv("SERVER_ONLY_SECRET", "not for learners")
    codes = add(folder, "ada")
    async with running_server(folder) as (app, url), client() as browser:
        await sign_in(browser, url, "ada", codes["ada"])
        async with browser.ws_connect(url + "ws") as ws:
            await Screen(ws).wait_for("Pick a lesson")
            [learner], [zygote] = learner_processes(folder), preloaded_processes(folder)
            assert parent_of(learner) == zygote and parent_of(zygote) == os.getpid()
            assert os.getsid(learner) == learner and os.getpgid(learner) == learner
            assert address_space_limit(learner) == QUICK.memory
            assert os.readlink(f"/proc/{learner}/cwd") == str(folder / "learners" / "ada")
            with open(f"/proc/{zygote}/environ", "rb") as f:
                assert b"SERVER_ONLY_SECRET" not in f.read()
            assert app[DOOR].supervisor.sessions["ada"].pid == learner
        await until(lambda: learner_processes(folder) == [], seconds=5,
                    what="ada's process ending with her tab")
        assert preloaded_processes(folder) == [zygote]       # ready for the next learner
    assert preloaded_processes(folder) == []                 # the server's end ended it


async def test_when_the_preloaded_process_dies_its_learners_end_and_the_next_start(folder):
    codes = add(folder, "ada")
    async with running_server(folder) as (app, url), client() as browser:
        await sign_in(browser, url, "ada", codes["ada"])
        async with browser.ws_connect(url + "ws") as ws:
            await Screen(ws).wait_for("Pick a lesson")
            [zygote] = preloaded_processes(folder)
            os.kill(zygote, signal.SIGKILL)
            assert await closed(ws)
        await until(lambda: learner_processes(folder) == [], seconds=5,
                    what="ada's process ending with the pre-loaded one")
        async with browser.ws_connect(url + "ws") as ws:          # she comes back
            await Screen(ws).wait_for("Pick a lesson")
            [again] = preloaded_processes(folder)
            assert again != zygote and parent_of(learner_processes(folder)[0]) == again


@pytest.mark.parametrize("how", ["cannot load", "switched off"])
async def test_without_the_preloaded_process_learners_are_started_afresh(folder, monkeypatch,
                                                                         capfd, how):
    limits = QUICK
    if how == "cannot load":
        monkeypatch.setattr(preload, "preload_argv", lambda fd: [
            sys.executable, "-c", "import sys; sys.exit('ImportError: no textual here')"])
    else:
        limits = Limits(grace_seconds=0.5, start_seconds=120, preload=False)
    codes = add(folder, "ada", "bob")
    async with running_server(folder, limits) as (app, url):
        for name in ("ada", "bob"):
            async with client() as browser:
                await sign_in(browser, url, name, codes[name])
                async with browser.ws_connect(url + "ws") as ws:
                    await Screen(ws).wait_for("Pick a lesson")
                    [learner] = learner_processes(folder)
                    assert parent_of(learner) == os.getpid()      # started by the server
            await until(lambda: learner_processes(folder) == [], seconds=5,
                        what=f"{name}'s process ending")
        assert preloaded_processes(folder) == []
    log = capfd.readouterr().err
    if how == "cannot load":              # said once, not once a learner
        assert log.count("the pre-loaded learner process:") == 1
        assert "no textual here" in log and "afresh" in log
    else:
        assert "pre-loaded" not in log


@pytest.mark.parametrize("preloaded", [True, False], ids=["forked", "afresh"])
async def test_a_learners_process_killed_from_outside_is_logged_and_the_learner_told(
        folder, capfd, preloaded):
    codes = add(folder, "ada")
    limits = Limits(grace_seconds=0.5, start_seconds=120, preload=preloaded)
    async with running_server(folder, limits) as (app, url), client() as browser:
        await sign_in(browser, url, "ada", codes["ada"])
        async with browser.ws_connect(url + "ws") as ws:
            screen = Screen(ws)
            await screen.wait_for("Pick a lesson")
            [learner] = learner_processes(folder)
            os.kill(learner, signal.SIGKILL)             # as the kernel's OOM killer would
            await screen.wait_for("The tutor ended unexpectedly (status -9); what you "
                                  "answered is kept.")
            assert await closed(ws)
        assert app[DOOR].supervisor.sessions == {}
    assert "ada: the tutor ended by itself (status -9): it said nothing" in capfd.readouterr().err
