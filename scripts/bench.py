"""Throughput and memory of eventwire, measured in one run (``make bench``).

    .venv/bin/python scripts/bench.py [--n 500] [--model NAME] [--inputs FILE ...] [--data DIR]
                                      [--skip-dask] [--skip-parallel] [--skip-brief]

Takes N DISTINCT real articles (default 500): the texts of TR-News, GeoWebNews and the Worldwide
Newswire raw articles, read in place from ``../shared/data/`` (``--data`` or
``$EVENTWIRE_PUBLIC_DATA``), taken in turn from the three sets, duplicates dropped; or the files
given with ``--inputs``, never repeated.  Then measures, in this one process and run:

* bare ``nlp.pipe`` of the same model over the same texts (the baseline) and full eventwire
  extraction without the store (``extract_articles``), taking turns on chunks of 50 articles so
  that load from other work on a shared machine falls on both alike;
* the same with the store: extraction + ``Store.add`` in batches of 32 into a
  temporary SQLite file (what ``eventwire ingest`` does);
* ``extract_parallel`` with 2 processes (``eventwire ingest --workers 2``);
* ``eventwire batch`` on a Dask LocalCluster with 1 worker, then 2 workers;
* peak RSS: this process (one worker doing everything) and each Dask worker;
* the daily brief over 5,000 stored articles (``scripts/bench_brief.py``).

Caches start cold: the model and the extractors' lazy tables are loaded on an invented warm-up
text that is not among the N, and the extractors' per-text memos (name keys, gazetteer fuzzy
matches ...) are cleared before every timed extraction pass, so no pass reuses what an earlier
pass learned from the same texts.  Rates are articles and words per second over the same N
articles, so the ratios compare like with like.  Figures go to stdout last, one ``name: value``
per line.  On a shared machine the figures are noisy: compare ratios within one run, not
figures across runs.
"""
from __future__ import annotations

import argparse
import functools
import itertools
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire.errors import IngestError  # noqa: E402
from eventwire.eval.paths import default_data_dir  # noqa: E402
from eventwire.ingest.readers import iter_inputs  # noqa: E402
from eventwire.ingest.text import make_article  # noqa: E402
from eventwire.nlp import load_nlp  # noqa: E402
from eventwire.nlp.pipeline import model_name  # noqa: E402
from eventwire.pipeline import extract_articles  # noqa: E402
from eventwire.records import Article  # noqa: E402
from eventwire.scale.dask_batch import warm_worker, worker_peak_rss_mib as peak_rss_mib  # noqa: E402

BATCH = 32
CHUNK = 50            # articles per turn when bare spaCy and extraction alternate
DATE = "2020-01-01"   # the public texts carry no date header; extraction needs one


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def public_texts(data: Path) -> list[list[tuple[str, str]]]:
    """(origin, text) per article of TR-News, GeoWebNews and the Worldwide Newswire raw articles."""
    def xml_texts(path: Path, key: str):
        return [(f"{path.name}:{a.get(key)}", a.findtext("text") or "") for a in ET.parse(path).getroot().iter("article")]

    def newswire(folder: Path):
        out = []
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if text.startswith("http"):           # the article's URL line
                text = text.partition("\n")[2]
            out.append((path.name, text))
        return out

    sources = [(data / "tr-news" / "TR-News.xml", lambda p: xml_texts(p, "docid")),
               (data / "geowebnews" / "GWN.xml", lambda p: xml_texts(p, "file")),
               (data / "worldwide-newswire" / "original_articles", newswire)]
    return [read(path) for path, read in sources if path.exists()]


def corpus(n: int, inputs: list[str], data: Path) -> list[Article]:
    """N distinct articles: the given files, or the public texts taken in turn from each set."""
    if inputs:
        pool = [a for a in iter_inputs(inputs, date=DATE) if not isinstance(a, IngestError)]
    else:
        sets = public_texts(data)
        if not sets:
            sys.exit(f"bench: no public texts under {data} (give --data or --inputs)")
        pool = []
        for origin, text in (x for group in itertools.zip_longest(*sets) for x in group if x):
            try:
                pool.append(make_article(text, origin, DATE, True))
            except IngestError:
                continue                          # an empty text
    seen, out = set(), []
    for article in pool:
        if article.id not in seen:                # distinct texts only: never a repeat
            seen.add(article.id)
            out.append(article)
    if len(out) < n:
        log(f"only {len(out)} distinct articles available (asked for {n})")
    return out[:n]


