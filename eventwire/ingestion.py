"""Ingest as a library call: read inputs, skip what is stored, extract, store in batches.

    from eventwire.ingestion import ingest
    from eventwire.store import Store

    with Store.open("eventwire.db") as store:
        report = ingest(["examples/"], store, on_error=print)
    report.exit_code     # 0, 1 (an input failed) or 130 (interrupted)

The CLI (`eventwire ingest`), the API, `watch` and batch jobs share this one path.
Guarantees (see RELIABILITY.md):

* articles already stored are skipped *before* any NLP runs, so a rerun after
  a crash or Ctrl-C resumes where it stopped;
* each batch of ``batch_size`` extractions is ONE transaction: a crash loses
  at most the batch in flight, never anything committed, never half an article;
* a bad input is reported through ``on_error`` as one :class:`IngestError`
  (one line: origin and reason) and the rest goes on;
* the first SIGINT (Ctrl-C) asks for a stop: the batch in progress is
  extracted and committed, then the run ends with ``interrupted=True``; a
  second SIGINT stops at once (the batch in flight is rolled back).  The
  handler is installed only when called from the main thread; other callers
  pass a ``threading.Event`` as ``stop``.
"""
from __future__ import annotations

import itertools
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from eventwire.errors import ConfigError, IngestError
from eventwire.records import Article, Extraction

COUNTED = ("articles", "entities", "places", "quotes", "figures", "events")


@dataclass
class IngestReport:
    read: int = 0            # articles read from the inputs (after in-run duplicates)
    skipped: int = 0         # already stored, or an exact duplicate
    errors: int = 0          # inputs (files, JSON lines) that failed, each reported once
    warnings: int = 0        # extractor warnings (the article is stored without that section)
    articles: int = 0        # new articles stored
    entities: int = 0
    places: int = 0
    quotes: int = 0
    figures: int = 0
    events: int = 0
    batches: int = 0         # transactions committed
    truncated: int = 0       # stored articles cut to the size limit
    workers: int = 1
    interrupted: bool = False
    seconds: float = 0.0
    error_lines: list = field(default_factory=list)   # the first MAX_ERROR_LINES error lines

    MAX_ERROR_LINES = 1000

    @property
    def exit_code(self) -> int:
        """130 if interrupted, 1 if any input failed, else 0 (the CLI's exit status)."""
        return 130 if self.interrupted else (1 if self.errors else 0)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def summary(self, where: str = "the database") -> str:
        """The one line `eventwire ingest` ends with: what was stored, skipped and failed."""
        extra = f", {self.truncated} truncated" if self.truncated else ""
        return (f"{'interrupted: ' if self.interrupted else ''}stored {self.articles} new articles in {where} "
                f"({self.skipped} already stored or duplicate, {self.errors} failed{extra}): "
                f"{self.entities} entities, {self.places} places, {self.quotes} quotes, "
                f"{self.figures} figures, {self.events} events in {duration_text(self.seconds)} "
                f"({self.rate:.2g} articles/s)")


