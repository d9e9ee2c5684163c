"""The work folder of a run: finished shards on disk until they are merged into the store.

A shard is written to ``NAME.tmp/`` and renamed to ``NAME/`` when complete, so a folder without
the suffix is always a whole shard. Shards left by a run that stopped before its merge are picked
up by the next run of the same store and extractor (their documents are not extracted again); an
unreadable one is discarded, and its documents are extracted again.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from faultlines.errors import FaultlinesError
from faultlines.runners.work import ShardResult
from faultlines.store.shards import shard_document_ids

_SHARD = re.compile(r"shard-(\d+)(\.\d+)?")


class WorkFolder:
    """The shards of one store and extractor under ``root/key``."""

    def __init__(self, root: Path, key: str) -> None:
        self.path = root / key
        self.path.mkdir(parents=True, exist_ok=True)
        for partial in self.path.glob("*.tmp"):
            shutil.rmtree(partial)

    def shards(self) -> list[Path]:
        """Finished shards, in name order."""
        return sorted(p for p in self.path.iterdir() if p.is_dir() and _SHARD.fullmatch(p.name))

    def leftovers(self) -> dict[str, Path]:
        """Document id -> the finished shard holding it; unreadable shards are discarded."""
        held = {}
        for shard in self.shards():
            try:
                held.update(dict.fromkeys(shard_document_ids(shard), shard))
            except FaultlinesError:
                self.discard(shard)
        return held

    def next_index(self) -> int:
        """The number of the next shard: after every shard already here."""
        numbers = [int(m.group(1)) for p in self.shards() if (m := _SHARD.fullmatch(p.name))]
        return max(numbers, default=-1) + 1

    def save(self, result: ShardResult) -> Path:
        """Write a finished task's files as the shard ``result.name``."""
        partial = self.path / f"{result.name}.tmp"
        partial.mkdir()
        for table, data in result.files.items():
            (partial / f"{table}.parquet").write_bytes(data)
        return partial.rename(self.path / result.name)

    def discard(self, shard: Path) -> None:
        shutil.rmtree(shard, ignore_errors=True)

    def clear(self) -> None:
        """Remove the shards (after their merge) and the folder if nothing else is in it."""
        shutil.rmtree(self.path, ignore_errors=True)
        try:
            self.path.parent.rmdir()
        except OSError:
            pass
