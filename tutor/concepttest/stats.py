"""The gain's formulas: means, spreads, Hake's normalised gain and Cohen's d, on percentages.

For n matched learners with pretest scores pre_i and posttest scores post_i (in %):

- means M_pre, M_post; spreads SD_pre, SD_post: the sample standard deviation
  sqrt(sum((x - M)**2) / (n - 1)), none for fewer than two learners;
- Hake's normalised gain from the class means: <g> = (M_post - M_pre) / (100 - M_pre)
  (none when M_pre is 100: nothing was left to gain);
- individual gains g_i = (post_i - pre_i) / (100 - pre_i), their mean and SD, for the
  learners with pre_i < 100 only (a learner at 100% before cannot gain; the number left
  out is reported);
- Cohen's d, two ways, both reported: the paired d_z = mean(post_i - pre_i) / SD(post_i -
  pre_i) (the effect against how much learners' changes vary: the one a paired test's
  power follows) and d_av = (M_post - M_pre) / sqrt((SD_pre**2 + SD_post**2) / 2) (the
  difference in units of the average spread of the two tests: comparable with d from
  two separate groups).  None when the spread it divides by is 0 or undefined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

__all__ = ["mean", "sd", "hake_gain", "individual_gain", "Summary", "summarise", "TOP"]

TOP = 100.0


def mean(xs: Sequence[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def sd(xs: Sequence[float]) -> float | None:
    """The sample standard deviation (n - 1); None for fewer than two numbers."""
    if len(xs) < 2:
        return None
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def hake_gain(pre: float | None, post: float | None, top: float = TOP) -> float | None:
    """(post - pre) / (top - pre); None when pre is at the top (or a figure is missing)."""
    if pre is None or post is None or pre >= top - 1e-9:
        return None
    return (post - pre) / (top - pre)


def individual_gain(pre: float, post: float) -> float | None:
    """One learner's normalised gain; None at 100% before."""
    return hake_gain(pre, post)


def _ratio(top: float | None, bottom: float | None) -> float | None:
    if top is None or bottom is None or bottom < 1e-12:
        return None
    return top / bottom


@dataclass(frozen=True)
class Summary:
    """The figures of one skill (or of the whole test) over the matched learners."""

    n: int                          # matched learners: both tests taken
    pre_mean: float | None
    post_mean: float | None
    pre_sd: float | None
    post_sd: float | None
    g: float | None                 # <g> from the class means
    g_mean: float | None            # the mean of individual gains
    g_sd: float | None
    at_top: int                     # learners at 100% before: not in g_mean, g_sd
    d_z: float | None
    d_av: float | None


def summarise(pairs: Sequence[tuple[float, float]]) -> Summary:
    """The Summary of (pre %, post %) pairs, one per matched learner."""
    pre = [p for p, _ in pairs]
    post = [q for _, q in pairs]
    m_pre, m_post = mean(pre), mean(post)
    s_pre, s_post = sd(pre), sd(post)
    gains = [individual_gain(p, q) for p, q in pairs]
    kept = [g for g in gains if g is not None]
    diffs = [q - p for p, q in pairs]
    pooled = math.sqrt((s_pre ** 2 + s_post ** 2) / 2) if s_pre is not None and \
        s_post is not None else None
    difference = m_post - m_pre if pairs else None
    return Summary(n=len(pairs), pre_mean=m_pre, post_mean=m_post, pre_sd=s_pre,
                   post_sd=s_post, g=hake_gain(m_pre, m_post), g_mean=mean(kept),
                   g_sd=sd(kept), at_top=len(gains) - len(kept),
                   d_z=_ratio(mean(diffs), sd(diffs)), d_av=_ratio(difference, pooled))
