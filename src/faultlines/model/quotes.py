"""Quotes: words a text puts in someone's mouth, directly ("…") or reported ("X said that …")."""

from __future__ import annotations

from dataclasses import dataclass

from faultlines.model._validate import require
from faultlines.model.evidence import TextSpan

QUOTE_KINDS = ("direct", "reported")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation in a document and who said it.

    ``span`` covers the quoted words (for a direct quote, inside the quote marks); ``speaker`` is
    the actor id of the speaker when it could be linked, else None; ``speaker_span`` is the text
    that names the speaker (a name, "the spokesman", a pronoun), when found.

    >>> Quote(TextSpan("doc_1", 10, 20), "iran", kind="direct").kind
    'direct'
    """

    span: TextSpan
    speaker: str | None = None
    speaker_span: TextSpan | None = None
    kind: str = "direct"

    def __post_init__(self) -> None:
        require(self.kind in QUOTE_KINDS, self, "kind", f"must be one of {QUOTE_KINDS}", self.kind)
