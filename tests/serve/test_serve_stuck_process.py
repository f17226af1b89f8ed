"""A learner's process that stops reading its input (stuck in a lock, stopped, hostile) holds
nobody up: keys sent to it do not block the door, and stop() still ends it, by SIGKILL if
it ignores the rest, although its input pipe is full and the quit can never be read."""

import asyncio
import sys

from tutor.serve.supervisor import Limits, LearnerProcess

# Ready as the web driver says it, then never reads standard input, ignoring SIGTERM.
DEAF = ("import signal, sys, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "sys.stdout.buffer.write(b'__GANGLION__\\n'); sys.stdout.flush()\n"
        "time.sleep(3600)\n")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


async def test_a_process_that_reads_nothing_is_still_ended(tmp_path):
    async def output(data):
        pass

    session = LearnerProcess("ada", tmp_path / "ada", Limits(grace_seconds=0.5, quit_seconds=0.5),
                             argv=[sys.executable, "-c", DEAF])
    await session.start(80, 24, output)
    await asyncio.wait_for(session.ready.wait(), 60)
    pid = session.pid
    for _ in range(4):                    # 4 x 64 KiB: past what the pipe and the buffer hold
        await asyncio.wait_for(session.keys("x" * 65536), 30)
    await asyncio.wait_for(session.stop(), 60)
    assert not alive(pid)
    assert session.proc.returncode is not None and session.proc.returncode < 0
