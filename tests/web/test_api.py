"""The JSON API against a real DuckDB store of the bundled example, through FastAPI's TestClient."""

from __future__ import annotations

import hashlib
import json

import pytest
from fastapi.testclient import TestClient

from faultlines.errors import StoreError
from faultlines.report.brief import brief_data
from faultlines.report.fractures import find_fractures
from faultlines.store import Store
from faultlines.web.app import create_app


@pytest.fixture(scope="module")
def client(example_db):
    with TestClient(create_app(example_db)) as c:
        yield c


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fix", "status"}
    assert body["error"]["code"] == code and body["error"]["status"] == status
    return body["error"]


def test_windows_are_the_detector_windows(client, example_db):
    windows = client.get("/api/windows").json()["windows"]
    with Store(example_db, read_only=True) as store:
        detector = find_fractures(store)
    assert [(w["start"], w["end"]) for w in windows] == [(s.isoformat(), e.isoformat()) for s, e in detector.windows_]
    assert windows[0]["start"] == "2017-06-01" and len(windows) >= 12


def test_graph_is_the_standing_network_with_coalitions_and_frustrated_ties(client, example_db):
    graph = client.get("/api/graph").json()
    with Store(example_db, read_only=True) as store:
        detector = find_fractures(store)
    G, frustrated = detector.standing_[-1], detector.frustrated_[-1]
    ids = {n["id"] for n in graph["nodes"]}
    assert {"russia", "iran", "turkey", "united-states"} <= ids == set(G)
    assert {(e["source"], e["target"]) for e in graph["edges"]} == {tuple(sorted(e)) for e in G.edges}
    assert {(e["source"], e["target"]) for e in graph["edges"] if e["frustrated"]} == frustrated
    assert all(e["sign"] == (1 if e["weight"] > 0 else -1) for e in graph["edges"])
    for group in graph["groups"]:  # compound nodes: every member points at its group
        assert {n["id"] for n in graph["nodes"] if n["group"] == group["id"]} == set(group["members"])
    assert len(graph["groups"]) == len(detector.groups_[-1]) >= 2


def test_windows_have_different_graphs(client):
    windows = client.get("/api/windows").json()["windows"]
    first = client.get("/api/graph", params={"window": windows[0]["start"]}).json()
    last = client.get("/api/graph", params={"window": windows[-1]["start"]}).json()
    assert first["window"]["start"] == windows[0]["start"]
    assert {e["id"] for e in first["edges"]} != {e["id"] for e in last["edges"]}
    assert len(first["edges"]) == windows[0]["n_ties"]


def test_unknown_window_has_the_error_shape(client):
    error = _error(client.get("/api/graph", params={"window": "1999-01-01"}), 404, "E800")
    assert "1999-01-01" in error["message"] and "/api/windows" in error["fix"]


def test_edge_evidence_lists_claims_with_their_text_and_outlet(client):
    edge = client.get("/api/edges/united-states/turkey").json()  # either order
    assert [p["id"] for p in edge["pair"]] == ["turkey", "united-states"]
    assert edge["n_claims"] >= len(edge["claims"]) > 5
    months = [c["occurred_at"][:7] for c in edge["claims"]]  # dates may be months only ("2018-11")
    assert months == sorted(months, reverse=True) and months[0] <= edge["window"]["start"][:7]
    spans = [e for c in edge["claims"] for e in c["evidence"] if e["kind"] == "span"]
    assert spans and all(e["text"] and e["outlet"]["name"] for e in spans)
    assert edge["n_claims"] == len({i for h in edge["history"] for i in h["claim_ids"]})
    assert {c["id"] for c in edge["claims"]} <= {i for h in edge["history"] for i in h["claim_ids"]}


def test_missing_tie_is_404(client):
    _error(client.get("/api/edges/jordan/wagner-group"), 404, "E801")


