"""Relation triggers and their participants, read from the dependency parse.

For each trigger word of the lexicon (``lexicon.py``) in a sentence, participants come from its
grammatical relations, never from mere co-occurrence:

- verbs: sources are the subjects (with their conjuncts; a subjectless infinitive or participle
  takes the subject of the clause it hangs from, or the object of a control verb: "prevent Israel
  from striking …"); targets are the direct object, dative, and objects of prepositions (with,
  against, on, at, into, to, for); passives swap ("X was attacked by Y"). An ``xcomp`` chain
  ("threatened to send forces into …") keeps the head's relation and takes the targets of the
  whole chain.
- nouns: "tensions between X and Y", "X's threats to …", "X's support for Y", "Russian-Iranian
  rift"; when the noun is the object of a verb, that verb's subject is its source ("X voiced
  support for Y").

Noun phrases yield the actor they are about: the link on their head, else the links of their
possessors, modifiers, "of" phrases and conjuncts, never locations ("in Syria").
"""

from __future__ import annotations

from dataclasses import dataclass

from faultlines.extract.lexicon import (AGENT_OF, ALONGSIDE, DENIAL_HEADS, ENEMY_WORDS, FUTURE_AUX,
                                        FUTURE_HEADS, HYPOTHETICAL_AUX, LABEL_VERBS, NOUNS,
                                        OBJECT_SENSITIVE, RELATIONS_SIGN, STOP_VERBS, SYMMETRIC,
                                        SYMMETRIC_WORDS, TIES, TIES_VERBS, VERBS)

_TARGET_PREPS = {"alongside", "beside", "with", "against", "on", "at", "into", "to", "for", "toward", "towards", "over", "upon", "between"}
_LOCATIVE = {"in", "at", "near", "across", "throughout", "inside", "within", "around", "outside", "from",
             "across", "along", "beyond"}
