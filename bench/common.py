"""What every benchmark shares: timing a call and the result row that bench/run.py records."""

from __future__ import annotations

import time


def timed(fn):
    """``(fn(), seconds)``."""
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def row(case: str, ours: float, base: float, note: str, **extra) -> dict:
    """One result: our seconds, the baseline's seconds measured in the same run, their ratio."""
    return {"case": case, "seconds": round(ours, 4), "baseline_seconds": round(base, 4),
            "ratio": round(ours / base, 3) if base else None, "note": note, **extra}
