"""Plain signed edge lists: ``source,target,sign[,weight][,window]`` CSV, one graph per window.

Policy for awkward rows (each reported with its line; the rest is read):

- a sign other than 1 or -1 (``+``/``-`` are accepted) rejects the row (``E220``);
- a weight must be a number; the tie's value is ``sign * |weight|`` (default weight 1);
- a self-loop is dropped (``W221``);
- the same pair twice in a window is summed; if the signs conflict this is reported (``W222``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from faultlines.errors import IngestError, Problem
from faultlines.ingest.lines import csv_records

REQUIRED = ("source", "target", "sign")
OPTIONAL = ("weight", "window")
_SIGNS = {"1": 1, "+1": 1, "+": 1, "-1": -1, "-": -1, "1.0": 1, "-1.0": -1}


@dataclass
class EdgeList:
    """Graphs by window label (``""`` when the file has no window column), and the problems met."""

    graphs: dict[str, nx.Graph] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_edge_list(path: Path) -> EdgeList:
    """Read a signed edge list; raise ``IngestError`` only if the file as a whole is unusable."""
    if not path.is_file():
        raise IngestError("E010", path=path)
    records = csv_records(path)
    header_record = next(records, None)
    if header_record is None or header_record.fields is None:
        raise IngestError("E015", path=path)
    header = [h.strip().lower() for h in header_record.fields]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise IngestError("E013", path=path, missing=", ".join(missing), required=", ".join(REQUIRED))
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise IngestError("E014", path=path, unknown=", ".join(unknown), known=", ".join(REQUIRED + OPTIONAL))
    result, signs = EdgeList(), {}
    for record in records:
        if record.fields is None or len(record.fields) != len(header):
            result.problems.append(Problem.error("E201", path=str(path), line=record.line,
                                                 n_fields=len(record.fields or []), n_header=len(header)))
            continue
        _add(result, signs, path, record.line, dict(zip(header, (f.strip() for f in record.fields))))
    return result


def _add(result: EdgeList, signs: dict, path: Path, line: int, row: dict[str, str]) -> None:
    sign = _SIGNS.get(row["sign"])
    if sign is None:
        result.problems.append(Problem.error("E220", path=str(path), line=line, value=row["sign"]))
        return
    try:
        weight = abs(float(row.get("weight") or 1))
    except ValueError:
        result.problems.append(Problem.error("E205", path=str(path), line=line, column="weight",
                                             value=row["weight"], low=0, high="inf"))
        return
    u, v, window = row["source"], row["target"], row.get("window", "")
    if u == v:
        result.problems.append(Problem.warning("W221", path=str(path), line=line, value=u))
        return
    G = result.graphs.setdefault(window, nx.Graph(window=window))
    key = (window, frozenset((u, v)))
    if G.has_edge(u, v):
        if sign not in signs[key]:
            result.problems.append(Problem.warning("W222", path=str(path), line=line, u=u, v=v))
        G.edges[u, v]["weight"] += sign * weight
        signs[key].add(sign)
    else:
        G.add_edge(u, v, weight=sign * weight)
        signs[key] = {sign}
