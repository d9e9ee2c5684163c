"""Security of the web app: CSP and headers, no inline script, no HTML from data, no path traversal, loopback."""

from __future__ import annotations

import inspect
import re
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from faultlines import cli, web
from faultlines.web.app import STATIC, create_app
from faultlines.web.server import is_loopback, running

OUR_JS = sorted((STATIC / "js").glob("*.js"))


@pytest.fixture(scope="module")
def app(example_db):
    return create_app(example_db)


def test_every_response_has_the_csp(app):
    with TestClient(app) as client:
        for path in ("/", "/api/windows", "/static/app.css", "/static/vendor/cytoscape.min.js", "/api/nothing"):
            headers = client.get(path).headers
            directives = dict(d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";"))
            assert directives["script-src"] == "'self'" and directives["default-src"] == "'none'", path
            assert directives["connect-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
            assert headers["x-content-type-options"] == "nosniff"


def test_page_has_no_inline_script_and_loads_nothing_from_elsewhere():
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html), "no inline event handlers"
    for text in [html, *(p.read_text(encoding="utf-8") for p in OUR_JS)]:
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), "no CDN or foreign host"


@pytest.mark.parametrize("sink", ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                                  "new Function", "bindPopup(", "setAttribute(\"style\""])
def test_our_scripts_never_write_html(sink):
    assert [p.name for p in OUR_JS if sink in p.read_text(encoding="utf-8")] == []


def _raw_get(base: str, target: str) -> tuple[int, bytes]:
    """Send the request line as written (clients would normalise the dots away)."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


TRAVERSALS = ["/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/%2e%2e%2fapp.py",
              "/static/vendor/../../app.py", "/static/js/%2e%2e/%2e%2e/explorer.py", "/static/..%5capp.py",
              "/static/....//app.py", "/static//etc/passwd", "/static/../../../../../../etc/passwd",
              "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/%252e%252e/app.py"]


def test_no_path_traversal_on_static_routes(app):
    with running(app) as base:
        status, body = _raw_get(base, "/static/app.css")
        assert status == 200 and b"#graph" in body  # the route works, so the refusals below mean something
        for target in TRAVERSALS:
            status, body = _raw_get(base, target)
            assert status in (400, 404), (target, status)
            assert b"from __future__" not in body and b"root:" not in body, target


def test_loopback_by_default():
    assert inspect.signature(cli.serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(web.serve).parameters["host"].default == "127.0.0.1"
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")
    assert not is_loopback("192.168.1.10") and not is_loopback("example.org")


def test_vendored_libraries_are_recorded_with_licences():
    import json

    records = json.loads((STATIC / "vendor" / "VERSIONS.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in records} == {"cytoscape", "leaflet", "topojson-client", "world-atlas"}
    lock = json.loads((Path(__file__).resolve().parents[2] / "web" / "package-lock.json").read_text(encoding="utf-8"))
    for r in records:
        assert lock["packages"][f"node_modules/{r['name']}"]["version"] == r["version"]
        assert (STATIC / "vendor" / r["licence_file"]).is_file() and r["license"]
        assert all((STATIC / "vendor" / f).is_file() for f in r["files"])
