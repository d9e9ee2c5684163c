"""Control claims: an actor holds, captures, loses, withdraws from, is pushed out of or seeks a place.

Rules over the dependency parse, lexicon ``control.rules.en.v1``. A control verb ("captured",
"withdrew from", "keep its forces in", "cede control of X to Y") or noun ("the withdrawal of
militias 25km from the border", "pockets of land in", "a foothold in", "strongholds outside")
takes its actor from the parse (subject, passive subject, the "of" of a withdrawal, the possessor
of "its strongholds", "under the control of X") and its place from the trigger's subtree: a place
mention, a zone, or "the (very) town" standing for the last town named. A verb under seek, want,
aim, threaten, push ... becomes ``seeks``; would/could/if make it hypothetical, will/plan/
arrangement future, a negation denied.
"""

from __future__ import annotations

import datetime as dt

from faultlines.extract.dates import sentence_date
from faultlines.model import TextSpan
from faultlines.places import ControlClaim, PlaceMention, Zone

LEXICON = "control.rules.en.v1"
EXTRACTOR = "control.rules.en@1"
VERBS = {"hold": "holds", "control": "holds", "occupy": "holds", "keep": "present", "maintain": "present",
         "consolidate": "holds", "retain": "holds", "station": "present", "base": "present", "deploy": "present",
         "capture": "captures", "seize": "captures", "take": "captures", "recapture": "captures",
         "retake": "captures", "liberate": "captures", "enter": "captures", "overrun": "captures",
         "move": "captures", "lose": "loses", "cede": "loses", "surrender": "loses", "withdraw": "withdraws",
         "pull": "withdraws", "leave": "withdraws", "evacuate": "withdraws", "retreat": "withdraws",
         "push": "pushed_out", "drive": "pushed_out", "expel": "pushed_out", "oust": "pushed_out",
         "send": "captures"}
NOUNS = {"withdrawal": "withdraws", "pullout": "withdraws", "capture": "captures", "seizure": "captures",
         "foothold": "seeks", "pocket": "holds", "stronghold": "holds", "presence": "present",
         "control": "holds", "incursion": "captures"}
_SEEK = {"seek", "want", "aim", "try", "threaten", "threat", "push", "plan", "intend", "attempt", "hope", "let",
         "determine", "vow", "prevent"}
