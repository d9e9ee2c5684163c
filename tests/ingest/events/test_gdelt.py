"""GDELT 1.0/2.0 events (rows built in the real layouts) and the real 2.0 Mentions sample."""

from __future__ import annotations

import csv

import datetime as dt
import gzip
import os
import pty
import re
import subprocess
import sys
import zipfile

from event_helpers import claims_by_row, gdelt_row

from faultlines.ingest import ingest
from faultlines.ingest.events import detect
from faultlines.model.dyads import DyadParams
from faultlines.model.fractures import Fracture
from faultlines.report.fractures import evidence_item, load_evidence
from faultlines.report.records import claim_record
from faultlines.store.events import claim_codes, event_mentions

US_STRIKES_SYRIA = {"GLOBALEVENTID": "770001", "SQLDATE": "20180602", "Actor1Code": "USAMIL", "Actor1Name": "UNITED STATES",
                    "Actor1CountryCode": "USA", "Actor1Type1Code": "MIL", "Actor2Code": "SYR", "Actor2Name": "SYRIA",
                    "Actor2CountryCode": "SYR", "EventCode": "190", "EventBaseCode": "190", "EventRootCode": "19",
                    "GoldsteinScale": "-10.0", "SOURCEURL": "https://example.org/strike"}


def _big_file(tmp_path, n: int, cut: int):
    """``n`` rows, each row's id encoding its line; the row on line ``cut`` lacks its last fields."""
    base = gdelt_row(dict(US_STRIKES_SYRIA, GLOBALEVENTID="{}"))
    lines = [base.replace("{}", str(1_000_000 + i), 1) for i in range(1, n + 1)]
    lines[cut - 1] = lines[cut - 1].rsplit("\t", 5)[0]
    path = tmp_path / "big.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _file(tmp_path, rows, name="20180602.export.CSV", version=2):
    path = tmp_path / name
    path.write_text("".join(gdelt_row(r, version=version) + "\n" for r in rows), encoding="utf-8")
    return path


def test_gdelt2_rows_become_claims_with_codes_and_source_url(store, tmp_path):
    rebels = {**US_STRIKES_SYRIA, "GLOBALEVENTID": "770002", "Actor1Code": "SYRREB", "Actor1Name": "SYRIA",
              "Actor1CountryCode": "SYR", "Actor1Type1Code": "REB", "EventCode": "0874"}
    [report] = ingest(store, [_file(tmp_path, [US_STRIKES_SYRIA, rebels])])
    assert (report.n_rows, report.n_claims, report.n_rejected) == (2, 2, 0)
    by_row = claims_by_row(store, "gdelt2")
    [strike] = by_row["770001"]
    assert (strike.source_actor, strike.target_actor, strike.relation, strike.weight) == (
        "united-states", "syria", "assault", -10.0)
    assert strike.mapping == "polarity.cameo_goldstein.v1" and strike.evidence[0].line == 1
    codes = claim_codes(store.con, [strike.id])[strike.id]
    assert codes["url"] == "https://example.org/strike" and codes["actor1_code"] == "USAMIL"
    [retreat] = by_row["770002"]  # SYRREB is no state agent: a provisional actor, reported
    assert retreat.source_actor == "provisional-syrreb" and retreat.polarity == 1.0
    assert [p.line for p in report.problems if p.code == "W230"] == [2]


def test_gdelt1_layout_is_read(store, tmp_path):
    path = _file(tmp_path, [US_STRIKES_SYRIA], name="20180602.export.CSV", version=1)
    assert detect(path).fmt.name == "gdelt1"
    [report] = ingest(store, [path])
    assert report.n_claims == 1 and claims_by_row(store, "gdelt1")["770001"][0].relation == "assault"


def test_gdelt1_backfiles_without_source_url_are_the_same_dataset(store, tmp_path):
    # GDELT 1.0's historical files (to March 2013) have 57 fields, no SOURCEURL. An event found in
    # a backfile and a daily file is one claim (stored once, from the file read first).
    march = dict(US_STRIKES_SYRIA, SQLDATE="20130302")
    old = _file(tmp_path, [march], name="201303.csv", version="1-historical")
    daily = _file(tmp_path, [march], name="20130401.export.CSV", version=1)
    assert detect(old).fmt.name == "gdelt1-historical" and detect(daily).fmt.name == "gdelt1"
    [report] = ingest(store, [old])
    [claim] = claims_by_row(store, "gdelt1")["770001"]
    assert report.n_claims == 1 and (claim.relation, claim.occurred_at.isoformat()) == ("assault", "2013-03-02")
    assert "url" not in claim_codes(store.con, [claim.id])[claim.id]
    ingest(store, [daily])
    assert [c.id for c in claims_by_row(store, "gdelt1")["770001"]] == [claim.id]


