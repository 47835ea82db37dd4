"""Plain-text articles in the seed's form (``date YYYY-MM-DD`` then the body), the one place
every reader builds its Article, and truncation of over-long articles at a paragraph or
sentence boundary.  Bytes are decoded in :mod:`eventwire.ingest.encoding`."""
from __future__ import annotations

import re
from typing import Iterable, Optional

from eventwire.config import limits
from eventwire.dates import date_problem
from eventwire.errors import IngestError
from eventwire.ingest.language import detect_language
from eventwire.records import Article

# Default maximum size of one article's text, in characters: eventwire.config ($EVENTWIRE_MAX_ARTICLE_CHARS).
MAX_CHARS = limits(strict=False).max_article_chars

# "date X" on the first line, where X looks like an attempt at a date (digits with separators, or a
# year): "date 2023-03-14", "date 2022-13-45", "date 14/03/2023" -- but not "Date palms" or "date 15 people".
DATE_HEADER = re.compile(r"^\ufeff?\s*date[ \t]+(\d{4,}(?:[-/.:T]\S*)?|\d{1,3}[-/.]\S*)(?=\s|$)[ \t]*(?:\r?\n)?",
                         re.IGNORECASE)
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def check_date(value: str) -> Optional[str]:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (or an ISO datetime, cut to its date) if accepted, else None."""
    value = value.strip()
    m = _ISO_DATETIME.match(value)
    if m:
        value = m.group(1)
    return value if date_problem(value) is None else None


def truncate_text(text: str, max_chars: int = MAX_CHARS) -> tuple[str, bool]:
    """Cut ``text`` to at most ``max_chars`` at a paragraph, else sentence, else word boundary."""
    if max_chars <= 0 or len(text) <= max_chars:
        return text, False
    head = text[:max_chars]
    floor = max_chars // 2
    cut = max(head.rfind("\n\n"), head.rfind("\r\n\r\n"))
    if cut < floor:
        ends = [m.end() for m in re.finditer(r"[.!?][\"'”’»)]*\s", head)]
        cut = ends[-1] if ends and ends[-1] >= floor else -1
    if cut < floor:
        cut = max(head.rfind(" "), head.rfind("\n"))
    if cut < floor:
        cut = max_chars
    return head[:cut].rstrip(), True


def split_date_header(text: str) -> tuple[Optional[str], Optional[str], str]:
    """(date, header, body): ``header`` is the ``date ...`` line when ``text`` starts with one (then
    ``date`` is its value if that is an accepted date, else None), and ``body`` the text after it."""
    match = DATE_HEADER.match(text)
    if not match:
        return None, None, text
    header = text[:match.end()].strip().lstrip("\ufeff")
    return check_date(match.group(1)), header, text[match.end():]


def make_article(body: str, origin: str, date: Optional[str], date_inferred: bool,
                 max_chars: int = MAX_CHARS, truncated: bool = False, warnings: Iterable[str] = (),
                 **meta) -> Article:
    """The one place every reader builds its Article: strip, reject empty, truncate, detect language.

    ``truncated`` says the reader already cut the input (a file over the read limit); ``warnings``
    (a guessed encoding, a date that was replaced) are kept on the Article as ``ingest_warnings``.
    """
    # NUL never belongs in text (and PostgreSQL refuses it in TEXT columns, failing the whole batch)
    body = body.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()
    meta = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in meta.items()}
    if not body:
        raise IngestError(origin, "empty (no text)")
    warnings = list(warnings)
    if "\ufffd" in body:
        warnings.append("the text holds U+FFFD replacement characters: part of the input could not be decoded")
    body, cut = truncate_text(body, max_chars)
    return Article(text=body, date=date, date_inferred=date_inferred, language=detect_language(body),
                   origin=origin, truncated=truncated or cut, ingest_warnings=warnings, **meta)


def replaced_date(origin: str, what: str, date: Optional[str]) -> str:
    """The warning for an input whose own date is unusable, when ``--date`` stands in for it;
    without ``--date`` the input is refused (an IngestError), never dated silently."""
    if date is None:
        raise IngestError(origin, f"{what} (give --date to use another date)")
    return f"{what}: used --date {date} instead"


def article_from_text(text: str, origin: str, date: Optional[str] = None, *, default_date: Optional[str] = None,
                      max_chars: int = MAX_CHARS, truncated: bool = False, warnings: Iterable[str] = (),
                      **meta) -> Article:
    """Build an Article from decoded text; a leading date header wins over ``date``.

    Without a header the article takes ``date`` (``--date``), else ``default_date`` (the file's
    mtime date, today for stdin), and is marked ``date_inferred``.  A header whose date is not
    valid (``date 2022-13-45``) is an IngestError, or with ``date`` that date and a warning; the
    header never stays in the text.
    """
    if not text.strip():
        raise IngestError(origin, "empty (whitespace only)")
    header_date, header, body = split_date_header(text)
    meta.pop("date_inferred", None)
    warnings = list(warnings)
    if header_date:
        return make_article(body, origin, header_date, False, max_chars, truncated, warnings, **meta)
    if header is not None:
        warnings.append(replaced_date(origin, f"invalid date header {header[:40]!r}", date))
    fallback = date or default_date
    if fallback is None:
        raise IngestError(origin, "no date header and no --date given")
    if not body.strip():
        raise IngestError(origin, "empty (no text after the date)")
    return make_article(body, origin, fallback, True, max_chars, truncated, warnings, **meta)
