"""Extractions <-> partitioned Parquet datasets (one per record kind).

Layout under ``DIR``::

    DIR/articles/part-00000.parquet   one row per article (article_id, text, date, ...)
    DIR/entities/part-00000.parquet   one row per entity   (article_id, item_index, name, ...)
    DIR/places/...  DIR/quotes/...  DIR/figures/...  DIR/events/...
    DIR/_eventwire.json               manifest written when the batch finished

Part ``N`` of every table holds the records of the same articles, so a
loader can read one partition of each table at a time.  The Arrow schema of
each table is derived from the record dataclasses in ``eventwire.records``
(so it is the same for every partition, empty ones included): strings, bools,
int64, float64; spans are ``list<int64>`` (``[start, end]``), lists of spans
``list<list<int64>>``; nested records (an event's actors and place) are
structs.  DuckDB reads it directly::

    SELECT type, count(*) FROM read_parquet('DIR/events/*.parquet') GROUP BY type;
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Iterable, Iterator, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire import records
from eventwire.records import Article, Entity, Event, Extraction, Place, Quantity, Quote

# table name -> (record class, Extraction attribute); articles is special.
CHILD_TABLES = {
    "entities": (Entity, "entities"),
    "places": (Place, "places"),
    "quotes": (Quote, "quotes"),
    "figures": (Quantity, "quantities"),
    "events": (Event, "events"),
}
TABLES = ("articles",) + tuple(CHILD_TABLES)
# Other Extraction fields (e.g. warnings) are per-article columns of the articles table.
EXTRA_FIELDS = tuple(f.name for f in dataclasses.fields(Extraction)
                     if f.name != "article" and f.name not in {attr for _c, attr in CHILD_TABLES.values()})
JSON_META = b"eventwire.json_columns"
MANIFEST = "_eventwire.json"


def _arrow_type(tp, json_cols: list, path: str):
    """Arrow type for a (resolved) annotation; unknown types become JSON strings."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return _arrow_type(rest[0], json_cols, path)
    elif tp is str:
        return pa.string()
    elif tp is bool:
        return pa.bool_()
    elif tp is int:
        return pa.int64()
    elif tp is float:
        return pa.float64()
    elif origin is tuple and args and all(a is int for a in args):
        return pa.list_(pa.int64())
    elif origin is list and len(args) == 1:
        inner = _arrow_type(args[0], [], path)
        if inner is not None:
            return pa.list_(inner)
    elif dataclasses.is_dataclass(tp):
        return pa.struct(_record_fields(tp))
    json_cols.append(path)
    return None


def _record_fields(cls, skip=()) -> list[pa.Field]:
    hints = typing.get_type_hints(cls, vars(records))
    out = []
    for f in dataclasses.fields(cls):
        if f.name in skip:
            continue
        json_cols: list = []
        tp = _arrow_type(hints[f.name], json_cols, f.name)
        out.append(pa.field(f.name, pa.string() if tp is None else tp))
    return out


def _table_schema(name: str) -> tuple[pa.Schema, frozenset]:
    if name == "articles":
        key = [pa.field("article_id", pa.string(), nullable=False)]
        cls, skip = Article, ("id",)
    else:
        key = [pa.field("article_id", pa.string(), nullable=False), pa.field("item_index", pa.int32(), nullable=False)]
        cls, skip = CHILD_TABLES[name][0], ()
    hints = typing.get_type_hints(cls, vars(records))
    json_cols: list = []
    fields = []
    for f in dataclasses.fields(cls):
        if f.name in skip:
            continue
        tp = _arrow_type(hints[f.name], json_cols, f.name)
        fields.append(pa.field(f.name, pa.string() if tp is None else tp))
    if name == "articles":
        ex_hints = typing.get_type_hints(Extraction, vars(records))
        for extra in EXTRA_FIELDS:
            tp = _arrow_type(ex_hints[extra], json_cols, extra)
            fields.append(pa.field(extra, pa.string() if tp is None else tp))
    schema = pa.schema(key + fields, metadata={JSON_META: json.dumps(json_cols).encode()})
    return schema, frozenset(json_cols)


SCHEMAS = {name: _table_schema(name) for name in TABLES}


def schema(name: str) -> pa.Schema:
    return SCHEMAS[name][0]


