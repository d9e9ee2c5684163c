"""Backtests: the bundled example replayed month by month, and the Correlates-of-War windows.

Baselines, measured in the same run:
- example: one fracture detection over all the claims (the replay runs one per month, so the ratio
  says what a month-by-month replay costs against a single run);
- CoW: the frustration index of every window alone (the replay adds the camps and who moved).
The notes give the lead times against the example's milestones and how the CoW camps evolve.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import row, timed  # noqa: E402  (bench/ is on sys.path)
from faultlines.ingest import ingest
from faultlines.ingest.edges import read_edge_list
from faultlines.ingest.milestones import read_milestones
from faultlines.network import frustration_index
from faultlines.report.backtest import replay_graphs, replay_store
from faultlines.report.fractures import find_fractures
from faultlines.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "syria-2017-2018"
COW = ROOT.parent / "shared" / "data" / "signed" / "cow_signed_networks.csv"




def bench_example() -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        with Store(Path(folder) / "example.duckdb") as store:
            ingest(store, [EXAMPLE / "claims.csv"])
            result, t_replay = timed(lambda: replay_store(store, read_milestones(EXAMPLE / "milestones.csv")))
            _, t_once = timed(lambda: find_fractures(store))
    leads = {f"{m['pair'][0]['id']}-{m['pair'][1]['id']}": m["lead_days"] for m in result["milestones"]}
    note = "; ".join(f"{k}: {'never' if v is None else f'{v:+d} d'}" for k, v in leads.items())
    return [row(f"example: replay of {len(result['steps'])} months", t_replay, t_once,
                 f"lead vs public (+ early): {note}", lead_days=leads)]


def bench_cow() -> list[dict]:
    graphs = list(read_edge_list(COW).graphs.items())
    steps, t_replay = timed(lambda: replay_graphs(graphs))
    _, t_plain = timed(lambda: [frustration_index(G) for _, G in graphs])
    moves = sum(len(s["moved"]) for s in steps)
    proven = sum(s["optimal"] for s in steps)
    note = (f"{proven}/{len(steps)} proven; normalised frustration {steps[0]['normalised']:.3f} "
            f"({steps[0]['window']}) -> {steps[-1]['normalised']:.3f} ({steps[-1]['window']}); {moves} camp changes")
    return [row(f"CoW: replay of {len(steps)} windows", t_replay, t_plain, note, proven=proven, moves=moves)]


def bench_backtest(*, scale: float = 1.0) -> list[dict]:
    return [*bench_example(), *bench_cow()]
