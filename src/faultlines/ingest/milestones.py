"""Milestones for backtests: the day a fracture became public knowledge, ``a,b,public,what`` CSV.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d) / "m.csv"
...     _ = p.write_text("a,b,public,what\\nrussia,iran,2018-05-18,envoy's remarks\\n", encoding="utf-8")
...     read_milestones(p)
[Milestone(a='iran', b='russia', public=datetime.date(2018, 5, 18), what="envoy's remarks")]
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from faultlines.errors import IngestError

COLUMNS = ("a", "b", "public", "what")


@dataclass(frozen=True, slots=True)
class Milestone:
    """The pair (in id order), the day the fracture became public, and what happened."""

    a: str
    b: str
    public: dt.date
    what: str


def read_milestones(path: Path) -> list[Milestone]:
    """Read a milestones file; a missing column or a bad date raises ``E025`` with the line."""
    if not path.is_file():
        raise IngestError("E010", path=path)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise IngestError("E025", path=path, line=1, reason=f"the header lacks {', '.join(missing)}")
        result = []
        for row in reader:
            try:
                day = dt.date.fromisoformat(row["public"].strip())
            except ValueError:
                raise IngestError("E025", path=path, line=reader.line_num,
                                  reason=f"'{row['public']}' is not a YYYY-MM-DD date") from None
            a, b = sorted((row["a"].strip(), row["b"].strip()))
            result.append(Milestone(a, b, day, row["what"].strip()))
    return result
