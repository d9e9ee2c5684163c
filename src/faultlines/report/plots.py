"""Plots for the brief, each an inline SVG string that opens offline.

Every function returns ``<svg ...>...</svg>``: no XML prolog, no DOCTYPE, no comments, no external
reference, ``width="100%"`` with the viewBox kept so it scales to its container. Text stays text
(``svg.fonttype: none``) and is escaped by matplotlib's XML writer; actor names come from article
text, so every label is drawn with ``parse_math=False`` (a name with two ``$`` would otherwise be
typeset as, or fail as, mathtext). Output is deterministic: same input, byte-identical SVG.
Artists the HTML or tests need carry ids made of indices only (``fl-edge-neg-3``), never actor ids.
No pyplot: figures are plain :class:`~matplotlib.figure.Figure` objects rendered by the SVG backend.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib
import networkx as nx
import numpy as np
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.colors import to_rgba
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, Rectangle
from scipy.optimize import linear_sum_assignment

from faultlines.errors import UsageError

COLOURS = {
    "positive": "#1b7fbd", "negative": "#d7301f", "neutral": "#a0a0a0", "frustrated": "#ff9900",
    "node_edge": "#222222", "text": "#222222", "zero": "#555555", "onset": "#6a3d9a",
    # coalitions / camps: Tableau 10 with red late (not to be read as hostility), then light Tableau 20 tones
    "groups": ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
               "#e15759", "#bab0ac", "#ff9da7", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5",
               "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5", "#c7c7c7", "#17becf"),
}
_RC = {"svg.fonttype": "none", "svg.hashsalt": "faultlines", "svg.id": None}
_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}  # no <metadata>, no URLs
# a frustrated tie: a wide translucent band under it, with an opaque mark at its midpoint
_FRUSTRATED = {"color": to_rgba(COLOURS["frustrated"], 0.45), "linewidth": 6, "marker": "X", "markersize": 7,
               "markerfacecolor": COLOURS["frustrated"], "markeredgecolor": COLOURS["node_edge"], "markeredgewidth": 0.5}


@dataclass(frozen=True)
class Timeline:
    """The signed score of one dyad per window, with the fracture's onset and status if known."""

    label: str
    points: tuple[tuple[dt.date, float], ...]
    onset: dt.date | None = None
    status: str | None = None


def _group_colour(i: int) -> str:
    palette = COLOURS["groups"]
    return palette[i % len(palette)]


def _label(node: Hashable, names: Mapping[Hashable, str] | None) -> str:
    return str(names.get(node, node)) if names else str(node)


def _svg(fig: Figure) -> str:
    """Render ``fig`` as an inline SVG that scales to its container."""
    FigureCanvasSVG(fig)
    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg", metadata=_METADATA, bbox_inches="tight", pad_inches=0.05)
    text = buf.getvalue()
    text = re.sub(r"<!--.*?-->", "", text[text.index("<svg"):], flags=re.S)
    head, rest = text.split(">", 1)
    head = re.sub(r' height="[^"]*"', "", re.sub(r' width="[^"]*"', ' width="100%"', head, count=1), count=1)
    return head + ">" + rest


def _message_svg(message: str) -> str:
    fig = Figure(figsize=(4.0, 0.5))
    fig.text(0.5, 0.5, message, ha="center", va="center", fontsize=9, color=COLOURS["text"],
             gid="fl-empty", parse_math=False)
    return _svg(fig)


# --- the signed network, coalitions grouped ------------------------------------------------------

def _ordered_groups(G: nx.Graph, groups: Sequence[Sequence[Hashable]]) -> list[list[Hashable]]:
    """The groups with sorted members, plus an unaligned group for nodes of ``G`` in none."""
    ordered = [sorted(g, key=str) for g in groups]
    placed = {n for g in ordered for n in g}
    rest = sorted((n for n in G if n not in placed), key=str)
    return ordered + ([rest] if rest else [])


