"""Export snapshot graphs for Gephi, spreadsheets and code: GraphML, dynamic GEXF, CSV and JSON.

The input is the list :func:`faultlines.network.snapshots.snapshots` returns: one graph per window
``[start, end)`` (end exclusive), in order of start. Which files are written (docs/exports.md):

- ``graphml``: one file per window. One window (or none) writes exactly ``path``; several write
  ``<stem>-<window start>.<suffix>`` beside it (``ties.graphml`` -> ``ties-2018-05-01.graphml``).
- ``gexf``: one dynamic GEXF 1.2 file at ``path`` holding every window, for Gephi's timeline.
- ``csv``: the edges at ``path``, one row per window and tie, and the nodes at
  ``path.with_suffix(".nodes.csv")`` (``ties.csv`` -> ``ties.nodes.csv``), one row per actor.
- ``json``: one document at ``path`` with the windows, their parameters, nodes and edges.

GraphML, GEXF and CSV have no list type, so ``claim_ids`` and ``sources`` are written as one string
of ids joined by single spaces (``str.split()`` gives the list back); JSON keeps lists. An export of
no windows writes valid files that hold none.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from faultlines.errors import UsageError

FORMATS = ("graphml", "gexf", "csv", "json")
# The evidence each snapshot edge carries, with the type it is exported as.
EDGE_FIELDS: dict[str, Callable[[Any], object]] = {"weight": float, "sign": int, "score": float, "n_claims": int, "n_happenings": int,
                                "n_independent_sources": int, "claim_ids": tuple, "sources": tuple}
# networkx's GEXF writer reserves `weight` for the static XML weight, so the per-window value is renamed.
GEXF_WEIGHT = "signed_weight"
CSV_EDGE_COLUMNS = ("window_start", "window_end", "source", "target", "source_name", "target_name", *EDGE_FIELDS)

Actors = Mapping[str, Mapping[str, object]]


def export_snapshots(graphs: Sequence[nx.Graph], path: str | Path, fmt: str, *,
                     actors: Actors | None = None) -> list[Path]:
    """Write snapshot graphs to ``path`` in the format ``fmt``; return the files written.

    Parameters
    ----------
    graphs : snapshots, one per window, in order of window start.
    path : the file to write (graphml with several windows and csv derive the other names from it).
    fmt : one of ``"graphml"``, ``"gexf"``, ``"csv"``, ``"json"``.
    actors : node id -> scalar attributes (``name``, ``kind``, ``coalition`` ...) put on each node;
        every node gets a ``label``: its ``name``, else its id.

    Raises
    ------
    UsageError : E620 unknown format, E621 the folder does not exist, E622 an id that cannot be
        joined with spaces, E623 graphs that are not snapshots, E624 an actor attribute that is a list.

    Examples
    --------
    >>> import datetime as dt, tempfile
    >>> from faultlines.model.dyads import DyadScore
    >>> from faultlines.network.snapshots import snapshots
    >>> may, june = (dt.date(2018, 5, 1), dt.date(2018, 6, 1)), (dt.date(2018, 6, 1), dt.date(2018, 7, 1))
    >>> graphs = snapshots([DyadScore(*may, "iran", "russia", -4.9, 4, 3, 3, ("c1", "c2")),
    ...                     DyadScore(*june, "iran", "russia", 1.2, 1, 1, 1, ("c5",))])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     files = export_snapshots(graphs, Path(folder) / "ties.graphml", "graphml")
    ...     [doc_file] = export_snapshots(graphs, Path(folder) / "ties.json", "json", actors={"iran": {"name": "Iran"}})
    ...     doc = json.loads(doc_file.read_text(encoding="utf-8"))
    >>> [p.name for p in files]
    ['ties-2018-05-01.graphml', 'ties-2018-06-01.graphml']
    >>> doc["windows"][0]["edges"][0]["claim_ids"], doc["windows"][0]["nodes"][0]["label"]
    (['c1', 'c2'], 'Iran')
    """
    if fmt not in FORMATS:
        raise UsageError("E620", fmt=fmt, allowed=", ".join(FORMATS))
    path = Path(path)
    if not path.parent.is_dir():
        raise UsageError("E621", path=path, reason=f"the folder {path.parent} does not exist")
    if path.is_dir():
        raise UsageError("E621", path=path, reason="it is a folder, not a file")
    _check_windows(graphs)
    actors = actors or {}
    _check_actors(actors)
    return _WRITERS[fmt](list(graphs), path, actors)


def _check_windows(graphs: Sequence[nx.Graph]) -> None:
    previous = None
    for i, G in enumerate(graphs):
        window = G.graph.get("window")
        if not (isinstance(window, tuple) and len(window) == 2 and all(isinstance(d, dt.date) for d in window)):
            raise UsageError("E623", reason=f"graph {i} has no window (start, end) of dates")
        if not window[0] < window[1]:
            raise UsageError("E623", reason=f"graph {i} has the empty window {window[0]}/{window[1]}")
        if previous is not None and window[0] <= previous:
            raise UsageError("E623", reason=f"graph {i} starts on {window[0]}, not after the graph before it")
        previous = window[0]


def _check_actors(actors: Actors) -> None:
    for actor, attrs in actors.items():
        for key, value in attrs.items():
            if value is not None and not isinstance(value, (str, int, float, bool)):
                raise UsageError("E624", key=key, actor=actor, type=type(value).__name__)


def _node_attrs(node: str, actors: Actors) -> dict[str, object]:
    """``label`` (name, else id) and the caller's attributes of one node, None values included."""
    attrs = dict(actors.get(node, {}))
    return {"label": attrs.get("name") or str(node), **attrs}


