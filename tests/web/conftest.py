"""Fixtures for the web app: real DuckDB stores made from the bundled example, a real server, a browser."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from faultlines.ingest import ingest
from faultlines.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "syria-2017-2018" / "claims.csv"
SCRIPT_NAME = "<script>alert('name')</script>"
IMG_NAME = "<img src=x onerror=alert('name')>"
EVIDENCE = "Officials said <script>alert('xss')</script> and <img src=x onerror=alert(document.cookie)> at the talks."
HEADER = ["date", "source", "target", "relation", "evidence", "outlet", "url", "speaker", "confidence"]


def _store(folder: Path, *files: Path) -> Path:
    path = folder / "store.duckdb"
    with Store(path) as store:
        ingest(store, list(files))
    return path


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    """The bundled Syria 2017-2018 example ingested into a fresh store."""
    return _store(tmp_path_factory.mktemp("example"), EXAMPLE)


@pytest.fixture(scope="session")
def payloads() -> dict[str, str]:
    """The script payloads the hostile store carries, as they must appear: as text."""
    return {"script_name": SCRIPT_NAME, "img_name": IMG_NAME, "evidence": EVIDENCE}


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory) -> Path:
    """The example plus claims whose actor names, evidence, outlet and link carry script payloads."""
    folder = tmp_path_factory.mktemp("hostile")
    rows = [[f"2018-12-{day:02d}", SCRIPT_NAME, IMG_NAME, "cooperate", EVIDENCE, IMG_NAME, "javascript:alert('url')",
             SCRIPT_NAME, "0.9"] for day in (3, 10, 17)]
    rows += [[f"2018-12-{day:02d}", SCRIPT_NAME, "russia", "assault", EVIDENCE, "reuters", "https://example.org/x",
              "", "0.9"] for day in (4, 11)]
    payload = folder / "payload.csv"
    with payload.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return _store(folder, EXAMPLE, payload)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium (`scripts/run.py test` installs it); the browser tests skip only when it is absent."""
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def gdelt_db(tmp_path_factory) -> Path:
    """The example plus GDELT 2.0 rows (in the real layout) of US strikes on Syria in December 2018,
    one with a script URL as its SOURCEURL."""
    from faultlines.ingest.events.formats import GDELT2_COLUMNS

    folder = tmp_path_factory.mktemp("gdelt")
    lines = []
    for i, (day, url) in enumerate([("20181205", "https://example.org/strike"), ("20181212", "javascript:alert('row')")]):
        values = {"GLOBALEVENTID": str(880001 + i), "SQLDATE": day, "Actor1Code": "USAMIL", "Actor1CountryCode": "USA",
                  "Actor1Type1Code": "MIL", "Actor2Code": "SYR", "Actor2CountryCode": "SYR", "EventCode": "190",
                  "EventBaseCode": "190", "EventRootCode": "19", "GoldsteinScale": "-10.0", "SOURCEURL": url}
        lines.append("\t".join(values.get(c, "") for c in GDELT2_COLUMNS))
    events = folder / "20181212.export.CSV"
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _store(folder, EXAMPLE, events)
