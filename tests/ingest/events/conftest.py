"""Fixtures for the event-dataset tests: the real samples in ../shared/data/events."""

from __future__ import annotations

from pathlib import Path

import pytest



@pytest.fixture()
def events(shared: Path) -> Path:
    return shared / "data" / "events"