_NP_DEPS = {"poss", "compound", "amod", "appos", "conj", "nmod", "npadvmod"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_MEDIA = {"media", "press", "reports", "report", "newspaper", "newspapers", "outlets", "channel"}
_PLANS = {"threaten", "demand", "request", "mobilize", "agree"}
_LINKED = {"linked", "affiliated", "tied", "connected", "belonging", "allied"}


@dataclass(frozen=True, slots=True)
class Trigger:
    """One relation found in a sentence: its trigger token, relation, participants and modality."""

    token: int
    relation: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    symmetric: bool
    modality: str
    coref: bool
    nominal: bool = False


def find_triggers(sent, actor_of) -> list[Trigger]:
    """Triggers in ``sent``; ``actor_of(token) -> (actor_id, method) | None`` gives a token's link."""
    found, consumed = [], set()
    for token in sent:
        if token.i in consumed:
            continue
        relation = _relation(token)
        if relation is None:
            continue
        if token.pos_ in ("VERB", "AUX"):
            sources, targets, chain = _verb_args(token, actor_of)
            consumed.update(chain)
        else:
            sources, targets = _noun_args(token, actor_of)
        if not sources and not targets:
            continue
        symmetric = relation in SYMMETRIC or token.lemma_.lower() in SYMMETRIC_WORDS or token.lower_ in SYMMETRIC_WORDS
        coref = any(m == "coref" for _, m in (*sources, *targets))
        found.append(Trigger(token.i, relation, tuple(dict.fromkeys(a for a, _ in sources)),
                             tuple(dict.fromkeys(a for a, _ in targets)), symmetric, modality(token), coref,
                             token.pos_ not in ("VERB", "AUX")))
    return found


def _relation(token) -> str | None:
    relation = _base_relation(token)
    if relation is not None and token.head.lemma_.lower() in STOP_VERBS and RELATIONS_SIGN[relation] > 0:
        return "sanction"
    return relation


def _base_relation(token) -> str | None:
    lemma = token.lemma_.lower()
    if token.lower_ in TIES and token.pos_ == "NOUN":
        return TIES_VERBS.get(token.head.lemma_.lower()) if token.dep_ in ("dobj", "nsubjpass") else None
    if lemma in ("fight", "battle") and any(c.dep_ == "prep" and c.lower_ in ALONGSIDE for c in token.children):
        return "cooperate"
    if token.pos_ in ("VERB", "AUX"):
        if lemma in LABEL_VERBS and _labels_as_enemy(token):
            return "accuse"
        if lemma in OBJECT_SENSITIVE:
            for child in token.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    return OBJECT_SENSITIVE[lemma].get(child.lemma_.lower()) or OBJECT_SENSITIVE[lemma].get(child.lower_)
            return None
        return VERBS.get(lemma)
    if token.pos_ in ("NOUN", "PROPN"):
        if token.head.lemma_.lower() in OBJECT_SENSITIVE and token.dep_ == "dobj":
            return None  # "withdrew assistance": the verb already carries the relation
        return NOUNS.get(token.lower_) or NOUNS.get(lemma)
    return None


def _labels_as_enemy(verb) -> bool:
    """ "regards X as a terrorist organisation", "designated X a threat" """
    for child in verb.children:
        if child.dep_ in ("prep", "oprd", "xcomp") and (child.dep_ != "prep" or child.lower_ == "as"):
            if any(t.lower_ in ENEMY_WORDS for t in child.subtree):
                return True
    return False


def _verb_args(verb, actor_of):
    chain = [verb]
    own = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    nxt = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    if nxt and not own:  # "threatened to send forces into X"; but "urged X to rein in Y" targets X only
        chain.append(nxt[0])
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    subjects = _subjects(verb)
    accuses = _relation(verb) == "accuse"
    targets = []
    for v in chain:
        targets += _objects(v, actor_of)
    if accuses:  # "investigators alleged that the RSF received weapons": the accused is the clause's subject
        targets += _np_many([s for c in verb.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in _SUBJ],
                            actor_of)
    if passive:
        holders = [verb, *(c for c in verb.children if c.dep_ == "conj")]
        agents = [p for v in holders for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        return _np_many(agents, actor_of), _np_many(subjects, actor_of) + targets, {v.i for v in chain}
    return _np_many(subjects, actor_of), targets, {v.i for v in chain}


def _subjects(verb):
    own = [c for c in verb.children if c.dep_ in _SUBJ]
    if own and own[0].lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
        return [verb.head]  # "ECOWAS, which imposed sanctions on Niger"
    token = verb
    for _ in range(4):
        if own or token.head is token:
            break
        came_by = token.dep_
        token = token.head
        if token.dep_ == "prep" and token.head.pos_ == "VERB":
            came_by, token = "prep", token.head
        if came_by == "prep" or token.lemma_.lower() in ("prevent", "stop", "force", "push", "urge", "ask", "let"):
            own = [c for c in token.children if c.dep_ == "dobj"]  # object control: "prevent Israel from …"
        if not own and came_by in ("xcomp", "advcl", "conj", "prep", "pcomp", "acl", "relcl"):
            own = [c for c in token.children if c.dep_ in _SUBJ]
    return own


def _objects(verb, actor_of):
    out = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd"):
            out += np_actors(child, actor_of)
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            out += _np_many([c for c in child.children if c.dep_ == "pobj"], actor_of)
    return out


def _noun_args(noun, actor_of):
    sources, targets = [], []
    relation = _relation(noun)
    for child in noun.children:
        if child.dep_ == "poss" or child.dep_ in ("amod", "compound") and actor_of(child):
            sources += np_actors(child, actor_of)
        elif child.dep_ == "prep" and child.lower_ == "of" and relation in AGENT_OF:
            sources += _np_many([c for c in child.children if c.dep_ == "pobj"], actor_of)
        elif child.dep_ == "prep" and child.lower_ == "from" and relation == "retreat":
            targets += _np_many([c for c in child.children if c.dep_ == "pobj"], actor_of)
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            targets += _np_many([c for c in child.children if c.dep_ == "pobj"], actor_of)
        elif child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and relation in _PLANS:
            targets += _objects(child, actor_of)  # "threats to send his forces into X"
    between = any(c.dep_ == "prep" and c.lower_ == "between" for c in noun.children)
    if not sources and not between:  # "X voiced support for Y", "X announced $3m in aid for Y": the governing verb's subject
        token = noun
        for _ in range(4):
            if token.dep_ not in ("dobj", "pobj", "prep", "compound", "nmod", "conj", "appos", "attr", "nsubjpass") \
                    or token.head is token:
                break
            token = token.head
            if token.pos_ == "VERB":
                sources = _np_many(_subjects(token), actor_of)
                break
    if noun.lower_ in TIES:  # "Kyiv's ties with Warsaw": both sides are participants
        return [], sources + targets
    return sources, targets


def _np_many(tokens, actor_of):
    return [a for t in tokens for a in np_actors(t, actor_of)]


def np_actors(token, actor_of, depth: int = 0) -> list[tuple[str, str]]:
    """The actors a noun phrase is about: its head's link, else its possessors, modifiers, conjuncts."""
    if depth > 6:
        return []
    if token.lower_ in _MEDIA:
        return []  # "Saudi media", "Kurdish reports" report claims; attribution.py cites them
    own = actor_of(token)
    out = [own] if own else []
    for child in token.children:
        if child.tag_ == "PRP$":
            continue  # "his forces", "its positions": the owner is the actor's own side, not a target
        if child.dep_ == "conj" or (not own and child.dep_ in _NP_DEPS) or (child.dep_ == "appos" and actor_of(child)):
            # a conjunct, a modifier of an unlinked head, or a listed name ("Mali, Burkina Faso and Niger")
            out += np_actors(child, actor_of, depth + 1)
        elif not own and child.dep_ == "prep" and child.lower_ not in _LOCATIVE:
            out += _np_many([c for c in child.children if c.dep_ == "pobj"], actor_of)
        elif not own and child.dep_ == "acl" and child.lower_ in _LINKED:  # "companies linked to the RSF"
            out += _np_many([p for c in child.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"],
                            actor_of)
    if not own and any(m != "demonym" for _, m in out):
        out = [(a, m) for a, m in out if m != "demonym"]  # "Russian mercenaries of the Wagner Group": Wagner
    return out


def modality(trigger) -> str:
    """denied / future / hypothetical / asserted, from the trigger and the verbs that govern it."""
    tokens, token = [trigger], trigger
    for _ in range(3):
        if token.dep_ in ("ROOT", "ccomp", "advcl", "relcl") or token.head is token:
            break
        token = token.head
        tokens.append(token)
    kids = [c for t in tokens for c in t.children]
    words = {c.lower_ for c in kids}
    if any(c.dep_ == "neg" for c in kids) or words & {"no", "never"} or any(t.lemma_ in DENIAL_HEADS for t in tokens[1:]):
        return "denied"
    if words & {"if", "unless"} or words & HYPOTHETICAL_AUX:
        return "hypothetical"
    if words & FUTURE_AUX or any(t.lemma_ in FUTURE_HEADS for t in tokens[1:]) and trigger.lemma_ != "threaten":
        return "future"
    return "asserted"
