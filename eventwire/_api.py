"""The Python API re-exported by ``eventwire/__init__.py`` (README: "Python API").

A thin facade over the library the CLI uses: ``extract_text`` is the text reader plus
``eventwire.pipeline``; ``Database`` wraps ``eventwire.store.Store`` and calls
``eventwire.ingestion.ingest``, the ``eventwire.query`` functions and ``eventwire.query.brief``
with the same parameters (and the same checks) as ``eventwire ingest``, ``query ...``,
``claims`` and ``brief``.  Heavy modules (spaCy, SQLAlchemy, pandas) load on first use.
"""
from __future__ import annotations

import datetime as _dt
import os
from typing import Callable, Iterable, Optional, Union

from eventwire.errors import EventwireError, IngestError, MissingExtraError, QueryError, StoreError
from eventwire.ingestion import IngestReport
from eventwire.records import Extraction

PathLike = Union[str, os.PathLike]
DEFAULT_LIMIT = 50          # as `eventwire query ... --limit` (eventwire.query.DEFAULT_LIMIT)


def _day(value, name: str) -> Optional[str]:
    """A date parameter: 'YYYY[-MM[-DD]]' or a datetime.date, checked as the CLI checks --date."""
    from eventwire.query import parse_date

    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        value = value.isoformat()
    return parse_date(value, name)


def extract_text(text: str, date=None, title: Optional[str] = None, model: Optional[str] = None, *,
                 origin: Optional[str] = None) -> Extraction:
    """Extract one article given as text, without a database.

    The text goes through the same reader as ``eventwire extract -`` (a leading
    ``date YYYY-MM-DD`` line wins; otherwise ``date``, else today, flagged
    ``date_inferred``), so ``extract_text(text, date=D, origin="<stdin>").to_dict()``
    is exactly what ``eventwire extract - --json --date D`` prints for it.  The
    spaCy model loads once per process.  Raises ``IngestError`` for empty text.
    """
    from eventwire.ingest.text import article_from_text
    from eventwire.pipeline import extract_articles

    if isinstance(text, bytes):
        from eventwire.ingest.text import decode
        text = decode(text, origin or "<text>")
    if not isinstance(text, str):
        raise IngestError(origin or "<text>", f"expected text (str), not {type(text).__name__}")
    fallback = _day(date, "date") or _dt.date.today().isoformat()
    article = article_from_text(text, origin, date=fallback, title=title)
    return next(iter(extract_articles([article], model=model)))


def open(url_or_path: Optional[PathLike] = None) -> "Database":  # noqa: A001 - like sqlite3.connect
    """The database at a file path, ``sqlite:///PATH`` or ``postgresql://...`` (default
    ``./eventwire.db``, or ``$EVENTWIRE_DB``); a file that does not exist is created."""
    from eventwire.store import Store

    url = os.fspath(url_or_path) if url_or_path is not None else os.environ.get("EVENTWIRE_DB") or None
    return Database(Store.open(url))


class Records(list):
    """Query results: a list of dicts (the rows `eventwire query ... --json` prints), and tables.

    ``to_pandas()`` and ``to_arrow()`` have the columns of the CSV export, in its order;
    lists (spans, aliases, values) stay lists instead of JSON text.
    """

    def __init__(self, rows: Iterable[dict] = (), kind: Optional[str] = None):
        super().__init__(rows)
        self.kind = kind

    def columns(self) -> list[str]:
        from eventwire.query import tables

        return tables.columns(self.kind, self)

    def to_pandas(self):
        """A pandas DataFrame (needs the extra: ``pip install 'eventwire[pandas]'``)."""
        try:
            import pandas as pd
        except ImportError:
            raise MissingExtraError("to_pandas() needs pandas, which is not installed: "
                                    "pip install 'eventwire[pandas]'") from None
        cols = self.columns()
        return pd.DataFrame([[r.get(c) for c in cols] for r in self], columns=cols)

    def to_arrow(self):
        """A pyarrow Table (a column whose values Arrow cannot type as one goes in as JSON text)."""
        import pyarrow as pa

        from eventwire.query.tables import csv_cell

        arrays = {}
        for c in self.columns():
            values = [r.get(c) for r in self]
            try:
                arrays[c] = pa.array(values)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                arrays[c] = pa.array([None if v is None else str(csv_cell(v)) for v in values], pa.string())
        return pa.table(arrays)


