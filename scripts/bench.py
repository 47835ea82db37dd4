"""Throughput and memory of eventwire, measured in one run (``make bench``).

    .venv/bin/python scripts/bench.py [--n 500] [--model NAME] [--skip-dask] [--skip-parallel] [--skip-brief]

Takes N articles (default: the dev articles replicated to at least 500, each
copy with a one-line change so that ids differ) and measures, in this one
process and run:

* bare ``nlp.pipe`` of the same model over the same texts (the baseline);
* full eventwire extraction without the store (``extract_articles``);
* the same with the store: extraction + ``Store.add`` in batches of 32 into a
  temporary SQLite file (what ``eventwire ingest`` does);
* ``extract_parallel`` with 2 processes (``eventwire ingest --workers 2``);
* ``eventwire batch`` on a Dask LocalCluster with 1 worker, then 2 workers;
* peak RSS: this process (one worker doing everything) and each Dask worker;
* the daily brief over 5,000 stored articles (``scripts/bench_brief.py``), if
  that module exists.

Every timing starts after the model (and the extractors' lazy tables) are
loaded, and every rate is articles per second over the same N articles, so
the ratios compare like with like.  Figures go to stdout last, one
``name: value`` per line.  On a shared machine the figures are noisy: compare
ratios within one run, not figures across runs.
"""
from __future__ import annotations

