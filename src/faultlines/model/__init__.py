"""The data model: frozen, validated dataclasses with content-hash ids and no I/O.

The contract between layers; see docs/data-model.md.
"""

from faultlines.model.actors import (ACTOR_KINDS, AFFILIATION_RELATIONS, OFFICES, Actor, Affiliation,
                                     Coalition, CoalitionMember, Mention)
from faultlines.model.claims import MODALITIES, RELATION_MAPPING, RELATIONS, Claim
from faultlines.model.dates import format_date, parse_date, period_end
from faultlines.model.evidence import Document, Evidence, RowRef, Source, TextSpan
from faultlines.model.ids import content_id, slugify

__all__ = [
    "ACTOR_KINDS", "AFFILIATION_RELATIONS", "MODALITIES", "OFFICES", "RELATIONS", "RELATION_MAPPING",
    "Actor", "Affiliation", "Claim", "Coalition", "CoalitionMember", "Document", "Evidence", "Mention",
    "RowRef", "Source", "TextSpan", "content_id", "format_date", "parse_date", "period_end", "slugify",
]
