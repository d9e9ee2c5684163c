// The side panels: a tie's evidence, an actor's profile, the ranked fractures, the what-if result.
// All text from the store goes through dom.el (text nodes only).

import {action, bars, el, link, show} from "./dom.js";

const num = (x, digits = 1) => (x > 0 ? "+" : "") + Number(x).toFixed(digits);
const cls = (x) => (x < 0 ? "neg" : "pos");
const name = (ref) => (ref ? ref.name : "");

function outlet(ev) {
  if (ev.kind !== "span") {  // a dataset row: its own URL, or else the first article mentioning its event
    const codes = ev.codes || {};
    return el("span", {class: "meta"}, `dataset ${ev.dataset}, row ${ev.row_id}`, ev.line ? `, line ${ev.line}` : "",
      codes.cameo_event ? `, CAMEO ${codes.cameo_event}` : "", " ", link(codes.url || (ev.mentions || [])[0], "link"));
  }
  const o = ev.outlet;
  return el("span", {class: "meta"}, "— ", o ? o.name : "unknown outlet",
    o && o.reliability ? ` (reliability ${o.reliability})` : "",
    ev.published_at ? `, published ${ev.published_at}` : "", " ", link(ev.url, "link"));
}

function claimItem(c) {
  return el("li", {class: "claim", "data-claim": c.id},
    el("div", {}, el("strong", {}, c.occurred_at), " ", name(c.source), " ", el("em", {}, c.relation), " ",
      name(c.target), " ", el("span", {class: cls(c.weight)}, num(c.weight)),
      c.modality !== "asserted" ? ` (${c.modality})` : ""),
    c.evidence.map((ev) => [ev.text ? el("blockquote", {class: "evidence"}, ev.text) : null, outlet(ev)]),
    c.speaker ? el("div", {class: "meta"}, "speaker: ", name(c.speaker)) : null,
    c.attributed_to ? el("div", {class: "meta"}, "according to: ", name(c.attributed_to)) : null,
    el("div", {class: "meta"}, `reliability ${c.reliability ?? "?"}, confidence ${c.confidence}`));
}

/** The evidence behind a tie (the /api/edges record). */
export function renderEdge(node, data, {onActor}) {
  const [a, b] = data.pair;
  const history = data.history.map((h) => h.score);
  show(node,
    el("h2", {id: "evidence-title"}, "Evidence: ", action(a.name, () => onActor(a.id)), " – ",
      action(b.name, () => onActor(b.id))),
    el("p", {}, `Standing tie at ${data.window.start}: `, el("strong", {class: cls(data.weight)}, num(data.weight, 2)),
      data.frustrated ? [" ", el("span", {class: "badge frustrated"}, "frustrated")] : null,
      `; ${data.n_claims} claims up to this window.`),
    el("div", {class: "timeline"}, el("span", {}, "by window"), el("span", {}, ""), bars(history)),
    data.quotes.length ? [el("h3", {}, "Quotes"), el("ul", {class: "quotes"}, data.quotes.map((q) =>
      el("li", {}, el("blockquote", {}, q.text), el("span", {class: "meta"}, "— ", name(q.speaker) || "unattributed",
        " ", link(q.url, "source")))))] : null,
    el("h3", {}, "Claims, newest first"),
    el("ul", {class: "claims", id: "evidence-claims"}, data.claims.map(claimItem)),
    data.n_claims > data.claims.length ? el("p", {class: "muted"}, `${data.n_claims - data.claims.length} older claims not shown.`) : null);
}

function affiliation(a) {
  const other = a.parent || a.child;
  return el("li", {}, `${a.relation} `, el("strong", {}, name(other)), a.role ? ` (${a.role})` : "",
    a.from || a.to ? ` ${a.from || "…"} to ${a.to || "…"}` : "");
}

/** An actor's profile (the /api/actors/{id} record). */
export function renderActor(node, data, {onActor}) {
  const max = Math.max(1e-9, ...data.timelines.flatMap((t) => t.series.map((s) => Math.abs(s.score))));
  const list = (title, items) => (items.length ? [el("h3", {}, title), el("ul", {}, items)] : null);
  show(node,
    el("h2", {id: "profile-title"}, data.name),
    el("p", {class: "meta"}, [data.kind, data.country, data.provisional ? "provisional (not in the catalogue)" : null]
      .filter(Boolean).join(" · ")),
    data.principal && data.principal.id !== data.id ? el("p", {}, "Counted as ", action(data.principal.name,
      () => onActor(data.principal.id)), " in the network.") : null,
    list("Also known as", [...data.aliases, ...data.acronyms].map((x) => el("li", {}, x))),
    list("Affiliations", data.affiliations.map(affiliation)),
    list("Dependents", data.dependents.map(affiliation)),
    list("Declared coalitions", data.coalitions.map((c) => el("li", {}, c.name, c.role ? ` (${c.role})` : ""))),
    el("h3", {}, "Ties over time"),
    data.timelines.length ? el("div", {id: "profile-timelines"}, data.timelines.map((t) => el("div", {class: "timeline"},
      action(t.other.name, () => onActor(t.other.id)), el("span", {class: cls(t.total)}, num(t.total)),
      bars(t.series.map((s) => s.score), {max}))))
      : el("p", {class: "muted"}, "No scored ties."));
}

/** The ranked fractures (the /api/fractures record). */
export function renderFractures(node, data, {onPair}) {
  if (!data.fractures.length) {
    show(node, el("li", {class: "muted"}, "No relation inside a coalition sours enough to be called a fracture."));
    return;
  }
  show(node, data.fractures.map((f) => el("li", {class: "fracture"},
    el("div", {}, action(`${f.pair[0].name} – ${f.pair[1].name}`, () => onPair(f.pair[0].id, f.pair[1].id)), " ",
      el("span", {class: `badge ${f.status}`}, f.status), " ",
      el("span", {class: "meta"}, `score ${f.score.toFixed(2)} · ${f.coalition.name} · since ${f.onset}`)),
    el("p", {}, f.sentences.map((s) => s.text).join(" ")),
    el("details", {}, el("summary", {}, `${f.evidence_items.length} pieces of evidence`),
      el("ul", {class: "claims"}, f.evidence_items.map((it) => el("li", {},
        el("blockquote", {}, it.text || it.sentence),
        el("span", {class: "meta"}, `— ${it.outlet || "unknown outlet"}, ${it.date} `, link(it.url, "link")))))))));
}

/** Who changes side when actors are removed (the /api/whatif record). */
export function renderWhatIf(node, data) {
  const group = (g) => g.map((r) => r.name).join(", ");
  show(node,
    el("p", {}, `Removed: ${group(data.removed) || "nobody"}. Frustration `,
      el("strong", {}, data.before.frustration_index.toFixed(1)), " → ",
      el("strong", {}, data.after.frustration_index.toFixed(1)), "."),
    data.moved.length
      ? el("ul", {id: "whatif-moved"}, data.moved.map((m) => el("li", {}, el("strong", {}, m.actor.name),
        ` leaves (${group(m.from)}) for (${group(m.to)})`)))
      : el("p", {id: "whatif-moved"}, "Nobody changes side."),
    el("h3", {}, "Coalitions after"),
    el("ol", {}, data.after.groups.map((g) => el("li", {}, group(g)))));
}