def _layout(ordered: list[list[Hashable]]) -> tuple[dict, list[tuple[float, float, float]]]:
    """Node positions and one (x, y, radius) circle per group: groups on a large circle, members on
    a small one, sized so that neighbouring groups do not overlap."""
    radii = [max(0.45, 0.3 * len(g) / (2 * math.pi)) for g in ordered]
    k = len(ordered)
    big = 0.0 if k == 1 else max((radii[i] + radii[(i + 1) % k] + 1.0) / (2 * math.sin(math.pi / k))
                                 for i in range(k))
    pos, circles = {}, []
    for i, (members, r) in enumerate(zip(ordered, radii)):
        cx, cy = _on_circle(big, i, k)
        for j, n in enumerate(members):
            dx, dy = _on_circle(r if len(members) > 1 else 0.0, j, len(members))
            pos[n] = (cx + dx, cy + dy)
        circles.append((cx, cy, r + 0.3))
    return pos, circles


def _on_circle(radius: float, i: int, k: int) -> tuple[float, float]:
    """The i-th of k points clockwise from 12 o'clock on a circle round the origin."""
    angle = math.pi / 2 - 2 * math.pi * i / k
    return radius * math.cos(angle), radius * math.sin(angle)


def _edge_style(w: float, w_max: float) -> dict[str, object]:
    if w == 0:
        return {"color": COLOURS["neutral"], "linestyle": ":", "linewidth": 0.5}
    width = 0.5 + 2.0 * abs(w) / w_max
    if w > 0:
        return {"color": COLOURS["positive"], "linestyle": "-", "linewidth": width, "alpha": 0.85}
    return {"color": COLOURS["negative"], "linestyle": (0, (4, 2)), "linewidth": width, "alpha": 0.85}


def _draw_edges(ax, G: nx.Graph, pos: dict, index: dict, frustrated: set[frozenset]) -> None:
    edges = sorted((tuple(sorted((u, v), key=index.get)) + (w,) for u, v, w in G.edges(data="weight", default=0.0)
                    if u != v), key=lambda e: (index[e[0]], index[e[1]]))
    w_max = max((abs(w) for *_, w in edges), default=1.0) or 1.0
    counts: Counter[str] = Counter()
    for u, v, w in edges:
        (x0, y0), (x1, y1) = pos[u], pos[v]
        kind = "neutral" if w == 0 else "pos" if w > 0 else "neg"
        ax.add_line(Line2D([x0, x1], [y0, y1], zorder=2, gid=f"fl-edge-{kind}-{counts[kind]}",
                           **_edge_style(w, w_max)))
        counts[kind] += 1
        if frozenset((u, v)) in frustrated:
            ax.add_line(Line2D([x0, (x0 + x1) / 2, x1], [y0, (y0 + y1) / 2, y1], markevery=[1], zorder=1,
                               gid=f"fl-edge-frustrated-{counts['frustrated']}", **_FRUSTRATED))
            counts["frustrated"] += 1


def _outward(dx: float, dy: float, points: float) -> dict[str, object]:
    """Annotation keywords placing a label ``points`` away from its anchor in direction (dx, dy)."""
    norm = math.hypot(dx, dy)
    ux, uy = dx / norm, dy / norm
    return {"xytext": (points * ux, points * uy), "textcoords": "offset points",
            "ha": "left" if ux > 0.3 else "right" if ux < -0.3 else "center",
            "va": "bottom" if uy > 0.3 else "top" if uy < -0.3 else "center"}


