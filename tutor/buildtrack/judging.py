"""What the build track's judges share: numbers equal up to rounding, a learner's number
shown, the "yours" notes on a tree, a failing verdict."""

from __future__ import annotations

import math

from rich.text import Text

from tutor.buildtrack.verdict import Verdict
from tutor.expression import fmt

__all__ = ["close", "shown", "note", "listed", "fail"]


def close(got, want) -> bool:
    """Equal up to rounding (the learner may add in another order)."""
    if not isinstance(got, float) or not isinstance(want, float):
        return False
    if math.isnan(want):
        return math.isnan(got)
    return abs(got - want) <= 1e-6 * max(1.0, abs(want))


def shown(x) -> str:
    if isinstance(x, float):
        return fmt(x)
    kind = x.get("bad", "?")
    if kind == "missing":
        return "missing"
    return f"a {kind} ({x.get('repr', '')})" if kind != "Value" else x.get("repr", "a Value")


def note(value, ok: bool) -> Text:
    return Text(f"   yours {shown(value)}", style="dim" if ok else "bold red")


def listed(values) -> str:
    return "[" + ", ".join(shown(v) for v in values) + "]"


def fail(exercise, summary, kind, **more) -> Verdict:
    return Verdict(exercise, False, summary, kind, **more)
