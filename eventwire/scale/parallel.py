"""Extraction over several cores of one machine, streaming and in order.

``extract_parallel`` sends chunks of articles to a pool of worker processes.
Each worker loads the spaCy model once (``load_nlp`` caches per process, and
the pool initializer warms it), at most ``max_in_flight`` chunks are out at
any time (so memory stays bounded whatever the corpus size: the input
iterable is consumed lazily), and results come back in input order.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Iterator, Optional

from eventwire.records import Article, Extraction

DEFAULT_CHUNK = 32


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(model: Optional[str]) -> None:
    import signal

    from eventwire.nlp import load_nlp

    # Ctrl-C reaches the whole process group: the parent decides when to stop (after the
    # current batch) and shuts the pool down; a worker dying mid-chunk would break the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    load_nlp(model)


def extract_chunk(articles: list[Article], model: Optional[str] = None, batch_size: int = 16,
                  max_seconds: Optional[float] = None) -> list[Extraction]:
    """Worker entry point (module-level so it pickles by reference)."""
    from eventwire.pipeline import extract_articles

    return list(extract_articles(articles, model=model, batch_size=batch_size, max_seconds=max_seconds))


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily."""
    it = iter(items)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def extract_parallel(articles: Iterable[Article], workers: Optional[int] = None, model: Optional[str] = None,
                     batch_size: int = 16, chunk_size: int = DEFAULT_CHUNK,
                     max_in_flight: Optional[int] = None, start_method: str = "spawn",
                     max_seconds: Optional[float] = None) -> Iterator[Extraction]:
    """Extract ``articles`` with ``workers`` processes; yields Extractions in input order.

    ``workers`` <= 1 runs in this process (no pool).  ``max_in_flight``
    (default ``2 * workers``) bounds how many chunks of ``chunk_size``
    articles are submitted but not yet yielded.  ``start_method`` is the
    multiprocessing start method; "spawn" is the safe default (the parent may
    hold threads, e.g. an HTTP client or a progress bar).  ``max_seconds``:
    each article's time budget (see ``eventwire.pipeline.extract_articles``).
    """
    workers = default_workers() if workers is None else workers
    if workers <= 1:
        from eventwire.pipeline import extract_articles

        yield from extract_articles(articles, model=model, batch_size=batch_size, max_seconds=max_seconds)
        return
    max_in_flight = max_in_flight or 2 * workers
    ctx = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(model,)) as pool:
        pending: deque = deque()
        try:
            for chunk in chunks(articles, chunk_size):
                pending.append(pool.submit(extract_chunk, chunk, model, batch_size, max_seconds))
                while len(pending) >= max_in_flight:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
