"""The LLM extractor: claims read by a model behind an OpenAI-compatible chat API, held to exact evidence.

Off by default; ``faultlines ingest --extractor llm --llm-url URL --llm-model NAME`` turns it on
(docs/extraction.md). A document is cut into chunks of whole sentences (:func:`chunks`); each chunk
goes to the server with the instructions in :data:`SYSTEM_PROMPT` and the JSON schema of
:func:`response_format`, and the answer lists actors, claims, quotes and attributions. Nothing the
model says is taken on trust:

- every string it quotes (a claim's evidence, a quote, an attribution cue) must occur in the chunk
  it was given, character for character up to typographic variants of quote marks, dashes and
  spaces; the span found is what is kept, so ``doc.text[start:end]`` is always the evidence. A
  claim whose evidence is not there is dropped and reported (E034), never repaired;
- names resolve through the catalogue; a name the catalogue lacks becomes a provisional actor only
  if it occurs in the document; an ambiguous name drops the claim (E035);
- the relation must be a word of :data:`~faultlines.model.RELATIONS`, which gives polarity and
  intensity (mapping ``polarity.relation.v1``); the date comes from the evidence sentence by the
  rules' own date reading; tension between partners is flagged as the rules flag it.

Problems are coded strings in ``Extraction.problems``; a server that cannot be used raises
:class:`~faultlines.errors.ExtractorError` (E030-E032, see :mod:`faultlines.extract.chat`).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from faultlines.catalogue import Catalogue
from faultlines.errors import Problem
from faultlines.extract.chat import ChatClient, ChatConfig, Completion
from faultlines.extract.dates import document_date, sentence_date
from faultlines.extract.pipeline import SOFT_HOSTILE, TENSION_MAPPING, Extraction, Extractor
from faultlines.model import (ACTOR_KINDS, MODALITIES, RELATION_MAPPING, RELATIONS, Actor, Claim, Document,
                              Mention, TextSpan, slugify)
from faultlines.model.quotes import Quote

NAME = "llm.chat"
PROMPT_VERSION = 1  # bump when the prompt, schema or mapping changes: it is part of the extractor name
TEXT_OPEN, TEXT_CLOSE = "<<<TEXT\n", "\nTEXT>>>"
CONFIDENCE = 0.6
MIN_EVIDENCE_WORDS = 3
_MODALITY_FACTOR = {"asserted": 1.0, "future": 0.9, "hypothetical": 0.8, "denied": 0.9}
_PARTNER = re.compile(r"\b(?:ally|allies|allied|partners?|coalition|alliance)\b")
_QUOTE_MARKS = "\"“”„«»‘’'"
# Typographic variants a model may normalise; one character for one, so offsets do not move.
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
                       "–": "-", "—": "-", "‑": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " "})
_THE = re.compile(r"(?i)^the\s+")
_FENCE = re.compile(r"\A\s*```(?:json)?\s*(.*?)\s*```\s*\Z", re.S)
_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*(?:\[\d+\])*[\"'”’»)]*(?=\s+[\"'“‘«(\[]?[A-Z0-9])")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "maj", "capt", "sgt", "st", "jr", "sr", "prof",
                  "rep", "sen", "gov", "pres", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.n", "u.k", "jan", "feb",
                  "aug", "sept", "oct", "nov", "dec", "adm", "brig", "cpl", "pvt", "mt"}

RELATION_GLOSSES = {
    "cooperate": "work together, ally, coordinate, fight alongside",
    "aid": "give material help: weapons, money, supplies, training",
    "support": "back, endorse, praise, welcome, voice support for",
    "agree": "sign, accept, reach a deal or ceasefire with",
    "consult": "meet, talk, visit, host, negotiate with",
    "concede": "release, ease, yield, make a concession to",
    "retreat": "withdraw or pull forces back from",
    "request": "ask, appeal to, seek something from",
    "demand": "demand, urge, press, insist that",
    "disapprove": "criticise, condemn; tensions, rift, dispute or friction between",
    "accuse": "accuse, blame, allege wrongdoing by",
    "reject": "reject, oppose, refuse, veto, block",
    "protest": "protest or demonstrate against, lodge a complaint about",
    "threaten": "threaten, warn of action against",
    "sanction": "sanction, expel, suspend, embargo, cut or withdraw aid from",
    "mobilize": "deploy, mobilise or reinforce forces against",
    "coerce": "arrest, detain, seize, blockade, besiege, occupy",
    "assault": "attack, strike, bomb, shell, clash with, fight, kill, invade",
}

SYSTEM_PROMPT = f"""You read news and analysis about conflicts and list who does or says what to whom.
Answer with one JSON object and nothing else, with four lists:
"actors": [{{"name": ..., "kind": ..., "aliases": [...]}}] - every state, government, armed group, party,
  organisation, outlet or person that appears in a claim, quote or attribution. "name" is the fullest form
  the text uses, copied from the text; "aliases" are other forms it uses (acronyms, short names); "kind" is
  one of {", ".join(ACTOR_KINDS)}.
