"""Build the web app's vendored front-end libraries from the npm registry.

    .venv/bin/python scripts/build_web.py

Runs ``npm ci`` in ``web/`` (exact versions from ``web/package-lock.json``, integrity-checked,
no install scripts) and copies the minified files the app loads into
``src/faultlines/web/static/vendor/``, with each package's licence and a ``VERSIONS.json`` that
records name, version, licence, tarball and integrity. The copied files are committed, so a plain
``pip install`` needs no npm; run this only to change a library (edit ``web/package.json``, run
``npm install --save-exact --ignore-scripts`` in ``web/``, then this script).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
REGISTRY = "https://registry.npmjs.org"
VENDOR = ROOT / "src" / "faultlines" / "web" / "static" / "vendor"
# package -> files to ship (paths inside the package)
FILES = {
    "cytoscape": ["dist/cytoscape.min.js"],
    "leaflet": ["dist/leaflet.js", "dist/leaflet.css"],
    "topojson-client": ["dist/topojson-client.min.js"],
    "world-atlas": ["countries-50m.json"],
}


def _record(name: str, lock: dict) -> dict[str, str]:
    meta = json.loads((WEB / "node_modules" / name / "package.json").read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{name}"]
    return {"name": name, "version": meta["version"], "license": meta.get("license", "see licence file"),
            "resolved": entry.get("resolved", f"{REGISTRY}/{name}/-/{name}-{meta['version']}.tgz"),
            "integrity": entry["integrity"],
            "files": [Path(f).name for f in FILES[name]], "licence_file": f"licenses/{name}.txt"}


def build() -> list[dict[str, str]]:
    """Install from the lock file and copy the shipped files; the version records written."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to rebuild the vendored files (the committed ones work without it).")
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=WEB, check=True)
    lock = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    (VENDOR / "licenses").mkdir(parents=True)
    records = []
    for name, files in FILES.items():
        package = WEB / "node_modules" / name
        for f in files:
            shutil.copyfile(package / f, VENDOR / Path(f).name)
        shutil.copyfile(package / "LICENSE", VENDOR / "licenses" / f"{name}.txt")
        records.append(_record(name, lock))
    (VENDOR / "VERSIONS.json").write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    return records


if __name__ == "__main__":
    for r in build():
        print(f"{r['name']} {r['version']} ({r['license']}): {', '.join(r['files'])}")
