"""The SQL dyad aggregation against a plain-Python reading of docs/scoring.md, on small random stores.

The reference walks the rules one claim at a time (outlet, grade, happenings by the gap rule,
windows, decay); the store must give the same scores, counts, claim ids and outlets for every
window kind, direction, tolerance and half-life.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faultlines.model import Claim, Document, RowRef, Source, TextSpan
from faultlines.model.dyads import UNGRADED_WEIGHT, DyadParams
from faultlines.store import Batch, IngestRecord, Store

RECORD = IngestRecord("ing_ref", "ref.csv", "0" * 64, "test@1", 0)
DAY0 = dt.date(2020, 1, 27)
RELATIONS = {"disapprove": (-1.0, 2.0), "reject": (-1.0, 4.0), "agree": (1.0, 4.0)}
SOURCES = [Source("wire", "Wire", reliability="B"), Source("blog", "Blog", reliability="E"), Source("paper", "Paper")]
# Two documents per source plus one whose source is not in the store; "missing" is never stored.
DOCS = {f"{s}-{i}": Document(f"text {s} {i}", source_id=s) for s in ("wire", "blog", "paper", "ghost") for i in (1, 2)}
DOC_IDS = [*DOCS, "missing"]

evidence = st.one_of(st.builds(RowRef, st.sampled_from(["gdelt", "acled"]), st.sampled_from(["r1", "r2"])),
                     st.builds(lambda d: TextSpan(DOCS[d].id if d in DOCS else "doc_missing", 0, 4),
                               st.sampled_from(DOC_IDS)))
claims = st.builds(
    lambda src, tgt, rel, day, conf, outlet, grade, modality, ev: Claim(
        src, tgt, rel, *RELATIONS[rel], DAY0 + dt.timedelta(days=day), evidence=tuple(ev), extractor="test@1",
        mapping="polarity.relation.v1", attributed_to=outlet, confidence=conf, reliability=grade, modality=modality),
    st.sampled_from("xyz"), st.sampled_from("xyz"), st.sampled_from(sorted(RELATIONS)), st.integers(0, 30),
    st.sampled_from([0.25, 0.5, 0.8, 1.0]), st.sampled_from([None, None, "wire", "outlet-a", "outlet-b"]),
    st.sampled_from([None, None, "A", "D", "F"]), st.sampled_from(["asserted", "asserted", "future", "denied"]),
    st.lists(evidence, min_size=1, max_size=3, unique=True))
params = st.builds(
    lambda window, directed, tol, half, bounded: DyadParams(
        window=window, directed=directed, tolerance_days=tol, half_life_days=half,
        size_days=20 if window == "sliding" else None, step_days=7 if window == "sliding" else None,
        since=DAY0 + dt.timedelta(days=5) if bounded else None, until=DAY0 + dt.timedelta(days=25) if bounded else None),
    st.sampled_from(["day", "week", "month", "quarter", "year", "all", "sliding"]), st.booleans(),
    st.integers(0, 4), st.sampled_from([None, 10.0]), st.booleans())


def _trunc(day: dt.date, window: str) -> tuple[dt.date, dt.date]:
    if window == "day":
        return day, day + dt.timedelta(days=1)
    if window == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[window]
    month0 = (day.month - 1) // months * months if window != "year" else 0
    start = dt.date(day.year, month0 + 1, 1)
    m = start.month - 1 + months
    return start, dt.date(start.year + m // 12, m % 12 + 1, 1)


def _claim_rows(stored: list[Claim], p: DyadParams) -> list[dict]:
    """One dict per claim that counts: its pair, weight, confidence, outlet and source weight."""
    docs = {d.id: d for d in DOCS.values()}
    grades = {s.id: s.reliability for s in SOURCES}
    rows = []
    for c in stored:
        mw = dict(p.modality_weights)[c.modality]
        if c.source_actor == c.target_actor or mw <= 0 or (p.since and c.occurred_at < p.since) \
                or (p.until and c.occurred_at > p.until):
            continue
        spans = [e for e in c.evidence if isinstance(e, TextSpan)]
        datasets = [e.dataset for e in c.evidence if isinstance(e, RowRef)]
        doc = docs.get(spans[0].doc_id) if spans else None
        source = doc.source_id if doc else None
        outlet = c.attributed_to or source or (datasets[0] if datasets else None) or "unattributed"
        grade = c.reliability or grades.get(source)
        a, b = (c.source_actor, c.target_actor) if p.directed else sorted((c.source_actor, c.target_actor))
        rows.append({"id": c.id, "a": a, "b": b, "rel": c.relation, "day": c.occurred_at, "conf": c.confidence,
                     "w": c.polarity * c.intensity * mw, "outlet": outlet,
                     "sw": dict(p.reliability_weights).get(grade, UNGRADED_WEIGHT)})
    return rows


def _happenings(rows: list[dict], tolerance: int) -> list[dict]:
    """Reports of one pair and relation split wherever the gap to the previous report exceeds the tolerance."""
    by_key = defaultdict(list)
    for r in rows:
        by_key[r["a"], r["b"], r["rel"]].append(r)
    found = []
    for (a, b, _), reports in by_key.items():
        reports.sort(key=lambda r: r["day"])
        groups = [[reports[0]]]
        for prev, r in zip(reports, reports[1:]):
            if (r["day"] - prev["day"]).days > tolerance:
                groups.append([])
            groups[-1].append(r)
        for g in groups:
            best = defaultdict(float)
            for r in g:
                best[r["outlet"]] = max(best[r["outlet"]], r["conf"])
            found.append({"a": a, "b": b, "day": g[0]["day"], "w": sum(r["w"] for r in g) / len(g),
                          "conf": 1 - math.prod(1 - c for c in best.values()), "sw": max(r["sw"] for r in g),
                          "ids": [r["id"] for r in g], "outlets": set(best)})
    return found


def _windows(happenings: list[dict], p: DyadParams, day: dt.date) -> list[tuple[dt.date, dt.date]]:
    if p.window == "all":
        return [(min(h["day"] for h in happenings), max(h["day"] for h in happenings) + dt.timedelta(days=1))]
    if p.window != "sliding":
        return [_trunc(day, p.window)]
    lo, hi = p.since or min(h["day"] for h in happenings), p.until or max(h["day"] for h in happenings)
    starts = [lo + dt.timedelta(days=i * p.step_days) for i in range((hi - lo).days // p.step_days + 1)]
    return [(s, s + dt.timedelta(days=p.size_days)) for s in starts if s <= day < s + dt.timedelta(days=p.size_days)]


def reference_scores(stored: list[Claim], p: DyadParams) -> list[tuple]:
    happenings = _happenings(_claim_rows(stored, p), p.tolerance_days)
    cells = defaultdict(list)
    for h in happenings:
        for start, end in _windows(happenings, p, h["day"]):
            cells[start, end, h["a"], h["b"]].append(h)
    out = []
    for (start, end, a, b), hs in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][3])):
        # each happening discounted by its age in days to the window's last day
        decay = [1.0 if p.half_life_days is None else 0.5 ** (((end - h["day"]).days - 1) / p.half_life_days)
                 for h in hs]
        outlets = set().union(*(h["outlets"] for h in hs))
        out.append((start, end, a, b, sum(h["w"] * h["conf"] * h["sw"] * d for h, d in zip(hs, decay)),
                    sum(len(h["ids"]) for h in hs), len(hs), len(outlets),
                    tuple(sorted(i for h in hs for i in h["ids"])), tuple(sorted(outlets))))
    return out


def _store_scores(store: Store, p: DyadParams) -> list[tuple]:
    return [(s.start, s.end, s.a, s.b, s.score, s.n_claims, s.n_happenings, s.n_independent_sources, s.claim_ids,
             s.sources) for s in store.dyad_scores(p)]


def _kept_scores(store: Store, p: DyadParams) -> list[tuple]:
    """The kept table, each score with the claim ids and outlets of its rows in ``kept_claims``."""
    store.materialize_dyad_scores(p, table="kept")
    return [(*row[:8], tuple(row[8]), tuple(row[9])) for row in store.con.execute(
        "SELECT k.start, k.end_, k.a, k.b, score, n_claims, n_happenings, n_sources, list(claim_id ORDER BY claim_id), "
        "list(DISTINCT outlet ORDER BY outlet) FROM kept k JOIN kept_claims c USING (start, end_, a, b) "
        "GROUP BY ALL ORDER BY k.start, k.a, k.b").fetchall()]


def _same(got: list[tuple], want: list[tuple]) -> None:
    assert [g[:4] + g[5:] for g in got] == [w[:4] + w[5:] for w in want]
    assert [g[4] for g in got] == pytest.approx([w[4] for w in want], rel=1e-9, abs=1e-9)


@pytest.fixture(scope="module")
def one_store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("ref") / "ref.duckdb") as store:
        yield store


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stored=st.lists(claims, min_size=1, max_size=40, unique_by=lambda c: c.id), p=params)
def test_sql_scores_match_the_python_reference(one_store, stored, p):
    one_store.con.execute("DELETE FROM claims; DELETE FROM claim_evidence")
    one_store.write_batch(Batch(claims=stored, documents=list(DOCS.values()), sources=SOURCES), RECORD)
    want = reference_scores(stored, p)
    _same(_store_scores(one_store, p), want)
    _same(_kept_scores(one_store, p), want)