"claims": [{{"source": ..., "target": ..., "relation": ..., "modality": ..., "partners": true/false,
  "attributed_to": ... or null, "evidence": ...}}] - one per pair: the source acts on, or speaks about, the
  target. "source" and "target" are names from "actors". Tensions between two actors are one claim.
  "relation" is exactly one of the words listed below. "modality": asserted; denied (the text says it did
  not happen, or a party denies it); future (planned, promised); hypothetical (if, could, might).
  "partners": true when the text presents the two as allies or partners. "attributed_to": the outlet or
  person the text cites for the claim ("according to X", "X reported"), else null.
  "evidence": the whole sentence that states the claim, copied character for character from the text.
  Never shorten, paraphrase, translate or correct it.
"quotes": [{{"text": ..., "speaker": ...}}] - words in quotation marks, copied exactly without the marks,
  and the name of who said them.
"attributions": [{{"cue": ..., "source": ...}}] - the exact words that cite a source ("according to
  Reuters") and the name of that source.
Report only what the text says. Empty lists are a fine answer.
Relations:
""" + "\n".join(f"{word}: {gloss}" for word, gloss in RELATION_GLOSSES.items())


def response_format(schema: bool = True) -> dict:
    """The ``response_format`` of the request: a strict JSON schema, or plain JSON mode.

    >>> response_format(False)
    {'type': 'json_object'}
    >>> sorted(response_format()["json_schema"]["schema"]["properties"])
    ['actors', 'attributions', 'claims', 'quotes']
    """
    if not schema:
        return {"type": "json_object"}

    def obj(**props: dict) -> dict:
        return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}

    text, lst = {"type": "string"}, (lambda item: {"type": "array", "items": item})
    body = obj(actors=lst(obj(name=text, kind={"type": "string", "enum": list(ACTOR_KINDS)}, aliases=lst(text))),
               claims=lst(obj(source=text, target=text, relation={"type": "string", "enum": list(RELATIONS)},
                              modality={"type": "string", "enum": list(MODALITIES)}, partners={"type": "boolean"},
                              attributed_to={"type": ["string", "null"]}, evidence=text)),
               quotes=lst(obj(text=text, speaker=text)), attributions=lst(obj(cue=text, source=text)))
    return {"type": "json_schema", "json_schema": {"name": "faultlines_claims", "strict": True, "schema": body}}


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a line break always ends one; common abbreviations do not.

    >>> text = "Chad and Niger met on Monday. Gen. Haftar was absent.\\nA new line! “Yes,” he said."
    >>> [text[a:b] for a, b in sentences(text)]
    ['Chad and Niger met on Monday.', 'Gen. Haftar was absent.', 'A new line!', '“Yes,” he said.']
    """
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _BOUNDARY.finditer(text, line.start(), line.end()):
            before = text[start:m.start()].split()
            word = before[-1].lstrip("([\"'“‘").lower() if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, line.end()))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[0] < s[1]]


