"""Where the learner's store is: the data folder, the store URL (--db, MICROGRAD_TUTOR_DB),
and who the learner is (the OS user, or --learner NAME with a store URL)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tutor.text import visible

__all__ = ["HOME_VARIABLE", "DB_VARIABLE", "FILE_NAME", "JSON_NAME", "data_dir", "Target",
           "target", "configure", "UrlError", "MAX_LEARNER"]

HOME_VARIABLE = "MICROGRAD_TUTOR_HOME"
DB_VARIABLE = "MICROGRAD_TUTOR_DB"
FILE_NAME = "progress.sqlite3"    # the default store, in the data folder
JSON_NAME = "progress.json"       # the store of earlier versions, imported on first start
MAX_LEARNER = 200                 # characters in a learner's name

_chosen: dict = {"url": None, "learner": None}   # set by the command line (configure)


class UrlError(ValueError):
    """A store URL or learner name that cannot be used: the message says why."""


def data_dir() -> Path:
    """``$MICROGRAD_TUTOR_HOME`` when set, else the platform's user data folder."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("micrograd-tutor", appauthor=False))


@dataclass(frozen=True)
class Target:
    """Which store and which learner: ``engine`` is "sqlite" or "postgresql"."""

    engine: str
    path: Path | None = None     # SQLite: the file
    url: str | None = None       # PostgreSQL: the URL as given
    learner: str = ""
    default: bool = False        # the learner's own file in the data folder

    @property
    def where(self) -> str:
        """For messages: the file, or the server and database (never a password)."""
        if self.path is not None:
            return visible(str(self.path))
        return visible(_without_password(self.url))


def configure(url: str | None = None, learner: str | None = None) -> None:
    """The command line's --db and --learner, for every store this process opens.
    Raises UrlError for a URL or name that cannot be used."""
    chosen_url = url or os.environ.get(DB_VARIABLE) or None
    if learner is not None and not chosen_url:
        raise UrlError("--learner needs a store URL: --db URL or "
                       f"{DB_VARIABLE}=postgresql://... (on your own machine you are "
                       "the learner)")
    if chosen_url:
        parse(chosen_url, learner)      # refuse a bad one now, before anything starts
    _chosen["url"], _chosen["learner"] = url, learner


def target(url: str | None = None, learner: str | None = None) -> Target:
    """The store to open: the arguments, else the command line's, else
    MICROGRAD_TUTOR_DB, else the learner's own SQLite file in the data folder."""
    url = url or _chosen["url"] or os.environ.get(DB_VARIABLE) or None
    learner = learner or _chosen["learner"]
    if not url:
        return Target("sqlite", path=data_dir() / FILE_NAME, learner=learner or os_user(),
                      default=True)
    return parse(url, learner)


def parse(url: str, learner: str | None) -> Target:
    name = check_learner(learner) if learner is not None else os_user()
    if url.startswith(("postgresql://", "postgres://")):
        return Target("postgresql", url=url, learner=name)
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        path = Path(url[len("sqlite:///"):]).expanduser()
        default = path == data_dir() / FILE_NAME
        return Target("sqlite", path=path, learner=name, default=default)
    raise UrlError(f"cannot use the store URL {visible(_without_password(url))!r}: "
                   "give postgresql://USER@HOST/DATABASE or sqlite:///PATH")


def check_learner(name: str) -> str:
    if not name or len(name) > MAX_LEARNER or not name.isprintable() or name != name.strip():
        raise UrlError(f"cannot use the learner name {visible(name[:40])!r}: 1 to "
                       f"{MAX_LEARNER} printable characters, no spaces at either end")
    return name


def os_user() -> str:
    """The learner on one machine: the OS user."""
    import getpass

    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):   # no user name: a container without passwd
        name = ""
    return name if name and len(name) <= MAX_LEARNER and name.isprintable() else "me"


def _without_password(url: str | None) -> str:
    """postgresql://ann:secret@host/db -> postgresql://ann@host/db."""
    if not url:
        return ""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url.split("?")[0]
    user = credentials.split(":")[0]
    return f"{scheme}://{user}@{host}".split("?")[0]
