"""Pearson's r with a 95% confidence interval by Fisher's z. Pure Python, no Django.

The interval: z = atanh(r), standard error 1 / sqrt(n − 3), z ± 1.96·se, back
through tanh. It needs n ≥ 4 and is only a fair guide for a few dozen pairs or
more, which is why the screens state a minimum (`MIN_PAIRS`) and say "too little
data" below it rather than show a number that looks firmer than it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the two-sided 95% quantile of the standard normal


@dataclass(frozen=True)
class Correlation:
    """r (None when either side does not vary), n pairs and the 95% interval."""

    n: int
    r: float | None
    low: float | None
    high: float | None

    @property
    def interval_includes_zero(self) -> bool:
        return self.low is None or self.high is None or self.low <= 0 <= self.high


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of paired values; None with fewer than two pairs or no variation."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys must have the same length")
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = math.fsum(xs) / n, math.fsum(ys) / n
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    syy = math.fsum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    r = sxy / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))  # rounding may step just outside


def fisher_interval(r: float, n: int, z_crit: float = Z_95) -> tuple[float, float] | None:
    """The confidence interval of r by Fisher's z; None when n < 4."""
    if n < 4:
        return None
    if abs(r) >= 1:
        return (r, r)
    z = math.atanh(r)
    half = z_crit / math.sqrt(n - 3)
    return (math.tanh(z - half), math.tanh(z + half))


def correlate(xs: Sequence[float], ys: Sequence[float]) -> Correlation:
    r = pearson(xs, ys)
    interval = fisher_interval(r, len(xs)) if r is not None else None
    low, high = interval if interval else (None, None)
    return Correlation(n=len(xs), r=r, low=low, high=high)
