"""Resolve date expressions in a sentence against the article date.

``resolve(text, article_date)`` finds the date expressions in ``text``
(weekdays, "yesterday", "this morning", "last week", "June 4",
"October 20, 2022", ISO dates, "February 2022", "in April", "in 2014") and returns ``(date, inferred)``: an ISO date
(as precise as the article date allows) and ``False``, or the article date
and ``True`` when nothing resolved.  Weekdays and year-less dates are never
placed after the article date.  The words come from ``data/date_words.tsv``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from eventwire.lexicons import table


@dataclass
class DateMention:
    start: int          # character offsets in the text searched
    end: int
    date: str           # ISO (YYYY-MM-DD, or YYYY-MM / YYYY when only that is known)


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, int]]:
    return {r["word"]: (r["kind"], int(r["value"])) for r in table("date_words")}


def _article_day(article_date: Optional[str]) -> tuple[Optional[dt.date], str]:
    """The article date as a date (first of month/year when less precise) and its precision."""
    if not article_date:
        return None, "none"
    try:
        if len(article_date) >= 10:
            return dt.date.fromisoformat(article_date[:10]), "day"
        if len(article_date) == 7:
            return dt.date(int(article_date[:4]), int(article_date[5:7]), 1), "month"
        return dt.date(int(article_date[:4]), 1, 1), "year"
    except ValueError:
        return None, "none"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    words = sorted(_words(), key=len, reverse=True)
    months = [w for w, (k, _) in _words().items() if k == "month"]
    month_alt = "|".join(sorted(months, key=len, reverse=True))
    other = "|".join(re.escape(w) for w in words if _words()[w][0] != "month")
    return re.compile(
        rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
        rf"|(?P<md>\b(?P<m1>{month_alt})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?)"
        rf"|(?P<dm>\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{month_alt})\b\.?(?:,?\s+(?P<y2>\d{{4}})\b)?)"
        rf"|(?P<my>\b(?P<m3>{month_alt})\.?,?\s+(?:of\s+)?(?P<y3>(?:19|20)\d{{2}})\b)"
        rf"|(?P<inmonth>\b(?:in|since|last|early|late|mid-?)\s+(?P<m4>{month_alt})\b(?!\.?,?\s*(?:of\s+)?\d))"
        rf"|(?P<year>\b(?:in|since|during|of|early|late|mid-?)\s+(?P<y4>(?:19|20)\d{{2}})\b)"
        rf"|(?P<word>\b(?:last\s+|on\s+|this\s+|early\s+|late\s+)?(?:{other})\b)",
        re.IGNORECASE,
    )


def _fmt(d: dt.date) -> str:
    return d.isoformat()


def _year_for(month: int, day: int, ref: dt.date) -> int:
    """The year that puts month/day on or before the reference date."""
    try:
        candidate = dt.date(ref.year, month, day)
    except ValueError:
        return ref.year
    return ref.year if candidate <= ref + dt.timedelta(days=1) else ref.year - 1


def find_dates(text: str, article_date: Optional[str]) -> list[DateMention]:
    """Every date expression in ``text`` that resolves against ``article_date``."""
    ref, precision = _article_day(article_date)
    out: list[DateMention] = []
    words = _words()
    for m in _pattern().finditer(text):
        date: Optional[str] = None
        if m.group("iso"):
            try:
                date = _fmt(dt.date.fromisoformat(m.group("iso")))
            except ValueError:
                date = None
        elif m.group("md") or m.group("dm"):
            mon = words[(m.group("m1") or m.group("m2")).lower()][1]
            day = int(m.group("d1") or m.group("d2"))
            year = m.group("y1") or m.group("y2")
            if year:
                y = int(year)
            elif ref is not None:
                y = _year_for(mon, day, ref)
            else:
                continue
            try:
                date = _fmt(dt.date(y, mon, day))
            except ValueError:
                date = None
        elif m.group("my"):             # "February 2022": the month
            date = f"{int(m.group('y3')):04d}-{words[m.group('m3').lower()][1]:02d}"
        elif m.group("inmonth"):        # "in April": the last April on or before the article date
            if ref is None:
                continue
            mon = words[m.group("m4").lower()][1]
            date = f"{ref.year if mon <= ref.month else ref.year - 1:04d}-{mon:02d}"
        elif m.group("year"):           # "in 2014"
            date = m.group("y4")
        elif m.group("word"):
            phrase = re.sub(r"\s+", " ", m.group("word").lower())
            lead = ""
            for prefix in ("last ", "on ", "this ", "early ", "late "):
                if phrase.startswith(prefix) and phrase[len(prefix):] in words and phrase not in words:
                    lead, phrase = prefix.strip(), phrase[len(prefix):]
                    break
            kind, value = words.get(phrase, (None, 0))
            if kind is None or ref is None:
                continue
            if precision != "day":
                date = article_date  # relative words cannot be placed more precisely
            elif kind == "weekday":
                back = (ref.weekday() - value) % 7
                if back == 0 and lead == "last":
                    back = 7
                date = _fmt(ref - dt.timedelta(days=back))
            elif kind == "offset":
                date = _fmt(ref + dt.timedelta(days=value))
            elif kind == "week":
                monday = ref - dt.timedelta(days=ref.weekday())
                date = _fmt(monday + dt.timedelta(weeks=value))
            elif kind == "month":
                continue
        if date:
            out.append(DateMention(m.start(), m.end(), date))
    return out


def resolve(text: str, article_date: Optional[str], near: Optional[int] = None) -> tuple[Optional[str], bool]:
    """``(date, inferred)`` for the act described in ``text``.

    ``near``: a character offset in ``text`` (the trigger); the closest date
    expression wins.  Unresolved: the article date, inferred=True.
    """
    found = find_dates(text, article_date)
    if not found:
        return article_date, True
    if near is not None:
        found.sort(key=lambda d: min(abs(d.start - near), abs(d.end - near)))
    return found[0].date, False
