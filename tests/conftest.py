"""Shared fixtures: real DuckDB files in temporary folders, the bundled catalogues, ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultlines.catalogue import Catalogue, load_catalogue
from faultlines.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "syria-2017-2018" / "claims.csv"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared reference data is missing: expected it at {SHARED} (beside the clone)")
    return SHARED


@pytest.fixture(scope="session")
def syria() -> Catalogue:
    """The bundled syria catalogue with the world catalogue it requires."""
    return load_catalogue("syria")


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture()
def store(db_path: Path):
    with Store(db_path) as s:
        yield s
