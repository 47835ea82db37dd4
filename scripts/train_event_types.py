#!/usr/bin/env python3
"""Train the sentence-level event-type model (``eventwire/models/event_types.npz``).

    .venv/bin/python scripts/train_event_types.py [--out PATH] [--folds 5] [--l2 1e-3] [--model NAME]

Training data: the DEVELOPMENT splits only (``eventwire.eval``'s fixed splits), read in place:
* PLOVER GSR: each sentence with its v0.5 type mapped to the current 16 (DEMAND->REQUEST, ...);
* CASE 2021 task 2: each snippet with its ACLED sub-type mapped to PLOVER as the set's README declares
  (``eventwire.eval.case2021.ACLED_TO_PLOVER``); the disaster types (not acts between actors) as NONE.
The report splits are never read.

Prints k-fold cross-validated accuracy (over all, and over what the model proposes at each threshold)
on the development data, then trains on all of it and writes the model with the chosen threshold.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.eval import case2021, plover_gsr  # noqa: E402
from eventwire.eval.core import DEV, every_nth  # noqa: E402
from eventwire.eval.paths import default_data_dir  # noqa: E402
from eventwire.extract.events.typer import LEMMA_POS, NONE, TypeModel, features  # noqa: E402
from eventwire.nlp import load_nlp  # noqa: E402

CASE_NONE = {"NATURAL_DISASTER", "MAN_MADE_DISASTER"}
MIN_LEMMA_COUNT = 2


def held_out(item_id: str, fold: str) -> bool:
    """``--fold K/N``: the items of fold K (by a hash of the id) are left out of training, to measure the
    coder with this model on development items it was not trained on."""
    k, n = (int(x) for x in fold.split("/"))
    return int(hashlib.md5(item_id.encode()).hexdigest(), 16) % n == k


def examples(data: Path, fold: str = "") -> list[tuple[str, str, str]]:
    """(text, label, set) for every development item (less the held-out fold, if one is given)."""
    out = [(i.text, i.gold["type"], "plover-gsr") for i in plover_gsr.load(data / "plover-gsr", DEV)
           if not (fold and held_out(i.id, fold))]
    snippets = case2021.read_snippets(data / "case2021-task2" / case2021.FILE)
    dev = every_nth((s.id for s in snippets), 2, DEV)
    for s in snippets:
        if s.id not in dev or (fold and held_out(s.id, fold)):
            continue
        label = case2021.ACLED_TO_PLOVER.get(s.gold) or (NONE if s.gold in CASE_NONE else None)
        if label:
            out.append((s.text, label, "case2021-task2"))
    return out


def lemma_vocab(docs) -> dict[str, int]:
    counts = Counter(t.lemma_.lower() for d in docs for t in d if t.pos_ in LEMMA_POS and not t.is_stop)
    return {w: i for i, w in enumerate(sorted(w for w, n in counts.items() if n >= MIN_LEMMA_COUNT))}


def fit(x: np.ndarray, y: np.ndarray, n_classes: int, l2: float, epochs: int = 400, lr: float = 0.05):
    """Multinomial logistic regression, class-balanced, full-batch Adam."""
    n, f = x.shape
    w = np.zeros((f, n_classes), dtype=np.float64)
    b = np.zeros(n_classes, dtype=np.float64)
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    sample_w = (1.0 / np.sqrt(np.maximum(counts, 1)))[y]
    sample_w *= n / sample_w.sum()
    onehot = np.eye(n_classes)[y]
    m_w = v_w = np.zeros_like(w)
    m_b = v_b = np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sample_w[:, None] / n
        gw = x.T @ g + l2 * w
        gb = g.sum(axis=0)
        m_w = beta1 * m_w + (1 - beta1) * gw
        v_w = beta2 * v_w + (1 - beta2) * gw * gw
        m_b = beta1 * m_b + (1 - beta1) * gb
        v_b = beta2 * v_b + (1 - beta2) * gb * gb
        corr1, corr2 = 1 - beta1 ** step, 1 - beta2 ** step
        w -= lr * (m_w / corr1) / (np.sqrt(v_w / corr2) + eps)
        b -= lr * (m_b / corr1) / (np.sqrt(v_b / corr2) + eps)
    return w, b


def probabilities(x, w, b):
    z = x @ w + b
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def cross_validate(x, y, sets, classes, l2, folds, thresholds):
    order = np.random.default_rng(13).permutation(len(y))
    pred = np.zeros(len(y), dtype=int)
    conf = np.zeros(len(y))
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        w, b = fit(x[train], y[train], len(classes), l2)
        p = probabilities(x[test], w, b)
        pred[test], conf[test] = p.argmax(axis=1), p.max(axis=1)
    none = classes.index(NONE)
    for name in sorted(set(sets)):
        idx = [i for i, s in enumerate(sets) if s == name]
        print(f"cv {name:16} accuracy {np.mean(pred[idx] == y[idx]):.3f} over {len(idx)}")
    print("cv threshold  proposed  precision  (over typed items)")
    typed = y != none
    for th in thresholds:
        proposed = (pred != none) & (conf >= th)
        right = proposed & (pred == y)
        print(f"cv {th:9.2f}  {proposed[typed].mean():8.3f}  {right.sum() / max(1, proposed.sum()):9.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "eventwire" / "models" / "event_types.npz")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--model", default=None, help="spaCy model (default: the product's)")
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--fold", default="", help="K/N: leave fold K of N out of training (for measuring)")
    args = ap.parse_args(argv)
    data = args.data or default_data_dir()
    items = examples(data, args.fold)
    print("training items:", dict(Counter(s for _, _, s in items)), dict(Counter(l for _, l, _ in items)))
    nlp = load_nlp(args.model) if args.model else load_nlp()
    docs = list(nlp.pipe((t for t, _, _ in items), batch_size=32))
    vocab = lemma_vocab(docs)
    classes = sorted({l for _, l, _ in items} - {NONE}) + [NONE]
    x = np.stack([features(d, vocab) for d in docs]).astype(np.float64)
    y = np.array([classes.index(l) for _, l, _ in items])
    sets = [s for _, _, s in items]
    if args.folds > 1:
        cross_validate(x, y, sets, classes, args.l2, args.folds, (0.3, 0.4, 0.5, 0.6, 0.7))
    w, b = fit(x, y, len(classes), args.l2)
    model = TypeModel(classes, vocab, w.astype(np.float32), b.astype(np.float32), args.threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB): {len(classes)} classes, {len(vocab)} lemmas, "
          f"threshold {args.threshold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
