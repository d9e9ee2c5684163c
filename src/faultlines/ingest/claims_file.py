"""The analyst claims reader: hand-coded claims in CSV or JSON Lines (docs/claims-format.md).

Every good row becomes a :class:`Claim` whose evidence is the row's text (a :class:`Document`
with a span covering it) and the row itself (a :class:`RowRef`). A bad row is reported with its
line and the reason and the rest are read. Names the catalogue does not know become provisional
actors, reported as warnings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from faultlines.catalogue import Catalogue
from faultlines.errors import IngestError, Problem
from faultlines.ingest.lines import Record, csv_records, decoded_lines
from faultlines.model import (MODALITIES, RELATION_MAPPING, RELATIONS, Actor, Claim, Document, RowRef, Source,
                              TextSpan, content_id, parse_date, slugify)
from faultlines.store import Batch

READER = "analyst.claims@1"
ANALYST_MAPPING = "polarity.analyst.v1"
REQUIRED = ("date", "source", "target", "relation", "evidence")
COLUMNS = ("date", "source", "target", "relation", "polarity", "intensity", "modality", "evidence", "outlet",
           "url", "published", "reliability", "speaker", "attributed_to", "confidence", "notes")
DEFAULT_CONFIDENCE = 0.8


class RowError(Exception):
    """A row cannot become a claim; carries the :class:`Problem` to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text)
        self.problem = problem


@dataclass
class _Context:
    path: Path
    catalogue: Catalogue
    batch: Batch = field(default_factory=Batch)
    provisional: dict[str, Actor] = field(default_factory=dict)
    row_new: dict[str, tuple[Actor, Problem]] = field(default_factory=dict)  # met in the current row
    sources: dict[str, Source] = field(default_factory=dict)
    n_rows: int = 0

    @property
    def name(self) -> str:
        return str(self.path)

    def fail(self, code: str, line: int, **values: object) -> RowError:
        return RowError(Problem.error(code, path=self.name, line=line, **values))


def read_claims_file(path: Path, catalogue: Catalogue) -> tuple[Batch, int]:
    """Read an analyst claims file; return the batch to store and the number of data rows seen.

    Raises :class:`IngestError` only when the file as a whole cannot be read (missing, empty, a
    header without required columns or with unknown ones).
    """
    ctx = _Context(path, catalogue)
    rows = _jsonl_rows(ctx) if path.suffix.lower() in (".jsonl", ".ndjson") else _csv_rows(ctx)
    for line, values in rows:
        ctx.n_rows += 1
        ctx.row_new.clear()
        try:
            ctx.batch.claims.append(_claim(ctx, line, values))
        except RowError as e:
            ctx.batch.problems.append(e.problem)
            continue
        for actor, warning in ctx.row_new.values():  # only rows that are stored add actors
            ctx.provisional[actor.id] = actor
            ctx.batch.problems.append(warning)
    ctx.batch.actors.extend(ctx.provisional.values())
    ctx.batch.sources.extend(ctx.sources.values())
    return ctx.batch, ctx.n_rows


def _csv_rows(ctx: _Context) -> Iterator[tuple[int, dict[str, str]]]:
    records = csv_records(ctx.path)
    header = _header(ctx, next(records, None))
    for record in records:
        if record.fields is None:
            ctx.n_rows += 1
            ctx.batch.problems.append(_unreadable(ctx, record))
        elif len(record.fields) != len(header):
            ctx.n_rows += 1
            ctx.batch.problems.append(Problem.error("E201", path=ctx.name, line=record.line,
                                                    n_fields=len(record.fields), n_header=len(header)))
        else:
            yield record.line, dict(zip(header, (f.strip() for f in record.fields)))


def _unreadable(ctx: _Context, record: Record) -> Problem:
    if record.error and "UTF-8" in record.error:
        return Problem.error("E012", path=f"{ctx.name}:{record.line}", line=record.line, reason=record.error)
    return Problem.error("E210", path=ctx.name, line=record.line, reason=record.error)


def _header(ctx: _Context, record: Record | None) -> list[str]:
    if record is None:
        raise IngestError("E015", path=ctx.name)
    if record.fields is None:
        raise IngestError("E012", path=ctx.name, reason=record.error or "unreadable header")
    header = [f.strip().lower() for f in record.fields]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise IngestError("E013", path=ctx.name, missing=", ".join(missing), required=", ".join(REQUIRED))
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise IngestError("E014", path=ctx.name, unknown=", ".join(unknown), known=", ".join(COLUMNS))
    return header


def _jsonl_rows(ctx: _Context) -> Iterator[tuple[int, dict[str, str]]]:
    for line, text, error in decoded_lines(ctx.path):
        if text is not None and not text.strip():
            continue
        ctx_problem = None
        if text is None:
            ctx_problem = Problem.error("E012", path=f"{ctx.name}:{line}", line=line, reason=error)
        else:
            try:
                obj = json.loads(text)
                if not isinstance(obj, dict):
                    raise ValueError(f"a JSON {type(obj).__name__}, not an object")
            except ValueError as e:
                ctx_problem = Problem.error("E207", path=ctx.name, line=line, reason=str(e).split(":")[0])
            else:
                unknown = [k for k in obj if k not in COLUMNS]
                if unknown:
                    ctx_problem = Problem.error("E209", path=ctx.name, line=line, unknown=", ".join(unknown),
                                                known=", ".join(COLUMNS))
                else:
                    yield line, {k: "" if v is None else str(v).strip() for k, v in obj.items()}
                    continue
        ctx.n_rows += 1
        ctx.batch.problems.append(ctx_problem)


