"""Batch extraction on a Dask distributed cluster, written as partitioned Parquet.

The client reads the inputs (streaming), cuts them into partitions of
``partition_size`` articles and submits ``extract_partition`` for each, with
at most ``max_in_flight`` partitions outstanding (bounded memory on the
client and the cluster).  Workers need the ``eventwire`` package (and the
model) installed, but no shared file system: articles travel with the task
and each partition comes back as Arrow tables, which the client writes under
``out_dir`` (see ``eventwire.scale.parquet`` for the layout).

The model is loaded once per worker process: ``LoadModel`` (a WorkerPlugin)
warms it when a worker starts, and ``load_nlp`` caches it per process.
Start workers with one thread each (``dask worker --nthreads 1``): spaCy
holds the GIL, so more threads per worker buy nothing.
"""
from __future__ import annotations

import glob as _glob
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Union

from distributed.diagnostics.plugin import WorkerPlugin

from eventwire.errors import IngestError
from eventwire.records import Article
from eventwire.scale.parallel import chunks

DEFAULT_PARTITION = 64


class LoadModel(WorkerPlugin):
    """Load the spaCy model when a worker starts (once per worker process)."""

    name = "eventwire-load-model"

    def __init__(self, model: Optional[str] = None):
        self.model = model

    def setup(self, worker):
        from eventwire.nlp import load_nlp

        load_nlp(self.model)


def warm_worker(model: Optional[str] = None) -> bool:
    """Load the model and the extractors' lazy tables (for ``client.run``, e.g. before timing)."""
    from eventwire.pipeline import extract_articles

    text = ("Officials said on Monday that Russian forces shelled Kharkiv, killing three people. "
            "\u201cWe will rebuild,\u201d the mayor, Ihor Terekhov, told Reuters.")
    list(extract_articles([Article(text=text, date="2023-01-02")], model=model))
    return True


def worker_peak_rss_mib() -> float:
    """Peak resident memory of this process in MiB (for ``client.run``).

    VmHWM from /proc (the high-water mark of this process's own memory);
    ``ru_maxrss`` is only the fallback, as a spawned process inherits its
    parent's high-water mark through fork + exec.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def extract_partition(articles: list[Article], model: Optional[str] = None, batch_size: int = 16):
    """Worker task: extract a partition, return (tables, errors).

    An article whose extraction raises is reported as one error line and
    left out; the rest of the partition still comes back.
    """
    from eventwire.pipeline import extract_articles
    from eventwire.scale.parquet import to_tables

    errors: list[str] = []
    try:
        extractions = list(extract_articles(articles, model=model, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - isolate the article that fails
        extractions = []
        for article in articles:
            try:
                extractions.extend(extract_articles([article], model=model, batch_size=1))
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{article.origin or article.id}: extraction failed: {type(exc).__name__}: {exc}")
    return to_tables(extractions), errors


def expand_inputs(patterns: Iterable[str]) -> list[str]:
    """Shell-style globs (quoted, so the shell did not expand them) to sorted paths."""
    out: list[str] = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            matches = sorted(_glob.glob(pattern, recursive=True))
            out.extend(matches if matches else [pattern])
        else:
            out.append(pattern)
    return out


@dataclass
class BatchSummary:
    articles: int = 0
    partitions: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0



def write_batch(articles: Iterable[Union[Article, IngestError]], out_dir, client, model: Optional[str] = None,
                partition_size: int = DEFAULT_PARTITION, max_in_flight: Optional[int] = None,
                batch_size: int = 16, on_error: Optional[Callable[[str], None]] = None) -> BatchSummary:
    """Extract ``articles`` on ``client``'s cluster and write Parquet under ``out_dir``."""
    from distributed import as_completed

    from eventwire.scale.parquet import write_manifest, write_partition

    summary = BatchSummary()
    start = time.perf_counter()
    n_workers = max(1, len(client.nthreads()))
    summary.workers = n_workers
    max_in_flight = max_in_flight or 2 * n_workers
    token = uuid.uuid4().hex[:8]

    def report(line: str):
        summary.errors.append(line)
        if on_error:
            on_error(line)

    def only_articles():
        for item in articles:
            if isinstance(item, IngestError):
                report(str(item))
                continue
            yield item

    futures = as_completed()
    in_flight = 0
    index_of = {}

    def collect(future):
        tables, errors = future.result()
        write_partition(out_dir, index_of.pop(future.key), tables)
        summary.articles += tables["articles"].num_rows
        for line in errors:
            report(line)
        future.release()

    for index, chunk in enumerate(chunks(only_articles(), partition_size)):
        future = client.submit(extract_partition, chunk, model, batch_size,
                               key=f"eventwire-extract-{token}-{index:05d}", pure=False)
        index_of[future.key] = index
        futures.add(future)
        in_flight += 1
        summary.partitions += 1
        while in_flight >= max_in_flight:
            collect(next(futures))
            in_flight -= 1
    for future in futures:
        collect(future)
    summary.seconds = time.perf_counter() - start
    write_manifest(out_dir, articles=summary.articles, partitions=summary.partitions, errors=len(summary.errors))
    return summary


def local_client(workers: int, memory_limit: Union[str, int] = "auto"):
    """A LocalCluster of ``workers`` single-threaded worker processes and its client."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0", memory_limit=memory_limit, silence_logs=40)
    return Client(cluster)


def run_batch(inputs: Iterable[str], out_dir, scheduler: Optional[str] = None, workers: Optional[int] = None,
              model: Optional[str] = None, date: Optional[str] = None, glob: Optional[str] = None,
              partition_size: int = DEFAULT_PARTITION, on_error: Optional[Callable[[str], None]] = None,
              client=None) -> BatchSummary:
    """Read ``inputs`` (paths, directories, globs), extract on Dask, write Parquet under ``out_dir``.

    Uses ``client`` if given, else connects to ``scheduler`` (``tcp://host:8786``),
    else starts a LocalCluster with ``workers`` processes (default: all cores).
    """
    from eventwire.ingest.readers import iter_inputs
    from eventwire.scale.parallel import default_workers

    own = None
    if client is None:
        if scheduler:
            from distributed import Client

            client = own = Client(scheduler)
        else:
            client = own = local_client(workers or default_workers())
    try:
        client.register_plugin(LoadModel(model))
        articles = iter_inputs(expand_inputs(inputs), date=date, glob=glob)
        return write_batch(articles, out_dir, client, model=model, partition_size=partition_size,
                           on_error=on_error)
    finally:
        if own is not None:
            cluster = getattr(own, "cluster", None)
            own.close()
            if cluster is not None and not scheduler:
                cluster.close()


def load_batch(out_dir, store, batch: int = 200) -> dict:
    """Add every Extraction in a batch output directory to ``store``, ``batch`` per transaction.

    Returns the summed counts from ``store.add`` (articles added, skipped, ...).
    """
    from eventwire.scale.parquet import read_extractions

    totals: dict = {}
    for chunk in chunks(read_extractions(out_dir), batch):
        counts = store.add(chunk) or {"articles": len(chunk)}
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    return totals
