"""What a learner's process is held to, set inside the process itself (between fork and
exec, or in a child forked from the pre-loaded process): its memory and CPU, no core files,
death with its parent, and a name that ``ps`` shows."""

from __future__ import annotations

import contextlib
import signal

__all__ = ["limit_process", "die_with_parent", "set_name"]

PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15


def _prctl(option: int, value) -> None:
    with contextlib.suppress(Exception):          # Linux only; elsewhere the limits still hold
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


def limit_process(memory: int, cpu_seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def die_with_parent() -> None:
    """SIGKILL when the process that started this one ends (the server, or the zygote)."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def set_name(name: str) -> None:
    """The name ps and top show (15 bytes at most)."""
    import ctypes

    with contextlib.suppress(Exception):
        _prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]))
