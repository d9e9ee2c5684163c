"""HTML to citable text: the main text without menus and footers, and the page's metadata.

trafilatura finds the main text and reads title, date, author and site name from the meta tags
(Open Graph, JSON-LD, ``<meta name=...>``). It is only ever given a string: it never fetches. When
it finds no main text (a page that is all table, or HTML too broken to analyse) the page's whole
visible text is kept instead, read with lxml, and the caller reports warning ``W016``.

>>> page = extract_html("<table><tr><td>Ankara objected.</td><td>Moscow agreed.</td></tr></table>")
>>> page.text, page.fallback
('Ankara objected. Moscow agreed.', 'no main text was found')
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml.etree import ParserError

# Elements whose end is a line break in the text; their content is kept.
BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
              "blockquote", "pre", "section", "article", "header", "footer", "aside", "nav", "figure",
              "figcaption", "dd", "dt", "hr", "main", "form", "address")
# Elements that hold no reader-visible text.
HIDDEN_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TAG = re.compile(r"<[^>]*>")
_HIDDEN = re.compile(r"<!--.*?-->|<(script|style|noscript|template|head|svg)\b.*?</\1\s*>", re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")  # no reader sees them; they only break spans
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "dc.date",
              "dc.date.issued", "pubdate", "publishdate", "sailthru.date", "parsely-pub-date")


@dataclass(frozen=True, slots=True)
class Page:
    """What one HTML page gave: its text and metadata (None where absent).

    ``fallback`` is None when trafilatura found the main text, else why it did not (the text is
    then the page's whole visible text).
    """

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site_name: str | None = None
    language: str | None = None
    url: str | None = None
    fallback: str | None = None


def extract_html(html: str, *, url: str | None = None) -> Page:
    """The main text of ``html`` and its metadata; never raises on bad HTML.

    ``url`` only helps trafilatura name the site; nothing is fetched.
    """
    html = _XML_DECLARATION.sub("", html, count=1)
    meta = _meta(html)
    try:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            date_extraction_params={"extensive_search": False,
                                                                    "original_date": True})
    except Exception as e:  # trafilatura and its date finder raise many kinds on odd input
        found, reason = None, f"{type(e).__name__}: {e}"
    else:
        reason = "no main text was found"
    text = _clean(found.text) if found is not None and found.text else ""
    if not text:
        return Page(html_to_text(html), meta.get("title"), meta.get("date"), meta.get("author"),
                    meta.get("site_name"), meta.get("language"), meta.get("url"), fallback=reason)
    return Page(text, found.title or meta.get("title"), found.date or meta.get("date"),
                found.author or meta.get("author"), found.sitename or meta.get("site_name"),
                meta.get("language"), meta.get("url"))


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its top, if any.

    >>> declared_charset(b'<html><head><meta charset="windows-1256">')
    'windows-1256'
    """
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def html_to_text(html: str) -> str:
    """All visible text of ``html`` (a page or a fragment), a line per block, spaces collapsed.

    >>> html_to_text("<p>Damascus <b>denied</b> it.</p><p>Moscow&nbsp;too.</p><script>x()</script>")
    'Damascus denied it.\\nMoscow too.'
    """
    root = _parse(html)
    text = ""
    if root is not None:
        for element in list(root.iter(*HIDDEN_TAGS)):
            element.drop_tree()  # keeps the element's tail text
        for element in root.iter(*BLOCK_TAGS):
            element.tail = "\n" + (element.tail or "")
        for element in root.iter("td", "th"):
            element.tail = " " + (element.tail or "")
        text = _clean(root.text_content())
    if not text:  # lxml failed or lost it (libxml2 drops what is nested too deep): strip tags by hand
        text = _clean(html_module.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", html))))
    return text


def _parse(html: str):
    try:
        return lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ParserError, ValueError, TypeError):
        return None


def _clean(text: str) -> str:
    """One line per block, runs of spaces collapsed, no empty lines."""
    text = _CONTROL.sub("", text.replace("\r", "\n"))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _meta(html: str) -> dict[str, str]:
    """Title, date, author, site name and language from the page's head, with lxml."""
    root = _parse(html)
    if root is None:
        return {}
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        value = (element.get("content") or "").strip()
        if not value:
            continue
        if key in ("og:site_name", "application-name", "publisher"):
            found.setdefault("site_name", value)
        elif key in ("author", "article:author", "dc.creator", "byl"):
            found.setdefault("author", value)
        elif key in _DATE_META:
            found.setdefault("date", value)
        elif key in ("og:title", "twitter:title"):
            found.setdefault("og_title", value)
        elif key == "og:url" and value.startswith(("http://", "https://")):
            found.setdefault("url", value)
    for link in root.iter("link"):
        href = (link.get("href") or "").strip()
        if (link.get("rel") or "").lower() == "canonical" and href.startswith(("http://", "https://")):
            found["url"] = href
    titles = [t.text_content().strip() for t in root.iter("title")]
    if title := found.pop("og_title", None) or next((t for t in titles if t), None):
        found["title"] = " ".join(title.split())
    if lang := root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"):
        found["language"] = lang.split("-")[0].lower()
    return found
