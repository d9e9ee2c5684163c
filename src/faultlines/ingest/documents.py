"""Document readers: texts, Markdown, web pages, feeds and URL lists to :class:`Document` s.

The kind of a file is read from its suffix (docs/readers.md): ``.txt`` ``.md`` ``.markdown`` are
plain text with an optional header block; ``.html`` ``.htm`` are web pages; ``.xml`` ``.rss``
``.atom`` are feeds, one document per item; ``.urls`` lists web addresses, one a line, which are
fetched. Folders are read recursively for those suffixes. Each document's text is exactly what
claims will cite: spans index into it.

Nothing here raises for a bad file: a file or URL that cannot be read is a :class:`Problem` in the
batch, and the rest are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from faultlines.catalogue import Catalogue
from faultlines.errors import Problem
from faultlines.ingest.feeds import parse_feed
from faultlines.ingest.fetch import Fetched, FetchError, fetch_all
from faultlines.ingest.html import declared_charset, extract_html
from faultlines.ingest.textmeta import decode_bytes, detect_language, outlet_source, parse_when, split_header
from faultlines.model import Document, Source

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
URL_LIST_SUFFIXES = (".urls",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + URL_LIST_SUFFIXES
MAX_FILE_BYTES = 10_000_000  # a file over this is reported (E016), not read
READERS = {"text": "documents.text@1", "html": "documents.html@1", "feed": "documents.feed@1"}

_MARKDOWN_TITLE = re.compile(r"\A#[ \t]+(.+)")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a document was read from, by which reader, and what :class:`Document` has no field for.

    ``path`` is the file, or the URL a page was fetched from (after redirects); ``item`` the
    1-based item number within a feed.
    """

    path: str
    reader: str
    author: str | None = None
    encoding: str | None = None
    item: int | None = None


@dataclass
class DocumentBatch:
    """The documents read, their sources, and the problems met (errors skip a file, warnings not).

    ``origins`` maps each document id to its :class:`Origin`. A text read twice is one document.
    """

    documents: list[Document] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)

    def add(self, doc: Document, origin: Origin) -> None:
        if doc.id not in self.origins:
            self.documents.append(doc)
            self.origins[doc.id] = origin

    def add_source(self, source: Source) -> str:
        if all(s.id != source.id for s in self.sources):
            self.sources.append(source)
        return source.id


@dataclass
class _Context:
    catalogue: Catalogue | None
    max_bytes: int
    batch: DocumentBatch = field(default_factory=DocumentBatch)

    def problem(self, code: str, path: str, line: int = 0, **values: object) -> None:
        self.batch.problems.append(Problem.error(code, path=path, line=line, **values))

    def warn(self, code: str, path: str, line: int = 0, **values: object) -> None:
        self.batch.problems.append(Problem.warning(code, path=path, line=line, **values))


def read_documents(paths: list[Path], *, catalogue: Catalogue | None = None,
                   max_bytes: int = MAX_FILE_BYTES) -> DocumentBatch:
    """Read text, Markdown, HTML, feed and URL-list files, and folders of them, into documents.

    Parameters
    ----------
    paths : list of Path
        Files and folders; folders are searched recursively for the suffixes in
        :data:`DOCUMENT_SUFFIXES` (hidden files and folders are left out).
    catalogue : Catalogue, optional
        Resolves outlet names (a header's ``Outlet:``, a page's site name, a feed's title) to
        catalogued outlets, whose sources carry their owner and reliability grade. Without it, or
        for an outlet it does not know, the source's id is the slug of the name.
    max_bytes : int
        Files larger than this are reported (``E016``) and not read.

    Returns
    -------
    DocumentBatch
        Documents in the order read, their sources, and problems: ``E010`` missing path,
        ``E012`` undecodable, ``E016`` too large, ``E017`` a URL not fetched, ``E018`` not a feed,
        ``E019`` no text, ``E020`` an unknown suffix; warnings ``W012`` (encoding guessed),
        ``W013`` (date not understood), ``W016`` (boilerplate kept).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "note.txt"
    ...     _ = path.write_text("Title: A rift\\nDate: 2018-05-17\\nOutlet: Al Hayat\\n\\n"
    ...                         "Moscow and Tehran disagree about who should leave the south.\\n")
    ...     batch = read_documents([path])
    >>> [(d.title, str(d.published_at), d.source_id, d.language, d.text[:6]) for d in batch.documents]
    [('A rift', '2018-05-17', 'al-hayat', 'en', 'Moscow')]
    """
    ctx = _Context(catalogue, max_bytes)
    for path in _expand(ctx, paths):
        _read_file(ctx, path)
    return ctx.batch


def fetch_urls(urls: list[str], *, timeout: float = 10, retries: int = 2, max_bytes: int = 5_000_000,
               backoff: float = 0.5, catalogue: Catalogue | None = None) -> DocumentBatch:
    """Fetch web pages (or feeds, or plain texts) and read them into documents.

    Parameters
    ----------
    urls : list of str
        http or https addresses, fetched one after the other.
    timeout : float
        Seconds allowed for each attempt, in total.
    retries : int
        Further attempts after a timeout, a dropped connection or a 5xx answer, waiting
        ``backoff`` seconds, then twice that, and so on. A 4xx answer is never retried.
    max_bytes : int
        A body larger than this is abandoned while it streams.
    backoff : float
        Seconds before the first retry.
    catalogue : Catalogue, optional
        Resolves site names to catalogued outlets, as in :func:`read_documents`.

    Returns
    -------
    DocumentBatch
        One document per page (per item for a feed), ``url`` the address after redirects, and an
        ``E017`` problem per URL that failed, naming the reason.

    Examples
    --------
    >>> batch = fetch_urls(["ftp://example.org/a"])
    >>> batch.documents, [p.code for p in batch.problems]
    ([], ['E017'])
    """
    ctx = _Context(catalogue, max_bytes)
    _fetch(ctx, [(url, url, 0) for url in urls], timeout=timeout, retries=retries, max_bytes=max_bytes,
           backoff=backoff)
    return ctx.batch


