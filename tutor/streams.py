"""Standard streams that fail: a reader that goes away (``| head``), a full disk, none at all.

Whatever happens to them, the tutor ends with a line on standard error where one
can be written, and with the conventional status, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys

from rich.console import Console

__all__ = ["LineConsole", "PIPE_CLOSED_STATUS", "drop_stdout", "say_on_stderr"]

PIPE_CLOSED_STATUS = 128 + signal.SIGPIPE   # 141: what a shell shows for 'yes | head -1'


class LineConsole(Console):
    """A rich Console whose reader going away is a BrokenPipeError for the caller to end
    quietly with (rich's own answer is to exit at once with status 1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "standard output was closed by its reader")


def drop_stdout() -> None:
    """Send what is left for standard output to /dev/null, so that Python's last flush on
    the way out does not fail again (and print a traceback of its own)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def say_on_stderr(message: str) -> None:
    """One line on standard error, if there is a standard error that works."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(message, file=sys.stderr, flush=True)
