"""Load and check catalogue YAML files (format: docs/catalogue.md).

Every problem is collected with its code, file and line; :func:`check_catalogue` returns them all,
:func:`load_catalogue` raises the first as a :class:`CatalogueError`.

>>> cat = load_catalogue("syria")
>>> cat.actors["hezbollah"].kind
'armed_group'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from faultlines.catalogue.catalogue import Catalogue
from faultlines.catalogue.yamlread import LineDict, read_yaml
from faultlines.errors import CatalogueError, ModelError, Problem
from faultlines.model import ACTOR_KINDS, AFFILIATION_RELATIONS, OFFICES, Actor, Affiliation, Coalition, CoalitionMember
from faultlines.model.dates import parse_date, period_end

BUNDLED = Path(__file__).parent / "data"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOP_KEYS = ("catalogue", "requires", "actors", "affiliations", "offices", "coalitions")
_ACTOR_KEYS = ("id", "name", "kind", "country", "aliases", "acronyms", "demonyms", "capitals", "codes",
               "valid_from", "valid_to", "reliability", "language", "collective_offices", "notes")
_CODE_KEYS = ("iso3", "iso2", "cameo", "wikidata", "acled", "ucdp", "cow", "gdelt")
_AFF_KEYS = ("child", "relation", "parent", "from", "to", "evidence", "notes")
_OFFICE_KEYS = ("person", "office", "of", "from", "to", "acting", "notes")
_COALITION_KEYS = ("id", "name", "aliases", "leader", "against", "from", "to", "members", "notes")
_MEMBER_KEYS = ("actor", "from", "to", "role")
_STATE_ONLY = ("demonyms", "capitals", "collective_offices")
_OUTLET_ONLY = ("reliability", "language")


def bundled_catalogues() -> list[str]:
    """Names of the catalogues shipped with Faultlines."""
    return sorted(p.name for p in BUNDLED.iterdir() if p.is_dir())


@dataclass
class _Loader:
    """Accumulates entries and problems across the files of one load."""

    problems: list[Problem] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)  # id -> "file:line" of its definition
    refs: list[tuple[str, int, str, str, tuple[str, ...]]] = field(default_factory=list)
    affiliations: list[tuple[Affiliation, str, int]] = field(default_factory=list)
    coalitions: dict[str, Coalition] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    current: str | None = None  # the catalogue of the file being read

    def error(self, code: str, path: object, line: int, **values: object) -> None:
        self.problems.append(Problem.error(code, path=str(path), line=line, **values))


def load_catalogue(*specs: str | Path) -> Catalogue:
    """Load catalogues by bundled name (``"syria"``) or path (a YAML file or a folder of them).

    Required catalogues (``requires: [world]``) are loaded first. Raises :class:`CatalogueError`
    for the first problem; use :func:`check_catalogue` to see them all.
    """
    catalogue, problems = _load(specs)
    if problems:
        first = problems[0]
        raise CatalogueError.from_problem(first, more=len(problems) - 1)
    return catalogue


def check_catalogue(*specs: str | Path) -> list[Problem]:
    """Every problem in the given catalogues (and those they require), in file order."""
    return _load(specs)[1]


def _load(specs: tuple[str | Path, ...]) -> tuple[Catalogue, list[Problem]]:
    state = _Loader()
    for path, data in _files_in_order(specs, state):
        _read_file(path, data, state)
    _check_refs(state)
    _check_overlaps(state)
    catalogue = Catalogue(names=tuple(state.names), actors=dict(state.actors),
                          affiliations=tuple(a for a, _, _ in state.affiliations),
                          coalitions=dict(state.coalitions))
    return catalogue, state.problems


def _files_of(spec: str | Path) -> list[Path]:
    path = Path(spec)
    if isinstance(spec, str) and (BUNDLED / spec).is_dir() and not path.exists():
        path = BUNDLED / spec
    if path.is_dir():
        return sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
    return [path]


def _files_in_order(specs: tuple[str | Path, ...], state: _Loader) -> list[tuple[Path, LineDict]]:
    """Parse the files of every spec, putting required catalogues' files first (each once)."""
    ordered: list[tuple[Path, LineDict]] = []
    seen_names: set[str] = set()
    seen_files: set[Path] = set()

    def visit(spec: str | Path, stack: tuple[str, ...]) -> None:
        parsed = []
        for path in _files_of(spec):
            if path.resolve() in seen_files:
                continue
            seen_files.add(path.resolve())
            try:
                parsed.append((path, read_yaml(path)))
            except CatalogueError as e:
                state.problems.append(e.to_problem())
        for path, data in parsed:
            for name in data.get("requires") or []:
                if name in seen_names or name in stack:
                    continue
                if name not in bundled_catalogues():
                    state.error("E108", path, data.key_lines.get("requires", 1), name=name,
                                known=", ".join(bundled_catalogues()))
                    continue
                seen_names.add(name)
                visit(name, (*stack, name))
        for path, data in parsed:
            name = data.get("catalogue")
            if isinstance(name, str) and name not in state.names:
                state.names.append(name)
            ordered.append((path, data))

    for spec in specs:
        if isinstance(spec, str) and spec in bundled_catalogues():
            seen_names.add(spec)
        visit(spec, ())
    return ordered


