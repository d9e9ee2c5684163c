"""Place mentions: names in the text linked to the gazetteer, and each claim's location.

Three sources of mentions, longest first: a ``PhraseMatcher`` over every curated name and alias
(on spaCy's ``NORM``, so case and curly quotes do not matter); compass phrases about a country
("the North West of Syria", "the North East and East of the country", where "the country" is the
document's country); and named entities (GPE, LOC, FAC) the curated names miss, resolved through
GeoNames. A country name or capital that the actor linker read as an actor ("Turkey opposes",
"pushing Damascus") is a place only after a locative word ("in Syria"). The document's country is
the one most of its places lie in; it and the places named in the same sentence choose among
homonyms, and a name still ambiguous is kept with its candidates, never guessed.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from faultlines.model import TextSpan
from faultlines.places import Gazetteer, PlaceMention

LOCATIVE = {"in", "into", "at", "near", "inside", "within", "across", "from", "outside", "towards", "toward",
            "around", "throughout", "out"}
_COMPASS = r"(?:north|south)[- ]?(?:east|west)|north|south|east|west"
_COMPASS_OF = re.compile(rf"\b(?:the\s+)?((?:{_COMPASS})(?:ern)?)(?:\[\d+\])?((?:\s+and\s+(?:the\s+)?(?:{_COMPASS})(?:ern)?"
                         rf"(?:\[\d+\])?)*)\s+of\s+(the\s+country|[A-Z][a-z]+)", re.I)
_QUALIFIER = re.compile(r"((?:(?:north|south|east|west)(?:ern)?\s+)?(?:outskirts|countryside|suburbs?|edges?|environs)"
                        r"\s+of|outside|near|around)\s+(?:the\s+)?$", re.I)
_SPECIFIC = {"crossing": 0, "base": 0, "village": 1, "district": 1, "town": 1, "city": 1, "river": 2, "border": 2,
             "region": 3, "governorate": 3, "country": 5}


class PlaceLinker:
    """Finds place mentions in a parse; build once per extractor (the patterns take a moment)."""

    def __init__(self, nlp, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        names = {n for p in gazetteer.curated.values() for n in (p.name, *p.aliases)}
        self.matcher.add("PLACE", list(nlp.tokenizer.pipe(sorted(names))))

    def __call__(self, sdoc, doc_id: str, links) -> list[PlaceMention]:
        """Place mentions of ``sdoc`` in text order; ``links`` are the actor links (extract.linking.Link)."""
        # Only curated actors hide a place name: a provisional "Hajin" is a place the catalogue lacks.
        actor_at = {i: link for link in links if not link.actor_id.startswith("provisional-") and link.method != "coref"
                    for i in range(link.start, link.end)}
        spans = filter_spans([sdoc[s:e] for _, s, e in self.matcher(sdoc)]
                             + [e for e in sdoc.ents if e.label_ in ("GPE", "LOC", "FAC")])
        spans = [s for s in spans if _is_place(s, actor_at)]
        country = self._country(spans, sdoc)
        found = [self._mention(s, doc_id, country, actor_at, near=()) for s in spans]
        near: dict[int, tuple[str, ...]] = {}
        for span, m in zip(spans, found):
            if m.place_id:
                near[span.sent.start] = near.get(span.sent.start, ()) + (m.place_id,)
        found = [m if m.place_id else self._mention(s, doc_id, country, actor_at, near.get(s.sent.start, ()))
                 for s, m in zip(spans, found)]
        # An unresolved name inside an actor's name ("America's armed forces") is not worth keeping.
        found = [m for m in found if m.place_id or m.candidates or m.method != "in-actor-name"]
        compass = self._compass(sdoc, doc_id, country, [m for m in found if m.place_id])
        found = [m for m in found if m.place_id or not any(c.span.start < m.span.end and m.span.start < c.span.end
                                                           for c in compass)]
        return sorted(found + compass, key=lambda m: m.span.start)

    def _country(self, spans, sdoc) -> str | None:
        """The document's country: where most of its unambiguous places lie."""
        counts = Counter(self.gazetteer.country_of(r.place_id) for s in spans
                         if (r := self.gazetteer.resolve(s.text)).ok)
        counts.pop(None, None)
        return counts.most_common(1)[0][0] if counts else None

    def _mention(self, span, doc_id: str, country: str | None, actor_at, near: tuple[str, ...]) -> PlaceMention:
        found = self.gazetteer.resolve(span.text, country=country, near=near)
        inside = any(i in actor_at and actor_at[i].end - actor_at[i].start > len(span) for i in range(span.start, span.end))
        method = "in-actor-name" if inside else (found.method or "unresolved")
        qualifier = _QUALIFIER.search(span.doc.text[span.sent.start_char:span.start_char])
        return PlaceMention(TextSpan(doc_id, span.start_char, span.end_char), _sentence(doc_id, span.sent),
                            found.place_id, method, found.candidates,
                            qualifier.group(1).lower() if qualifier else None)

    def _compass(self, sdoc, doc_id: str, country: str | None, found: list[PlaceMention]) -> list[PlaceMention]:
        """Mentions for "the North West of Syria" / "the North East and East of the country"."""
        taken = [(m.span.start, m.span.end) for m in found]
        out = []
        for match in _COMPASS_OF.finditer(sdoc.text):
            target = match.group(3)
            iso = country if target.lower().replace(" ", "").endswith("country") else None
            if iso is None and (r := self.gazetteer.resolve(target)).ok:
                iso = self.gazetteer.country_of(r.place_id)
            words = [match.group(1)] + re.findall(rf"(?:{_COMPASS})(?:ern)?", match.group(2) or "", re.I)
            pos = match.start(1)
            for word in words:
                start = sdoc.text.index(word, pos)
                pos = start + len(word)
                if any(s < pos and start < e for s, e in taken):
                    continue
                region = self.gazetteer.by_compass(iso, _compass_word(word)) if iso else None
                sent = sdoc.char_span(start, pos, alignment_mode="expand").sent
                out.append(PlaceMention(TextSpan(doc_id, start, pos), _sentence(doc_id, sent),
                                        region.id if region else None, "compass"))
        return out


