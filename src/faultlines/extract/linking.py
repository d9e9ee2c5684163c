"""Actor linking: find every catalogued actor named in a spaCy ``Doc``, and propose new ones.

Matching is token-based, so it respects word boundaries and yields character offsets for free.
Patterns are every name, alias, demonym and capital of every actor, matched on spaCy's ``NORM``
(lower case, curly quotes folded), plus acronyms matched case-sensitively on ``ORTH`` ("IS" the
group, never "is" the verb). Overlaps keep the longest match, so "the SDF's Manbij Military
Council" links "SDF" and "Manbij Military Council" separately and "Iranian Foreign Ministry"
beats "Iranian". Each matched string is then resolved by the catalogue (ambiguous strings are
dropped rather than guessed). Named entities that no pattern covers are resolved once more
(fuzzy and head tiers) and, failing that, become provisional actors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from faultlines.catalogue import Catalogue
from faultlines.model import Actor, slugify

# NER labels that can name an actor; GPE only where the parse shows it acting (see _acts).
_ACTOR_LABELS = {"ORG", "PERSON", "NORP", "GPE"}
_ARMED = re.compile(r"\b(forces?|army|militias?|brigades?|front|battalions?|units?|guards?|movement|"
                    r"rebels?|jihadists?|fighters|group|council|alliance)\b", re.I)
_OUTLET = re.compile(r"\b(news|times|post|journal|tribune|agency|tv|television|radio|newspaper|media)\b", re.I)
_PLACE = {"in", "at", "near", "across", "throughout", "inside", "within", "around", "outside"}
_LOCATIVE = {"in", "at", "near", "across", "throughout", "inside", "within", "around", "outside", "from",
             "to", "into", "towards", "toward", "through", "on", "off", "of"}


@dataclass(frozen=True, slots=True)
class Link:
    """A linked stretch of a spaCy doc: tokens ``[start, end)``, characters ``[start_char, end_char)``."""

    start: int
    end: int
    start_char: int
    end_char: int
    actor_id: str
    method: str
    confidence: float = 1.0


class ActorLinker:
    """Patterns for every name of every actor in ``catalogue``, built once and reused per doc."""

    def __init__(self, nlp, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.names = PhraseMatcher(nlp.vocab, attr="NORM")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._cache: dict[tuple[str, dt.date | None], str | None] = {}
        texts, acronyms = set(), set()
        for actor in catalogue.actors.values():
            for name in (*actor.names, *actor.demonyms, *actor.capitals):
                texts.add(name)
                if name.lower().startswith("the "):
                    texts.add(name[4:])
            acronyms.update(actor.acronyms)
        texts = sorted(t for t in texts if t.strip() and not t.isupper())
        self.names.add("ACTOR", list(nlp.tokenizer.pipe(texts)))
        self.acronyms.add("ACRONYM", list(nlp.tokenizer.pipe(sorted({*acronyms, *(t for t in _uppers(catalogue))}))))

    def resolve(self, text: str, on: dt.date | None) -> str | None:
        return self.resolve_how(text, on)[0]

    def resolve_how(self, text: str, on: dt.date | None) -> tuple[str | None, str]:
        """(actor id or None, how: ``catalogue``, or ``demonym``/``capital`` for metonyms)."""
        key = (text, on)
        if key not in self._cache:
            found = self.catalogue.resolve(text, on=on)
            how = found.method if found.method in ("demonym", "capital") else "catalogue"
            self._cache[key] = (found.actor_id if found.ok else None, how)
        return self._cache[key]

    def __call__(self, doc: Doc, on: dt.date | None = None) -> list[Link]:
        """Catalogue links in ``doc``, longest first among overlaps, in text order."""
        spans = [Span(doc, s, e) for _, s, e in self.names(doc)]
        spans = [s for s in spans if any(t.text[:1].isupper() for t in s)]  # 'jordan' the verb-less noise
        spans += [Span(doc, s, e, label="ACR") for _, s, e in self.acronyms(doc)]
        links = []
        skip = datelines(doc.text)
        for span in filter_spans(spans):
            if any(s <= span.start_char < e for s, e in skip):
                continue
            actor_id, method = self.resolve_how(span.text, on)
            if actor_id is not None:
                method = "acronym" if span.label_ == "ACR" else method
                links.append(Link(span.start, span.end, span.start_char, span.end_char, actor_id, method))
        return links


def _uppers(catalogue: Catalogue):
    """All-capital names and aliases ("USA", "SANA") are matched like acronyms, case-sensitively."""
    for actor in catalogue.actors.values():
        for name in actor.names:
            if name.isupper():
                yield name


def provisional_links(doc: Doc, links: list[Link], linker: ActorLinker, on: dt.date | None,
                      known: dict[str, Actor]) -> list[Link]:
    """Links for named entities no catalogue pattern covers; unknown ones become provisional actors.

    ``known`` collects the provisional actors of this document by id (it is updated). An acronym in
    brackets after a name ("Rapid Support Forces (RSF)") becomes that actor's alias, and a later
    bare surname of a provisional person links to that person.
    """
    surnames: dict[str, str] = {}
    out, skip = [], datelines(doc.text)
    for ent in doc.ents:
        ent = _trim(ent) if ent.label_ in _ACTOR_LABELS else None
        if ent is None or any(s <= ent.start_char < e for s, e in skip):
            continue
        inner = [l for l in links if ent.start <= l.start and l.end <= ent.end]
        if ent.label_ == "ORG" and inner and len(ent) > 1 and linker.resolve(ent.text, on) is None and (
                all(l.method in ("demonym", "capital") for l in inner) or _outlet_like(ent, inner)):
            for link in inner:  # "Sudanese Armed Forces" is a body of its own, not Sudan
                links.remove(link)
        covered = {i for link in links for i in range(link.start, link.end)}
        if any(t.i in covered for t in ent):
            continue
        if ent is None or not _acts(ent):
            continue
        actor_id = linker.resolve(ent.text, on) or _known(ent, known, surnames)
        method = "catalogue-ner"
        if actor_id is None:
            actor = _provisional(ent, doc)
            known.setdefault(actor.id, actor)
            actor_id, method = actor.id, "provisional"
            if ent.label_ == "PERSON" and len(ent) > 1:
                surnames[ent[-1].text] = actor_id
        out.append(Link(ent.start, ent.end, ent.start_char, ent.end_char, actor_id, method, 0.7))
    return out + _sweep(doc, links + out, known, surnames)


def _sweep(doc: Doc, links: list[Link], known: dict[str, Actor], surnames: dict[str, str]) -> list[Link]:
    """Later bare acronyms and surnames of provisional actors, and unknown all-capital names.

    NER often misses a short form it tagged in full ("Rapid Support Forces (RSF)" ... "the RSF"),
    and misses unfamiliar acronyms ("ECOWAS"); a capitalised 3-6 letter proper noun is a name.
    """
    covered = {i for link in links for i in range(link.start, link.end)}
    short = {a: actor.id for actor in known.values() for a in actor.acronyms} | surnames
    out, skip = [], datelines(doc.text)
    for token in doc:
        if token.i in covered or not token.text[:1].isupper() or any(s <= token.idx < e for s, e in skip):
            continue
        actor_id = short.get(token.text)
        if actor_id is None and token.is_upper and token.is_alpha and 3 <= len(token) <= 6 and token.pos_ == "PROPN":
            actor = Actor(f"provisional-{slugify(token.text)}", token.text, "group", acronyms=(token.text,),
                          provisional=True)
            known.setdefault(actor.id, actor)
            short[token.text] = actor_id = actor.id
        if actor_id is not None:
            out.append(Link(token.i, token.i + 1, token.idx, token.idx + len(token.text), actor_id, "provisional", 0.6))
    return out


_DATELINE = re.compile(r"^[ \t]*([A-Z][A-Z.' -]{2,}(?:,[^\n—–]{0,40})?\s[—–-]{1,2}\s)", re.M)


def datelines(text: str) -> list[tuple[int, int]]:
    """Character spans of news datelines ("ADEN, 14 March 2023 — "): places of filing, not actors."""
    return [m.span(1) for m in _DATELINE.finditer(text)]


def _outlet_like(ent: Span, inner: list[Link]) -> bool:
    """ "France 24", "Egypt Today": a name built on a country name plus a number or a media word."""
    rest = [t for t in ent if not any(l.start <= t.i < l.end for l in inner)]
    return any(t.like_num or _OUTLET.search(t.text) for t in rest)


def _trim(ent: Span) -> Span | None:
    """Drop a leading 'the' and trailing possessive from an entity; None if nothing is left."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and ent.doc[end - 1].tag_ == "POS":
        end -= 1
    return Span(ent.doc, start, end, label=ent.label_) if end > start else None


