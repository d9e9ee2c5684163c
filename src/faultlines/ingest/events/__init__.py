"""Event datasets: ACLED, GDELT 1.0/2.0 (events and mentions), ICEWS, POLECAT, UCDP GED (docs/events.md).

:func:`read_event_file` stages a recognised file (:func:`detect`) in DuckDB, resolves each distinct
actor and event key once, and writes the claims, their raw codes and their evidence rows in SQL,
in one transaction with the ingest's log entry and problems.

>>> import tempfile, pathlib
>>> from faultlines.store import Store
>>> from faultlines.catalogue import load_catalogue
>>> row = ["1", "20180602"] + [""] * 56 + ["X", "X", "X"]
>>> cols = dict(zip(formats.GDELT2_COLUMNS, range(61)))
>>> for k, v in {"Actor1Code": "USA", "Actor1CountryCode": "USA", "Actor2Code": "SYRMIL",
...              "Actor2CountryCode": "SYR", "Actor2Type1Code": "MIL", "EventCode": "190"}.items():
...     row[cols[k]] = v
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "20180602.export.CSV"
...     _ = path.write_text("\\t".join(row) + "\\n")
...     with Store(pathlib.Path(tmp) / "x.duckdb") as store:
...         result = read_event_file(store, detect(path), load_catalogue("syria"))
...         [(c.source_actor, c.target_actor, c.relation, c.weight) for c in store.claims()]
[('united-states', 'syria', 'assault', -10.0)]
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from faultlines.catalogue import Catalogue
from faultlines.errors import Problem
from faultlines.ingest.events import formats
from faultlines.ingest.events.actors import ActorKeys, provisional
from faultlines.ingest.events.progress import FileProgress
from faultlines.ingest.events.quoted import code_names, staged_rows
from faultlines.ingest.events.records import record_lines
from faultlines.ingest.events.source import COMPRESSED, EventFile, count_lines, detect, materialise, sha256_file
from faultlines.model import Actor, Source, content_id
from faultlines.store import Batch, IngestRecord, Store
from faultlines.store import events as sql

__all__ = ["COMPRESSED", "EventResult", "detect", "read_event_file"]
MEMORY_LIMIT = "1GB"  # DuckDB's cap while staging; it spills to disk beyond it


@dataclass
class EventResult:
    """What one event file gave: rows read, claims stored, problems, provisional actors made."""

    n_rows: int = 0
    n_claims: int = 0
    problems: list[Problem] = field(default_factory=list)
    new_actors: list[Actor] = field(default_factory=list)


def read_event_file(store: Store, event_file: EventFile, catalogue: Catalogue, *,
                    memory_limit: str = MEMORY_LIMIT, on_progress: Callable[[float], None] | None = None,
                    ) -> EventResult:
    """Ingest one recognised event file into ``store``; re-reading the same file changes nothing.

    ``on_progress`` is told the fraction of the file done (0 to 1) as it goes, from DuckDB's own
    progress of each statement (:mod:`.progress`).
    """
    fmt, name = event_file.fmt, str(event_file.path)
    result = EventResult()
    con = store.con
    old_limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET enable_progress_bar = false")
    try:
        # The file's hash (for the ingest log) is read beside DuckDB's work, in a thread.
        with ThreadPoolExecutor(1) as hasher, tempfile.TemporaryDirectory(prefix="faultlines-events-") as tmp, \
                FileProgress(con, on_progress) as progress:
            digest = hasher.submit(sha256_file, event_file.path)
            progress.phase(*SPANS["read"])
            names = _stage(store, event_file, Path(tmp), result)
            progress.phase(*SPANS["map"])
            expected = len(event_file.columns)
            if fmt.mentions:  # no actors, no event codes: each row ties an article to an event
                sql.load_map(con, {}, {})
            else:
                _resolve(con, event_file, catalogue, result)
            result.problems += [_problem(fmt, name, *row) for row in sql.problems(
                con, expected=expected, day_format=fmt.layout.day_format, check_events=not fmt.mentions)]
            result.problems += _summaries(con, fmt, name, expected)
            progress.phase(*SPANS["claims"])
            if fmt.mentions:
                bulk = lambda c: sql.insert_mentions(  # noqa: E731
                    c, dataset=fmt.layout.dataset, expected=expected, names=names) * 0
            else:
                result.n_claims = sql.claims_sql(con, dataset=fmt.layout.dataset, extractor=fmt.extractor,
                                                 expected=expected, day_format=fmt.layout.day_format)
                bulk = lambda c: sql.insert_claims(  # noqa: E731
                    c, dataset=fmt.layout.dataset, extractor=fmt.extractor, confidence=fmt.confidence, names=names,
                    on_table=lambda table: progress.phase(*SPANS[table]))
            _write(store, event_file, result, bulk, digest.result())
    finally:
        sql.drop_staged(con)
        con.execute(f"SET memory_limit = '{old_limit}'")
    return result


# Each step's span of a file's progress, by its usual share of the time (a million GDELT rows).
SPANS = {"read": (0.0, 0.4), "map": (0.4, 0.5), "claims": (0.5, 0.7), "claims_table": (0.7, 0.8),
         "claim_evidence": (0.8, 0.88), "claim_codes": (0.88, 1.0)}


def _stage(store: Store, event_file: EventFile, tmp: Path, result: EventResult) -> list[str]:
    """Stage the file's rows as ``_staged``; return the names of their code values.

    DuckDB reads every file. In a quoted file whose records do not match its lines one to one (a
    value spans lines, or blank lines lie between records) each record's line is found by counting
    quotes and newlines (:mod:`.records`) when DuckDB rejected no row; otherwise Python reads the
    file again, row by row, and reports each bad row on its own line.
    """
    quoted = event_file.delimiter != "\t"
    source = materialise(event_file.path, tmp, plain=False)
    n_records, rejected = sql.stage(store.con, source, event_file.fmt.layout, header=event_file.header,
                         columns=event_file.columns, delimiter=event_file.delimiter, quoted=quoted)
    if quoted and not rejected and len(lines := record_lines(source, header=event_file.header)) == n_records:
        # every record read, but some span lines or blank lines lie between: each keeps its own line
        if len(lines) and lines[-1] != n_records + event_file.header:
            sql.renumber_lines(store.con, lines, header=event_file.header)
        result.n_rows += n_records
        return code_names(event_file)
    if not quoted or n_records + len(rejected) + event_file.header == count_lines(source):
        result.n_rows += n_records + len(rejected)
        result.problems += [_problem(event_file.fmt, str(event_file.path), *row) if row[1] == "E230" else
                            Problem.error("E231", path=str(event_file.path), line=row[0], reason=row[2])
                            for row in rejected]
        return code_names(event_file) if quoted else sql.code_names(event_file.fmt.layout)
    source = materialise(event_file.path, tmp, plain=True)
    rows = list(staged_rows(source, event_file, result.problems, str(event_file.path)))
    result.n_rows += len({p.line for p in result.problems}) + len({row[0] for row in rows})
    sql.stage_rows(store.con, rows)
    return code_names(event_file)


def _resolve(con, event_file: EventFile, catalogue: Catalogue, result: EventResult) -> None:
    fmt, name = event_file.fmt, str(event_file.path)
    actor_keys, event_keys = sql.distinct_keys(con)
    resolve = getattr(ActorKeys(catalogue), fmt.resolver)
    actors: dict[str, str] = {}
    unmapped: dict[int, list[str]] = {}
    made: dict[str, Actor] = {}
    for key, label, first, n in actor_keys:
        actor_id = resolve(key)
        if actor_id is None:
            actor = provisional(fmt.layout.dataset, key, label)
            actor_id = actor.id
            made.setdefault(actor_id, actor)
            unmapped.setdefault(first, []).append(f"'{key.replace(sql.SEP, ' / ')}' ({n} rows) as '{actor_id}'")
        actors[key] = actor_id
    events = {k: scored for k in event_keys if (scored := fmt.score(k)) is not None}
    sql.load_map(con, actors, events)
    result.new_actors = list(made.values())
    result.problems += [Problem.warning("W230", path=name, line=line, dataset=fmt.name, actors="; ".join(found))
                        for line, found in sorted(unmapped.items())]


def _problem(fmt: formats.EventFormat, name: str, line: int, code: str, value: str) -> Problem:
    values = {"E230": {"n_fields": value, "expected": len(fmt.layout.columns)},
              "E232": {"value": value, "expected": fmt.layout.day_format},
              "E233": {"value": value.replace(sql.SEP, " / "), "mapping": _mapping_name(fmt)},
              "E234": {"value": value}}[code]
    return Problem.error(code, path=name, line=line, dataset=fmt.name, **values)


def _mapping_name(fmt: formats.EventFormat) -> str:
    return {"cameo": "cameo.v1", "icews": "cameo.v1", "acled": "acled.v1", "ucdp": "ucdp.v1"}.get(
        fmt.resolver, "plover.v1")


def _summaries(con, fmt: formats.EventFormat, name: str, expected: int) -> list[Problem]:
    (n_one, first_one), (n_neutral, first_neutral, codes) = sql.summaries(con, expected=expected)
    found = []
    if n_one and not fmt.mentions:
        found.append(Problem.warning("W231", path=name, line=first_one, n=n_one, dataset=fmt.name))
    if n_neutral:
        found.append(Problem.warning("W232", path=name, line=first_neutral, n=n_neutral, dataset=fmt.name,
                                     mapping=_mapping_name(fmt), codes=codes))
    return found


def _write(store: Store, event_file: EventFile, result: EventResult, bulk, digest: str) -> None:
    fmt, path = event_file.fmt, event_file.path
    record = IngestRecord(content_id("ing", [path.name, digest]), str(path), digest, fmt.extractor, result.n_rows)
    dataset = Source(fmt.layout.dataset, fmt.layout.dataset.upper(), kind="dataset")
    store.write_batch(Batch(sources=[dataset], actors=result.new_actors, problems=result.problems), record, bulk)
