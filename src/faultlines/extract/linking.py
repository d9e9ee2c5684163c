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
        key = (text, on)
        if key not in self._cache:
            found = self.catalogue.resolve(text, on=on)
            self._cache[key] = found.actor_id if found.ok else None
        return self._cache[key]

    def __call__(self, doc: Doc, on: dt.date | None = None) -> list[Link]:
        """Catalogue links in ``doc``, longest first among overlaps, in text order."""
        spans = [Span(doc, s, e) for _, s, e in self.names(doc)]
        spans = [s for s in spans if any(t.text[:1].isupper() for t in s)]  # 'jordan' the verb-less noise
        spans += [Span(doc, s, e, label="ACR") for _, s, e in self.acronyms(doc)]
        links = []
        for span in filter_spans(spans):
            actor_id = self.resolve(span.text, on)
            if actor_id is not None:
                method = "acronym" if span.label_ == "ACR" else "catalogue"
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
    covered = {i for link in links for i in range(link.start, link.end)}
    surnames: dict[str, str] = {}
    out = []
    for ent in doc.ents:
        if ent.label_ not in _ACTOR_LABELS or any(t.i in covered for t in ent):
            continue
        ent = _trim(ent)
        if ent is None or (ent.label_ == "GPE" and not _acts(ent)):
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
    return out


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
    if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE:
        return False
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
