"""Event-dataset ingest at scale: a GDELT 2.0 events file, end to end, against DuckDB's bare count.

The file is generated at bench time into a temporary folder in the real 61-column, tab-separated,
headerless GDELT 2.0 layout, with values drawn from the real samples in ../shared/data/events:
event codes from the ICEWS sample's CAMEO code frequencies, actor codes from the KEDS Levant
sample's source and target frequencies (CAMEO actor codes), outlets and URLs from the GDELT 2.0
Mentions sample; about a third of the rows name no second actor, as in GDELT. The baseline is
``SELECT count(*) FROM read_csv(...)`` with the same explicit schema. Ours runs from opening the
store to closing it (DuckDB's checkpoint included), twice: into a store that already holds its
catalogue (the file's own cost, as after ``faultlines init``), and into a new one (the bundled
catalogue, ~750 KB of YAML, is parsed and written first: about a second more). Two floor cases
show what any design must pay: the claims (the same joins and SHA-256 ids) computed from the file
in one SQL statement and only counted, and the same written to a table; everything else an ingest
keeps (raw codes, evidence, line numbers, bad-row checks, the log) is left out of them.
A UCDP GED file (the real sample's rows repeated with new ids; some values span lines) is
ingested end to end against DuckDB's bare count of it. Peak memory is the maximum RSS of a separate process that ingests the largest file.
"""

from __future__ import annotations

import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from faultlines.ingest import ensure_catalogue, ingest
from faultlines.ingest.events.formats import BY_NAME, GDELT2_COLUMNS
from faultlines.ingest.events.source import count_lines
from faultlines.store import Store

EVENTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "events"
_VALUES = {
    "GLOBALEVENTID": "(800000000 + i)::VARCHAR", "SQLDATE": "strftime(day, '%Y%m%d')",
    "MonthYear": "strftime(day, '%Y%m')", "Year": "strftime(day, '%Y')",
    "FractionDate": "round(year(day) + dayofyear(day) / 365.0, 4)::VARCHAR",
    "Actor1Code": "a1", "Actor1Name": "left(a1, 3)", "Actor1CountryCode": "left(a1, 3)",
    "Actor1Type1Code": "substr(a1, 4, 3)", "Actor2Code": "a2", "Actor2Name": "left(a2, 3)",
    "Actor2CountryCode": "left(a2, 3)", "Actor2Type1Code": "substr(a2, 4, 3)", "IsRootEvent": "'1'",
    "EventCode": "code", "EventBaseCode": "left(code, 3)", "EventRootCode": "left(code, 2)", "QuadClass": "'1'",
    "GoldsteinScale": "'0.0'", "NumMentions": "(1 + i % 9)::VARCHAR", "NumSources": "'1'", "NumArticles": "'1'",
    "AvgTone": "'-2.5'", "ActionGeo_CountryCode": "left(a1, 2)", "DATEADDED": "strftime(day, '%Y%m%d') || '234500'",
    "SOURCEURL": "url"}


def generate(path: Path, n: int) -> None:
    """Write ``n`` GDELT 2.0 rows to ``path`` with DuckDB (the distributions come from the real samples)."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"""CREATE TABLE codes AS SELECT "CAMEO Code" AS v FROM read_csv('{EVENTS}/icews_events.2018.sample.tab',
                    delim='\t', all_varchar=true)""")
    con.execute(f"""CREATE TABLE actors AS SELECT v FROM (SELECT source AS v FROM read_csv('{EVENTS}/levant_cameo.csv',
                    all_varchar=true) UNION ALL SELECT target FROM read_csv('{EVENTS}/levant_cameo.csv', all_varchar=true))""")
    con.execute(f"""CREATE TABLE urls AS SELECT mentionidentifier AS v FROM
                    read_csv('{EVENTS}/gdelt/mentionssamp.csv', all_varchar=true)""")
    n_codes, n_actors, n_urls = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("codes", "actors", "urls"))
    for t in ("codes", "actors", "urls"):
        con.execute(f"CREATE TABLE {t}_i AS SELECT row_number() OVER () AS k, v FROM {t}")
    fields = ", ".join(_VALUES.get(c, "''") for c in GDELT2_COLUMNS)
    con.execute(f"""COPY (SELECT {fields} FROM (
            SELECT i, DATE '2018-01-01' + (i % 365)::INTEGER AS day, c.v AS code, x.v AS a1,
                   CASE WHEN i % 3 = 0 THEN '' ELSE y.v END AS a2, u.v AS url
            FROM (SELECT i, 1 + hash(i) % {n_codes} AS kc, 1 + hash(i + 1) % {n_actors} AS k1,
                         1 + hash(i + 2) % {n_actors} AS k2, 1 + hash(i + 3) % {n_urls} AS ku FROM range({n}) t(i)) r
            JOIN codes_i c ON c.k = r.kc JOIN actors_i x ON x.k = r.k1 JOIN actors_i y ON y.k = r.k2
            JOIN urls_i u ON u.k = r.ku))
        TO '{path}' (DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '')""")
    con.close()


def _reader(path: Path) -> str:
    """DuckDB's reader of a GDELT 2.0 file with its explicit all-VARCHAR schema (columns c1, c2, ...)."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, len(GDELT2_COLUMNS) + 1)) + "}"
    return (f"read_csv('{path}', delim='\t', header=false, quote='', escape='', columns={columns}, "
            "auto_detect=false)")


