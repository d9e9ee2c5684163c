"""Texts about conflicts outside the bundled catalogues: provisional actors and claims between them."""

from __future__ import annotations

import datetime as dt

from faultlines.model import Document
from tests.extract.conftest import DATA


def _doc(name: str, day: dt.date) -> Document:
    return Document((DATA / f"{name}.txt").read_text(encoding="utf-8"), published_at=day)


def test_named_groups_outside_the_catalogue_become_provisional_actors_with_claims(extractor):
    doc = _doc("sudan", dt.date(2023, 6, 2))
    out = extractor.extract(doc)
    new = {a.id: a for a in out.new_actors}
    rsf = new["provisional-rapid-support-forces"]
    assert rsf.provisional and rsf.kind == "armed_group" and "RSF" in rsf.acronyms
    pair = {"provisional-sudanese-armed-forces", "provisional-rapid-support-forces"}
    assert any(c.relation == "assault" and c.polarity < 0 for c in out.claims
               if {c.source_actor, c.target_actor} == pair)
    # a later bare acronym links to the same provisional actor
    assert any(m.actor_id == rsf.id and doc.text[m.span.start:m.span.end] == "RSF" for m in out.mentions)


def test_invented_conflict_yields_pairwise_claims(extractor):
    text = ("The Northern Liberation Front attacked positions of the Coastal Defence Brigades near the river on "
            "Monday. The Coastal Defence Brigades accused the Northern Liberation Front of killing civilians.")
    out = extractor.extract(Document(text, published_at=dt.date(2024, 4, 10)))
    got = {(c.source_actor, c.relation, c.target_actor) for c in out.claims}
    assert ("provisional-northern-liberation-front", "assault", "provisional-coastal-defence-brigades") in got
    assert ("provisional-coastal-defence-brigades", "accuse", "provisional-northern-liberation-front") in got
    attack = next(c for c in out.claims if c.relation == "assault")
    assert attack.occurred_at == dt.date(2024, 4, 8)  # "on Monday", resolved against publication


def test_dateline_places_are_not_actors(extractor):
    out = extractor.extract(_doc("yemen", dt.date(2023, 3, 14)))
    dateline = out.doc.text.index("ADEN, 14 March")
    assert not any(dateline <= m.span.start < dateline + 20 for m in out.mentions)
    assert all(c.occurred_at == dt.date(2023, 3, 14) for c in out.claims if "14 March 2023" in
               out.doc.text[c.evidence[0].start:c.evidence[0].end])


def test_fought_alongside_is_cooperation_and_demonyms_yield_to_named_groups(extractor):
    out = extractor.extract(_doc("libya", dt.date(2020, 7, 20)))
    wagner = [c for c in out.claims if "wagner-group" in (c.source_actor, c.target_actor)]
    assert wagner and all(c.relation == "cooperate" for c in wagner)
    assert not any({c.source_actor, c.target_actor} == {"russia", "wagner-group"} for c in out.claims)


def test_negation_future_and_hypothetical(extractor):
    text = ("Kenya did not attack Somalia. Ethiopia will send troops into Somalia. "
            "Egypt could impose sanctions on Ethiopia.")
    out = extractor.extract(Document(text, published_at=dt.date(2024, 1, 5)))
    modality = {(c.source_actor, c.target_actor): c.modality for c in out.claims}
    assert modality[("kenya", "somalia")] == "denied"
    assert modality[("ethiopia", "somalia")] == "future"
    assert modality[("egypt", "ethiopia")] == "hypothetical"


def test_several_actors_split_into_pairs(extractor):
    text = "Mali, Burkina Faso and Niger signed a defence pact on Saturday."
    out = extractor.extract(Document(text, published_at=dt.date(2023, 9, 17)))
    pairs = {frozenset((c.source_actor, c.target_actor)) for c in out.claims if c.relation == "agree"}
    assert pairs == {frozenset(p) for p in (("mali", "burkina-faso"), ("mali", "niger"), ("burkina-faso", "niger"))}


def test_quotes_after_the_words_and_pronoun_speakers(extractor):
    text = ("Sudan's army chief Abdel Fattah al-Burhan spoke in Port Sudan. \"We will fight until the end of the "
            "rebellion,\" he said. \u201cNobody will negotiate with criminals,\u201d Burhan added.")
    out = extractor.extract(Document(text, published_at=dt.date(2023, 8, 1)))
    speakers = [q.speaker for q in out.quotes if q.kind == "direct"]
    assert speakers == ["abdel-fattah-al-burhan", "abdel-fattah-al-burhan"]


def test_provisional_actors_in_the_catalogue_do_not_change_the_result(extractor, syria):
    from faultlines.extract import Extractor
    doc = _doc("sudan", dt.date(2023, 6, 2))
    first = extractor.extract(doc)
    grown = syria.with_actors(first.new_actors)  # what a store holds after the first ingest
    again = Extractor(grown, nlp=extractor.nlp).extract(doc)
    assert [c.id for c in again.claims] == [c.id for c in first.claims]
    assert [(m.span, m.actor_id) for m in again.mentions] == [(m.span, m.actor_id) for m in first.mentions]


def test_the_catalogue_order_does_not_change_the_partnership_named(extractor, syria):
    # Iran and Russia share two declared coalitions; loaded from YAML and read back from a store,
    # the catalogue lists them in different orders, and the tension note must not follow it.
    import dataclasses

    from faultlines.extract import Extractor
    day = dt.date(2018, 10, 17)
    shared = sorted(c.id for c in syria.coalitions.values()
                    if {"iran", "russia"} <= set(c.members_on(day)))
    assert len(shared) >= 2
    flipped = dataclasses.replace(syria, coalitions=dict(reversed(list(syria.coalitions.items()))))
    named = {extractor.partners("iran", "russia", day), Extractor(flipped, nlp=extractor.nlp).partners("iran", "russia", day)}
    assert named == {shared[0]}
