"""A static, offline SVG map for the brief: places and who holds them, on a plain lon/lat frame.

No shapes ship with the installed packages, so the map draws the gazetteer's own coarse Syria
outline, rivers and borders as lines, regions as dashed boxes (their approximate ``bbox``) and
places as points coloured by the actor most recently claimed to hold them. It is a sketch for
orientation, not a cartographic map: no projection beyond an equirectangular frame scaled by the
cosine of the mid latitude, no terrain, no neighbouring countries' borders.

>>> from faultlines.places import Gazetteer
>>> svg = map_svg(Gazetteer.bundled().curated.values(), holders={"manbij": "sdf"})
>>> svg.startswith("<?xml") and "Manbij" in svg
True
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from faultlines.errors import GazetteerError  # noqa: E402

_LABELLED = ("city", "town", "crossing", "base")


def map_svg(places, *, holders: dict[str, str] | None = None, title: str = "Places and control",
            out: str | Path | None = None) -> str:
    """The map as SVG text (and written to ``out`` if given; ``E912`` if it cannot be)."""
    places = list(places)
    holders = holders or {}
    fig, ax = plt.subplots(figsize=(8, 7))
    for p in places:
        if p.outline:
            ax.plot(*zip(*p.outline), color="#555", lw=1)
        elif p.line:
            ax.plot(*zip(*p.line), color="#4a90c2" if p.kind == "river" else "#999", lw=1.5,
                    ls="-" if p.kind == "river" else "--")
        elif p.bbox and p.kind == "region":
            w, s, e, n = p.bbox
            ax.add_patch(plt.Rectangle((w, s), e - w, n - s, fill=False, ls=":", ec="#bbb", lw=0.8))
    actors = sorted(set(holders.values()))
    colours = {a: plt.get_cmap("tab10")(i % 10) for i, a in enumerate(actors)}
    for p in (p for p in places if p.kind in _LABELLED or p.id in holders):
        ax.scatter(p.lon, p.lat, s=30 if p.id in holders else 8, color=colours.get(holders.get(p.id), "#333"), zorder=3)
        if p.kind in ("city", "crossing", "base") or p.id in holders:
            ax.annotate(p.name, (p.lon, p.lat), fontsize=6, xytext=(3, 2), textcoords="offset points")
    for actor in actors:
        ax.scatter([], [], color=colours[actor], label=f"held by {actor}")
    if actors:
        ax.legend(fontsize=7, loc="lower right")
    lats = [p.lat for p in places] or [0.0]
    ax.set_aspect(1 / math.cos(math.radians(sum(lats) / len(lats))))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.set_title(title, fontsize=10)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buf.getvalue()
    if out is not None:
        try:
            Path(out).write_text(svg, encoding="utf-8")
        except OSError as e:
            raise GazetteerError("E912", path=out, reason=str(e)) from e
    return svg


def latest_holders(control) -> dict[str, str]:
    """place id -> the actor most recently claimed (asserted) to hold it, for :func:`map_svg`."""
    from faultlines.places.model import HOLDING
    held: dict[str, str] = {}
    for c in sorted(control, key=lambda c: (c.occurred_at, c.id)):
        if c.place_id and c.modality == "asserted":
            if c.status in HOLDING:
                held[c.place_id] = c.actor_id
            elif held.get(c.place_id) == c.actor_id:
                del held[c.place_id]
    return held


__all__ = ["latest_holders", "map_svg"]
