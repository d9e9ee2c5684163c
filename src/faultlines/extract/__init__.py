"""Document -> mentions, claims, quotes: the rule-based extractor (docs/extraction.md)."""

from faultlines.extract.pipeline import EXTRACTOR, MODEL, Extraction, Extractor

__all__ = ["EXTRACTOR", "MODEL", "Extraction", "Extractor"]
