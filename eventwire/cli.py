"""The eventwire command line: a thin layer over the library."""
from __future__ import annotations

import csv
import io
import itertools
import json
import math
import os
import sys
import threading
import time
from pathlib import Path

import click

from eventwire import __version__

DB_HELP = "Database: a file path, sqlite:///PATH or postgresql://... (default: ./eventwire.db, or $EVENTWIRE_DB)."


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="eventwire")
def cli():
    """Turn dated news articles into a geocoded, queryable record of
    who did what to whom, where, when, and according to whom.

    \b
      eventwire ingest examples/                     # read, extract, store (./eventwire.db)
      eventwire stats
      eventwire query events --type ASSAULT --place Kherson --km 50
      eventwire claims --metric killed --source "General Staff"
    """


# ---------------------------------------------------------------------------------------------------
# extract (no database)
# ---------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the SPEC section 6 JSON object (one per article).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Write DIR/ID.json per input file instead of printing.")
@click.option("--date", help="Date for inputs without a date header (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--model", help="spaCy model name or path (default: en_core_web_md, or $EVENTWIRE_MODEL).")
def extract(paths, as_json, out_dir, date, model):
    """Extract entities, places, quotes, figures and events from FILES, without a database.

    \b
      eventwire extract article.txt --json
      eventwire extract articles/ --out results/
    """
    from eventwire.pipeline import extract_paths

    failed = False
    out = Path(out_dir) if out_dir else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for item in extract_paths(paths, date=date, model=model):
        if item.error:
            click.echo(f"error: {item.error}", err=True)
            failed = True
            continue
        for warning in item.extraction.article.ingest_warnings + item.extraction.warnings:
            click.echo(f"warning: {item.name}: {warning}", err=True)
        data = item.extraction.to_dict()
        if out:
            (out / f"{item.name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))
        elif as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            _print_summary(item.name, item.extraction)
    sys.exit(1 if failed else 0)


UNKNOWN = "unknown"     # what the summary prints for a missing speaker, source or country


def _print_summary(name, extraction):
    click.echo(f"{name} ({extraction.article.date})")
    for label, items, show in (
        ("entities", extraction.entities, lambda e: f"{e.name} [{e.type}]" + (f" aka {', '.join(e.aliases)}" if e.aliases else "")),
        ("places", extraction.places, lambda p: f"{p.name} ({p.country_code or UNKNOWN}) "
                                                 + (f"{p.lat},{p.lon}" if p.lat is not None else "no coordinates")
                                                 + (f" from {', '.join(p.mentions)}" if p.mentions else "")),
        ("quotes", extraction.quotes, lambda q: f"{q.speaker or UNKNOWN}: \u201c{q.text[:70]}\u201d"),
        ("figures", extraction.quantities,
         lambda q: f"{q.value:g} {q.metric} ({q.object or UNKNOWN}; source {q.source or UNKNOWN})"),
        ("events", extraction.events, lambda e: f"{e.type} {e.source.name if e.source else '-'} -> {e.target.name if e.target else '-'}" + (f" @ {e.place}" if e.place else "")),
    ):
        click.echo(f"  {label}: {len(items)}")
        for item in items:
            click.echo(f"    {show(item)}")


# ---------------------------------------------------------------------------------------------------
# shared options, parameter types and output
# ---------------------------------------------------------------------------------------------------
class DateType(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        from eventwire.query import QueryError, parse_date
        try:
            return parse_date(value, param.name if param else "date")
        except QueryError as exc:
            self.fail(str(exc).split(": ", 1)[-1], param, ctx)


class WholeNumber(click.ParamType):
    """An integer checked by eventwire.query.parse_int (the API's check): beyond 64 bits is a usage error."""
    name = "INTEGER"

    def __init__(self, minimum: int = 0, maximum=None):
        self.minimum, self.maximum = minimum, maximum

    def convert(self, value, param, ctx):
        from eventwire.query import MAX_INT, QueryError, parse_int
        try:
            return parse_int(value, param.name if param else "value", self.minimum, self.maximum or MAX_INT)
        except QueryError as exc:
            self.fail(str(exc).split(": ", 1)[-1], param, ctx)


class NearType(click.ParamType):
    name = "LAT,LON"

    def convert(self, value, param, ctx):
        from eventwire.query import QueryError, parse_near
        if isinstance(value, tuple):
            return value
        try:
            return parse_near(value)
        except QueryError as exc:
            self.fail(str(exc).split(": ", 1)[-1], param, ctx)


DATE = DateType()
NEAR = NearType()
KM = click.FloatRange(min=0, min_open=True, max=20040)


def db_option(f):
    return click.option("--db", envvar="EVENTWIRE_DB", default=None, metavar="PATH|URL", help=DB_HELP)(f)


def output_options(f):
    f = click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")(f)
    f = click.option("--json", "as_json", is_flag=True, help="A JSON array of objects.")(f)
    return f


def page_options(f):
    from eventwire.query import DEFAULT_LIMIT, MAX_LIMIT
    f = click.option("--offset", type=WholeNumber(0), default=0, show_default=True, help="Rows to skip.")(f)
    f = click.option("--limit", type=WholeNumber(1, MAX_LIMIT), default=DEFAULT_LIMIT, show_default=True,
                     help=f"Rows to show (at most {MAX_LIMIT}).")(f)
    return f


def _open_store(db, create=False):
    """The store at ``db``.  Only commands that write (ingest, load) pass ``create=True``: a read
    command on a database that does not exist is an error (exit status 2), and creates nothing."""
    from eventwire.store import Store, StoreError
    try:
        return Store.open(db, create=create)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


def _run_query(fn, *args, **kwargs):
    """Call a query function; bad parameters become one-line usage errors."""
    from eventwire.query import QueryError
    from eventwire.store import SearchSyntaxError
    try:
        return fn(*args, **kwargs)
    except SearchSyntaxError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except QueryError as exc:
        raise click.UsageError(str(exc))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())


def emit(rows: list[dict], columns: list[tuple], as_json: bool, as_csv: bool, empty: str = "no results",
         kind: str = None) -> None:
    """Print rows as a table (columns: (key, header[, max width])), JSON or CSV (``kind``: the query,
    for the CSV header of an empty result; see eventwire.query.tables)."""
    from eventwire.query import tables

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if as_csv:
        buf = io.StringIO()
        tables.write_csv(buf, kind, rows, None if rows or kind else [c[0] for c in columns])
        click.echo(buf.getvalue(), nl=False)
        return
    if not rows:
        click.echo(empty, err=True)
        return
    cells = [[_cell(r.get(c[0])) for c in columns] for r in rows]
    widths = []
    for i, c in enumerate(columns):
        limit = c[2] if len(c) > 2 else 40
        widths.append(min(limit, max(len(c[1]), *(len(row[i]) for row in cells))))

    def line(values):
        out = []
        for v, w in zip(values, widths):
            v = v if len(v) <= w else v[:w - 1] + "\u2026"
            out.append(v.ljust(w))
        return "  ".join(out).rstrip()

    click.echo(line([c[1] for c in columns]))
    click.echo(line(["-" * w for w in widths]))
    for row in cells:
        click.echo(line(row))


# ---------------------------------------------------------------------------------------------------
# ingest
# ---------------------------------------------------------------------------------------------------
class _Progress:
    """A tqdm bar on a terminal; a plain log line every few seconds otherwise."""

    def __init__(self, total, enabled: bool):
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.tty = enabled and sys.stderr.isatty()
        self.last_log = self.start
        self.bar = None
        if self.tty:
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(self, n=1):
        self.done += n
        if self.bar is not None:
            if self.total is not None and self.done > self.bar.total:
                self.bar.total = self.done
            self.bar.set_postfix_str("", refresh=False)
            self.bar.update(n)
            return
        now = time.monotonic()
        if now - self.last_log >= 10:
            self.last_log = now
            rate = self.done / max(now - self.start, 1e-9)
            of = f"/{max(self.total, self.done)}" if self.total else ""     # never "17/16"
            eta = ""
            if self.total and rate > 0 and self.total > self.done:
                from eventwire.ingestion import duration_text
                eta = f", ETA {duration_text((self.total - self.done) / rate)}"
            click.echo(f"ingest: {self.done}{of} articles, {rate:.1f}/s{eta}", err=True)

    def write(self, line):
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def busy(self, article, seconds):
        """Called from ingest's watch thread while one article keeps the NLP busy."""
        from eventwire.ingestion import duration_text
        what = f"{article.origin or article.id} ({len(article.text):,} characters)"
        if self.bar is not None:
            self.bar.set_postfix_str(f"working on {what}, {duration_text(seconds)}", refresh=True)
        else:
            click.echo(f"ingest: {self.done}{f'/{max(self.total, self.done)}' if self.total else ''} articles, "
                       f"working on {what} for {duration_text(seconds)}", err=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@db_option
@click.option("--glob", "pattern", help="File name pattern inside directories, e.g. '*.txt' (default: every file).")
@click.option("--date", type=DATE, help="Date for inputs without one (YYYY-MM-DD, YYYY-MM or YYYY; else file mtime).")
@click.option("--model", help="spaCy model name or path (default: en_core_web_md, or $EVENTWIRE_MODEL).")
@click.option("--batch-size", type=click.IntRange(1, 10000), default=32, show_default=True,
              help="Articles per NLP batch and per database transaction.")
@click.option("--workers", type=click.IntRange(1, 512), default=None,
              help="Extraction processes (default: all cores; 1 = in this process). "
                   "Small inputs run in fewer processes than asked: at most one per batch.")
@click.option("--max-chars", type=click.IntRange(1), default=None,
              help="Longer articles are truncated (and flagged), not dropped "
                   "(default 1,000,000, or $EVENTWIRE_MAX_ARTICLE_CHARS).")
@click.option("--max-seconds", type=click.FloatRange(0), default=None,
              help="Time budget per article: when it runs out the article is stored with what was extracted "
                   "and a warning (default 120, or $EVENTWIRE_MAX_ARTICLE_SECONDS; 0: none).")
@click.option("--progress/--no-progress", default=True, help="Progress bar on a terminal (default on).")
def ingest(paths, db, pattern, date, model, batch_size, workers, max_chars, max_seconds, progress):
    """Read articles from files, directories or - (stdin), extract everything, and store it.

    Articles already stored are skipped before any NLP runs, so rerunning after
    a crash or Ctrl-C resumes where it stopped; each batch is one transaction.
    Ctrl-C stops after the batch in progress is stored (exit status 130); a
    second Ctrl-C stops at once.  A bad input gets one line on stderr
    (error: FILE[:LINE]: reason) and the rest goes on; the exit status is 1 if
    any input failed.

    \b
      eventwire ingest examples/
      eventwire ingest feeds/*.jsonl --db news.db --batch-size 64 --workers 4
      eventwire ingest articles/ --glob '*.txt' --db postgresql://me@dbhost/news
      cat story.txt | eventwire ingest - --date 2022-08-17
    """
    from eventwire.errors import EventwireError
    from eventwire.ingest.readers import count_inputs
    from eventwire.ingestion import SigintStop, ingest as run_ingest

    total = None if any(p == "-" for p in paths) else count_inputs(paths, pattern)
    workers = _ingest_workers(workers, total, batch_size)
    store = _open_store(db, create=True)
    bar = _Progress(total, progress)
    stop = threading.Event()
    # Held until exit, not only while ingest() runs: a Ctrl-C during the summary or the store's
    # close is still a stop (130), never Python's default death by SIGINT.
    with SigintStop(stop, lambda: bar.write("interrupted: finishing the current batch (Ctrl-C again to stop now)")):
        try:
            report = run_ingest(
                paths, store, date=date, glob=pattern, model=model, batch_size=batch_size, workers=workers,
                max_chars=max_chars, max_seconds=max_seconds, stop=stop, handle_sigint=False,
                on_error=lambda err: bar.write(f"error: {err}"),
                on_progress=bar.update, on_busy=bar.busy,
                on_warning=lambda art, w: bar.write(f"warning: {art.origin or art.id}: {w}"))
        except EventwireError as exc:
            _close_all(bar, store)
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        try:
            _close_all(bar, store)
            click.echo(report.summary(db or os.environ.get("EVENTWIRE_DB") or "eventwire.db"))
        except KeyboardInterrupt:      # a second Ctrl-C after the run: everything committed is kept
            stop.set()
        if stop.is_set():
            click.echo("interrupted: everything committed is kept; rerun the same command to resume", err=True)
        _hold_ctrl_c_through_exit()
    sys.exit(130 if stop.is_set() else report.exit_code)


def _hold_ctrl_c_through_exit() -> None:
    """In the ``eventwire`` process itself (not a caller's), from here to the end a Ctrl-C never
    kills it by SIGINT (exit -2) nor prints a traceback: everything is committed and closed.
    Until the exit handlers run it ends the process with 130 at once; from then on it is ignored
    and the process ends with the run's own code, because the interpreter drops Python-level
    handlers before it frees the modules (the model) and only an ignored signal stays ignored."""
    import atexit
    import signal

    if _as_program and threading.current_thread() is threading.main_thread():
        sys.stdout.flush()
        sys.stderr.flush()
        signal.signal(signal.SIGINT, lambda signum, frame: os._exit(130))
        atexit.register(signal.signal, signal.SIGINT, signal.SIG_IGN)    # registered last, runs first


def _close_all(bar, store) -> None:
    """Close the progress bar and the store."""
    bar.close()
    store.close()


def _ingest_workers(asked, total, batch_size) -> int:
    """--workers, default all cores, but no more processes than there are batches to extract."""
    if asked is None:
        asked = os.cpu_count() or 1
    if total is not None:
        asked = min(asked, max(1, math.ceil(total / batch_size)))
    return max(1, asked)


# ---------------------------------------------------------------------------------------------------
# query
# ---------------------------------------------------------------------------------------------------
@cli.group()
def query():
    """Search what has been ingested: articles, entities, places, quotes, figures, events.

    Every command prints a table; --json or --csv for machines.

    \b
      eventwire query articles --search "ammunition depot" --since 2022-08-01
      eventwire query entities --name Zavalniuk --json
      eventwire query events --type ASSAULT --place Kherson --km 50
    """


@query.command("articles")
@click.option("--search", "-s", help="Full-text search over title and text (FTS: words, \"phrases\", OR, prefix*).")
@click.option("--since", type=DATE, help="On or after this date.")
@click.option("--until", type=DATE, help="On or before this date.")
@click.option("--source", help="Source (outlet) contains.")
@page_options
@output_options
@db_option
def query_articles(search, since, until, source, limit, offset, as_json, as_csv, db):
    """Articles, newest first (best match first with --search).

    \b
      eventwire query articles --search "ammunition depot" --since 2022-08-01
      eventwire query articles --search '"Kim Jong Un" OR Pyongyang' --json
    """
    from eventwire import query as q
    store = _open_store(db)
    rows = _run_query(q.articles, store, search=search, since=since, until=until, source=source,
                      limit=limit, offset=offset)
    emit(rows, [("date", "date", 10), ("id", "id", 16), ("title", "title", 40), ("source", "source", 20),
                ("snippet", "text", 70)], as_json, as_csv, "no matching articles", "articles")


def _print_record(data, missing: str) -> None:
    """One record as indented JSON, or a one-line error when it does not exist."""
    if data is None:
        raise click.ClickException(missing)
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


@query.command("article")
@click.argument("article_id")
@db_option
def query_article(article_id, db):
    """One article with its text and every extracted item (JSON, spans included).

    \b
      eventwire query article 3f2a9c0d1e4b5a6f
    """
    from eventwire import query as q
    _print_record(_run_query(q.article, _open_store(db), article_id), f"no article with id {article_id!r}")


@query.command("entities")
@click.option("--name", "-n", help="Name or any alias contains (case-insensitive).")
@click.option("--type", "etype", type=click.Choice(["PERSON", "ORG"], case_sensitive=False), help="PERSON or ORG.")
@page_options
@output_options
@db_option
def query_entities(name, etype, limit, offset, as_json, as_csv, db):
    """People and organizations, most articles first, with aliases and first/last seen.

    \b
      eventwire query entities --name Zavalniuk
      eventwire query entities --type ORG --limit 20 --csv
    """
    from eventwire import query as q
    rows = _run_query(q.entities, _open_store(db), name=name, type=etype, limit=limit, offset=offset)
    emit(rows, [("id", "id", 6), ("name", "name", 30), ("type", "type", 6), ("articles", "articles", 8),
                ("first_seen", "first seen", 10), ("last_seen", "last seen", 10), ("aliases", "aliases", 50)],
         as_json, as_csv, "no matching entities", "entities")


@query.command("entity")
@click.argument("entity_id", type=WholeNumber(1))
@db_option
def query_entity(entity_id, db):
    """One entity (JSON): aliases, articles, mentions over time, quotes, events as source or target.

    \b
      eventwire query entity 12
    """
    from eventwire import query as q
    _print_record(_run_query(q.entity, _open_store(db), entity_id), f"no entity with id {entity_id}")


@query.command("places")
@click.option("--name", "-n", help="Place name or a surface form seen in the text contains.")
@click.option("--near", type=NEAR, help="Centre of a radius search: LAT,LON.")
@click.option("--km", type=KM, help="Radius in km around --near (default 50).")
@click.option("--country", help="ISO country code, e.g. UA.")
@page_options
@output_options
@db_option
def query_places(name, near, km, country, limit, offset, as_json, as_csv, db):
    """Resolved places with the number of articles naming them (nearest first with --near).

    \b
      eventwire query places --near 46.64,32.61 --km 50
      eventwire query places --name Odesa --json
    """
    from eventwire import query as q
    if km is not None and near is None:
        raise click.UsageError("--km needs --near LAT,LON")
    rows = _run_query(q.places, _open_store(db), name=name, near=near, km=km, country=country,
                      limit=limit, offset=offset)
    cols = [("id", "id", 6), ("name", "name", 28), ("country_code", "cc", 3), ("admin1", "admin1", 20),
            ("lat", "lat", 9), ("lon", "lon", 9), ("articles", "articles", 8)]
    if near:
        cols.append(("distance_km", "km", 8))
    cols.append(("mentions", "as written", 40))
    emit(rows, cols, as_json, as_csv, "no matching places", "places")


@query.command("quotes")
@click.option("--speaker", help="Speaker's name or any alias contains.")
@click.option("--search", "-s", help="Quoted text contains.")
@click.option("--since", type=DATE, help="On or after this date.")
@click.option("--until", type=DATE, help="On or before this date.")
@page_options
@output_options
@db_option
def query_quotes(speaker, search, since, until, limit, offset, as_json, as_csv, db):
    """Direct quotations with their speakers, newest first.

    \b
      eventwire query quotes --speaker Kornienko
      eventwire query quotes --search "state of emergency" --json
    """
    from eventwire import query as q
    rows = _run_query(q.quotes, _open_store(db), speaker=speaker, search=search, since=since, until=until,
                      limit=limit, offset=offset)
    emit(rows, [("date", "date", 10), ("speaker", "speaker", 25), ("text", "quote", 80),
                ("article_id", "article", 16)], as_json, as_csv, "no matching quotes", "quotes")


@query.command("figures")
@click.option("--metric", type=click.Choice(["killed", "injured", "displaced", "detained", "missing",
                                             "materiel_lost", "deployed", "affected"], case_sensitive=False),
              help="What is counted.")
@click.option("--source", help="Who claims it (name or alias contains).")
@click.option("--object", "obj", help="What is counted contains, e.g. tanks.")
@click.option("--since", type=DATE, help="Article date on or after.")
@click.option("--until", type=DATE, help="Article date on or before.")
@page_options
@output_options
@db_option
def query_figures(metric, source, obj, since, until, limit, offset, as_json, as_csv, db):
    """Numeric claims: value, metric, what is counted, who claims it; newest first.

    \b
      eventwire query figures --metric killed --since 2022-08-01
      eventwire query figures --metric materiel_lost --object tanks --csv
    """
    from eventwire import query as q
    rows = _run_query(q.figures, _open_store(db), metric=metric, source=source, object=obj, since=since,
                      until=until, limit=limit, offset=offset)
    from eventwire.query import tables
    tables.present("figures", rows)
    emit(rows, [("date", "date", 10), ("bound", "", 8), ("value", "value", 12), ("metric", "metric", 13),
                ("object", "object", 30), ("source", "source", 30), ("article_id", "article", 16)],
         as_json, as_csv, "no matching figures", "figures")


PLOVER_CHOICE = click.Choice(["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                              "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                              "ASSAULT"], case_sensitive=False)


def event_filters(f):
    f = click.option("--until", type=DATE, help="Event date on or before.")(f)
    f = click.option("--since", type=DATE, help="Event date on or after.")(f)
    f = click.option("--km", type=KM, help="Radius in km around --place or --near.")(f)
    f = click.option("--near", type=NEAR, help="Centre of a radius search: LAT,LON.")(f)
    f = click.option("--place", help="Place name contains; with --km, a radius around that stored place.")(f)
    f = click.option("--actor", help="Source or target actor (name or alias) contains.")(f)
    f = click.option("--type", "etype", type=PLOVER_CHOICE, help="PLOVER event type.")(f)
    return f


def _check_event_place(place, near, km):
    if place and near:
        raise click.UsageError("give either --place or --near, not both")
    if km is not None and not (place or near):
        raise click.UsageError("--km needs --place NAME or --near LAT,LON")


@query.command("events")
@event_filters
@page_options
@output_options
@db_option
def query_events(etype, actor, place, near, km, since, until, limit, offset, as_json, as_csv, db):
    """PLOVER events: who did what to whom, where and when; newest first.

    \b
      eventwire query events --type ASSAULT --actor Russia --place Kherson --km 50 --since 2022-08-01
      eventwire query events --near 45.71,34.39 --km 30 --json
    """
    from eventwire import query as q
    _check_event_place(place, near, km)
    rows = _run_query(q.events, _open_store(db), type=etype, actor=actor, place=place, near=near, km=km,
                      since=since, until=until, limit=limit, offset=offset)
    cols = [("date", "date", 10), ("type", "type", 9), ("mode", "mode", 10), ("source_name", "source", 22),
            ("target_name", "target", 22), ("place", "place", 18)]
    if place and km or near:
        cols.append(("distance_km", "km", 7))
    cols.append(("sentence", "sentence", 60))
    emit(rows, cols, as_json, as_csv, "no matching events", "events")


# ---------------------------------------------------------------------------------------------------
# claims, stats
# ---------------------------------------------------------------------------------------------------
@cli.command()
@click.option("--metric", required=True, type=click.Choice(["killed", "injured", "displaced", "detained", "missing",
                                                            "materiel_lost", "deployed", "affected"],
                                                           case_sensitive=False), help="What is counted.")
@click.option("--source", help="Who claims it (name or alias contains), e.g. \"General Staff\".")
@click.option("--object", "obj", help="What is counted contains, e.g. tanks.")
@click.option("--since", type=DATE, help="Article date on or after.")
@click.option("--until", type=DATE, help="Article date on or before.")
@click.option("--not-cumulative", is_flag=True, help="Do not flag a value lower than an earlier one.")
@output_options
@db_option
def claims(metric, source, obj, since, until, not_cumulative, as_json, as_csv, db):
    """The series of one figure over time across articles, conflicts flagged (!).

    One row per date, source and object, with the articles behind it.  A
    conflict is the same source giving different values for the same date, or
    a running total that goes down.

    \b
      eventwire claims --metric killed --source "General Staff"
      eventwire claims --metric materiel_lost --source "General Staff" --object tanks --json
    """
    from eventwire import query as q
    rows = _run_query(q.claims, _open_store(db), metric.lower(), source=source, object=obj, since=since,
                      until=until, cumulative=not not_cumulative)
    for r in rows:
        r["flag"] = "!" if r["conflict"] else ""
        r["why"] = "; ".join(r["conflicts"])
        r["shown"] = r["value"] if r["value"] is not None else " / ".join(_cell(v) for v in r["values"])
        if r["lower_bound"] and r["value"] is not None:
            r["shown"] = f"{_cell(r['value'])}+"
    if not (as_json or as_csv):
        emit(rows, [("flag", "!", 1), ("date", "date", 10), ("shown", "value", 26), ("source", "source", 28),
                    ("object", "object", 24), ("articles", "articles", 36), ("why", "conflict", 60)],
             False, False, "no matching figures")
        n = sum(1 for r in rows if r["conflict"])
        if rows:
            click.echo(f"{len(rows)} dates, {n} with conflicts", err=True)
        return
    for r in rows:
        for k in ("flag", "why", "shown"):
            r.pop(k)
    emit(rows, [], as_json, as_csv, kind="claims")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object of counts.")
@db_option
def stats(as_json, db):
    """Counts of everything stored.

    \b
      eventwire stats
      eventwire stats --json --db news.db
    """
    from eventwire import query as q
    data = q.stats(_open_store(db))
    if as_json:
        click.echo(json.dumps(data))
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        click.echo(f"{key.replace('_', ' ').ljust(width)}  {value:>8,}")


# ---------------------------------------------------------------------------------------------------
# export
# ---------------------------------------------------------------------------------------------------
@cli.group()
def export():
    """Write stored data out in standard formats.

    \b
      eventwire export events --format plover --out events.jsonl
      eventwire export events --format geojson --type ASSAULT --out assaults.geojson
    """


EVENT_COLUMNS = ["id", "article_id", "article_source_id", "date", "date_inferred", "type", "mode", "source_name", "source_country",
                 "source_role", "target_name", "target_country", "target_role", "place", "lat", "lon", "place_id",
                 "claimed_by", "background", "trigger", "sentence", "span", "sentence_span", "article_case"]


@export.command("events")
@click.option("--format", "fmt", type=click.Choice(["plover", "jsonl", "csv", "geojson", "parquet"]),
              default="plover", show_default=True,
              help="plover: one PLOVER JSON record a line (the manual's fields; schema in "
                   "eventwire/data/plover_event.schema.json); jsonl: the stored row a line; csv; "
                   "geojson: a FeatureCollection of located events; parquet (needs --out).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True), help="Output file (default: stdout).")
@event_filters
@db_option
def export_events(fmt, out_path, etype, actor, place, near, km, since, until, db):
    """Export events (all, or filtered as in `query events`), streaming.

    \b
      eventwire export events --format plover --out events.jsonl
      eventwire export events --format csv --since 2022-08-01 > events.csv
      eventwire export events --format geojson --place Kherson --km 100 --out kherson.geojson
    """
    from eventwire import query as q
    from eventwire.query.plover import plover_record
    from eventwire.query.tables import csv_cell
    _check_event_place(place, near, km)
    if fmt == "parquet" and not out_path:
        raise click.UsageError("--format parquet needs --out FILE")
    store = _open_store(db)
    rows = _run_query(lambda: _first_checked(q.iter_events(store, type=etype, actor=actor, place=place, near=near,
                                                           km=km, since=since, until=until)))
    n = skipped = 0
    if fmt == "parquet":
        n = _write_parquet(rows, out_path)
    else:
        fh = open(out_path, "w", encoding="utf-8", newline="") if out_path else sys.stdout
        try:
            if fmt == "csv":
                writer = csv.DictWriter(fh, fieldnames=EVENT_COLUMNS, extrasaction="ignore", lineterminator="\n")
                writer.writeheader()
            if fmt == "geojson":
                fh.write('{"type": "FeatureCollection", "features": [\n')
            for r in rows:
                if fmt == "plover":
                    fh.write(json.dumps(plover_record(r), ensure_ascii=False) + "\n")
                elif fmt == "jsonl":
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
                elif fmt == "csv":
                    writer.writerow({k: csv_cell(r.get(k)) for k in EVENT_COLUMNS})
                else:
                    if r.get("lat") is None or r.get("lon") is None:
                        skipped += 1
                        continue
                    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                               "properties": plover_record(r)}
                    fh.write(("," if n else "") + json.dumps(feature, ensure_ascii=False) + "\n")
                n += 1
            if fmt == "geojson":
                fh.write("]}\n")
        finally:
            if out_path:
                fh.close()
    extra = f" ({skipped} without coordinates left out)" if skipped else ""
    click.echo(f"exported {n} events{extra}" + (f" to {out_path}" if out_path else ""), err=True)


def _first_checked(gen):
    """Run a generator up to its first row so that bad parameters fail before any output is written."""
    try:
        first = next(gen)
    except StopIteration:
        return iter(())
    return itertools.chain([first], gen)


def _write_parquet(rows, out_path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"id": pa.int64(), "lat": pa.float64(), "lon": pa.float64(), "place_id": pa.int64(),
             "date_inferred": pa.bool_(), "background": pa.bool_()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in EVENT_COLUMNS])
    n = 0
    with pq.ParquetWriter(out_path, schema) as writer:
        chunk = []

        def flush():
            if chunk:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk.clear()

        for r in rows:
            row = {c: r.get(c) for c in EVENT_COLUMNS}
            for c in ("span", "sentence_span"):
                row[c] = json.dumps(row[c]) if row[c] is not None else None
            chunk.append(row)
            n += 1
            if len(chunk) >= 5000:
                flush()
        flush()
    return n


# ---------------------------------------------------------------------------------------------------
# serve, and commands that live in other modules
# ---------------------------------------------------------------------------------------------------
@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="TCP port.")
def serve(db, host, port):
    """Serve the HTTP JSON API (OpenAPI at /docs) and the web page over a database.

    \b
      eventwire serve --db eventwire.db --port 8000
    """
    import uvicorn

    from eventwire.api import create_app
    app = create_app(_open_store(db))
    # keep-alive 30 s (uvicorn's default is 5): a client pausing between requests on a busy machine
    # otherwise races the server closing its idle connection and sees it drop without a response
    uvicorn.run(app, host=host, port=port, timeout_keep_alive=30)


