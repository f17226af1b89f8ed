"""Marked regions in the learner's files: find, read, replace, insert.

A region is the lines between a start and an end marker, indented as the code
around it::

        # >>> tanh  (exercise 8)
        def tanh(self):
            ...
        # <<< tanh

The scheme, chosen to be simple and to survive the learner's editing:

- Only the two marker lines belong to the tutor; everything between them, and
  everything outside all regions, is the learner's.  Nothing here parses Python,
  so a file with a syntax error half-way through an edit is handled the same.
- A missing region (a new exercise, or markers the learner deleted) is
  *inserted*, never written over anything: at the end of its class (after the
  last indented line that follows ``class Value:``), or for a top-level region at
  the end of the file, before an ``if __name__ == "__main__":`` block.
- A region whose markers are gone but whose functions or classes are still there
  (``def tanh``) counts as present, so a stub is never added after the learner's
  own code, where it would silently replace it.
"""

from __future__ import annotations

import re

__all__ = ["Block", "parse_blocks", "find", "body", "replace_body", "insert", "defined_names",
           "has_names", "START", "END"]

START = re.compile(r"^(?P<indent>[ \t]*)# >>> (?P<name>[\w-]+)")
END = re.compile(r"^[ \t]*# <<< (?P<name>[\w-]+)")
_DEF = re.compile(r"^[ \t]*(?:def|class)[ \t]+(?P<name>\w+)", re.MULTILINE)


class Block:
    """A region as text: its start marker line, body lines and end marker line."""

    def __init__(self, name: str, start: str, body: list[str], end: str):
        self.name, self.start, self.body, self.end = name, start, body, end

    @property
    def text(self) -> str:
        return "\n".join([self.start, *self.body, self.end])


def parse_blocks(text: str) -> dict[str, Block]:
    """Every complete region in the text, by name (the first one of each name)."""
    lines = text.split("\n")
    blocks: dict[str, Block] = {}
    for name, (i, j) in _spans(lines).items():
        blocks[name] = Block(name, lines[i], lines[i + 1:j], lines[j])
    return blocks


def _spans(lines: list[str]) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    open_: dict[str, int] = {}
    for i, line in enumerate(lines):
        start = START.match(line)
        if start and start["name"] not in spans:
            open_.setdefault(start["name"], i)
            continue
        end = END.match(line)
        if end and end["name"] in open_ and end["name"] not in spans:
            spans[end["name"]] = (open_.pop(end["name"]), i)
    return spans


def find(text: str, name: str) -> tuple[int, int] | None:
    """Line indexes (0-based) of the region's start and end markers, or None."""
    return _spans(text.split("\n")).get(name)


def body(text: str, name: str) -> str | None:
    """The lines between the region's markers, or None when it is not there."""
    span = find(text, name)
    if span is None:
        return None
    return "\n".join(text.split("\n")[span[0] + 1:span[1]])


def replace_body(text: str, name: str, new_body: str) -> str:
    """The text with the region's body replaced (its marker lines kept as they are)."""
    lines = text.split("\n")
    span = _spans(lines).get(name)
    if span is None:
        raise KeyError(name)
    i, j = span
    return "\n".join(lines[:i + 1] + new_body.split("\n") + lines[j:])


def defined_names(code: str) -> list[str]:
    """The functions and classes a piece of code defines (``def tanh`` -> 'tanh')."""
    return [m["name"] for m in _DEF.finditer(code)]


def has_names(text: str, names: list[str]) -> bool:
    """Whether the text defines every one of these names (and there is at least one)."""
    found = set(defined_names(text))
    return bool(names) and all(n in found for n in names)


def insert(text: str, block: str, container: str | None) -> tuple[str, bool]:
    """The text with the block inserted where a new region goes.

    Returns (new text, placed): ``placed`` is False when the container class was
    not found and the block went to the end of the file instead.
    """
    lines = text.rstrip("\n").split("\n") if text.strip() else []
    new = block.rstrip("\n").split("\n")
    if container is not None:
        at = _class_end(lines, container)
        if at is not None:
            return _join(lines[:at] + [""] + new + lines[at:]), True
        return _join(lines + ([""] if lines else []) + new), False
    at = _main_guard(lines)
    if at is None:
        return _join(lines + (["", ""] if lines else []) + new), True
    while at > 0 and not lines[at - 1].strip():     # above the blank lines before it
        at -= 1
    return _join(lines[:at] + ["", ""] + new + lines[at:]), True


def _join(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _class_end(lines: list[str], name: str) -> int | None:
    """The index just after the class's last indented line (its body, comments too)."""
    pattern = re.compile(rf"^class[ \t]+{re.escape(name)}\b")
    for i, line in enumerate(lines):
        if pattern.match(line):
            last = i
            for j in range(i + 1, len(lines)):
                if not lines[j].strip():
                    continue
                if lines[j][0] in " \t":
                    last = j
                else:
                    break
            return last + 1
    return None


def _main_guard(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if re.match(r"^if[ \t]+__name__[ \t]*==", line):
            return i
    return None
