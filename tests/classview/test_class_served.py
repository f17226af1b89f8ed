"""``micrograd-tutor class view`` on Textual's web driver, started as the class server starts a learner's tutor
(tutor.serve.supervisor: a clean environment, packets on standard input and output): it draws the class,
answers keys, and ends cleanly when the server asks it to quit."""

from __future__ import annotations

import asyncio
import re
import sys
import time

from class_script import close, write_class
from tutor.serve.supervisor import Limits, LearnerProcess

ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


async def test_the_view_runs_under_the_served_driver(tmp_path):
    url = f"sqlite:///{tmp_path / 'answers.sqlite3'}"
    stores = write_class(url)
    seen = bytearray()

    async def on_output(data: bytes) -> None:
        seen.extend(data)

    def text() -> str:
        return ESCAPES.sub(b"", bytes(seen)).decode("utf-8", "replace")

    async def until(words: str, seconds: float = 60.0) -> None:
        end = time.monotonic() + seconds
        while words not in text():
            assert time.monotonic() < end, f"{words!r} never came: {text()[-600:]!r}"
            await asyncio.sleep(0.05)

    teacher = LearnerProcess(
        "tess", tmp_path / "tess", Limits(grace_seconds=5, start_seconds=120),
        extra_env={"MICROGRAD_TUTOR_DB": url},
        argv=[sys.executable, "-m", "tutor.cli", "class", "view"])
    await teacher.start(80, 24, on_output)
    try:
        await asyncio.wait_for(teacher.ready.wait(), 120)
        await until("6 learners")
        await until("sorted by name")
        await teacher.keys("4")
        await until("learners stuck")
    finally:
        await teacher.stop()
        close(stores)
    assert teacher.proc.returncode == 0, teacher.stderr_tail.decode(errors="replace")
    assert b"Traceback" not in teacher.stderr_tail