def to_tables(extractions: Iterable[Extraction]) -> dict[str, pa.Table]:
    """One Arrow table per record kind for these extractions (fixed schemas, maybe empty)."""
    rows: dict[str, list] = {name: [] for name in TABLES}
    for ex in extractions:
        data = ex.article.to_dict()
        aid = data.pop("id")
        extras = {name: records._plain(getattr(ex, name)) for name in EXTRA_FIELDS}
        rows["articles"].append({"article_id": aid, **data, **extras})
        for name, (_cls, attr) in CHILD_TABLES.items():
            for i, item in enumerate(getattr(ex, attr)):
                rows[name].append({"article_id": aid, "item_index": i, **item.to_dict()})
    out = {}
    for name in TABLES:
        sch, json_cols = SCHEMAS[name]
        if json_cols:
            for row in rows[name]:
                for col in json_cols:
                    row[col] = json.dumps(row.get(col), ensure_ascii=False)
        out[name] = pa.Table.from_pylist(rows[name], schema=sch)
    return out


def from_tables(tables: dict[str, pa.Table]) -> list[Extraction]:
    """Rebuild Extractions (in the articles table's order) from ``to_tables`` output."""
    children: dict[str, dict[str, list]] = {}
    for name, (cls, attr) in CHILD_TABLES.items():
        table = tables.get(name)
        by_article: dict[str, list] = {}
        if table is not None:
            json_cols = SCHEMAS[name][1]
            for row in table.to_pylist():
                aid = row.pop("article_id")
                idx = row.pop("item_index")
                for col in json_cols:
                    if isinstance(row.get(col), str):
                        row[col] = json.loads(row[col])
                by_article.setdefault(aid, []).append((idx, cls.from_dict(row)))
        children[attr] = {aid: [rec for _i, rec in sorted(items, key=lambda t: t[0])]
                          for aid, items in by_article.items()}
    out = []
    json_cols = SCHEMAS["articles"][1]
    for row in tables["articles"].to_pylist():
        row["id"] = row.pop("article_id")
        for col in json_cols:
            if isinstance(row.get(col), str):
                row[col] = json.loads(row[col])
        extras = {name: row.pop(name) for name in EXTRA_FIELDS if name in row}
        extras = {k: v for k, v in extras.items() if v is not None}
        article = Article.from_dict(row)
        out.append(Extraction(article=article, **extras, **{attr: children[attr].get(article.id, [])
                                                            for _n, (_c, attr) in CHILD_TABLES.items()}))
    return out


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def write_partition(out_dir, index: int, tables: dict[str, pa.Table]) -> None:
    out = Path(out_dir)
    for name in TABLES:
        (out / name).mkdir(parents=True, exist_ok=True)
        tmp = out / name / (part_name(index) + ".tmp")
        pq.write_table(tables[name], tmp)
        tmp.replace(out / name / part_name(index))


def write_manifest(out_dir, **info) -> None:
    from eventwire import __version__

    info = {"format": "eventwire-parquet", "version": __version__, "tables": list(TABLES), **info}
    (Path(out_dir) / MANIFEST).write_text(json.dumps(info, indent=1))


def read_extractions(out_dir) -> Iterator[Extraction]:
    """Stream the Extractions in a batch output directory, one partition at a time."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    out = Path(out_dir)
    parts = sorted((out / "articles").glob("*.parquet"))
    if not parts:
        raise FileNotFoundError(f"{out}: no articles/*.parquet (not an eventwire batch output?)")
    datasets: dict[str, Optional[ds.Dataset]] = {}
    for part in parts:
        tables = {"articles": pq.read_table(part, schema=schema("articles"))}
        ids = None
        for name in CHILD_TABLES:
            same = out / name / part.name
            if same.exists():
                tables[name] = pq.read_table(same, schema=schema(name))
                continue
            # Partitioned some other way: filter the whole dataset by article id.
            if name not in datasets:
                datasets[name] = ds.dataset(out / name, format="parquet", schema=schema(name)) if (out / name).exists() else None
            if datasets[name] is None:
                continue
            if ids is None:
                ids = tables["articles"].column("article_id")
            tables[name] = datasets[name].to_table(filter=pc.field("article_id").isin(ids))
        yield from from_tables(tables)