class Digest:
    """The daily brief (``eventwire brief``): ``stories``, ``figures`` ("figures since yesterday"),
    ``period``, ``counts``, ``message``; ``to_dict()`` is the object ``brief --format json`` prints.
    A notebook shows it as Markdown."""

    def __init__(self, brief):
        self.brief = brief                      # the eventwire.query.brief.Brief
        self.period, self.stories, self.counts = brief.period, brief.stories, brief.counts
        self.figures, self.message = Records(brief.figures), brief.message

    def to_dict(self) -> dict:
        from eventwire.query import brief as b
        return b.to_dict(self.brief)

    def to_json(self, indent: Optional[int] = 2) -> str:
        from eventwire.query import brief as b
        return b.to_json(self.brief, indent=indent)

    def to_markdown(self) -> str:
        from eventwire.query import brief as b
        return b.to_markdown(self.brief)

    def to_html(self) -> str:
        from eventwire.query import brief as b
        return b.to_html(self.brief)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        when = self.period.get("date") or f"{self.period.get('since')} to {self.period.get('until')}"
        return f"<eventwire.Digest {when}: {len(self.stories)} stories, {len(self.figures)} figure series>"


class Database:
    """One eventwire store (the CLI's ``--db``): ingest into it and query it.

    ``db.store`` is the underlying :class:`eventwire.store.Store`.  Use as a context
    manager, or call ``close()``.
    """

    def __init__(self, store):
        self.store = store

    @property
    def url(self) -> str:
        return self.store.url

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<eventwire.Database {self.url}>"

    # -- writing -------------------------------------------------------------------------------
    def ingest(self, paths: Union[PathLike, Iterable[PathLike]], *, date=None, glob: Optional[str] = None,
               model: Optional[str] = None, batch_size: int = 32, workers: int = 1,
               max_chars: Optional[int] = None, progress: bool = False,
               on_error: Optional[Callable[[IngestError], None]] = None) -> IngestReport:
        """``eventwire ingest PATHS``: files, directories, URLs; already stored articles are skipped.

        Returns the :class:`IngestReport` (counts, ``errors`` and ``error_lines``,
        ``summary()``).  ``progress=True`` shows a bar (tqdm; in a notebook, its widget).
        """
        from eventwire.ingestion import ingest

        paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
        paths = [os.fspath(p) for p in paths]
        bar = _progress_bar(paths, glob) if progress else None
        try:
            return self._run(ingest, paths, self.store, date=_day(date, "date"), glob=glob, model=model,
                             batch_size=batch_size, workers=workers, max_chars=max_chars, on_error=on_error,
                             on_progress=bar.update if bar is not None else None)
        finally:
            if bar is not None:
                bar.close()

    # -- reading -------------------------------------------------------------------------------
    def stats(self) -> dict:
        """``eventwire stats``: counts of everything stored."""
        from eventwire import query as q
        return self._run(q.stats, self.store)

    def articles(self, search: Optional[str] = None, since=None, until=None, source: Optional[str] = None,
                 language: Optional[str] = None, limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Records:
        """``eventwire query articles``: newest first (best match first with ``search``, full text)."""
        from eventwire import query as q
        return self._page("articles", q.articles, limit, offset, search=search, since=_day(since, "since"),
                          until=_day(until, "until"), source=source, language=language)

    def article(self, article_id: str) -> Optional[dict]:
        """``eventwire query article ID``: one article with its text and every item; None if unknown."""
        from eventwire import query as q
        return self._run(q.article, self.store, article_id)

    def entities(self, name: Optional[str] = None, type: Optional[str] = None,
                 limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Records:
        """``eventwire query entities``: people and organizations, most articles first."""
        from eventwire import query as q
        return self._page("entities", q.entities, limit, offset, name=name, type=type)

    def entity(self, entity_id: int) -> Optional[dict]:
        """``eventwire query entity ID``: aliases, articles, timeline, quotes, events; None if unknown."""
        from eventwire import query as q
        return self._run(q.entity, self.store, entity_id)

    def places(self, name: Optional[str] = None, near=None, km: Optional[float] = None,
               country: Optional[str] = None, limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Records:
        """``eventwire query places``: ``near=(lat, lon)`` with ``km`` (default 50) adds distance_km."""
        from eventwire import query as q
        return self._page("places", q.places, limit, offset, name=name, near=near, km=km, country=country)

    def quotes(self, speaker: Optional[str] = None, search: Optional[str] = None, since=None, until=None,
               limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Records:
        """``eventwire query quotes``: direct quotations with their speakers, newest first."""
        from eventwire import query as q
        return self._page("quotes", q.quotes, limit, offset, speaker=speaker, search=search,
                          since=_day(since, "since"), until=_day(until, "until"))

    def figures(self, metric: Optional[str] = None, source: Optional[str] = None, object: Optional[str] = None,
                since=None, until=None, limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Records:
        """``eventwire query figures``: numeric claims (value, metric, object, source), newest first."""
        from eventwire import query as q
        return self._page("figures", q.figures, limit, offset, metric=metric, source=source, object=object,
                          since=_day(since, "since"), until=_day(until, "until"))

    def events(self, type: Optional[str] = None, actor: Optional[str] = None, place: Optional[str] = None,
               near=None, km: Optional[float] = None, since=None, until=None,
               limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Records:
        """``eventwire query events``: PLOVER events, newest first (nearest first with a radius)."""
        from eventwire import query as q
        return self._page("events", q.events, limit, offset, type=type, actor=actor, place=place, near=near,
                          km=km, since=_day(since, "since"), until=_day(until, "until"))

    def claims(self, metric: str, source: Optional[str] = None, object: Optional[str] = None, since=None,
               until=None, cumulative: bool = True) -> Records:
        """``eventwire claims``: one figure's series over time, a row per date, conflicts flagged."""
        from eventwire import query as q
        rows = self._run(q.claims, self.store, metric, source=source, object=object, since=_day(since, "since"),
                         until=_day(until, "until"), cumulative=cumulative)
        return Records(rows, "claims")

    def brief(self, date=None, since=None, until=None, place: Optional[str] = None, km: Optional[float] = None,
              actor: Optional[str] = None, stories: int = 20) -> Digest:
        """``eventwire brief``: the period's stories ranked, then "figures since yesterday"."""
        from eventwire.query import brief as b
        return Digest(self._run(b.build_brief, self.store, date=_day(date, "date"), since=_day(since, "since"),
                                until=_day(until, "until"), place=place, km=km, actor=actor, max_stories=stories))

    # -- plumbing ------------------------------------------------------------------------------
    def _page(self, kind: str, fn, limit, offset, **filters) -> Records:
        """One page as `query KIND --limit --offset` (1..MAX_LIMIT); ``limit=None``: every match."""
        from eventwire.query import MAX_LIMIT, tables

        if limit is None:
            rows, start = [], offset
            while True:
                page = self._run(fn, self.store, limit=MAX_LIMIT, offset=start, **filters)
                rows.extend(page)
                if len(page) < MAX_LIMIT:
                    break
                start += MAX_LIMIT
        else:
            if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
                raise QueryError(f"limit: must be a whole number from 1 to {MAX_LIMIT} "
                                 f"(or None for every match), not {limit!r}")
            rows = self._run(fn, self.store, limit=limit, offset=offset, **filters)
        return Records(tables.present(kind, rows), kind)

    def _run(self, fn, *args, **kwargs):
        """Call the library; a database failure becomes a StoreError naming the database."""
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return fn(*args, **kwargs)
        except EventwireError:
            raise
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise StoreError(f"database {self.url}: {reason}") from None


def _progress_bar(paths: list[str], glob: Optional[str]):
    from tqdm.auto import tqdm

    from eventwire.ingest.readers import count_inputs

    total = None if any(p == "-" for p in paths) else count_inputs(paths, glob)
    return tqdm(total=total, unit="article")


__all__ = ["extract_text", "open", "Database", "Records", "Digest"]
