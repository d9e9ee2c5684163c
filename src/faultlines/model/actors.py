"""Actors, their dated links, their mentions in text, and coalitions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from faultlines.model._validate import check_grade, check_interval, require
from faultlines.model.evidence import TextSpan
from faultlines.model.ids import content_id

ACTOR_KINDS = ("state", "government", "military", "agency", "armed_group", "party", "person", "igo",
               "coalition", "outlet", "group", "unknown")
AFFILIATION_RELATIONS = ("part_of", "backed_by", "member_of", "leads", "renamed_to", "owned_by",
                         "holds_office")
OFFICES = ("head_of_state", "head_of_government", "foreign_minister")


@dataclass(frozen=True, slots=True)
class Actor:
    """Anyone who can act or be acted on: a state, force, group, person, organisation or outlet.

    ``id`` is a stable slug. ``aliases`` hold every other name in any script; ``acronyms`` are
    matched case-sensitively in running text; ``demonyms`` and ``capitals`` (states only) let
    "the Iranians" and "Ankara" stand for the state. ``codes`` maps code systems (``iso3``,
    ``cameo``, ``wikidata``, ``acled``, ``ucdp``) to this actor's code. A provisional actor was
    met in data but is not in any catalogue.

    >>> a = Actor("hezbollah", "Hezbollah", "armed_group", country="LBN", aliases=("Hizbullah",))
    >>> a.names
    ('Hezbollah', 'Hizbullah')
    """

    id: str
    name: str
    kind: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    codes: tuple[tuple[str, str], ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    reliability: str | None = None
    language: str | None = None
    collective_offices: tuple[str, ...] = ()
    notes: str | None = None
    provisional: bool = False
    catalogue: str | None = None

    def __post_init__(self) -> None:
        require(bool(self.id) and self.id == self.id.strip(), self, "id", "must be a non-empty slug", self.id)
        require(bool(self.name), self, "name", "must not be empty", self.name)
        require(self.kind in ACTOR_KINDS, self, "kind", f"must be one of {ACTOR_KINDS}", self.kind)
        for name in ("aliases", "acronyms", "demonyms", "capitals", "codes", "collective_offices"):
            require(isinstance(getattr(self, name), tuple), self, name, "must be a tuple", getattr(self, name))
        check_interval(self, self.valid_from, self.valid_to)
        check_grade(self, "reliability", self.reliability)

    @property
    def names(self) -> tuple[str, ...]:
        """The display name followed by the aliases."""
        return (self.name, *self.aliases)

    def code(self, system: str) -> str | None:
        """This actor's code in ``system`` (e.g. ``"cameo"``), or None."""
        return dict(self.codes).get(system)


@dataclass(frozen=True, slots=True)
class Affiliation:
    """A dated link ``child --relation--> parent``, e.g. Hezbollah ``backed_by`` Iran.

    ``[valid_from, valid_to)`` is half-open; None is open. Offices are affiliations with relation
    ``holds_office`` and the office in ``role``.

    >>> Affiliation("ypg", "part_of", "sdf", valid_from=dt.date(2015, 10, 10)).holds_on(dt.date(2018, 5, 1))
    True
    """

    child: str
    relation: str
    parent: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    role: str | None = None
    acting: bool = False
    evidence: str | None = None
    notes: str | None = None
    id: str = field(init=False)

    def __post_init__(self) -> None:
        require(self.relation in AFFILIATION_RELATIONS, self, "relation",
                f"must be one of {AFFILIATION_RELATIONS}", self.relation)
        require(self.child != self.parent, self, "parent", "must differ from child", self.parent)
        require((self.relation == "holds_office") == (self.role in OFFICES), self, "role",
                f"holds_office needs a role in {OFFICES}, other relations none", self.role)
        check_interval(self, self.valid_from, self.valid_to)
        object.__setattr__(self, "id", content_id("aff", [self.child, self.relation, self.parent, self.role,
                                                          self.valid_from, self.valid_to]))

    def holds_on(self, day: dt.date) -> bool:
        """Whether the link holds on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names an actor, and how it was linked."""

    span: TextSpan
    actor_id: str
    method: str
    confidence: float = 1.0

    def __post_init__(self) -> None:
        require(0.0 <= self.confidence <= 1.0, self, "confidence", "must be in [0, 1]", self.confidence)


@dataclass(frozen=True, slots=True)
class CoalitionMember:
    """An actor's membership of a coalition over ``[valid_from, valid_to)``."""

    actor_id: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    role: str = "member"

    def __post_init__(self) -> None:
        check_interval(self, self.valid_from, self.valid_to)


@dataclass(frozen=True, slots=True)
class Coalition:
    """A group of actors acting together: declared in a catalogue, or inferred from a snapshot.

    >>> c = Coalition("gc", "Global Coalition", members=(CoalitionMember("united-states"),))
    >>> c.members_on(dt.date(2018, 1, 1))
    ('united-states',)
    """

    id: str
    name: str
    kind: str = "declared"
    leader: str | None = None
    against: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    members: tuple[CoalitionMember, ...] = ()
    notes: str | None = None

    def __post_init__(self) -> None:
        require(self.kind in ("declared", "inferred"), self, "kind", "must be declared or inferred", self.kind)
        check_interval(self, self.valid_from, self.valid_to)

    def members_on(self, day: dt.date) -> tuple[str, ...]:
        """Ids of the members on ``day`` (membership and coalition dates both apply)."""
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day >= self.valid_to):
            return ()
        return tuple(m.actor_id for m in self.members
                     if (m.valid_from is None or m.valid_from <= day) and (m.valid_to is None or day < m.valid_to))
