"""Signed edge lists: windows, and the documented policy for awkward rows."""

from __future__ import annotations

from faultlines.ingest.edges import read_edge_list


def test_windows_duplicates_self_loops_and_bad_signs(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("source,target,sign,weight,window\n"
                    "a,b,1,2,w1\n"      # 2: a-b +2
                    "b,a,-1,5,w1\n"     # 3: same pair, other sign: summed to -3, reported
                    "a,a,1,,w1\n"       # 4: self-loop dropped, reported
                    "a,c,0,,w1\n"       # 5: bad sign, rejected
                    "a,c,-,,w2\n"       # 6: w2: a-c -1
                    "a,c,1\n", encoding="utf-8")  # 7: wrong width, rejected
    found = read_edge_list(path)
    assert [(p.line, p.code) for p in found.problems] == [(3, "W222"), (4, "W221"), (5, "E220"), (7, "E201")]
    assert list(found.graphs) == ["w1", "w2"]
    assert found.graphs["w1"].edges["a", "b"]["weight"] == -3.0
    assert dict(found.graphs["w2"].edges) == {("a", "c"): {"weight": -1.0}}
