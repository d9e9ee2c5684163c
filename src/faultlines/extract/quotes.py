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
    if opening[0].i - sent.start <= 1:  # the quote opens its sentence: "“…,” the minister said."
        verbs = _after(doc, end)
        if not verbs and sent.start > 0 and _introduces(doc, sent.start):  # "… he said:" then the quote
            verbs = [t for t in doc[sent.start - 1].sent if _says(t)][-1:]
    else:
        verbs = [t for t in sent if t.idx < start and _says(t)][-1:] or _after(doc, end)
    for verb in verbs:
        subjects = [s for s in subjects_of(verb) if not start <= s.idx < end]
        for subject in subjects:
            if (actor := actor_at(subject, links)) is not None:
                return actor, subject
        if subjects:
            return None, subjects[0]
    return None, None


def _introduces(doc: Doc, start: int) -> bool:
    """Whether the text just before token ``start`` ends with ':' or ',' (a speech introduction)."""
    before = [t for t in doc[max(0, start - 3):start] if not t.is_space]
    return bool(before) and before[-1].text in (":", ",")


def _says(token) -> bool:
    """A speech verb, or a participle the small model mistags as a noun ("on its own stating, …")."""
    if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SAY:
        return True
    stem = token.lower_[:-3] if token.lower_.endswith("ing") else ""
    return bool(stem) and (stem in SAY or stem + "e" in SAY)


def _after(doc: Doc, end: int):
    """Speech verbs within a few tokens after the closing mark: "“…”, the minister added"."""
    closing = doc.char_span(end - 1, end, alignment_mode="expand")
    if closing is None:
        return []
    i = closing[-1].i + 1
    return [t for t in doc[i:i + _AFTER_TOKENS] if t.lemma_.lower() in SAY and t.pos_ == "VERB"][:1]


def subject_of(verb):
    """The most likely subject of a speech verb (see :func:`subjects_of`), or None."""
    found = subjects_of(verb)
    return found[0] if found else None


def subjects_of(verb) -> list:
    """Candidate subjects of a speech verb, best first.

    The verb's own subject comes first, then the subjects of the clauses above it: outermost
    first for a subjectless participle (the main subject usually speaks), innermost first after
    an own subject that names no one ("the issue saying, …" still belongs to the envoy).
    """
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own and own[0].lower_ in _RELATIVE:
        own = [verb.head] if verb.dep_ == "relcl" else []
    above, token = [], verb
    for _ in range(8):
        if token.head is token:
            break
        token = token.head
        above += [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _RELATIVE][:1]
    return own[:1] + above if own else above[::-1]


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
