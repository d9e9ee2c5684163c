"""Resolve a name to a catalogued actor, or say honestly that it cannot.

Tiers, first hit wins: the id itself; an exact name, alias or acronym; a capital metonym or a
demonym; the head of a possessive ("Lebanon's Hezbollah" -> "Hezbollah"); the transliteration
skeleton; a fuzzy match; the longest trailing words that name an actor ("Russian Foreign Minister
Sergey Lavrov" -> "Sergey Lavrov"). When a tier finds several actors the result is ambiguous and
lists them; nothing is ever picked silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from faultlines.catalogue.normalize import normalize, skeleton
from faultlines.model import Actor

# How names of each sort rank when one string names several actors (lower wins).
_RANK = {"name": 0, "alias": 0, "acronym": 1, "capital": 2, "demonym": 3}


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer to "who is ``query``?": an actor id, or the candidates if ambiguous, or neither.

    ``method`` says how it matched (``id``, ``name`` (the name or an alias), ``acronym``, ``capital``,
    ``demonym``, ``possessive``, ``skeleton``, ``fuzzy``, ``head``); ``score`` is 1.0 for exact
    tiers and the similarity for fuzzy ones.
    """

    query: str
    actor_id: str | None
    method: str | None = None
    score: float = 0.0
    candidates: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.actor_id is not None

    @property
    def ambiguous(self) -> bool:
        return self.actor_id is None and len(self.candidates) > 1


class Resolver:
    """An index of every name of every actor, built once per catalogue.

    >>> from faultlines.model import Actor
    >>> r = Resolver([Actor("iran", "Iran", "state", demonyms=("Iranian", "Iranians"), capitals=("Tehran",)),
    ...               Actor("hezbollah", "Hezbollah", "armed_group", aliases=("Hizbullah",))])
    >>> r.resolve("the Iranians").actor_id, r.resolve("Lebanon's Hizballah").actor_id
    ('iran', 'hezbollah')
    """

    def __init__(self, actors: list[Actor] | tuple[Actor, ...], *, fuzzy_threshold: float = 90.0) -> None:
        self.actors = {a.id: a for a in actors}
        self.fuzzy_threshold = fuzzy_threshold
        self._exact: dict[str, dict[str, int]] = {}  # normalised name -> {actor id: rank}
        self._acronyms: dict[str, set[str]] = {}  # exact-case acronym -> ids
        self._skeleton: dict[str, set[str]] = {}
        for actor in self.actors.values():
            self._index(actor)
        self._keys = list(self._exact)

    def _index(self, actor: Actor) -> None:
        sorts = [("name", actor.name), *(("alias", a) for a in actor.aliases),
                 *(("capital", c) for c in actor.capitals), *(("demonym", d) for d in actor.demonyms)]
        for sort, text in sorts:
            key = normalize(text)
            if not key:
                continue
            ranks = self._exact.setdefault(key, {})
            ranks[actor.id] = min(ranks.get(actor.id, 9), _RANK[sort])
            if sort in ("name", "alias") and (skel := skeleton(key)):
                self._skeleton.setdefault(skel, set()).add(actor.id)
        for acronym in actor.acronyms:
            self._acronyms.setdefault(acronym.strip(), set()).add(actor.id)
            if len(acronym) >= 3:  # 'sdf' typed in lower case still means the SDF; 'is' does not mean IS
                self._exact.setdefault(normalize(acronym), {}).setdefault(actor.id, _RANK["acronym"])

    def resolve(self, query: str, *, on: dt.date | None = None) -> Resolution:
        """Resolve ``query``; with ``on``, actors not in existence that day lose ties."""
        query = query.strip()
        if query in self.actors:
            return Resolution(query, query, "id", 1.0)
        for tier in (self._tier_exact, self._tier_possessive, self._tier_skeleton, self._tier_fuzzy, self._tier_head):
            found = tier(query, on)
            if found is not None:
                return found
        return Resolution(query, None)

    def _pick(self, query: str, ids: dict[str, int] | set[str], method: str, on: dt.date | None,
              score: float = 1.0) -> Resolution | None:
        if not ids:
            return None
        ranks = ids if isinstance(ids, dict) else dict.fromkeys(ids, 0)
        best = min(ranks.values())
        chosen = sorted(i for i, r in ranks.items() if r == best)
        if len(chosen) > 1 and on is not None:
            alive = [i for i in chosen if _alive(self.actors[i], on)]
            chosen = alive or chosen
        if len(chosen) > 1:
            return Resolution(query, None, method, score, tuple(chosen))
        if isinstance(ids, dict):
            method = _sort_of(ids[chosen[0]], method)
        return Resolution(query, chosen[0], method, score)

    def _tier_exact(self, query: str, on: dt.date | None) -> Resolution | None:
        if query in self._acronyms:
            return self._pick(query, self._acronyms[query], "acronym", on)
        return self._pick(query, self._exact.get(normalize(query), {}), "name", on)

    def _tier_possessive(self, query: str, on: dt.date | None) -> Resolution | None:
        parts = re.split(r"['’]s\s+", query)
        if len(parts) < 2:
            return None
        head = self.resolve(parts[-1], on=on)
        if head.ok or head.ambiguous:
            return Resolution(query, head.actor_id, "possessive", head.score, head.candidates)
        return None

    def _tier_skeleton(self, query: str, on: dt.date | None) -> Resolution | None:
        skel = skeleton(normalize(query))
        return self._pick(query, self._skeleton.get(skel, set()), "skeleton", on, 0.95) if skel else None

    def _tier_fuzzy(self, query: str, on: dt.date | None) -> Resolution | None:
        key = normalize(query)
        if len(key) < 5:
            return None
        hits = process.extract(key, self._keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold, limit=8)
        if not hits:
            return None
        top = hits[0][1]
        ids = {i for name, score, _ in hits if score >= top - 2 for i in self._exact[name]}
        return self._pick(query, ids, "fuzzy", on, round(top / 100, 3))

    def _tier_head(self, query: str, on: dt.date | None) -> Resolution | None:
        words = query.split()
        for n in range(len(words) - 1, 0, -1):
            tail = " ".join(words[-n:])
            found = self._tier_exact(tail, on) or self._tier_skeleton(tail, on)
            if found is not None:
                return Resolution(query, found.actor_id, "head", 0.9, found.candidates)
        return None


def _alive(actor: Actor, day: dt.date) -> bool:
    return (actor.valid_from is None or actor.valid_from <= day) and (actor.valid_to is None or day < actor.valid_to)


def _sort_of(rank: int, default: str) -> str:
    return {0: default, 1: "acronym", 2: "capital", 3: "demonym"}.get(rank, default)
