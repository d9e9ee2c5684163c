"""The brief's plots: well-formed inline SVG, one marked artist per tie, names escaped, stable colours.

The toy is Syria-like. Coalitions: {us, sdf} and {turkey, russia, iran, syria-gov}; isis is in no
group. Ties (weight): us–sdf +3, russia–iran +2, russia–syria-gov +4, iran–syria-gov +3 (positive);
turkey–sdf -4, turkey–russia -1 (negative, and inside the second coalition: frustrated),
us–turkey +2 (positive across coalitions: frustrated), isis–us -5, isis–syria-gov -3,
isis–turkey -2 (negative), us–russia 0 (neutral). So 5 positive, 5 negative, 1 neutral tie.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import matplotlib
import networkx as nx
import pytest

from faultlines.errors import UsageError
from faultlines.report.plots import Timeline, align_groups, membership_svg, network_svg, timelines_svg

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "x" $\\frac$'
TIES = [("us", "sdf", 3), ("russia", "iran", 2), ("russia", "syria-gov", 4), ("iran", "syria-gov", 3),
        ("us", "turkey", 2), ("turkey", "sdf", -4), ("turkey", "russia", -1), ("isis", "us", -5),
        ("isis", "syria-gov", -3), ("isis", "turkey", -2), ("us", "russia", 0)]
GROUPS = [["us", "sdf"], ["turkey", "russia", "iran", "syria-gov"]]
FRUSTRATED = [("sdf", "turkey"), ("turkey", "russia"), ("us", "turkey")]
NAMES = {"us": "United States", "sdf": "SDF", "turkey": "Turkey", "russia": "Russia", "iran": "Iran",
         "syria-gov": "Syrian government", "isis": HOSTILE}


@pytest.fixture
def G() -> nx.Graph:
    graph = nx.Graph()
    graph.add_weighted_edges_from(TIES)
    return graph


def parse(svg: str) -> ET.Element:
    """The SVG parsed (it must be well-formed), after checking it is fit to inline offline."""
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<!--" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%" and root.get("height") is None
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    # The only URLs are the namespace names, which are never fetched; every reference is internal.
    assert set(re.findall(r"https?://[^\"'\s)]+", svg)) <= {"http://www.w3.org/2000/svg",
                                                             "http://www.w3.org/1999/xlink"}
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', svg))
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", svg))
    assert "<image" not in svg and "<script" not in svg.lower()
    return root


def ids(root: ET.Element, prefix: str) -> list[str]:
    return [e.get("id") for e in root.iter() if (e.get("id") or "").startswith(prefix)]


def texts(root: ET.Element) -> set[str]:
    return {"".join(e.itertext()) for e in root.iter(f"{SVG}text")}


# --- network ---------------------------------------------------------------------------------------

def test_network_has_one_marked_group_per_tie_node_and_frustrated_pair(G):
    root = parse(network_svg(G, GROUPS, names=NAMES, frustrated=FRUSTRATED, title="Syria, 2018"))
    assert len(ids(root, "fl-edge-pos-")) == 5
    assert len(ids(root, "fl-edge-neg-")) == 5 == sum(w < 0 for *_, w in TIES)
    assert len(ids(root, "fl-edge-neutral-")) == 1
    assert len(ids(root, "fl-edge-frustrated-")) == len(FRUSTRATED)
    assert len(ids(root, "fl-node-")) == G.number_of_nodes() == 7
    assert len(ids(root, "fl-group-")) == 3  # two coalitions and the unaligned isis


def test_network_ids_carry_indices_never_actor_ids(G):
    root = parse(network_svg(G, GROUPS, frustrated=FRUSTRATED))
    for i in ids(root, "fl-"):
        assert re.fullmatch(r"fl-(edge-(pos|neg|neutral|frustrated)|node|group)-\d+", i), i


def test_network_labels_every_actor_and_group_and_legend(G):
    found = texts(parse(network_svg(G, GROUPS, names=NAMES, frustrated=FRUSTRATED, title="Syria, 2018")))
    assert set(NAMES.values()) <= found
    assert {"Coalition 1 (2)", "Coalition 2 (4)", "Unaligned (1)", "Syria, 2018"} <= found
    assert {"cooperation (+)", "hostility (−)", "neutral (0)", "frustrated tie"} <= found


def test_network_without_names_labels_nodes_by_id(G):
    assert {"us", "syria-gov", "isis"} <= texts(parse(network_svg(G, GROUPS)))


def test_hostile_name_is_escaped_and_not_typeset_as_maths(G):
    svg = network_svg(G, GROUPS, names=NAMES)
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in svg
    assert HOSTILE in texts(parse(svg))  # round-trips exactly: the $...$ was not parsed as mathtext


def test_network_is_deterministic(G):
    first = network_svg(G, GROUPS, names=NAMES, frustrated=FRUSTRATED)
    H = nx.Graph()
    H.add_weighted_edges_from(reversed(TIES))  # same graph, other insertion order
    assert network_svg(H, [list(reversed(g)) for g in GROUPS], names=NAMES,
                       frustrated=[(v, u) for u, v in FRUSTRATED]) == first


def test_frustrated_pair_that_is_not_a_tie_is_a_usage_error(G):
    with pytest.raises(UsageError) as err:
        network_svg(G, GROUPS, frustrated=[("sdf", "iran")])
    assert err.value.code == "E641"


def test_network_empty_graph_says_so():
    root = parse(network_svg(nx.Graph(), []))
    assert texts(root) == {"no actors to plot"}


def test_network_of_fifty_actors_and_150_ties_draws_them_all():
    G = nx.gnm_random_graph(50, 150, seed=1)
    for k, (u, v) in enumerate(sorted(G.edges)):
        G[u][v]["weight"] = (-1) ** k * (1 + k % 4)
    groups = [list(range(i, 50, 4)) for i in range(3)]  # 38 nodes in groups, 12 unaligned
    root = parse(network_svg(G, groups))
    assert len(ids(root, "fl-edge-pos-")) == 75 and len(ids(root, "fl-edge-neg-")) == 75
    assert len(ids(root, "fl-node-")) == 50 and len(ids(root, "fl-group-")) == 4


# --- timelines -------------------------------------------------------------------------------------

def months(*values: float) -> tuple[tuple[dt.date, float], ...]:
    return tuple((dt.date(2018, m, 1), v) for m, v in enumerate(values, start=1))


SERIES = [Timeline("Turkey – SDF", months(1.0, -0.5, -2.0, -3.0), onset=dt.date(2018, 2, 1), status="open"),
          Timeline(HOSTILE, months(2.0, 2.5, 1.0, -1.0), status="watch"),
          Timeline("Russia – Iran", months(3.0, 3.0, 2.0, 2.5))]


def test_timelines_one_panel_per_series_and_onsets_marked():
    root = parse(timelines_svg(SERIES))
    assert len(ids(root, "fl-timeline-")) == 3
    assert ids(root, "fl-onset-") == ["fl-onset-0"]
    found = texts(root)
    assert {"Turkey – SDF — open", f"{HOSTILE} — watch", "Russia – Iran", "onset"} <= found


def test_timelines_are_deterministic_and_escape_labels():
    svg = timelines_svg(SERIES)
    assert svg == timelines_svg(list(SERIES)) and "<script" not in svg


def test_no_timelines_is_a_note_not_an_error():
    assert texts(parse(timelines_svg([]))) == {"no fractures to plot"}


# --- membership ------------------------------------------------------------------------------------

def test_align_groups_keeps_colours_when_groups_are_permuted():
    windows = [[["us", "sdf"], ["turkey", "russia"]], [["russia", "turkey"], ["sdf", "us"]],
               [["sdf", "us"], ["turkey", "russia"]]]
    aligned = align_groups(windows)
    assert aligned[0] == aligned[1] == aligned[2]
    assert aligned[0]["us"] != aligned[0]["turkey"]


def test_align_groups_changes_colour_for_an_actor_that_switches_camp():
    aligned = align_groups([[["us", "sdf", "turkey"], ["russia", "iran"]],
                            [["russia", "iran", "turkey"], ["us", "sdf"]]])
    assert aligned[1]["us"] == aligned[0]["us"] and aligned[1]["russia"] == aligned[0]["russia"]
    assert aligned[0]["turkey"] == aligned[0]["us"] and aligned[1]["turkey"] == aligned[0]["russia"]


def test_align_groups_gives_new_groups_new_colours_and_never_reuses_one():
    # window 2: the first camp splits; the larger part keeps colour 0, the rest gets colour 2.
    # window 3: camp 1 dissolves; its old members form a group that overlaps nothing -> colour 3.
    aligned = align_groups([[["a", "b", "c"], ["d", "e"]], [["a", "b"], ["c"], ["d", "e"]],
                            [["a", "b"], ["x", "y"]], [["a"], ["d", "e"]]])
    assert aligned[1] == {"a": 0, "b": 0, "c": 2, "d": 1, "e": 1}
    assert aligned[2] == {"a": 0, "b": 0, "x": 3, "y": 3}
    assert aligned[3] == {"a": 0, "d": 4, "e": 4}
    assert align_groups([]) == [] and align_groups([[], [["a"]]]) == [{}, {"a": 0}]


def fills(root: ET.Element) -> dict[str, str]:
    return {e.get("id"): re.search(r"fill: (#[0-9a-f]{6})", ET.tostring(e, encoding="unicode")).group(1)
            for e in root.iter() if (e.get("id") or "").startswith("fl-cell-")}


def test_membership_cells_keep_colour_for_stayers_and_change_it_for_the_switcher():
    windows = ["2018-01", "2018-02", "2018-03"]
    groups = [[["us", "sdf", "turkey"], ["russia", "iran"]],
              [["iran", "russia", "turkey"], ["sdf", "us"]],
              [["sdf", "us"], ["turkey", "russia", "iran"], ["isis"]]]
    names = {n: NAMES[n] for n in ("us", "sdf", "turkey", "russia", "iran", "isis")}
    svg = membership_svg(windows, groups, names=names)
    root = parse(svg)
    cells = fills(root)
    assert len(cells) == 5 + 5 + 6  # isis is blank in the first two windows
    assert set(names.values()) | set(windows) <= texts(root) and "<script" not in svg
    # rows sorted by usual camp then name: camp 0 = SDF, United States; camp 1 = Iran, Russia, Turkey
    # (Turkey is with the US in the first window only); isis, in a camp of its own, comes last
    labels = [t for t in ("".join(e.itertext()) for e in root.iter(f"{SVG}text")) if t in names.values()]
    assert labels[:6] == ["SDF", "United States", "Iran", "Russia", "Turkey", HOSTILE]
    for row in range(5):
        colours = {cells[f"fl-cell-{row}-{j}"] for j in range(3)}
        assert len(colours) == (2 if row == 4 else 1), row  # only Turkey (row 4) changes colour
    assert "fl-cell-5-0" not in cells and "fl-cell-5-2" in cells


def test_membership_is_deterministic():
    windows, groups = ["w1", "w2"], [[["a", "b"], ["c"]], [["c"], ["b", "a"]]]
    assert membership_svg(windows, groups) == membership_svg(windows, groups)


def test_membership_with_mismatched_lengths_is_a_usage_error():
    with pytest.raises(UsageError) as err:
        membership_svg(["2018-01", "2018-02"], [[["us"]]])
    assert err.value.code == "E640" and "2 window label(s) were given with 1 partition(s)" in str(err.value)


def test_membership_with_no_actors_says_so():
    assert texts(parse(membership_svg([], []))) == {"no coalitions to plot"}


def test_plots_leave_matplotlib_settings_as_they_were(G):
    before = dict(matplotlib.rcParams)
    network_svg(G, GROUPS)
    timelines_svg(SERIES)
    membership_svg(["w1"], [GROUPS])
    assert dict(matplotlib.rcParams) == before