def _draw_nodes(ax, ordered, pos, circles, names, n_real_groups: int) -> None:
    index = 0
    for i, (members, (cx, cy, r)) in enumerate(zip(ordered, circles)):
        colour = _group_colour(i) if i < n_real_groups else COLOURS["neutral"]
        ax.add_patch(Circle((cx, cy), r, facecolor=colour, alpha=0.13, edgecolor="none", zorder=0,
                            gid=f"fl-group-{i}"))
        title = f"Coalition {i + 1}" if i < n_real_groups else "Unaligned"
        # above the group's circle, or below it in the lower half, away from the ties between groups
        side = 1.0 if cy > -1e-9 else -1.0
        ax.annotate(f"{title} ({len(members)})", (cx, cy + side * r), fontsize=8, fontweight="bold", color=colour,
                    zorder=5, parse_math=False, **_outward(0.0, side, 14))
        for n in members:
            x, y = pos[n]
            ax.add_line(Line2D([x], [y], marker="o", markersize=6, color=colour, markeredgecolor=COLOURS["node_edge"],
                               markeredgewidth=0.6, zorder=3, gid=f"fl-node-{index}"))
            direction = (x - cx, y - cy) if (x, y) != (cx, cy) else (0.0, -1.0)
            ax.annotate(_label(n, names), (x, y), fontsize=6.5, color=COLOURS["text"], zorder=4, parse_math=False,
                        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
                        **_outward(*direction, 5))
            index += 1


def _network_legend(ax) -> None:
    handles = [Line2D([], [], label="cooperation (+)", **_edge_style(1.0, 2.0)),
               Line2D([], [], label="hostility (−)", **_edge_style(-1.0, 2.0)),
               Line2D([], [], label="neutral (0)", **_edge_style(0.0, 1.0)),
               Line2D([], [], label="frustrated tie", **_FRUSTRATED)]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, fontsize=7,
              frameon=False, title="line width = |score|; frustrated = hostile inside a coalition "
              "or cooperative across", title_fontsize=7)


def network_svg(G: nx.Graph, groups: Sequence[Sequence[Hashable]], *,
                names: Mapping[Hashable, str] | None = None,
                frustrated: Iterable[tuple[Hashable, Hashable]] = (), title: str | None = None) -> str:
    """The signed network drawn by coalition, as an inline SVG.

    Each group of ``groups`` gets its own shaded circle labelled "Coalition i (n)"; nodes of ``G``
    in no group form an "Unaligned" group. Positive ties are solid, negative dashed, neutral (weight
    0) dotted grey, width by |weight|. The ``frustrated`` pairs are highlighted with a midpoint
    mark. Groups carry ids ``fl-edge-pos-i``, ``fl-edge-neg-i``, ``fl-edge-neutral-i``,
    ``fl-edge-frustrated-i``, ``fl-node-i`` and ``fl-group-i``.

    Raises :class:`~faultlines.errors.UsageError` (E641) if a frustrated pair is not a tie of ``G``.

    >>> G = nx.Graph([("us", "sdf", {"weight": 3}), ("turkey", "sdf", {"weight": -4}),
    ...               ("us", "turkey", {"weight": -1})])
    >>> svg = network_svg(G, [["us", "sdf", "turkey"]], frustrated=[("turkey", "sdf")])
    >>> svg.startswith("<svg"), svg.count('id="fl-edge-neg-'), svg.count('id="fl-edge-frustrated-')
    (True, 2, 1)
    """
    ordered = _ordered_groups(G, groups)
    if not any(ordered):
        return _message_svg("no actors to plot")
    pairs = list(frustrated)
    for u, v in pairs:
        if not G.has_edge(u, v):
            raise UsageError("E641", u=u, v=v)
    pos, circles = _layout(ordered)
    index = {n: i for i, n in enumerate(n for g in ordered for n in g)}
    (x0, y0), (x1, y1) = (tuple(min(c[k] - c[2] for c in circles) - 0.3 for k in (0, 1)),
                          tuple(max(c[k] + c[2] for c in circles) + 0.3 for k in (0, 1)))
    scale = min(1.6, 10.0 / max(x1 - x0, y1 - y0))  # inches per unit: big drawings are scaled down
    fig = Figure(figsize=(max(4.0, scale * (x1 - x0)), scale * (y1 - y0) + 0.6))
    ax = fig.add_subplot()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    _draw_edges(ax, G, pos, index, {frozenset(p) for p in pairs})
    _draw_nodes(ax, ordered, pos, circles, names, len(groups))
    _network_legend(ax)
    if title:
        ax.set_title(title, fontsize=10, parse_math=False)
    return _svg(fig)


