"""The date values eventwire reads, stores and queries: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

One rule for readers (article dates), the CLI and the API (``since``, ``until``, ``date``): the
value must be a calendar date with a year from ``MIN_YEAR`` to ``MAX_YEAR``, so that the day
arithmetic done on it (the day before a brief, the last day of a month) never leaves Python's
calendar (``0001-01-01`` minus one day is an OverflowError).
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Optional

MIN_YEAR = 1000
MAX_YEAR = 9000
FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_problem(value: str) -> Optional[str]:
    """None when ``value`` is an accepted date, else a short phrase saying what is wrong with it."""
    m = _DATE.fullmatch(value)
    if not m:
        return f"not a date ({FORMS})"
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        _dt.date(year, month, day)
    except ValueError:
        return "not a calendar date"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"year out of range ({MIN_YEAR} to {MAX_YEAR})"
    return None


def is_date(value: str) -> bool:
    return date_problem(value) is None


def first_day(value: str) -> _dt.date:
    """The first day a checked date covers: ``2022-08`` -> 2022-08-01."""
    parts = [int(p) for p in value.split("-")]
    return _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(value: str) -> _dt.date:
    """The last day a checked date covers: ``2022-02`` -> 2022-02-28, ``2022`` -> 2022-12-31."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return _dt.date(*parts)
    month = parts[1] if len(parts) > 1 else 12
    return _dt.date(parts[0], month, calendar.monthrange(parts[0], month)[1])


__all__ = ["MIN_YEAR", "MAX_YEAR", "FORMS", "date_problem", "is_date", "first_day", "last_day"]
