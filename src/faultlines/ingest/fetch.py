"""Fetch web pages politely and within bounds: timeouts, retries with backoff, a size cap.

Redirects are followed (at most :data:`MAX_REDIRECTS`). A server error (5xx), a timeout or a
dropped connection is retried ``retries`` times, waiting ``backoff``, then twice that, and so on;
a client error (4xx) is final at once, since asking again gets the same answer. The body is
counted while it streams, so a page over ``max_bytes`` is abandoned without being held in memory,
whatever its ``Content-Length`` says. Each attempt is bounded by about ``timeout`` seconds in
total, not only per read, so a server that drips bytes cannot hold a worker forever.

A URL that fails is a :class:`FetchError` carrying the reason; :func:`fetch_all` yields it in
place of the page and goes on with the next URL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Iterator
from urllib.parse import urlsplit

import httpx

from faultlines import __version__

USER_AGENT = f"Faultlines/{__version__} (document reader)"
MAX_REDIRECTS = 10
# How a body of each media type is read: as a web page, a plain text or a feed.
MEDIA_KINDS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
               "text/markdown": "text", "application/rss+xml": "feed", "application/atom+xml": "feed",
               "application/rdf+xml": "feed", "application/xml": "feed", "text/xml": "feed"}


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` says why in words for the report."""

    def __init__(self, reason: str, *, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body: the URL asked for, the URL it came from after redirects, its media type
    (``text/html``; empty if the server gave none), the declared charset, and the attempts used."""

    url: str
    final_url: str
    content: bytes
    media_type: str
    charset: str | None
    n_attempts: int = 1

    @property
    def kind(self) -> str | None:
        """``html``, ``text`` or ``feed`` by :data:`MEDIA_KINDS`; a body without a type is taken for
        a page (servers that forget it mostly serve pages); None for types not read (PDF, images)."""
        return MEDIA_KINDS.get(self.media_type) if self.media_type else "html"


def fetch_all(urls: list[str], *, timeout: float = 10, retries: int = 2, max_bytes: int = 5_000_000,
              backoff: float = 0.5) -> Iterator[Fetched | FetchError]:
    """Fetch each URL in turn; yield a :class:`Fetched` or a :class:`FetchError` per URL, in order."""
    with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=httpx.Timeout(timeout),
                      headers={"User-Agent": USER_AGENT}) as client:
        for url in urls:
            try:
                yield fetch_one(client, url, timeout=timeout, retries=retries, max_bytes=max_bytes,
                                backoff=backoff)
            except FetchError as e:
                yield e


def fetch_one(client: httpx.Client, url: str, *, timeout: float, retries: int, max_bytes: int,
              backoff: float) -> Fetched:
    """Fetch ``url`` with ``client``, retrying what may pass; raise :class:`FetchError` if it fails."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError("it is not an http or https URL")
    retries = max(retries, 0)
    for attempt in range(retries + 1):
        try:
            return replace(_attempt(client, url, timeout=timeout, max_bytes=max_bytes), n_attempts=attempt + 1)
        except FetchError as e:
            if not e.retry:
                raise
            if attempt == retries:
                raise FetchError(f"{e.reason}, {attempt + 1} attempt(s)") from None
            time.sleep(backoff * 2 ** attempt)
    raise AssertionError("unreachable")  # the loop returns or raises


def _attempt(client: httpx.Client, url: str, *, timeout: float, max_bytes: int) -> Fetched:
    deadline = time.monotonic() + timeout
    try:
        with client.stream("GET", url) as response:
            _check_status(response)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"the body is {declared} bytes, over the cap of {max_bytes} bytes")
            chunks, n_bytes = [], 0
            for chunk in response.iter_bytes():  # decoded: the cap also bounds a gzip bomb
                n_bytes += len(chunk)
                if n_bytes > max_bytes:
                    raise FetchError(f"the body is over the cap of {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:g} s", retry=True)
                chunks.append(chunk)
            media_type, _, params = response.headers.get("content-type", "").partition(";")
            return Fetched(url, str(response.url), b"".join(chunks), media_type.strip().lower(),
                           _charset(params))
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g} s", retry=True) from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
        raise FetchError(f"the URL is not valid ({e})") from None
    except httpx.TransportError as e:  # refused, reset, DNS failure, broken protocol
        raise FetchError(f"the connection failed ({type(e).__name__}: {e})", retry=True) from None


def _check_status(response: httpx.Response) -> None:
    code = response.status_code
    if code >= 500:
        raise FetchError(f"the server answered HTTP {code} {response.reason_phrase}", retry=True)
    if code >= 400:
        raise FetchError(f"the server answered HTTP {code} {response.reason_phrase}")
    if not 200 <= code < 300:
        raise FetchError(f"the server answered HTTP {code} {response.reason_phrase} with no page")


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
