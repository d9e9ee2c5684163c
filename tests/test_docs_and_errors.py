"""Documentation stays true to the code: every error code documented, used, and defined."""

from __future__ import annotations

import re
from pathlib import Path

from faultlines.errors import ERRORS, WARNINGS

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "faultlines"


def _codes_used_in_source() -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.name != "errors.py")
    return set(re.findall(r"\"([EW]\d{3})\"", text))


def test_every_error_code_is_documented():
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    missing = [code for code in [*ERRORS, *WARNINGS] if f"`{code}`" not in doc]
    assert not missing, "add them to docs/errors.md"


def test_every_code_used_is_defined_and_every_defined_code_is_used():
    used = _codes_used_in_source()
    assert used - set(ERRORS) - set(WARNINGS) == set()
    unused = (set(ERRORS) | set(WARNINGS)) - used
    assert not unused, sorted(unused)


def test_catalogue_error_codes_are_in_the_catalogue_doc():
    doc = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    for code in (c for c in ERRORS if c.startswith("E1") and int(c[1:]) < 110):
        assert f"`{code}`" in doc


def test_readme_quick_start_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Quick start.*?```\w*\n(.*?)```", readme, re.S | re.M).group(1)
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert commands == ["python3.11 scripts/run.py demo", "python3.11 scripts/run.py test"]
    assert "python3.11 scripts/run.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
