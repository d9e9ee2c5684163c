"""Quoted CSV event files (ACLED, UCDP GED, the GDELT mentions sample) read row by row into staged rows.

The fallback for a quoted file in which some record spans lines (DuckDB's reader, the fast path,
cannot tell those records' physical lines). Python's csv module handles quoted fields that span
lines; :func:`faultlines.ingest.lines.csv_records` keeps each record's first line and reports a
line that is not UTF-8 or never closes its quote, then goes on. Each record becomes the same staged tuple the DuckDB path writes (see
:func:`faultlines.store.events.stage_rows`); an ACLED record also gives one row per associated
actor, acting together with its main actor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from faultlines.errors import Problem
from faultlines.ingest.events.source import EventFile
from faultlines.ingest.lines import csv_records
from faultlines.store.events import ASSOCIATED, SEP
from faultlines.store.events import code_names as sql_code_names


def code_names(event_file: EventFile) -> list[str]:
    """What each of a staged row's code values is: the layout's codes, then the actor's role."""
    return [*sql_code_names(event_file.fmt.layout), "role"]


def staged_rows(path: Path, event_file: EventFile, problems: list[Problem], name: str) -> Iterator[tuple]:
    """Yield staged tuples for every record after the header; unreadable ones go to ``problems``."""
    layout = event_file.fmt.layout
    records = csv_records(path)
    next(records, None)
    for record in records:
        if record.fields is None:
            problems.append(Problem.error("E231", path=name, line=record.line, reason=record.error))
            continue
        n = len(record.fields)
        if n != len(event_file.columns):
            yield (record.line, n, None, None, None, None, None, None, None, [])
            continue
        values = {c: _clean(v, layout.na) for c, v in zip(event_file.columns, record.fields)}
        yield from _rows(event_file, record.line, n, values)


def _clean(value: str, na: str | None) -> str | None:
    value = value.strip()
    return None if value in ("", na) else value


def _key(values: dict[str, str | None], parts: tuple[str, ...]) -> str | None:
    if values.get(parts[0]) is None:
        return None
    return SEP.join(values.get(p) or "" for p in parts)


def _rows(event_file: EventFile, line: int, n: int, values: dict[str, str | None]) -> Iterator[tuple]:
    layout = event_file.fmt.layout
    codes = [values.get(c) for _, c in layout.codes]
    row = (line, n, values.get(layout.row_id), values.get(layout.day))
    event = SEP.join(values.get(c) or "" for c in layout.event) if values.get(layout.event[0]) else None
    yield (*row, _key(values, layout.source), values.get(layout.source_name or layout.source[0]),
           _key(values, layout.target), values.get(layout.target_name or layout.target[0]), event,
           codes + ["main"])
    for side, column in layout.associates:
        for associate in filter(None, (a.strip() for a in (values.get(column) or "").split(";"))):
            if values.get(side):
                yield (*row, values[side], values[side], associate, associate, ASSOCIATED,
                       codes + [column])
