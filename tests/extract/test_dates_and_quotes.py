"""Dates resolved against publication; the Quote model."""

from __future__ import annotations

import datetime as dt

import pytest

from faultlines.errors import ModelError
from faultlines.extract.dates import document_date, sentence_date
from faultlines.model import TextSpan
from faultlines.model.quotes import Quote

PUB = dt.date(2018, 5, 22)  # a Tuesday


@pytest.mark.parametrize(("text", "expected"), [
    ("(SANA, 17 May 2018)", (dt.date(2018, 5, 17), "day")),
    ("on May 3, 2017 the army", (dt.date(2017, 5, 3), "day")),
    ("in March 2016", (dt.date(2016, 3, 1), "month")),
    ("talks on Monday", (dt.date(2018, 5, 21), "day")),
    ("talks on Tuesday", (dt.date(2018, 5, 22), "day")),
    ("clashes yesterday", (dt.date(2018, 5, 21), "day")),
    ("since June the rebels", (dt.date(2017, 6, 1), "month")),  # the last June on or before publication
    ("in March they met", (dt.date(2018, 3, 1), "month")),
    ("nothing dated here", None),
])
def test_sentence_dates(text, expected):
    assert sentence_date(text, PUB) == expected


def test_document_date_falls_back_to_the_dateline():
    assert document_date("By A. Writer • May 22, 2018\n\nText.", None) == PUB
    assert document_date("No date at all.", None) is None
    assert document_date("Text of 1 June 2020.", PUB) == PUB


def test_quote_kinds_are_checked():
    q = Quote(TextSpan("doc_1", 0, 5), "iran", kind="reported")
    assert q.speaker == "iran" and q.speaker_span is None
    with pytest.raises(ModelError):
        Quote(TextSpan("doc_1", 0, 5), kind="paraphrase")