def _read_file(path: Path, data: LineDict, state: _Loader) -> None:
    _unknown_keys(data, _TOP_KEYS, "the file's top level", path, state)
    state.current = data.get("catalogue") if isinstance(data.get("catalogue"), str) else None
    if not isinstance(data.get("catalogue"), str):
        state.error("E103", path, data.line, where="catalogue", reason="a `catalogue: NAME` key is required")
    for key, reader in (("actors", _read_actor), ("affiliations", _read_affiliation),
                        ("offices", _read_office), ("coalitions", _read_coalition)):
        entries = data.get(key) or []
        if not isinstance(entries, list):
            state.error("E103", path, data.key_lines.get(key, data.line), where=key, reason="must be a list")
            continue
        for entry in entries:
            if not isinstance(entry, LineDict):
                state.error("E103", path, data.key_lines.get(key, data.line), where=key,
                            reason=f"each entry must be a mapping, got {entry!r}")
                continue
            try:
                reader(path, entry, state)
            except ModelError as e:  # a value the model refuses that the checks above let through
                state.error("E103", path, entry.line, where=key, reason=e.message)


def _unknown_keys(entry: LineDict, allowed: tuple[str, ...], where: str, path: Path, state: _Loader) -> bool:
    bad = [k for k in entry if k not in allowed]
    for key in bad:
        state.error("E102", path, entry.key_lines.get(key, entry.line), key=key, where=where,
                    allowed=", ".join(allowed))
    return not bad


def _date(entry: LineDict, key: str, path: Path, state: _Loader, *, end: bool = False) -> dt.date | None:
    value = entry.get(key)
    if value is None:
        return None
    try:
        day, precision = parse_date(value)
    except ValueError as e:
        state.error("E107", path, entry.key_lines.get(key, entry.line), where=key, reason=str(e))
        return None
    return period_end(day, precision) if end and precision != "day" else day


def _interval(entry: LineDict, path: Path, state: _Loader, keys=("from", "to")) -> tuple[dt.date | None, ...]:
    start, stop = _date(entry, keys[0], path, state), _date(entry, keys[1], path, state, end=True)
    if start and stop and stop < start:
        state.error("E107", path, entry.key_lines.get(keys[1], entry.line), where=keys[1],
                    reason=f"{stop} is before {keys[0]} {start}")
        return start, None
    return start, stop


def _strings(entry: LineDict, key: str, path: Path, state: _Loader) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        state.error("E103", path, entry.key_lines.get(key, entry.line), where=key,
                    reason=f"must be a list of non-empty strings (quote numbers and dates), got {value!r}")
        return ()
    return tuple(dict.fromkeys(v.strip() for v in value))


def _define(ident: object, path: Path, entry: LineDict, state: _Loader) -> bool:
    if not isinstance(ident, str) or not _ID.match(ident):
        state.error("E103", path, entry.line, where="id",
                    reason=f"{ident!r} is not a slug of lowercase letters, digits and hyphens")
        return False
    if ident in state.where:
        state.error("E104", path, entry.line, id=ident, first=state.where[ident])
        return False
    state.where[ident] = f"{path}:{entry.line}"
    return True