def test_actor_profile_resolves_names_and_has_timelines(client):
    iran = client.get("/api/actors/Iran").json()
    assert iran["id"] == "iran" and "Persia" in iran["aliases"]
    partners = [t["other"]["id"] for t in iran["timelines"]]
    assert "russia" in partners and "israel" in partners
    assert all(t["series"] and all("score" in s and "claim_ids" in s for s in t["series"]) for t in iran["timelines"])
    assert client.get("/api/actors/quds-force").json()["principal"]["id"] == "iran"  # rolled up in the network
    _error(client.get("/api/actors/nobody-at-all"), 404, "E120")


def test_fractures_are_the_briefs(client, example_db):
    api = client.get("/api/fractures").json()
    with Store(example_db, read_only=True) as store:
        brief = json.loads(json.dumps(brief_data(store, plots=False), default=str))
    assert api["fractures"] == brief["fractures"] and api["headlines"] == brief["headlines"]
    assert [f["pair"][0]["id"] for f in api["fractures"]][:1] == ["turkey"]


def test_whatif_removes_an_actor_and_reports_who_moves(client):
    result = client.get("/api/whatif", params={"remove": "isis"}).json()
    assert result["removed"] == [{"id": "isis", "name": "Islamic State"}]
    assert all("isis" not in [a["id"] for a in g] for g in result["after"]["groups"])
    assert result["moved"] and all({"actor", "from", "to"} <= set(m) for m in result["moved"])
    assert result["delta_frustration"] == pytest.approx(result["after"]["frustration_index"]
                                                        - result["before"]["frustration_index"], abs=1e-6)
    nobody = client.get("/api/whatif").json()
    assert nobody["moved"] == [] and nobody["delta_frustration"] == 0
    _error(client.get("/api/whatif", params={"remove": "nobody-at-all"}), 404, "E120")
    first = client.get("/api/windows").json()["windows"][0]["start"]
    _error(client.get("/api/whatif", params={"remove": "france", "window": first}), 404, "E504")


def test_places_put_states_at_their_capitals(client):
    places = {a["id"]: a for a in client.get("/api/places").json()["actors"]}
    assert places["russia"]["capital"] == "Moscow" and places["russia"]["iso_numeric"] == "643"
    assert abs(places["russia"]["lat"] - 55.75) < 0.1 and "lat" not in places["isis"]


def test_every_page_links_its_json_twin(client):
    for page, twin in [("/", "/api/graph"), ("/actors/iran", "/api/actors/iran"), ("/fractures", "/api/fractures"),
                       ("/edges/iran/russia?window=2018-05-01", "/api/edges/iran/russia?window=2018-05-01"), ("/whatif", "/api/whatif"), ("/map", "/api/places")]:
        response = client.get(page)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        assert response.headers["link"] == f'<{twin}>; rel="alternate"; type="application/json"'
        assert client.get(twin).status_code == 200


def test_openapi_describes_the_api_and_unknown_routes_have_the_error_shape(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/graph", "/api/edges/{a}/{b}", "/api/actors/{actor}", "/api/fractures", "/api/whatif",
            "/api/windows", "/api/places"} <= set(spec["paths"])
    assert "window" in [p["name"] for p in spec["paths"]["/api/graph"]["get"]["parameters"]]
    assert client.get("/docs").status_code == 404  # the docs page would load scripts from a CDN
    _error(client.get("/api/nothing"), 404, "E802")
    _error(client.post("/api/graph"), 405, "E803")


def test_store_is_opened_read_only_and_left_unchanged(example_db):
    before = hashlib.sha256(example_db.read_bytes()).hexdigest()
    app = create_app(example_db)
    with TestClient(app) as c:
        assert app.state.explorer.store.read_only
        assert c.get("/api/graph").status_code == 200
    assert hashlib.sha256(example_db.read_bytes()).hexdigest() == before


def test_missing_store_is_a_coded_error(tmp_path):
    with pytest.raises(StoreError) as info:
        create_app(tmp_path / "none.duckdb")
    assert info.value.code == "E003"
