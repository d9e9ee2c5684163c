"""Texts through the extractor into the store, and `faultlines extract` on the founding article."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from faultlines.ingest import ingest

ROOT = Path(__file__).resolve().parents[2]


def test_the_seed_article_ingests_with_claims_mentions_and_quotes(store, shared, tmp_path):
    seed = shared / "seed" / "fractures-post-isis-syria-2018.txt"
    [report] = ingest(store, [seed])
    counts = store.counts()
    assert report.n_rows == 1 and counts["documents"] == 1
    assert counts["claims"] == report.n_claims > 0 and counts["mentions"] > 20 and counts["quotes"] >= 8
    doc = next(iter(store.documents([store.claims()[0].evidence[0].doc_id]).values()))
    for claim in store.claims():  # every claim's evidence is a slice of the stored text
        span = claim.evidence[0]
        assert span.doc_id == doc.id and 0 <= span.start < span.end <= len(doc.text)
    ingest(store, [seed])
    assert store.counts() == counts


def test_extract_command_prints_spans_equal_to_the_text(shared):
    seed = shared / "seed" / "fractures-post-isis-syria-2018.txt"
    result = subprocess.run([sys.executable, "-m", "faultlines", "extract", str(seed), "--json"], capture_output=True,
                            text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "200"}, timeout=300)
    assert result.returncode == 0, result.stderr
    [record] = json.loads(result.stdout)
    text = seed.read_text(encoding="utf-8")
    assert record["claims"] and record["mentions"] and record["quotes"]
    for item in [*record["mentions"], *record["quotes"], *(c["evidence"] for c in record["claims"])]:
        assert item["text"] == text[item["start"]:item["end"]]
    for claim in record["claims"]:
        assert set(claim["source"]) == {"id", "name"} and set(claim["target"]) == {"id", "name"}
