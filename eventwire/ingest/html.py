"""HTML pages: main text and metadata (title, date, site name) with trafilatura."""
from __future__ import annotations

import re
from typing import Iterable, Optional, Union

from eventwire.errors import IngestError
from eventwire.ingest.encoding import Decoded, decode
from eventwire.ingest.text import MAX_CHARS, check_date, make_article
from eventwire.records import Article

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def meta_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in a ``<meta>`` tag near its start, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None
# Markup that must never reach article text, even when a page had it escaped in its content.
_DANGEROUS_BLOCK = re.compile(r"<\s*(script|style|iframe|object|embed|svg|template)\b.*?(?:<\s*/\s*\1\s*>|$)",
                              re.IGNORECASE | re.DOTALL)
_DANGEROUS_TAG = re.compile(
    r"<\s*/?\s*(?:script|style|iframe|object|embed|svg|img|link|meta|form|input|button|base|frame|frameset|"
    r"body|html|head|a|video|audio|source|math|template)\b[^>]*>"
    r"|<[^<>]*\bon[a-z]+\s*=[^<>]*>",
    re.IGNORECASE)


MIN_WORDS = 5
_WORDS = re.compile(r"\w{2,}")


def _date_params() -> dict:
    """The page's own publication date only: no guessing from copyright lines or body text."""
    import datetime as _dt

    return {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d",
            "max_date": (_dt.date.today() + _dt.timedelta(days=1)).isoformat()}


def decode_html(data: bytes, origin: str, declared: Optional[str] = None) -> Decoded:
    """Bytes of a page to text (:func:`eventwire.ingest.encoding.decode`): a BOM, UTF-8, then the charset
    ``declared`` (an HTTP header's) or the page's ``<meta charset>``, then a checked guess."""
    return decode(data, origin, declared=declared or meta_charset(data))


def strip_markup(text: str) -> str:
    """Remove anything that still looks like active markup from extracted text."""
    text = _DANGEROUS_BLOCK.sub("", text)
    return _DANGEROUS_TAG.sub("", text)


def article_from_html(page: Union[str, bytes], origin: str, date: Optional[str] = None,
                      url: Optional[str] = None, max_chars: int = MAX_CHARS,
                      truncated: bool = False, warnings: Iterable[str] = ()) -> Article:
    """One Article from an HTML page (file contents or a fetched URL's body).

    ``date`` is the fallback (``--date``, file mtime, fetch time) used, with
    ``date_inferred=True``, when the page itself has no date.  Raises
    IngestError when nothing is left after boilerplate removal.  ``warnings``
    (e.g. from decoding the page) are kept on the Article.
    """
    import trafilatura

    warnings = list(warnings)
    if isinstance(page, bytes):
        decoded = decode_html(page, origin)
        page = decoded.text
        if decoded.warning:
            warnings.append(decoded.warning)
    if not page.strip():
        raise IngestError(origin, "empty")
    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                          include_images=False, include_links=False,
                                          date_extraction_params=_date_params())
    except Exception as exc:  # trafilatura/lxml on pathological input: one line, not a traceback
        raise IngestError(origin, f"HTML could not be parsed ({type(exc).__name__})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    text = strip_markup(text or "").strip()
    if len(_WORDS.findall(text)) < MIN_WORDS:     # nothing, or only a menu ("Home | News")
        raise IngestError(origin, "no text after HTML extraction")
    title = _clean(getattr(doc, "title", None))
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title and rest.strip():
            text = rest.strip()      # the headline is the title, not part of the body
    page_date = check_date(getattr(doc, "date", None) or "")
    inferred = page_date is None
    if inferred and date is None:
        raise IngestError(origin, "no date in the page and no --date given")
    return make_article(text, origin, page_date or date, inferred, max_chars, truncated=truncated,
                        warnings=warnings, title=title, source=_clean(getattr(doc, "sitename", None)),
                        url=_clean(getattr(doc, "url", None)) or url)


def _clean(value) -> Optional[str]:
    if not isinstance(value, str):
        return None
    value = strip_markup(value).strip()
    return value or None
