"""Regenerate the lock files from pyproject.toml (run after changing dependencies).

    python3.11 scripts/lock.py

Uses uv (``pip install uv``) to resolve for Python 3.11 on any platform and write every package
with its version and hashes: ``requirements/runtime.lock`` (the core) and ``requirements/dev.lock``
(everything the test suite needs: all extras). ``scripts/run.py`` installs from them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"runtime.lock": [], "dev.lock": ["--extra", "all"]}


def main() -> int:
    for name, extras in TARGETS.items():
        subprocess.run(["uv", "pip", "compile", "pyproject.toml", *extras, "--generate-hashes",
                        "--python-version", "3.11", "--universal", "--no-header", "--quiet",
                        "-o", f"requirements/{name}"], cwd=ROOT, check=True)
        print(f"wrote requirements/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
