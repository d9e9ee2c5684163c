"""Catalogue validation: every kind of mistake gives its code, file, line and fix, exactly."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from faultlines.catalogue import check_catalogue, load_catalogue
from faultlines.errors import CatalogueError

GOOD = """\
catalogue: mini
actors:
  - {id: iran, name: Iran, kind: state, country: IRN, demonyms: [Iranian], capitals: [Tehran]}
  - {id: hezbollah, name: Hezbollah, kind: armed_group, aliases: [Hizbullah]}
  - {id: alice, name: Alice A, kind: person}
  - {id: bob, name: Bob B, kind: person}
affiliations:
  - {child: hezbollah, relation: backed_by, parent: iran, from: 1982}
offices:
  - {person: alice, office: head_of_state, of: iran, from: 2010-01-01, to: 2015-03-04}
  - {person: bob, office: head_of_state, of: iran, from: 2015-03-04}
coalitions:
  - id: axis
    name: The Axis
    leader: iran
    from: 2012
    members:
      - {actor: iran}
      - {actor: hezbollah, from: 2013-05, role: proxy}
"""


def write(tmp_path: Path, text: str, name: str = "cat.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def texts(path: Path) -> list[str]:
    return [p.text.replace(str(path), "F") for p in check_catalogue(path)]


def test_a_good_catalogue_loads(tmp_path):
    cat = load_catalogue(write(tmp_path, GOOD))
    assert cat.names == ("mini",)
    assert set(cat.actors) == {"iran", "hezbollah", "alice", "bob", "axis"}
    assert cat.actors["axis"].kind == "coalition"
    assert [m.role for m in cat.coalitions["axis"].members] == ["member", "proxy"]
    assert str(cat.coalitions["axis"].members[1].valid_from) == "2013-05-01"
    import datetime as dt
    assert cat.office_holders("iran", "head_of_state", dt.date(2015, 3, 3)) == ["alice"]
    assert cat.office_holders("iran", "head_of_state", dt.date(2015, 3, 4)) == ["bob"]


def test_invalid_yaml(tmp_path):
    path = write(tmp_path, "catalogue: x\nactors: [\n  {id: a\n")
    [text] = texts(path)
    assert text.startswith("[E101] F:4: not valid YAML")


def test_unknown_keys_are_errors_with_their_line(tmp_path):
    path = write(tmp_path, GOOD.replace("aliases: [Hizbullah]", "aliasses: [Hizbullah]"))
    assert texts(path) == [
        "[E102] F:4: unknown key 'aliasses' in actor hezbollah. Fix: use one of: id, name, kind, country, aliases, "
        "acronyms, demonyms, capitals, codes, valid_from, valid_to, reliability, language, collective_offices, "
        "notes; or remove it (see docs/catalogue.md)."]


def test_duplicate_ids(tmp_path):
    path = write(tmp_path, GOOD.replace("{id: bob, name: Bob B", "{id: alice, name: Bob B"))
    problems = texts(path)
    assert problems[0] == ("[E104] F:6: the id 'alice' is defined twice (first at F:5). "
                           "Fix: give one of them another id, or merge the two entries.")


def test_dangling_references(tmp_path):
    path = write(tmp_path, GOOD.replace("parent: iran, from: 1982", "parent: irann, from: 1982"))
    assert texts(path) == [
        "[E105] F:8: affiliation names 'irann', which no loaded catalogue defines. Fix: define an actor with that "
        "id, fix the spelling, or add the catalogue that defines it to `requires`."]


def test_overlapping_office_tenures(tmp_path):
    path = write(tmp_path, GOOD.replace("from: 2015-03-04}", "from: 2014-12-01}"))
    assert texts(path) == [
        "[E106] F:11: bob as head_of_state of iran (2014-12-01 to …) overlaps alice as head_of_state of iran "
        "(2010-01-01 to 2015-03-04) (F:10). Fix: correct the dates; intervals are half-open, so a handover day is "
        "`to` of one and `from` of the next."]


def test_collective_offices_may_overlap(tmp_path):
    text = GOOD.replace("from: 2015-03-04}", "from: 2014-12-01}").replace(
        "capitals: [Tehran]}", "capitals: [Tehran], collective_offices: [head_of_state]}")
    assert texts(write(tmp_path, text)) == []


def test_overlapping_affiliations(tmp_path):
    text = GOOD.replace("  - {child: hezbollah, relation: backed_by, parent: iran, from: 1982}\n",
                        "  - {child: hezbollah, relation: backed_by, parent: iran, from: 1982}\n"
                        "  - {child: hezbollah, relation: backed_by, parent: iran, from: 2000, to: 2001}\n")
    [text] = texts(write(tmp_path, text))
    assert text.startswith("[E106] F:9: hezbollah backed_by iran (2000-01-01 to 2002-01-01) overlaps "
                           "hezbollah backed_by iran (1982-01-01 to …) (F:8).")


def test_bad_dates(tmp_path):
    path = write(tmp_path, GOOD.replace("from: 1982}", "from: 1982-14}"))
    assert texts(path) == [
        "[E107] F:8: from: '1982-14' is not a calendar date (month must be in 1..12). "
        "Fix: write dates as YYYY, YYYY-MM or YYYY-MM-DD with from <= to."]
    path = write(tmp_path, GOOD.replace("from: 1982}", "from: 1982, to: 1980}"))
    assert texts(path) == [
        "[E107] F:8: to: 1981-01-01 is before from 1982-01-01. "
        "Fix: write dates as YYYY, YYYY-MM or YYYY-MM-DD with from <= to."]


def test_wrong_kinds_and_forms(tmp_path):
    text = GOOD.replace("kind: armed_group, aliases", "kind: militia, aliases").replace(
        "{person: bob, office: head_of_state", "{person: bob, office: king")
    problems = texts(write(tmp_path, text))
    assert problems[0].startswith("[E103] F:4: kind: 'militia' is not one of state, government, military")
    assert problems[1].startswith("[E103] F:11: office: 'king' is not one of (or a list of) head_of_state")
    text = GOOD.replace("{person: alice, office", "{person: iran, office")
    assert any(p.startswith("[E103] F:10: office person: 'iran' is a state, not a person") for p in
               texts(write(tmp_path, text)))


def test_unknown_required_catalogue(tmp_path):
    path = write(tmp_path, "catalogue: x\nrequires: [atlantis]\n")
    [text] = texts(path)
    assert text.startswith("[E108] F:2: requires the catalogue 'atlantis', which is not known.")


def test_load_raises_the_first_problem_and_counts_the_rest(tmp_path):
    path = write(tmp_path, GOOD.replace("parent: iran", "parent: nowhere").replace("leader: iran", "leader: nobody"))
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    assert info.value.code == "E105"
    assert "(1 more problem(s): run `faultlines catalogue check` to see all.)" in str(info.value)


def test_references_across_files_of_one_folder(tmp_path):
    folder = tmp_path / "cat"
    folder.mkdir()
    write(folder, "catalogue: two\nactors:\n  - {id: a, name: A, kind: state}\n", "a.yaml")
    write(folder, "catalogue: two\naffiliations:\n  - {child: b, relation: part_of, parent: a}\n"
                  "actors:\n  - {id: b, name: B, kind: military}\n", "b.yaml")
    assert check_catalogue(folder) == []
