"""A FIFO for tests that must never hang on one: opening it for reading blocks until a
writer comes, so ``fifo(path)`` is that writer after a minute (code that opens it anyway
then reads an end of file, and its test fails instead of waiting forever)."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path


@contextlib.contextmanager
def fifo(path: Path, release_after: float = 60.0):
    os.mkfifo(path)

    def release():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:                  # nobody is reading it, or it is gone: fine
            return
        os.close(fd)

    timer = threading.Timer(release_after, release)
    timer.daemon = True
    timer.start()
    try:
        yield path
    finally:
        timer.cancel()
