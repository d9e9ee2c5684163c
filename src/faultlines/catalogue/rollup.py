"""Roll actors up to their principals for analysis at the level of states and groups.

Claims name whoever acted: "the Turkish Armed Forces", "Putin's Syria envoy", "Erdoğan". An
analysis of alliances wants Turkey, Russia and Turkey. The **principal** of an actor on a day
follows, as far as it goes:

- ``part_of`` (a force, ministry or unit belongs to its state or group: the YPG to the SDF, the
  Quds Force to the IRGC to Iran);
- ``holds_office`` (a head of state or government, or a foreign minister, speaks for the state
  while in office: Putin for Russia from 2012-05-07);
- ``leads`` for people (Nasrallah for Hezbollah);
- a declared **coalition** acting as one ("Coalition aircraft struck …") stands for its leader
  while the coalition exists (the Global Coalition for the United States).

``backed_by`` is never followed: proxies stay themselves, since a patron falling out with its
proxy is exactly what Faultlines looks for. Links are dated, so an actor's principal may change
over time; :func:`rollup_table` returns the piecewise-constant mapping as intervals.

>>> from faultlines.catalogue import load_catalogue
>>> import datetime as dt
>>> cat = load_catalogue("syria")
>>> principal(cat, "vladimir-putin", dt.date(2018, 5, 17)), principal(cat, "quds-force", dt.date(2018, 5, 17))
('russia', 'iran')
>>> principal(cat, "global-coalition", dt.date(2017, 6, 6))
'united-states'
"""

from __future__ import annotations

import datetime as dt

from faultlines.catalogue.catalogue import Catalogue

FOLLOWED = ("part_of", "holds_office", "leads")
_OFFICE_ORDER = {"head_of_state": 0, "head_of_government": 1, "foreign_minister": 2}


def _step(catalogue: Catalogue, actor_id: str, on: dt.date) -> str | None:
    """The next actor up from ``actor_id`` on ``on``, or None."""
    coalition = catalogue.coalitions.get(actor_id)
    if coalition is not None and coalition.leader and coalition.members_on(on):
        return coalition.leader
    links = [a for a in catalogue.affiliations_of(actor_id, on=on) if a.relation in FOLLOWED]
    actor = catalogue.actors.get(actor_id)
    if actor is not None and actor.kind != "person":
        links = [a for a in links if a.relation == "part_of"]
    if not links:
        return None
    # offices first (a president speaks for the state before the party he leads), then parts, then lead
    links.sort(key=lambda a: (a.relation != "holds_office", _OFFICE_ORDER.get(a.role or "", 9), a.relation, a.parent))
    return links[0].parent


def principal(catalogue: Catalogue, actor_id: str, on: dt.date) -> str:
    """The actor ``actor_id`` stands for on ``on`` (itself if nothing leads further up)."""
    seen = [actor_id]
    while (up := _step(catalogue, seen[-1], on)) is not None and up not in seen:
        seen.append(up)
    return seen[-1]


def _breakpoints(catalogue: Catalogue, actor_id: str) -> list[dt.date]:
    """Days on which ``actor_id``'s principal may change: the ends of every link up its chains."""
    days: set[dt.date] = set()
    todo, seen = [actor_id], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if (coalition := catalogue.coalitions.get(current)) is not None and coalition.leader:
            days.update(d for m in coalition.members for d in (m.valid_from, m.valid_to) if d is not None)
            days.update(d for d in (coalition.valid_from, coalition.valid_to) if d is not None)
            todo.append(coalition.leader)
        for link in catalogue.affiliations_of(current):
            if link.relation in FOLLOWED:
                days.update(d for d in (link.valid_from, link.valid_to) if d is not None)
                todo.append(link.parent)
    return sorted(days)


def rollup_table(catalogue: Catalogue, actor_ids: list[str] | None = None) -> list[tuple[str, str, dt.date, dt.date]]:
    """``(actor, principal, from, to)`` rows, half-open, covering every day an actor has a principal
    other than itself. Actors absent from the table stand for themselves."""
    rows = []
    far_past, far_future = dt.date(1, 1, 1), dt.date(9999, 12, 31)
    for actor_id in actor_ids if actor_ids is not None else list(catalogue.actors):
        led = actor_id in catalogue.coalitions and catalogue.coalitions[actor_id].leader
        if not led and not any(a.relation in FOLLOWED for a in catalogue.affiliations_of(actor_id)):
            continue
        edges = [far_past, *_breakpoints(catalogue, actor_id), far_future]
        for start, end in zip(edges, edges[1:]):
            if start < end and (up := principal(catalogue, actor_id, start)) != actor_id:
                if rows and rows[-1][0] == actor_id and rows[-1][1] == up and rows[-1][3] == start:
                    rows[-1] = (actor_id, up, rows[-1][2], end)  # merge with the previous interval
                else:
                    rows.append((actor_id, up, start, end))
    return rows
