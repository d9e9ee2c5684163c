"""Render the brief's data (``report/brief.py``) as Markdown or as one self-contained HTML page.

Text from articles and datasets is untrusted: the HTML escapes every string (quotes included) and
forbids scripts and outside requests with a Content-Security-Policy; the Markdown escapes HTML
and link syntax. Every sentence of the HTML carries the ids of its claims in ``data-claims``.

>>> md = render_markdown({"title": "T", "empty": True, "headlines": [{"text": "No claims <yet>.", "claim_ids": [], "cites": []}],
...                       "fractures": [], "coalitions": [], "citations": [], "sources": [], "plots": {}})
>>> "No claims &lt;yet&gt;." in md
True
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from faultlines.report.sentences import human_date

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#])")


def _md(text: object) -> str:
    return _MD_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(m.group(1), "\\" + m.group(1)),
                           str(text))


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cites_md(cites) -> str:
    return "".join(f" [{n}]" for n in cites)


def _ref_text(c: dict) -> str:
    parts = [c.get("outlet") or "unknown outlet", human_date(c.get("date")) if c.get("date") else "undated"]
    if c.get("title"):
        parts.insert(1, f"“{c['title']}”")
    return ", ".join(parts)


def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://", url, re.I) else None


# ----------------------------------------------------------------------------------------- Markdown

def render_markdown(data: dict) -> str:
    """The brief in Markdown (plots are left to the HTML; the Markdown says where they are)."""
    out = [f"# {_md(data['title'])}", ""]
    if data.get("period", {}).get("first"):
        p, c = data["period"], data["counts"]
        out += [f"*{c['claims']} claims on {c['actors']} actors from {c['outlets']} outlets, "
                f"{human_date(p['first'])} to {human_date(p['last'])}, in {p['n_windows']} {p['window']} windows.*", ""]
    out += ["## Headlines", ""] + [f"- {_md(s['text'])}{_cites_md(s['cites'])}" for s in data["headlines"]] + [""]
    if data["empty"]:
        return "\n".join(out)
    out += _coalitions_md(data)
    out += ["## Fractures", ""]
    for i, f in enumerate(data["fractures"], 1):
        out += [f"### {i}. {_md(f['pair'][0]['name'])} – {_md(f['pair'][1]['name'])}", "",
                " ".join(_md(s["text"]) + _cites_md(s["cites"]) for s in f["sentences"]), "", "Evidence:", ""]
        for it in f["evidence_items"]:
            quote = f" “{_md(it['text'])}”" if it.get("text") else ""
            out.append(f"- {_md(it['sentence'])}{quote}{_cites_md([it['cite']] if it['cite'] else [])}")
        if f["quotes"]:
            out += ["", "Quotes:", ""] + [f"- “{_md(q['text'])}” — {_md(q['speaker']['name'])}{_cites_md([q['cite']])}"
                                         for q in f["quotes"]]
        out.append("")
    if not data["fractures"]:
        out += ["No fracture found.", ""]
    out += _common_enemy_md(data.get("common_enemy"))
    out += _sources_md(data)
    out += ["## References", ""]
    for c in data["citations"]:
        url = _safe_url(c.get("url"))
        out.append(f"{c['n']}. {_md(_ref_text(c))}" + (f" <{url}>" if url else ""))
    out += ["", "## Method and parameters", "", *_method_lines(data, _md), ""]
    return "\n".join(out)


def _coalitions_md(data: dict) -> list[str]:
    out = ["## Coalitions", ""]
    for c in data["coalitions"]:
        members = ", ".join(_md(m["name"]) for m in c["members"])
        proxies = "; ".join(f"{_md(p['actor']['name'])} (backed by {_md(p['patron']['name'])})" for p in c["proxies"])
        out.append(f"- **{_md(c['name'])}**: {members}" + (f". Proxies: {proxies}" if proxies else "")
                   + (f" (and {c['n_members_without_claims']} members with no claims in the period)"
                      if c["n_members_without_claims"] else ""))
    if data.get("inferred"):
        camps = " | ".join(", ".join(_md(m["name"]) for m in g) for g in data["inferred"])
        out.append(f"- **Camps in the standing network at the end of the period**: {camps}")
    return out + [""]


def _held(common: dict, esc) -> str:
    shown = ", ".join(f"{esc(a['name'])}–{esc(b['name'])}" for a, b in common["held_together"]) or "none"
    more = common["n_held_together"] - len(common["held_together"])
    return shown + (f" and {more} more" if more > 0 else "")


def _rivals(common: dict, esc, most: int = 10) -> str:
    pairs = common["rival_foes"]
    shown = ", ".join(f"{esc(p['pair'][0]['name'])}–{esc(p['pair'][1]['name'])} ({p['tie']:+.1f})" for p in pairs[:most])
    return (shown or "none") + (f" and {len(pairs) - most} more" if len(pairs) > most else "")


def _camps(groups, esc, most: int = 8) -> str:
    return " | ".join(", ".join(esc(m["name"]) for m in g[:most]) + (f" (+{len(g) - most})" if len(g) > most else "")
                      for g in groups)


def _common_enemy_md(common: dict | None) -> list[str]:
    if not common:
        return []
    return ["## The common-enemy test", "",
            f"In the standing network of {human_date(common['window'][:7])}, when {_md(common['enemy']['name'])} "
            f"was fought hardest, removing it splits pairs that shared a camp: {_held(common, _md)}. "
            f"Frustration {common['before']['frustration']:.1f} → {common['after']['frustration']:.1f}.", "",
            f"- Its foes that are hostile to each other: {_rivals(common, _md)}",
            f"- Camps with it: {_camps(common['before']['groups'], _md)}",
            f"- Camps without it: {_camps(common['after']['groups'], _md)}", ""]


def _sources_md(data: dict) -> list[str]:
    out = ["## Sources and their reliability", "", "| outlet | grade | affiliated with | documents cited |", "|---|---|---|---|"]
    for s in data["sources"]:
        out.append(f"| {_md(s['name'])} | {s['reliability'] or '–'} | "
                   f"{_md(s['affiliation']['name']) if s['affiliation'] else '–'} | {s['n_cited']} |")
    return out + ["", _md(_partisan_note(data)), ""]


def _partisan_note(data: dict) -> str:
    partisan = [s for s in data["sources"] if s["affiliation"]]
    flagged = [f for f in data["fractures"] if f["partisan_side"]]
    text = (f"{len(partisan)} of the {len(data['sources'])} outlets cited are owned by or affiliated with an actor "
            "(a state or a party to the conflict); grades are the catalogue's A–F reliability grades where known. ")
    if flagged:
        text += "Findings whose direct reports all come from one side's outlets: " + ", ".join(
            f"{f['pair'][0]['name']}–{f['pair'][1]['name']}" for f in flagged) + "."
    else:
        text += "No fracture rests only on outlets affiliated with one of its two sides."
    return text


def _method_lines(data: dict, esc) -> list[str]:
    params = data["method"]["fracture_params"]
    lines = [
        "Claims are scored per pair and window (docs/scoring.md), rolled up to states and groups; each pair "
        "counted as partners (declared coalition, inferred camp, or stated partnership) gets a souring series "
        "(its window score minus the pressure of third actors it and its partner stand on opposite sides of); "
        "a downward CUSUM gives the onset; the score combines trend, level, strain (frustrated ties in the "
        "standing network, exact frustration index), volume, independence of outlets and stated tension "
        "(docs/fractures.md). Sentences are built from the claims by templates; every one lists its claim ids "
        "in the HTML version.",
        "",
        "Parameters: " + ", ".join(f"{k} = {esc(json.dumps(v))}" for k, v in params.items()) + f"; Faultlines {data.get('version', '')}.",
    ]
    return lines


# --------------------------------------------------------------------------------------------- HTML

_CSS = """
body{font:16px/1.5 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif} h2{border-bottom:1px solid #ccc;margin-top:2.5rem}
.meta{color:#555;font-style:italic} .cite{font-size:.8em;vertical-align:super;text-decoration:none}
blockquote{margin:.3rem 0 .3rem 1rem;color:#333;border-left:3px solid #bbb;padding-left:.6rem}
table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:.2rem .5rem;font-size:.9em}
.status{font:bold .8em Helvetica,Arial,sans-serif;text-transform:uppercase;padding:.1rem .4rem;border-radius:3px;background:#eee}
.status.emerging{background:#fde2c0} .status.deepening{background:#f7c1c1} .status.easing{background:#d5ecd4}
figure{margin:1rem 0} figcaption{font-size:.85em;color:#555} .plot svg{width:100%;height:auto}
code{font-size:.85em}
"""


def _cites_html(cites) -> str:
    return "".join(f'<a class="cite" href="#ref-{n}">[{n}]</a>' for n in cites if n)


def _s(sentence: dict) -> str:
    ids = " ".join(sentence["claim_ids"])
    return f'<span class="s" data-claims="{_h(ids)}">{_h(sentence["text"])}</span>{_cites_html(sentence["cites"])}'


def render_html(data: dict) -> str:
    """One self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched when opened."""
    body = [f"<h1>{_h(data['title'])}</h1>"]
    if data.get("period", {}).get("first"):
        p, c = data["period"], data["counts"]
        body.append(f'<p class="meta">{c["claims"]} claims on {c["actors"]} actors from {c["outlets"]} outlets, '
                    f'{_h(human_date(p["first"]))} to {_h(human_date(p["last"]))}, in {p["n_windows"]} '
                    f'{_h(p["window"])} windows.</p>')
    body.append('<h2 id="headlines">Headlines</h2><ul>' + "".join(f"<li>{_s(s)}</li>" for s in data["headlines"]) + "</ul>")
    if not data["empty"]:
        body += [_coalitions_html(data), _plot_html(data, "network", "The standing network at the end of the period, "
                                                     "actors grouped by camp; frustrated ties marked."),
                 '<h2 id="fractures">Fractures</h2>', *[_fracture_html(i, f) for i, f in enumerate(data["fractures"], 1)]]
        if not data["fractures"]:
            body.append("<p>No fracture found.</p>")
        body += [_plot_html(data, "timelines", "Dyad scores per window of the top fractures, onsets marked."),
                 _plot_html(data, "membership", "Camp of each actor per window (colour kept while its allies stay)."),
                 _plot_html(data, "map", "Places the documents name, with the actor last said to hold each (docs/places.md)."),
                 _common_enemy_html(data.get("common_enemy")), _sources_html(data), _references_html(data),
                 '<h2 id="method">Method and parameters</h2>' + "".join(
                     f"<p>{line}</p>" for line in _method_lines(data, _h) if line)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f"<title>{_h(data['title'])}</title><style>{_CSS}</style></head><body>\n"
            + "\n".join(b for b in body if b) + "\n</body></html>\n")


def _plot_html(data: dict, name: str, caption: str) -> str:
    svg = data.get("plots", {}).get(name)
    if not svg:
        return ""
    return f'<figure class="plot" id="plot-{name}">{svg}<figcaption>{_h(caption)}</figcaption></figure>'


def _coalitions_html(data: dict) -> str:
    items = []
    for c in data["coalitions"]:
        members = ", ".join(_h(m["name"]) for m in c["members"])
        proxies = "; ".join(f"{_h(p['actor']['name'])} (backed by {_h(p['patron']['name'])})" for p in c["proxies"])
        more = f" (and {c['n_members_without_claims']} members with no claims in the period)" if c["n_members_without_claims"] else ""
        items.append(f'<li data-source="catalogue"><b>{_h(c["name"])}</b>: {members}'
                     f"{'. Proxies: ' + proxies if proxies else ''}{more}</li>")
    if data.get("inferred"):
        camps = " | ".join(", ".join(_h(m["name"]) for m in g) for g in data["inferred"])
        items.append(f"<li><b>Camps in the standing network at the end of the period</b>: {camps}</li>")
    return '<h2 id="coalitions">Coalitions</h2><ul>' + "".join(items) + "</ul>"


def _fracture_html(i: int, f: dict) -> str:
    title = f"{_h(f['pair'][0]['name'])} – {_h(f['pair'][1]['name'])}"
    parts = [f'<section class="fracture" id="fracture-{i}" data-claims="{_h(" ".join(f["claim_ids"]))}">',
             f'<h3>{i}. {title} <span class="status {_h(f["status"])}">{_h(f["status"])}</span></h3>',
             "<p>" + " ".join(_s(s) for s in f["sentences"]) + "</p>", "<ul class=\"evidence\">"]
    for it in f["evidence_items"]:
        quote = f"<blockquote>{_h(it['text'])}</blockquote>" if it.get("text") else ""
        sentence = {"text": it["sentence"], "claim_ids": [it["claim_id"]], "cites": [it["cite"]] if it["cite"] else []}
        parts.append(f"<li>{_s(sentence)}{quote}</li>")
    parts.append("</ul>")
    if f["quotes"]:
        parts.append("<h4>Quotes</h4><ul class=\"quotes\">" + "".join(
            f'<li data-claims="{_h(" ".join(q["claim_ids"]))}"><blockquote>“{_h(q["text"])}”</blockquote>'
            f' — {_h(q["speaker"]["name"])}{_cites_html([q["cite"]])}</li>' for q in f["quotes"]) + "</ul>")
    return "\n".join(parts) + "</section>"


def _common_enemy_html(common: dict | None) -> str:
    if not common:
        return ""
    return (f'<h2 id="common-enemy">The common-enemy test</h2><p data-claims="{_h(" ".join(common["claim_ids"]))}">'
            f"In the standing network of {_h(human_date(common['window'][:7]))}, when "
            f"<b>{_h(common['enemy']['name'])}</b> was fought hardest, removing it splits pairs that shared a camp: "
            f"{_held(common, _h)}. Frustration {common['before']['frustration']:.1f} → "
            f"{common['after']['frustration']:.1f}.</p><ul><li>Its foes that are hostile to each other: {_rivals(common, _h)}</li>"
            f"<li>Camps with it: {_camps(common['before']['groups'], _h)}</li>"
            f"<li>Camps without it: {_camps(common['after']['groups'], _h)}</li></ul>")


def _sources_html(data: dict) -> str:
    rows = "".join(f"<tr><td>{_h(s['name'])}</td><td>{_h(s['reliability'] or '–')}</td>"
                   f"<td>{_h(s['affiliation']['name']) if s['affiliation'] else '–'}</td><td>{s['n_cited']}</td></tr>"
                   for s in data["sources"])
    return ('<h2 id="sources">Sources and their reliability</h2><table><tr><th>outlet</th><th>grade</th>'
            f"<th>affiliated with</th><th>documents cited</th></tr>{rows}</table><p>{_h(_partisan_note(data))}</p>")


def _references_html(data: dict) -> str:
    items = []
    for c in data["citations"]:
        url = _safe_url(c.get("url"))
        link = f' <a href="{_h(url)}">{_h(url)}</a>' if url else ""
        items.append(f'<li id="ref-{c["n"]}" value="{c["n"]}">{_h(_ref_text(c))}{link}</li>')
    return '<h2 id="references">References</h2><ol class="references">' + "".join(items) + "</ol>"


def write_brief(data: dict, path) -> Path:
    """Write the brief as HTML (``.html``/``.htm``) or Markdown (``.md``); ``E630`` otherwise."""
    from faultlines.errors import UsageError

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise UsageError("E630", path=path, reason=f"'{suffix or 'no suffix'}' is neither HTML nor Markdown")
    if not path.parent.is_dir():
        raise UsageError("E630", path=path, reason=f"the folder {path.parent} does not exist")
    text = render_markdown(data) if suffix == ".md" else render_html(data)
    path.write_text(text, encoding="utf-8")
    return path
