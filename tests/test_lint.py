"""No dead imports, unused variables or undefined names anywhere in the project (pyflakes' checks,
run by ruff, pinned in the dev extra)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pyflakes_checks_pass_on_the_whole_project():
    found = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F", "--output-format", "concise",
                            "--no-cache", "src", "tests", "bench", "scripts"],
                           cwd=ROOT, capture_output=True, text=True)
    assert found.returncode == 0, found.stdout + found.stderr
