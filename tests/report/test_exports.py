"""Exports of snapshots read back with real parsers: GraphML, dynamic GEXF, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from faultlines.errors import UsageError
from faultlines.model.dyads import DyadScore
from faultlines.network.snapshots import snapshots
from faultlines.report.exports import export_snapshots

JAN = (dt.date(2018, 1, 1), dt.date(2018, 2, 1))
FEB = (dt.date(2018, 2, 1), dt.date(2018, 3, 1))
MAR = (dt.date(2018, 3, 1), dt.date(2018, 4, 1))
# Inclusive GEXF spells: a window [start, end) ends on the day before `end`.
SPELL = {JAN: ("2018-01-01", "2018-01-31"), FEB: ("2018-02-01", "2018-02-28"), MAR: ("2018-03-01", "2018-03-31")}
SCORES = [
    DyadScore(*JAN, "hezbollah", "iran", 6.0, 3, 2, 2, ("c1", "c2", "c3"), ("almanar", "irna")),
    DyadScore(*JAN, "iran", "russia", 5.0, 2, 2, 2, ("c4", "c5"), ("tass", "irna")),
    DyadScore(*JAN, "iran", "sdf", 0.1, 1, 1, 1, ("c6",), ("bbc",)),  # below min_abs_score: a neutral tie
    DyadScore(*JAN, "russia", "sdf", -2.0, 1, 1, 1, ("c7",), ("bbc",)),
    DyadScore(*FEB, "hezbollah", "russia", 0.2, 1, 1, 1, ("c8",), ("almanar",)),  # neutral
    DyadScore(*FEB, "iran", "russia", -3.5, 4, 3, 3, ("c9", "c10", "c11", "c12"), ("tass", "bbc", "irna")),
    DyadScore(*FEB, "sdf", "xss", -1.0, 1, 1, 1, ("c13",), ("afp",)),
    DyadScore(*MAR, "iran", "russia", -4.0, 2, 2, 1, ("c14", "c15"), ("bbc",)),
    DyadScore(*MAR, "sdf", "turkey", -7.0, 3, 3, 0, ("c16", "c17", "c18"), ()),  # no outlet at all
]
ACTORS = {
    "hezbollah": {"name": "حزب الله", "kind": "armed group", "coalition": "pro-government-alliance",
                  "provisional": False},
    "iran": {"name": "Iran", "kind": "state", "coalition": "pro-government-alliance", "provisional": False},
    "russia": {"name": "Russia", "kind": "state", "coalition": "pro-government-alliance", "provisional": False},
    "sdf": {"name": 'Syrian Democratic Forces, "SDF"', "kind": "armed group", "coalition": None,
            "provisional": False},
    "xss": {"name": "<script>alert('x')</script>", "kind": "armed group", "coalition": None, "provisional": True},
    # turkey is not given: its label is its id
}
FIELDS = ("weight", "sign", "score", "n_claims", "n_happenings", "n_independent_sources", "claim_ids", "sources")


@pytest.fixture
def graphs():
    return snapshots(SCORES, min_abs_score=0.5)


def _label(node):
    return ACTORS.get(node, {}).get("name", node)


def _edges(G):
    """{frozenset pair: evidence} with id lists as lists, as every format should give them back."""
    return {frozenset((u, v)): {k: list(d[k]) if isinstance(d[k], tuple) else d[k] for k in FIELDS}
            for u, v, d in G.edges(data=True)}


def test_the_fixture_has_a_sign_change_a_neutral_tie_and_awkward_names(graphs):
    jan, feb, mar = graphs
    assert [G.edges["iran", "russia"]["sign"] for G in graphs] == [1, -1, -1]
    assert jan.edges["iran", "sdf"]["sign"] == 0 and jan.edges["iran", "sdf"]["score"] == 0.1
    assert mar.edges["sdf", "turkey"]["sources"] == ()


def test_graphml_writes_one_file_per_window_that_reads_back_with_every_attribute(graphs, tmp_path):
    files = export_snapshots(graphs, tmp_path / "ties.graphml", "graphml", actors=ACTORS)
    assert [p.name for p in files] == ["ties-2018-01-01.graphml", "ties-2018-02-01.graphml",
                                       "ties-2018-03-01.graphml"]
    assert not (tmp_path / "ties.graphml").exists()
    for G, path in zip(graphs, files):
        H = nx.read_graphml(path)
        start, end = (d.isoformat() for d in G.graph["window"])
        assert {k: v for k, v in H.graph.items() if not k.endswith("_default")} == {
            "window_start": start, "window_end": end, "min_happenings": 1, "min_abs_score": 0.5, "keep_neutral": True}
        assert set(H) == set(G)
        for n in G:
            expected = {k: v for k, v in ACTORS.get(n, {}).items() if v is not None}
            assert H.nodes[n] == {"label": _label(n), **expected}
        back = {pair: {**d, "claim_ids": d["claim_ids"].split(), "sources": d["sources"].split()}
                for pair, d in ((frozenset((u, v)), d) for u, v, d in H.edges(data=True))}
        assert back == _edges(G)
        for d in back.values():  # GraphML keeps the types
            assert type(d["weight"]) is float and type(d["sign"]) is int and type(d["n_claims"]) is int
    raw = files[1].read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw


def test_graphml_with_one_window_writes_exactly_the_path(graphs, tmp_path):
    assert export_snapshots(graphs[:1], tmp_path / "jan.graphml", "graphml") == [tmp_path / "jan.graphml"]
    H = nx.read_graphml(tmp_path / "jan.graphml")
    assert H.nodes["hezbollah"] == {"label": "hezbollah"}  # no actors given: the id is the label
    assert H.edges["iran", "sdf"]["sign"] == 0 and H.edges["iran", "sdf"]["weight"] == 0.0


def test_gexf_is_one_dynamic_file_whose_values_change_per_window(graphs, tmp_path):
    assert export_snapshots(graphs, tmp_path / "ties.gexf", "gexf", actors=ACTORS) == [tmp_path / "ties.gexf"]
    H = nx.read_gexf(tmp_path / "ties.gexf")
    assert H.graph["mode"] == "dynamic" and not H.is_directed()
    assert set(H) == set().union(*graphs)
    for n in H:
        expected = {k: v for k, v in ACTORS.get(n, {}).items() if v is not None}
        present = [SPELL[G.graph["window"]] for G in graphs if n in G]
        assert H.nodes[n] == {"label": _label(n), **expected, "spells": present}
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for G in graphs for e in G.edges}
    for u, v, d in H.edges(data=True):
        windows = [G for G in graphs if G.has_edge(u, v)]
        assert d["spells"] == [SPELL[G.graph["window"]] for G in windows]
        for field in FIELDS:
            expected = [(G.edges[u, v][field], *SPELL[G.graph["window"]]) for G in windows]
            got = d["signed_weight" if field == "weight" else field]
            if field in ("claim_ids", "sources"):
                got = [(tuple(value.split()), start, end) for value, start, end in got]
            assert got == expected, field
    assert H.edges["iran", "russia"]["sign"] == [(1, *SPELL[JAN]), (-1, *SPELL[FEB]), (-1, *SPELL[MAR])]


def test_gexf_structure_is_what_gephi_reads(graphs, tmp_path):
    export_snapshots(graphs, tmp_path / "ties.gexf", "gexf", actors=ACTORS)
    root = ET.parse(tmp_path / "ties.gexf").getroot()
    ns = "{http://www.gexf.net/1.2draft}"
    assert root.tag == f"{ns}gexf" and root.get("version") == "1.2"
    graph = root.find(f"{ns}graph")
    kind = graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")
    assert kind == ("dynamic", "date", "undirected")
    assert "3 window(s) from 2018-01-01 to 2018-04-01" in graph.get("name")
    modes = {(a.get("class"), a.get("mode")) for a in graph.findall(f"{ns}attributes")}
    assert modes == {("node", "static"), ("edge", "dynamic")}
    for value in graph.iter(f"{ns}attvalue"):  # every dynamic value has both ends, as Gephi expects
        if value.get("start") is not None:
            assert value.get("end") is not None


def test_gexf_spells_of_overlapping_windows_end_where_the_next_begins(tmp_path):
    first, second = (dt.date(2018, 1, 1), dt.date(2018, 3, 1)), (dt.date(2018, 2, 1), dt.date(2018, 4, 1))
    graphs = snapshots([DyadScore(*first, "iran", "russia", 2.0, 1, 1, 1, ("c1",)),
                        DyadScore(*second, "iran", "russia", -1.0, 1, 1, 1, ("c2",))])
    export_snapshots(graphs, tmp_path / "sliding.gexf", "gexf")
    H = nx.read_gexf(tmp_path / "sliding.gexf")
    assert H.edges["iran", "russia"]["spells"] == [("2018-01-01", "2018-01-31"), ("2018-02-01", "2018-03-31")]


def test_csv_has_one_edge_row_per_window_and_tie_and_a_nodes_file(graphs, tmp_path):
    files = export_snapshots(graphs, tmp_path / "edges.csv", "csv", actors=ACTORS)
    assert files == [tmp_path / "edges.csv", tmp_path / "edges.nodes.csv"]
    with files[0].open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["window_start", "window_end", "source", "target", "source_name", "target_name",
                             *FIELDS]
    assert len(rows) == sum(G.number_of_edges() for G in graphs)
    by_window = {G.graph["window"][0].isoformat(): (G, _edges(G)) for G in graphs}
    for row in rows:
        G, edges = by_window[row["window_start"]]
        assert row["window_end"] == G.graph["window"][1].isoformat()
        assert (row["source_name"], row["target_name"]) == (_label(row["source"]), _label(row["target"]))
        expected = edges[frozenset((row["source"], row["target"]))]
        assert {"weight": float(row["weight"]), "sign": int(row["sign"]), "score": float(row["score"]),
                **{k: int(row[k]) for k in ("n_claims", "n_happenings", "n_independent_sources")},
                "claim_ids": row["claim_ids"].split(), "sources": row["sources"].split()} == expected
    assert {row["source_name"] for row in rows} >= {'Syrian Democratic Forces, "SDF"', "حزب الله"}
    with files[1].open(encoding="utf-8", newline="") as f:
        nodes = {row["id"]: row for row in csv.DictReader(f)}
    sdf = 'Syrian Democratic Forces, "SDF"'
    assert nodes["sdf"] == {"id": "sdf", "label": sdf, "coalition": "", "kind": "armed group", "name": sdf,
                            "provisional": "False", "n_windows": "3", "first_start": "2018-01-01",
                            "last_end": "2018-04-01"}
    assert nodes["turkey"]["label"] == "turkey" and nodes["turkey"]["n_windows"] == "1"
    assert set(nodes) == set().union(*graphs)


def test_json_keeps_lists_types_params_and_nulls(graphs, tmp_path):
    [path] = export_snapshots(graphs, tmp_path / "ties.json", "json", actors=ACTORS)
    with path.open(encoding="utf-8") as f:
        doc = json.load(f)
    assert (doc["format"], doc["version"], len(doc["windows"])) == ("faultlines-snapshots", 1, 3)
    for G, window in zip(graphs, doc["windows"]):
        assert (window["start"], window["end"]) == tuple(d.isoformat() for d in G.graph["window"])
        assert window["params"] == {"min_happenings": 1, "min_abs_score": 0.5, "keep_neutral": True}
        assert {n["id"]: n for n in window["nodes"]} == {n: {"id": n, "label": _label(n), **ACTORS.get(n, {})}
                                                         for n in G}
        edges = {frozenset((e.pop("source"), e.pop("target"))): e for e in window["edges"]}
        assert edges == _edges(G)
    assert doc["windows"][0]["nodes"][-1]["coalition"] is None


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "json"])
def test_no_windows_writes_valid_files_that_say_so(fmt, tmp_path):
    files = export_snapshots([], tmp_path / f"none.{fmt}", fmt)
    assert files[0] == tmp_path / f"none.{fmt}"
    if fmt == "graphml":
        assert nx.read_graphml(files[0]).graph["n_windows"] == 0
    elif fmt == "gexf":
        H = nx.read_gexf(files[0])
        assert H.number_of_nodes() == 0 and H.graph["mode"] == "dynamic" and "no windows" in H.graph["name"]
    elif fmt == "csv":
        with files[0].open(encoding="utf-8", newline="") as f:
            assert list(csv.reader(f)) == [["window_start", "window_end", "source", "target", "source_name",
                                            "target_name", *FIELDS]]
        assert files[1].read_text(encoding="utf-8").startswith("id,label,")
    else:
        assert json.loads(files[0].read_text(encoding="utf-8"))["windows"] == []


def _code(excinfo):
    return excinfo.value.code


def test_unknown_format_and_missing_folder_are_coded_errors(graphs, tmp_path):
    with pytest.raises(UsageError) as e:
        export_snapshots(graphs, tmp_path / "ties.xlsx", "xlsx")
    assert _code(e) == "E620" and "graphml, gexf, csv, json" in str(e.value)
    with pytest.raises(UsageError) as e:
        export_snapshots(graphs, tmp_path / "missing" / "ties.json", "json")
    assert _code(e) == "E621" and "missing does not exist" in str(e.value)
    with pytest.raises(UsageError) as e:
        export_snapshots(graphs, tmp_path, "json")
    assert _code(e) == "E621" and "it is a folder" in str(e.value)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_an_id_with_a_space_cannot_be_joined(fmt, tmp_path):
    graphs = snapshots([DyadScore(*JAN, "iran", "russia", 1.0, 1, 1, 1, ("c 1",))])
    with pytest.raises(UsageError) as e:
        export_snapshots(graphs, tmp_path / f"ties.{fmt}", fmt)
    assert _code(e) == "E622" and "'c 1'" in str(e.value)
    export_snapshots(graphs, tmp_path / "ties.json", "json")  # json keeps the list as it is


def test_graphs_that_are_not_snapshots_and_list_attributes_are_coded_errors(graphs, tmp_path):
    for bad in ([nx.Graph()], [graphs[1], graphs[0]], [graphs[0], graphs[0]]):
        with pytest.raises(UsageError) as e:
            export_snapshots(bad, tmp_path / "ties.json", "json")
        assert _code(e) == "E623"
    with pytest.raises(UsageError) as e:
        export_snapshots(graphs, tmp_path / "ties.json", "json", actors={"iran": {"aliases": ["Persia"]}})
    assert _code(e) == "E624" and "'aliases'" in str(e.value)
