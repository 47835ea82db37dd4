"""Readers: every input kind becomes Articles (or one IngestError each).

``iter_inputs(paths, date=None, glob=None)`` is the one entry point: files,
directories (recursive, globbed, hidden files skipped) and ``-`` for stdin.
It is a generator over files -- one file's bytes (capped) in memory at a time,
JSON Lines read line by line -- and never raises for a bad input: it yields an
:class:`IngestError` with a one-line reason and goes on.
"""
from __future__ import annotations

import codecs
import datetime as _dt
import errno
import fnmatch
import io
import itertools
import os
import stat
import sys
from pathlib import Path
from typing import IO, BinaryIO, Callable, Iterable, Iterator, Optional, Union

from eventwire.errors import IngestError
from eventwire.ingest.encoding import decode
from eventwire.ingest.html import article_from_html
from eventwire.ingest.jsonl import count_lines, iter_jsonl, utf8_lines
from eventwire.ingest.text import MAX_CHARS, article_from_text
from eventwire.records import Article

Item = Union[Article, IngestError]

# File name suffix -> reader kind.  Directories take only these unless --glob says otherwise.
KINDS = {
    ".txt": "text", ".text": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}
STDIN = "-"
STDIN_ORIGIN = "<stdin>"


def kind_of(path: Path) -> Optional[str]:
    return KINDS.get(path.suffix.lower())


def sniff_kind(head: bytes) -> str:
    """'jsonl' if the data starts with ``{``, 'html' if with ``<``, else 'text' (BOM and space skipped)."""
    for bom in (codecs.BOM_UTF8,):
        if head.startswith(bom):
            head = head[len(bom):]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            head = head.decode("utf-16", "ignore").encode("utf-8")
        except Exception:
            return "text"
    head = head.lstrip()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<"):
        return "html"
    return "text"


def mtime_date(path: Path) -> Optional[str]:
    try:
        return _dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    except (OSError, ValueError, OverflowError):
        return None


def read_limit(kind: str, max_chars: int) -> Optional[int]:
    """Bytes read from one file: enough for ``max_chars`` characters in any encoding (HTML: with markup)."""
    if max_chars <= 0:
        return None
    return max_chars * (16 if kind == "html" else 4) + 16


