"""`eventwire batch`, `eventwire load` and `eventwire watch` (registered in eventwire.cli).

Heavy imports (dask, pyarrow, the store) happen inside the commands so that
`eventwire --help` stays fast.
"""
from __future__ import annotations

import sys
import time

import click


def _open_store(db):
    from eventwire.store import Store, StoreError

    try:
        return Store.open(db)
    except StoreError as exc:
        raise click.ClickException(str(exc))


def _log(line: str) -> None:
    click.echo(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}", err=True)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for the Parquet datasets (articles/, entities/, places/, quotes/, figures/, events/).")
@click.option("--scheduler", help="Address of a running Dask scheduler, e.g. tcp://host:8786 (default: a local cluster).")
@click.option("--workers", type=int, help="Worker processes of the local cluster (default: all cores).")
@click.option("--partition-size", type=int, default=64, show_default=True, help="Articles per task and per Parquet file.")
@click.option("--date", help="Date for inputs without a date header (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--glob", "pattern", help="File name pattern inside directories (default: every file).")
@click.option("--model", help="spaCy model name or path (must be installed on every worker).")
def batch(inputs, out_dir, scheduler, workers, partition_size, date, pattern, model):
    """Extract INPUTS on a Dask cluster and write partitioned Parquet under --out.

    INPUTS are files, directories or quoted globs ('corpus/**/*.txt'), read
    here and sent to the workers (no shared file system needed).

    \b
      eventwire batch 'corpus/*.txt' --out parquet/ --workers 4
      eventwire batch 'corpus/*.txt' --out parquet/ --scheduler tcp://scheduler:8786
      eventwire load parquet/ --db eventwire.db
    """
    from eventwire.scale.dask_batch import run_batch

    if workers is not None and workers < 1:
        raise click.BadParameter("must be at least 1", param_hint="--workers")
    summary = run_batch(inputs, out_dir, scheduler=scheduler, workers=workers, model=model, date=date,
                        glob=pattern, partition_size=partition_size,
                        on_error=lambda line: click.echo(f"error: {line}", err=True))
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    click.echo(f"{summary.articles} articles in {summary.partitions} partitions on {summary.workers} workers, "
               f"{summary.seconds:.1f}s ({rate:.1f} articles/s) -> {out_dir}", err=True)
    sys.exit(1 if summary.errors else 0)


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--db", envvar="EVENTWIRE_DB", metavar="PATH|URL",
              help="Database: SQLite path or postgresql:// URL (default: $EVENTWIRE_DB, else eventwire.db).")
def load(directory, db):
    """Load the Parquet written by `eventwire batch` into a database.

    \b
      eventwire load parquet/ --db eventwire.db
    """
    from eventwire.scale.dask_batch import load_batch
    from eventwire.store import DEFAULT_DB

    store = _open_store(db)
    try:
        counts = load_batch(directory, store)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc))
    finally:
        close = getattr(store, "close", None)
        if close:
            close()
    click.echo(f"loaded {counts.get('articles', 0)} articles ({counts.get('skipped', 0)} already there) "
               f"from {directory} into {db or DEFAULT_DB}", err=True)


@click.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True, help="Interval between polls: 30s, 15m, 1h.")
@click.option("--db", envvar="EVENTWIRE_DB", metavar="PATH|URL",
              help="Database: SQLite path or postgresql:// URL (default: $EVENTWIRE_DB, else eventwire.db).")
@click.option("--state", "state_path", type=click.Path(dir_okay=False),
              help="Feed state file (ETags, items seen; default: DB.feeds.json or eventwire-feeds.json).")
@click.option("--once", is_flag=True, help="Poll once and exit.")
@click.option("--model", help="spaCy model name or path.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds per HTTP request.")
def watch(feeds, every, db, state_path, once, model, timeout):
    """Poll RSS/Atom FEEDS, fetch and ingest new items only, forever (or --once).

    Conditional GET (ETag / Last-Modified) keeps polls cheap; a feed that is
    down or malformed is logged and skipped until the next poll; an item whose
    page failed is tried again at the next poll.  With --once the exit status
    is 1 when every feed (or every item of every feed) failed.

    \b
      eventwire watch https://example.org/rss.xml --every 15m --db eventwire.db
    """
    from eventwire.ingest.feeds import FeedState, parse_every, watch_once
    from eventwire.ingest.fetch import make_client
    from eventwire.pipeline import extract_articles
    from eventwire.store import DEFAULT_DB

    try:
        interval = parse_every(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every")
    db = db or DEFAULT_DB
    if not state_path:
        state_path = f"{db}.feeds.json" if "://" not in db else "eventwire-feeds.json"
    state = FeedState(state_path)
    store = _open_store(db)

    def sink(articles):
        store.add(list(extract_articles(articles, model=model)))

    _log(f"watching {len(feeds)} feed(s) every {every} into {db} (state {state_path})")
    all_failed = False
    try:
        with make_client(timeout=timeout) as client:
            while True:
                started = time.monotonic()
                reports = watch_once(list(feeds), state, sink, client=client, log=_log)
                for report in reports:
                    _log(report.line())
                all_failed = bool(reports) and all(r.failed for r in reports)
                if once:
                    break
                time.sleep(max(0.0, interval - (time.monotonic() - started)))
    except KeyboardInterrupt:
        _log("stopped")
    finally:
        close = getattr(store, "close", None)
        if close:
            close()
    if once and all_failed:
        _log("every feed or its every item failed")
        sys.exit(1)
