"""Event dates: an explicit date in the sentence, resolved against the publication date.

Recognised: "22 May 2018", "May 22, 2018", "2018-05-22", "May 2018", "on Monday" (the last such
weekday on or before publication), "yesterday", "last week/month/year", "in March" (the last
March on or before publication). A sentence with no date takes the publication date; a document
without one takes its first full date in the text (a dateline), and failing that there is no date
and the caller records a problem instead of inventing one.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_M = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_M}\s+(\d{{4}})\b")
_MDY = re.compile(rf"\b{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MY = re.compile(rf"\b{_M}\s+(\d{{4}})\b")
_WEEKDAY = re.compile(r"\b(?:on|last)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_IN_MONTH = re.compile(rf"\b(?:in|on|since|last)\s+{_M}\b(?!\s+\d)")
_RELATIVE = re.compile(r"\b(yesterday|last week|last month|last year|this week|today)\b", re.I)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _month(name: str) -> int:
    return _MONTHS[name.lower()[:3]]


def full_dates(text: str) -> list[tuple[int, dt.date]]:
    """(offset, date) of every full calendar date in ``text``."""
    found = []
    for pattern, order in ((_DMY, "dmy"), (_MDY, "mdy"), (_ISO, "ymd")):
        for m in pattern.finditer(text):
            a, b, c = m.groups()
            try:
                if order == "dmy":
                    day = dt.date(int(c), _month(b), int(a))
                elif order == "mdy":
                    day = dt.date(int(c), _month(a), int(b))
                else:
                    day = dt.date(int(a), int(b), int(c))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), day))
    return sorted(found)


def sentence_date(text: str, published: dt.date | None) -> tuple[dt.date, str] | None:
    """The date a sentence's events happened, with its precision, or None if it names none."""
    full = full_dates(text)
    if full:
        return full[0][1], "day"
    if m := _MY.search(text):
        return dt.date(int(m.group(2)), _month(m.group(1)), 1), "month"
    if published is None:
        return None
    if m := _WEEKDAY.search(text):
        back = (published.weekday() - _DAYS.index(m.group(1).lower())) % 7
        return published - dt.timedelta(days=back), "day"
    if m := _RELATIVE.search(text):
        word = m.group(1).lower()
        if word == "yesterday":
            return published - dt.timedelta(days=1), "day"
        if word == "last month":
            prev = published.replace(day=1) - dt.timedelta(days=1)
            return prev.replace(day=1), "month"
        if word == "last year":
            return dt.date(published.year - 1, 1, 1), "year"
        if word == "last week":
            return published - dt.timedelta(days=7), "day"
        return published, "day"
    if m := _IN_MONTH.search(text):
        month = _month(m.group(1))
        year = published.year if month <= published.month else published.year - 1
        return dt.date(year, month, 1), "month"
    return None


def document_date(text: str, published: dt.date | None) -> dt.date | None:
    """The date claims fall back to: the publication date, else the first full date in the text."""
    if published is not None:
        return published
    found = full_dates(text[:2000])
    return found[0][1] if found else None