def _present(attrs: Mapping[str, object]) -> dict[str, object]:
    """The attributes with a value: GraphML and GEXF have no null."""
    return {k: v for k, v in attrs.items() if v is not None}


def _edge_values(data: Mapping[str, object]) -> dict[str, object]:
    """The evidence of one edge as plain Python values (numpy numbers and lists made float, int, tuple)."""
    return {k: kind(data[k]) for k, kind in EDGE_FIELDS.items() if k in data}


def _joined(ids: tuple[str, ...], field: str, u: str, v: str) -> str:
    """Ids as one space-separated string; an id with whitespace (or empty) would not split back."""
    for value in ids:
        if value.split() != [value]:
            raise UsageError("E622", field=field, value=value, u=u, v=v)
    return " ".join(ids)


def _flat_edge(u: str, v: str, data: Mapping[str, object]) -> dict[str, object]:
    """Edge values with the id lists joined, for formats without lists."""
    return {k: _joined(val, k, u, v) if isinstance(val, tuple) else val for k, val in _edge_values(data).items()}


def _params(G: nx.Graph) -> dict[str, object]:
    """The thresholds a snapshot was built with (every graph attribute but the window)."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in G.graph.items() if k != "window"}


def _iso_window(G: nx.Graph) -> tuple[str, str]:
    start, end = G.graph["window"]
    return start.isoformat(), end.isoformat()


def _write_graphml(graphs: list[nx.Graph], path: Path, actors: Actors) -> list[Path]:
    if not graphs:
        nx.write_graphml(nx.Graph(n_windows=0, note="no windows: nothing to export"), path)
        return [path]
    targets = [path] if len(graphs) == 1 else [
        path.with_name(f"{path.stem}-{G.graph['window'][0].isoformat()}{path.suffix}") for G in graphs]
    for G, target in zip(graphs, targets):
        H = G.__class__()
        start, end = _iso_window(G)
        H.graph.update(window_start=start, window_end=end, **_params(G))
        H.add_nodes_from((n, _present(_node_attrs(n, actors))) for n in G)
        H.add_edges_from((u, v, _flat_edge(u, v, data)) for u, v, data in G.edges(data=True))
        nx.write_graphml(H, target)
    return targets


def _spells(graphs: list[nx.Graph]) -> list[tuple[str, str]]:
    """Each window as an inclusive GEXF interval: start to the day before its end, or before the next
    window's start when windows overlap (sliding windows), so one day shows exactly one window."""
    spells = []
    for i, G in enumerate(graphs):
        start, end = G.graph["window"]
        if i + 1 < len(graphs):
            end = min(end, graphs[i + 1].graph["window"][0])
        spells.append((start.isoformat(), (end - dt.timedelta(days=1)).isoformat()))
    return spells


