"""The analyst claims reader on small files written here: every bad row named, the rest stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faultlines.errors import IngestError
from faultlines.ingest import ingest

HEADER = "date,source,target,relation,evidence,outlet,polarity,intensity,confidence,modality,reliability\n"


def write(tmp_path: Path, text: str, name: str = "claims.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_good_rows_become_claims_with_evidence_and_outlet(store, tmp_path):
    path = write(tmp_path, HEADER + '2018-05-18,Russia,the Iranians,disapprove,"Moscow wants all foreign forces '
                 'out, Iran included.",Sky News Arabia,,,0.7,,\n')
    [report] = ingest(store, [path])
    assert (report.n_rows, report.n_claims, report.n_rejected) == (1, 1, 0)
    [claim] = store.claims()
    assert (claim.source_actor, claim.target_actor, claim.relation) == ("russia", "iran", "disapprove")
    assert (claim.polarity, claim.intensity, claim.mapping) == (-1.0, 2.0, "polarity.relation.v1")
    assert claim.attributed_to == "sky-news-arabia" and claim.confidence == 0.7
    span, row = claim.evidence
    doc = store.documents([span.doc_id])[span.doc_id]
    assert span.text(doc) == "Moscow wants all foreign forces out, Iran included."
    assert doc.source_id == "sky-news-arabia" and row.line == 2


def test_analyst_scores_override_the_relation_mapping(store, tmp_path):
    path = write(tmp_path, HEADER + "2018-01-20,Turkey,YPG,assault,Ankara launched an offensive.,,-1,9,,,B\n")
    ingest(store, [path])
    [claim] = store.claims()
    assert (claim.intensity, claim.mapping, claim.reliability) == (9.0, "polarity.analyst.v1", "B")


def test_each_bad_row_is_reported_with_its_line_and_the_rest_stored(store, tmp_path):
    rows = [
        "2018-05-17,Russia,Iran,disapprove,Fine row one.,,,,,,",          # line 2: good
        "2018-05-17,Russia,Iran,hug,Unknown relation.,,,,,,",             # 3: E204
        "2018-05-32,Russia,Iran,reject,Bad day.,,,,,,",                   # 4: E203
        "2018-05-17,Russia,,reject,No target.,,,,,,",                     # 5: E202
        "2018-05-17,Russia,Iran,reject,Bad polarity.,,3,,,,",             # 6: E205
        "2018-05-17,Russia,Iran,reject,Bad modality.,,,,,rumour,",        # 7: E206
        '2018-05-17,Russia,Iran,reject,"Cut in the middle of a quote',     # 8: E210
        "2018-05-17,Russia,Iran,reject",                                  # 9: E201
        "2018-05-18,Russia,Iran,agree,Fine row two.,,,,,,",               # 10: good
    ]
    path = write(tmp_path, HEADER + "\n".join(rows) + "\n")
    [report] = ingest(store, [path])
    assert [(p.line, p.code) for p in report.problems] == [
        (3, "E204"), (4, "E203"), (5, "E202"), (6, "E205"), (7, "E206"), (8, "E210"), (9, "E201")]
    assert (report.n_rows, report.n_claims, report.n_rejected) == (9, 2, 7)
    assert sorted(c.relation for c in store.claims()) == ["agree", "disapprove"]
    assert [p.line for p in store.ingest_problems()] == [3, 4, 5, 6, 7, 8, 9]


def test_a_multi_line_quoted_value_is_one_row(store, tmp_path):
    path = write(tmp_path, HEADER + '2018-05-17,Russia,Iran,disapprove,"Line one\nline two",,,,,,\n'
                 "2018-05-18,Russia,Iran,agree,Next.,,,,,,\n")
    [report] = ingest(store, [path])
    assert report.n_claims == 2 and not report.problems
    span = store.claims()[0].evidence[0]
    assert store.documents([span.doc_id])[span.doc_id].text == "Line one\nline two"


def test_a_line_in_another_encoding_is_reported_and_the_rest_read(store, tmp_path):
    good = "2018-05-17,Russia,Iran,disapprove,Fine.,,,,,,\n".encode()
    latin = "2018-05-18,Russia,Iran,reject,Caf\u00e9 talks failed.,,,,,,\n".encode("latin-1")
    path = write(tmp_path, HEADER.encode() + good + latin + good.replace(b"Fine", b"Also fine"))
    [report] = ingest(store, [path])
    assert [(p.line, p.code) for p in report.problems] == [(3, "E012")]
    assert "byte 0xe9 at column 34 is not UTF-8" in report.problems[0].text
    assert report.n_claims == 2


def test_unknown_names_become_provisional_actors_reported_once(store, tmp_path):
    path = write(tmp_path, HEADER + "2019-03-01,Jaysh al-Mukhtar,Iran,threaten,A.,,,,,,\n"
                 "2019-03-02,Jaysh al-Mukhtar,Iran,threaten,B.,,,,,,\n")
    [report] = ingest(store, [path])
    assert [(p.code, p.line) for p in report.problems] == [("W201", 2)]
    assert report.n_rejected == 0 and report.n_claims == 2
    [actor] = store.actors(ids=["provisional-jaysh-al-mukhtar"])
    assert actor.provisional and actor.name == "Jaysh al-Mukhtar"
    ingest(store, [path])  # a second time the provisional actor is known
    assert store.counts()["actors"] == len(store.actors())


def test_header_errors_stop_the_file(store, tmp_path):
    with pytest.raises(IngestError, match=r"\[E013\] .*lacks the required column\(s\) relation"):
        ingest(store, [write(tmp_path, "date,source,target,evidence\n")])
    with pytest.raises(IngestError, match=r"\[E014\] .*unknown column\(s\) sorce"):
        ingest(store, [write(tmp_path, "date,sorce,source,target,relation,evidence\n")])
    with pytest.raises(IngestError, match=r"\[E015\] .*the file is empty"):
        ingest(store, [write(tmp_path, "")])
    with pytest.raises(IngestError, match=r"\[E011\] .*cannot read files of this kind \(.pdf\)"):
        ingest(store, [write(tmp_path, "x", "a.pdf")])
    with pytest.raises(IngestError, match=r"\[E010\] .*no such file"):
        ingest(store, [tmp_path / "missing.csv"])


def test_jsonl(store, tmp_path):
    lines = [json.dumps({"date": "2018-06-04", "source": "United States", "target": "Turkey", "relation": "agree",
                         "evidence": "A roadmap for Manbij was agreed.", "confidence": 0.9}),
             "{not json", json.dumps(["a list"]), json.dumps({"date": "2018", "sorce": "x"})]
    [report] = ingest(store, [write(tmp_path, "\n".join(lines) + "\n", "c.jsonl")])
    assert [(p.line, p.code) for p in report.problems] == [(2, "E207"), (3, "E207"), (4, "E209")]
    [claim] = store.claims()
    assert (claim.source_actor, claim.target_actor, claim.confidence) == ("united-states", "turkey", 0.9)


def test_folders_are_read_recursively(store, tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", HEADER + "2018-05-17,Russia,Iran,disapprove,A.,,,,,,\n", "a.csv")
    write(tmp_path, HEADER + "2018-05-18,Russia,Iran,agree,B.,,,,,,\n", "b.csv")
    write(tmp_path, "ignored", "notes.docx")
    reports = ingest(store, [tmp_path])
    assert [Path(r.path).name for r in reports] == ["b.csv", "a.csv"]
    assert store.counts()["claims"] == 2
