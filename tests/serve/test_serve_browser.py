"""The class in a real browser: headless Chromium signs in through the form, the tutor
draws in the page (xterm.js on a canvas), a wrong answer typed on the page's keyboard gets
its feedback and is kept; a closed tab leaves no process.

The browser is the distribution's ``chromium``.  Without it this test skips with one line;
``.ci/run`` installs it and sets CI_REQUIRE_BROWSER=1, so there it fails instead."""

import os
import re
from pathlib import Path

import pytest

from browser import browser_page, chromium, png_colours
from serve_helpers import client, learner_processes, running_server, until
from tutor.serve.accounts import Accounts, class_store_url
from tutor.serve.web import DOOR
from tutor.store import open_store

if chromium() is None:
    if os.environ.get("CI_REQUIRE_BROWSER") == "1":
        raise RuntimeError("CI_REQUIRE_BROWSER=1 but there is no chromium on PATH")
    pytest.skip("no chromium on PATH: apt-get install chromium runs this test",
                allow_module_level=True)


async def test_sign_in_answer_and_see_feedback_in_chromium(tutor_home, tmp_path):
    folder = tutor_home / "class"
    roster = Accounts(class_store_url(folder))
    roster.add("ada")
    roster.set_password("ada", "a long passphrase")
    async with running_server(folder) as (app, url), client() as http:
        seen = []                             # what the learner's process drew, as text
        supervisor = app[DOOR].supervisor
        opened = supervisor.open

        async def tapped(name, command, width, height, on_output, on_exit=None):
            async def output(data):
                seen.append(data)
                await on_output(data)
            return await opened(name, command, width, height, output, on_exit)

        supervisor.open = tapped

        def screen() -> str:
            text = b"".join(seen).decode("utf-8", "replace")
            return re.sub(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]", "", text)

        async with browser_page(http) as page:
            await page.call("Page.navigate", url=url)
            await page.until("document.querySelector('input[name=secret]') !== null")
            await page.js("document.querySelector('input[name=name]').value = 'ada';"
                          "document.querySelector('input[name=secret]').value = "
                          "'a long passphrase'; document.querySelector('form').submit(); 1")
            await page.until("document.body.classList.contains('-first-byte')")
            await until(lambda: "Pick a lesson" in screen(), what="the course list")
            # the terminal takes the keys (a click would also pick a lesson on the list)
            await page.until("document.querySelector('.xterm-helper-textarea') !== null")
            await page.js("document.querySelector('.xterm-helper-textarea').focus(); 1")
            for _ in range(8):
                before = len(screen())
                await page.key("Enter")
                await until(lambda: len(screen()) > before, what="the next step drawn")
                if "the number of your choice" in screen():
                    break
            await until(lambda: re.search(r"(\d)\. Only its own number", screen()),
                        what="the choices")
            wrong = re.search(r"(\d)\. Only its own number", screen()).group(1)
            await page.key(wrong)
            await page.key("Enter")
            try:
                await until(lambda: f"You said {wrong}." in screen(), what="the feedback")
            except AssertionError as e:       # say what the tutor drew last
                raise AssertionError(f"{e}; last drawn: {screen()[-1500:]!r}") from None
            shot = await page.screenshot()
            (tmp_path / "served.png").write_bytes(shot)
            width, height, colours = png_colours(shot)
            assert width == 1000 and height > 400 and colours > 8   # drawn, not a blank page
            if os.environ.get("MICROGRAD_TUTOR_SCREENSHOT"):       # the README's picture
                Path(os.environ["MICROGRAD_TUTOR_SCREENSHOT"]).write_bytes(shot)
            await page.call("Page.navigate", url="about:blank")     # the tab moves away
            await until(lambda: learner_processes(folder) == [], what="the process ending")
    state = open_store(class_store_url(folder), "ada").lesson_state("intro")
    assert state["question"]["attempts"] == 1 and not state["question"]["correct"]
