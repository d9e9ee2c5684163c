"""The main job end to end, as a user runs it: fractures, the brief, exports, the demo."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest


from test_cli_commands import EXAMPLE, run

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "fractures-post-isis-syria-2018.txt"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    """``faultlines demo`` run in a fresh folder: the store and the brief it writes."""
    folder = tmp_path_factory.mktemp("demo")
    result = run("demo", cwd=folder)
    assert result.returncode == 0, result.stderr
    brief = folder / "faultlines-demo-brief.html"
    assert str(brief.resolve()) in result.stdout.replace("\n", "")
    return folder / "faultlines-demo.duckdb", brief


def pair_ids(record: dict) -> frozenset[str]:
    return frozenset(p["id"] for p in record["pair"])


RUSSIA_IRAN, US_TURKEY = frozenset({"russia", "iran"}), frozenset({"united-states", "turkey"})


def test_fractures_json_on_the_example_has_the_documented_shape_and_the_known_fractures(demo):
    db, _ = demo
    result = run("fractures", "--json", db=db)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    for r in records:
        assert {"pair", "coalition", "score", "status", "onset", "claim_ids", "evidence"} <= set(r)
        assert [set(p) for p in r["pair"]] == [{"id", "name"}, {"id", "name"}]
        assert r["status"] in ("emerging", "deepening", "easing") and 0 <= r["score"] <= 1
        for item in r["evidence"]:
            assert {"text", "outlet", "url", "date"} <= set(item) and item["text"]
    assert [r["score"] for r in records] == sorted((r["score"] for r in records), reverse=True)
    top = {pair_ids(r): r for r in records[:3]}
    assert RUSSIA_IRAN in top and US_TURKEY in top
    for pair in (RUSSIA_IRAN, US_TURKEY):
        assert top[pair]["onset"].startswith("2018-")


def test_the_founding_article_alone_puts_russia_iran_and_us_turkey_in_the_top_three(tmp_path):
    db = tmp_path / "seed.duckdb"
    assert run("ingest", str(SEED), db=db).returncode == 0
    records = json.loads(run("fractures", "--json", db=db).stdout)
    text = SEED.read_text(encoding="utf-8")
    top = {pair_ids(r): r for r in records[:3]}
    for pair in (RUSSIA_IRAN, US_TURKEY):
        assert pair in top, [sorted(pair_ids(r)) for r in records]
        spans = {item["text"] for item in top[pair]["evidence"]}
        assert len(spans) >= 2 and all(span in text for span in spans)


class _Page(HTMLParser):
    """Collects what the offline check needs from the brief's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.ids, self.cite_targets, self.external, self.scripts, self.sentences = set(), [], [], 0, []
        self.csp = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self.scripts += 1
        if tag == "a" and a.get("class") == "cite":
            self.cite_targets.append(a["href"])
        for key in ("src", "srcset", "data"):
            if key in a:
                self.external.append(a[key])
        if tag == "link":
            self.external.append(a.get("href"))
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a["content"]
        if "data-claims" in a:
            self.sentences.append(a["data-claims"])


def test_the_demo_brief_opens_offline_every_citation_resolves_and_every_plot_is_there(demo):
    db, brief = demo
    html = brief.read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    assert page.scripts == 0 and page.external == [] and "default-src 'none'" in page.csp
    assert page.cite_targets and all(t.startswith("#ref-") and t[1:] in page.ids for t in page.cite_targets)
    refs = {i for i in page.ids if i.startswith("ref-")}
    assert refs == {t[1:] for t in page.cite_targets}  # no reference is left uncited
    assert {"plot-network", "plot-timelines", "plot-membership", "common-enemy", "sources", "method"} <= page.ids
    assert "Islamic State" in html.split('id="common-enemy"')[1].split("</p>")[0]  # the coalitions are declared against it
    assert html.count("<svg") == 3
    stored = {c["id"] for c in json.loads(run("claims", "--json", db=db).stdout)}
    cited = {i for s in page.sentences for i in s.split()}
    assert cited and cited <= stored  # every sentence traces to stored claims
    md = brief.with_suffix(".md").read_text(encoding="utf-8")
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", md.split("## References")[0])}
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", md.split("## References")[1], re.M)}
    assert numbers == listed


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is missing (scripts/run.py test installs it where apt-get may run)")
def test_the_brief_renders_in_headless_chromium_without_the_network(demo, tmp_path):
    _, brief = demo
    shot = tmp_path / "brief.png"
    result = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
                             f"--screenshot={shot}", "--window-size=1200,3000", brief.as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 50_000, result.stderr
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
                          "--dump-dom", brief.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert dom.count("<svg") == 3 and "Fractures" in dom


