"""The DuckDB store: migrations, idempotent upserts, atomic batches, read-only opening, round trips."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faultlines.errors import StoreError
from faultlines.ingest import ensure_catalogue
from faultlines.model import RELATIONS, Actor, Claim, Document, RowRef, Source, TextSpan
from faultlines.store import TABLES, Batch, IngestRecord, Store
from faultlines.store.migrate import known_migrations

RECORD = IngestRecord("ing_1", "c.csv", "0" * 64, "analyst.claims@1", 1)


def claim_with_doc(text: str = "Russia and Iran quarrel.", **changes) -> tuple[Claim, Document]:
    doc = Document(text, url="https://example.org/1", published_at=dt.date(2018, 5, 20), source_id="al-hayat")
    fields = dict(source_actor="russia", target_actor="iran", relation="disapprove", polarity=-1.0, intensity=2.0,
                  occurred_at=dt.date(2018, 5, 17), extractor="analyst.claims@1", mapping="polarity.relation.v1",
                  attributed_to="al-hayat")
    if "evidence" not in changes:
        fields["evidence"] = (TextSpan.of(doc, 0, min(6, len(text))), RowRef("file:c.csv", "r", 2))
    return Claim(**{**fields, **changes}), doc


def test_a_new_store_records_its_migrations(db_path):
    with Store(db_path) as store:
        applied = [r[0] for r in store.con.execute("SELECT name FROM schema_migrations").fetchall()]
        assert applied == known_migrations() == ["0001_initial", "0002_quotes", "0003_event_codes", "0004_places",
                                                   "0005_bulk_claims"]
        assert set(store.counts()) == set(TABLES)
    with Store(db_path) as store:  # reopening applies nothing twice
        assert store.con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(known_migrations())


def test_a_store_from_a_newer_version_is_refused(db_path):
    Store(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute("INSERT INTO schema_migrations VALUES ('0099_future', now())")
    con.close()
    with pytest.raises(StoreError) as info:
        Store(db_path)
    assert info.value.code == "E002"
    assert "0099_future" in str(info.value)


def test_read_only_store_cannot_be_written_and_must_exist(db_path):
    with pytest.raises(StoreError, match=r"\[E003\] there is no store at"):
        Store(db_path, read_only=True)
    Store(db_path).close()
    with Store(db_path, read_only=True) as store:
        with pytest.raises(StoreError, match=r"\[E004\]"):
            store.write_batch(Batch(), RECORD)


def test_writing_the_same_batch_twice_changes_no_count(store):
    claim, doc = claim_with_doc()
    batch = Batch(claims=[claim], documents=[doc], sources=[Source("al-hayat", "Al Hayat")],
                  actors=[Actor("provisional-x", "X", "unknown", provisional=True)])
    store.write_batch(batch, RECORD)
    first = store.counts()
    store.write_batch(batch, RECORD)
    assert store.counts() == first
    assert first["claims"] == 1 and first["claim_evidence"] == 2 and first["documents"] == 1


def test_a_failed_batch_leaves_the_store_as_it_was(store):
    claim, doc = claim_with_doc()
    store.write_batch(Batch(claims=[claim], documents=[doc]), RECORD)
    before = store.counts()
    other, other_doc = claim_with_doc("Another text.")
    bad_source = Source("s", "S")
    object.__setattr__(bad_source, "kind", None)  # violates NOT NULL inside the transaction
    with pytest.raises(duckdb.Error):
        store.write_batch(Batch(claims=[other], documents=[other_doc], sources=[bad_source]), RECORD)
    assert store.counts() == before


def test_claims_filters(store):
    a, doc_a = claim_with_doc()
    b, doc_b = claim_with_doc("Turkey threatens.", source_actor="turkey", target_actor="sdf", relation="threaten",
                              intensity=6.0, occurred_at=dt.date(2018, 3, 1))
    store.write_batch(Batch(claims=[a, b], documents=[doc_a, doc_b]), RECORD)
    assert [c.id for c in store.claims()] == [b.id, a.id]  # by date
    assert [c.id for c in store.claims(actor="sdf")] == [b.id]
    assert [c.id for c in store.claims(since=dt.date(2018, 4, 1))] == [a.id]
    assert [c.id for c in store.claims(until=dt.date(2018, 3, 1))] == [b.id]
    assert store.claims(limit=1)[0].id == b.id


claims = st.builds(
    lambda rel, pol, inten, day, conf, text, start, modality, speaker: claim_with_doc(
        text, relation=rel, polarity=pol, intensity=inten, occurred_at=day, confidence=conf, modality=modality,
        speaker=speaker, evidence=(TextSpan(Document(text).id, 0, min(start, len(text))),
                                   RowRef("file:x.csv", f"row{start}", start + 2))),
    st.sampled_from(sorted(RELATIONS)), st.floats(-1, 1), st.floats(0, 10),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)), st.floats(0, 1), st.text(min_size=1, max_size=50),
    st.integers(0, 60), st.sampled_from(["asserted", "denied", "future", "hypothetical"]),
    st.none() | st.sampled_from(["vladimir-putin", "bahram-qasemi"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=claims)
def test_claims_round_trip_through_the_store(store, pair):
    claim, doc = pair
    store.write_batch(Batch(claims=[claim], documents=[doc]), RECORD)
    [back] = [c for c in store.claims() if c.id == claim.id]
    assert back == claim
    assert back.evidence[1].line == claim.evidence[1].line
    assert store.documents([doc.id])[doc.id] == doc


def _row_groups(store: Store, table: str) -> int:
    return store.con.execute(f"SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('{table}')").fetchone()[0]


def test_checkpoints_leave_row_groups_alone_until_the_store_is_compacted(db_path):
    with Store(db_path) as store:
        with store.transaction():  # three full row groups
            store.con.execute("INSERT INTO claim_evidence SELECT 'clm_' || i, 0, 'row', NULL, NULL, NULL, 'bench', "
                              "i::VARCHAR, NULL FROM range(3 * 122880) t(i)")
        store.con.execute("DELETE FROM claim_evidence WHERE hash(claim_id) % 5 < 3")  # about 60% of each
        store.con.execute("CHECKPOINT")
        left = store.con.execute("SELECT count(*), min(claim_id), max(claim_id) FROM claim_evidence").fetchall()
        assert _row_groups(store, "claim_evidence") == 3
    with Store(db_path) as store:
        assert store.compact() == (3, 2)
        assert _row_groups(store, "claim_evidence") == 2
        assert store.con.execute("SELECT count(*), min(claim_id), max(claim_id) FROM claim_evidence").fetchall() == left
    with Store(db_path, read_only=True) as store, pytest.raises(StoreError, match="E004"):
        store.compact()


def test_a_new_store_is_given_the_catalogue_it_then_reads_back(db_path):
    with Store(db_path) as store:
        given = ensure_catalogue(store)
        back = store.catalogue()
        assert given.names == back.names and given.coalitions == back.coalitions
        assert given.actors == back.actors
        assert sorted(given.affiliations, key=repr) == sorted(back.affiliations, key=repr)
