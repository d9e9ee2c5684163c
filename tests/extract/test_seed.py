"""The founding article: quotes, attributions, tensions and hostility, exact evidence."""

from __future__ import annotations

import json

from tests.extract.conftest import DATA


def _pairs(extraction, a, b):
    return [c for c in extraction.claims if {c.source_actor, c.target_actor} == {a, b}]


def test_quotes_have_the_right_speakers(seed, seed_doc):
    gold = json.loads((DATA / "seed-fractures-2018.json").read_text())["quotes"]
    right = 0
    for q in gold:
        got = [x for x in seed.quotes if x.kind == "direct" and x.span.start < q["end"] and q["start"] < x.span.end]
        right += any(x.speaker == q["speaker"] for x in got)
    assert len(gold) == 9
    assert right >= 8


def test_quote_spans_exclude_marks_and_footnotes(seed, seed_doc):
    for q in seed.quotes:
        text = q.span.text(seed_doc)
        assert text == seed_doc.text[q.span.start:q.span.end]
        assert not text.startswith(("“", '"')) and "[" not in text[-4:]


def test_outlet_attributions(seed):
    cited = {i for _, ids in seed.attributions for i in ids}
    assert {"sky-news-arabia", "al-hayat", "cbs-news", "asharq-al-awsat", "al-hadath"} <= cited
    assert "provisional-kurdish-media" in cited


def test_claims_carry_their_outlet(seed):
    outlets = {c.attributed_to for c in _pairs(seed, "russia", "iran")}
    assert {"asharq-al-awsat", "al-hadath"} <= outlets


def test_tensions_inside_alliances(seed):
    for a, b in (("russia", "iran"), ("united-states", "turkey")):
        claims = _pairs(seed, a, b)
        assert any(c.polarity < 0 and c.notes and c.notes.startswith("alliance-tension") for c in claims), (a, b)


def test_turkey_and_the_kurdish_forces_are_hostile(seed):
    claims = _pairs(seed, "turkey", "sdf") + _pairs(seed, "turkey", "ypg")
    assert claims and all(c.polarity < 0 for c in claims)
    assert not any(c.notes for c in claims)  # declared adversaries: plain hostility, not tension


def test_every_claim_has_exact_evidence(seed, seed_doc):
    assert seed.claims
    for claim in seed.claims:
        assert claim.evidence
        for span in claim.evidence:
            assert span.doc_id == seed_doc.id
            assert span.text(seed_doc) == seed_doc.text[span.start:span.end] and span.end > span.start


def test_mentions_link_possessive_chains_and_metonyms(seed, seed_doc):
    linked = {(seed_doc.text[m.span.start:m.span.end], m.actor_id) for m in seed.mentions}
    assert ("Manbij Military Council", "manbij-military-council") in linked
    assert ("SDF", "sdf") in linked
    assert ("Alexander Lavrentiev", "alexander-lavrentiev") in linked
    assert ("League of the Righteous", "asaib-ahl-al-haq") in linked
    assert ("Damascus", "syria") in linked and ("Iranians", "iran") in linked
