"""Claims: one statement that actor A did or said something to or about actor B."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from faultlines.model._validate import check_grade, require
from faultlines.model.dates import PRECISIONS
from faultlines.model.evidence import Evidence, RowRef, TextSpan, evidence_key
from faultlines.model.ids import content_id

MODALITIES = ("asserted", "denied", "future", "hypothetical")

# The relation vocabulary, aligned with PLOVER event types (DISAPPROVE from PLOVER 0.5; DEMAND kept
# apart from REQUEST). Each maps to a default (polarity, intensity): mapping ``polarity.relation.v1``.
# docs/claims-format.md explains each word; keep the two in step.
RELATIONS: dict[str, tuple[float, float]] = {
    "cooperate": (1.0, 5.0),
    "aid": (1.0, 7.0),
    "support": (1.0, 3.0),
    "agree": (1.0, 4.0),
    "consult": (1.0, 1.5),
    "concede": (1.0, 3.0),
    "retreat": (1.0, 2.0),
    "request": (1.0, 1.0),
    "demand": (-1.0, 3.0),
    "disapprove": (-1.0, 2.0),
    "accuse": (-1.0, 3.0),
    "reject": (-1.0, 4.0),
    "protest": (-1.0, 3.0),
    "threaten": (-1.0, 6.0),
    "sanction": (-1.0, 5.0),
    "mobilize": (-1.0, 6.0),
    "coerce": (-1.0, 7.0),
    "assault": (-1.0, 10.0),
}
RELATION_MAPPING = "polarity.relation.v1"


@dataclass(frozen=True, slots=True)
class Claim:
    """One sourced statement: ``source_actor`` did ``relation`` to ``target_actor`` on ``occurred_at``.

    ``polarity`` in [-1, 1] says how cooperative (+) or hostile (-) the act is, ``intensity`` in
    [0, 10] how strong; ``weight = polarity * intensity`` is on the Goldstein scale. ``mapping``
    names the versioned table that gave the polarity (``polarity.relation.v1``,
    ``polarity.cameo.v1`` ...); ``extractor`` the code that produced the claim (name@version).
    ``speaker`` is who is quoted, ``attributed_to`` the outlet or person the text cites;
    ``reliability`` (A-F) grades this report when it differs from its source's default. The id
    hashes what is asserted and its evidence, not ``confidence``, ``reliability`` or ``notes``, so
    re-reading the same source gives the same claim and a corrected grade updates it.

    >>> ev = RowRef("file:claims.csv", "r1", line=2)
    >>> c = Claim("turkey", "sdf", "threaten", -1.0, 6.0, dt.date(2018, 3, 1), evidence=(ev,),
    ...           extractor="analyst.claims@1", mapping="polarity.relation.v1")
    >>> c.weight
    -6.0
    """

    source_actor: str
    target_actor: str
    relation: str
    polarity: float
    intensity: float
    occurred_at: dt.date
    evidence: tuple[Evidence, ...]
    extractor: str
    mapping: str
    occurred_precision: str = "day"
    modality: str = "asserted"
    speaker: str | None = None
    attributed_to: str | None = None
    confidence: float = 0.8
    reliability: str | None = None
    notes: str | None = None
    id: str = field(init=False)

    def __post_init__(self) -> None:
        require(bool(self.source_actor), self, "source_actor", "must not be empty", self.source_actor)
        require(bool(self.target_actor), self, "target_actor", "must not be empty", self.target_actor)
        require(self.relation in RELATIONS, self, "relation", f"must be one of {tuple(RELATIONS)}", self.relation)
        require(-1.0 <= self.polarity <= 1.0, self, "polarity", "must be in [-1, 1]", self.polarity)
        require(0.0 <= self.intensity <= 10.0, self, "intensity", "must be in [0, 10]", self.intensity)
        require(isinstance(self.occurred_at, dt.date), self, "occurred_at", "must be a date", self.occurred_at)
        require(self.occurred_precision in PRECISIONS, self, "occurred_precision", f"must be one of {PRECISIONS}",
                self.occurred_precision)
        require(self.modality in MODALITIES, self, "modality", f"must be one of {MODALITIES}", self.modality)
        require(0.0 <= self.confidence <= 1.0, self, "confidence", "must be in [0, 1]", self.confidence)
        check_grade(self, "reliability", self.reliability)
        require(len(self.evidence) >= 1 and all(isinstance(e, (TextSpan, RowRef)) for e in self.evidence),
                self, "evidence", "must hold one or more TextSpan or RowRef", self.evidence)
        require("@" in self.extractor, self, "extractor", "must be name@version", self.extractor)
        require(bool(self.mapping), self, "mapping", "must name the polarity mapping", self.mapping)
        object.__setattr__(self, "id", content_id("clm", [
            self.source_actor, self.target_actor, self.relation, self.polarity, self.intensity,
            self.occurred_at, self.occurred_precision, self.modality, self.speaker, self.attributed_to,
            [evidence_key(e) for e in self.evidence], self.extractor, self.mapping]))

    @property
    def weight(self) -> float:
        """The signed score ``polarity * intensity``, in [-10, 10]."""
        return self.polarity * self.intensity