def _compass_word(word: str) -> str:
    """ "North West" / "northwestern" -> "north-west"."""
    w = re.sub(r"ern$", "", word.lower()).replace(" ", "").replace("-", "")
    return w if w in ("north", "south", "east", "west") else f"{w[:5]}-{w[5:]}"


def _is_place(span, actor_at) -> bool:
    """Leave out names the actor linker read as actors, unless a locative word governs them."""
    link = actor_at.get(span.start)
    if link is None or link.end - link.start > len(span):
        return True  # not an actor, or a place inside an actor's name ("Manbij Military Council")
    head = span.root.head
    return head.dep_ == "prep" and head.lower_ in LOCATIVE or span.root.dep_ == "pobj" and head.lower_ in LOCATIVE


def _sentence(doc_id: str, sent) -> TextSpan:
    text, start, end = sent.doc.text, sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return TextSpan(doc_id, start, end)


def claim_locations(claims, mentions: list[PlaceMention], gazetteer: Gazetteer) -> dict[str, PlaceMention]:
    """Each claim's location: the most specific resolved place its evidence sentence names.

    Places inside actor names ("Manbij Military Council") do not count; a country counts only
    when the sentence names nothing more precise.
    """
    by_sentence: dict[tuple, list[PlaceMention]] = {}
    for m in mentions:
        if m.place_id and m.method != "in-actor-name":
            by_sentence.setdefault((m.sentence.doc_id, m.sentence.start), []).append(m)
    located = {}
    for claim in claims:
        span = claim.evidence[0]
        options = by_sentence.get((getattr(span, "doc_id", None), getattr(span, "start", None)))
        if options:
            located[claim.id] = min(options, key=lambda m: (_SPECIFIC.get(gazetteer[m.place_id].kind, 4), m.span.start))
    return located
