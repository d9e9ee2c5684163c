"""`faultlines eval` on the real development set, run as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT / "tests" / "extract" / "data"


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run([sys.executable, "-m", "faultlines", "eval", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def report() -> dict:
    result = run("--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_eval_scores_the_development_set_by_default(report):
    assert report["extractor"] == "rules.en@1"
    assert sorted(Path(p).name for p in report["gold_files"]) == sorted(p.name for p in DEV_SET.glob("*.json"))
    assert report["n_documents"] == len(report["gold_files"]) == len(report["per_document"])
    assert "heldout" not in " ".join(report["gold_files"])  # the held-out set is only read when named


@pytest.mark.parametrize("key", ["by_sign", "by_relation"])
def test_pair_scores_are_consistent(report, key):
    scores = report[key]
    p, r, f1 = scores["precision"], scores["recall"], scores["f1"]
    assert all(0.0 <= x <= 1.0 for x in (p, r, f1))
    assert f1 == pytest.approx(2 * p * r / (p + r), abs=2e-3)
    assert scores["n_gold"] > 0 and scores["n_pred"] > 0
    counts = [doc[key.removeprefix("by_")] for doc in report["per_document"].values()]  # (tp, n_pred, found, n_gold)
    assert sum(c[1] for c in counts) == scores["n_pred"] and sum(c[3] for c in counts) == scores["n_gold"]
    assert p == pytest.approx(sum(c[0] for c in counts) / scores["n_pred"], abs=1e-3)
    assert r == pytest.approx(sum(c[2] for c in counts) / scores["n_gold"], abs=1e-3)


def test_quote_and_attribution_accuracy(report):
    for key in ("quote_speaker_accuracy", "attribution_accuracy"):
        item = report[key]
        assert 0 <= item["correct"] <= item["n"] and item["n"] > 0
        assert item["accuracy"] == pytest.approx(item["correct"] / item["n"], abs=1e-3)


def test_held_out_texts_and_the_table(tmp_path):
    result = run(str(DEV_SET / "heldout"))
    assert result.returncode == 0, result.stderr
    assert "pairs by sign" in result.stdout and "pairs by relation (exact polarity)" in result.stdout
    assert "on 2 documents" in result.stdout and "quote-speaker accuracy:" in result.stdout


def test_bad_gold_paths_are_coded_errors(tmp_path):
    missing = run(str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and missing.stderr.startswith("Error [E038]")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "faultlines.gold.v0"}', encoding="utf-8")
    wrong = run(str(bad))
    assert wrong.returncode == 1 and wrong.stderr.startswith("Error [E039]") and "bad.json" in wrong.stderr