def _expand(ctx: _Context, paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            ctx.problem("E010", str(path))
        elif path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.suffix.lower() in DOCUMENT_SUFFIXES:
            files.append(path)
        else:
            ctx.problem("E020", str(path), suffix=path.suffix or "no suffix")
    return files


def _read_file(ctx: _Context, path: Path) -> None:
    where, suffix = str(path), path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > ctx.max_bytes:
            ctx.problem("E016", where, size=size, limit=ctx.max_bytes)
            return
        data = path.read_bytes()
    except OSError as e:
        ctx.problem("E019", where, reason=e.strerror or type(e).__name__)
        return
    if suffix in URL_LIST_SUFFIXES:
        _read_url_list(ctx, where, data)
    else:
        kind = "text" if suffix in TEXT_SUFFIXES else "html" if suffix in HTML_SUFFIXES else "feed"
        _read_bytes(ctx, kind, data, where=where, url=None, declared=None)


def _read_bytes(ctx: _Context, kind: str, data: bytes, *, where: str, url: str | None,
                declared: str | None) -> None:
    if kind == "feed":
        _read_feed(ctx, data, where=where)
        return
    if kind == "html" and declared is None:
        declared = declared_charset(data)
    try:
        decoded = decode_bytes(data, declared=declared)
    except ValueError as e:
        ctx.problem("E012", where, reason=e)
        return
    if decoded.guessed:
        ctx.warn("W012", where, encoding=decoded.encoding)
    if kind == "html":
        _read_html(ctx, decoded.text, where=where, url=url, encoding=decoded.encoding)
    else:
        _read_text(ctx, decoded.text, where=where, url=url, encoding=decoded.encoding)


def _read_text(ctx: _Context, text: str, *, where: str, url: str | None, encoding: str) -> None:
    header, body = split_header(text)
    title = header.get("title") or (m.group(1).strip(" #") if (m := _MARKDOWN_TITLE.match(body)) else None)
    _add(ctx, body, Origin(where, READERS["text"], header.get("author"), encoding), title=title,
         date=header.get("date"), outlet=header.get("outlet"), url=header.get("url") or url,
         language=header.get("language", "").lower() or None)


def _read_html(ctx: _Context, html: str, *, where: str, url: str | None, encoding: str) -> None:
    page = extract_html(html, url=url)
    if page.fallback is not None and page.text:
        ctx.warn("W016", where, reason=page.fallback)
    outlet = page.site_name or ((urlsplit(url).hostname or "").removeprefix("www.") if url else None)
    _add(ctx, page.text, Origin(where, READERS["html"], page.author, encoding), title=page.title,
         date=page.date, outlet=outlet, url=url or page.url, language_hint=page.language)


def _read_feed(ctx: _Context, data: bytes, *, where: str) -> None:
    try:
        feed = parse_feed(data)
    except ValueError as e:
        ctx.problem("E018", where, reason=e)
        return
    if not feed.items:
        ctx.problem("E019", where, reason="the feed has no items")
    for n, item in enumerate(feed.items, start=1):
        _add(ctx, item.text, Origin(where, READERS["feed"], item.author, None, n), title=item.title,
             date=item.published, outlet=feed.title, url=item.link, line=n,
             where=f"{where} (item {n})")


def _read_url_list(ctx: _Context, where: str, data: bytes) -> None:
    try:
        text = decode_bytes(data).text
    except ValueError as e:
        ctx.problem("E012", where, reason=e)
        return
    lines = enumerate((line.strip() for line in text.splitlines()), start=1)
    _fetch(ctx, [(line, where, n) for n, line in lines if line and not line.startswith("#")])


def _fetch(ctx: _Context, urls: list[tuple[str, str, int]], **options) -> None:
    """Fetch ``(url, where, line)`` triples; a failure is reported at ``where:line``."""
    results = fetch_all([url for url, _, _ in urls], **options)
    for (url, where, line), result in zip(urls, results):
        if isinstance(result, FetchError):
            ctx.problem("E017", where, line, url=url, reason=result.reason)
        else:
            _read_response(ctx, result, where, line)


def _read_response(ctx: _Context, fetched: Fetched, where: str, line: int) -> None:
    kind = fetched.kind
    if kind is None:
        ctx.problem("E017", where, line, url=fetched.url, reason=f"its content type {fetched.media_type} is not read")
        return
    _read_bytes(ctx, kind, fetched.content, where=fetched.final_url, url=fetched.final_url,
                declared=fetched.charset)


def _add(ctx: _Context, text: str, origin: Origin, *, title: str | None, date, outlet: str | None,
         url: str | None, language: str | None = None, language_hint: str | None = None, line: int = 0,
         where: str | None = None) -> None:
    where = where or origin.path
    if not text.strip():
        ctx.problem("E019", where, line, reason="it is empty once markup and headers are set aside")
        return
    published = date if date is None or not isinstance(date, str) else parse_when(date)
    if isinstance(date, str) and date.strip() and published is None:
        ctx.warn("W013", where, line, value=date)
    source_id = ctx.batch.add_source(outlet_source(outlet, ctx.catalogue)) if outlet else None
    language = language or detect_language(text) or language_hint
    ctx.batch.add(Document(text, url=url, title=title, published_at=published, source_id=source_id,
                           language=language), origin)