def duration_text(seconds: float) -> str:
    """42s, 3m05s, 1h02m."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class _SigintStop:
    """First SIGINT: set ``stop`` (finish the batch); second: KeyboardInterrupt. Main thread only."""

    def __init__(self, stop: threading.Event, on_signal: Optional[Callable[[], None]]):
        self.stop, self.on_signal, self.old = stop, on_signal, None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGINT, self._handler)
        return self

    def _handler(self, signum, frame):
        if self.stop.is_set():
            raise KeyboardInterrupt
        self.stop.set()
        if self.on_signal is not None:
            self.on_signal()

    def __exit__(self, *exc):
        if self.old is not None:
            signal.signal(signal.SIGINT, self.old)


def ingest(paths: Iterable[str], store, *, date: Optional[str] = None, glob: Optional[str] = None,
           model: Optional[str] = None, batch_size: int = 32, workers: int = 1,
           max_chars: Optional[int] = None,
           on_error: Optional[Callable[[IngestError], None]] = None,
           on_progress: Optional[Callable[[int], None]] = None,
           on_warning: Optional[Callable[[Article, str], None]] = None,
           on_batch: Optional[Callable[[IngestReport], None]] = None,
           on_stop_requested: Optional[Callable[[], None]] = None,
           stop: Optional[threading.Event] = None, handle_sigint: bool = True) -> IngestReport:
    """Read ``paths`` (files, directories, ``-``), extract every new article, store it in ``store``.

    ``workers`` > 1 extracts with that many processes (``eventwire.scale.parallel``),
    in input order.  ``max_chars``: longer articles are truncated and flagged
    (default: ``eventwire.config.limits().max_article_chars``).
    Callbacks: ``on_error(IngestError)`` per failed input, ``on_progress(n)`` as
    ``n`` more inputs are done (stored, skipped or failed), ``on_warning(article,
    text)`` per extractor warning, ``on_batch(report)`` after each commit,
    ``on_stop_requested()`` on the first SIGINT.
    Raises ``RuntimeError`` if the spaCy model cannot be loaded, and
    ``KeyboardInterrupt`` never: an interrupt ends the run with ``interrupted=True``.
    """
    from eventwire.config import limits
    from eventwire.ingest.readers import iter_inputs

    if batch_size < 1:
        raise ConfigError(f"batch_size: must be at least 1, not {batch_size}")
    max_chars = limits(max_article_chars=max_chars).max_article_chars
    stop = stop if stop is not None else threading.Event()
    report = IngestReport(workers=max(1, workers))
    started = time.monotonic()
    pending: set[str] = set()          # sent to NLP, not committed yet
    progress = on_progress or (lambda n: None)

    def on_duplicate(_article):
        report.skipped += 1
        progress(1)

    def fresh_articles():
        for item in iter_inputs(paths, date=date, glob=glob, max_chars=max_chars, on_duplicate=on_duplicate):
            if isinstance(item, IngestError):
                report.errors += 1
                if len(report.error_lines) < report.MAX_ERROR_LINES:
                    report.error_lines.append(str(item))
                if on_error is not None:
                    on_error(item)
                progress(1)
                continue
            report.read += 1
            if item.id in pending or store.has_article(item.id):
                report.skipped += 1
                progress(1)
                continue
            pending.add(item.id)
            yield item

    batch: list[Extraction] = []

    def commit():
        if not batch:
            return
        counts = store.add(batch)
        for key in COUNTED:
            setattr(report, key, getattr(report, key) + counts.get(key, 0))
        report.skipped += counts.get("skipped", 0)
        report.truncated += sum(1 for x in batch if x.article.truncated)
        report.batches += 1
        progress(len(batch))
        pending.difference_update(x.article.id for x in batch)
        batch.clear()
        if on_batch is not None:
            on_batch(report)

    guard = _SigintStop(stop, on_stop_requested) if handle_sigint else None
    extractions = None
    try:
        if guard is not None:
            guard.__enter__()
        fresh = fresh_articles()
        first = next(fresh, None)          # nothing new: no model to load, no pool to start
        if first is not None:
            todo = itertools.chain([first], fresh)
            if report.workers > 1:
                from eventwire.scale.parallel import extract_parallel
                extractions = extract_parallel(todo, workers=report.workers, model=model, batch_size=batch_size,
                                               chunk_size=batch_size)
            else:
                from eventwire.pipeline import extract_articles
                extractions = extract_articles(todo, model=model, batch_size=batch_size)
            for extraction in extractions:
                for warning in extraction.warnings:
                    report.warnings += 1
                    if on_warning is not None:
                        on_warning(extraction.article, warning)
                batch.append(extraction)
                if len(batch) >= batch_size:
                    commit()
                    if stop.is_set():
                        break
        commit()
    except KeyboardInterrupt:
        # A second Ctrl-C (or one outside our handler): stop now; the batch in flight was rolled back.
        stop.set()
    finally:
        if extractions is not None:
            close = getattr(extractions, "close", None)
            try:
                if close is not None:
                    close()            # shuts a worker pool down
            except KeyboardInterrupt:
                stop.set()
        if guard is not None:
            guard.__exit__(None, None, None)
    report.interrupted = stop.is_set()
    report.seconds = time.monotonic() - started
    return report


__all__ = ["ingest", "IngestReport", "duration_text"]
