// The explorer page: wires the API to the graph, slider, panels and map. Plain ES module.

import {api} from "./api.js";
import {el, show} from "./dom.js";
import {createGraph, selectEdge, update} from "./graph.js";
import {createMap, drawActors} from "./map.js";
import {renderActor, renderEdge, renderFractures, renderWhatIf} from "./panels.js";

const $ = (id) => document.getElementById(id);
const state = {windows: [], index: 0, graph: null, places: null, map: null, ready: false};
let cy = null;

function report(error) {
  show($("status"), error.message || String(error));
}

function windowStart() {
  return state.windows.length ? state.windows[state.index].start : null;
}

function go(path) {
  const url = new URL(path, window.location.origin);
  if (windowStart()) url.searchParams.set("window", windowStart());
  window.history.replaceState(null, "", url);
}

async function openEdge(a, b) {
  selectEdge(cy, a, b);
  const data = await api(`/api/edges/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, {window: windowStart()});
  renderEdge($("details"), data, {onActor: openActor});
  go(`/edges/${encodeURIComponent(a)}/${encodeURIComponent(b)}`);
}

async function openActor(id) {
  const data = await api(`/api/actors/${encodeURIComponent(id)}`);
  renderActor($("details"), data, {onActor: (other) => openActor(other).catch(report)});
  go(`/actors/${encodeURIComponent(id)}`);
}

async function showWindow(index) {
  state.index = index;
  const w = state.windows[index];
  $("window-label").value = `${w.start} to ${w.end}`;
  state.graph = await api("/api/graph", {window: w.start});
  if (state.index !== index) return; // the slider moved on meanwhile
  update(cy, state.graph);
  show($("graph-stats"), `${w.n_actors} actors, ${w.n_ties} ties, ${w.n_frustrated} frustrated`);
  show($("whatif-actor"), state.graph.nodes.map((n) => el("option", {value: n.id}, n.name)));
  if (state.map && state.places) drawMap();
}

function drawMap() {
  const missing = drawActors(state.map, state.places, state.graph, {onActor: (id) => openActor(id).catch(report)});
  show($("map-unplaced"), missing.length ? `Not on the map (no country): ${missing.join(", ")}.` : "");
}

async function whatIf(event) {
  event.preventDefault();
  const data = await api("/api/whatif", {remove: $("whatif-actor").value, window: windowStart()});
  renderWhatIf($("whatif-result"), data);
}

async function route() {
  const parts = window.location.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "actors" && parts[1]) await openActor(parts[1]);
  else if (parts[0] === "edges" && parts.length === 3) await openEdge(parts[1], parts[2]);
  else if (["fractures", "whatif", "map"].includes(parts[0])) $(`${parts[0]}-panel`).scrollIntoView();
}

async function main() {
  const [summary, windows] = await Promise.all([api("/api/summary"), api("/api/windows")]);
  show($("summary"), summary.empty ? "The store holds no claims yet."
    : `${summary.counts.claims} claims, ${summary.counts.actors} actors, ${summary.counts.outlets} outlets, `
      + `${summary.period.first} to ${summary.period.last}`);
  state.windows = windows.windows;
  cy = createGraph($("graph"), {onEdge: (e) => openEdge(e.source, e.target).catch(report),
                                onActor: (n) => openActor(n.id).catch(report)});
  window.faultlines = {cy, state};
  const slider = $("window-slider");
  const asked = new URLSearchParams(window.location.search).get("window");
  const found = state.windows.findIndex((w) => w.start === asked);
  slider.max = String(Math.max(0, state.windows.length - 1));
  slider.value = String(found >= 0 ? found : state.windows.length - 1);
  slider.addEventListener("input", () => showWindow(Number(slider.value)).catch(report));
  $("whatif-form").addEventListener("submit", (event) => whatIf(event).catch(report));
  if (state.windows.length) await showWindow(Number(slider.value));
  const [fractures, places] = await Promise.all([api("/api/fractures"), api("/api/places")]);
  renderFractures($("fractures"), fractures, {onPair: (a, b) => openEdge(a, b).catch(report)});
  state.places = places;
  state.map = await createMap($("map"), places.basemap);
  if (state.graph) drawMap();
  await route();
  state.ready = true;
  document.body.dataset.ready = "true";
}

main().catch(report);
