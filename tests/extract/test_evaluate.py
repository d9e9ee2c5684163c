"""The evaluation harness on the development set, and on the PLOVER gold-standard sentences."""

from __future__ import annotations

import json

import pytest

from faultlines.extract.evaluate import evaluate, evaluate_plover, load_gold
from tests.extract.conftest import DATA, SHARED

GOLD = sorted(DATA.glob("*.json"))


def test_gold_files_are_well_formed_and_point_into_their_texts():
    assert len(GOLD) >= 6
    for path in GOLD:
        doc, gold = load_gold(path, shared=SHARED)
        for q in gold["quotes"]:
            if "start" in q:
                assert 0 <= q["start"] < q["end"] <= len(doc.text)
            else:
                assert q["find"] in doc.text
        for claim in gold["claims"]:
            assert claim["sign"] in (-1, 1) and claim["a"] and claim["b"]


def test_the_seed_gold_holds_offsets_not_text():
    raw = (DATA / "seed-fractures-2018.json").read_text()
    assert "find" not in raw and "Lavrentiev" not in raw


@pytest.fixture(scope="module")
def report(extractor):
    return evaluate(extractor, GOLD, shared=SHARED)


def test_evaluate_reports_pair_level_scores(report):
    for key in ("by_sign", "by_relation"):
        assert set(report[key]) >= {"precision", "recall", "f1", "n_pred", "n_gold"}
    assert report["n_documents"] == len(GOLD)
    # floors well below the measured values (docs/extraction.md), to catch regressions
    assert report["by_sign"]["f1"] >= 0.6
    assert report["quote_speaker_accuracy"]["accuracy"] >= 0.85
    assert report["attribution_accuracy"]["accuracy"] >= 0.8


def test_a_perfect_extraction_scores_one(tmp_path):
    from faultlines.extract import Extraction
    from faultlines.extract.evaluate import evaluate_one
    from faultlines.model import Claim, Document, TextSpan
    import datetime as dt
    doc = Document("Chad attacked Niger.", published_at=dt.date(2024, 1, 1))
    claim = Claim("chad", "niger", "assault", -1.0, 10.0, dt.date(2024, 1, 1), (TextSpan(doc.id, 0, 20),),
                  "rules.en@1", "polarity.relation.v1")
    counts = evaluate_one(Extraction(doc, claims=[claim]), doc,
                          {"claims": [{"a": "niger", "b": "chad", "sign": -1, "relation": "assault"}]})
    assert counts["sign"] == (1, 1, 1, 1) and counts["relation"] == (1, 1, 1, 1)


def test_plover_relation_typing(extractor):
    path = SHARED / "data" / "lexicons" / "plover" / "PLOVER_GSR_CAMEO.txt"
    if not path.is_file():
        pytest.fail(f"the PLOVER gold sentences are missing: expected {path}")
    result = evaluate_plover(extractor, path)
    assert result["n"] > 300
    assert result["sign_accuracy"] >= 0.75 and result["coverage"] >= 0.25
    json.dumps(result)
