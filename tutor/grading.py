"""Reading answers as people type them, and whether they are right.

What a wrong answer got wrong is ``tutor.diagnosis``'s business.

Parsing never raises anything but ``Unreadable``, whose message says what is
accepted; an unreadable answer does not count as an attempt.
"""

from __future__ import annotations

import math
import re

from lessons.steps import Question
from tutor.text import visible

__all__ = ["Unreadable", "parse_number", "parse_sign", "parse_choice", "parse_answer",
           "is_correct", "SIGN_WORDS", "accepted_help"]


class Unreadable(ValueError):
    """The answer could not be read; the message says what is accepted."""


NUMBER_HELP = "Type a number, e.g. -3, 6.0, .5, 1e-3, -1/2 or 4*3."
SIGN_HELP = "Type + (up), - (down) or 0 (stays the same); the words up, down, same work too."

SIGN_WORDS = {
    1: ("+", "up", "u", "increase", "increases", "positive", "pos", "higher", "+1", "1", "rises",
        "goes up"),
    -1: ("-", "down", "d", "decrease", "decreases", "negative", "neg", "lower", "-1", "falls",
         "goes down"),
    0: ("0", "same", "s", "=", "none", "no change", "unchanged", "stays", "stays the same",
        "zero", "flat", "neither", "nothing"),
}

# Parsing takes time in proportion to the answer's length: no pattern here can split a
# run of digits or spaces two ways, and an answer longer than MAX_ANSWER_CHARS (a paste
# gone wrong, a stuck key) is refused before it is read.
MAX_ANSWER_CHARS = 300

# One way only to read a run of digits (\d+ then, after a dot, \d*), so a failed
# match gives up in linear time; '\d+\.?\d*' tried every split of "1111...x".
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?"
_NUMBER_RE = re.compile(rf"^{_NUMBER}$")
_FRACTION_RE = re.compile(rf"^({_NUMBER})/({_NUMBER})$")
_SPACED_OPERATOR_RE = re.compile(r" ?([/+*-]) ?")  # on text whose spaces are single
_TIMES = str.maketrans({"\u00d7": "*", "\u00b7": "*", "\u22c5": "*"})   # 4×3, 4·3
# A number, then a word: '20.0 units', '6 km/h'.  The number is read on its own after.
_UNIT_RE = re.compile(r"^([\d.e+/*-]+) ([a-z][a-z/² ]*)$")  # one split only: the first space
_X_RE = re.compile(r"(?<=\d) x (?=[\d.+-])")                 # 4 x 3 is 4*3; 0x10 is not


def _clean(text: str, help_text: str) -> str:
    if len(text) > MAX_ANSWER_CHARS:
        raise Unreadable(f"That is longer than {MAX_ANSWER_CHARS} characters: too long for "
                         f"an answer. {help_text}")
    return _normal(text)


def _normal(text: str) -> str:
    text = text.strip().lower()
    return text.replace("\u2212", "-").replace("\u2013", "-")  # typographic minus signs


def parse_number(text: str) -> float:
    """'-3', '6.0', '.5', '1e-3', '-1/2', ' 2 ', '4*3', '4 × 3' -> float; '20 units' is
    refused with the reason (type the number alone)."""
    spaced = " ".join(_clean(text, NUMBER_HELP).translate(_TIMES).split())  # one space
    s = _SPACED_OPERATOR_RE.sub(r"\1", _X_RE.sub("*", spaced))  # '- 3', '1 / 2', '4 x 3'
    if not s:
        raise Unreadable(f"Nothing typed. {NUMBER_HELP}")
    unit = _UNIT_RE.match(s)
    if unit and _plain(unit.group(1)) is not None and not _NUMBER_RE.match(s):
        raise Unreadable(f"Type the number alone, without the word "
                         f"'{visible(unit.group(2))}': {visible(unit.group(1))}.")
    if " " in s:
        raise Unreadable(f"{_shown(text)} has a space inside a number. {NUMBER_HELP}")
    factors = s.split("*")
    values = [_plain(f) for f in factors]
    if len(factors) > 1 and all(v is not None for v in values):
        x = math.prod(values)           # a product of plain numbers: 4*3, 2*-1/2
    elif (x := values[0] if len(factors) == 1 else None) is not None:
        pass
    elif "," in s and _NUMBER_RE.match(s.replace(",", ".")):
        raise Unreadable(f"Use a dot for decimals: {visible(s.replace(',', '.'))}, "
                         f"not {visible(s)}.")
    else:
        raise Unreadable(f"{_shown(text)} is not a number I can read. {NUMBER_HELP}")
    if not math.isfinite(x):
        raise Unreadable(f"{_shown(text)} is too large. {NUMBER_HELP}")
    return x


def _plain(s: str) -> float | None:
    """A number or a fraction of two numbers, else None (parsed, never evaluated)."""
    if _NUMBER_RE.match(s):
        return float(s)
    if m := _FRACTION_RE.match(s):
        top, bottom = float(m.group(1)), float(m.group(2))
        if bottom == 0:
            raise Unreadable(f"'{visible(s)}' divides by zero. {NUMBER_HELP}")
        return top / bottom
    return None


def _shown(text: str) -> str:
    """The learner's input, quoted, cut short if it is long, control characters visible."""
    text = text.strip()
    return "'" + visible(text if len(text) <= 30 else text[:27] + "...") + "'"


def parse_sign(text: str) -> int:
    s = " ".join(_clean(text, SIGN_HELP).split())
    if not s:
        raise Unreadable(f"Nothing typed. {SIGN_HELP}")
    for sign, words in SIGN_WORDS.items():
        if s in words:
            return sign
    raise Unreadable(f"{_shown(text)} is not a direction I know. {SIGN_HELP}")


def parse_choice(text: str, n: int, choices=()) -> int:
    """'2' or 'b' -> index 1.  Choices are numbered from 1 and lettered from a.
    A digit is always a choice's number; other text that is a choice's own text
    (say 'f', when the choices are a, b, c, f) picks that choice."""
    s = _clean(text, f"Type the number of a choice, 1 to {n}.").rstrip(").")
    if not s:
        raise Unreadable(f"Nothing typed. Type the number of a choice, 1 to {n}.")
    letters = "abcdefghij"[:n]
    if s.isdecimal() and len(s) <= 9 and 1 <= int(s) <= n:  # int() fails on "²" and on 5000 digits
        return int(s) - 1
    texts = [_normal(str(c)) for c in choices]
    if s in texts:
        return texts.index(s)
    if len(s) == 1 and s in letters:
        return letters.index(s)
    raise Unreadable(f"Type the number of a choice, 1 to {n} (or a letter, a to {letters[-1]}).")


def accepted_help(question: Question) -> str:
    if question.kind == "sign":
        return SIGN_HELP
    if question.kind == "choice":
        return f"Type the number of a choice, 1 to {len(question.choices)}."
    return NUMBER_HELP


def parse_answer(question: Question, text: str):
    if question.kind == "sign":
        return parse_sign(text)
    if question.kind == "choice":
        return parse_choice(text, len(question.choices), question.choices)
    return parse_number(text)


def is_correct(question: Question, value) -> bool:
    if question.kind in ("sign", "choice"):
        return value == question.answer
    return question.accepts(value)
