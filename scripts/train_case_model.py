"""Train ``eventwire/models/case_model.tsv.gz``, the truecaser's learned second opinion (``eventwire/nlp/case_model.py``).

    .venv/bin/python scripts/train_case_model.py [--data ../shared/data] [--hold-out SET] [--out PATH]

Needs scikit-learn (``pip install -e .[train]``).  The text is the development parts only, the
same that ``scripts/build_news_case_table.py`` counts (never a report part).  Each text is turned
to lower case and restored by the rules; every word the model would be asked about becomes one
row: its features and the class of its published form (all lower case, a capital first, all
capitals).  Lines whose own case cannot be trusted (headlines in capitals, lower-case copy) give
no rows.

The rules read ``news_case.tsv.gz``, counted from these same texts: restored with it, a text
would look easier than unseen text does.  So the texts are split in ``FOLDS`` and each fold is
restored with a news table counted from the other folds only (cross-fitting).

``--hold-out SET``: leave out every other development item of SET (the odd ones, in the set's
order), to measure the model on them (``--out`` elsewhere, then ``EVENTWIRE_CASE_MODEL=learned``
and ``EVENTWIRE_CASE_MODEL_WEIGHTS`` pointing at it).  The product uses the model only with
``EVENTWIRE_CASE_MODEL=learned``.
"""
from __future__ import annotations

import argparse
import array
import dataclasses
import gzip
import io
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import build_news_case_table as news_table                          # noqa: E402
from eventwire.eval import spec                                     # noqa: E402
from eventwire.eval.core import DEV                                 # noqa: E402
from eventwire.eval.paths import default_data_dir                   # noqa: E402
from eventwire.nlp import case_model, truecase                      # noqa: E402

OUT = REPO / "eventwire" / "models" / "case_model.tsv.gz"
FOLDS = 2
MIN_FEATURE_COUNT = 3          # rarer features are noise the weights would only memorise
C = 0.5                        # inverse L2 strength
MIN_WEIGHT = 0.01              # smaller weights are left out of the shipped table


def texts_by_set(data_dir: Path, hold_out: str | None) -> list[str]:
    texts = []
    for name in news_table.SETS:
        s = spec(name)
        items = [i for i in s.load(data_dir / s.folder, DEV) if i.text]
        if name == hold_out:
            items = items[0::2]        # the odd ones are held out
        texts += [i.text for i in items]
        print(f"{name}: {len(items)} development items", file=sys.stderr)
    return texts


def fold_tables(texts: list[str]) -> truecase._Tables:
    """The rules' tables with a news table counted from ``texts`` only."""
    alone, pairs, after, of_field = news_table.count(texts)
    rows = news_table.table_rows(alone, pairs, news_table.word_case_shares(), after, of_field)
    words, pair_forms, after_forms, of_fields = truecase.news_case_from(rows)
    base = truecase.tables()
    return dataclasses.replace(base, news=words, pairs=pair_forms, after_capital=after_forms, of_fields=of_fields,
                               known=base.known | words.keys())


def trusted(text: str) -> list[tuple[int, int]]:
    regions = [r for r in truecase.detect_case(text).regions]
    return [(s, e) for s, e in news_table.usable_lines(text)
            if not any(r.start < e and s < r.end for r in regions)]


def rows_of(text: str, t, vocab: dict, counts: Counter, feats_out: array.array, offsets: array.array,
            labels: list) -> None:
    spans = trusted(text)
    if not spans:
        return
    low = truecase.lower_keeping_length(text)
    check = truecase.detect_case(low)

    def record(feats, rule_class, at):
        if not any(s <= at < e for s, e in spans):
            return None
        m = truecase._TOKEN.match(text, at)
        gold = case_model.case_class(m.group()) if m else None
        if gold is None:
            return None
        for f in feats:
            k = vocab.setdefault(f, len(vocab))
            counts[k] += 1
            feats_out.append(k)
        offsets.append(len(feats_out))
        labels.append(gold)
        return None

    truecase.restore_case(low, check, recorder=record, t=t)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--hold-out", choices=news_table.SETS, default=None)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    start = time.perf_counter()
    texts = texts_by_set(args.data or default_data_dir(), args.hold_out)
    vocab: dict[str, int] = {}
    counts: Counter = Counter()
    feats, offsets, labels = array.array("i"), array.array("l", [0]), []
    for fold in range(FOLDS):
        t = fold_tables([x for k, x in enumerate(texts) if k % FOLDS != fold])
        for k, text in enumerate(texts):
            if k % FOLDS == fold:
                rows_of(text, t, vocab, counts, feats, offsets, labels)
        print(f"fold {fold}: {len(labels)} words so far ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    keep = np.zeros(len(vocab), dtype=bool)
    for k, n in counts.items():
        keep[k] = n >= MIN_FEATURE_COUNT
    names = [None] * len(vocab)
    for f, k in vocab.items():
        names[k] = f
    keep[vocab[case_model.BIAS]] = True
    column = np.cumsum(keep) - 1
    cols = np.frombuffer(feats, dtype=np.int32)
    rows = np.repeat(np.arange(len(labels)), np.diff(np.frombuffer(offsets, dtype=np.int64)))
    mask = keep[cols]
    x = csr_matrix((np.ones(int(mask.sum()), dtype=np.float32), (rows[mask], column[cols[mask]])),
                   shape=(len(labels), int(keep.sum())))
    x.data[:] = 1.0        # a feature repeated within a word counts once
    y = np.array([case_model.CLASSES.index(c) for c in labels])
    print(f"{x.shape[0]} words, {x.shape[1]} features, classes {np.bincount(y).tolist()}", file=sys.stderr)
    fit = LogisticRegression(C=C, max_iter=300, fit_intercept=False)
    fit.fit(x, y)
    print(f"fitted in {time.perf_counter() - start:.0f} s; training accuracy {fit.score(x, y):.4f}", file=sys.stderr)
    kept_names = [n for n, k in zip(names, keep) if k]
    with gzip.GzipFile(args.out, "wb", compresslevel=9, mtime=0) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8") as fh:
        fh.write("# built by scripts/train_case_model.py from development splits only\n")
        fh.write("feature\t" + "\t".join(case_model.CLASSES) + "\n")
        written = 0
        for j, name in enumerate(kept_names):
            w = fit.coef_[:, j]
            if name == case_model.BIAS or np.abs(w).max() >= MIN_WEIGHT:
                fh.write(name + "\t" + "\t".join(f"{v:.4f}" for v in w) + "\n")
                written += 1
    print(f"{args.out}: {written} features, {args.out.stat().st_size // 1024} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
