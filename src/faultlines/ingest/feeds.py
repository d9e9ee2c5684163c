"""RSS and Atom feeds: each item becomes one text with its title, link, date and author.

feedparser is only ever given bytes, never a URL or a path, so it fetches nothing. An item's text
is its full content where the feed carries it, else its summary; the item's link is not fetched
(put the links in a ``.urls`` file for that).

>>> feed = parse_feed(b'<rss version="2.0"><channel><title>Desk</title><item><title>A</title>'
...                   b'<link>https://desk.example/a</link><description>Two allies argued.</description>'
...                   b'<pubDate>Mon, 21 May 2018 09:00:00 GMT</pubDate></item></channel></rss>')
>>> feed.title, [(i.title, i.link, str(i.published), i.text) for i in feed.items]
('Desk', [('A', 'https://desk.example/a', '2018-05-21', 'Two allies argued.')])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import feedparser

from faultlines.ingest.html import html_to_text


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed: ``text`` is plain text; any field may be None or empty."""

    text: str
    title: str | None
    link: str | None
    published: dt.date | None
    author: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title (the outlet, usually), link, and items in feed order."""

    title: str | None
    link: str | None
    items: list[FeedItem]


def parse_feed(data: bytes) -> Feed:
    """Parse RSS 0.9x/1.0/2.0 or Atom bytes; raise ``ValueError`` with the reason if not a feed."""
    parsed = feedparser.parse(data)  # bytes: feedparser never fetches
    if not parsed.version and not parsed.entries:
        error = parsed.get("bozo_exception")
        raise ValueError(f"{error}" if error else "it has no <rss>, <feed> or RDF root element")
    channel = parsed.feed
    items = [FeedItem(_text(entry), _string(entry.get("title")), _string(entry.get("link")),
                      _published(entry), _string(entry.get("author"))) for entry in parsed.entries]
    return Feed(_string(channel.get("title")), _string(channel.get("link")), items)


def _text(entry) -> str:
    """The longest body the entry carries: a ``content`` element, else the summary."""
    bodies = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if entry.get("summary"):
        bodies.append((entry["summary"], (entry.get("summary_detail") or {}).get("type") or "text/html"))
    texts = [html_to_text(value) if "html" in kind else " ".join(value.split()) for value, kind in bodies]
    return max(texts, key=len, default="")


def _published(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        when = entry.get(key)
        if when:
            return dt.date(when.tm_year, when.tm_mon, when.tm_mday)
    return None


def _string(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None