import argparse
import dataclasses
import glob
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire.errors import IngestError  # noqa: E402
from eventwire.ingest.readers import iter_inputs  # noqa: E402
from eventwire.nlp import load_nlp  # noqa: E402
from eventwire.nlp.pipeline import model_name  # noqa: E402
from eventwire.pipeline import extract_articles  # noqa: E402
from eventwire.scale.dask_batch import worker_peak_rss_mib as peak_rss_mib  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev"
BATCH = 32


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def corpus(n: int, inputs: list[str]):
    base = [a for a in iter_inputs(inputs) if not isinstance(a, IngestError)]
    if not base:
        sys.exit(f"bench: no articles in {inputs}")
    out = []
    for i in range(n):
        a = base[i % len(base)]
        copy = i // len(base)
        # a small change per copy so every article has its own id (and stores as new)
        text = a.text if copy == 0 else a.text + f"\n\nUpdated {copy}."
        out.append(dataclasses.replace(a, text=text, id=""))
    return out


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_dask(articles, workers: int, model, figures: dict) -> None:
    from eventwire.scale.dask_batch import LoadModel, local_client, warm_worker, worker_peak_rss_mib, write_batch

    with local_client(workers) as client:
        client.register_plugin(LoadModel(model))
        client.run(warm_worker, model)  # lazy extractor tables too: not timed
        with tempfile.TemporaryDirectory() as out:
            size = max(8, min(64, len(articles) // (4 * workers) or 1))
            summary = write_batch(articles, out, client, model=model, partition_size=size)
        if summary.articles != len(articles):
            log(f"dask: {summary.articles} of {len(articles)} articles came back: {summary.errors[:3]}")
        rate = summary.articles / summary.seconds
        figures[f"dask_{workers}_worker{'s' if workers > 1 else ''}_articles_per_s"] = rate
        peaks = client.run(worker_peak_rss_mib)
        figures[f"dask_{workers}_worker{'s' if workers > 1 else ''}_peak_rss_mib_max"] = max(peaks.values())
        client.cluster.close()
    log(f"dask {workers} worker(s): {rate:.2f} articles/s (partitions of {size})")


def bench_brief(figures: dict, notes: list) -> None:
    script = ROOT / "scripts" / "bench_brief.py"
    try:
        import eventwire.query.brief  # noqa: F401
    except ImportError:
        notes.append("brief: eventwire.query.brief not importable, skipped")
        return
    if not script.exists():
        notes.append("brief: scripts/bench_brief.py missing, skipped")
        return
    log("brief over 5,000 articles (scripts/bench_brief.py) ...")
    try:
        proc = subprocess.run([sys.executable, str(script), "5000"], capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        notes.append("brief: scripts/bench_brief.py took over 900 s, skipped")
        return
    for line in proc.stdout.splitlines():
        if line.startswith("brief_seconds_"):
            name, _, value = line.partition(":")
            figures[name.strip()] = float(value)
    if proc.returncode != 0:
        notes.append(f"brief: scripts/bench_brief.py failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=500, help="number of articles (default 500)")
    ap.add_argument("--inputs", nargs="*", default=sorted(glob.glob(str(DEV / "*.txt"))),
                    help="article files to replicate (default: the dev articles)")
    ap.add_argument("--model", help="spaCy model (default: en_core_web_md or $EVENTWIRE_MODEL)")
    ap.add_argument("--skip-dask", action="store_true", help="skip the Dask LocalCluster figures")
    ap.add_argument("--skip-parallel", action="store_true", help="skip extract_parallel with 2 processes")
    ap.add_argument("--skip-brief", action="store_true", help="skip the 5,000-article brief")
    args = ap.parse_args()

    figures: dict[str, float] = {}
    notes: list[str] = []
    articles = corpus(args.n, args.inputs)
    texts = [a.text for a in articles]
    figures["articles"] = len(articles)
    figures["article_chars_mean"] = sum(map(len, texts)) / len(texts)
    log(f"{len(articles)} articles, model {model_name(args.model)}, cores {len(os.sched_getaffinity(0))}")

    nlp = load_nlp(args.model)
    list(extract_articles(articles[: min(len(articles), 8)], model=args.model))  # warm-up: lazy tables
    figures["warm_rss_mib"] = peak_rss_mib()

    def spacy_pass():
        for _doc in nlp.pipe(texts, batch_size=16):
            pass

    s = timed(spacy_pass)
    figures["spacy_articles_per_s"] = len(texts) / s
    log(f"bare nlp.pipe: {len(texts) / s:.2f} articles/s")

    def extract_pass():
        for _ex in extract_articles(articles, model=args.model):
            pass

    s = timed(extract_pass)
    figures["extract_articles_per_s"] = len(articles) / s
    log(f"extraction: {len(articles) / s:.2f} articles/s")

    try:
        from eventwire.store import Store
    except ImportError as exc:
        Store = None
        notes.append(f"ingest: store not importable ({exc}), skipped")
    if Store is not None:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.open(str(Path(tmp) / "bench.db"))

            def ingest_pass():
                chunk = []
                for ex in extract_articles(articles, model=args.model, batch_size=16):
                    chunk.append(ex)
                    if len(chunk) >= BATCH:
                        store.add(chunk)
                        chunk = []
                if chunk:
                    store.add(chunk)

            s = timed(ingest_pass)
            stored = store.stats()["articles"]
            getattr(store, "close", lambda: None)()
        if stored != len(articles):
            notes.append(f"ingest: {stored} of {len(articles)} articles stored (duplicate texts?)")
        figures["ingest_articles_per_s"] = len(articles) / s
        log(f"extraction + store: {len(articles) / s:.2f} articles/s")

    figures["extract_vs_spacy_ratio"] = figures["extract_articles_per_s"] / figures["spacy_articles_per_s"]
    if "ingest_articles_per_s" in figures:
        figures["ingest_vs_spacy_ratio"] = figures["ingest_articles_per_s"] / figures["spacy_articles_per_s"]
    figures["peak_rss_mib_single_process"] = peak_rss_mib()

    if not args.skip_parallel:
        from eventwire.scale.parallel import extract_parallel

        # pool start-up (2 model loads) is included: it is part of `ingest --workers 2`
        s = timed(lambda: sum(1 for _ in extract_parallel(iter(articles), workers=2, model=args.model)))
        figures["parallel_2_workers_articles_per_s"] = len(articles) / s
        figures["parallel_2_vs_extract_ratio"] = figures["parallel_2_workers_articles_per_s"] / figures["extract_articles_per_s"]
        log(f"extract_parallel, 2 processes: {len(articles) / s:.2f} articles/s (start-up included)")

    if not args.skip_dask:
        bench_dask(articles, 1, args.model, figures)
        bench_dask(articles, 2, args.model, figures)
        figures["dask_2_vs_1_workers_ratio"] = figures["dask_2_workers_articles_per_s"] / figures["dask_1_worker_articles_per_s"]

    worker_peaks = [figures["peak_rss_mib_single_process"]] + [
        v for k, v in figures.items() if k.startswith("dask_") and k.endswith("_peak_rss_mib_max")]
    figures["peak_rss_mib_per_worker"] = max(worker_peaks)

    if not args.skip_brief:
        bench_brief(figures, notes)

    for note in notes:
        print(f"# {note}")
    for name, value in figures.items():
        print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")


if __name__ == "__main__":
    main()
