"""The places pass of the extractor: mentions, claim locations, control claims, zones, amounts.

Runs after the claims, on the same parse (docs/places.md). Its result rides on
``Extraction.geo``; ``ingest`` stores it with the claims.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from faultlines.extract.amounts import amounts, zones
from faultlines.extract.control import control_claims
from faultlines.extract.places import PlaceLinker, claim_locations
from faultlines.places import Amount, ControlClaim, Gazetteer, Place, PlaceMention, Zone


@dataclass
class Geo:
    """What the places pass found in one document.

    ``locations`` maps a claim id to the place mention that locates it; ``claim_amounts`` a claim
    id to the amounts its sentence gives; ``places`` holds every place referred to (and their parents).
    """

    mentions: list[PlaceMention] = field(default_factory=list)
    locations: dict[str, PlaceMention] = field(default_factory=dict)
    control: list[ControlClaim] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    claim_amounts: dict[str, list[Amount]] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)


class GeoPass:
    """Build once per extractor: ``GeoPass(nlp, gazetteer)(doc, sdoc, extraction, links, day)``."""

    def __init__(self, nlp, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.linker = PlaceLinker(nlp, gazetteer)

    def __call__(self, doc, sdoc, extraction, links, day: dt.date | None) -> Geo:
        geo = Geo(mentions=self.linker(sdoc, doc.id, links))
        countries = [self.gazetteer.country_of(m.place_id) for m in geo.mentions if m.place_id]
        country = max(set(countries), key=countries.count) if countries else None
        geo.zones = zones(doc.text, doc.id, self.gazetteer, country)
        geo.amounts = amounts(doc.text, doc.id)
        for claim in extraction.claims:
            ev = claim.evidence[0]
            found = [a for a in geo.amounts if ev.start <= a.span.start and a.span.end <= ev.end]
            if found:
                geo.claim_amounts[claim.id] = found
        if day is not None:
            cited = {}
            for cue, actors in extraction.attributions:
                sent = sdoc.char_span(cue.start, cue.end, alignment_mode="expand").sent
                start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
                cited[start] = actors
            geo.control = control_claims(sdoc, doc, links, geo.mentions, geo.zones, cited, self.gazetteer, day)
        named = {m.span.start for m in geo.mentions}
        for c in geo.control:  # "the very town which Turkey seeks to control" names Manbij by reference
            if c.place_id and c.place_span.start not in named:
                named.add(c.place_span.start)
                geo.mentions.append(PlaceMention(c.place_span, c.evidence, c.place_id, "reference"))
        geo.mentions.sort(key=lambda m: m.span.start)
        geo.locations = claim_locations(extraction.claims, geo.mentions, self.gazetteer)
        used = {m.place_id for m in geo.mentions if m.place_id} | {z.reference for z in geo.zones if z.reference}
        for pid in sorted(used):
            for ref in (pid, *self.gazetteer.ancestors(pid)):
                geo.places[ref] = self.gazetteer[ref]
        return geo
