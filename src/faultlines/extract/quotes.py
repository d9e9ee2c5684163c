"""Quotes and their speakers: direct ("X said, “…”", "“…”, X added") and reported ("X said that …").

Direct quotes are found in the text by their marks (curly, straight or guillemets), so footnote
markers such as ``”[5]`` and quotes spanning several parsed sentences do not matter. The speaker
is the subject of the nearest speech verb before the quote in its sentence, else of one just after
it. A speech verb without its own subject ("…, adding, “…”", "clarified the issue saying, “…”")
takes the subject of the clause it hangs from, climbing to the top of the sentence: the speaker
of a sentence is its main subject far more often than an embedded one. Relative pronouns ("an
official who told …") stand for the noun they modify.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from faultlines.extract.linking import Link

SAY = {"say", "add", "state", "tell", "explain", "clarify", "affirm", "confirm", "announce", "declare",
       "note", "warn", "insist", "stress", "claim", "argue", "report", "reply", "respond", "comment", "write",
       "tweet", "assert", "emphasise", "emphasize", "vow", "pledge", "promise", "urge", "remark", "acknowledge",
       "allege", "deny", "quote", "tell", "conclude", "maintain", "predict", "reiterate", "underline"}
_QUOTE = re.compile(r"“([^“”]{2,3000})”|\"([^\"]{2,3000})\"|«([^«»]{2,3000})»")
_RELATIVE = {"which", "who", "that", "whom"}
_AFTER_TOKENS = 8


def direct_quotes(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the words inside quote marks (three words or more: not scare quotes)."""
    spans = []
    for match in _QUOTE.finditer(doc.text):
        group = next(i for i in (1, 2, 3) if match.group(i) is not None)
        start, end = match.span(group)
        if len(doc.text[start:end].split()) >= 3:
            spans.append((start, end))
    return spans


def speaker_of(doc: Doc, start: int, end: int, links: list[Link]):
    """(actor id or None, subject token or None) for the quote at characters ``[start, end)``."""
    opening = doc.char_span(start, start + 1, alignment_mode="expand")
    if opening is None:
        return None, None
    sent = opening[0].sent
    before = [t for t in sent if t.idx < start and t.lemma_.lower() in SAY and t.pos_ in ("VERB", "AUX")]
    verbs = before[-1:] or _after(doc, end)
    for verb in verbs:
        subject = subject_of(verb)
        if subject is not None:
            return actor_at(subject, links), subject
    return None, None


def _after(doc: Doc, end: int):
    """Speech verbs within a few tokens after the closing mark: "“…”, the minister added"."""
    closing = doc.char_span(end - 1, end, alignment_mode="expand")
    if closing is None:
        return []
    i = closing[-1].i + 1
    return [t for t in doc[i:i + _AFTER_TOKENS] if t.lemma_.lower() in SAY and t.pos_ == "VERB"][:1]


def subject_of(verb):
    """The subject of a speech verb, climbing from subjectless participles to the main clause."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own and own[0].lower_ not in _RELATIVE:
        return own[0]
    if own and verb.dep_ == "relcl":
        return verb.head
    found, token = None, verb
    for _ in range(8):
        if token.head is token:
            break
        token = token.head
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _RELATIVE]
        if subjects:
            found = subjects[0]
    return found


def actor_at(token, links: list[Link]) -> str | None:
    """The actor named by the noun phrase headed by ``token``: its own link, else one inside it."""
    for link in links:
        if link.start <= token.i < link.end:
            return link.actor_id
    inside = [link for link in links if token.left_edge.i <= link.start and link.end <= token.i + 1]
    if not inside:  # "an official of the ministry": look into the whole phrase
        inside = [link for link in links if token.left_edge.i <= link.start and link.end <= token.right_edge.i + 1]
    return inside[-1].actor_id if inside else None


def reported_clauses(doc: Doc, skip: list[tuple[int, int]]):
    """(verb, clause span) for "X said that …" clauses outside the direct quotes ``skip``."""
    for token in doc:
        if token.lemma_.lower() not in SAY or token.pos_ != "VERB":
            continue
        for child in token.children:
            if child.dep_ != "ccomp" or child.i < token.i:
                continue
            start, end = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
            if any(s < end and start < e for s, e in skip):
                continue
            yield token, start, end
