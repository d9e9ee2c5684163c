"""The loaded catalogue: actors, dated affiliations, coalitions, and name resolution."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property

from faultlines.catalogue.resolve import Resolution, Resolver
from faultlines.errors import AmbiguousActor, UnknownActor
from faultlines.model import Actor, Affiliation, Coalition


@dataclass(frozen=True)
class Catalogue:
    """Actors by id, their affiliations and the declared coalitions.

    >>> from faultlines.catalogue import load_catalogue
    >>> cat = load_catalogue("syria")
    >>> cat.resolve("Lebanon's Hezbollah").actor_id
    'hezbollah'
    >>> [a.parent for a in cat.affiliations_of("hezbollah", relation="backed_by")]
    ['iran']
    """

    names: tuple[str, ...] = ()
    actors: dict[str, Actor] = field(default_factory=dict)
    affiliations: tuple[Affiliation, ...] = ()
    coalitions: dict[str, Coalition] = field(default_factory=dict)

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(tuple(self.actors.values()))

    def resolve(self, name: str, *, on: dt.date | None = None) -> Resolution:
        """Who ``name`` is: see :class:`~faultlines.catalogue.resolve.Resolver`."""
        return self.resolver.resolve(name, on=on)

    def resolve_id(self, name: str, *, on: dt.date | None = None) -> str:
        """The id ``name`` resolves to; raise ``UnknownActor`` (E120) or ``AmbiguousActor`` (E121)."""
        found = self.resolve(name, on=on)
        if found.ambiguous:
            raise AmbiguousActor("E121", name=name, candidates=", ".join(found.candidates))
        if not found.ok:
            raise UnknownActor("E120", name=name)
        return found.actor_id  # type: ignore[return-value]

    @cached_property
    def _by_end(self) -> tuple[dict[str, list[Affiliation]], dict[str, list[Affiliation]]]:
        children: dict[str, list[Affiliation]] = {}
        parents: dict[str, list[Affiliation]] = {}
        for a in self.affiliations:
            children.setdefault(a.child, []).append(a)
            parents.setdefault(a.parent, []).append(a)
        return children, parents

    def affiliations_of(self, actor_id: str, *, relation: str | None = None,
                        on: dt.date | None = None) -> list[Affiliation]:
        """Links where ``actor_id`` is the child (what it is part of, backed by, ...)."""
        return [a for a in self._by_end[0].get(actor_id, ()) if (relation is None or a.relation == relation)
                and (on is None or a.holds_on(on))]

    def dependents_of(self, actor_id: str, *, relation: str | None = None,
                      on: dt.date | None = None) -> list[Affiliation]:
        """Links where ``actor_id`` is the parent (its parts, proxies, members, office holders)."""
        return [a for a in self._by_end[1].get(actor_id, ()) if (relation is None or a.relation == relation)
                and (on is None or a.holds_on(on))]

    def office_holders(self, state_id: str, office: str, on: dt.date) -> list[str]:
        """Who held ``office`` of ``state_id`` on ``on``."""
        return [a.child for a in self.dependents_of(state_id, relation="holds_office", on=on) if a.role == office]

    def with_actors(self, extra: list[Actor]) -> "Catalogue":
        """A copy with ``extra`` actors added (e.g. provisional ones met in data)."""
        return replace(self, actors={**self.actors, **{a.id: a for a in extra}})
