"""Attribution: which outlet or person a sentence cites ("according to X", "X reported", "Kurdish media").

Per sentence, the cited actors are: the actors named under "according to"; outlet actors that are
the subject of the main verb ("CBS News reported …", "Saudi media, specifically Asharq Alawsat …
has been focusing on …"); and unnamed media ("Kurdish media", "Arabic news media") as provisional
outlets. "The report", "these reports" and "it" (for an outlet) refer back to the last cited set,
so "The report added that …" stays with CBS News.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from faultlines.extract.linking import Link
from faultlines.extract.quotes import actor_at
from faultlines.model import Actor, slugify

_MEDIA = {"media", "press", "outlets", "newspapers", "television", "reports", "sources"}
_SAYS = {"add", "quote", "say", "state", "report", "note", "cite", "claim", "write", "conclude"}
_REPORT = {"report", "reports", "article", "story"}


@dataclass(frozen=True, slots=True)
class Cited:
    """Actors a sentence cites, and the characters of the cue that says so."""

    actor_ids: tuple[str, ...]
    start: int
    end: int


def attributions(doc: Doc, links: list[Link], kinds: dict[str, str], new: dict[str, Actor]) -> dict[int, Cited]:
    """Sentence start token -> :class:`Cited`; ``new`` collects provisional outlets ("Kurdish media")."""
    out: dict[int, Cited] = {}
    last: Cited | None = None
    for sent in doc.sents:
        cited = _according_to(sent, links, kinds, new, last) or _outlet_subject(sent, links, kinds, new, last)
        if cited is not None:
            out[sent.start] = cited
            last = cited
    return out


def _according_to(sent: Span, links, kinds, new, last) -> Cited | None:
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end and token.nbor().lower_ == "to":
            objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
            if objects:
                return _cited(objects[0], links, kinds, new, last, outlets_only=False)
    return None


def _outlet_subject(sent: Span, links, kinds, new, last) -> Cited | None:
    for token in sent:
        if token.dep_ in ("nsubj", "nsubjpass") and (token.head.dep_ == "ROOT" or token.head.head.dep_ == "ROOT"):
            verb = token.head
            trailing = verb.lemma_ in _SAYS and any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
            # "…, the State Department said.": whoever closes a sentence as its source is cited
            cited = _cited(token, links, kinds, new, last, outlets_only=not trailing)
            if cited is not None:
                return cited
    return None


def _cited(head, links, kinds, new, last, *, outlets_only: bool) -> Cited | None:
    """Who the noun phrase at ``head`` names as a source, if anyone."""
    doc = head.doc
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    if outlets_only:  # several outlets as subject; an owner in the possessive ("Al Arabiya's") is not one
        ids = tuple(dict.fromkeys(link.actor_id for link in links if lo <= link.start and link.end <= hi
                                  and link.method != "coref" and kinds.get(link.actor_id) == "outlet"
                                  and doc[link.end - 1].dep_ != "poss"))
    else:
        ids = (actor_at(head, links),) if actor_at(head, links) else ()
    if ids and not any(kinds.get(i) != "outlet" for i in ids) or ids and not outlets_only:
        if head.lower_ not in _MEDIA or any(kinds.get(i) == "outlet" for i in ids):
            return Cited(ids, start, end)
    if head.lower_ in _MEDIA | {"reports"} and any(c.dep_ in ("amod", "compound") for c in head.children):
        words = [t for t in doc[lo:head.i + 1] if t.dep_ in ("amod", "compound") or t.i == head.i]
        name = " ".join(t.text for t in words if t.lower_ != "reports")
        actor = Actor(f"provisional-{slugify(name)}", name, "outlet", provisional=True)
        new.setdefault(actor.id, actor)
        return Cited((actor.id,), start, end)
    if head.lower_ in _REPORT and last is not None:
        return Cited(last.actor_ids, start, end)
    if head.lower_ in ("it", "they") and last is not None and head.head.lemma_ in _SAYS:
        return Cited(last.actor_ids, start, end)
    return None
