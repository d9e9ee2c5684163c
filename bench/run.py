"""Run Faultlines' benchmarks and write their results for comparison.

    .venv/bin/python bench/run.py [NAME ...] [--scale S]

Each benchmark times Faultlines' own path and a plain baseline on the same data in the same run,
prints both with their ratio, and appends a JSON line to ``bench/results/results.jsonl`` (with the
git commit, the machine and the date) so runs can be compared. ``--scale`` multiplies the data
sizes (default 1.0; use 0.1 for a quick look). Benchmarks never fail on time: they measure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_backtest import bench_backtest  # noqa: E402
from bench_dyads import bench_dyads  # noqa: E402
from bench_events import bench_events  # noqa: E402
from bench_extract import bench_extract  # noqa: E402
from bench_network import bench_network  # noqa: E402
from bench_runners import bench_runners  # noqa: E402
from bench_web import bench_web  # noqa: E402

BENCHMARKS = {"dyads": bench_dyads, "network": bench_network, "extract": bench_extract,
              "backtest": bench_backtest, "web": bench_web, "events": bench_events, "runners": bench_runners}
RESULTS = Path(__file__).resolve().parent / "results" / "results.jsonl"


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent).stdout.strip()
    except OSError:
        return "unknown"


def _number(value: float | None, spec: str) -> str:
    """``value`` formatted by ``spec``, or n/a padded to the same width (a case without a time)."""
    return "n/a".rjust(int(spec.split(".")[0])) if value is None else format(value, spec)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", choices=[[], *BENCHMARKS], help="benchmarks to run (default: all)")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    RESULTS.parent.mkdir(exist_ok=True)
    for name in args.names or BENCHMARKS:
        for result in BENCHMARKS[name](scale=args.scale):
            result.update(benchmark=name, commit=_commit(), date=dt.datetime.now().isoformat(timespec="seconds"),
                          machine=f"{platform.machine()} {os.cpu_count()} cpu", python=platform.python_version())
            ours, base, ratio = (_number(result[k], f) for k, f in (("seconds", "8.3f"), ("baseline_seconds", "8.3f"),
                                                                      ("ratio", "6.2f")))
            print(f"{name:8} {result['case']:40} ours {ours} s   baseline {base} s   ratio {ratio}   "
                  f"{result.get('note', '')}", flush=True)
            with RESULTS.open("a", encoding="utf-8") as f:
                f.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
