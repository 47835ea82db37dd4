"""Plain-text articles in the seed's form (``date YYYY-MM-DD`` then the body),
byte decoding (UTF-8, BOMs, legacy 8-bit fallback, binary detection) and
truncation of over-long articles at a paragraph or sentence boundary."""
from __future__ import annotations

import codecs
import datetime as _dt
import re
import unicodedata
from typing import Optional

from eventwire.config import limits
from eventwire.errors import IngestError
from eventwire.ingest.language import detect_language
from eventwire.records import Article

# Default maximum size of one article's text, in characters: eventwire.config ($EVENTWIRE_MAX_ARTICLE_CHARS).
MAX_CHARS = limits(strict=False).max_article_chars

DATE_HEADER = re.compile(r"^\ufeff?\s*date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?![\d-])[ \t]*(?:\r?\n)?",
                         re.IGNORECASE)
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")

# Signatures specific enough never to start a text file.
_BINARY_MAGIC = (
    b"%PDF-", b"\x89PNG\r\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b\x08",
    b"\x7fELF", b"SQLite format 3\x00", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07",
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def check_date(value: str) -> Optional[str]:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (or an ISO datetime, cut to its date) if valid, else None."""
    value = value.strip()
    m = _ISO_DATETIME.match(value)
    if m:
        value = m.group(1)
    m = _DATE_VALUE.match(value)
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        _dt.date(year, int(month or 1), int(day or 1))
    except ValueError:
        return None
    return value


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


def split_date_header(text: str) -> tuple[Optional[str], str]:
    """(date, body) if ``text`` starts with ``date YYYY[-MM[-DD]]``, else (None, text)."""
    match = DATE_HEADER.match(text)
    if match and check_date(match.group(1)):
        return match.group(1), text[match.end():]
    return None, text


def make_article(body: str, origin: str, date: Optional[str], date_inferred: bool,
                 max_chars: int = MAX_CHARS, truncated: bool = False, **meta) -> Article:
    """The one place every reader builds its Article: strip, reject empty, truncate, detect language.

    ``truncated`` says the reader already cut the input (a file over the read limit).
    """
    # NUL never belongs in text (and PostgreSQL refuses it in TEXT columns, failing the whole batch)
    body = body.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()
    meta = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in meta.items()}
    if not body:
        raise IngestError(origin, "empty (no text)")
    body, cut = truncate_text(body, max_chars)
    return Article(text=body, date=date, date_inferred=date_inferred, language=detect_language(body),
                   origin=origin, truncated=truncated or cut, **meta)


def article_from_text(text: str, origin: str, date: Optional[str] = None,
                      max_chars: int = MAX_CHARS, truncated: bool = False, **meta) -> Article:
    """Build an Article from decoded text; a leading date header wins over ``date``.

    Without a header the article takes ``date`` (``--date``, or the file's mtime
    date, passed by the reader) and is marked ``date_inferred``.
    """
    if not text.strip():
        raise IngestError(origin, "empty (whitespace only)")
    header_date, body = split_date_header(text)
    meta.pop("date_inferred", None)
    if header_date:
        return make_article(body, origin, header_date, False, max_chars, truncated, **meta)
    if date is None:
        raise IngestError(origin, "no date header and no --date given")
    if not body.strip():
        raise IngestError(origin, "empty (no text after the date)")
    return make_article(body, origin, date, True, max_chars, truncated, **meta)


def looks_binary(data: bytes) -> Optional[str]:
    """A reason if ``data`` (not starting with a UTF-16/32 BOM) is binary, else None."""
    if data.startswith(_BINARY_MAGIC):
        return "binary file"
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary file (NUL bytes)"
    if _mostly_controls(sample):
        return "binary file (mostly non-text bytes)"
    return None


def _mostly_controls(sample: bytes) -> bool:
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


def _utf16_without_bom(sample: bytes) -> Optional[str]:
    """'utf-16-le'/'utf-16-be' when NULs sit regularly on one byte of each pair (ASCII-heavy UTF-16)."""
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    n = len(odd)
    if odd.count(0) > 0.6 * n and even.count(0) < 0.05 * n:
        return "utf-16-le"
    if even.count(0) > 0.6 * n and odd.count(0) < 0.05 * n:
        return "utf-16-be"
    return None


def _sane(text: str) -> bool:
    """Decoded text looks like prose: few control/replacement chars, mostly letters among non-space."""
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f"))
    if bad / len(sample) > 0.01:
        return False
    visible = [ch for ch in sample if not ch.isspace()]
    if not visible:
        return True
    letters = sum(1 for ch in visible if ch.isalpha())
    return letters / len(visible) >= 0.5


def decode(data: bytes, origin: str) -> str:
    """Bytes to str: UTF-32/UTF-16/UTF-8 BOMs, UTF-8, BOM-less UTF-16, then a detected 8-bit charset.

    Raises IngestError for empty, binary or undecodable input.
    """
    if not data.strip():
        raise IngestError(origin, "empty")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise IngestError(origin, f"undecodable: invalid {enc.upper()} at byte {exc.start}") from None
            return _checked(text, origin)
    if data.startswith(_BINARY_MAGIC):
        raise IngestError(origin, "binary file")
    utf16 = _utf16_without_bom(data[:8192])
    if utf16:
        try:
            return _checked(data.decode(utf16), origin)
        except UnicodeDecodeError:
            pass
    reason = looks_binary(data)
    if reason:
        raise IngestError(origin, reason)
    try:
        return _checked(data.decode("utf-8"), origin)
    except UnicodeDecodeError:
        pass
    return _checked(_decode_legacy(data, origin), origin)


_WESTERN = set("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŽžŸ"
               "‘’‚“”„–—…«»°±·€£¥§©®™•´¨¹²³½¼¾¿¡ªº×÷ \u00a0")


def _western(data: bytes) -> Optional[str]:
    """cp1252 text when ``data`` is mostly ASCII with a few accents or smart quotes, else None."""
    high = sum(1 for b in data if b >= 0x80)
    letters = sum(1 for b in data if 65 <= b <= 90 or 97 <= b <= 122)
    if not high or high > 0.15 * max(letters, 1):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if all(ch in _WESTERN for ch in text if ord(ch) >= 0x80):
        return text
    return None


def _decode_legacy(data: bytes, origin: str) -> str:
    """Not UTF-8: mostly-ASCII Western text is cp1252; otherwise charset detection with a sanity check."""
    text = _western(data)
    if text is not None:
        return text
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None or best.chaos > 0.3:
        raise IngestError(origin, "undecodable: not UTF-8 and no plausible 8-bit encoding")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise IngestError(origin, f"undecodable: not UTF-8, not valid {best.encoding}") from None
    if not _sane(text):
        raise IngestError(origin, f"undecodable: not UTF-8, and as {best.encoding} it is not text")
    return text


def _checked(text: str, origin: str) -> str:
    if not text.strip():
        raise IngestError(origin, "empty (whitespace only)")
    sample = text[:8192]
    bad = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\x1b")
    if bad / len(sample) > 0.05:
        raise IngestError(origin, "binary file (mostly non-text)")
    return text
