"""The web app: explore a store in a browser (``faultlines serve``, docs/web.md).

The server (``web/app.py``) needs the ``web`` extra (FastAPI, uvicorn); this module imports it
only when :func:`serve` is called, so the rest of Faultlines works without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from faultlines.errors import UsageError


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, echo: Callable[[str], None] = print) -> None:
    """Serve the explorer over the store ``db`` (opened read-only) until interrupted."""
    try:
        from faultlines.web.app import create_app
        from faultlines.web.server import is_loopback, serve_forever
    except ImportError as e:
        raise UsageError("E805", reason=str(e)) from e
    app = create_app(db)
    if not is_loopback(host):
        echo(f"Warning: {host} is not a loopback address: anyone who can reach this machine can read the store.")
    echo(f"Serving {db} (read-only) at http://{host}:{port}/ (API: /api, OpenAPI: /openapi.json). Ctrl-C stops.")
    serve_forever(app, host=host, port=port)
