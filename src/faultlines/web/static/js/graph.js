// The signed network in Cytoscape.js: actors inside their coalition (compound nodes), ties
// coloured and dashed by sign, sized by strength, frustrated ties underlaid in amber.

const CAMP_COLOURS = ["#e8f0fb", "#fbeee8", "#eefbe8", "#f7e8fb", "#fbf7e0", "#e8fbf8"];
const KIND_SHAPES = {state: "ellipse", armed_group: "diamond", person: "round-triangle", igo: "round-rectangle",
                     party: "hexagon", outlet: "rectangle"};

const STYLE = [
  {selector: "node[degree]", style: {
    "label": "data(name)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
    "text-wrap": "wrap", "text-max-width": 110, "background-color": "#4a5b6c",
    "width": "mapData(degree, 1, 16, 16, 38)", "height": "mapData(degree, 1, 16, 16, 38)",
    "shape": "data(shape)", "text-background-color": "#fff", "text-background-opacity": 0.7,
  }},
  {selector: "node:parent", style: {
    "label": "data(name)", "text-valign": "top", "text-halign": "center", "font-weight": "bold",
    "font-size": 12, "background-color": "data(colour)", "background-opacity": 0.8, "border-width": 1,
    "border-style": "dashed", "border-color": "#778", "shape": "round-rectangle", "padding": 14,
  }},
  {selector: "edge", style: {
    "width": "mapData(strength, 0, 4, 1, 9)", "curve-style": "bezier", "opacity": 0.85,
  }},
  {selector: "edge[sign > 0]", style: {"line-color": "#2b7bb9", "line-style": "solid"}},
  {selector: "edge[sign < 0]", style: {"line-color": "#c0392b", "line-style": "dashed", "line-dash-pattern": [7, 4]}},
  {selector: "edge.frustrated", style: {"underlay-color": "#f5a623", "underlay-opacity": 0.6, "underlay-padding": 4}},
  {selector: "node:selected", style: {"border-width": 3, "border-color": "#f5a623"}},
  {selector: "edge:selected", style: {"opacity": 1, "overlay-color": "#f5a623", "overlay-opacity": 0.3}},
  {selector: ".faded", style: {"opacity": 0.15}},
];

/** Cytoscape elements of one window's graph (the /api/graph record). */
export function elements(graph) {
  const groups = graph.groups.map((g, i) => ({group: "nodes",
    data: {id: g.id, name: g.label, colour: CAMP_COLOURS[i % CAMP_COLOURS.length], isCamp: true}}));
  const nodes = graph.nodes.map((n) => ({group: "nodes",
    data: {...n, parent: n.group || undefined, shape: KIND_SHAPES[n.kind] || "ellipse"}}));
  const edges = graph.edges.map((e) => ({group: "edges", classes: e.frustrated ? "frustrated" : "",
    data: {...e, strength: Math.log1p(Math.abs(e.weight))}}));
  return [...groups, ...nodes, ...edges];
}

/** A Cytoscape graph in `container`; `onEdge(data)` and `onActor(data)` are called on taps. */
export function createGraph(container, {onEdge, onActor}) {
  const cy = window.cytoscape({container, style: STYLE, minZoom: 0.2, maxZoom: 4});
  cy.on("tap", "edge", (event) => onEdge(event.target.data()));
  cy.on("tap", "node", (event) => { if (!event.target.isParent()) onActor(event.target.data()); });
  return cy;
}

/** Where each actor goes: each camp on its own circle (most connected first), camps side by side,
 * actors in no camp on a row beneath. Deterministic, so a window looks the same every time. */
export function positions(graph) {
  const at = {};
  let x = 0;
  let bottom = 0;
  const degree = new Map(graph.nodes.map((n) => [n.id, n.degree]));
  for (const g of graph.groups) {
    const members = [...g.members].sort((a, b) => degree.get(b) - degree.get(a) || (a < b ? -1 : 1));
    const r = Math.max(45, (members.length * 80) / (2 * Math.PI));
    members.forEach((id, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / members.length;
      at[id] = {x: x + r + r * Math.cos(angle), y: r + r * Math.sin(angle)};
    });
    x += 2 * r + 120;
    bottom = Math.max(bottom, 2 * r);
  }
  const loose = graph.nodes.filter((n) => !n.group);
  const step = Math.max(110, x / Math.max(loose.length, 1));
  loose.forEach((n, i) => { at[n.id] = {x: i * step, y: bottom + 110 + (i % 2) * 40}; });
  return at;
}

/** Replace the graph's elements with one window's graph and lay it out. */
export function update(cy, graph) {
  cy.elements().remove();
  cy.add(elements(graph));
  const at = positions(graph);
  cy.layout({name: "preset", positions: (node) => at[node.id()], fit: true, padding: 24}).run();
}

/** Select a tie by its two ends (either order); the Cytoscape edge or null. */
export function selectEdge(cy, a, b) {
  const [u, v] = a <= b ? [a, b] : [b, a];
  const edge = cy.getElementById(`${u}|${v}`);
  cy.elements().unselect();
  if (edge.empty()) return null;
  edge.select();
  return edge;
}
