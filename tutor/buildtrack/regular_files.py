"""Reading a learner's file only when it is a regular file inside their folder: never blocking
on a FIFO or a device, never following a link out of the folder, never more than a limit.

``read_bytes(root, rel, limit)`` is the one way the build track reads a workspace file
(the editor, line mode, a reset, the copy a check gets); ``problem(root, rel)`` says why
a path that is there cannot be used, for the front ends to show in one line.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["FileProblem", "TooBig", "read_bytes", "problem", "size_words"]


class FileProblem(Exception):
    """A path that is there but is no file the tutor can read; ``str()`` says why
    ("micrograd/engine.py is a folder, not a file")."""


class TooBig(FileProblem):
    """A regular file bigger than the limit it was read with."""

    def __init__(self, rel: str, size: int, limit: int):
        super().__init__(f"{rel} is {size_words(size)}, more than {size_words(limit)}")
        self.rel, self.size, self.limit = rel, size, limit


def size_words(n: int) -> str:
    """2097152 -> '2 MB', 3100000 -> '3.0 MB', 81920 -> '80 KB', 7 -> '7 bytes'."""
    if n >= 1 << 20:
        mb = n / (1 << 20)
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    if n >= 1024:
        return f"{round(n / 1024)} KB"
    return f"{n} bytes"


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _not_a_file(rel: str, mode: int) -> FileProblem | None:
    for test, kind in _KINDS:
        if test(mode):
            return FileProblem(f"{rel} is {kind}, not a file")
    if not stat.S_ISREG(mode):
        return FileProblem(f"{rel} is not a file")
    return None


def _stat_problem(root: str, rel: str, error: OSError) -> FileProblem:
    if error.errno == errno.ENOTDIR:        # micrograd/ is a file: name the one in the way
        if not os.path.isdir(root):
            return FileProblem(f"{root} is not a folder (it should hold {rel})")
        parts = rel.split("/")
        for i in range(1, len(parts)):
            inside = "/".join(parts[:i])
            if os.path.lexists(os.path.join(root, inside)) and \
                    not os.path.isdir(os.path.join(root, inside)):
                return FileProblem(f"{inside} is a file, not a folder (it should hold {rel})")
    if error.errno == errno.ELOOP:
        return FileProblem(f"{rel} is a link that leads back to itself")
    return FileProblem(f"{rel} cannot be read: {error.strerror or error}")


def read_bytes(root, rel: str, limit: int | None = None) -> bytes | None:
    """The bytes of ``root/rel``, None when nothing is there; FileProblem when it is a
    folder, a FIFO, a device, a link out of ``root`` or to nothing, cannot be read, or
    (TooBig) is longer than ``limit``.  Never blocks: the file is opened non-blocking
    and looked at again once open, so one swapped in meanwhile is refused too."""
    bad = problem(root, rel, limit)
    if bad is not None:
        raise bad
    root = os.fspath(root)
    path = os.path.join(root, rel)
    try:
        fd = os.open(path,
                     os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:                  # not there (or gone since it was looked at)
        return None
    except OSError as e:
        raise _stat_problem(root, rel, e) from None
    try:
        opened = os.fstat(fd)
        _check(rel, opened, limit)
        if not _inside(root, path, opened):       # swapped for a link out meanwhile
            raise FileProblem(f"{rel} changed while it was being opened")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:      # grew while being read
                raise TooBig(rel, size, limit)
    except OSError as e:
        raise FileProblem(f"{rel} cannot be read: {e.strerror or e}") from None
    finally:
        os.close(fd)


def _inside(root: str, path: str, opened: os.stat_result) -> bool:
    real = os.path.realpath(path)
    try:
        return real.startswith(os.path.realpath(root) + os.sep) and \
            os.path.samestat(opened, os.stat(real))
    except OSError:
        return False


def _check(rel: str, st: os.stat_result, limit: int | None) -> None:
    bad = _not_a_file(rel, st.st_mode)
    if bad is not None:
        raise bad
    if limit is not None and st.st_size > limit:
        raise TooBig(rel, st.st_size, limit)


def problem(root, rel: str, limit: int | None = None) -> FileProblem | None:
    """Why ``root/rel`` cannot be read as the learner's file, or None (a regular file
    inside ``root`` within the limit, or nothing there).  Opens nothing: it looks."""
    root = os.fspath(root)
    path = os.path.join(root, rel)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return FileProblem(f"{rel} is a link to {os.readlink(path)}, which is not there")
        return None
    except OSError as e:
        return _stat_problem(root, rel, e)
    if not os.path.realpath(path).startswith(os.path.realpath(root) + os.sep):
        return FileProblem(f"{rel} is a link to {os.path.realpath(path)}, outside the folder "
                           f"{root}")
    try:
        _check(rel, st, limit)
    except FileProblem as bad:
        return bad
    return None