def chunks(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Consecutive whole sentences, at most ``max_chars`` long (a longer sentence is a chunk alone).

    >>> text = "One two three. Four five six. Seven eight nine."
    >>> [text[a:b] for a, b in chunks(text, 30)]
    ['One two three. Four five six.', 'Seven eight nine.']
    """
    spans: list[tuple[int, int]] = []
    for start, end in sentences(text):
        if spans and end - spans[-1][0] <= max_chars:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def locate(needle: str, text: str, start: int, end: int, folded: str | None = None) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``text[start:end]``, exactly or up to quote, dash and space variants.

    >>> text = "He said: “We will not leave.” Then he left."
    >>> a, b = locate('“We will not leave.”', text, 0, len(text)); text[a:b]
    '“We will not leave.”'
    >>> a, b = locate('"We will not leave."', text, 0, len(text)); text[a:b]
    '“We will not leave.”'
    >>> locate("We shall not leave.", text, 0, len(text)) is None
    True
    """
    needle = needle.strip()
    if not needle:
        return None
    i = text.find(needle, start, end)
    if i < 0:
        i = (folded if folded is not None else text.translate(_FOLD)).find(needle.translate(_FOLD), start, end)
    return (i, i + len(needle)) if i >= 0 else None


class LLMExtractor:
    """Claims from a chat model, in the same :class:`~faultlines.extract.Extraction` as the rules give.

    Build it once with the catalogue and a :class:`~faultlines.extract.chat.ChatConfig`; its
    ``name`` (``llm.chat:<model>@1``) is recorded on every claim. Only curated actors are linked
    (as in the rule-based :class:`~faultlines.extract.Extractor`).
    """

    # The same alliance-tension rule as the rule-based extractor, shared rather than copied.
    partners = Extractor.partners
    _family = Extractor._family

    def __init__(self, catalogue: Catalogue, config: ChatConfig) -> None:
        curated = {i: a for i, a in catalogue.actors.items() if not a.provisional}
        self.catalogue = catalogue if len(curated) == len(catalogue.actors) else replace(catalogue, actors=curated)
        self.config = config
        self.client = ChatClient(config)
        self.name = f"{NAME}:{config.model}@{PROMPT_VERSION}"

    def messages(self, doc: Document, start: int, end: int) -> list[dict[str, str]]:
        """The system and user messages for ``doc.text[start:end]``."""
        day = doc.published_at.isoformat() if doc.published_at else "unknown"
        user = f"Publication date: {day}.\n{TEXT_OPEN}{doc.text[start:end]}{TEXT_CLOSE}"
        return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]

    def extract(self, doc: Document) -> Extraction:
        """Ask the server about each chunk of ``doc`` and keep what the text bears out."""
        reading = _Reading(self, doc)
        for start, end in chunks(doc.text, self.config.max_chars):
            completion = self.client.complete(self.messages(doc, start, end),
                                              response_format=response_format(self.config.schema))
            reading.read(completion, start, end)
        return reading.finish()

    def close(self) -> None:
        self.client.close()


class _Drop(Exception):
    """An item of the model's answer that cannot be kept; the message says why."""