def _bare_count(path: Path) -> float:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    start = time.perf_counter()
    con.execute(f"SELECT count(*) FROM {_reader(path)}").fetchone()
    con.close()
    return time.perf_counter() - start


def _floor(path: Path, db: Path, *, write: bool) -> tuple[float, int]:
    """The least any design pays for the claims: one SQL statement from the file, nothing else.

    Every actor key maps to itself and event codes through the real CAMEO mapping (so the joins and
    the claims are those of ours), and each claim gets
    the same SHA-256 id over the same identity text as ours. ``write``: the claims' own columns go
    into a table of a store file; otherwise they are only counted. Left out, and all in ours: the
    raw codes, the evidence, line numbers, bad-row checks, the catalogue and the ingest log.
    """
    at = {name: f"c{i}" for i, name in enumerate(GDELT2_COLUMNS, 1)}
    reader = _reader(path)
    key = "concat_ws(chr(31), {}, {}, {})"
    src = key.format(at["Actor1Code"], at["Actor1CountryCode"], at["Actor1Type1Code"])
    tgt = key.format(at["Actor2Code"], at["Actor2CountryCode"], at["Actor2Type1Code"])
    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false; SET preserve_insertion_order = false")
    con.execute(f"CREATE TEMP TABLE actors AS SELECT DISTINCT unnest([{src}, {tgt}]) AS k FROM {reader} "
                f"WHERE {at['Actor1Code']} <> '' AND {at['Actor2Code']} <> ''")
    codes = [k for (k,) in con.execute(f"SELECT DISTINCT {at['EventCode']} FROM {reader}").fetchall()]
    scored = [(k, *score[:3]) for k in codes if k and (score := BY_NAME["gdelt2"].score(k)) and score[0]]
    con.execute("CREATE TEMP TABLE events (k VARCHAR, relation VARCHAR, polarity DOUBLE, intensity DOUBLE)")
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", scored)
    identity = ("""'["' || a.k || '","' || b.k || '","' || e.relation || '",' || e.polarity || ',' || e.intensity
        || ',"' || strftime(day, '%Y-%m-%d') || '","day","asserted",null,null,[["row","gdelt2","' || row_id
        || '"]],"gdelt2@1","cameo.v1"]'""")
    claims = f"""SELECT 'clm_' || left(sha256({identity}), 16) AS id, a.k AS src, b.k AS tgt, e.relation,
            e.polarity, e.intensity, day, row_id FROM (SELECT {src} AS s, {tgt} AS t, {at['EventCode']} AS ev,
                                     strptime({at['SQLDATE']}, '%Y%m%d')::DATE AS day, {at['GLOBALEVENTID']} AS row_id
                              FROM {reader} WHERE {at['Actor2Code']} <> '') d
        JOIN actors a ON a.k = d.s JOIN actors b ON b.k = d.t JOIN events e ON e.k = d.ev"""
    start = time.perf_counter()
    if write:
        con.execute(f"CREATE TABLE claims AS {claims}")
        n = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    else:
        n = con.execute(f"SELECT count(*), max(id) FROM ({claims})").fetchone()[0]
    con.close()
    return time.perf_counter() - start, n


