"""In-document reference: pronouns and short descriptions resolved to an actor already named.

A deliberately small rule set, not a coreference model. A referring expression ("it", "they",
"his", "the group", "the kingdom", "the spokesman") links to the most salient earlier actor of a
compatible kind within ``WINDOW`` sentences: first a subject earlier in the same sentence, then a
subject of the previous sentences, then any earlier mention. Nothing compatible -> unresolved
(no link), which is the honest answer when the text does not allow a choice.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from faultlines.extract.linking import Link

WINDOW = 2
PERSON = {"person"}
BODY = {"state", "government", "military", "agency", "armed_group", "party", "igo", "coalition", "outlet",
        "group", "unknown"}
_PRONOUNS = {"he": PERSON, "him": PERSON, "his": PERSON, "she": PERSON, "her": PERSON,
             "it": BODY, "its": BODY, "they": BODY, "them": BODY, "their": BODY}
# Head nouns of short definite descriptions, and the actor kinds each may refer to.
_NOUNS = {
    **dict.fromkeys(("group", "militia", "movement", "rebels", "organisation", "organization", "faction",
                     "fighters", "jihadists", "insurgents", "force", "forces"),
                    {"armed_group", "group", "military", "party"}),
    **dict.fromkeys(("kingdom", "country", "state", "republic", "emirate"), {"state"}),
    # "the government", "the authorities" are left alone: in a report they usually mean the home
    # government of the place, not the last state named.
    **dict.fromkeys(("spokesman", "spokeswoman", "spokesperson", "minister", "president", "official",
                     "leader", "envoy", "commander", "general", "premier", "chief"),
                    {"person", "government", "agency", "military", "armed_group"}),
    **dict.fromkeys(("ministry", "agency", "council"), {"government", "agency"}),
    **dict.fromkeys(("newspaper", "channel", "broadcaster", "outlet", "paper", "report", "reports"), {"outlet"}),
}


def refer(doc: Doc, links: list[Link], kinds: dict[str, str], names: dict[str, str]) -> list[Link]:
    """Links for referring expressions in ``doc``; ``kinds`` maps actor id -> kind, ``names`` id -> name.

    A common noun that is the last word of an earlier actor's name ("the council" after "the
    Southern Transitional Council", "a council spokesman") refers to that actor, whatever its kind.
    """
    covered = {i for link in links for i in range(link.start, link.end)}
    starts = [sent.start for sent in doc.sents]
    out = []
    for token in doc:
        if token.i in covered:
            continue
        named = _by_name(token, links, names)
        if named is not None:
            out.append(Link(token.i, token.i + 1, token.idx, token.idx + len(token.text), named, "coref", 0.6))
            continue
        wanted = _wanted(token)
        if wanted is None:
            continue
        antecedent = _antecedent(doc, token, links, starts, kinds, wanted)
        if antecedent is not None:
            out.append(Link(token.i, token.i + 1, token.idx, token.idx + len(token.text), antecedent.actor_id,
                            "coref", 0.6))
    return out


def _by_name(token, links, names) -> str | None:
    if token.pos_ != "NOUN" or not token.is_lower:
        return None
    definite = any(c.lower_ in ("the", "this", "that") for c in token.children) or token.dep_ == "compound"
    if not definite:
        return None
    word = token.lower_
    for link in reversed([l for l in links if l.end <= token.i]):
        name = names.get(link.actor_id, "").lower().split()
        if len(name) > 1 and (name[-1] == word or word == "army" and name[-2:] == ["armed", "forces"]):
            return link.actor_id
    return None


def _wanted(token) -> set[str] | None:
    low = token.lower_
    if low in _PRONOUNS and token.pos_ == "PRON" or low in ("its", "their", "his", "her") and token.tag_ == "PRP$":
        return _PRONOUNS[low]
    if low in _NOUNS and token.pos_ == "NOUN" and any(c.lower_ in ("the", "this", "that") for c in token.children):
        if not any(c.dep_ in ("compound", "amod", "poss") and c.pos_ == "PROPN" for c in token.children):
            return _NOUNS[low]
    return None


def _antecedent(doc: Doc, token, links, starts, kinds, wanted) -> Link | None:
    index = bisect_right(starts, token.i) - 1
    sent_start, window_start = starts[index], starts[max(0, index - WINDOW)]
    earlier = [link for link in links if window_start <= link.start and link.end <= token.i
               and kinds.get(link.actor_id, "unknown") in wanted and link.method != "coref"]
    if not earlier:
        return None
    subjects = [link for link in earlier if doc[link.end - 1].dep_ in ("nsubj", "nsubjpass")
                or doc[link.end - 1].head.dep_ in ("nsubj", "nsubjpass")]
    same = [link for link in subjects if link.start >= sent_start]
    return (same or subjects or earlier)[-1]

