"""The data model: validation with coded errors, content-hash ids, span offsets."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faultlines.errors import ModelError
from faultlines.model import (Actor, Affiliation, Claim, Coalition, CoalitionMember, Document, RowRef, Source,
                              TextSpan, format_date, parse_date, period_end)

DAY = dt.date(2018, 5, 17)


def make_claim(**changes) -> Claim:
    fields = dict(source_actor="russia", target_actor="iran", relation="disapprove", polarity=-1.0, intensity=2.0,
                  occurred_at=DAY, evidence=(RowRef("file:c.csv", "r1", line=3),), extractor="analyst.claims@1",
                  mapping="polarity.relation.v1")
    return Claim(**{**fields, **changes})


def test_claim_id_depends_on_what_is_asserted_not_on_confidence_or_line():
    a = make_claim()
    assert a.id == make_claim(confidence=0.3, notes="x").id
    assert a.id == make_claim(evidence=(RowRef("file:c.csv", "r1", line=99),)).id
    assert a.id != make_claim(relation="reject").id
    assert a.id != make_claim(occurred_at=dt.date(2018, 5, 18)).id
    assert a.id.startswith("clm_") and len(a.id) == 20


@pytest.mark.parametrize("field, value, reason", [
    ("polarity", 1.5, "must be in [-1, 1]"),
    ("intensity", -1.0, "must be in [0, 10]"),
    ("relation", "hug", "must be one of"),
    ("modality", "rumoured", "must be one of"),
    ("confidence", 2.0, "must be in [0, 1]"),
    ("evidence", (), "must hold one or more TextSpan or RowRef"),
    ("extractor", "analyst", "must be name@version"),
    ("reliability", "Z", "must be a grade A-F"),
])
def test_claim_rejects_bad_values_with_a_coded_error(field, value, reason):
    with pytest.raises(ModelError) as info:
        make_claim(**{field: value})
    assert info.value.code == "E301"
    assert str(info.value).startswith(f"[E301] Claim.{field}: {reason}")


def test_objects_are_immutable():
    claim = make_claim()
    with pytest.raises(AttributeError):
        claim.polarity = 1.0  # type: ignore[misc]


def test_document_id_is_the_hash_of_its_text():
    assert Document("abc", url="u1").id == Document("abc", url="u2").id != Document("abd").id


def test_span_must_lie_inside_its_document():
    doc = Document("Turkey opposes the SDF.")
    with pytest.raises(ModelError, match=r"TextSpan.end: is past the text's end \(23\)"):
        TextSpan.of(doc, 0, 40)
    with pytest.raises(ModelError, match="must be an int >= start"):
        TextSpan(doc.id, 5, 2)
    with pytest.raises(ModelError, match="belongs to another document"):
        TextSpan(doc.id, 0, 3).text(Document("other"))


@given(st.text(min_size=1), st.data())
def test_span_offsets_round_trip(text, data):
    doc = Document(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = TextSpan.of(doc, start, end)
    assert span.text(doc) == text[start:end]
    assert TextSpan(span.doc_id, span.start, span.end) == span


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.sampled_from(["day", "month", "year"]))
def test_partial_dates_round_trip(day, precision):
    text = format_date(day, precision)
    start, parsed_precision = parse_date(text)
    assert parsed_precision == precision
    assert start <= day < period_end(start, precision)
    assert format_date(start, precision) == text


@pytest.mark.parametrize("bad", ["2018-13", "18-05-01", "May 2018", "2018-02-30", ""])
def test_bad_dates_are_refused(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


def test_affiliation_dates_are_half_open():
    aff = Affiliation("a", "part_of", "b", dt.date(2015, 1, 1), dt.date(2018, 1, 1))
    assert aff.holds_on(dt.date(2015, 1, 1)) and aff.holds_on(dt.date(2017, 12, 31))
    assert not aff.holds_on(dt.date(2018, 1, 1))
    with pytest.raises(ModelError, match="holds_office needs a role"):
        Affiliation("p", "holds_office", "s")
    with pytest.raises(ModelError, match="ends before it starts"):
        Affiliation("a", "part_of", "b", dt.date(2018, 1, 1), dt.date(2015, 1, 1))


def test_coalition_membership_on_a_day():
    c = Coalition("c", "C", valid_from=dt.date(2014, 9, 10),
                  members=(CoalitionMember("usa"), CoalitionMember("sdf", dt.date(2015, 10, 10))))
    assert c.members_on(dt.date(2015, 1, 1)) == ("usa",)
    assert c.members_on(dt.date(2016, 1, 1)) == ("usa", "sdf")
    assert c.members_on(dt.date(2014, 1, 1)) == ()


def test_actor_and_source_validation():
    with pytest.raises(ModelError, match="Actor.kind"):
        Actor("x", "X", "planet")
    with pytest.raises(ModelError, match="Source.credibility"):
        Source("s", "S", credibility=9)
    assert Actor("x", "X", "state", codes=(("cameo", "XXX"),)).code("cameo") == "XXX"