def _ingest(path: Path, db: Path, *, initialised: bool) -> tuple[float, int]:
    """Seconds from opening the store to closing it (its checkpoint included), as the CLI does.

    ``initialised``: the store already holds its catalogue (as after ``faultlines init``), so the
    time is the file's alone; else it is new and the bundled catalogue is loaded and written first.
    """
    if initialised:
        with Store(db) as store:
            ensure_catalogue(store)
    start = time.perf_counter()
    with Store(db) as store:
        [report] = ingest(store, [path])
    return time.perf_counter() - start, report.n_claims


def _peak_rss_mb(path: Path, db: Path) -> float:
    code = ("import sys, pathlib; from faultlines.store import Store; from faultlines.ingest import ingest; "
            "s = Store(pathlib.Path(sys.argv[2])); ingest(s, [pathlib.Path(sys.argv[1])]); s.close()")
    subprocess.run([sys.executable, "-c", code, str(path), str(db)], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def generate_ucdp(path: Path, n: int) -> int:
    """Write ``n`` UCDP GED rows to ``path``: the real sample's rows over and over, each with a new
    id (so each is its own claim), values that span lines included; return how many lines."""
    with (EVENTS / "ucdp_ged_sample.csv").open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows([str(10_000_000 + i), *rows[i % len(rows)][1:]] for i in range(n))
    return count_lines(path)


def _ucdp_case(folder: Path, n: int) -> dict:
    """A quoted file whose values span lines, end to end, against DuckDB's bare count of it."""
    path = folder / "ged.csv"
    n_lines = generate_ucdp(path, n)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    start = time.perf_counter()
    con.execute(f"SELECT count(*) FROM read_csv('{path}', header=true, quote='\"', escape='\"', all_varchar=true)")
    base = time.perf_counter() - start
    con.close()
    seconds, n_claims = _ingest(path, folder / "ged.duckdb", initialised=True)
    return {"case": f"UCDP GED, {n:,} rows on {n_lines:,} lines, end-to-end ingest into a store holding its catalogue",
            "seconds": round(seconds, 3), "baseline_seconds": round(base, 3), "ratio": round(seconds / base, 2),
            "n": n, "note": f"{n_claims:,} claims; values span lines, so each record's line is found by counting "
                            "quotes; baseline: DuckDB read_csv count of the same file"}


def bench_events(*, scale: float = 1.0) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        n = max(1000, int(1_000_000 * scale))
        path = Path(tmp) / "gdelt2.export.CSV"
        generate(path, n)
        base = _bare_count(path)
        def timed(case: str, seconds: float, note: str) -> dict:
            return {"case": f"GDELT 2.0 events, {n:,} rows, {case}", "seconds": round(seconds, 3),
                    "baseline_seconds": round(base, 3), "ratio": round(seconds / base, 2), "n": n, "note": note}

        for initialised, what in ((True, "into a store holding its catalogue"),
                                  (False, "into a new store (catalogue loaded first)")):
            seconds, n_claims = _ingest(path, Path(tmp) / f"{initialised}.duckdb", initialised=initialised)
            results.append(timed(f"end-to-end ingest {what}", seconds,
                                 f"{n_claims:,} claims; baseline: DuckDB read_csv count of the same file; goal <= 2x"))
        for write, what in ((False, "computed, not stored"), (True, "written to a table of a store")):
            seconds, n_claims = _floor(path, Path(tmp) / f"floor-{write}.duckdb", write=write)
            results.append(timed(f"floor: the claims in one SQL statement, {what}", seconds,
                                 f"{n_claims:,} claims; the same joins and SHA-256 ids as ours; no codes, evidence, "
                                 "lines, checks or log: the least any design can cost"))
        path.unlink()
        results.append(_ucdp_case(Path(tmp), max(1000, int(200_000 * scale))))
        big = max(1000, int(10_000_000 * scale))
        path = Path(tmp) / "gdelt2-big.export.CSV"
        generate(path, big)
        peak = _peak_rss_mb(path, Path(tmp) / "b.duckdb")
        results.append({"case": f"GDELT 2.0 events, {big:,} rows, peak memory", "seconds": None,
                        "baseline_seconds": None, "ratio": None, "n": big, "peak_rss_mb": round(peak),
                        "note": f"max RSS {round(peak):,} MB of a subprocess ingesting the file; goal < 2048 MB"})
    return results
