"""Runners: the process pool and Ray against the serial runner on the same short reports.

1,000 short reports (three to five sentences each, from the templates in tests/runners/corpus.py,
our own wording) scaled by ``--scale``, extracted into a fresh store by each runner with the same
shard size. The baseline is the serial runner; the ratio is ours / serial, so below 1 is faster.
Every time includes building the extractor in each worker (spaCy load and catalogue patterns) and
the merge. On two cores the best to hope for is about 0.5 (2x); the stores are checked equal.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from faultlines.errors import FaultlinesError
from faultlines.runners import RunnerConfig, run_texts
from faultlines.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "runners"))
from corpus import write_corpus  # noqa: E402


def _run(folder: Path, paths: list[Path], config: RunnerConfig) -> tuple[float, int]:
    with Store(folder / f"{config.runner}.duckdb") as store:
        store.catalogue()  # the store exists before the clock starts; the catalogue write is timed in all
        start = time.perf_counter()
        report = run_texts(store, paths, config)
        seconds = time.perf_counter() - start
        n_claims = store.counts()["claims"]
    assert report.n_extracted == len(paths), report
    return seconds, n_claims


def bench_runners(*, scale: float = 1.0) -> list[dict]:
    n_docs = max(10, int(1000 * scale))
    workers = os.cpu_count() or 1
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_corpus(folder / "corpus", n_docs)
        serial, n_claims = _run(folder, paths, RunnerConfig("serial", shard_size=32))
        for runner in ("process", "ray"):
            try:
                seconds, n = _run(folder, paths, RunnerConfig(runner, workers=workers, shard_size=32))
            except FaultlinesError as e:  # E700: the ray extra is optional
                print(f"runners: {runner} skipped: {e}", file=sys.stderr)
                continue
            assert n == n_claims, f"the {runner} runner stored {n} claims, the serial one {n_claims}"
            results.append({"case": f"{runner} runner, {n_docs:,} docs, {workers} workers", "seconds": round(seconds, 3),
                            "baseline_seconds": round(serial, 3), "ratio": round(seconds / serial, 2), "n": n_docs,
                            "docs_per_second": round(n_docs / seconds, 1),
                            "baseline_docs_per_second": round(n_docs / serial, 1),
                            "note": f"{n_claims:,} claims; baseline: the serial runner; on {workers} cores "
                                    f"the best is ~{1 / workers:.2f}"})
    return results
