"""Dates that may be partial: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

A partial date stands for its whole period. As a start it is the period's first day; as an end,
the day after the period (intervals are half-open).

>>> parse_date("2018-05")
(datetime.date(2018, 5, 1), 'month')
>>> period_end(*parse_date("2018-12"))
datetime.date(2019, 1, 1)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

Precision = Literal["day", "month", "year"]
PRECISIONS: tuple[Precision, ...] = ("day", "month", "year")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date(value: str | int | dt.date) -> tuple[dt.date, Precision]:
    """Parse a possibly partial date; raise ``ValueError`` with the reason if it is not one.

    >>> parse_date("2018-05-17")
    (datetime.date(2018, 5, 17), 'day')
    >>> parse_date(2014)
    (datetime.date(2014, 1, 1), 'year')
    """
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    match = _DATE.match(str(value).strip())
    if not match:
        raise ValueError(f"'{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        if day is not None:
            return dt.date(int(year), int(month), int(day)), "day"
        if month is not None:
            return dt.date(int(year), int(month), 1), "month"
        return dt.date(int(year), 1, 1), "year"
    except ValueError as e:
        raise ValueError(f"'{value}' is not a calendar date ({e})") from e


def period_end(start: dt.date, precision: Precision) -> dt.date:
    """The first day after the period that ``start`` with ``precision`` stands for."""
    if precision == "day":
        return start + dt.timedelta(days=1)
    if precision == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return dt.date(start.year + 1, 1, 1)


def format_date(day: dt.date, precision: Precision = "day") -> str:
    """Write a date back at its precision: the inverse of :func:`parse_date`.

    >>> format_date(dt.date(2018, 5, 1), "month")
    '2018-05'
    """
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]