class _Reading:
    """One document being read: its actors so far, quotes, claims and problems."""

    def __init__(self, extractor: LLMExtractor, doc: Document) -> None:
        self.ex, self.doc, self.out = extractor, doc, Extraction(doc)
        self.day = document_date(doc.text, doc.published_at)
        self.folded = doc.text.translate(_FOLD)
        self.lowered = self.folded.casefold()
        self.sents = sentences(doc.text)
        self.ids: dict[str, str] = {}          # casefolded surface form -> actor id, for this document
        self.forms: dict[str, set[str]] = {}   # actor id -> surface forms the model used
        self.new: dict[str, Actor] = {}
        self.claims: dict[str, Claim] = {}

    def problem(self, code: str, pos: int, **values: object) -> None:
        line = self.doc.text.count("\n", 0, pos) + 1
        self.out.problems.append(Problem.error(code, path=self.doc.url or self.doc.id, line=line, **values).text)

    def read(self, completion: Completion, start: int, end: int) -> None:
        answer = self._answer(completion, start, end)
        if answer is None:
            return
        steps = (("actors", self._actor), ("quotes", self._quote), ("attributions", self._attribution),
                 ("claims", self._claim))
        for key, step in steps:  # quotes before claims: a claim inside a quote takes its speaker
            for item in answer.get(key, []):
                step(item if isinstance(item, dict) else {}, start, end)

    def _answer(self, completion: Completion, start: int, end: int) -> dict | None:
        content = (completion.content or "").strip()
        fenced = _FENCE.match(content)
        reason = None
        try:
            answer = json.loads(fenced.group(1) if fenced else content)
        except ValueError as e:
            answer, reason = None, f"not JSON: {e}" if content else "the answer is empty"
        if reason is None and not isinstance(answer, dict):
            reason = "not a JSON object"
        elif reason is None and not isinstance(answer.get("claims"), list):
            reason = "it has no list 'claims'"
        elif reason is None:
            reason = next((f"'{k}' is not a list" for k in ("actors", "quotes", "attributions")
                           if not isinstance(answer.get(k, []), list)), None)
        if reason is None:
            return answer
        if completion.finish_reason == "length":
            reason += "; the answer was cut off at the model's token limit"
        self.problem("E033", start, start=start, end=end, reason=reason)
        return None

    # -- actors ----------------------------------------------------------------------------------

    def _register(self, form: str, actor_id: str) -> None:
        """Remember a name the model used: for later items, and for mentions ("the" left out)."""
        self.ids.setdefault(form.casefold(), actor_id)
        self.forms.setdefault(actor_id, set()).add(_THE.sub("", form))

    def resolve(self, name: object, kind: object = None, aliases: tuple[str, ...] = ()) -> str:
        """The actor id of a name the model gave; raise :class:`_Drop` if there is none to trust."""
        if not isinstance(name, str) or not name.strip():
            raise _Drop("a name is missing")
        name = " ".join(name.split())
        if name.casefold() in self.ids:
            return self.ids[name.casefold()]
        for form in (name, *aliases):  # an ambiguous alias is passed over; an ambiguous name is not
            found = self.ex.catalogue.resolve(form, on=self.day)
            if found.ambiguous and form == name:
                raise _Drop(f"the name {form!r} may be any of {', '.join(found.candidates)}")
            if found.ok:
                self._register(name, found.actor_id)  # type: ignore[arg-type]
                return found.actor_id  # type: ignore[return-value]
        bare = _THE.sub("", name)
        if bare.translate(_FOLD).casefold() not in self.lowered:
            raise _Drop(f"{name!r} is neither in the catalogue nor in the text")
        actor_id = f"provisional-{slugify(bare)}"
        if actor_id not in self.new:
            self.new[actor_id] = Actor(actor_id, bare, kind if kind in ACTOR_KINDS else "group",  # type: ignore[arg-type]
                                       aliases=tuple(a for a in aliases if not _acronym(a)),
                                       acronyms=tuple(a for a in aliases if _acronym(a)), provisional=True)
        self._register(name, actor_id)
        return actor_id

    def _actor(self, item: dict, start: int, end: int) -> None:
        aliases = tuple(" ".join(a.split()) for a in item.get("aliases") or () if isinstance(a, str) and a.strip())
        try:
            actor_id = self.resolve(item.get("name"), item.get("kind"), aliases)
        except _Drop as e:
            self.problem("E035", start, what=f"actor {item.get('name')!r}", reason=str(e))
            return
        for alias in aliases:
            self._register(alias, actor_id)

    def _optional(self, name: object, pos: int, what: str, kind: str) -> str | None:
        if name in (None, ""):
            return None
        try:
            return self.resolve(name, kind)
        except _Drop as e:
            self.problem("E035", pos, what=what, reason=str(e))
            return None

    # -- quotes, attributions, claims ------------------------------------------------------------

    def _quote(self, item: dict, start: int, end: int) -> None:
        words = item.get("text")
        span = locate(words, self.doc.text, start, end, self.folded) if isinstance(words, str) else None
        if span is None:
            self.problem("E035", start, what="quote", reason=f"its words {str(words)[:60]!r} are not in the text")
            return
        a, b = span
        if b - a > 2 and self.doc.text[a] in _QUOTE_MARKS and self.doc.text[b - 1] in _QUOTE_MARKS:
            a, b = a + 1, b - 1  # the span of a quote is inside its marks
        speaker = self._optional(item.get("speaker"), a, "speaker of a quote", "person")
        text = self.doc.text
        direct = (a > 0 and text[a - 1] in _QUOTE_MARKS) or (b < len(text) and text[b] in _QUOTE_MARKS)
        quote = Quote(TextSpan(self.doc.id, a, b), speaker, self._nearest(speaker, a, b, start, end),
                      "direct" if direct else "reported")
        if all(q.span != quote.span for q in self.out.quotes):
            self.out.quotes.append(quote)

    def _nearest(self, actor_id: str | None, a: int, b: int, start: int, end: int) -> TextSpan | None:
        """The closest place outside the quote where the chunk names ``actor_id``."""
        forms = self.forms.get(actor_id or "", ())
        found = [(s, e) for form in forms for s, e in _occurrences(self.doc.text, form, start, end) if e <= a or s >= b]
        if not found:
            return None
        s, e = min(found, key=lambda x: min(abs(x[0] - b), abs(a - x[1])))
        return TextSpan(self.doc.id, s, e)

    def _attribution(self, item: dict, start: int, end: int) -> None:
        cue = item.get("cue")
        span = locate(cue, self.doc.text, start, end, self.folded) if isinstance(cue, str) else None
        if span is None:
            self.problem("E035", start, what="attribution", reason=f"its cue {str(cue)[:60]!r} is not in the text")
            return
        source = self._optional(item.get("source"), span[0], "cited source", "outlet")
        if source is not None:
            self.out.attributions.append((TextSpan(self.doc.id, *span), (source,)))

    def _claim(self, item: dict, start: int, end: int) -> None:
        what = f"claim {item.get('source')!r} {item.get('relation')!r} {item.get('target')!r}"
        evidence = item.get("evidence")
        span = locate(evidence, self.doc.text, start, end, self.folded) if isinstance(evidence, str) else None
        if span is None:
            self.problem("E034", start, evidence=str(evidence)[:80], source=item.get("source"),
                         relation=item.get("relation"), target=item.get("target"))
            return
        try:
            claim = self._make_claim(item, span)
        except _Drop as e:
            self.problem("E035", span[0], what=what, reason=str(e))
            return
        if claim is not None:
            self.claims.setdefault(claim.id, claim)

    def _make_claim(self, item: dict, span: tuple[int, int]) -> Claim | None:
        relation = str(item.get("relation") or "").strip().lower()
        if relation not in RELATIONS:
            raise _Drop(f"the relation {relation!r} is not one of {', '.join(RELATIONS)}")
        modality = item.get("modality") or "asserted"
        if modality not in MODALITIES:
            raise _Drop(f"the modality {modality!r} is not one of {', '.join(MODALITIES)}")
        if len(self.doc.text[span[0]:span[1]].split()) < MIN_EVIDENCE_WORDS:
            raise _Drop(f"the evidence is shorter than {MIN_EVIDENCE_WORDS} words")
        a, b = self.resolve(item.get("source")), self.resolve(item.get("target"))
        if a == b:
            raise _Drop("its source and target are the same actor")
        if self.day is None:
            return None  # reported once, in finish()
        s0, s1 = self._sentence(span)
        date = sentence_date(self.doc.text[s0:s1], self.doc.published_at)
        occurred, precision = date if date else (self.day, "day")
        polarity, intensity = RELATIONS[relation]
        mapping, notes = RELATION_MAPPING, None
        if polarity < 0:
            said = item.get("partners") is True or _PARTNER.search(self.doc.text[s0:s1])
            partners = "text" if said else self.ex.partners(a, b, occurred)
            if partners:
                notes = f"alliance-tension: {partners}"
                if relation in SOFT_HOSTILE:
                    intensity, mapping = intensity / 2, TENSION_MAPPING
        first = span[0] + (self.doc.text[span[0]] in _QUOTE_MARKS)  # evidence may open with the quote mark
        speaker = next((q.speaker for q in self.out.quotes if q.kind == "direct" and q.span.start <= first < q.span.end),
                       None)
        attributed = self._optional(item.get("attributed_to"), span[0], "cited source of a claim", "outlet")
        return Claim(a, b, relation, polarity, intensity, occurred, (TextSpan(self.doc.id, *span),), self.ex.name,
                     mapping, occurred_precision=precision, modality=modality, speaker=speaker,
                     attributed_to=attributed, confidence=round(CONFIDENCE * _MODALITY_FACTOR[modality], 3), notes=notes)

    def _sentence(self, span: tuple[int, int]) -> tuple[int, int]:
        """The sentences the span touches (for its date and partner words)."""
        touched = [(a, b) for a, b in self.sents if a < span[1] and span[0] < b]
        return (touched[0][0], touched[-1][1]) if touched else span

    def finish(self) -> Extraction:
        if self.day is None:
            self.out.problems.append(f"{self.doc.id}: no publication date and no date in the text; no claims made.")
        self.out.claims = list(self.claims.values())
        self.out.new_actors = list(self.new.values())
        self.out.quotes.sort(key=lambda q: q.span.start)
        self.out.mentions = self._mentions()
        return self.out

    def _mentions(self) -> list[Mention]:
        """Every place the document uses a name the model gave for an actor, longest names first."""
        taken: list[tuple[int, int]] = []
        mentions = []
        forms = sorted(((f, i) for i, fs in self.forms.items() for f in fs), key=lambda x: (-len(x[0]), x[0]))
        for form, actor_id in forms:
            for s, e in _occurrences(self.doc.text, form, 0, len(self.doc.text)):
                if all(e <= a or s >= b for a, b in taken):
                    taken.append((s, e))
                    mentions.append(Mention(TextSpan(self.doc.id, s, e), actor_id, "llm", CONFIDENCE))
        return sorted(mentions, key=lambda m: m.span.start)


def _occurrences(text: str, form: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of ``form`` as a whole word or phrase in ``text[start:end]``, case as given."""
    if len(form) < 2:
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")
    return [m.span() for m in pattern.finditer(text, start, end)]


def _acronym(name: str) -> bool:
    return name.isupper() and len(name) <= 6 and " " not in name


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
