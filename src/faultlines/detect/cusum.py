"""One-sided CUSUM for a downward shift: when did a relation start to sour?

Page's cumulative sum accumulates how far each value falls below the expected level, minus an
allowance (``drift``) that absorbs ordinary noise; it resets at zero. An **alarm** is the first
step where the sum reaches ``threshold``; the **onset** (the change-point estimate) is the step
after the sum last stood at zero before the alarm. Values are in units of a typical score, so
``drift=0.5`` ignores falls smaller than half a typical window and ``threshold=2`` needs about two
typical hostile windows (or four mildly hostile ones) in a row.

>>> c = cusum_down([1.0, 0.0, -1.5, -2.0, 0.5], drift=0.5, threshold=2.0)
>>> c.stats
(0.0, 0.0, 1.0, 2.5, 1.5)
>>> c.alarm, c.onset
(3, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True, slots=True)
class Cusum:
    """The statistic after each step, the alarm step and the onset step (None without an alarm)."""

    stats: tuple[float, ...]
    alarm: int | None
    onset: int | None


def cusum_down(values: Sequence[float], *, drift: float, threshold: float) -> Cusum:
    """Run the downward CUSUM over ``values`` (expected level 0)."""
    stat, stats, last_zero = 0.0, [], -1
    alarm = onset = None
    for i, x in enumerate(values):
        stat = max(0.0, stat - x - drift)
        stats.append(stat)
        if stat == 0.0:
            last_zero = i
        if alarm is None and stat >= threshold:
            alarm, onset = i, last_zero + 1
    return Cusum(tuple(stats), alarm, onset)
