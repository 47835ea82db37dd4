"""Query results as tables: the one row -> table step behind `eventwire query ... --csv` and
`Records.to_pandas()` / `.to_arrow()`, so the CSV export, pandas and Arrow have the same columns.

    from eventwire.query import figures, tables
    rows = tables.present("figures", figures(store, metric="killed"))   # adds the derived "bound" column
    tables.columns("figures", rows)                                       # the CSV header, in order
    tables.write_csv(sys.stdout, "figures", rows)
"""
from __future__ import annotations

import csv
import json
from typing import IO, Iterable, Optional

# The columns of each query's rows, in order: the header when there are no rows (with rows, the
# rows' own keys win, so an added query column can never be dropped; tests keep the two equal).
COLUMNS: dict[str, list[str]] = {
    "articles": ["id", "source_id", "date", "date_inferred", "title", "source", "url", "language", "origin",
                 "story_id", "case", "snippet"],
    "entities": ["id", "name", "type", "articles", "first_seen", "last_seen", "aliases"],
    "places": ["id", "name", "country_code", "admin1", "lat", "lon", "geonameid", "feature", "resolution",
               "articles", "mentions"],
    "quotes": ["id", "article_id", "date", "title", "speaker", "speaker_type", "speaker_entity_id",
               "speaker_canonical", "text", "span", "spans", "sentence_span"],
    "figures": ["id", "article_id", "date", "title", "value", "high", "metric", "object", "source",
                "source_entity_id", "source_canonical", "lower_bound", "upper_bound", "text", "span",
                "sentence_span", "bound"],
    "events": ["id", "article_id", "article_source_id", "position", "date", "date_inferred", "article_date",
               "article_case", "type", "mode",
               "source_name", "source_country", "source_role", "source_entity_id", "target_name",
               "target_country", "target_role", "target_entity_id", "place", "place_id", "lat", "lon",
               "claimed_by", "background", "trigger", "sentence", "span", "sentence_span", "place_geonameid", "place_feature",
               "place_resolution", "place_country"],
    "claims": ["date", "source", "metric", "object", "value", "values", "lower_bound", "articles", "figures",
               "conflict", "conflicts"],
}


def bound_words(row: dict) -> str:
    """'at least' / 'up to' / '' for a figure row."""
    return "at least" if row.get("lower_bound") else ("up to" if row.get("upper_bound") else "")


def present(kind: str, rows: list[dict]) -> list[dict]:
    """The rows as the CLI prints them (``--json`` and ``--csv``): figures gain ``bound``. In place."""
    if kind == "figures":
        for r in rows:
            r["bound"] = bound_words(r)
    return rows


def columns(kind: Optional[str], rows: Iterable[dict]) -> list[str]:
    """Every key of the rows in first-seen order; the kind's known columns when there are none."""
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return keys or list(COLUMNS.get(kind or "", []))


def csv_cell(value):
    """A CSV cell: lists and objects as JSON text, None as empty."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def write_csv(fh: IO[str], kind: Optional[str], rows: list[dict], fieldnames: Optional[list[str]] = None) -> None:
    """Rows as CSV with a header row (``fieldnames``: a fixed column list, else :func:`columns`)."""
    keys = fieldnames or columns(kind, rows)
    writer = csv.DictWriter(fh, fieldnames=keys, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: csv_cell(r.get(k)) for k in keys})


__all__ = ["COLUMNS", "bound_words", "present", "columns", "csv_cell", "write_csv"]
