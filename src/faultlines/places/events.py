"""Event-dataset rows (ACLED, GDELT, ICEWS, UCDP) to gazetteer places: nearest place, admin names as a check.

Readers call :func:`place_for_event` with a row's latitude, longitude and admin names (docs/places.md
shows the call for each dataset). The nearest curated place within ``max_km`` wins; failing that the
nearest GeoNames city; the admin names (first-level region, district) are checked against the
place's governorate (for a GeoNames city, that of the nearest curated town): the nearest place
whose admin area agrees wins, and when none does the nearest is kept with a ``W901`` warning.

>>> gaz = Gazetteer.bundled()
>>> found = place_for_event(gaz, 36.5281, 37.9549, admin=("Muhafazat Halab",), dataset="icews", row="1")
>>> found.place_id, found.km, found.admin_ok
('manbij', 0.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass

from faultlines.errors import Problem
from faultlines.places.gazetteer import Gazetteer

POINT_KINDS = ("city", "town", "village", "district", "crossing", "base")
_ADMIN_WORDS = ("governorate", "province", "muhafazat", "district", "subdistrict")


@dataclass(frozen=True, slots=True)
class EventPlace:
    """Where an event row is: ``place_id`` (None if nothing is within reach), ``km`` from its point,
    ``admin_ok`` (None when the row gave no admin names), and a ``W901`` warning if they disagree."""

    place_id: str | None
    km: float | None
    admin_ok: bool | None
    warning: Problem | None = None


def place_for_event(gaz: Gazetteer, lat: float, lon: float, *, admin: tuple[str | None, ...] = (),
                    max_km: float = 15.0, dataset: str = "", row: str = "") -> EventPlace:
    """The gazetteer place of an event at (``lat``, ``lon``) with admin names ``admin`` (any order)."""
    found = gaz.nearest(lat, lon, max_km=max_km, kinds=POINT_KINDS) + gaz.nearest(lat, lon, max_km=max_km, curated=False)
    if not found:
        return EventPlace(None, None, None)
    names = [a for a in admin if a and a.strip() and a.strip().upper() != "NA"]
    if not names:
        return EventPlace(found[0][0].id, found[0][1], None)
    for place, km in found:  # the nearest place whose admin area agrees with the row's
        if any(_admin_matches(gaz, place.id, name) for name in names):
            return EventPlace(place.id, km, True)
    place, km = found[0]
    warning = Problem.warning("W901", path=dataset, line=0, dataset=dataset, row=row, place=place.id, km=km,
                              admin=" / ".join(names))
    return EventPlace(place.id, km, False, warning)


def _admin_matches(gaz: Gazetteer, place_id: str, name: str) -> bool:
    """Whether an admin name is the place, one of its parents, or a place of the same governorate."""
    words = [w for w in name.replace("`", "'").split() if w.lower() not in _ADMIN_WORDS]
    found = gaz.resolve(" ".join(words) or name)
    candidates = (found.place_id,) if found.ok else found.candidates
    home = gaz.governorate_of(place_id)
    if home is None:  # a GeoNames city: take the governorate of the nearest curated town
        place = gaz[place_id]
        near = gaz.nearest(place.lat, place.lon, max_km=40, kinds=POINT_KINDS)
        home = gaz.governorate_of(near[0][0].id) if near else None
    country = gaz.country_of(place_id)
    for pid in candidates:
        if pid in (place_id, *gaz.ancestors(place_id)):
            return True
        if home is not None and gaz.governorate_of(pid) == home:
            return True
        if home is None and gaz.get(pid) is not None and gaz[pid].kind == "country" and gaz.country_of(pid) == country:
            return True
    return False
