"""Evaluate an extractor against gold files: pair-level claims, quote speakers, attributions.

A gold file (format ``faultlines.gold.v1``, docs/extraction.md) describes one document: where its
text is, its publication date, and what a careful reader finds in it. Claims are compared at the
level of **unordered actor pairs**: the extractor scores a hit for (pair, sign) when it makes any
claim of that sign between the pair, and for (pair, relation) when it also picks the gold relation
(which fixes the exact polarity and intensity of ``polarity.relation.v1``). A gold side may list
several acceptable ids (``["united-states", "us-armed-forces"]``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from faultlines.errors import IngestError
from faultlines.model import Document

FORMAT = "faultlines.gold.v1"


def load_gold(path: Path, *, shared: Path | None = None) -> tuple[Document, dict]:
    """The document a gold file describes, and the gold itself."""
    gold = json.loads(Path(path).read_text(encoding="utf-8"))
    if gold.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} gold file (format is {gold.get('format')!r})")
    if "shared_text" in gold:
        if shared is None:
            raise ValueError(f"{path}: the text lives in the shared folder; pass shared=")
        text_path = shared / gold["shared_text"]
    else:
        text_path = Path(path).parent / gold["text"]
    published = dt.date.fromisoformat(gold["published_at"]) if gold.get("published_at") else None
    return Document(text_path.read_text(encoding="utf-8"), published_at=published), gold


def _span(text: str, item: dict) -> tuple[int, int]:
    if "find" in item:
        start = text.index(item["find"])
        return start, start + len(item["find"])
    return item["start"], item["end"]


def _options(side) -> tuple[str, ...]:
    return tuple(side) if isinstance(side, list) else (side,)



def _match(pred: set, gold: list[dict], key: str) -> tuple[int, int]:
    """(true positives among predictions, gold items found) for pair-level keys."""
    def hit(p, g):
        (a, b), label = p
        sides = (_options(g["a"]), _options(g["b"]))
        same_pair = (a in sides[0] and b in sides[1]) or (b in sides[0] and a in sides[1])
        return same_pair and label == g[key]
    tp = sum(1 for p in pred if any(hit(p, g) for g in gold))
    found = sum(1 for g in gold if any(hit(p, g) for p in pred))
    return tp, found


def evaluate_one(extraction, doc: Document, gold: dict) -> dict:
    """Counts for one document (summed by :func:`evaluate`)."""
    signs = {(tuple(sorted((c.source_actor, c.target_actor))), int(c.polarity > 0) * 2 - 1) for c in extraction.claims}
    relations = {(tuple(sorted((c.source_actor, c.target_actor))), c.relation) for c in extraction.claims}
    sign_gold = list({(tuple(sorted((str(g["a"]), str(g["b"])))), g["sign"]): g for g in gold.get("claims", [])}.values())
    sign_tp, sign_found = _match(signs, sign_gold, "sign")
    rel_tp, rel_found = _match(relations, [g for g in gold.get("claims", []) if "relation" in g], "relation")
    quotes_ok = 0
    for q in gold.get("quotes", []):
        start, end = _span(doc.text, q)
        got = [x for x in extraction.quotes if x.kind == "direct" and x.span.start < end and start < x.span.end]
        quotes_ok += any(x.speaker in _options(q["speaker"]) for x in got)
    cited_ok = 0
    for a in gold.get("attributions", []):
        start, end = _span(doc.text, a)
        cited_ok += any(span.start < end and start < span.end and a["actor"] in ids for span, ids in extraction.attributions)
    return {"sign": (sign_tp, len(signs), sign_found, len(sign_gold)),
            "relation": (rel_tp, len(relations), rel_found, len([g for g in gold.get("claims", []) if "relation" in g])),
            "quotes": (quotes_ok, len(gold.get("quotes", []))),
            "attributions": (cited_ok, len(gold.get("attributions", [])))}


def evaluate(extractor, gold_files, *, shared: Path | None = None) -> dict:
    """Pair-level precision/recall/F1 by sign and by relation, quote-speaker and attribution accuracy.

    Precision counts predicted (pair, label) items that match a gold claim; recall counts gold
    claims matched by a prediction. Returns the totals and a ``per_document`` breakdown.
    """
    per_doc, totals = {}, {"sign": [0, 0, 0, 0], "relation": [0, 0, 0, 0], "quotes": [0, 0], "attributions": [0, 0]}
    for path in gold_files:
        doc, gold = load_gold(Path(path), shared=shared)
        counts = evaluate_one(extractor.extract(doc), doc, gold)
        per_doc[Path(path).stem] = counts
        for key, values in counts.items():
            totals[key] = [t + v for t, v in zip(totals[key], values)]
    return {"by_sign": _summary(totals["sign"]), "by_relation": _summary(totals["relation"]),
            "quote_speaker_accuracy": _ratio(*totals["quotes"]), "attribution_accuracy": _ratio(*totals["attributions"]),
            "n_documents": len(per_doc), "per_document": per_doc}


def _summary(counts) -> dict:
    tp, n_pred, found, n_gold = counts
    p = tp / n_pred if n_pred else 0.0
    r = found / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "n_pred": n_pred, "n_gold": n_gold}


def _ratio(ok: int, n: int) -> dict:
    return {"accuracy": round(ok / n, 3) if n else None, "correct": ok, "n": n}


# PLOVER event types -> our relation words (FIGHT is PLOVER's armed clash; INVESTIGATE has no peer).
PLOVER_RELATIONS = {"AGREE": "agree", "DEMAND": "demand", "REJECT": "reject", "THREATEN": "threaten",
                    "PROTEST": "protest", "COERCE": "coerce", "FIGHT": "assault", "DISAPPROVE": "disapprove",
                    "ASSAULT": "assault", "RETREAT": "retreat", "SANCTION": "sanction", "SUPPORT": "support",
                    "CONCEDE": "concede", "CONSULT": "consult", "AID": "aid", "MOBILIZE": "mobilize",
                    "COOPERATE": "cooperate"}


def evaluate_plover(extractor, path: Path) -> dict:
    """Relation typing on the PLOVER gold-standard sentences (``PLOVER_GSR_CAMEO.txt``).

    Each sentence is one gold event between named actors. ``coverage``: share of sentences where
    the extractor makes any claim; ``relation_accuracy`` and ``sign_accuracy``: among those, the
    share where some claim has the gold relation, or the gold sign. Actors are not scored here
    (the sentences name actors of every country and era, many outside any catalogue).
    """
    from faultlines.model import RELATIONS
    records = [r for r in json.loads(Path(path).read_text(encoding="utf-8")) if r.get("event") in PLOVER_RELATIONS]
    docs = [Document(r["text"], published_at=dt.date.fromisoformat(r.get("date") or "2000-01-01")) for r in records]
    covered = relation_ok = sign_ok = 0
    by_event: dict[str, list[int]] = {}
    for record, doc, parsed in zip(records, docs, extractor.nlp.pipe([d.text for d in docs])):
        claims = extractor.extract_parsed(doc, parsed).claims
        want = PLOVER_RELATIONS[record["event"]]
        counts = by_event.setdefault(record["event"], [0, 0, 0])
        counts[0] += 1
        if claims:
            covered += 1
            counts[1] += 1
            hit = any(c.relation == want for c in claims)
            relation_ok += hit
            counts[2] += hit
            sign_ok += any((c.polarity > 0) == (RELATIONS[want][0] > 0) for c in claims)
    n = len(records)
    return {"n": n, "coverage": round(covered / n, 3), "relation_accuracy": round(relation_ok / max(covered, 1), 3),
            "sign_accuracy": round(sign_ok / max(covered, 1), 3),
            "by_event": {e: {"n": c[0], "covered": c[1], "relation_ok": c[2]} for e, c in sorted(by_event.items())}}


def gold_files(paths: list[Path], *, shared: Path | None = None) -> list[Path]:
    """The gold files among ``paths``, each checked by loading it with its text.

    A folder gives its ``*.json`` files, not those of sub-folders (a held-out set kept in a
    sub-folder stays out unless named). Raise ``E038`` if there are none and ``E039`` for a file
    that cannot be used.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(path.glob("*.json"))
        elif path.is_file():
            found.append(path)
        else:
            raise IngestError("E038", path=path, reason="no such file or folder")
    if not found:
        raise IngestError("E038", path=", ".join(map(str, paths)), reason="no .json file there")
    for path in found:
        try:
            load_gold(path, shared=shared)
        except (ValueError, KeyError, TypeError, OSError) as e:
            raise IngestError("E039", path=path, reason=f"{type(e).__name__}: {e}") from e
    return found