def _write_gexf(graphs: list[nx.Graph], path: Path, actors: Actors) -> list[Path]:
    H = graphs[0].__class__() if graphs else nx.Graph()
    H.graph.update(mode="dynamic", name=_gexf_name(graphs))
    for G, (start, last) in zip(graphs, _spells(graphs)):
        for n in G:
            if n not in H:
                H.add_node(n, **_present(_node_attrs(n, actors)), spells=[])
            H.nodes[n]["spells"].append((start, last))
        for u, v, data in G.edges(data=True):
            if not H.has_edge(u, v):
                H.add_edge(u, v, spells=[])
            attrs = H.edges[u, v]
            attrs["spells"].append((start, last))
            for k, value in _flat_edge(u, v, data).items():
                attrs.setdefault(GEXF_WEIGHT if k == "weight" else k, []).append((value, start, last))
    writer = GEXFWriter(version="1.2draft")
    writer.add_graph(H)
    writer.graph_element.set("timeformat", "date")  # networkx sets it only when it meets a date
    writer.write(path)
    return [path]


def _gexf_name(graphs: list[nx.Graph]) -> str:
    if not graphs:
        return "Faultlines snapshots: no windows"
    params = ", ".join(f"{k}={v}" for k, v in _params(graphs[0]).items())
    return (f"Faultlines snapshots: {len(graphs)} window(s) from {_iso_window(graphs[0])[0]} "
            f"to {_iso_window(graphs[-1])[1]} (end exclusive); {params}")


def _write_csv(graphs: list[nx.Graph], path: Path, actors: Actors) -> list[Path]:
    nodes_path = path.with_suffix(".nodes.csv")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, CSV_EDGE_COLUMNS)
        writer.writeheader()
        for G in graphs:
            start, end = _iso_window(G)
            for u, v, data in G.edges(data=True):
                writer.writerow({"window_start": start, "window_end": end, "source": u, "target": v,
                                 "source_name": _node_attrs(u, actors)["label"],
                                 "target_name": _node_attrs(v, actors)["label"], **_flat_edge(u, v, data)})
    rows = _node_rows(graphs, actors)
    extra = sorted({k for row in rows for k in row} - {"id", "label", "n_windows", "first_start", "last_end"})
    with nodes_path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["id", "label", *extra, "n_windows", "first_start", "last_end"])
        writer.writeheader()
        writer.writerows(rows)
    return [path, nodes_path]


def _node_rows(graphs: list[nx.Graph], actors: Actors) -> list[dict[str, object]]:
    """One row per actor met in any window: its attributes and when it is present."""
    seen: dict[str, list[tuple[str, str]]] = {}
    for G in graphs:
        for n in G:
            seen.setdefault(n, []).append(_iso_window(G))
    return [{"id": n, **_node_attrs(n, actors), "n_windows": len(windows), "first_start": windows[0][0],
             "last_end": windows[-1][1]} for n, windows in seen.items()]


def _write_json(graphs: list[nx.Graph], path: Path, actors: Actors) -> list[Path]:
    windows = [{"start": _iso_window(G)[0], "end": _iso_window(G)[1], "params": _params(G),
                "nodes": [{"id": n, **_node_attrs(n, actors)} for n in G],
                "edges": [{"source": u, "target": v, **{k: list(val) if isinstance(val, tuple) else val
                                                         for k, val in _edge_values(data).items()}}
                          for u, v, data in G.edges(data=True)]}
               for G in graphs]
    doc = {"format": "faultlines-snapshots", "version": 1, "windows": windows}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [path]


_WRITERS: dict[str, Callable[[list[nx.Graph], Path, Actors], list[Path]]] = {
    "graphml": _write_graphml, "gexf": _write_gexf, "csv": _write_csv, "json": _write_json}
