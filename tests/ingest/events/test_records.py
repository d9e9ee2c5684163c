"""Where each record of a quoted CSV starts (ingest/events/records.py), against Python's own CSV
reading of the same file (ingest/lines.csv_records, the row-by-row reader), read in chunks as
small as a few bytes so that quotes, "\\r\\n" and blank lines fall on chunk edges."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from faultlines.ingest.events.records import record_lines
from faultlines.ingest.lines import csv_records

plain = st.text(alphabet="abc xyz019", min_size=1, max_size=6).filter(lambda s: s.strip() == s)
quoted = st.lists(st.sampled_from(["a", " ", ",", "\n", '""', "\r\n", "é"]), min_size=0, max_size=6).map(
    lambda parts: '"' + "".join(parts) + '"')
rows = st.lists(st.tuples(st.lists(st.one_of(plain, quoted), min_size=3, max_size=3), st.integers(0, 2)),
                min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows, st.sampled_from(["\n", "\r\n"]), st.booleans(), st.integers(1, 40))
def test_record_lines_are_the_lines_python_reads_each_record_from(tmp_path_factory, body, eol, final_eol, chunk):
    text = "id,a,b" + eol
    for fields, blank_lines_after in body:
        text += ",".join(fields) + eol + eol * blank_lines_after
    if not final_eol:
        text = text.removesuffix(eol)
    path = tmp_path_factory.mktemp("records") / "x.csv"
    path.write_bytes(text.encode())
    want = [r.line for r in csv_records(path)][1:]
    assert record_lines(path, header=True, chunk=chunk).tolist() == want
    assert record_lines(path, header=False, chunk=chunk).tolist() == [1, *want]


def test_an_empty_file_and_a_header_alone_have_no_records(tmp_path):
    empty, alone = tmp_path / "empty.csv", tmp_path / "alone.csv"
    empty.write_bytes(b"")
    alone.write_bytes(b"id,a\r\n\r\n")
    assert record_lines(empty, header=True).tolist() == []
    assert record_lines(alone, header=True).tolist() == []
    assert record_lines(alone, header=False).tolist() == [1]
