"""Text preparation the small English pipeline needs: paragraph breaks and footnote markers.

Both are spaCy-side settings; the document text is never changed, so offsets stay exact.
A blank line or line break always ends a sentence (the parser otherwise runs a caption into the
next paragraph), and footnote markers ``[12]`` and quote marks split from the words they touch
(``Syria.[13]``, ``forces].”[7]``), so names and sentence ends are seen.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex

_EXTRA_INFIXES = (r"\.(?=\[\d)", r"\[(?=\d)", r"(?<=\d)\]", r"(?<=[\w.,!?\]])[“”\"](?=\[)", r"(?<=\w)\](?=[.”\"\[])",
                  r"(?<=[.!?])[“”\"]", r"(?<=[.!?\]])\[")


@Language.component("faultlines_paragraphs")
def paragraph_breaks(doc):
    """Start a sentence after every token that holds a line break (sets ``Token.is_sent_start``)."""
    for token in doc[:-1]:
        if "\n" in token.text or token.text_with_ws.endswith("\n"):
            doc[token.i + 1].is_sent_start = True
    return doc


def prepare(nlp) -> None:
    """Add the paragraph component before the parser and the footnote infixes, once."""
    if "faultlines_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("faultlines_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
        infixes = list(nlp.Defaults.infixes) + list(_EXTRA_INFIXES)
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
