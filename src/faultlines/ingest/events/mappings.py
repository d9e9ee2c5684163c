"""Named, versioned mappings from dataset event codes to (relation, polarity, intensity).

Each mapping is a CSV file in ``mappings/`` whose name carries its version; the name recorded on
a claim (``polarity.cameo_goldstein.v1`` ...) says which file and column scored it. CAMEO codes
take their relation from the CAMEO -> PLOVER crosswalk (draft 0.8, with DEMAND kept apart and
statements signed by their Goldstein score) and their polarity and intensity from the sign and size
of the Goldstein score: GDELT's table (``goldstein_gdelt``) or ICEWS's (``goldstein_icews``).

>>> cameo_event("190", "goldstein_gdelt")
('assault', -1.0, 10.0, 'polarity.cameo_goldstein.v1')
>>> cameo_event("010", "goldstein_gdelt")[0] is None  # a bare statement carries no relation
True
>>> acled_event("Strategic developments" + chr(31) + "Agreement")
('agree', 1.0, 4.0, 'polarity.acled.v1')
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from faultlines.store.events import SEP

MAPPINGS = Path(__file__).parent / "mappings"
CAMEO_MAPPINGS = {"goldstein_gdelt": "polarity.cameo_goldstein.v1", "goldstein_icews": "polarity.cameo_icews.v1"}
PLOVER_MAPPING = "polarity.plover.v1"
ACLED_MAPPING = "polarity.acled.v1"
UCDP_MAPPING = "polarity.ucdp.v1"

Scored = tuple[str | None, float, float, str]


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of the mapping file ``mappings/{name}.csv``."""
    with (MAPPINGS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def _scored(relation: str, polarity: str, intensity: str, mapping: str) -> Scored:
    if not relation:
        return None, 0.0, 0.0, mapping
    return relation, float(polarity), float(intensity), mapping


def cameo_event(code: str, column: str) -> Scored | None:
    """A CAMEO event code scored by one Goldstein table; None if the code is not in it."""
    row = {r["code"]: r for r in table("cameo.v1")}.get(code.strip())
    if row is None or not row[column]:
        return None
    score = float(row[column])
    sign = "1" if score > 0 else "-1" if score < 0 else "0"
    return _scored(row["relation"], sign, str(abs(score)), CAMEO_MAPPINGS[column])


def plover_event(event_type: str) -> Scored | None:
    """A PLOVER event type (0.8, or 0.5 names such as FIGHT) scored; None if unknown."""
    row = {r["event_type"]: r for r in table("plover.v1")}.get(event_type.strip().upper())
    return None if row is None else _scored(row["relation"], row["polarity"], row["intensity"], PLOVER_MAPPING)


def acled_event(key: str) -> Scored | None:
    """An ACLED ``event_type<US>sub_event_type`` key (or :data:`ASSOCIATED`) scored; None if unknown."""
    event_type, _, sub_type = key.partition(SEP)
    rows = {(r["event_type"], r["sub_event_type"]): r for r in table("acled.v1")}
    row = rows.get((event_type, sub_type)) or rows.get((event_type, "*"))
    return None if row is None else _scored(row["relation"], row["polarity"], row["intensity"], ACLED_MAPPING)


def ucdp_event(type_of_violence: str) -> Scored | None:
    """A UCDP GED ``type_of_violence`` (1, 2, 3) scored; None if unknown."""
    row = {r["type_of_violence"]: r for r in table("ucdp.v1")}.get(type_of_violence.strip())
    return None if row is None else _scored(row["relation"], row["polarity"], row["intensity"], UCDP_MAPPING)


def state_agents(system: str) -> frozenset[str]:
    """The CAMEO actor types or ICEWS sectors that stand for their state (``agents.v1``)."""
    return frozenset(r["value"] for r in table("agents.v1") if r["system"] == system)
