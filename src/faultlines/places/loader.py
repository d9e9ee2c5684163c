"""Load and check curated gazetteer YAML files (format: docs/places.md).

Like the actor catalogue, every problem is collected with its code, file and line:
:func:`check_gazetteer` returns them all, :func:`load_places` raises the first as a
:class:`GazetteerError`.

>>> places = load_places("syria")
>>> places["nasib-crossing"].kind, places["nasib-crossing"].parent
('crossing', 'daraa-governorate')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from faultlines.catalogue.yamlread import LineDict, read_yaml
from faultlines.errors import CatalogueError, GazetteerError, ModelError, Problem
from faultlines.places.model import PLACE_KINDS, Place

BUNDLED = Path(__file__).parent / "data"
_TOP_KEYS = ("gazetteer", "country", "places")
_PLACE_KEYS = ("id", "name", "kind", "aliases", "lat", "lon", "parent", "country", "compass", "bbox", "line",
               "outline", "notes")
COMPASS = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west", "centre")


@dataclass
class _State:
    problems: list[Problem] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)
    where: dict[str, tuple[str, int]] = field(default_factory=dict)

    def error(self, code: str, path: object, line: int, **values: object) -> None:
        self.problems.append(Problem.error(code, path=str(path), line=line, **values))


def bundled_gazetteers() -> list[str]:
    """Names of the curated gazetteers shipped with Faultlines.

    >>> "syria" in bundled_gazetteers()
    True
    """
    return sorted(p.stem for p in BUNDLED.glob("*.yaml"))


def load_places(*specs: str | Path) -> dict[str, Place]:
    """The places of bundled gazetteers (by name) or YAML files; raise the first problem (E900-E905)."""
    places, problems = _load(specs)
    if problems:
        err = GazetteerError.from_problem(problems[0])
        if len(problems) > 1:
            err.fix += f" ({len(problems) - 1} more problem(s): check_gazetteer lists them all.)"
        raise err
    return places


def check_gazetteer(*specs: str | Path) -> list[Problem]:
    """Every problem in the given gazetteer files, in file order."""
    return _load(specs)[1]


def _load(specs: tuple[str | Path, ...]) -> tuple[dict[str, Place], list[Problem]]:
    state = _State()
    for spec in specs:
        path = BUNDLED / f"{spec}.yaml" if isinstance(spec, str) and spec in bundled_gazetteers() else Path(spec)
        try:
            data = read_yaml(path)
        except CatalogueError as e:
            state.error("E900", path, int(e.values.get("line", 1)), reason=e.message.split(": ", 1)[-1].rstrip("."))
            continue
        _read_file(path, data, state)
    for pid, place in state.places.items():
        if place.parent is not None and place.parent not in state.places:
            path, line = state.where[pid]
            state.error("E904", path, line, id=pid, parent=place.parent)
    return state.places, state.problems


def _read_file(path: Path, data: LineDict, state: _State) -> None:
    for key in data:
        if key not in _TOP_KEYS:
            state.error("E901", path, data.key_lines[key], key=key, where="the file's top level",
                        allowed=", ".join(_TOP_KEYS))
    name, country = data.get("gazetteer"), data.get("country")
    if not isinstance(name, str) or not isinstance(country, str):
        state.error("E902", path, data.line, where="gazetteer",
                    reason="`gazetteer: NAME` and `country: ISO2` are required")
        return
    entries = data.get("places")
    if not isinstance(entries, list):
        state.error("E902", path, data.key_lines.get("places", data.line), where="places", reason="must be a list")
        return
    for entry in entries:
        if not isinstance(entry, LineDict):
            state.error("E902", path, data.key_lines["places"], where="places",
                        reason=f"each entry must be a mapping, got {entry!r}")
            continue
        _read_place(path, entry, state, name, country)


def _read_place(path: Path, entry: LineDict, state: _State, gazetteer: str, country: str) -> None:
    bad = [k for k in entry if k not in _PLACE_KEYS]
    for key in bad:
        state.error("E901", path, entry.key_lines[key], key=key, where=f"place {entry.get('id', '?')}",
                    allowed=", ".join(_PLACE_KEYS))
    pid = entry.get("id")
    if bad or not _checks(path, entry, state):
        return
    if pid in state.where:
        first = state.where[pid]
        state.error("E903", path, entry.line, id=pid, first=f"{first[0]}:{first[1]}")
        return
    try:
        place = Place(pid, str(entry["name"]).strip(), entry["kind"], float(entry["lat"]), float(entry["lon"]),
                      country=str(entry.get("country") or country), parent=entry.get("parent"),
                      aliases=tuple(str(a).strip() for a in entry.get("aliases") or ()), compass=entry.get("compass"),
                      bbox=tuple(entry["bbox"]) if entry.get("bbox") else None,
                      line=_vertices(entry.get("line")), outline=_vertices(entry.get("outline")),
                      source=f"curated:{gazetteer}", notes=entry.get("notes"))
    except ModelError as e:
        state.error("E902", path, entry.line, where=f"place {pid}", reason=e.message)
        return
    state.where[pid] = (str(path), entry.line)
    state.places[pid] = place


def _checks(path: Path, entry: LineDict, state: _State) -> bool:
    """Check the values a Place cannot check itself; record E902/E905 and return whether all passed."""
    problems: list[tuple[str, str, str]] = []  # (code, key, reason)
    pid = entry.get("id")
    if not isinstance(pid, str) or not pid or pid != pid.lower() or " " in pid:
        problems.append(("E902", "id", f"{pid!r} is not a slug of lowercase letters, digits and hyphens"))
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        problems.append(("E902", "name", "a non-empty name is required"))
    if entry.get("kind") not in PLACE_KINDS:
        problems.append(("E902", "kind", f"{entry.get('kind')!r} is not one of {', '.join(PLACE_KINDS)}"))
    if entry.get("compass") is not None and entry["compass"] not in COMPASS:
        problems.append(("E902", "compass", f"{entry['compass']!r} is not one of {', '.join(COMPASS)}"))
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append(("E902", "aliases", f"must be a list of non-empty strings, got {aliases!r}"))
    for key, low, high in (("lat", -90, 90), ("lon", -180, 180)):
        value = entry.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            problems.append(("E905", key, f"{value!r} is not a number in [{low}, {high}]"))
    bbox = entry.get("bbox")
    if bbox is not None and not (_numbers(bbox, 4) and bbox[0] < bbox[2] and bbox[1] < bbox[3]):
        problems.append(("E905", "bbox", f"{bbox!r} is not [west, south, east, north] with west < east, south < north"))
    for key in ("line", "outline"):
        value = entry.get(key)
        if value is not None and not (isinstance(value, list) and len(value) >= 2 and all(
                _numbers(v, 2) and -180 <= v[0] <= 180 and -90 <= v[1] <= 90 for v in value)):
            problems.append(("E905", key, "must be a list of two or more [lon, lat] pairs"))
    for code, key, reason in problems:
        values = {"where": f"place {pid}: {key}", "reason": reason}
        state.error(code, path, entry.key_lines.get(key, entry.line), **values)
    return not problems


def _numbers(value: object, n: int) -> bool:
    return isinstance(value, list) and len(value) == n and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)


def _vertices(value: list | None) -> tuple[tuple[float, float], ...]:
    return tuple((float(x), float(y)) for x, y in value or ())