def test_graphml_and_gexf_exports_read_back_with_the_same_nodes_edges_and_attributes(demo, tmp_path):
    db, _ = demo
    assert run("export", "--format", "graphml", "--window", "all", "--out", str(tmp_path / "all.graphml"), db=db).returncode == 0
    assert run("export", "--format", "gexf", "--out", str(tmp_path / "months.gexf"), db=db).returncode == 0
    assert run("export", "--format", "json", "--out", str(tmp_path / "months.json"), db=db).returncode == 0
    G = nx.read_graphml(tmp_path / "all.graphml")
    windows = json.loads((tmp_path / "months.json").read_text(encoding="utf-8"))["windows"]
    D = nx.read_gexf(tmp_path / "months.gexf")
    assert set(D.nodes) == {n["id"] for w in windows for n in w["nodes"]}
    assert {frozenset(e) for e in D.edges} == {frozenset((e["source"], e["target"])) for w in windows for e in w["edges"]}
    assert {frozenset(e) for e in G.edges} <= {frozenset(e) for e in D.edges}
    assert G.nodes["russia"]["label"] == "Russia" and "pro-government-alliance" in G.nodes["russia"]["coalitions"]
    ri = G.edges["iran", "russia"]
    assert {"weight", "sign", "n_claims", "n_independent_sources", "claim_ids"} <= set(ri)
    assert len(ri["claim_ids"].split()) == ri["n_claims"]


def test_out_of_range_parameters_get_the_documented_error(demo):
    db, _ = demo
    result = run("fractures", "--threshold", "-1", db=db)
    assert result.returncode == 1 and "E601" in result.stderr and "threshold" in result.stderr
    result = run("fractures", "--coalitions", "friends", db=db)
    assert result.returncode == 1 and "E602" in result.stderr
    result = run("brief", "--out", "brief.pdf", db=db)
    assert result.returncode == 1 and "E630" in result.stderr


def test_a_store_with_no_claims_gives_an_empty_brief_that_says_so(tmp_path):
    db = tmp_path / "empty.duckdb"
    assert run("init", db=db).returncode == 0
    assert json.loads(run("fractures", "--json", db=db).stdout) == []
    for name in ("brief.html", "brief.md"):
        result = run("brief", "--out", str(tmp_path / name), db=db)
        assert result.returncode == 0, result.stderr
        assert "no claims" in (tmp_path / name).read_text(encoding="utf-8")


def test_article_text_is_escaped_in_the_brief(tmp_path):
    rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header = rows[0]
    hostile = ('2018-05-17,russia,iran,demand,,,asserted,"Russia demanded <script>alert(1)</script> '
               '<img src=x onerror=alert(2)> that Iran leave",tass,,,,,,0.9,')
    (tmp_path / "claims.csv").write_text("\n".join([header, *rows[1:], hostile]) + "\n", encoding="utf-8")
    db = tmp_path / "x.duckdb"
    assert run("ingest", str(tmp_path / "claims.csv"), db=db).returncode == 0
    assert run("brief", "--out", str(tmp_path / "b.html"), db=db).returncode == 0
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html and "<img" not in html
