"""Dyad scores over time windows: the parameters of the aggregation and the rows it yields.

The store aggregates claims into :class:`DyadScore` rows (DuckDB numbers them, numpy groups them:
``store/dyads.py``, ``store/dyad_arrays.py``); the network layer turns them into snapshots. Both
sides share these definitions.

Scoring (docs/scoring.md): claims of one pair and relation whose dates lie within
``tolerance_days`` of each other report one **happening**. A happening's weight is the mean
``polarity * intensity * modality weight`` of its reports; its confidence combines the outlets
that report it (``1 - prod(1 - c)`` over distinct outlets, each outlet counted once at its most
confident), and its source weight is the best reliability among them. Extra reports raise
confidence and the count of independent sources, never the weight. A window's score is the sum
over its happenings of ``weight * confidence * source weight``, each discounted by
``0.5 ** (age / half_life_days)`` when a half-life is set (age: days from the happening to the
window's end).

>>> DyadParams(window="month").window
'month'
>>> DyadParams(window="sliding", size_days=90, step_days=30).is_sliding
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from faultlines.model._validate import require

WINDOWS = ("day", "week", "month", "quarter", "year", "all", "sliding")
DEFAULT_RELIABILITY_WEIGHTS = (("A", 1.0), ("B", 0.9), ("C", 0.75), ("D", 0.5), ("E", 0.25), ("F", 0.6))
DEFAULT_MODALITY_WEIGHTS = (("asserted", 1.0), ("future", 0.5), ("hypothetical", 0.25), ("denied", 0.0))
UNGRADED_WEIGHT = 0.6  # a source with no grade counts like F, "cannot be judged"


@dataclass(frozen=True, slots=True)
class DyadParams:
    """How to turn claims into dyad scores.

    ``window``: a calendar window (``day``, ``week``, ``month``, ``quarter``, ``year``), one window
    over everything (``all``), or ``sliding`` windows of ``size_days`` every ``step_days`` from
    ``since``. ``directed`` keeps A->B apart from B->A; otherwise pairs are unordered.
    ``rollup`` scores each actor as its principal on the claim's day (a state's forces and
    officials as the state, a unit as its group: catalogue/rollup.py); proxies stay themselves.
    ``since``/``until`` (inclusive) bound the claims used. ``tolerance_days``: reports of one pair
    and relation this close in time are one happening. ``half_life_days``: optional decay inside
    a window. ``modality_weights`` and ``reliability_weights`` scale claims by modality and by the
    reliability grade of their report (or source).
    """

    window: str = "month"
    directed: bool = False
    rollup: bool = False
    size_days: int | None = None
    step_days: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    tolerance_days: int = 2
    half_life_days: float | None = None
    modality_weights: tuple[tuple[str, float], ...] = DEFAULT_MODALITY_WEIGHTS
    reliability_weights: tuple[tuple[str, float], ...] = DEFAULT_RELIABILITY_WEIGHTS

    def __post_init__(self) -> None:
        require(self.window in WINDOWS, self, "window", f"must be one of {WINDOWS}", self.window)
        if self.is_sliding:
            require(isinstance(self.size_days, int) and self.size_days > 0, self, "size_days",
                    "sliding windows need a size in days > 0", self.size_days)
            require(isinstance(self.step_days, int) and self.step_days > 0, self, "step_days",
                    "sliding windows need a step in days > 0", self.step_days)
        require(self.tolerance_days >= 0, self, "tolerance_days", "must be >= 0", self.tolerance_days)
        require(self.half_life_days is None or self.half_life_days > 0, self, "half_life_days",
                "must be > 0 or None", self.half_life_days)
        if self.since and self.until:
            require(self.since <= self.until, self, "until", f"is before since {self.since}", self.until)

    @property
    def is_sliding(self) -> bool:
        return self.window == "sliding"


@dataclass(frozen=True, slots=True)
class DyadScore:
    """The score of one pair in one window ``[start, end)``, with what it rests on.

    ``a``/``b`` are the source/target actors (directed) or the pair in id order (undirected).
    ``score`` is signed: negative is hostile. ``n_claims`` counts reports, ``n_happenings`` the
    distinct happenings they describe, ``n_independent_sources`` the distinct outlets;
    ``claim_ids`` lists every claim behind the score.
    """

    start: dt.date
    end: dt.date
    a: str
    b: str
    score: float
    n_claims: int
    n_happenings: int
    n_independent_sources: int
    claim_ids: tuple[str, ...] = field(repr=False)
    sources: tuple[str, ...] = field(default=(), repr=False)

    @property
    def sign(self) -> int:
        return (self.score > 0) - (self.score < 0)
