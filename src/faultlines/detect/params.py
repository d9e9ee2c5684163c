"""The parameters of fracture detection, with their meaning for an analyst and their ranges.

Every parameter is checked; a value out of range raises ``E601`` naming it (docs/fractures.md).

>>> FractureParams(threshold=3.0).threshold
3.0
>>> FractureParams(drift=-1)
Traceback (most recent call last):
...
faultlines.errors.AnalysisError: [E601] the fracture parameter drift=-1 is out of range: must be >= 0. Fix: see docs/fractures.md for what each parameter means and its range.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from faultlines.errors import AnalysisError

PARTS = ("trend", "level", "strain", "volume", "independence", "stated")
COALITION_SOURCES = ("declared", "inferred", "stated", "all")
DEFAULT_WEIGHTS = (("trend", 0.25), ("level", 0.2), ("strain", 0.15), ("volume", 0.1), ("independence", 0.15),
                   ("stated", 0.15))


@dataclass(frozen=True, slots=True)
class FractureParams:
    """How fractures are found and ranked (docs/fractures.md explains each with examples).

    ``drift``: souring smaller than this, per window, in typical-score units, is noise (CUSUM
    allowance). ``threshold``: how much accumulated souring raises the alarm (CUSUM decision
    interval). ``memory_days``: half-life of a relation's memory: a tie built from old claims
    fades by half every ``memory_days``; used for the standing network (strain, third parties,
    inferred coalitions). ``pressure``: how much standing on opposite sides of a third actor
    (one partner backs it, the other fights it) counts as souring, relative to direct hostility;
    0 ignores third parties. ``min_tie``: ties weaker than this (typical-score units) are left
    out of the standing network. ``recent_windows``: a fracture whose alarm lies in the last
    this-many windows is *emerging*. ``coalitions``: which partnerships count: ``declared`` (the
    catalogue's dated coalitions), ``inferred`` (grouped together by the coalition partition of
    the standing network before the window), ``stated`` (texts present the pair as partners), or
    ``all``. ``weights``: how the parts of the score are combined. ``scale``: the typical |score|
    of one window (None: the median over the data). ``alpha``: the Doreian–Mrvar weight of
    negative ties inside groups for inferred coalitions. ``time_limit``: seconds per window for
    the exact solvers (the best answer found is used when it runs out).
    """

    drift: float = 0.5
    threshold: float = 2.0
    memory_days: float = 180.0
    pressure: float = 0.5
    min_tie: float = 0.25
    recent_windows: int = 3
    min_windows: int = 3
    coalitions: str = "all"
    weights: tuple[tuple[str, float], ...] = DEFAULT_WEIGHTS
    scale: float | None = None
    alpha: float = 0.5
    time_limit: float = 10.0

    def __post_init__(self) -> None:
        _at_least(self, "drift", 0.0)
        _at_least(self, "threshold", 0.0, strict=True)
        _at_least(self, "memory_days", 0.0, strict=True)
        _at_least(self, "pressure", 0.0)
        _at_least(self, "min_tie", 0.0)
        _at_least(self, "recent_windows", 1)
        _at_least(self, "min_windows", 1)
        _at_least(self, "time_limit", 0.0, strict=True)
        if self.scale is not None:
            _at_least(self, "scale", 0.0, strict=True)
        if not 0.0 <= self.alpha <= 1.0:
            raise AnalysisError("E601", name="alpha", value=self.alpha, reason="must be in [0, 1]")
        if self.coalitions not in COALITION_SOURCES:
            raise AnalysisError("E602", value=self.coalitions, allowed=", ".join(COALITION_SOURCES))
        names = [name for name, _ in self.weights]
        if sorted(names) != sorted(PARTS) or any(w < 0 for _, w in self.weights) or not any(w > 0 for _, w in self.weights):
            raise AnalysisError("E603", reason=f"got {dict(self.weights)}", allowed=", ".join(PARTS))

    def as_dict(self) -> dict[str, object]:
        """The parameters as plain data (for the brief's appendix and JSON output)."""
        data = asdict(self)
        data["weights"] = dict(self.weights)
        return data


def _at_least(params: FractureParams, name: str, low: float, *, strict: bool = False) -> None:
    value = getattr(params, name)
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (value > low if strict else value >= low)
    if not ok:
        raise AnalysisError("E601", name=name, value=value, reason=f"must be {'>' if strict else '>='} {low:g}")
