"""Backtests on the bundled example (month by month) and on the Correlates-of-War windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from faultlines.errors import IngestError
from faultlines.ingest import ingest
from faultlines.ingest.edges import read_edge_list
from faultlines.ingest.milestones import read_milestones
from faultlines.network import frustration_of
from faultlines.report.backtest import replay_graphs, replay_store
from faultlines.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "syria-2017-2018"


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("bt") / "x.duckdb") as store:
        ingest(store, [EXAMPLE / "claims.csv"])
        yield replay_store(store, read_milestones(EXAMPLE / "milestones.csv"))


def test_the_replay_walks_month_ends_and_reports_each_first_flag_and_its_lead(replay):
    days = [dt.date.fromisoformat(s["as_of"]) for s in replay["steps"]]
    assert days == sorted(days) and all((b - a).days <= 31 for a, b in zip(days, days[1:]))
    assert all((d + dt.timedelta(days=1)).day == 1 for d in days)  # month ends
    for m in replay["milestones"]:
        pair = {p["id"] for p in m["pair"]}
        flagged_on = [s["as_of"] for s in replay["steps"] if any({p["id"] for p in f["pair"]} == pair for f in s["flagged"])]
        assert flagged_on, f"{pair} is never flagged"
        assert m["first_flagged"] == flagged_on[0]
        assert m["lead_days"] == (dt.date.fromisoformat(m["public"]) - dt.date.fromisoformat(flagged_on[0])).days


def test_an_empty_store_replays_to_nothing(store):
    marks = read_milestones(EXAMPLE / "milestones.csv")
    result = replay_store(store, marks)
    assert result["steps"] == [] and all(m["first_flagged"] is None for m in result["milestones"])


def test_cow_windows_replay_with_proven_frustration_and_consistent_camps(shared):
    graphs = list(read_edge_list(shared / "data" / "signed" / "cow_signed_networks.csv").graphs.items())[:6]
    steps = replay_graphs(graphs)
    assert [s["window"] for s in steps] == ["46-49", "47-50", "48-51", "49-52", "50-53", "51-54"]
    for (label, G), s in zip(graphs, steps):
        a, b = (set(c) for c in s["camps"])
        assert a | b == set(map(str, G)) and not a & b
        assert s["optimal"] and s["frustration_index"] == frustration_of(G, (a, b))
    assert steps[0]["moved"] == []
    for prev, cur in zip(steps, steps[1:]):
        stayed = set(map(str, graphs[steps.index(cur)][1])) & {n for c in prev["camps"] for n in c}
        assert set(cur["moved"]) <= stayed


def test_bad_milestone_files_are_reported_with_their_line(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("a,b,public,what\nrussia,iran,18 May 2018,x\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        read_milestones(path)
    assert e.value.code == "E025" and ":2:" in str(e.value)
    path.write_text("a,b,when\n", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        read_milestones(path)
    assert e.value.code == "E025" and "public" in str(e.value)
