"""The real ICEWS sample (1-2 June 2018): Syria rows checked against the file read by hand."""

from __future__ import annotations

import pytest

from faultlines.ingest import ingest
from faultlines.store import Store
from faultlines.store.events import claim_codes

from event_helpers import claims_by_row

# Rows read by hand from icews_events.2018.sample.tab (line = physical line, the header is line 1):
# (line, event id, source, target, relation, sign, intensity = |ICEWS Intensity column|).
HAND = [
    (175, "32890073", "bashar-al-assad", "united-states", "threaten", -1, 4.4),  # Assad threatens Military (US), 130
    (176, "32890072", "bashar-al-assad", "united-states", "demand", -1, 5.0),    # Assad demands of United States, 100
    (462, "32890578", "syria", "iran", "mobilize", -1, 7.2),                     # Military (Syria) -> Military (Iran), 154
    (1698, "32897301", "iran", "syria", "retreat", 1, 10.0),                     # Military (Iran) retreats, 0874
    (1699, "32897302", "hezbollah", "syria", "retreat", 1, 10.0),                # Militia (Hezbollah), 0874
    (1951, "32897072", "sergey-lavrov", "syria", "demand", -1, 5.0),             # Lavrov demands of Military (Syria)
    (2331, "32865435", "iran", "syria", "cooperate", 1, 6.0),                    # Police (Iran) material coop., 060
    (2535, "32899355", "united-states", "syria", "assault", -1, 10.0),           # conventional military force, 190
    (2753, "32896766", "iran", "syria", "support", 1, 3.4),                      # praise or endorse, 051
    (2905, "32897116", "walid-muallem", "united-states", "demand", -1, 5.0),
    (2947, "32900101", "walid-muallem", "iran", "support", 1, 3.4),
    (2971, "32900121", "united-states", "syria", "agree", 1, 7.0),               # intent to yield, 035
    (2972, "32900002", "fsa", "syria", "threaten", -1, 4.4),                     # Armed Gang (FSA) -> Representatives (Syria)
    (3109, "32900236", "vladimir-putin", "bashar-al-assad", "consult", 1, 1.0),
    (3239, "32900463", "donald-trump", "syria", "agree", 1, 7.0),                # de-escalate, 0356
]


@pytest.fixture(scope="module")
def ingested(shared, tmp_path_factory):
    with Store(tmp_path_factory.mktemp("icews") / "icews.duckdb") as store:
        [report] = ingest(store, [shared / "data" / "events" / "icews_events.2018.sample.tab"])
        yield store, report


@pytest.fixture()
def store(ingested):
    return ingested[0]


@pytest.fixture()
def icews(ingested):
    return ingested[1]


@pytest.mark.parametrize("line, event_id, source, target, relation, sign, intensity", HAND)
def test_syria_rows_become_the_claims_read_by_hand(store, icews, line, event_id, source, target, relation, sign,
                                                   intensity):
    [claim] = claims_by_row(store, "icews")[event_id]
    assert (claim.source_actor, claim.target_actor, claim.relation) == (source, target, relation)
    assert claim.polarity == sign and claim.intensity == intensity
    assert claim.mapping == "polarity.cameo_icews.v1"
    [ref] = claim.evidence
    assert (ref.dataset, ref.row_id, ref.line) == ("icews", event_id, line)


def test_raw_codes_stay_on_the_claim(store, icews):
    [claim] = claims_by_row(store, "icews")["32890578"]
    codes = claim_codes(store.con, [claim.id])[claim.id]
    assert codes["cameo_event"] == "154" and codes["intensity"] == "-7.2"
    assert codes["source_name"] == "Military (Syria)" and codes["target_name"] == "Military (Iran)"


def test_non_state_agents_are_not_the_state(store, icews):
    # line 863: Militant (Syria), sectors "Unidentified Forces", uses unconventional violence on Syria
    [claim] = claims_by_row(store, "icews")["32887304"]
    assert claim.source_actor == "provisional-militant-syria" and claim.target_actor == "syria"
    assert any(p.code == "W230" and "Militant (Syria)" in p.text for p in icews.problems)


def test_every_row_is_accounted_for(store, icews):
    # 3,705 events (shared/data/README.md); bare statements (CAMEO 010 ...) give no claim and are counted
    assert icews.n_rows == 3705 and icews.n_rejected == 0
    [neutral] = [p for p in icews.problems if p.code == "W232"]
    n_neutral = int(neutral.text.split(": ", 1)[1].split()[0])
    assert icews.n_claims + n_neutral == 3705


def test_reingest_changes_nothing(store, events, icews):
    before = store.counts()
    [again] = ingest(store, [events / "icews_events.2018.sample.tab"])
    assert store.counts() == before and again.n_claims == icews.n_claims


def test_reingest_keeps_every_id_once(store, events, icews):
    ingest(store, [events / "icews_events.2018.sample.tab"])
    repeated = store.con.execute("""SELECT (SELECT count(*) - count(DISTINCT id) FROM claims),
        (SELECT count(*) - count(DISTINCT (claim_id, ordinal)) FROM claim_evidence),
        (SELECT count(*) - count(DISTINCT claim_id) FROM claim_codes)""").fetchone()
    assert repeated == (0, 0, 0)
