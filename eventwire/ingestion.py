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
* each article has a time budget (``max_seconds``): when it runs out the
  article is stored with what was extracted so far and a warning;
* while one article takes long, ``on_busy`` hears of it every ``busy_every``
  seconds (the CLI's progress line names it);
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
from eventwire.nlp.truecase import case_warning
from eventwire.records import Article, Extraction

COUNTED = ("articles", "entities", "places", "quotes", "figures", "events")


@dataclass
class IngestReport:
    read: int = 0            # articles read from the inputs (after in-run duplicates)
    skipped: int = 0         # already stored, or an exact duplicate
    errors: int = 0          # inputs (files, JSON lines) that failed, each reported once
    warnings: int = 0        # reading and extraction warnings (a guessed encoding, a failed extractor, the budget)
    articles: int = 0        # new articles stored
    entities: int = 0
    places: int = 0
    quotes: int = 0
    figures: int = 0
    events: int = 0
    batches: int = 0         # transactions committed
    truncated: int = 0       # stored articles cut to the size limit
    case_restored: int = 0   # articles whose text had lost its case (its warning is not counted in ``warnings``)
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
        extra += f", {self.case_restored} with lost case restored" if self.case_restored else ""
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


class SigintStop:
    """First SIGINT: set ``stop`` (finish the batch); second: KeyboardInterrupt. Main thread only.

    ``ingest`` holds one for its own run; a caller that has work after it (the CLI prints a
    summary and closes the store) holds its own across all of it and passes ``handle_sigint=False``,
    so a Ctrl-C that lands after ``ingest`` returned still ends as an interruption."""

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
        # a handler installed after this one's (to the end of the process) stays
        if self.old is not None and signal.getsignal(signal.SIGINT) == self._handler:
            signal.signal(signal.SIGINT, self.old)


class _BusyWatch:
    """A daemon thread that calls ``on_busy(article, seconds)`` every ``every`` seconds while no
    extraction has come back: the main thread is inside the NLP, on a long article."""

    def __init__(self, in_nlp: dict, on_busy: Optional[Callable[[Article, float], None]], every: float):
        self.in_nlp, self.on_busy, self.every = in_nlp, on_busy, every
        self.last = time.monotonic()
        self.done = threading.Event()
        self.thread: Optional[threading.Thread] = None

    def start(self) -> None:
        self.last = time.monotonic()
        if self.on_busy is not None and self.thread is None:
            self.thread = threading.Thread(target=self._run, name="eventwire-busy", daemon=True)
            self.thread.start()

    def heard(self) -> None:
        self.last = time.monotonic()

    def _run(self) -> None:
        while not self.done.wait(min(1.0, self.every)):
            waited = time.monotonic() - self.last
            try:
                working = tuple(self.in_nlp.values())
            except RuntimeError:          # changed by the main thread meanwhile: look again next second
                continue
            if waited >= self.every and working:
                self.on_busy(max(working, key=lambda a: len(a.text)), waited)
                self.done.wait(self.every - min(1.0, self.every))

    def stop(self) -> None:
        self.done.set()
        if self.thread is not None:
            self.thread.join(timeout=2)


def ingest(paths: Iterable[str], store, *, date: Optional[str] = None, glob: Optional[str] = None,
           model: Optional[str] = None, batch_size: int = 32, workers: int = 1,
           max_chars: Optional[int] = None, max_seconds: Optional[float] = None,
           on_error: Optional[Callable[[IngestError], None]] = None,
           on_progress: Optional[Callable[[int], None]] = None,
           on_warning: Optional[Callable[[Article, str], None]] = None,
           on_batch: Optional[Callable[[IngestReport], None]] = None,
           on_stop_requested: Optional[Callable[[], None]] = None,
           on_busy: Optional[Callable[[Article, float], None]] = None, busy_every: float = 10.0,
           stop: Optional[threading.Event] = None, handle_sigint: bool = True) -> IngestReport:
    """Read ``paths`` (files, directories, ``-``), extract every new article, store it in ``store``.

    ``workers`` > 1 extracts with that many processes (``eventwire.scale.parallel``),
    in input order.  ``max_chars``: longer articles are truncated and flagged
    (default: ``eventwire.config.limits().max_article_chars``).  ``max_seconds``:
    each article's time budget (default ``limits().max_article_seconds``; 0: none).
    Callbacks: ``on_error(IngestError)`` per failed input, ``on_progress(n)`` as
    ``n`` more inputs are done (stored, skipped or failed), ``on_warning(article,
    text)`` per reading or extraction warning, ``on_batch(report)`` after each commit,
    ``on_stop_requested()`` on the first SIGINT, ``on_busy(article, seconds)``
    every ``busy_every`` seconds while no extraction has come back (``article``:
    the longest one in the NLP, from another thread).
    Raises ``RuntimeError`` if the spaCy model cannot be loaded, and
    ``KeyboardInterrupt`` never: an interrupt ends the run with ``interrupted=True``.
    """
    from eventwire.config import limits
    from eventwire.ingest.readers import iter_inputs

    if batch_size < 1:
        raise ConfigError(f"batch_size: must be at least 1, not {batch_size}")
    configured = limits(max_article_chars=max_chars, max_article_seconds=max_seconds)
    max_chars, max_seconds = configured.max_article_chars, configured.max_article_seconds
    stop = stop if stop is not None else threading.Event()
    report = IngestReport(workers=max(1, workers))
    started = time.monotonic()
    pending: set[str] = set()          # sent to NLP, not committed yet
    in_nlp: dict[str, Article] = {}    # sent to NLP, no extraction back yet
    progress = on_progress or (lambda n: None)
    busy = _BusyWatch(in_nlp, on_busy, busy_every)

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
            in_nlp[item.id] = item
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

    guard = SigintStop(stop, on_stop_requested) if handle_sigint else None
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
                                               chunk_size=batch_size, max_seconds=max_seconds)
            else:
                from eventwire.pipeline import extract_articles, load_models
                load_models(model)         # before the watch starts: loading is not an article taking long
                extractions = extract_articles(todo, model=model, batch_size=batch_size, max_seconds=max_seconds)
            busy.start()
            for extraction in extractions:
                in_nlp.pop(extraction.article.id, None)
                busy.heard()
                case = extraction.article.case
                report.case_restored += bool(case)
                for warning in extraction.article.ingest_warnings + extraction.warnings:
                    report.warnings += not (case and warning == case_warning(case))
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
        busy.stop()
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


__all__ = ["ingest", "IngestReport", "SigintStop", "duration_text"]
