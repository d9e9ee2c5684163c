"""UCDP GED and ACLED on the real samples; format detection from headers."""

from __future__ import annotations

import csv

import pytest
from event_helpers import claims_by_row

from faultlines.errors import IngestError
from faultlines.ingest import ingest
from faultlines.ingest.events import detect
from faultlines.ingest.events.source import count_lines
from faultlines.ingest.lines import csv_records
from faultlines.model.dyads import DyadParams
from faultlines.store import Store
from faultlines.store.events import claim_codes


def test_ucdp_ged_sample(store, events):
    [report] = ingest(store, [events / "ucdp_ged_sample.csv"])
    assert (report.n_rows, report.n_claims, report.n_rejected) == (1000, 1000, 0)
    # line 2 (id 300380): Government of Syria (UCDP 118) vs Syrian insurgents (4456), state-based
    [claim] = claims_by_row(store, "ucdp-ged")["300380"]
    assert (claim.source_actor, claim.target_actor, claim.relation, claim.polarity) == (
        "syrian-government", "provisional-syrian-insurgents", "assault", -1.0)
    assert claim.evidence[0].line == 2 and claim.mapping == "polarity.ucdp.v1"
    assert claim_codes(store.con, [claim.id])[claim.id]["dyad_new_id"] == "11973"
    # README: 24 events Government of Syria - IS; UCDP id 234 is isis in the catalogue
    n = store.con.execute("SELECT count(*) FROM claims WHERE source_actor = 'syrian-government' "
                          "AND target_actor = 'isis'").fetchone()[0]
    assert n == 24


def test_records_spanning_lines_keep_their_own_lines(store, events):
    # The UCDP sample has values that span lines: each stored row's line is the one Python's own
    # CSV reading starts its record on, and that record holds the row's id.
    path = events / "ucdp_ged_sample.csv"
    records = {r.line: r.fields for r in csv_records(path)}
    assert len(records) < count_lines(path)  # records and lines differ
    ingest(store, [path])
    stored = store.con.execute("SELECT row_id, line FROM claim_evidence WHERE dataset = 'ucdp-ged'").fetchall()
    assert len(stored) == 1000 and all(records[line][0] == row_id for row_id, line in stored)


def test_acled_layout_associated_actors_cooperate(store, events):
    [report] = ingest(store, [events / "acled_layout_dummy.csv"])
    assert report.n_rows == 326 and report.n_rejected == 0
    claims = claims_by_row(store, "acled")["ARG10607"]  # line 2: protesters with four associated groups
    assert {(c.target_actor, c.relation, c.polarity) for c in claims} == {
        ("provisional-sisap-public-health-union", "cooperate", 1.0),
        ("provisional-health-workers-argentina", "cooperate", 1.0),
        ("provisional-ate-association-of-state-workers", "cooperate", 1.0),
        ("provisional-labour-group-argentina", "cooperate", 1.0)}
    assert {c.source_actor for c in claims} == {"provisional-protesters-argentina"}
    # 302 rows have no actor2: their event gives no claim, reported once
    [one_sided] = [p for p in report.problems if p.code == "W231"]
    assert " 302 acled row(s)" in one_sided.text and one_sided.line == 2


def test_acled_claims_count_the_outlet_their_row_names(store, events):
    # a row's outlet is the first of its sources ("Clarin; Pagina 12": Clarin), as read here from
    # the file itself; each score's outlets are those of its claims' rows
    with (events / "acled_layout_dummy.csv").open(encoding="utf-8", newline="") as f:
        first_source = {r["event_id_cnty"]: r["source"].split(";")[0].strip() for r in csv.DictReader(f)}
    ingest(store, [events / "acled_layout_dummy.csv"])
    rows = {c.id: c.evidence[0].row_id for c in store.claims()}
    scores = store.dyad_scores(DyadParams(window="all"))
    assert scores and all(set(s.sources) == {first_source[rows[i]] for i in s.claim_ids} for s in scores)
    assert len({o for s in scores for o in s.sources}) > 10


def test_acled_malformed_and_misencoded_rows(store, events, tmp_path):
    lines = (events / "acled_layout_dummy.csv").read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"Protesters", b"Protest\xe9rs")       # line 4: Latin-1 byte
    lines[5] = lines[5].replace(b"2022-06-30", b"30/06/2022", 1)       # line 6: a date in another form
    path = tmp_path / "acled.csv"
    path.write_bytes(b"\n".join(lines[:8]) + b"\n")
    [report] = ingest(store, [path])
    assert {p.line: p.code for p in report.problems if p.is_error} == {4: "E231", 6: "E232"}
    assert report.n_rows == 7


