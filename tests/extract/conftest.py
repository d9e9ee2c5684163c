"""One extractor (one spaCy load, one pattern build) for the whole test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from faultlines.extract import Extractor
from faultlines.model import Document

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seed" / "fractures-post-isis-syria-2018.txt"


@pytest.fixture(scope="session")
def extractor(syria) -> Extractor:
    return Extractor(syria)


@pytest.fixture(scope="session")
def seed_doc() -> Document:
    if not SEED.is_file():
        pytest.fail(f"the founding article is missing: expected it at {SEED}")
    return Document(SEED.read_text(encoding="utf-8"), published_at=dt.date(2018, 5, 22))


@pytest.fixture(scope="session")
def seed(extractor, seed_doc):
    return extractor.extract(seed_doc)