def _read_actor(path: Path, entry: LineDict, state: _Loader) -> None:
    _unknown_keys(entry, _ACTOR_KEYS, f"actor {entry.get('id', '?')}", path, state)
    kind, name = entry.get("kind"), entry.get("name")
    if kind not in ACTOR_KINDS:
        state.error("E103", path, entry.key_lines.get("kind", entry.line), where="kind",
                    reason=f"{kind!r} is not one of {', '.join(ACTOR_KINDS)}")
        return
    if not isinstance(name, str) or not name.strip():
        state.error("E103", path, entry.line, where="name", reason="a non-empty name is required")
        return
    for key in _STATE_ONLY if kind != "state" else ():
        if entry.get(key):
            state.error("E103", path, entry.key_lines[key], where=key, reason=f"only states have {key}")
    for key in _OUTLET_ONLY if kind != "outlet" else ():
        if entry.get(key):
            state.error("E103", path, entry.key_lines[key], where=key, reason=f"only outlets have {key}")
    codes = _codes(entry, path, state)
    reliability = entry.get("reliability")
    if reliability is not None and reliability not in "ABCDEF":
        state.error("E103", path, entry.key_lines["reliability"], where="reliability",
                    reason=f"{reliability!r} is not a grade A-F")
        reliability = None
    start, stop = _interval(entry, path, state, ("valid_from", "valid_to"))
    offices = _strings(entry, "collective_offices", path, state)
    for office in offices:
        if office not in OFFICES:
            state.error("E103", path, entry.key_lines["collective_offices"], where="collective_offices",
                        reason=f"{office!r} is not one of {', '.join(OFFICES)}")
    if not _define(entry.get("id"), path, entry, state):
        return
    state.actors[entry["id"]] = Actor(
        id=entry["id"], name=name.strip(), kind=kind, country=_opt_str(entry, "country"),
        aliases=_strings(entry, "aliases", path, state), acronyms=_strings(entry, "acronyms", path, state),
        demonyms=_strings(entry, "demonyms", path, state), capitals=_strings(entry, "capitals", path, state),
        codes=codes, valid_from=start, valid_to=stop, reliability=reliability,
        language=_opt_str(entry, "language"), collective_offices=offices, notes=_opt_str(entry, "notes"),
        catalogue=state.current)


def _opt_str(entry: LineDict, key: str) -> str | None:
    value = entry.get(key)
    return None if value is None else str(value).strip()


def _codes(entry: LineDict, path: Path, state: _Loader) -> tuple[tuple[str, str], ...]:
    codes = entry.get("codes")
    if codes is None:
        return ()
    if not isinstance(codes, LineDict):
        state.error("E103", path, entry.key_lines.get("codes", entry.line), where="codes", reason="must be a mapping")
        return ()
    _unknown_keys(codes, _CODE_KEYS, "codes", path, state)
    return tuple((k, str(v)) for k, v in sorted(codes.items()) if k in _CODE_KEYS and v is not None)


def _read_affiliation(path: Path, entry: LineDict, state: _Loader) -> None:
    if not _unknown_keys(entry, _AFF_KEYS, "an affiliation", path, state):
        return
    relation = entry.get("relation")
    if relation not in AFFILIATION_RELATIONS or relation == "holds_office":
        state.error("E103", path, entry.key_lines.get("relation", entry.line), where="relation",
                    reason=f"{relation!r} is not one of {', '.join(AFFILIATION_RELATIONS[:-1])} (offices go under `offices`)")
        return
    start, stop = _interval(entry, path, state)
    child, parent = entry.get("child"), entry.get("parent")
    if not isinstance(child, str) or not isinstance(parent, str) or child == parent:
        state.error("E103", path, entry.line, where="affiliation", reason="child and parent must be two different ids")
        return
    state.refs.append((str(path), entry.line, "affiliation", "", (child, parent)))
    state.affiliations.append((Affiliation(child, relation, parent, start, stop, evidence=_opt_str(entry, "evidence"),
                                           notes=_opt_str(entry, "notes")), str(path), entry.line))


