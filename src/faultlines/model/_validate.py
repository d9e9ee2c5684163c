"""Small checks shared by the model classes; each failure is a coded :class:`ModelError`."""

from __future__ import annotations

import datetime as dt

from faultlines.errors import ModelError

GRADES = ("A", "B", "C", "D", "E", "F")


def require(condition: bool, obj: object, field: str, reason: str, value: object) -> None:
    """Raise ``E301`` naming ``obj``'s class (or ``obj`` if it is a class) unless ``condition`` holds."""
    if not condition:
        name = obj.__name__ if isinstance(obj, type) else type(obj).__name__
        raise ModelError("E301", cls=name, field=field, reason=reason, value=value)


def check_interval(obj: object, start: dt.date | None, end: dt.date | None) -> None:
    """Check a half-open interval ``[start, end)``; either side may be open (None)."""
    require(start is None or isinstance(start, dt.date), obj, "valid_from", "must be a date or None", start)
    require(end is None or isinstance(end, dt.date), obj, "valid_to", "must be a date or None", end)
    if start is not None and end is not None:
        require(start <= end, obj, "valid_to", f"ends before it starts ({start})", end)


def check_grade(obj: object, field: str, grade: str | None) -> None:
    require(grade is None or grade in GRADES, obj, field, "must be a grade A-F or None", grade)
