// The map: an offline country basemap (world-atlas TopoJSON through topojson-client) in Leaflet,
// actors as circles at their country's capital, coloured by their camp in the current window.

import {el} from "./dom.js";

const CAMP_COLOURS = ["#2b7bb9", "#c0392b", "#27ae60", "#8e44ad", "#d4a017", "#16a085"];

/** A Leaflet map with the country shapes of `basemapUrl` (served by the app itself). */
export async function createMap(container, basemapUrl) {
  const map = window.L.map(container, {minZoom: 1, maxZoom: 8, worldCopyJump: false}).setView([33, 38], 3);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Countries: Natural Earth via world-atlas");
  const topo = await fetch(basemapUrl).then((r) => r.json());
  const countries = window.topojson.feature(topo, topo.objects.countries);
  const shapes = window.L.geoJSON(countries, {style: () => ({color: "#9aa", weight: 0.6, fillColor: "#f4f2ea", fillOpacity: 1})})
    .addTo(map);
  return {map, shapes, markers: window.L.layerGroup().addTo(map)};
}

function spread(actors) {
  // actors of one country around its capital, on a small circle
  const byCountry = new Map();
  for (const a of actors) byCountry.set(a.country, [...(byCountry.get(a.country) || []), a]);
  return [...byCountry.values()].flatMap((group) => group.map((a, i) => {
    const r = group.length > 1 ? 0.9 : 0;
    const angle = (2 * Math.PI * i) / group.length;
    return {...a, at: [a.lat + r * Math.sin(angle), a.lon + r * Math.cos(angle)]};
  }));
}

/** Draw the actors of `places` present in `graph`; returns the names that have no place. */
export function drawActors(view, places, graph, {onActor}) {
  const present = new Map(graph.nodes.map((n) => [n.id, n]));
  const camps = new Map(graph.groups.map((g, i) => [g.id, CAMP_COLOURS[i % CAMP_COLOURS.length]]));
  const placed = places.actors.filter((a) => present.has(a.id) && a.lat !== undefined);
  const withCountry = new Set(placed.map((a) => a.iso_numeric));
  view.shapes.setStyle((f) => ({fillColor: withCountry.has(String(f.id)) ? "#e3dcc4" : "#f4f2ea"}));
  view.markers.clearLayers();
  for (const a of spread(placed)) {
    const colour = camps.get(present.get(a.id).group) || "#667";
    window.L.circleMarker(a.at, {radius: 7, color: "#fff", weight: 1.5, fillColor: colour, fillOpacity: 0.9,
      className: `actor-marker actor-${a.id}`})
      .bindTooltip(el("span", {}, a.name, " (", a.country_name, ")"))
      .on("click", () => onActor(a.id))
      .addTo(view.markers);
  }
  return graph.nodes.filter((n) => !placed.some((a) => a.id === n.id)).map((n) => n.name);
}