@pytest.mark.parametrize("name, fmt", [("icews_events.2018.sample.tab", "icews"),
                                       ("ucdp_ged_sample.csv", "ucdp-ged"), ("acled_layout_dummy.csv", "acled"),
                                       ("gdelt/mentionssamp.csv", "gdelt2-mentions")])
def test_detection_from_the_header(events, name, fmt):
    assert detect(events / name).fmt.name == fmt


def test_claims_files_and_unknown_compressed_files(tmp_path, store):
    claims = tmp_path / "c.csv"
    claims.write_text("date,source,target,relation,evidence\n2018-05-17,Russia,Iran,disapprove,A rift.\n")
    assert detect(claims) is None and ingest(store, [claims])[0].n_claims == 1
    odd = tmp_path / "notes.txt.gz"
    odd.write_bytes(__import__("gzip").compress(b"just some words\n"))
    with pytest.raises(IngestError, match="E235"):
        ingest(store, [odd])


def test_polecat_layout(store, tmp_path):
    # No POLECAT sample is shared: a two-row file in its published tab-separated layout.
    header = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Contexts", "Actor Name",
              "Actor Country", "Recipient Name", "Recipient Country", "Source"]
    rows = [["p1", "2018-06-02", "ASSAULT", "aerial", "-9", "military", "Russia", "RUS", "Syria", "SYR", "x"],
            ["p2", "2018-06-02", "NOSUCH", "", "", "", "Iran", "IRN", "Syria", "SYR", "x"]]
    path = tmp_path / "polecat.tsv"
    path.write_text("\n".join("\t".join(r) for r in [header, *rows]) + "\n")
    [report] = ingest(store, [path])
    [claim] = store.claims()
    assert (claim.source_actor, claim.target_actor, claim.relation, claim.mapping) == (
        "russia", "syria", "assault", "polarity.plover.v1")
    assert [(p.line, p.code) for p in report.problems if p.is_error] == [(3, "E233")]


def _claims_by_line(store) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for claim in store.claims():
        found.setdefault(claim.evidence[0].line, set()).add(claim.id)
    return found


def test_a_value_spanning_lines_keeps_every_line_true(tmp_path, events):
    # DuckDB reads the plain sample; a note with a newline in the first record makes the records
    # no longer match the lines, so each record's line is found by counting quotes; with a bad row
    # as well, Python reads the file row by row. All must give the same claims, one line apart
    # after the first record (less the bad row's).
    lines = (events / "acled_layout_dummy.csv").read_text(encoding="utf-8").splitlines()
    plain, spanning, bad = tmp_path / "plain.csv", tmp_path / "spanning.csv", tmp_path / "bad.csv"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    split = [lines[0], lines[1].replace("[size=no report]", "[size=\nno report]"), *lines[2:]]
    spanning.write_text("\n".join(split) + "\n", encoding="utf-8")
    latin = split[9].replace("Protesters", "Protestérs").encode("latin-1")  # line 11 (the 10th record)
    bad.write_bytes("\n".join(split[:9]).encode() + b"\n" + latin + ("\n" + "\n".join(split[10:]) + "\n").encode())
    with Store(tmp_path / "a.duckdb") as a, Store(tmp_path / "b.duckdb") as b, Store(tmp_path / "c.duckdb") as c:
        [ra], [rb], [rc] = ingest(a, [plain]), ingest(b, [spanning]), ingest(c, [bad])
        by_a, by_b, by_c = _claims_by_line(a), _claims_by_line(b), _claims_by_line(c)
        codes_a = claim_codes(a.con, sorted(by_a[5]))
        codes_b = claim_codes(b.con, sorted(by_b[6]))
    assert (ra.n_rows, ra.n_claims) == (rb.n_rows, rb.n_claims) == (326, ra.n_claims)
    assert by_a[2] == by_b[2] and len(by_a[2]) == 4  # the first record, its four associates
    assert {line + 1: ids for line, ids in by_a.items() if line > 2} == {k: v for k, v in by_b.items() if k > 2}
    assert codes_a == codes_b and all(c["role"] for c in codes_a.values())
    assert [(p.code, p.line) for p in rc.problems if p.is_error] == [("E231", 11)] and rc.n_rows == 326
    assert by_c == {k: v for k, v in by_b.items() if k != 11}