_FUTURE = {"will", "shall", "arrangement", "plan", "proposal", "deal", "agreement", "involve"}
_HYPOTHETICAL = {"would", "could", "might", "may", "if", "unless"}
_FIRST_ONLY = {"withdrawal", "pullout", "capture", "seizure", "foothold", "incursion"}
_CLAUSES = {"relcl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "acl"}
_TOWN_WORDS = {"town", "city", "village", "crossing", "base"}


def control_claims(sdoc, doc, links, mentions: list[PlaceMention], zones: list[Zone],
                   cited: dict[int, tuple[str, ...]], gazetteer, day: dt.date) -> list[ControlClaim]:
    """Control claims of one parsed document; ``cited`` maps a sentence's start character to its outlets."""
    actor_at = {i: l.actor_id for l in links for i in range(l.start, l.end)}
    by_token = _targets(sdoc, mentions, zones, gazetteer)
    found: list[ControlClaim] = []
    for token in sdoc:
        status = _status(token)
        if status is None:
            continue
        actors, places = _actors(token, actor_at), _places(token, by_token)
        if not actors or not places:
            continue
        status, modality = _mood(token, status)
        sent = token.sent
        date = sentence_date(sent.text, doc.published_at)
        occurred, precision = date if date else (day, "day")
        evidence = TextSpan(doc.id, sent.start_char, sent.end_char - (len(sent.text) - len(sent.text.rstrip())))
        for outlet in cited.get(evidence.start, (None,)):
            for actor in actors:
                for (place_id, zone_id, span, qualifier) in places:
                    found.append(ControlClaim(actor, status, place_id, occurred, evidence, span, precision, modality,
                                              outlet, zone_id, qualifier, EXTRACTOR, _confidence(modality)))
            found += _recipients(token, actor_at, places, occurred, evidence, precision, modality, outlet)
    return list({c.id: c for c in found}.values())


def _status(token) -> str | None:
    if token.pos_ in ("VERB", "AUX") or token.tag_ == "VBN":
        status = VERBS.get(token.lemma_.lower())
        if token.lemma_.lower() in ("push", "drive", "force") and not any(c.lower_ == "out" for c in token.children):
            return None  # "pushing Damascus to let it ..." is pressure, not expulsion
        if token.lemma_.lower() in ("send", "keep", "deploy") and not any(
                c.lemma_.lower() in ("force", "troop", "militia", "fighter") for c in token.subtree):
            return None  # only "send/keep/deploy forces ..." places forces
        return status
    if token.pos_ == "NOUN":
        if token.lemma_.lower() == "control" and not (token.head.lower_ == "under" or token.head.lemma_ in VERBS):
            return None  # "under the control of X"; "cede/take control of P" is the verb's
        return None if token.head.lemma_.lower() in VERBS and token.lemma_.lower() == "control" else \
            NOUNS.get(token.lemma_.lower())
    return None


def _actors(token, actor_at) -> list[str]:
    """Who the trigger is about, from the parse (never mere co-occurrence in the sentence)."""
    pick = lambda toks: list(dict.fromkeys(actor_at[t.i] for t in toks if t.i in actor_at))  # noqa: E731
    if token.pos_ == "NOUN":
        owners = [c for c in token.children if c.dep_ == "poss"]
        of = [t for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "by") for t in c.subtree]
        under = token.head.head if token.head.dep_ == "pobj" or token.head.lower_ == "of" else None
        if owners and all(o.pos_ == "PRON" for o in owners):
            # "eradicating ISIS in its last strongholds": a possessive pronoun binds to the nearest actor
            # named before it in the sentence, which in-document reference may have missed.
            return _previous_actor(token, actor_at) or pick(owners)
        found = pick(owners) or pick(of) or pick([t for t in token.children if t.dep_ in ("amod", "compound")])
        if not found and token.lemma_ == "control" and under is not None:
            found = pick([t for c in token.children if c.dep_ == "prep" for t in c.subtree])
        start = token
        while not found and token.dep_ != "ROOT" and token.head is not token:
            token = token.head  # "its once vast Caliphate has been reduced to a few pockets" -> its owner
            found = pick([c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")])
        if not found and start.lemma_.lower() in ("pocket", "stronghold"):
            found = _previous_actor(start, actor_at)
        return found
    head = token
    for _ in range(4):  # a subjectless infinitive, conjunct or participle takes the subject above it
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
        subjects += [g for c in head.children if c.dep_ == "mark" and c.lower_ == "with"  # "With X having ceded ..."
                     for g in c.children if g.dep_ == "pobj"]
        if subjects:
            owner = [t for s in subjects for t in ([s] if s.i in actor_at else [g for g in s.children if g.dep_ == "poss"])]
            if rel := [c for c in subjects if c.lower_ in ("which", "who", "that")]:
                owner += [rel[0].head.head] if rel else []
            return pick(owner)
        if head.dep_ in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acomp") and head.head is not head:
            head = head.head
        else:
            break
    return []


def _previous_actor(token, actor_at) -> list[str]:
    """The nearest actor named by a name (not a pronoun) before ``token``, in its sentence or the one before.

    The previous sentence counts because footnote markers ("Caliphate[2] has been reduced") split
    sentences in the small parser.
    """
    sent = token.sent
    start = token.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for t in reversed(token.doc[start:token.i]):
        if t.i in actor_at and t.pos_ != "PRON":
            return [actor_at[t.i]]
    return []


def _targets(sdoc, mentions, zones, gazetteer) -> dict[int, tuple]:
    """token index -> (place_id, zone_id, span, qualifier) of the place or zone it belongs to."""
    out: dict[int, tuple] = {}
    last_town: PlaceMention | None = None
    for m in mentions:
        if m.place_id and m.method != "in-actor-name":
            span = sdoc.char_span(m.span.start, m.span.end, alignment_mode="expand")
            out.update({t.i: (m.place_id, None, m.span, m.qualifier) for t in span})
    for z in zones:  # a zone wins over the place it is measured from
        span = sdoc.char_span(z.span.start, z.span.end, alignment_mode="expand")
        out.update({t.i: (None, z.id, z.span, None) for t in span})
    for token in sdoc:  # "the very town which Turkey seeks to control" -> the last town named before it
        hit = [m for m in mentions if m.place_id and m.span.end <= token.idx]
        last_town = next((m for m in reversed(hit) if gazetteer[m.place_id].kind in _TOWN_WORDS), None)
        if token.lower_ in _TOWN_WORDS and any(c.lower_ == "the" for c in token.children) and last_town:
            out.setdefault(token.i, (last_town.place_id, None, TextSpan(last_town.span.doc_id, token.idx,
                                                                        token.idx + len(token.text)), None))
    return out


def _places(token, by_token) -> list[tuple]:
    """Places the trigger governs: its objects and prepositions, not clauses of their own below it.

    A noun takes only the first place after it ("the withdrawal of militias 25km from the border").
    """
    seen = {}
    for t in _governed(token):
        if t.i in by_token and t.i != token.i:
            seen.setdefault(by_token[t.i][:2], by_token[t.i])
    if token.lemma_.lower() in _FIRST_ONLY and seen:
        return [min(seen.values(), key=lambda hit: hit[2].start)]
    if not seen and token.dep_ == "relcl" and token.head.i in by_token:  # "the town which X seeks to control"
        seen[by_token[token.head.i][:2]] = by_token[token.head.i]
    if not seen and token.dep_ == "xcomp" and token.head.dep_ == "relcl" and token.head.head.i in by_token:
        hit = by_token[token.head.head.i]
        seen[hit[:2]] = hit
    return list(seen.values())


def _governed(token):
    """Tokens under ``token``, leaving out clauses with their own verb (relative, adverbial, complement)."""
    stack = [c for c in token.children if c.dep_ not in _CLAUSES]
    while stack:
        t = stack.pop()
        yield t
        stack.extend(c for c in t.children if c.dep_ not in _CLAUSES)


def _mood(token, status: str) -> tuple[str, str]:
    """(status, modality) from the trigger and up to four governing words."""
    chain, t = [token], token
    for _ in range(4):
        if t.head is t:
            break
        t = t.head
        chain.append(t)
    words = {c.lower_ for x in chain for c in x.children if c.dep_ in ("aux", "neg", "mark")} | \
        {x.lemma_.lower() for x in chain[1:]}
    if any(c.dep_ == "neg" for x in chain[:2] for c in x.children):
        return status, "denied"
    if words & _SEEK and status in ("holds", "captures", "present"):
        return "seeks", "future"
    if words & _HYPOTHETICAL:
        return status, "hypothetical"
    if words & _FUTURE:
        return status, "future"
    return status, "asserted"


def _recipients(token, actor_at, places, occurred, evidence, precision, modality, outlet) -> list[ControlClaim]:
    """"X ceded control of P to Y": Y captures what X lost."""
    if token.lemma_.lower() not in ("cede", "surrender", "hand"):
        return []
    found = []
    for c in _governed(token):
        if c.dep_ in ("prep", "dative") and c.lower_ == "to":
            for t in c.subtree:
                if t.i in actor_at:
                    found += [ControlClaim(actor_at[t.i], "captures", p, occurred, evidence, span, precision, modality,
                                           outlet, z, q, EXTRACTOR, _confidence(modality)) for p, z, span, q in places]
                    break
    return found


def _confidence(modality: str) -> float:
    return round(0.6 * {"asserted": 1.0, "future": 0.9, "hypothetical": 0.8, "denied": 0.9}[modality], 3)
