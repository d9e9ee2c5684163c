"""Places and what texts say about them: frozen dataclasses, no I/O.

A :class:`Place` is a gazetteer entry (curated or from GeoNames). What a document says is kept as
:class:`PlaceMention` (a name in the text and the place it resolved to, or the candidates if it is
ambiguous), :class:`ControlClaim` (an actor holds, captures, loses, withdraws from, is pushed out
of or seeks a place or zone), :class:`Zone` (a descriptive area: "25km from the southern border")
and :class:`Amount` (money, troops, distances). docs/places.md explains every field.

>>> p = Place("manbij", "Manbij", "town", 36.5281, 37.9549, country="SY", parent="aleppo-governorate")
>>> p.point
(37.9549, 36.5281)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from faultlines.model._validate import require
from faultlines.model.evidence import TextSpan
from faultlines.model.ids import content_id

PLACE_KINDS = ("country", "governorate", "district", "city", "town", "village", "crossing", "base", "river",
               "border", "region")
# What a control claim says the actor did: the first five change or state who holds the ground.
CONTROL_STATUSES = ("holds", "present", "captures", "loses", "withdraws", "pushed_out", "seeks")
HOLDING = ("holds", "present", "captures")
AMOUNT_KINDS = ("money", "troops", "distance")


@dataclass(frozen=True, slots=True)
class Place:
    """A place with a point (WGS84 degrees), an optional parent place and optional shapes.

    ``bbox`` is (west, south, east, north); ``line`` and ``outline`` are (lon, lat) vertices of a
    river or border, and of a coarse country outline. ``source`` is ``curated:<gazetteer>`` or
    ``geonames``.
    """

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    compass: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    line: tuple[tuple[float, float], ...] = ()
    outline: tuple[tuple[float, float], ...] = ()
    population: int | None = None
    source: str = "curated"
    notes: str | None = None

    def __post_init__(self) -> None:
        require(bool(self.id), self, "id", "must not be empty", self.id)
        require(self.kind in PLACE_KINDS, self, "kind", f"must be one of {PLACE_KINDS}", self.kind)
        require(-90.0 <= self.lat <= 90.0, self, "lat", "must be in [-90, 90]", self.lat)
        require(-180.0 <= self.lon <= 180.0, self, "lon", "must be in [-180, 180]", self.lon)

    @property
    def point(self) -> tuple[float, float]:
        """(lon, lat): the GeoJSON order."""
        return (self.lon, self.lat)


@dataclass(frozen=True, slots=True)
class PlaceResolution:
    """The answer to "which place is ``query``?": a place id, or the candidates, or neither.

    ``method`` says how: ``curated``, ``skeleton`` (transliteration), ``compass``, ``country``,
    ``geonames``, each with ``+context`` when the document's country or a place named near it
    chose among several.
    """

    query: str
    place_id: str | None
    method: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.place_id is not None

    @property
    def ambiguous(self) -> bool:
        return self.place_id is None and len(self.candidates) > 1


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in a document: ``span`` is the name, ``sentence`` the sentence around it.

    ``place_id`` is None when the name is ambiguous (``candidates`` lists the places it may be).
    ``qualifier`` keeps words that make the place vaguer ("outskirts", "western outskirts").
    """

    span: TextSpan
    sentence: TextSpan
    place_id: str | None
    method: str
    candidates: tuple[str, ...] = ()
    qualifier: str | None = None

    @property
    def id(self) -> str:
        return content_id("plm", [self.span.doc_id, self.span.start, self.span.end, self.place_id])


@dataclass(frozen=True, slots=True)
class Zone:
    """A descriptive area a text names without a gazetteer entry: "25km from the southern border".

    ``kind`` is ``distance-from`` (``distance_km`` from ``reference``, a place id) or ``compass``
    (a part of a ``reference`` place: "the south of the country").
    """

    span: TextSpan
    text: str
    kind: str
    reference: str | None = None
    distance_km: float | None = None
    direction: str | None = None

    @property
    def id(self) -> str:
        return content_id("zon", [self.span.doc_id, self.span.start, self.span.end])


@dataclass(frozen=True, slots=True)
class Amount:
    """A quantity in a sentence: ``kind`` money (``unit`` a currency code), troops or distance (km)."""

    span: TextSpan
    kind: str
    value: float
    unit: str
    text: str

    def __post_init__(self) -> None:
        require(self.kind in AMOUNT_KINDS, self, "kind", f"must be one of {AMOUNT_KINDS}", self.kind)

    @property
    def id(self) -> str:
        return content_id("amt", [self.span.doc_id, self.span.start, self.span.end, self.kind])


@dataclass(frozen=True, slots=True)
class ControlClaim:
    """``actor_id`` ``status`` ``place_id`` (or ``zone_id``) on ``occurred_at``, read from ``evidence``.

    ``place_span`` is where the place is named; ``attributed_to`` the outlet the sentence cites.
    Claims are never merged: two sources that disagree stay two claims.
    """

    actor_id: str
    status: str
    place_id: str | None
    occurred_at: dt.date
    evidence: TextSpan
    place_span: TextSpan
    occurred_precision: str = "day"
    modality: str = "asserted"
    attributed_to: str | None = None
    zone_id: str | None = None
    qualifier: str | None = None
    extractor: str = "control.rules.en@1"
    confidence: float = 0.6
    id: str = field(init=False)

    def __post_init__(self) -> None:
        require(self.status in CONTROL_STATUSES, self, "status", f"must be one of {CONTROL_STATUSES}", self.status)
        require(self.place_id is not None or self.zone_id is not None, self, "place_id",
                "a control claim needs a place or a zone", self.place_id)
        object.__setattr__(self, "id", content_id("ctl", [
            self.actor_id, self.status, self.place_id, self.zone_id, self.occurred_at, self.occurred_precision,
            self.modality, self.attributed_to, self.evidence.doc_id, self.evidence.start, self.evidence.end,
            self.place_span.start, self.extractor]))
