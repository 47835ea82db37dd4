"""JSON Lines: one article per line, ``{"id","date","title","url","source","text"}``.

A bad line (invalid JSON, not an object, wrong field types, no text) is one
IngestError naming ``FILE:LINE``; the other lines go on.  Lines are read one
at a time, so a large file never sits in memory.  The record's own ``id`` is
kept as the Article's ``source_id`` (our ``id`` is the content hash).  A line
that is not UTF-8 is decoded by :func:`eventwire.ingest.encoding.guess` (with a
warning when unsure); a UTF-16 file is transcoded as it is read.
"""
from __future__ import annotations

import codecs
import json
from typing import IO, Iterable, Iterator, Optional, Union

from eventwire.errors import IngestError
from eventwire.ingest.encoding import guess, utf16_without_bom
from eventwire.ingest.text import MAX_CHARS, check_date, make_article, replaced_date
from eventwire.records import Article

STRING_FIELDS = ("title", "url", "source")


def article_from_record(record, origin: str, date: Optional[str] = None, *, default_date: Optional[str] = None,
                        max_chars: int = MAX_CHARS, warnings: Iterable[str] = ()) -> Article:
    """One decoded JSON value to an Article.

    A record without a date takes ``date`` (``--date``), else ``default_date`` (the file's mtime);
    an invalid ``date`` field is an IngestError, or with ``date`` that date and a warning.
    """
    if not isinstance(record, dict):
        raise IngestError(origin, f"expected a JSON object, got {_kind(record)}")
    text = record.get("text")
    if text is None:
        raise IngestError(origin, "missing field 'text'")
    if not isinstance(text, str):
        raise IngestError(origin, f"field 'text' must be a string, got {_kind(text)}")
    if not text.strip():
        raise IngestError(origin, "empty 'text'")
    ext_id = record.get("id")
    if ext_id is not None and (not isinstance(ext_id, (str, int)) or isinstance(ext_id, bool)):
        raise IngestError(origin, f"field 'id' must be a string or integer, got {_kind(ext_id)}")
    meta = {"source_id": str(ext_id) if ext_id is not None else None}
    for name in STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise IngestError(origin, f"field '{name}' must be a string, got {_kind(value)}")
        meta[name] = value.strip() or None if isinstance(value, str) else None
    warnings = list(warnings)
    raw_date = record.get("date")
    if raw_date is None or (isinstance(raw_date, str) and not raw_date.strip()):
        fallback = date or default_date
        if fallback is None:
            raise IngestError(origin, "no 'date' and no --date given")
        return make_article(text, origin, fallback, True, max_chars, warnings=warnings, **meta)
    if not isinstance(raw_date, str):
        raise IngestError(origin, f"field 'date' must be a string, got {_kind(raw_date)}")
    checked = check_date(raw_date)
    if checked is None:
        warnings.append(replaced_date(origin, f"field 'date' is not a valid YYYY[-MM[-DD]]: {raw_date[:40]!r}",
                                      date))
        return make_article(text, origin, date, True, max_chars, warnings=warnings, **meta)
    return make_article(text, origin, checked, False, max_chars, warnings=warnings, **meta)


def iter_jsonl(lines: Iterable[bytes], name: str, date: Optional[str] = None, *,
               default_date: Optional[str] = None,
               max_chars: int = MAX_CHARS) -> Iterator[Union[Article, IngestError]]:
    """Articles (or IngestErrors) from the byte lines of one JSON Lines input called ``name``.

    ``date``: ``--date``; ``default_date``: the date for records without one when there is no ``--date``.
    """
    seen_line = False
    for number, raw in enumerate(lines, 1):
        origin = f"{name}:{number}"
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            continue
        seen_line = True
        warnings = []
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                decoded = guess(raw, origin)
            except IngestError as exc:
                yield exc
                continue
            line = decoded.text
            warnings.append(decoded.warning or f"not UTF-8: decoded as {decoded.encoding}")
        try:
            record = json.loads(line)
        except ValueError as exc:
            msg = getattr(exc, "msg", str(exc))
            col = getattr(exc, "colno", None)
            yield IngestError(origin, f"bad JSON: {msg}" + (f" (column {col})" if col else ""))
            continue
        try:
            yield article_from_record(record, origin, date=date, default_date=default_date, max_chars=max_chars,
                                      warnings=warnings)
        except IngestError as exc:
            yield exc
    if not seen_line:                       # an empty input is an error, as for every other reader
        yield IngestError(name, "empty file (no JSON lines)")


def utf8_lines(head: bytes, chunks: Iterable[bytes]) -> Optional[Iterator[bytes]]:
    """The UTF-8 lines of a UTF-16 JSON Lines stream (``head``: its first bytes, ``chunks``: all of it,
    from the start), transcoded as it is read; None when the stream is not UTF-16."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = utf16_without_bom(head)
    if encoding is None:
        return None

    def lines() -> Iterator[bytes]:
        pending = ""
        for text in codecs.iterdecode(chunks, encoding, errors="replace"):
            pending += text
            *complete, pending = pending.split("\n")
            for line in complete:
                yield (line + "\n").encode("utf-8")
        if pending:
            yield pending.encode("utf-8")

    return lines()


def count_lines(stream: IO[bytes]) -> int:
    """Non-blank lines of a JSON Lines stream (a cheap total for a progress bar)."""
    return sum(1 for line in stream if line.strip())


def _kind(value) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "an array", dict: "an object"}.get(type(value), type(value).__name__)
