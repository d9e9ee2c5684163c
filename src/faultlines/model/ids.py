"""Content-hash ids: the same content always gives the same id, so re-ingest is a no-op.

>>> content_id("clm", {"a": 1, "b": [1, 2]}) == content_id("clm", {"b": [1, 2], "a": 1})
True
>>> content_id("doc", "some text")
'doc_e05948d06ea413b7'
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata


def content_id(prefix: str, content: object) -> str:
    """Return ``prefix_`` + the first 16 hex digits of the SHA-256 of ``content`` as canonical JSON.

    Keys are sorted and dates become ISO strings, so equal content gives equal ids across runs and
    machines. 64 bits make an accidental collision unlikely below billions of objects.
    """
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str,
                           separators=(",", ":"))
    return f"{prefix}_{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:16]}"


def slugify(name: str) -> str:
    """Lowercase ASCII slug of a name, for actor and source ids.

    >>> slugify("Asa'ib Ahl al-Haq (League of the Righteous)")
    'asaib-ahl-al-haq-league-of-the-righteous'
    >>> slugify("Erdoğan")
    'erdogan'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"['’ʿʾ`]", "", ascii_name.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    return slug or content_id("x", name)[2:]
