"""Fractures: pairs of partners whose relation is souring, with what the finding rests on.

A :class:`Fracture` is the output of ``faultlines.detect``; it names the pair, the coalition
they share, when the souring started (``onset``), where it stands now (``status``), how strong
it is (``score`` and its parts) and every claim behind it, so the brief can cite them.

>>> import datetime as dt
>>> f = Fracture("iran", "russia", coalition="pro-government-alliance", score=0.71, status="emerging",
...              onset=dt.date(2018, 5, 1), parts={"trend": 0.9}, claim_ids=("clm_1",))
>>> f.pair, f.status
(('iran', 'russia'), 'emerging')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from faultlines.model._validate import require

STATUSES = ("emerging", "deepening", "easing")


@dataclass(frozen=True, slots=True)
class ThirdParty:
    """A third actor the two partners were put on opposite sides of (one cooperates with it, the
    other is hostile): the triad Heider's balance theory calls unstable. At its strongest, in the
    window starting ``when``, partner ``actor_a`` acted towards it with a window score ``flow``
    while partner ``actor_b``'s standing tie with it was ``standing``, of the other sign; claim ids
    are the evidence of both ties."""

    actor: str
    when: dt.date
    actor_a: str
    flow: float
    actor_b: str
    standing: float
    claim_ids: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class Fracture:
    """A souring relation inside a coalition.

    ``a``/``b``: the pair in id order. ``coalition``: the declared coalition id they share, or
    ``"inferred"`` (grouped together by the coalition partition before the onset), or
    ``"stated"`` (the texts present them as partners). ``score`` in [0, 1] ranks fractures; its
    parts (``trend``, ``level``, ``strain``, ``volume``, ``independence``, each in [0, 1]) say why.
    ``onset``: start of the window where the souring began; ``alarm``: start of the window where
    it crossed the threshold. ``series``: ``(window start, pair score, pressure)`` per window.
    ``claim_ids``: the claims between the two; ``third_parties``: the opposite-sides triads.
    ``sources``: outlets behind the direct claims; ``partisan_side``: set when every one of them
    is affiliated with one of the two partners.
    """

    a: str
    b: str
    coalition: str
    score: float
    status: str
    onset: dt.date
    alarm: dt.date | None = None
    parts: dict[str, float] = field(default_factory=dict)
    n_claims: int = 0
    n_happenings: int = 0
    sources: tuple[str, ...] = ()
    partisan_side: str | None = None
    claim_ids: tuple[str, ...] = field(default=(), repr=False)
    third_parties: tuple[ThirdParty, ...] = field(default=(), repr=False)
    series: tuple[tuple[dt.date, float, float], ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        require(self.a < self.b, self, "b", f"the pair must be in id order and distinct (a={self.a!r})", self.b)
        require(self.status in STATUSES, self, "status", f"must be one of {STATUSES}", self.status)
        require(0.0 <= self.score <= 1.0, self, "score", "must be in [0, 1]", self.score)

    @property
    def pair(self) -> tuple[str, str]:
        return self.a, self.b
