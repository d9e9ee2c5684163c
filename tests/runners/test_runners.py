"""The runners: serial, process and Ray give the same store; runs resume; failures are reported.

The corpus is twelve short reports from tests/runners/corpus.py (our own templates) and one text
over spaCy's 1,000,000-character limit, which the real extractor refuses (a real failing document).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from faultlines.errors import StoreError
from faultlines.ingest import ensure_catalogue, ingest
from faultlines.runners import RunnerConfig, run_texts
from faultlines.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ("documents", "actors", "sources", "claims", "claim_evidence", "mentions", "quotes")


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every content row of the store, sorted (the log of ingests differs by time and reader)."""
    return {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in CONTENT}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[Path], Path]:
    folder = tmp_path_factory.mktemp("corpus")
    paths = write_corpus(folder, 12)
    huge = folder / "huge.txt"  # 1.1 million characters: spaCy raises E088 on it
    huge.write_text("Title: Too long\nDate: 2018-03-01\n\n" + "Russia and Iran met. " * 55_000, encoding="utf-8")
    return paths, huge


@pytest.fixture(scope="module")
def serial_run(corpus, tmp_path_factory):
    paths, huge = corpus
    with Store(tmp_path_factory.mktemp("serial") / "s.duckdb") as store:
        report = run_texts(store, [*paths, huge], RunnerConfig("serial", shard_size=5))
        return report, dump(store)


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _check_report(report, n_docs: int = 13) -> None:
    assert (report.n_documents, report.n_skipped, report.n_extracted, report.n_failed) == (n_docs, 0, n_docs - 1, 1)
    [huge] = [r for r in report.files if r.path.endswith("huge.txt")]
    assert [p.code for p in huge.problems] == ["E037"] and "E088" in huge.problems[0].text
    assert huge.n_claims == 0 and huge.n_rejected == 1
    assert sum(r.n_claims for r in report.files) > 12


def test_serial_runner_stores_what_plain_ingest_stores(corpus, serial_run, tmp_path):
    paths, huge = corpus
    report, rows = serial_run
    _check_report(report)
    assert len(rows["claims"]) > 12 and len(rows["mentions"]) > 40 and len(rows["quotes"]) >= 1
    with Store(tmp_path / "plain.duckdb") as store:
        ingest(store, [*paths, huge], on_error="skip")
        assert dump(store) == rows


def test_process_runner_gives_the_serial_store(corpus, serial_run, tmp_path):
    paths, huge = corpus
    with Store(tmp_path / "p.duckdb") as store:
        report = run_texts(store, [*paths, huge], RunnerConfig("process", workers=2, shard_size=3))
        _check_report(report)
        assert report.n_shards == 5
        assert dump(store) == serial_run[1]
    assert not (tmp_path / "p.duckdb.shards").exists()  # merged, then removed


def test_ray_runner_gives_the_serial_store(corpus, serial_run, ray_cluster, tmp_path):
    paths, huge = corpus
    with Store(tmp_path / "r.duckdb") as store:
        report = run_texts(store, [*paths, huge], RunnerConfig("ray", shard_size=4))
        _check_report(report)
        assert dump(store) == serial_run[1]
    assert ray_cluster.is_initialized()  # a Ray it did not start is left running


def test_a_second_run_extracts_only_the_new_documents(corpus, serial_run, tmp_path):
    paths, _ = corpus
    with Store(tmp_path / "h.duckdb") as store:
        first = run_texts(store, paths[:6], RunnerConfig(shard_size=4))
        assert (first.n_extracted, first.n_skipped) == (6, 0)
        second = run_texts(store, paths, RunnerConfig(shard_size=4))
        assert (second.n_documents, second.n_extracted, second.n_skipped) == (12, 6, 6)
        again = run_texts(store, paths, RunnerConfig(shard_size=4))
        assert (again.n_extracted, again.n_skipped, again.n_shards) == (0, 12, 0)
        assert dump(store) == serial_run[1]  # the huge text failed there and was never stored


def test_an_interrupted_run_leaves_the_store_as_it_was_and_the_rerun_resumes(corpus, serial_run, tmp_path):
    paths, huge = corpus
    work = tmp_path / "work"
    with Store(tmp_path / "i.duckdb") as store:
        ensure_catalogue(store)
        before = dump(store)
        with pytest.raises(ValueError, match="E088"):  # the huge text comes last: two shards are done by then
            run_texts(store, [*paths, huge], RunnerConfig(shard_size=6, work_dir=work), on_error="raise")
        assert dump(store) == before
        assert len(list(work.glob("*/shard-*"))) == 2
        report = run_texts(store, [*paths, huge], RunnerConfig(shard_size=6, work_dir=work))
        assert (report.n_skipped, report.n_extracted, report.n_failed) == (12, 0, 1)  # 12 found in the shards
        assert dump(store) == serial_run[1]
    assert not work.exists()


def test_a_corrupt_shard_stops_the_merge_with_the_store_intact(corpus, serial_run, tmp_path):
    paths, huge = corpus
    work = tmp_path / "work"
    with Store(tmp_path / "c.duckdb") as store:
        run_texts(store, paths[:2], RunnerConfig(work_dir=work))
        before = dump(store)
        with pytest.raises(ValueError):
            run_texts(store, [*paths, huge], RunnerConfig(shard_size=5, work_dir=work), on_error="raise")
        [first, second] = sorted(work.glob("*/shard-*"))
        claims = second / "claims.parquet"
        data = bytearray(claims.read_bytes())
        data[4:400] = b"\xff" * 396  # the pages, not the footer: the shard still looks whole
        claims.write_bytes(bytes(data))
        with pytest.raises(StoreError) as caught:
            run_texts(store, [*paths, huge], RunnerConfig(shard_size=5, work_dir=work))
        assert caught.value.code == "E703" and str(second) in str(caught.value)
        assert dump(store) == before
        assert first.exists() and not second.exists()  # discarded: its documents are extracted again
        report = run_texts(store, [*paths, huge], RunnerConfig(shard_size=5, work_dir=work))
        assert (report.n_skipped, report.n_extracted) == (2 + 5, 5)  # stored + in the first shard
        assert dump(store) == serial_run[1]


def test_bad_runner_options_are_coded():
    with pytest.raises(ValueError, match=r"\[E704\].*'spark'"):
        RunnerConfig("spark").check()
    with pytest.raises(ValueError, match=r"\[E704\].*shard_size must be at least 1, not 0"):
        RunnerConfig("process", shard_size=0).check()


def test_an_unreachable_ray_cluster_is_reported_with_its_code(corpus):
    paths, _ = corpus
    result = subprocess.run([sys.executable, "-m", "faultlines", "extract", str(paths[0]), "--runner", "ray",
                             "--ray-address", "ray://127.0.0.1:1"], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "COLUMNS": "200"}, timeout=300)
    assert result.returncode == 1
    assert "[E701] cannot reach or start the Ray cluster at ray://127.0.0.1:1" in result.stderr


def test_extract_command_with_the_process_runner_prints_what_serial_extraction_prints(corpus):
    paths, huge = corpus
    args = [sys.executable, "-m", "faultlines", "extract", str(paths[0]), str(paths[1]), str(huge), "--json"]
    env = {**os.environ, "COLUMNS": "200"}
    plain = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    pooled = subprocess.run([*args, "--runner", "process", "--workers", "2", "--shard-size", "1"],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert plain.returncode == pooled.returncode == 0, pooled.stderr
    assert pooled.stdout == plain.stdout and '"claims"' in plain.stdout
    assert "E088" in plain.stderr and "[E037]" in pooled.stderr and "E088" in pooled.stderr
