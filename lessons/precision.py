"""How precisely a number answer must be typed: the precision a prompt states, or the one
stated for it when its answer only has a rounded decimal form (2/3), and what that accepts.

A question graded at the default tolerance whose answer has no short decimal form gets a
note shown after its prompt ("Two decimals are enough."), and the answer rounded so is
right: 0.67 for 2/3.  A prompt that states "(Three decimals.)" accepts the answer
rounded to three decimals.  An answer with a short form (0.125, -8e-05) gets no note.
"""

from __future__ import annotations

import math
import re

__all__ = ["stated_places", "precision_note", "rounding_tolerance", "PRECISION_RE", "Graded",
           "DEFAULT_ABS_TOL", "DEFAULT_REL_TOL"]

# A number answer is right when |typed - answer| <= abs_tol + rel_tol * |answer|, or
# within the rounding the prompt states (or that is stated for it).
DEFAULT_ABS_TOL = 1e-6   # only matters for answers at or near 0
DEFAULT_REL_TOL = 0.01

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}
PRECISION_RE = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
                          r"(?:\s+or\s+\w+)?\s+decimals?\b", re.IGNORECASE)


def stated_places(prompt: str) -> int | None:
    """3 for a prompt saying "(Three decimals.)", else None."""
    m = PRECISION_RE.search(prompt)
    if not m:
        return None
    word = m.group(1).lower()
    return _WORDS.get(word) or int(word)


def _short(answer: float) -> bool:
    """The answer is written exactly in three decimals or three significant digits."""
    if not math.isfinite(answer):
        return True
    return (abs(answer - round(answer, 3)) <= 1e-12 * max(1.0, abs(answer))
            or abs(answer - float(f"{answer:.3g}")) <= 1e-12 * max(1.0, abs(answer)))


def _automatic(answer: float) -> tuple[str, float]:
    if _short(answer):
        return "", 0.0
    if abs(answer) >= 0.1:
        return "Two decimals are enough.", 0.005
    digit = math.floor(math.log10(abs(answer)))
    return "Three significant digits are enough.", 0.5 * 10.0 ** (digit - 2)


def precision_note(prompt: str, answer: float, default_tolerance: bool) -> str:
    """The note shown after the prompt, or '' (the prompt states its own, or needs none)."""
    if stated_places(prompt) is not None or not default_tolerance:
        return ""
    return _automatic(answer)[0]


def rounding_tolerance(prompt: str, answer: float, default_tolerance: bool) -> float:
    """How far a typed answer may be from the right one because it was rounded as stated."""
    places = stated_places(prompt)
    if places is not None:
        return 0.5 * 10.0 ** -places + 1e-12
    if not default_tolerance:
        return 0.0
    tol = _automatic(answer)[1]
    return tol + 1e-12 if tol else 0.0


class Graded:
    """What a number question accepts (``abs_tol``, ``rel_tol``, ``prompt``, ``answer``
    are the question's own), and the precision note its prompt is shown with."""

    def accepts(self, x: float) -> bool:
        off = abs(x - self.answer)
        return off <= self.abs_tol + self.rel_tol * abs(self.answer) or off <= \
            rounding_tolerance(self.prompt, self.answer, self._default_tolerance)

    @property
    def precision_note(self) -> str:
        """'Two decimals are enough.' where the answer is rounded and the prompt says not."""
        return precision_note(self.prompt, self.answer, self._default_tolerance)

    @property
    def _default_tolerance(self) -> bool:
        return (self.abs_tol, self.rel_tol) == (DEFAULT_ABS_TOL, DEFAULT_REL_TOL)