def test_malformed_rows_are_reported_with_their_line_and_the_rest_stored(store, tmp_path):
    good = [dict(US_STRIKES_SYRIA, GLOBALEVENTID=str(770100 + i)) for i in range(5)]
    lines = [gdelt_row(r) for r in good]
    lines[1] = lines[1].rsplit("\t", 3)[0]                    # line 2: cut short
    lines[2] = lines[2].replace("20180602", "2018-13-45", 1)  # line 3: not a date
    lines[3] = lines[3].replace("\t190\t", "\t999\t", 1)      # line 4: no such CAMEO code
    path = tmp_path / "bad.export.CSV"
    path.write_bytes(("\n".join(lines[:4]) + "\n").encode() + b"\xff\xfe broken\n" + (lines[4] + "\n").encode())
    [report] = ingest(store, [path])
    errors = {p.line: p.code for p in report.problems if p.is_error}
    assert errors == {2: "E230", 3: "E232", 4: "E233", 5: "E231"}
    assert report.n_claims == 2 and report.n_rows == 6
    assert {c.evidence[0].line for c in store.claims()} == {1, 6}  # lines stay true after the rejected one


def test_gz_and_zip_are_read_directly(store, tmp_path):
    plain = _file(tmp_path, [US_STRIKES_SYRIA])
    gz = tmp_path / "a.export.CSV.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    zipped = tmp_path / "b.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.write(plain, "20180602.export.CSV")
    reports = ingest(store, [gz, zipped])
    assert [r.n_claims for r in reports] == [1, 1]
    assert store.counts()["claims"] == 1  # the same row three ways is one claim


def test_one_happening_in_icews_and_gdelt_is_one_happening(store, events, tmp_path):
    # ICEWS line 2535 (event 32899355): United States -> Syria, CAMEO 190, 2018-06-02. The samples
    # share no days, so a GDELT 2.0 row reporting the same strike is built here in the real layout.
    ingest(store, [events / "icews_events.2018.sample.tab", _file(tmp_path, [US_STRIKES_SYRIA])])
    [score] = [s for s in store.dyad_scores(DyadParams(window="day")) if (s.a, s.b) == ("syria", "united-states")
               and s.start.isoformat() == "2018-06-02"]
    gdelt = claims_by_row(store, "gdelt2")["770001"][0].id
    assert gdelt in score.claim_ids
    # each report's outlet is the publisher its row names (read here from the sample itself), and
    # for the GDELT row the host of its SOURCEURL
    with (events / "icews_events.2018.sample.tab").open(encoding="utf-8", newline="") as f:
        publishers = {r["Event ID"]: r["Publisher"] for r in csv.DictReader(f, delimiter="\t")}
    cited = {e.row_id for c in store.claims() if c.id in score.claim_ids for e in c.evidence
             if getattr(e, "dataset", None) == "icews"}
    assert set(score.sources) == {publishers[i] for i in cited} | {"example.org"}
    assert score.n_independent_sources == len(score.sources) > 2
    assert score.n_happenings < score.n_claims  # the reports of the strike merged into one happening


def test_real_mentions_sample_ties_urls_to_events(store, events):
    [report] = ingest(store, [events / "gdelt" / "mentionssamp.csv"])
    assert report.n_rows == 1635 and report.n_rejected == 0 and report.n_claims == 0
    # line 2 of mentionssamp.csv: event 555924816 mentioned by china.org.cn, confidence 100
    [(url, outlet, when, confidence)] = event_mentions(store.con, "gdelt2", "555924816")
    assert url == "http://arabic.china.org.cn/txt/2017-07/02/content_41135804.htm"
    assert (outlet, when, confidence) == ("china.org.cn", "20170701234500", 100)
    n_events = store.con.execute("SELECT count(DISTINCT event_id) FROM event_mentions").fetchone()[0]
    assert n_events == 1430  # shared/data/README.md: 1,635 rows covering 1,430 distinct events


