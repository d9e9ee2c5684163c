"""Helpers for the event-dataset tests: GDELT rows built in the real layout, claims by evidence row."""

from __future__ import annotations

from faultlines.ingest.events.formats import GDELT1_COLUMNS, GDELT1_HISTORICAL_COLUMNS, GDELT2_COLUMNS


def gdelt_row(values: dict[str, str], *, version: int | str = 2) -> str:
    """One tab-separated GDELT events line with ``values`` placed by column name, other fields empty;
    ``version`` 1, 2 or "1-historical" (GDELT 1.0's backfiles, without SOURCEURL)."""
    columns = {1: GDELT1_COLUMNS, 2: GDELT2_COLUMNS, "1-historical": GDELT1_HISTORICAL_COLUMNS}[version]
    return "\t".join(values.get(c, "") for c in columns)


def claims_by_row(store, dataset: str) -> dict[str, list]:
    """Stored claims keyed by the row id of their RowRef evidence."""
    found: dict[str, list] = {}
    for claim in store.claims():
        for ev in claim.evidence:
            if getattr(ev, "dataset", None) == dataset:
                found.setdefault(ev.row_id, []).append(claim)
    return found
