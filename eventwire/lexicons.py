"""Data tables (lexicons, demonyms, gazetteer extras, PLOVER patterns) live in
``eventwire/data/*.tsv``: tab-separated, a header row, ``#`` comments."""
from __future__ import annotations

import csv
import functools
from importlib import resources


@functools.lru_cache(maxsize=None)
def table(name: str) -> tuple[dict, ...]:
    """Rows of ``eventwire/data/NAME.tsv`` as dicts keyed by the header."""
    path = resources.files("eventwire") / "data" / f"{name}.tsv"
    with path.open(encoding="utf-8") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        return tuple(
            {k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        )


@functools.lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """A one-column word list ``eventwire/data/NAME.txt`` (lower-cased, ``#`` comments)."""
    path = resources.files("eventwire") / "data" / f"{name}.txt"
    with path.open(encoding="utf-8") as fh:
        return frozenset(l.strip().lower() for l in fh if l.strip() and not l.startswith("#"))
