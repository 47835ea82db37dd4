"""Readers: every input kind becomes Articles (or one IngestError each)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from eventwire.ingest.errors import IngestError
from eventwire.ingest.text import article_from_text, decode
from eventwire.records import Article


def read_path(path: Path, date: Optional[str] = None) -> Iterator[Union[Article, IngestError]]:
    origin = str(path)
    try:
        data = path.read_bytes()
        yield article_from_text(decode(data, origin), origin, date=date)
    except IngestError as exc:
        yield exc
    except OSError as exc:
        yield IngestError(origin, exc.strerror or str(exc))


def iter_inputs(paths: Iterable[str], date: Optional[str] = None, glob: Optional[str] = None) -> Iterator[Union[Article, IngestError]]:
    for raw in paths:
        if raw == "-":
            try:
                yield article_from_text(decode(sys.stdin.buffer.read(), "<stdin>"), "<stdin>", date=date)
            except IngestError as exc:
                yield exc
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob(glob or "*") if p.is_file()):
                yield from read_path(child, date)
        elif path.exists():
            yield from read_path(path, date)
        else:
            yield IngestError(raw, "no such file or directory")
