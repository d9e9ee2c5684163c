"""Set up a virtual environment from the lock file and run Faultlines or its tests.

    python3.11 scripts/run.py demo        # the main job on the bundled example
    python3.11 scripts/run.py test [ARGS] # the whole test suite (ARGS go to pytest)
    python3.11 scripts/run.py faultlines ARGS...

Needs only Python 3.11 and the package registries. The environment lives in ``.venv`` beside this
project and is reinstalled only when a lock file changes. Dependencies come from
``requirements/*.lock`` with pinned versions and hashes; regenerate them with
``python3.11 scripts/lock.py`` after changing pyproject.toml. The browser tests drive Debian's
``chromium``: ``test`` installs it with apt-get when it is missing and this user may (root, or sudo
without a password); otherwise it says so and those tests are skipped, each with its reason.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCKS = {"demo": "runtime.lock", "faultlines": "runtime.lock", "test": "dev.lock"}


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _ensure_env(lock_name: str) -> None:
    lock = ROOT / "requirements" / lock_name
    pyproject = ROOT / "pyproject.toml"
    stamp = VENV / f".installed-{lock_name}"
    digest = hashlib.sha256(lock.read_bytes() + pyproject.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and _python().exists():
        return
    if not _python().exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [str(_python()), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    print(f"installing from requirements/{lock_name}", flush=True)
    subprocess.run([*pip, "--require-hashes", "--no-deps", "-r", str(lock)], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    stamp.write_text(digest)


def _ensure_chromium() -> None:
    if shutil.which("chromium"):
        return
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    sudo = [] if root else ["sudo", "-n"]
    if shutil.which("apt-get") and (root or shutil.which("sudo")):
        print("installing Debian's chromium for the browser tests (apt-get)", flush=True)
        quiet = {"stdout": subprocess.DEVNULL}
        if (subprocess.run([*sudo, "apt-get", "update", "-qq"], **quiet).returncode == 0
                and subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "chromium"], **quiet).returncode == 0
                and shutil.which("chromium")):
            return
    print("Debian's chromium is missing and could not be installed here: the browser tests will be skipped. "
          "Install it with `apt-get install chromium` to run them.", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    if sys.version_info[:2] != (3, 11):
        print(f"Faultlines needs Python 3.11; this is {sys.version.split()[0]}. Run it with python3.11.",
              file=sys.stderr)
        return 1
    if not argv or argv[0] not in LOCKS:
        print(__doc__, file=sys.stderr)
        return 1
    command, rest = argv[0], argv[1:]
    _ensure_env(LOCKS[command])
    # One BLAS thread: on two cores, threaded OpenBLAS oversubscribes and small dense solves slow ~100x.
    env = {"OPENBLAS_NUM_THREADS": "1", **os.environ, "PYTHONUTF8": "1"}
    if command == "test":
        _ensure_chromium()
        # two workers (the machine has two cores) unless the caller chose: pass -n 0 for one process
        workers = [] if any(a == "-n" or a.startswith("-n") or a.startswith("--numprocesses") for a in rest) else ["-n", "2"]
        args = [str(_python()), "-m", "pytest", *workers, *rest]
    else:
        args = [str(_python()), "-m", "faultlines", *(["demo"] if command == "demo" else []), *rest]
    return subprocess.run(args, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
