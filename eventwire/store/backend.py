"""Everything that differs between SQLite and PostgreSQL, in one place.

* connection set-up (SQLite: WAL, foreign keys, busy timeout);
* the full-text index over article title + text (SQLite: an FTS5 table with
  the articles table as external content; PostgreSQL: a GIN index over a
  tsvector expression) and how a search is expressed;
* insert-or-ignore (both dialects' ``ON CONFLICT DO NOTHING``).

Every value reaches the database as a bound parameter.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import Table, create_engine, event, func, literal_column, text
from sqlalchemy import table as light_table, column as light_column
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from eventwire.errors import SearchSyntaxError, StoreError

DEFAULT_DB = "eventwire.db"


def normalize_url(url_or_path: Optional[str]) -> str:
    """A SQLAlchemy URL for a path, ``sqlite:///...`` or ``postgresql://...`` (driver: psycopg 3)."""
    raw = url_or_path or os.environ.get("EVENTWIRE_DB") or DEFAULT_DB
    raw = str(raw)
    if "://" not in raw:
        return "sqlite:///" + str(Path(raw).expanduser().absolute())
    if raw.startswith(("postgresql://", "postgres://")):
        raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
    try:
        make_url(raw)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url_or_path!r} ({exc})") from None
    return raw


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Search:
    """How to full-text search articles: join ``target`` on ``onclause``, filter with ``where``."""
    target: Any
    onclause: Any
    where: Any
    rank: Any          # ORDER BY this ascending (best first)
    snippet: Any       # a column expression giving a short highlighted excerpt


class Backend:
    name = "generic"

    def __init__(self, url: str):
        self.url = url

    def create_engine(self) -> Engine:
        return create_engine(self.url, future=True, json_serializer=_dumps)

    def require_existing(self) -> None:
        """Raise StoreError when the database is missing, without creating it (a server: nothing to check)."""

    def setup(self, conn) -> None:
        """Create dialect-specific objects (full-text index); idempotent."""

    def index_article(self, conn, seq: int, title: Optional[str], body: str) -> None:
        """Add one article to the full-text index (same transaction as the insert)."""

    def search(self, articles: Table, query: str) -> Search:
        raise NotImplementedError

    def is_search_error(self, exc: Exception) -> bool:
        return False

    def insert_ignore(self, table: Table):
        """INSERT ... ON CONFLICT DO NOTHING for ``table``."""
        raise NotImplementedError


class SQLiteBackend(Backend):
    name = "sqlite"
    FTS = "articles_fts"

    def require_existing(self) -> None:
        url = make_url(self.url)
        if url.database and url.database != ":memory:" and not Path(url.database).is_file():
            raise StoreError(f"no eventwire database at {url.database} (`eventwire ingest` or `eventwire load` "
                             f"creates one)")

    def create_engine(self) -> Engine:
        url = make_url(self.url)
        if url.database and url.database != ":memory:":
            parent = Path(url.database).parent
            if not parent.exists():
                raise StoreError(f"cannot create database {url.database}: folder {parent} does not exist")
        file_db = bool(url.database) and url.database != ":memory:"
        # SQLite connections are cheap: a pool as large as the API's thread pool, so that readers
        # never queue for a connection while an ingest holds the write lock.
        pool = dict(pool_size=20, max_overflow=40) if file_db else {}
        engine = create_engine(self.url, future=True, json_serializer=_dumps, connect_args={"timeout": 30}, **pool)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            # Let SQLAlchemy manage transactions (BEGIN) itself, as its docs recommend for pysqlite.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            if url.database and url.database != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN")

        return engine

    def setup(self, conn) -> None:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.FTS} USING fts5("
            "title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2')")

    def index_article(self, conn, seq, title, body):
        conn.execute(text(f"INSERT INTO {self.FTS}(rowid, title, text) VALUES (:seq, :title, :body)"),
                     {"seq": seq, "title": title or "", "body": body})

    def search(self, articles, query):
        fts = light_table(self.FTS, light_column("rowid"))
        return Search(
            target=fts,
            onclause=fts.c.rowid == articles.c.seq,
            where=text(f"{self.FTS} MATCH :fts_query").bindparams(fts_query=query),
            rank=literal_column(f"{self.FTS}.rank"),
            snippet=func.snippet(literal_column(self.FTS), 1, "[", "]", "…", 16),
        )

    def is_search_error(self, exc):
        msg = str(getattr(exc, "orig", exc)).lower()
        return isinstance(exc, DBAPIError) and ("fts5" in msg or "no such column" in msg or "syntax error" in msg
                                                or "unterminated string" in msg or "unknown special query" in msg)

    def insert_ignore(self, table):
        from sqlalchemy.dialects.sqlite import insert
        return insert(table).on_conflict_do_nothing()


class PostgresBackend(Backend):
    name = "postgresql"
    CONFIG = "english"

    def _document(self, articles):
        return func.to_tsvector(literal_column(f"'{self.CONFIG}'::regconfig"),
                                func.coalesce(articles.c.title, literal_column("''")).op("||")(literal_column("' '"))
                                .op("||")(articles.c.text))

    def setup(self, conn) -> None:
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles USING GIN "
            f"(to_tsvector('{self.CONFIG}'::regconfig, coalesce(title, '') || ' ' || text))")

    def search(self, articles, query):
        tsquery = func.websearch_to_tsquery(literal_column(f"'{self.CONFIG}'::regconfig"), query)
        document = self._document(articles)
        return Search(
            target=None, onclause=None,
            where=document.op("@@")(tsquery),
            rank=-func.ts_rank(document, tsquery),
            snippet=func.ts_headline(literal_column(f"'{self.CONFIG}'::regconfig"), articles.c.text, tsquery,
                                     "StartSel=[, StopSel=], MaxWords=20, MinWords=8"),
        )

    def is_search_error(self, exc):
        return isinstance(exc, DBAPIError) and "tsquery" in str(getattr(exc, "orig", exc)).lower()

    def insert_ignore(self, table):
        from sqlalchemy.dialects.postgresql import insert
        return insert(table).on_conflict_do_nothing()


def backend_for(url: str) -> Backend:
    dialect = make_url(url).get_backend_name()
    if dialect == "sqlite":
        return SQLiteBackend(url)
    if dialect == "postgresql":
        return PostgresBackend(url)
    raise StoreError(f"unsupported database {dialect!r} (use a file path, sqlite:///PATH or postgresql://...)")
