"""Pajek ``.NET`` files (the format of the Doreian–Mrvar signed-network collection)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from faultlines.errors import IngestError


def read_pajek(path: Path) -> nx.MultiDiGraph:
    """The ``*Vertices``, ``*Arcs`` and ``*Edges`` of a Pajek file; an edge becomes two arcs.

    Use :func:`faultlines.network.symmetrize` to sum the arcs of each pair into a signed graph.
    Pajek files of that era are Latin-1.
    """
    if not path.is_file():
        raise IngestError("E010", path=path)
    G = nx.MultiDiGraph()
    names: dict[str, str] = {}
    section = None
    for line in path.read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0].startswith("*"):
            section = parts[0].lower()
            continue
        if section == "*vertices":
            names[parts[0]] = line.split('"')[1] if '"' in line else parts[1]
            G.add_node(names[parts[0]])
        elif section in ("*arcs", "*edges"):
            a, b, w = names[parts[0]], names[parts[1]], float(parts[2])
            G.add_edge(a, b, weight=w)
            if section == "*edges":
                G.add_edge(b, a, weight=w)
    return G