def _acts(ent: Span) -> bool:
    """Whether a place name stands for an actor: a subject, object or possessor, not a location."""
    head = ent.root
    if ent.label_ == "NORP" and head.pos_ == "ADJ":
        return False  # "Kurdish positions": a description, not a group
    if head.dep_ == "pobj" and head.head.lower_ in (_LOCATIVE if ent.label_ == "GPE" else _PLACE):
        return False
    if ent.label_ != "GPE":
        return True
    return head.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "conj", "pobj", "appos")


def _known(ent: Span, known: dict[str, Actor], surnames: dict[str, str]) -> str | None:
    """An earlier provisional actor this entity names again: by acronym, alias or surname."""
    for actor in known.values():
        if ent.text in actor.acronyms or ent.text == actor.name or ent.text in actor.aliases:
            return actor.id
    return surnames.get(ent.text)


def _provisional(ent: Span, doc: Doc) -> Actor:
    """A provisional actor for ``ent``: kind guessed from the NER label and the words of its name."""
    name = ent.text
    kind = {"PERSON": "person", "NORP": "group", "GPE": "state"}.get(ent.label_, "group")
    if ent.label_ == "ORG":
        kind = "outlet" if _OUTLET.search(name) else "armed_group" if _ARMED.search(name) else "group"
    acronyms = ()
    after = doc[ent.end:ent.end + 3]
    if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and after[1].text.isupper():
        acronyms = (after[1].text,)
    elif name.isupper() and len(name) <= 6:
        acronyms = (name,)
    return Actor(f"provisional-{slugify(name)}", name, kind, acronyms=acronyms, provisional=True)