@cli.command()
@click.option("--date", type=DATE, help="The day, or all of a month or year (YYYY-MM-DD, YYYY-MM, YYYY; default: the latest stored day).")
@click.option("--since", type=DATE, help="First day of a longer period (YYYY-MM-DD).")
@click.option("--until", type=DATE, help="Last day of a longer period (YYYY-MM-DD).")
@click.option("--place", help="Only articles that mention this place (with --km: within N km of it).")
@click.option("--km", type=KM, help="Radius in km around --place.")
@click.option("--actor", help="Only articles that mention this person or organization (name or alias).")
@click.option("--stories", "max_stories", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="Stories to show (the best ranked).")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Write to this file instead of printing.")
@db_option
def brief(date, since, until, place, km, actor, max_stories, fmt, out_path, db):
    """The daily brief: the period's stories ranked, each with a verbatim lead sentence, figures,
    places, a quote and its articles; then "figures since yesterday" with conflicts flagged.

    \b
      eventwire brief --date 2022-08-17
      eventwire brief --since 2024-03-01 --until 2024-03-15 --place Kharkiv --km 100 --format html --out brief.html
    """
    from eventwire.query import brief as b
    store = _open_store(db)
    try:
        result = _run_query(b.build_brief, store, date=date, since=since, until=until, place=place, km=km,
                            actor=actor, max_stories=max_stories)
    finally:
        store.close()
    text = {"md": b.to_markdown, "html": b.to_html, "json": b.to_json}[fmt](result)
    if out_path:
        Path(out_path).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        click.echo(f"wrote {out_path}", err=True)
    else:
        click.echo(text.rstrip("\n"))


def _register_scale_commands():
    from eventwire.scale import commands as scale_commands

    for name in ("batch", "load", "watch"):
        cmd = getattr(scale_commands, name, None)
        if isinstance(cmd, click.Command) and name not in cli.commands:
            cli.add_command(cmd, name)


_register_scale_commands()


_as_program = False     # main() runs: this process is the eventwire command, not a library's caller


def main():
    global _as_program
    _as_program = True
    cli()


if __name__ == "__main__":
    main()