def clear_memos() -> int:
    """Empty every per-text memo of the extractors, so that a timed pass starts cold: the bounded
    functools caches (the unbounded or single-entry ones load tables once) and the gazetteer's
    fuzzy-match memo."""
    import eventwire.extract as extract_pkg
    from eventwire.extract.gazetteer import get_gazetteer

    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith(extract_pkg.__name__ + ".") or module is None:
            continue
        for value in vars(module).values():
            if isinstance(value, functools._lru_cache_wrapper) and value.cache_parameters()["maxsize"] not in (None, 1):
                value.cache_clear()
                cleared += 1
    get_gazetteer()._fuzzy_memo.clear()
    return cleared


def words(articles) -> int:
    return sum(len(a.text.split()) for a in articles)


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
    from eventwire.store import Store

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=500, help="number of distinct articles (default 500)")
    ap.add_argument("--inputs", nargs="*", default=[], help="article files to use instead of the public sets' texts")
    ap.add_argument("--data", type=Path, default=None,
                    help="the public sets' folder (default: ../shared/data, or $EVENTWIRE_PUBLIC_DATA)")
    ap.add_argument("--model", help="spaCy model (default: en_core_web_md or $EVENTWIRE_MODEL)")
    ap.add_argument("--skip-dask", action="store_true", help="skip the Dask LocalCluster figures")
    ap.add_argument("--skip-parallel", action="store_true", help="skip extract_parallel with 2 processes")
    ap.add_argument("--skip-brief", action="store_true", help="skip the 5,000-article brief")
    args = ap.parse_args()

    figures: dict[str, float] = {}
    notes: list[str] = []
    articles = corpus(args.n, args.inputs, args.data or default_data_dir())
    texts = [a.text for a in articles]
    n_words = words(articles)
    figures["articles"] = len(articles)
    figures["distinct_texts"] = len({a.id for a in articles})
    figures["article_chars_mean"] = sum(map(len, texts)) / len(texts)
    figures["article_words_mean"] = n_words / len(texts)
    log(f"{len(articles)} distinct articles, model {model_name(args.model)}, cores {len(os.sched_getaffinity(0))}")

    nlp = load_nlp(args.model)
    warm_worker(args.model)      # lazy tables, on an invented text that is not among the N
    figures["warm_rss_mib"] = peak_rss_mib()

    # bare spaCy and full extraction take turns on the same chunks, so that load from other work on
    # a shared machine falls on both alike; extraction still sees every text for the first time
    spacy_s = extract_s = 0.0
    clear_memos()
    for turn, start in enumerate(range(0, len(articles), CHUNK)):
        chunk = articles[start:start + CHUNK]

        def spacy_turn():
            return sum(1 for _ in nlp.pipe((a.text for a in chunk), batch_size=16))

        def extract_turn():
            return sum(1 for _ in extract_articles(chunk, model=args.model))

        if turn % 2:             # who goes first alternates: neither always follows the other
            extract_s += timed(extract_turn)
            spacy_s += timed(spacy_turn)
        else:
            spacy_s += timed(spacy_turn)
            extract_s += timed(extract_turn)
    figures["spacy_articles_per_s"] = len(texts) / spacy_s
    figures["spacy_words_per_s"] = n_words / spacy_s
    figures["extract_articles_per_s"] = len(articles) / extract_s
    figures["extract_words_per_s"] = n_words / extract_s
    log(f"bare nlp.pipe: {len(texts) / spacy_s:.2f} articles/s; extraction: {len(articles) / extract_s:.2f} articles/s")

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

        clear_memos()
        s = timed(ingest_pass)
        stored = store.stats()["articles"]
        store.close()
    if stored != len(articles):
        notes.append(f"ingest: {stored} of {len(articles)} articles stored")
    figures["ingest_articles_per_s"] = len(articles) / s
    log(f"extraction + store: {len(articles) / s:.2f} articles/s")

    figures["extract_vs_spacy_ratio"] = figures["extract_articles_per_s"] / figures["spacy_articles_per_s"]
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
