"""Bytes to text, and the metadata a text carries: header block, dates, language.

Small pure helpers shared by the document readers (docs/readers.md). Nothing here reads files or
the network; the readers hand in the bytes they read.

>>> header, body = split_header("Title: Talks stall\\nDate: 2018-05-22\\n\\nThe talks stalled.\\n")
>>> header["title"], header["date"], body
('Talks stall', '2018-05-22', 'The talks stalled.')
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from faultlines.catalogue import Catalogue
from faultlines.model import Source, parse_date, slugify

# Header keys a plain-text or Markdown file may open with; synonyms map to one name.
HEADER_KEYS = {"title": "title", "date": "date", "published": "date", "outlet": "outlet", "source": "outlet",
               "author": "author", "url": "url", "language": "language"}
_HEADER_LINE = re.compile(r"^([A-Za-z]+)[ \t]*:[ \t]*(.*?)[ \t]*$")

# Languages a document may be detected as. Restricting py3langid to the languages of the
# conflicts we follow stops short English texts being called Frisian or Pidgin.
LANGUAGES = ("en", "ar", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "tr", "fa", "ku", "he", "ur", "ps",
             "zh", "so", "sw", "am")
MIN_LANGUAGE_CONFIDENCE = 0.4  # below it, or nearer than the margin to the runner-up, the
MIN_LANGUAGE_MARGIN = 0.15     # language is left unknown (None)
MIN_LANGUAGE_LETTERS = 12      # too few letters to say anything
LANGUAGE_SAMPLE = 5_000        # characters looked at; enough for a stable answer

# Encodings tried when a text is not UTF-8, most common first (the order breaks ties).
LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "cp1251", "koi8_r", "cp1256", "iso8859_6", "cp1254", "cp1250",
                    "cp1255", "cp1253", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr", "mac_roman")
_LATIN1_LABELS = ("iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d/%m/%Y",
                 "%Y/%m/%d", "%d.%m.%Y")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, the encoding used, and whether it had to be guessed."""

    text: str
    encoding: str
    guessed: bool = False


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data``: a byte-order mark, else UTF-8, else ``declared``, else a detected encoding.

    Raise ``ValueError`` with the reason when no encoding fits: bytes that are binary (NUL bytes
    without a UTF-16/32 mark) or that charset-normalizer cannot place.

    >>> decode_bytes("Gen\\u00e8ve".encode("latin-1")).text
    'Genève'
    >>> decode_bytes("\\u201cNo\\u201d".encode("cp1252"), declared="ISO-8859-1").encoding
    'cp1252'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        first_error = f"byte 0x{data[e.start]:02x} at offset {e.start} is not UTF-8"
    if b"\x00" in data:
        raise ValueError(f"{first_error}, and NUL bytes mark it as binary")
    if declared:
        # as browsers do (WHATWG): pages that say Latin-1 or ASCII are Windows-1252, whose curly
        # quotes and dashes would otherwise become invisible control characters
        declared = "cp1252" if declared.lower().replace("_", "-") in _LATIN1_LABELS else declared
        try:
            return Decoded(data.decode(declared), declared.lower())
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; detect instead
    matches = list(from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        raise ValueError(f"{first_error}, and no other encoding fits")
    # charset-normalizer ties often on short texts (cp1250 and cp1252 both read French without
    # "chaos"); break ties by how common the encoding is instead of by its name.
    best = min(matches, key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3),
                                       LEGACY_ENCODINGS.index(m.encoding)))
    return Decoded(str(best), best.encoding, guessed=True)


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` become ``\\n``, so the same text read on any system has one id."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split an optional header block off the top of a text; return ``(header, body)``.

    A header block is one or more lines ``Key: value`` at the very top, every key one of
    :data:`HEADER_KEYS` (any case), ended by a blank line. YAML-style front matter between two
    ``---`` lines with the same keys is accepted too. Anything else means there is no header and
    the whole text is the body. The body loses its leading blank lines and trailing whitespace.
    """
    lines = normalize_newlines(text).split("\n")
    fenced = bool(lines) and lines[0].strip() == "---"
    start = 1 if fenced else 0
    header: dict[str, str] = {}
    for i in range(start, len(lines)):
        line = lines[i]
        if (fenced and line.strip() == "---") or (not fenced and not line.strip()):
            if header:
                return header, _body(lines[i + 1:])
            break
        match = _HEADER_LINE.match(line)
        if not match or match.group(1).lower() not in HEADER_KEYS:
            break
        header[HEADER_KEYS[match.group(1).lower()]] = match.group(2).strip("\"'")
    return {}, _body(lines)


def _body(lines: list[str]) -> str:
    return "\n".join(lines).lstrip("\n").rstrip()


def parse_when(value: str | None) -> dt.date | None:
    """A publication date from the forms met in headers, meta tags and feeds; None if not one.

    >>> [parse_when(v) for v in ("2018-05", "22 May 2018", "Tue, 22 May 2018 10:00:00 GMT", "soon")]
    [datetime.date(2018, 5, 1), datetime.date(2018, 5, 22), datetime.date(2018, 5, 22), None]
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        return parse_date(value)[0]
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


@lru_cache(maxsize=1)
def _identifier():
    # Our own instance: the module-level py3langid identifier is shared, and restricting it
    # would change the answers other code gets.
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    identifier = LanguageIdentifier.from_modelpath(Path(MODEL_DIR) / MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language among :data:`LANGUAGES`, or None if unsure.

    >>> detect_language("Russia and Iran disagree about the future of the south."), detect_language("Ok.")
    ('en', None)
    """
    sample = text[:LANGUAGE_SAMPLE]
    if sum(ch.isalpha() for ch in sample) < MIN_LANGUAGE_LETTERS:
        return None
    (language, confidence), (_, runner_up) = _identifier().rank(sample)[:2]
    sure = confidence >= MIN_LANGUAGE_CONFIDENCE and confidence - runner_up >= MIN_LANGUAGE_MARGIN
    return language if sure else None


def outlet_source(name: str, catalogue: Catalogue | None = None) -> Source:
    """The :class:`Source` of the outlet called ``name``.

    A name the catalogue resolves to an actor of kind ``outlet`` gives that actor's id, country,
    language and reliability grade, and the actor that owns or backs it; any other name gives a
    source whose id is the slug of the name (``outlet-`` + the slug if that is the id of another
    catalogued actor, such as a state) and whose grade is unknown.

    >>> source = outlet_source("The Border Desk")
    >>> source.id, source.kind, source.reliability
    ('the-border-desk', 'outlet', None)
    """
    found = catalogue.resolve(name) if catalogue is not None else None
    actor = catalogue.actors.get(found.actor_id) if found is not None and found.ok else None
    if actor is None or actor.kind != "outlet":
        slug = slugify(name)  # an id that names a catalogued actor would pass for that actor's outlet
        return Source(f"outlet-{slug}" if catalogue is not None and slug in catalogue.actors else slug, name,
                      kind="outlet")
    owners = [a.parent for a in catalogue.affiliations_of(actor.id) if a.relation in ("owned_by", "backed_by")]
    return Source(actor.id, actor.name, kind="outlet", country=actor.country, language=actor.language,
                  actor_id=owners[0] if owners else None, reliability=actor.reliability)
