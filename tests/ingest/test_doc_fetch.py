"""Fetching against a real HTTP server on 127.0.0.1 started here; no other address is ever used.

The server counts the requests per path, so the tests can tell a retry from none.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from faultlines.ingest.documents import fetch_urls, read_documents

ARTICLE = ("<html><head><title>Quarrel at the crossing</title>"
           '<meta property="og:site_name" content="Local Wire"></head><body><nav>Home | World</nav><article>'
           "<p>Two partners in the coalition argued on Friday over the border crossing, each saying the "
           "other had broken a promise made when they first agreed to fight together.</p>"
           "<p>Mediators said both sides still wanted the alliance to hold, but that patience was thin.</p>"
           "</article><footer>All rights reserved.</footer></body></html>").encode()
FEED = ("<rss version='2.0'><channel><title>Local Wire</title><item><title>Ceasefire holds</title>"
        "<link>https://wire.example/ceasefire</link><description>The ceasefire between the two partners held "
        "through a second night.</description></item></channel></rss>").encode()
PLAIN = "Title: A plain note\nDate: 2020-03-04\n\nThe ministers met again and agreed on nothing.\n".encode()


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch):
    """Fail any test here that opens a connection to an address other than 127.0.0.1."""
    connect = socket.socket.connect

    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] != "127.0.0.1":
            raise AssertionError(f"a test tried to connect to {address}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


class _Handler(BaseHTTPRequestHandler):
    hits: Counter = Counter()

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = self.path.split("?")[0]
        self.hits[self.path] += 1
        n = self.hits[self.path]
        if path == "/article":
            self._send(200, ARTICLE, "text/html; charset=utf-8")
        elif path == "/plain":
            self._send(200, PLAIN, "text/plain")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/flaky":  # fails once, then works
            self._send(500, b"oops", "text/plain") if n == 1 else self._send(200, ARTICLE, "text/html")
        elif path == "/down":
            self._send(503, b"down", "text/plain")
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, ARTICLE, "text/html")
        elif path == "/big":  # honest Content-Length over the cap
            self._send(200, b"<p>" + b"x" * 200_000 + b"</p>", "text/html")
        elif path == "/big-stream":  # no Content-Length: only counting the stream catches it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"y" * 10_000)
        elif path == "/feed":
            self._send(200, FEED, "application/rss+xml")
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4", "application/pdf")
        else:
            self._send(404, b"no such page", "text/plain")

    def _send(self, code: int, body: bytes, content_type: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # the client hung up on /slow: expected
        pass


@pytest.fixture()
def server(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # 127.0.0.1 directly, never through a proxy
    _Handler.hits = Counter()
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Handler.hits
    httpd.shutdown()
    httpd.server_close()


def test_a_page_is_fetched_and_read_like_an_html_file(server):
    base, hits = server
    batch = fetch_urls([f"{base}/article"])
    [doc] = batch.documents
    assert doc.text.startswith("Two partners in the coalition argued") and "All rights reserved" not in doc.text
    assert (doc.url, doc.title, doc.source_id, doc.language) == (f"{base}/article", "Quarrel at the crossing",
                                                                 "local-wire", "en")
    assert not batch.problems and hits["/article"] == 1


def test_redirects_are_followed_and_the_final_address_kept(server):
    base, hits = server
    [doc] = fetch_urls([f"{base}/redirect"]).documents
    assert doc.url == f"{base}/article" and (hits["/redirect"], hits["/article"]) == (1, 1)


def test_a_404_is_reported_at_once_without_a_retry(server):
    base, hits = server
    batch = fetch_urls([f"{base}/gone", f"{base}/plain"], retries=3, backoff=0.01)
    [problem] = batch.problems
    assert (problem.code, problem.path) == ("E017", f"{base}/gone") and "HTTP 404" in problem.text
    assert hits["/gone"] == 1
    [doc] = batch.documents  # the next URL was still read
    assert (doc.title, doc.text) == ("A plain note", "The ministers met again and agreed on nothing.")


def test_a_500_is_retried_and_the_second_answer_used(server):
    base, hits = server
    batch = fetch_urls([f"{base}/flaky"], retries=2, backoff=0.01)
    assert len(batch.documents) == 1 and not batch.problems and hits["/flaky"] == 2


def test_a_server_that_stays_down_is_tried_retries_plus_one_times(server):
    base, hits = server
    [problem] = fetch_urls([f"{base}/down"], retries=2, backoff=0.01).problems
    assert hits["/down"] == 3 and "HTTP 503" in problem.text and "3 attempt(s)" in problem.text


def test_a_timeout_is_bounded_and_retried(server):
    base, hits = server
    started = time.monotonic()
    [problem] = fetch_urls([f"{base}/slow"], timeout=0.3, retries=1, backoff=0.01).problems
    assert time.monotonic() - started < 1.5  # two attempts of 0.3 s, not two of the server's 1.5 s
    assert problem.code == "E017" and "timed out after 0.3 s" in problem.text and hits["/slow"] == 2


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_a_body_over_the_size_cap_is_refused(server, path):
    base, hits = server
    batch = fetch_urls([f"{base}{path}"], max_bytes=50_000, retries=2, backoff=0.01)
    [problem] = batch.problems
    assert "over the cap of 50000 bytes" in problem.text and not batch.documents
    assert hits[path] == 1  # too big is final, not retried


def test_a_feed_fetched_is_read_item_by_item(server):
    base, _ = server
    [doc] = fetch_urls([f"{base}/feed"]).documents
    assert (doc.title, doc.url, doc.source_id) == ("Ceasefire holds", "https://wire.example/ceasefire", "local-wire")
    assert doc.text == "The ceasefire between the two partners held through a second night."


def test_unread_content_types_and_bad_addresses_are_problems(server):
    base, _ = server
    batch = fetch_urls([f"{base}/pdf", "file:///etc/hostname", "not a url"])
    assert [p.code for p in batch.problems] == ["E017"] * 3
    assert "application/pdf is not read" in batch.problems[0].text
    assert "not an http or https URL" in batch.problems[1].text


def test_a_urls_file_is_fetched_and_failures_are_reported_at_their_line(server, tmp_path: Path):
    base, _ = server
    urls = tmp_path / "reading.urls"
    urls.write_text(f"# reading list\n{base}/article\n\n{base}/missing\nnot-a-url\n{base}/plain\n")
    batch = read_documents([urls])
    assert [d.title for d in batch.documents] == ["Quarrel at the crossing", "A plain note"]
    assert [(p.code, p.path, p.line) for p in batch.problems] == [("E017", str(urls), 4), ("E017", str(urls), 5)]
    assert f"{base}/missing" in batch.problems[0].text