def _claim(ctx: _Context, line: int, row: dict[str, str]) -> Claim:
    for column in REQUIRED:
        if not row.get(column):
            raise ctx.fail("E202", line, column=column)
    try:
        occurred, precision = parse_date(row["date"])
    except ValueError:
        raise ctx.fail("E203", line, column="date", value=row["date"]) from None
    relation = row["relation"].lower()
    if relation not in RELATIONS:
        raise ctx.fail("E204", line, value=row["relation"], allowed=", ".join(RELATIONS))
    polarity, intensity, mapping = _scores(ctx, line, row, relation)
    modality = (row.get("modality") or "asserted").lower()
    if modality not in MODALITIES:
        raise ctx.fail("E206", line, column="modality", value=modality, allowed=", ".join(MODALITIES))
    reliability = (row.get("reliability") or "").upper() or None
    if reliability is not None and reliability not in "ABCDEF":
        raise ctx.fail("E206", line, column="reliability", value=reliability, allowed="A, B, C, D, E, F")
    confidence = _number(ctx, line, row, "confidence", 0.0, 1.0, DEFAULT_CONFIDENCE)
    source, target = _actor(ctx, line, row, "source", occurred), _actor(ctx, line, row, "target", occurred)
    outlet = _actor(ctx, line, row, "outlet", occurred, kind="outlet") if row.get("outlet") else None
    doc = _document(ctx, line, row, outlet, occurred)
    row_id = content_id("row", {k: v for k, v in sorted(row.items()) if v})[4:]
    return Claim(source, target, relation, polarity, intensity, occurred,
                 evidence=(TextSpan.of(doc, 0, len(doc.text)), RowRef(f"file:{ctx.path.name}", row_id, line)),
                 extractor=READER, mapping=mapping, occurred_precision=precision, modality=modality,
                 speaker=_actor(ctx, line, row, "speaker", occurred) if row.get("speaker") else None,
                 attributed_to=(_actor(ctx, line, row, "attributed_to", occurred) if row.get("attributed_to")
                                else outlet),
                 confidence=confidence, reliability=reliability, notes=row.get("notes") or None)


def _scores(ctx: _Context, line: int, row: dict[str, str], relation: str) -> tuple[float, float, str]:
    default_polarity, default_intensity = RELATIONS[relation]
    polarity = _number(ctx, line, row, "polarity", -1.0, 1.0, default_polarity)
    intensity = _number(ctx, line, row, "intensity", 0.0, 10.0, default_intensity)
    overridden = bool(row.get("polarity") or row.get("intensity"))
    return polarity, intensity, ANALYST_MAPPING if overridden else RELATION_MAPPING


def _number(ctx: _Context, line: int, row: dict[str, str], column: str, low: float, high: float,
            default: float) -> float:
    text = row.get(column) or ""
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise ctx.fail("E205", line, column=column, value=text, low=low, high=high)
    return value


def _actor(ctx: _Context, line: int, row: dict[str, str], column: str, on, kind: str = "unknown") -> str:
    name = row[column]
    found = ctx.catalogue.resolve(name, on=on)
    if found.ambiguous:
        raise ctx.fail("E208", line, column=column, value=name, candidates=", ".join(found.candidates))
    if found.ok:
        return found.actor_id  # type: ignore[return-value]
    actor_id = f"provisional-{slugify(name)}"
    if actor_id not in ctx.provisional and actor_id not in ctx.catalogue.actors:
        ctx.row_new[actor_id] = (Actor(actor_id, name, kind, provisional=True),
                                 Problem.warning("W201", path=ctx.name, line=line, value=name, actor_id=actor_id))
    return actor_id


def _document(ctx: _Context, line: int, row: dict[str, str], outlet: str | None, occurred) -> Document:
    published = occurred
    if row.get("published"):
        try:
            published = parse_date(row["published"])[0]
        except ValueError:
            raise ctx.fail("E203", line, column="published", value=row["published"]) from None
    source_id = _source(ctx, outlet) if outlet else None
    doc = Document(row["evidence"], url=row.get("url") or None, published_at=published, source_id=source_id)
    ctx.batch.documents.append(doc)
    return doc


def _source(ctx: _Context, outlet_id: str) -> str:
    if outlet_id not in ctx.sources:
        actor = ctx.catalogue.actors.get(outlet_id) or ctx.row_new[outlet_id][0]
        owners = [a.parent for a in ctx.catalogue.affiliations_of(outlet_id) if a.relation in ("owned_by", "backed_by")]
        ctx.sources[outlet_id] = Source(outlet_id, actor.name, kind="outlet", country=actor.country,
                                        language=actor.language, actor_id=owners[0] if owners else None,
                                        reliability=actor.reliability)
    return outlet_id
