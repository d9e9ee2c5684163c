"""Who held a place when, according to whom: answers built from control claims, never merged.

:func:`control_at` answers "who held Manbij in May 2018": for every (actor, outlet) it takes that
outlet's latest claim about the actor and the place up to the end of the period, and says whether
it leaves the actor holding the ground (holds, present, captures) or not (loses, withdraws,
pushed_out), or only wanting it (seeks). Different outlets' answers stay side by side; when more
than one actor is said to hold the place, ``contested`` is true. :func:`timeline` lists every claim
about a place by date.

>>> import datetime as dt
>>> from faultlines.model import TextSpan
>>> ev = TextSpan("d", 0, 10)
>>> claims = [ControlClaim("isis", "holds", "hajin", dt.date(2018, 5, 1), ev, ev, attributed_to="a"),
...           ControlClaim("sdf", "captures", "hajin", dt.date(2018, 12, 14), ev, ev, attributed_to="b")]
>>> [(r["actor"], r["holding"]) for r in control_at(claims, "hajin", dt.date(2018, 6, 1))["answers"]]
[('isis', True)]
>>> [(r["actor"], r["holding"]) for r in control_at(claims, "hajin", dt.date(2019, 1, 1))["answers"]]
[('isis', True), ('sdf', True)]
"""

from __future__ import annotations

import datetime as dt

from faultlines.places.model import HOLDING, ControlClaim


def control_at(claims: list[ControlClaim], place_id: str, day: dt.date, *,
               places: tuple[str, ...] = ()) -> dict:
    """Who held ``place_id`` (or any of ``places``) on or before ``day``: one answer per actor and outlet.

    Each answer: ``actor``, ``source`` (the cited outlet, or None for the document's own voice),
    ``status`` and ``holding`` from that source's latest claim, its ``modality``, ``occurred_at``
    and the ``claim`` itself. Claims that are not asserted (future, hypothetical, denied) are kept
    but never count as holding.
    """
    wanted = {place_id, *places}
    latest: dict[tuple[str, str | None], ControlClaim] = {}
    for claim in sorted(claims, key=lambda c: (c.occurred_at, c.id)):
        if claim.place_id in wanted and claim.occurred_at <= day:
            latest[(claim.actor_id, claim.attributed_to)] = claim
    answers = [{"actor": c.actor_id, "source": c.attributed_to, "status": c.status, "modality": c.modality,
                "occurred_at": c.occurred_at, "holding": c.status in HOLDING and c.modality == "asserted",
                "claim": c} for c in latest.values()]
    answers.sort(key=lambda a: (not a["holding"], a["actor"], a["source"] or ""))
    holders = {a["actor"] for a in answers if a["holding"]}
    return {"place": place_id, "at": day, "answers": answers, "holders": sorted(holders),
            "contested": len(holders) > 1}


def timeline(claims: list[ControlClaim], place_id: str) -> list[ControlClaim]:
    """Every control claim about ``place_id`` in date order (conflicting ones side by side)."""
    return sorted((c for c in claims if c.place_id == place_id), key=lambda c: (c.occurred_at, c.actor_id, c.id))