def test_a_repeated_row_is_one_claim_at_its_first_line(store, tmp_path):
    other = dict(US_STRIKES_SYRIA, GLOBALEVENTID="770003")
    [report] = ingest(store, [_file(tmp_path, [US_STRIKES_SYRIA, other, US_STRIKES_SYRIA])])
    assert report.n_claims == 2
    assert sorted(c.evidence[0].line for c in store.claims()) == [1, 2]


def test_lines_stay_true_in_a_file_read_in_parallel(store, tmp_path):
    # ~60 MB and 240,000 rows: DuckDB splits it among threads and row groups; every row's id
    # encodes its line, and one cut row in the middle shifts the lines after it.
    n, cut = 240_000, 150_001
    [report] = ingest(store, [_big_file(tmp_path, n, cut)])
    assert [(p.line, p.code) for p in report.problems if p.is_error] == [(cut, "E230")]
    wrong = store.con.execute("SELECT count(*), sum((line <> row_id::BIGINT - 1000000)::INT) FROM claim_evidence "
                              "WHERE dataset = 'gdelt2'").fetchone()
    assert wrong == (n - 1, 0)


def test_the_cli_shows_a_bar_moving_through_one_big_file(tmp_path):
    # In a terminal (a pseudo-terminal here), `faultlines ingest` draws a bar for the file being
    # read that moves with DuckDB's progress of each step, not only when the file is done.
    path = _big_file(tmp_path, 240_000, 150_001)
    terminal, child = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    env.pop("FAULTLINES_DB", None)
    with open(tmp_path / "out.txt", "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "faultlines", "--db", str(tmp_path / "x.duckdb"), "ingest",
                                 str(path)], stdout=out, stderr=child, env=env)
    os.close(child)
    drawn = b""
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    os.close(terminal)
    assert proc.wait(timeout=300) == 2  # the cut row is rejected, the rest stored
    shown = [int(p) for p in re.findall(r"big\.export\.CSV\D*?(\d+)%", drawn.decode(errors="replace"))]
    assert any(0 < p < 100 for p in shown), shown
    assert shown == sorted(shown)
    assert "239999 claims stored, 1 rejected" in (tmp_path / "out.txt").read_text()


def test_a_claim_from_a_row_is_cited_by_its_row_with_its_url_codes_and_mentions(store, events, tmp_path):
    # Event 555924816 is mentioned in the real Mentions sample; its row here has no SOURCEURL.
    mentioned = {**US_STRIKES_SYRIA, "GLOBALEVENTID": "555924816", "SOURCEURL": ""}
    ingest(store, [_file(tmp_path, [US_STRIKES_SYRIA, mentioned]), events / "gdelt" / "mentionssamp.csv"])
    by_row = claims_by_row(store, "gdelt2")
    strike, other = by_row["770001"][0], by_row["555924816"][0]
    fracture = Fracture("syria", "united-states", "inferred", 0.5, "emerging", dt.date(2018, 6, 1),
                        claim_ids=(strike.id, other.id))
    evidence = load_evidence(store, [fracture])
    catalogue = store.catalogue()
    item = evidence_item(strike, evidence, catalogue)
    assert (item["doc_id"], item["outlet_id"], item["url"]) == ("gdelt2:770001", "gdelt2", "https://example.org/strike")
    assert item["title"].endswith("row 770001, line 1") and item["text"] is None
    assert (item["codes"]["cameo_event"], item["codes"]["goldstein"], item["mentions"]) == ("190", "-10.0", [])
    item = evidence_item(other, evidence, catalogue)
    urls = [m[0] for m in event_mentions(store.con, "gdelt2", "555924816")]
    assert "http://arabic.china.org.cn/txt/2017-07/02/content_41135804.htm" in urls
    assert item["url"] == urls[0] and item["mentions"] == urls[:5] and "url" not in item["codes"]
    [record] = [r for r in (claim_record(c, catalogue, {}, store.sources(), store.dataset_rows([c.id]))
                            for c in [other])]
    assert record["evidence"][0]["mentions"] == urls[:5] and record["evidence"][0]["codes"]["cameo_event"] == "190"
