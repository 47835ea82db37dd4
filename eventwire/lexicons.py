"""Data tables (lexicons, demonyms, gazetteer extras, PLOVER patterns) live in
``eventwire/data/*.tsv``: tab-separated, a header row, ``#`` comments.

One loader for all of them, and it fails loudly: a missing table or a missing
column is a ``DataError`` naming it, never an empty list that quietly turns a
rule off.
"""
from __future__ import annotations

import csv
import functools
from importlib import resources
from typing import Iterable

from eventwire.errors import DataError


def _open(name: str):
    path = resources.files("eventwire") / "data" / name
    try:
        return path.open(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise DataError(f"data table eventwire/data/{name} is missing from the package") from exc


@functools.lru_cache(maxsize=None)
def _rows(name: str) -> tuple[dict, ...]:
    with _open(f"{name}.tsv") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        return tuple(
            {k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        )


def table(name: str, columns: Iterable[str] = ()) -> tuple[dict, ...]:
    """Rows of ``eventwire/data/NAME.tsv`` as dicts keyed by the header.

    ``columns``: names the caller needs; a table without one of them is a ``DataError``.
    """
    rows = _rows(name)
    need = [c for c in columns if rows and c not in rows[0]]
    if need:
        raise DataError(f"data table eventwire/data/{name}.tsv has no column {', '.join(need)}")
    return rows


@functools.lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """A one-column word list ``eventwire/data/NAME.txt`` (lower-cased, ``#`` comments)."""
    with _open(f"{name}.txt") as fh:
        return frozenset(l.strip().lower() for l in fh if l.strip() and not l.startswith("#"))
