"""Where claims come from: sources, documents, and the exact evidence inside them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from faultlines.model._validate import check_grade, require
from faultlines.model.ids import content_id

SOURCE_KINDS = ("outlet", "dataset", "analyst", "person", "unknown")


@dataclass(frozen=True, slots=True)
class Source:
    """An outlet or dataset that reports claims.

    ``actor_id`` is the actor the source is owned by or affiliated with, if any (a Saudi-owned
    paper -> ``saudi-arabia``), so that findings resting on partisan sources can be flagged.
    ``reliability`` is the Admiralty grade A-F of the source, ``credibility`` 1-6 where known.

    >>> Source("al-hayat", "Al Hayat", kind="outlet", actor_id="saudi-arabia", reliability="C").kind
    'outlet'
    """

    id: str
    name: str
    kind: str = "outlet"
    country: str | None = None
    language: str | None = None
    actor_id: str | None = None
    reliability: str | None = None
    credibility: int | None = None

    def __post_init__(self) -> None:
        require(bool(self.id), self, "id", "must not be empty", self.id)
        require(self.kind in SOURCE_KINDS, self, "kind", f"must be one of {SOURCE_KINDS}", self.kind)
        check_grade(self, "reliability", self.reliability)
        require(self.credibility is None or 1 <= self.credibility <= 6, self, "credibility",
                "must be 1-6 or None", self.credibility)


@dataclass(frozen=True, slots=True)
class Document:
    """A text that claims were read from. Its id is the hash of its text.

    >>> doc = Document("Russia and Iran disagree.", url="https://example.org/a")
    >>> doc.id == Document("Russia and Iran disagree.").id
    True
    """

    text: str
    url: str | None = None
    title: str | None = None
    published_at: dt.date | None = None
    source_id: str | None = None
    language: str | None = None
    id: str = field(init=False)

    def __post_init__(self) -> None:
        require(isinstance(self.text, str), self, "text", "must be a string", self.text)
        require(self.published_at is None or isinstance(self.published_at, dt.date), self,
                "published_at", "must be a date or None", self.published_at)
        object.__setattr__(self, "id", content_id("doc", self.text))


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Characters ``[start, end)`` of a document: ``doc.text[span.start:span.end]`` is the evidence.

    >>> doc = Document("Turkey opposes the SDF.")
    >>> TextSpan.of(doc, 0, 6).text(doc)
    'Turkey'
    """

    doc_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        require(isinstance(self.start, int) and self.start >= 0, self, "start", "must be an int >= 0", self.start)
        require(isinstance(self.end, int) and self.end >= self.start, self, "end", "must be an int >= start",
                self.end)

    @classmethod
    def of(cls, doc: Document, start: int, end: int) -> "TextSpan":
        """A span of ``doc``, checked against its length."""
        require(end <= len(doc.text), cls, "end", f"is past the text's end ({len(doc.text)})", end)
        return cls(doc.id, start, end)

    def text(self, doc: Document) -> str:
        require(doc.id == self.doc_id, self, "doc_id", f"belongs to another document than {doc.id}", self.doc_id)
        return doc.text[self.start:self.end]


@dataclass(frozen=True, slots=True)
class RowRef:
    """A row of a dataset or claims file cited as evidence.

    ``row_id`` identifies the row (an event id, or a hash of the row's content); ``line`` only
    locates it in the file it was last read from and is not part of its identity.
    """

    dataset: str
    row_id: str
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        require(bool(self.dataset), self, "dataset", "must not be empty", self.dataset)
        require(bool(self.row_id), self, "row_id", "must not be empty", self.row_id)


Evidence = TextSpan | RowRef


def evidence_key(ev: Evidence) -> tuple:
    """The identity of one piece of evidence, for content-hash ids (RowRef.line excluded)."""
    if isinstance(ev, TextSpan):
        return ("span", ev.doc_id, ev.start, ev.end)
    return ("row", ev.dataset, ev.row_id)