def _read_office(path: Path, entry: LineDict, state: _Loader) -> None:
    if not _unknown_keys(entry, _OFFICE_KEYS, "an office", path, state):
        return
    offices = entry.get("office")
    offices = [offices] if isinstance(offices, str) else offices
    if not isinstance(offices, list) or not offices or any(o not in OFFICES for o in offices):
        state.error("E103", path, entry.key_lines.get("office", entry.line), where="office",
                    reason=f"{entry.get('office')!r} is not one of (or a list of) {', '.join(OFFICES)}")
        return
    person, of = entry.get("person"), entry.get("of")
    if not isinstance(person, str) or not isinstance(of, str):
        state.error("E103", path, entry.line, where="office", reason="`person` and `of` must be actor ids")
        return
    start, stop = _interval(entry, path, state)
    state.refs.append((str(path), entry.line, "office person", "person", (person,)))
    state.refs.append((str(path), entry.line, "office of", "state", (of,)))
    for office in offices:
        state.affiliations.append((Affiliation(person, "holds_office", of, start, stop, role=office,
                                               acting=bool(entry.get("acting")), notes=_opt_str(entry, "notes")),
                                   str(path), entry.line))


def _read_coalition(path: Path, entry: LineDict, state: _Loader) -> None:
    _unknown_keys(entry, _COALITION_KEYS, f"coalition {entry.get('id', '?')}", path, state)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        state.error("E103", path, entry.line, where="name", reason="a coalition needs a name")
        return
    start, stop = _interval(entry, path, state)
    members = []
    for member in entry.get("members") or []:
        if not isinstance(member, LineDict) or not isinstance(member.get("actor"), str):
            state.error("E103", path, getattr(member, "line", entry.line), where="members",
                        reason="each member is a mapping with an `actor` id")
            continue
        _unknown_keys(member, _MEMBER_KEYS, "a coalition member", path, state)
        m_start, m_stop = _interval(member, path, state)
        members.append(CoalitionMember(member["actor"], m_start or start, m_stop or stop,
                                       str(member.get("role") or "member")))
        state.refs.append((str(path), member.line, "coalition member", "", (member["actor"],)))
    leader, against = entry.get("leader"), _strings(entry, "against", path, state)
    state.refs.append((str(path), entry.line, "coalition", "", tuple(x for x in (leader, *against) if x)))
    if not _define(entry.get("id"), path, entry, state):
        return
    aliases = _strings(entry, "aliases", path, state)
    state.coalitions[entry["id"]] = Coalition(entry["id"], name.strip(), leader=leader, against=against,
                                              aliases=aliases, valid_from=start, valid_to=stop,
                                              members=tuple(members), notes=_opt_str(entry, "notes"))
    state.actors[entry["id"]] = Actor(entry["id"], name.strip(), "coalition", aliases=aliases, valid_from=start,
                                      valid_to=stop, notes=_opt_str(entry, "notes"), catalogue=state.current)


def _check_refs(state: _Loader) -> None:
    for path, line, where, kind, ids in state.refs:
        for ident in ids:
            actor = state.actors.get(ident)
            if actor is None:
                state.error("E105", path, line, where=where, id=ident)
            elif kind and actor.kind != kind:
                state.error("E103", path, line, where=where, reason=f"'{ident}' is a {actor.kind}, not a {kind}")


def _overlaps(a: Affiliation, b: Affiliation) -> bool:
    far = dt.date.max
    return (a.valid_from or dt.date.min) < (b.valid_to or far) and (b.valid_from or dt.date.min) < (a.valid_to or far)


def _check_overlaps(state: _Loader) -> None:
    """Two entries of the same link, or two holders of one non-collective office, may not overlap."""
    groups: dict[tuple, list[tuple[Affiliation, str, int]]] = {}
    for item in state.affiliations:
        aff = item[0]
        groups.setdefault((aff.child, aff.relation, aff.parent, aff.role), []).append(item)
        if aff.relation == "holds_office":
            groups.setdefault(("office", aff.parent, aff.role), []).append(item)
    for key, items in groups.items():
        collective = key[0] == "office" and key[2] in getattr(state.actors.get(key[1]), "collective_offices", ())
        for i, (a, path, line) in enumerate(items):
            for b, other_path, other_line in items[:i]:
                if collective or not _overlaps(a, b) or (key[0] == "office" and a.child == b.child):
                    continue
                state.error("E106", path, line, what=_describe(a), other=_describe(b),
                            first=f"{other_path}:{other_line}")
                break


def _describe(aff: Affiliation) -> str:
    span = f"{aff.valid_from or '…'} to {aff.valid_to or '…'}"
    if aff.relation == "holds_office":
        return f"{aff.child} as {aff.role} of {aff.parent} ({span})"
    return f"{aff.child} {aff.relation} {aff.parent} ({span})"
