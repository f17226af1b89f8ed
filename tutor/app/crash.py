"""When the app itself fails: the learner's progress first, the details in a log file,
one plain sentence on the terminal instead of a traceback, and a non-zero exit status."""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from pathlib import Path

LOG_NAME = "crash.log"


def write_crash_log(error: BaseException, folder: Path) -> Path | None:
    """Write the traceback in the learner's data folder (else in the temp folder), readable
    only by the learner; the path written, or None if nowhere could be written."""
    text = (f"micrograd-tutor crashed at {time.strftime('%Y-%m-%d %H:%M:%S')}\n"
            + "".join(traceback.format_exception(type(error), error, error.__traceback__)))
    for path in (folder / LOG_NAME,
                 Path(tempfile.gettempdir()) / f"micrograd-tutor-{os.getuid()}-{LOG_NAME}"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as log:
                log.write(text)
            return path
        except OSError:
            continue
    return None


def crash_message(error: BaseException, log: Path | None, saved: bool) -> str:
    """The sentence the learner reads after a crash."""
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    parts = [f"micrograd-tutor stopped because of a bug in it ({what})."]
    parts.append("Your progress is saved." if saved else
                 "Your progress up to the last step is saved.")
    if log is not None:
        parts.append(f"The details are in {log}; please include that file if you report it.")
    parts.append("Line mode (micrograd-tutor --plain) is the same course.")
    return " ".join(parts)