# --- fracture timelines ---------------------------------------------------------------------------

def _bar_width(series: Sequence[Timeline]) -> dt.timedelta:
    days = sorted({d for tl in series for d, _ in tl.points})
    gaps = [(b - a).days for a, b in zip(days, days[1:])]
    return dt.timedelta(days=0.8 * min(gaps, default=25))


def _timeline_panel(ax, tl: Timeline, width: dt.timedelta, i: int) -> None:
    values = [v for _, v in tl.points]
    ax.bar([d for d, _ in tl.points], values, width=width, align="edge", zorder=2,
           color=[COLOURS["positive"] if v >= 0 else COLOURS["negative"] for v in values])
    ax.axhline(0, color=COLOURS["zero"], linewidth=0.8, zorder=3)
    if tl.onset is not None:
        ax.axvline(tl.onset, color=COLOURS["onset"], linestyle="--", linewidth=1, zorder=4, gid=f"fl-onset-{i}")
        ax.annotate("onset", (date2num(tl.onset), 1.0), xycoords=ax.get_xaxis_transform(), xytext=(2, -2),
                    textcoords="offset points", ha="left", va="top", fontsize=7, color=COLOURS["onset"])
    title = f"{tl.label} — {tl.status}" if tl.status else tl.label
    ax.set_title(title, fontsize=8, loc="left", parse_math=False)
    ax.set_ylabel("score", fontsize=7)
    ax.tick_params(labelsize=7)
    ax.grid(axis="y", linewidth=0.3, alpha=0.6)
    ax.set_gid(f"fl-timeline-{i}")


def timelines_svg(series: Sequence[Timeline]) -> str:
    """One small panel per fracture: the dyad's signed score per window, its onset marked.

    Panels share the date axis and the score scale; bars are coloured by sign. Panels carry ids
    ``fl-timeline-i`` and onset lines ``fl-onset-i``. No series gives a note, not an error.

    >>> tl = Timeline("Turkey – SDF", ((dt.date(2018, 1, 1), 2.0), (dt.date(2018, 2, 1), -3.5)),
    ...               onset=dt.date(2018, 2, 1), status="open")
    >>> svg = timelines_svg([tl])
    >>> "onset" in svg, "Turkey – SDF — open" in svg
    (True, True)
    >>> "no fractures to plot" in timelines_svg([])
    True
    """
    if not series:
        return _message_svg("no fractures to plot")
    fig = Figure(figsize=(7.0, 0.6 + 1.3 * len(series)), layout="constrained")
    axes = fig.subplots(len(series), 1, sharex=True, sharey=True, squeeze=False)[:, 0]
    width = _bar_width(series)
    for i, (ax, tl) in enumerate(zip(axes, series)):
        _timeline_panel(ax, tl, width, i)
    locator = AutoDateLocator()
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes[-1].xaxis.get_offset_text().set_fontsize(7)
    return _svg(fig)


# --- coalition membership over time -------------------------------------------------------------

