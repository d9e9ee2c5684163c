"""Runners: extract text corpora in this process, in a process pool, or on a Ray cluster.

All three run the same extractor, built once per worker; documents the store already holds are
skipped (their id is the hash of their text), each task of documents becomes a Parquet shard in a
work folder, and the shards are merged into the store in one transaction (docs/runners.md).

>>> RUNNERS
('serial', 'process', 'ray')
"""

from faultlines.runners.pools import RUNNERS
from faultlines.runners.run import Extracted, RunnerConfig, RunReport, extract_texts, run_texts
from faultlines.runners.work import ExtractorSpec

__all__ = ["RUNNERS", "Extracted", "ExtractorSpec", "RunReport", "RunnerConfig", "extract_texts", "run_texts"]
