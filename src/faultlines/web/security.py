"""The web app's error shape and security headers.

Every API error is ``{"error": {"code", "message", "fix", "status"}}`` with a code from the error
catalogue (``faultlines.errors``); every response carries a Content-Security-Policy that lets the
page run only its own scripts (no inline script, nothing from another host).

>>> from faultlines.errors import UsageError
>>> body = error_body(UsageError("E802", path="/nowhere"), 404)
>>> body["error"]["code"], body["error"]["status"]
('E802', 404)
>>> "script-src 'self'" in HEADERS["Content-Security-Policy"]
True
"""

from __future__ import annotations

from faultlines.errors import AmbiguousActor, FaultlinesError, UnknownActor

CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self'", "font-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
NOT_FOUND = {"E800", "E801", "E802", "E504"}


def status_of(error: FaultlinesError) -> int:
    """HTTP status for a coded error: 404 for what does not exist, 422 for a bad request, else 400."""
    if isinstance(error, UnknownActor) or error.code in NOT_FOUND:
        return 404
    if error.code == "E803":
        return 422
    if error.code == "E804":
        return 500
    return 400 if not isinstance(error, AmbiguousActor) else 409


def error_body(error: FaultlinesError, status: int) -> dict[str, dict[str, object]]:
    """The one error shape of the API."""
    return {"error": {"code": error.code, "message": error.message, "fix": error.fix, "status": status}}

