"""Dataset actor keys -> catalogue actors, resolved once per distinct key (never per row).

Codes first (``Actor.codes``: CAMEO, ACLED, UCDP), then names, strictly: only exact tiers of the
catalogue's resolver count (a person may match by surname), never fuzzy guesses, so "Citizen
(Syria)" does not become the Syrian state. Government agents stand for their state: a CAMEO code
whose type is in ``agents.v1`` (``SYRMIL`` -> Syria) or an ICEWS "Agent (Country)" whose sectors
include a state sector ("Military (Syria)" with sector Military -> Syria). What stays unresolved
becomes a provisional actor.

>>> from faultlines.catalogue import load_catalogue
>>> cat = load_catalogue("syria")
>>> sep = chr(31)
>>> keys = ActorKeys(cat)
>>> keys.cameo(sep.join(["SYRMIL", "SYR", "MIL"])), keys.cameo(sep.join(["SYRREB", "SYR", "REB"]))
('syria', None)
>>> keys.icews(sep.join(["Citizen (Syria)", "Social", "Syria"])) is None
True
"""

from __future__ import annotations

import re
from dataclasses import replace
from faultlines.catalogue import Catalogue
from faultlines.ingest.events.mappings import state_agents
from faultlines.model import Actor, slugify
from faultlines.store.events import SEP

_STRICT = ("id", "name", "acronym", "skeleton", "possessive")
_AGENT = re.compile(r"^(?P<agent>.+?)\s*\((?P<inner>[^()]+)\)$")
_ACLED_YEARS = re.compile(r"\s*\(\d{4}-(\d{4})?\)$")
_STATE_AGENT = re.compile(r"^(?:(?:Military|Police) Forces|Government) of (?P<state>.+)$")


class ActorKeys:
    """Resolvers for each dataset's actor keys against one catalogue (its code indexes built once).

    Government bodies stand for their state: "Military Forces of Syria (2000-)" (ACLED) and
    "Government of Afghanistan" (UCDP) resolve to the state unless the catalogue has them by code.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        # Provisional actors from earlier ingests are left out, so a key resolves the same way
        # whatever was read before it (re-ingest stays a no-op).
        self.catalogue = replace(catalogue, actors={i: a for i, a in catalogue.actors.items() if not a.provisional})
        self.codes = {system: {code: a.id for a in catalogue.actors.values()
                               if (code := a.code(system)) and not a.provisional}
                      for system in ("cameo", "acled", "ucdp")}
        self._names: dict[str, str | None] = {}

    def _state_or_name(self, name: str) -> str | None:
        forces = _STATE_AGENT.match(name)
        return self.strict(forces["state"] if forces else name)

    def strict(self, name: str) -> str | None:
        """The actor ``name`` names exactly (or a person by surname), else None."""
        if not name or name == "NA":
            return None
        if name not in self._names:
            self._names[name] = self._strict(name)
        return self._names[name]

    def _strict(self, name: str) -> str | None:
        found = self.catalogue.resolve(name)
        if found.ok and (found.method in _STRICT or
                         (found.method == "head" and self.catalogue.actors[found.actor_id].kind == "person")):
            return found.actor_id
        return None

    def cameo(self, key: str) -> str | None:
        """A GDELT ``code<US>country<US>type1`` key: the exact CAMEO code, else a state agent's state."""
        code, country, type1 = (key.split(SEP) + ["", ""])[:3]
        index = self.codes["cameo"]
        if code in index:
            return index[code]
        if country and country in index and type1 in state_agents("cameo_type"):
            return index[country]
        return None

    def icews(self, key: str) -> str | None:
        """An ICEWS ``name<US>sectors<US>country`` key."""
        name, sectors, _ = (key.split(SEP) + ["", ""])[:3]
        match = _AGENT.match(name)
        if match is None:
            return self.strict(name)
        inner = self.strict(match["inner"])
        if inner is None:
            return None
        if self.catalogue.actors[inner].kind != "state":
            return inner  # "Militia (Hezbollah)"
        return inner if set(sectors.split(",")) & state_agents("icews_sector") else None

    def acled(self, key: str) -> str | None:
        """An ACLED actor name: its ACLED code in the catalogue, a state's forces, or the exact name."""
        if key in self.codes["acled"]:
            return self.codes["acled"][key]
        return self._state_or_name(_ACLED_YEARS.sub("", key))

    def ucdp(self, key: str) -> str | None:
        """A UCDP ``new_id<US>name`` key: the UCDP id in the catalogue, else the exact name."""
        ucdp_id, _, name = key.partition(SEP)
        return self.codes["ucdp"].get(ucdp_id) or self._state_or_name(name)

    def name(self, key: str) -> str | None:
        """A ``name<US>country`` key (POLECAT): the exact name."""
        return self.strict(key.split(SEP)[0])


def provisional(dataset: str, key: str, name: str | None) -> Actor:
    """The provisional actor for an unresolved key: named by the dataset's name for it.

    >>> provisional("gdelt2", chr(31).join(["SYRREB", "SYR", "REB"]), "SYRIA").id
    'provisional-syrreb'
    """
    first = key.split(SEP)[0]
    label = name if name and name not in ("NA", first) else None
    if dataset.startswith("gdelt"):  # CAMEO codes name actors better than GDELT's upper-case names
        return Actor(f"provisional-{slugify(first)}", f"{label} ({first})" if label else first, "unknown",
                     provisional=True, notes=f"met in {dataset} as CAMEO {first!r}")
    return Actor(f"provisional-{slugify(label or first)}", label or first, "unknown", provisional=True,
                 notes=f"met in {dataset} as {key.replace(SEP, ' / ')!r}")