def _trim_partial(data: bytes) -> bytes:
    """After cutting bytes at an arbitrary point, drop the incomplete last line/character."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data[: len(data) - len(data) % 2 - 2]
    cut = data.rfind(b"\n")
    if cut > len(data) // 2:
        return data[: cut + 1]
    end = len(data)
    while end > 0 and (data[end - 1] & 0xC0) == 0x80:   # UTF-8 continuation bytes
        end -= 1
    if end > 0 and data[end - 1] >= 0xC0:               # the lead byte of a cut sequence
        end -= 1
    return data[:end]


def _read_capped(stream: IO[bytes], limit: Optional[int]) -> tuple[bytes, bool]:
    if limit is None:
        return stream.read(), False
    data = stream.read(limit + 1)
    if len(data) <= limit:
        return data, False
    return _trim_partial(data[:limit]), True


def article_from_bytes(data: bytes, origin: str, kind: str, date: Optional[str], default_date: Optional[str],
                       max_chars: int = MAX_CHARS, truncated: bool = False) -> Article:
    """One text or HTML article from raw bytes (raises IngestError).

    ``date``: ``--date``; ``default_date``: the date to use without one (the file's mtime, today).
    """
    if kind == "html":
        return article_from_html(data, origin, date=date or default_date, max_chars=max_chars, truncated=truncated)
    decoded = decode(data, origin)
    return article_from_text(decoded.text, origin, date, default_date=default_date, max_chars=max_chars,
                             truncated=truncated, warnings=[decoded.warning] if decoded.warning else [])


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def link_problem(path: Union[str, Path]) -> Optional[str]:
    """'symbolic link loop' or 'broken symbolic link ...' when ``path`` is a link that leads nowhere."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if os.path.islink(path):
            try:
                return f"broken symbolic link (to {os.readlink(path)})"
            except OSError:
                return "broken symbolic link"
    return None


def open_regular(path: Union[str, Path]) -> BinaryIO:
    """Open a regular file for reading; a FIFO, device or socket is an IngestError, never a blocking read.

    Opened non-blocking and checked with ``fstat`` on the open descriptor, so nothing can swap the
    file between the check and the read.
    """
    origin = str(path)
    problem = link_problem(path)
    if problem:
        raise IngestError(origin, problem)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IngestError(origin, "is a directory")
        if not stat.S_ISREG(mode):
            raise IngestError(origin, f"not a regular file ({_file_kind(mode)})")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    return iter(lambda: stream.read(1 << 16), b"")


def read_path(path: Path, date: Optional[str] = None, max_chars: int = MAX_CHARS,
              kind: Optional[str] = None) -> Iterator[Item]:
    """Articles from one file: by suffix, else by sniffing its first bytes."""
    origin = str(path)
    try:
        with open_regular(path) as fh:
            head = fh.peek(512)[:512] if hasattr(fh, "peek") else b""
            kind = kind or kind_of(path) or sniff_kind(head)
            default_date = mtime_date(path)
            if kind == "jsonl":
                lines = utf8_lines(head, _chunks(fh)) or fh
                yield from iter_jsonl(lines, origin, date=date, default_date=default_date, max_chars=max_chars)
                return
            data, cut = _read_capped(fh, read_limit(kind, max_chars))
        yield article_from_bytes(data, origin, kind, date, default_date, max_chars, cut)
    except IngestError as exc:
        yield exc
    except IsADirectoryError:
        yield IngestError(origin, "is a directory")
    except OSError as exc:
        yield IngestError(origin, (exc.strerror or str(exc)).lower())


def read_stream(stream: IO[bytes], origin: str = STDIN_ORIGIN, date: Optional[str] = None,
                max_chars: int = MAX_CHARS) -> Iterator[Item]:
    """Articles from a byte stream (stdin): JSON Lines if it starts with ``{``, HTML if ``<``, else text."""
    today = _dt.date.today().isoformat()
    try:
        head = stream.read(4096)
        kind = sniff_kind(head)
        if kind == "jsonl":
            lines = utf8_lines(head, itertools.chain([head], _chunks(stream))) or _chain_lines(head, stream)
            yield from iter_jsonl(lines, origin, date=date, default_date=today, max_chars=max_chars)
            return
        limit = read_limit(kind, max_chars)
        rest, cut = _read_capped(stream, None if limit is None else max(limit - len(head), 0))
        data = head + rest
        if limit is not None and len(data) > limit:
            data, cut = _trim_partial(data[:limit]), True
        yield article_from_bytes(data, origin, kind, date, today, max_chars, cut)
    except IngestError as exc:
        yield exc
    except OSError as exc:
        yield IngestError(origin, (exc.strerror or str(exc)).lower())


def _chain_lines(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    partial = b""
    for line in io.BytesIO(head):
        if line.endswith(b"\n"):
            yield line
        else:
            partial = line
    if partial:
        line = partial + stream.readline()
        yield line
    yield from stream


def iter_files(paths: Iterable[str], glob: Optional[str] = None) -> Iterator[Union[Path, str, IngestError]]:
    """Every input file in order: a Path, ``'-'`` for stdin, or an IngestError (missing path, unreadable dir).

    Directories are walked recursively in sorted order, hidden files and
    folders skipped, keeping files that match ``glob`` (default: known suffixes).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for raw in paths:
        raw = os.fspath(raw)
        if raw == STDIN or raw.startswith(("http://", "https://")):
            yield raw  # stdin or a URL: read by iter_inputs
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, glob)
        elif path.exists():
            yield path
        else:
            yield IngestError(raw, link_problem(path) or "no such file or directory")


def _walk(root: Path, glob: Optional[str]) -> Iterator[Union[Path, IngestError]]:
    errors: list[OSError] = []
    pattern = glob
    while pattern and pattern.startswith("**/"):
        pattern = pattern[3:]
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            exc = errors.pop(0)
            yield IngestError(getattr(exc, "filename", None) or str(root), (exc.strerror or str(exc)).lower())
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath, name)
            problem = link_problem(path)
            if problem:                     # a link that leads nowhere: say so, whatever its name
                yield IngestError(str(path), problem)
                continue
            if pattern is None:
                if kind_of(path) is None:
                    continue
            elif "/" in pattern:
                rel = path.relative_to(root).as_posix()
                if not fnmatch.fnmatch(rel, pattern):
                    continue
            elif not fnmatch.fnmatch(name, pattern):
                continue
            yield path                      # a FIFO or device here becomes an error line in read_path
    while errors:
        exc = errors.pop(0)
        yield IngestError(getattr(exc, "filename", None) or str(root), (exc.strerror or str(exc)).lower())


def iter_inputs(paths: Iterable[str], date: Optional[str] = None, glob: Optional[str] = None, *,
                max_chars: int = MAX_CHARS, seen: Optional[set] = None,
                on_duplicate: Optional[Callable[[Article], None]] = None) -> Iterator[Item]:
    """Articles and IngestErrors from files, directories and ``-`` (stdin), streaming.

    ``date``: fallback date for inputs without one (else the file's mtime date,
    or today for stdin); such articles are marked ``date_inferred``.
    ``max_chars``: longer articles are cut at a paragraph/sentence boundary, ``truncated=True``.
    Exact duplicates (same id) are yielded once per run; pass ``seen`` (a set of
    ids, e.g. pre-filled) to share it, and ``on_duplicate`` to be told of each skip.
    """
    seen = set() if seen is None else seen
    for item in iter_files(paths, glob):
        if isinstance(item, IngestError):
            yield item
            continue
        if item == STDIN:
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                stream = io.BytesIO(sys.stdin.read().encode("utf-8"))
            articles = read_stream(stream, STDIN_ORIGIN, date=date, max_chars=max_chars)
        elif isinstance(item, str):
            from eventwire.ingest.fetch import fetch_article  # httpx only when a URL is given

            articles = [fetch_article(item, date=date)]
        else:
            articles = read_path(item, date=date, max_chars=max_chars)
        for article in articles:
            if isinstance(article, Article):
                if article.id in seen:
                    if on_duplicate is not None:
                        on_duplicate(article)
                    continue
                seen.add(article.id)
            yield article


def count_inputs(paths: Iterable[str], glob: Optional[str] = None) -> int:
    """A cheap total for a progress bar: one per file (stdin: 1), non-blank lines for JSON Lines
    (by suffix, else by the first bytes), one per path that is an error.

    Reads nothing but JSON Lines files (line counting, in buffered chunks) and the first bytes of
    files whose suffix does not say what they are.
    """
    total = 0
    for item in iter_files(paths, glob):
        if isinstance(item, IngestError):      # a missing path, a broken link: one error line each
            total += 1
            continue
        if isinstance(item, str):  # stdin or a URL
            total += 1
            continue
        if kind_of(item) not in (None, "jsonl"):
            total += 1
            continue
        try:
            with open_regular(item) as fh:
                if (kind_of(item) or sniff_kind(fh.peek(512)[:512])) == "jsonl":
                    total += max(1, count_lines(fh))     # an empty file is one error line
                    continue
        except (OSError, IngestError):
            pass
        total += 1
    return total
