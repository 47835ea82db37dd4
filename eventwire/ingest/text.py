"""Plain-text articles in the seed's form: ``date YYYY-MM-DD`` then the body."""
from __future__ import annotations

import re
from typing import Optional

from eventwire.ingest.errors import IngestError
from eventwire.ingest.language import detect_language
from eventwire.records import Article

DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b[ \t]*\n?")


def article_from_text(text: str, origin: str, date: Optional[str] = None, **meta) -> Article:
    """Build an Article from decoded text; a leading date header wins over ``date``."""
    match = DATE_HEADER.match(text)
    inferred = False
    if match:
        date = match.group(1)
        text = text[match.end():]
    elif date is None:
        raise IngestError(origin, "no date header and no --date given")
    else:
        inferred = meta.pop("date_inferred", True)
    body = text.strip()
    if not body:
        raise IngestError(origin, "empty article (no text after the date)")
    return Article(text=body, date=date, date_inferred=inferred, language=detect_language(body),
                   origin=origin, **{k: v for k, v in meta.items() if k != "date_inferred"})


def decode(data: bytes, origin: str) -> str:
    if b"\x00" in data[:8192]:
        raise IngestError(origin, "binary file (NUL bytes), not text")
    for encoding in ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    raise IngestError(origin, "not valid UTF-8 text")