def align_groups(groups_by_window: Sequence[Sequence[Sequence[Hashable]]]) -> list[dict[Hashable, int]]:
    """A stable colour index per node per window: groups matched across consecutive windows.

    Each window's groups are matched to the previous window's colours by maximum member overlap
    (Hungarian assignment); a matched group keeps its colour, a group that overlaps none (or loses
    the assignment) gets a new one, never reused. So a colour change means the actor changed camp.

    >>> align_groups([[["a", "b"], ["c", "d"]], [["d", "c"], ["a", "b", "e"]], [["a"], ["b", "c", "d"]]])
    [{'a': 0, 'b': 0, 'c': 1, 'd': 1}, {'d': 1, 'c': 1, 'a': 0, 'b': 0, 'e': 0}, {'a': 0, 'b': 1, 'c': 1, 'd': 1}]
    """
    aligned: list[dict[Hashable, int]] = []
    previous: dict[Hashable, int] = {}
    n_colours = 0
    for groups in groups_by_window:
        colours = sorted(set(previous.values()))
        overlap = np.array([[sum(previous.get(n) == c for n in set(g)) for g in groups] for c in colours])
        assigned: dict[int, int] = {}
        if overlap.size:
            for row, col in zip(*linear_sum_assignment(overlap, maximize=True)):
                if overlap[row, col] > 0:
                    assigned[int(col)] = colours[row]
        current: dict[Hashable, int] = {}
        for j, g in enumerate(groups):
            if j not in assigned:
                assigned[j], n_colours = n_colours, n_colours + 1
            current.update((n, assigned[j]) for n in g)
        aligned.append(current)
        previous = current
    return aligned


def _rows(aligned: list[dict[Hashable, int]], names: Mapping[Hashable, str] | None) -> list[Hashable]:
    """Actors sorted by their most frequent colour (lowest on ties), then by display name."""
    seen: dict[Hashable, Counter[int]] = {}
    for window in aligned:
        for n, c in window.items():
            seen.setdefault(n, Counter())[c] += 1
    usual = {n: min(counts, key=lambda c: (-counts[c], c)) for n, counts in seen.items()}
    return sorted(seen, key=lambda n: (usual[n], _label(n, names).casefold(), _label(n, names)))


def membership_svg(windows: Sequence[str], groups_by_window: Sequence[Sequence[Sequence[Hashable]]], *,
                   names: Mapping[Hashable, str] | None = None) -> str:
    """An actors × windows grid, each cell coloured by the actor's camp in that window.

    Camps are matched across windows by :func:`align_groups`, so a change of colour along a row is
    a change of camp; a blank cell means the actor is in no group that window. Cells carry ids
    ``fl-cell-<row>-<column>``. Raises :class:`~faultlines.errors.UsageError` (E640) if there is
    not one partition per window label.

    >>> svg = membership_svg(["2018-01", "2018-02"], [[["us", "sdf"], ["turkey"]], [["turkey"], ["sdf", "us"]]])
    >>> svg.count('id="fl-cell-')
    6
    """
    if len(windows) != len(groups_by_window):
        raise UsageError("E640", n_windows=len(windows), n_partitions=len(groups_by_window))
    aligned = align_groups(groups_by_window)
    actors = _rows(aligned, names)
    if not actors:
        return _message_svg("no coalitions to plot")
    longest = max(len(_label(n, names)) for n in actors)
    fig = Figure(figsize=(1.2 + 0.055 * longest + 0.3 * len(windows), 1.3 + 0.2 * len(actors)))
    ax = fig.add_subplot()
    for i, actor in enumerate(actors):
        for j, window in enumerate(aligned):
            if actor in window:
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=_group_colour(window[actor]), edgecolor="white",
                                       linewidth=0.8, clip_on=False, gid=f"fl-cell-{i}-{j}"))
    ax.set_xlim(0, len(windows))
    ax.set_ylim(len(actors), 0)
    ax.set_xticks([j + 0.5 for j in range(len(windows))], labels=list(windows), rotation=90, fontsize=7,
                  parse_math=False)
    ax.set_yticks([i + 0.5 for i in range(len(actors))], labels=[_label(n, names) for n in actors],
                  fontsize=7, parse_math=False)
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    camps = sorted({c for window in aligned for c in window.values()})
    ax.legend(handles=[Patch(facecolor=_group_colour(c), label=f"camp {c + 1}") for c in camps],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False,
              title="same colour = same camp", title_fontsize=7)
    return _svg(fig)
