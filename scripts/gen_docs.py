"""Regenerate the generated parts of the docs: the error table and the CLI reference.

    .venv/bin/python scripts/gen_docs.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from faultlines.errors import ERRORS, WARNINGS

ROOT = Path(__file__).resolve().parent.parent
WARNING_FIX = "(a warning: nothing to fix unless it is wrong)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _errors_table() -> None:
    path = ROOT / "docs" / "errors.md"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("| code |")]
    rows = ["| code | message | fix |", "|---|---|---|"]
    entries = [(code, message, fix) for code, (message, fix) in ERRORS.items()]
    entries += [(code, message, WARNING_FIX) for code, message in WARNINGS.items()]
    for code, message, fix in entries:
        rows.append(f"| `{code}` | {_cell(message)} | {_cell(fix)} |")
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")


def _cli_reference() -> None:
    subprocess.run([sys.executable, "-m", "typer", "faultlines.cli", "utils", "docs", "--name", "faultlines",
                    "--output", str(ROOT / "docs" / "cli.md")], check=True)


if __name__ == "__main__":
    _errors_table()
    _cli_reference()
