"""The explorer in Debian's chromium (headless, driven by Playwright): every part present and working.

Each test fails if its part of the page is missing: the graph, the slider, the evidence panel, the
actor profile, the fractures list, the what-if panel, the map. The hostile store's script payloads
must render as inert text: no dialog, no request to another host.
"""

from __future__ import annotations

import pytest

from faultlines.web.app import create_app
from faultlines.web.server import running

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser(chromium_path):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"], headless=True)
        yield browser
        browser.close()


class Watched:
    """A page with what it did on the side: console errors, dialogs, requests to other hosts."""

    def __init__(self, browser, base: str) -> None:
        self.base, self.errors, self.dialogs, self.foreign = base, [], [], []
        self.page = browser.new_page(viewport={"width": 1400, "height": 1100})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: None if r.url.startswith(base + "/") else self.foreign.append(r.url))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str = "/"):
        self.page.goto(self.base + path)
        self.page.wait_for_selector("body[data-ready=true]", timeout=90_000)
        assert self.page.inner_text("#status") == ""
        return self.page

    def js(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def click_graph(self, element_id: str) -> None:
        """Click an actor or tie where it is drawn (zoomed onto it first, as a user would)."""
        x, y = self.js("""id => { const cy = window.faultlines.cy, e = cy.getElementById(id);
            if (e.empty()) throw new Error('not drawn: ' + id);
            cy.fit(e, 150); const p = e.isEdge() ? e.renderedMidpoint() : e.renderedPosition(); return [p.x, p.y]; }""",
                       element_id)
        box = self.page.locator("#graph").bounding_box()
        self.page.mouse.click(box["x"] + x, box["y"] + y)

    def close(self) -> None:
        assert self.errors == [] and self.dialogs == [] and self.foreign == []
        self.page.close()


@pytest.fixture(scope="module")
def example_server(example_db):
    with running(create_app(example_db)) as base:
        yield base


@pytest.fixture
def watched(browser, example_server):
    w = Watched(browser, example_server)
    yield w
    w.close()


def _edges(w: Watched) -> set[str]:
    return set(w.js("window.faultlines.cy.edges().map(e => e.id())"))


def test_graph_shows_the_actors_in_coalitions_with_signed_ties(watched):
    watched.open()
    nodes = set(watched.js("window.faultlines.cy.nodes().filter(n => !n.isParent()).map(n => n.id())"))
    assert {"russia", "iran", "turkey", "united-states", "syria", "sdf"} <= nodes
    camps = watched.js("window.faultlines.cy.nodes(':parent').map(n => n.children().length)")
    assert len(camps) >= 2 and min(camps) >= 2  # compound nodes hold the coalitions
    styles = watched.js("""(() => { const cy = window.faultlines.cy;
        return {neg: cy.edges('[sign < 0]').map(e => e.style('line-style')),
                pos: cy.edges('[sign > 0]').map(e => e.style('line-style')),
                frustrated: cy.edges('.frustrated').length,
                widths: cy.edges().map(e => parseFloat(e.style('width')))}; })()""")
    assert set(styles["neg"]) == {"dashed"} and set(styles["pos"]) == {"solid"}
    last = watched.js("window.faultlines.state.windows.at(-1)")
    assert styles["frustrated"] == last["n_frustrated"] > 0
    assert max(styles["widths"]) > 2 * min(styles["widths"])  # sized by weight


def test_slider_changes_the_edge_set(watched):
    page = watched.open()
    last = _edges(watched)
    assert page.input_value("#window-slider") == str(len(watched.js("window.faultlines.state.windows")) - 1)
    page.focus("#window-slider")
    page.keyboard.press("Home")  # the first window, as a user would with the keyboard
    page.wait_for_function("() => document.getElementById('window-label').value.startsWith('2017-06-01')")
    page.wait_for_function("() => window.faultlines.state.graph.window.index === 0 && window.faultlines.cy.edges().length > 0")
    first = _edges(watched)
    assert first and first != last and len(first) < len(last)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.faultlines.state.graph.window.index === 1")
    assert _edges(watched) != first


def test_clicking_a_tie_shows_its_evidence(watched):
    page = watched.open()
    watched.click_graph("turkey|united-states")
    page.wait_for_selector("#evidence-claims li")
    assert page.inner_text("#evidence-title") == "Evidence: Turkey – United States"
    claims = page.locator("#evidence-claims > li")
    assert claims.count() > 5
    first = claims.first.inner_text()
    assert first.startswith("2018-") and "—" in first and "reliability" in first
    assert page.locator("#evidence-claims blockquote.evidence").first.inner_text().strip()
    assert page.url.endswith("/edges/turkey/united-states?window=2018-12-01")


def test_clicking_an_actor_shows_its_profile(watched):
    page = watched.open()
    watched.click_graph("iran")
    page.wait_for_selector("#profile-title")
    assert page.inner_text("#profile-title") == "Iran"
    text = page.inner_text("#details")
    assert "Persia" in text and "Ties over time" in text
    assert page.locator("#profile-timelines .timeline svg rect").count() > 10


def test_fractures_list_ranks_and_opens_evidence(watched):
    page = watched.open()
    items = page.locator("#fractures > li.fracture")
    assert items.count() >= 2
    assert items.first.inner_text().startswith("Turkey – United States")
    items.first.locator("button.link").click()
    page.wait_for_selector("#evidence-claims li")
    assert page.inner_text("#evidence-title") == "Evidence: Turkey – United States"


def test_whatif_panel_shows_who_changes_side(watched):
    page = watched.open("/whatif")
    page.select_option("#whatif-actor", "isis")
    page.click("#whatif-form button")
    page.wait_for_selector("#whatif-moved")
    assert "Removed: Islamic State" in page.inner_text("#whatif-result")
    assert page.locator("#whatif-moved li").count() >= 1


def test_map_draws_countries_and_actors(watched, tmp_path):
    page = watched.open("/map")
    assert page.locator("#map path.leaflet-interactive").count() > 150  # country shapes from world-atlas
    markers = page.locator("#map path.actor-marker")
    placed = watched.js("window.faultlines.state.places.actors.filter(a => a.lat !== undefined && "
                        "window.faultlines.state.graph.nodes.some(n => n.id === a.id)).length")
    assert markers.count() == placed > 15
    assert page.locator("#map path.actor-russia").count() == 1
    assert "Islamic State" in page.inner_text("#map-unplaced")
    shot = tmp_path / "explorer.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    print(f"screenshot for review: {shot} (a reviewed copy is tests/web/screenshots/explorer.jpg)")


def test_script_payloads_render_as_inert_text(browser, hostile_db, payloads):
    SCRIPT_NAME, IMG_NAME, EVIDENCE = payloads["script_name"], payloads["img_name"], payloads["evidence"]
    with running(create_app(hostile_db)) as base:
        w = Watched(browser, base)
        page = w.open()
        ids = w.js("""names => window.faultlines.state.graph.nodes.filter(n => names.includes(n.name)).map(n => n.id)""",
                   [SCRIPT_NAME, IMG_NAME])
        assert len(ids) == 2
        w.click_graph("|".join(sorted(ids)))
        page.wait_for_selector("#evidence-claims li")
        panel = page.inner_text("#details")
        assert SCRIPT_NAME in panel and IMG_NAME in panel and EVIDENCE in panel
        assert page.locator("#details a[href^='javascript']").count() == 0
        w.click_graph(next(i for i in ids if "script" in i))
        page.wait_for_selector("#profile-title")
        assert page.inner_text("#profile-title") == SCRIPT_NAME
        assert SCRIPT_NAME in page.inner_text("#map-unplaced")
        assert page.locator(f"#whatif-actor option:text-is(\"{IMG_NAME}\")").count() == 1
        assert w.js("document.querySelectorAll('img').length") == 0
        assert w.js("[...document.scripts].map(s => s.getAttribute('src'))") == [
            "/static/vendor/cytoscape.min.js", "/static/vendor/leaflet.js", "/static/vendor/topojson-client.min.js",
            "/static/js/app.js"]
        page.wait_for_timeout(500)  # time for any onerror to fire
        w.close()



def test_a_tie_from_dataset_rows_shows_each_row_with_its_code_and_only_safe_links(browser, gdelt_db):
    with running(create_app(gdelt_db)) as base:
        w = Watched(browser, base)
        page = w.open("/edges/syria/united-states")
        page.wait_for_selector("#evidence-claims li")
        assert page.inner_text("#evidence-title") == "Evidence: Syria – United States"
        panel = page.inner_text("#evidence-claims")
        assert "dataset gdelt2, row 880001, line 1, CAMEO 190" in panel
        assert "dataset gdelt2, row 880002, line 2, CAMEO 190" in panel
        assert page.locator("#evidence-claims a[href='https://example.org/strike']").count() == 1
        assert page.locator("#details a[href^='javascript']").count() == 0
        w.close()
