"""Train the quote speaker ranker (``eventwire/extract/speakers.py``) on PolNeAR's training split.

    .venv/bin/python scripts/train_speaker_ranker.py --pairwise [--limit N] [--folds 5] [--out eventwire/models/speaker_ranker.tsv]

(the shipped model: ``--pairwise``, C=1.0)

Only ``train/`` is read (the development part of the public set; ``dev/`` is the report split).
For each quoted segment the product finds, the candidates come from ``quotes.speaker_candidates``
(the rules run as in the product); a candidate is positive when its span overlaps the gold
Source span of the attribution whose content overlaps the segment most.  A logistic regression
(scikit-learn, ``pip install 'eventwire[train]'``) is fitted on every candidate, its article-grouped
cross-validated speaker accuracy printed beside the rules' own, then fitted on all and written as
one weight per feature.

Parses are cached in ``.artifacts/speaker-train/`` (spaCy DocBin and the places, which this model
does not touch), so that a second run takes minutes, not the parse.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.eval.core import article_of  # noqa: E402
from eventwire.eval.polnear import Names, overlap, read_split  # noqa: E402
from eventwire.eval.paths import default_data_dir  # noqa: E402

CACHE = ROOT / ".artifacts" / "speaker-train"
OUT = ROOT / "eventwire" / "models" / "speaker_ranker.tsv"


def parsed_items(limit: int):
    """(item, ParsedArticle, places) for PolNeAR train, parsed once and cached."""
    from spacy.tokens import DocBin

    from eventwire.extract.places import extract_places
    from eventwire.nlp import load_nlp, parse_many
    from eventwire.nlp.pipeline import ParsedArticle

    items = read_split(default_data_dir() / "polnear" / "train")
    if limit:
        items = items[:limit]
    nlp = load_nlp()
    CACHE.mkdir(parents=True, exist_ok=True)
    tag = f"n{len(items)}"
    docs_path, places_path = CACHE / f"docs-{tag}.spacy", CACHE / f"places-{tag}.pkl"
    articles = [article_of(i) for i in items]
    if docs_path.exists() and places_path.exists():
        docs = list(DocBin().from_disk(docs_path).get_docs(nlp.vocab))
        places = pickle.loads(places_path.read_bytes())
        parsed = [ParsedArticle(a, d) for a, d in zip(articles, docs)]
    else:
        start = time.perf_counter()
        parsed = list(parse_many(articles, nlp))
        places = [extract_places(p) for p in parsed]
        bin_ = DocBin(store_user_data=False)
        for p in parsed:
            bin_.add(p.doc)
        bin_.to_disk(docs_path)
        places_path.write_bytes(pickle.dumps(places))
        print(f"parsed {len(parsed)} articles in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return list(zip(items, parsed, places))


def gold_for(seg, gold):
    """The gold attribution whose content overlaps the segment most, or None."""
    best, best_o = None, 0
    for g in gold:
        o = overlap(seg.parts, g.content)
        if o > best_o:
            best, best_o = g, o
    return best


def collect(rows_of):
    """Per segment: (article index, features list, labels, names right, rule right, gold named)."""
    from eventwire.extract.entities import extract_entities
    from eventwire.extract.mentions import build_mentions
    from eventwire.extract.quotes import speaker_candidates

    names = Names()
    groups = []
    for k, (item, parsed, places) in enumerate(rows_of):
        entities = extract_entities(parsed, places)
        mentions = build_mentions(parsed, places, entities)
        for seg, cands in speaker_candidates(parsed, mentions):
            g = gold_for(seg, item.gold.quotes)
            if g is None or not g.source_spans or not cands:
                continue
            labels = [int(overlap([c.span], g.source_spans) > 0) for c in cands]
            gold_tokens = names.tokens(g.source)
            right = [bool(c.named and names.tokens(c.resolution.name) & gold_tokens) for c in cands]
            rule = seg.speaker
            rule_right = bool(rule is not None and rule.resolved and names.tokens(rule.name) & gold_tokens)
            groups.append(dict(article=k, features=[c.features for c in cands], labels=labels, right=right,
                               named=[c.named for c in cands], rule_right=rule_right,
                               gold_named=names.named(g.source)))
    return groups


def fit(groups, C: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X = [f for g in groups for f in g["features"]]
    y = [l for g in groups for l in g["labels"]]
    vec = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(vec.fit_transform(X), y)
    weights = dict(zip(vec.get_feature_names_out(), model.coef_[0]))
    return weights, float(model.intercept_[0])


def fit_pairwise(groups, C: float):
    """Weights that order each quotation's candidates: a logistic regression on the differences
    between a true source's features and every other candidate's (both ways), so only the
    ranking within one quotation is learned; the bias is 0."""
    from scipy.sparse import vstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    vec.fit([f for g in groups for f in g["features"]])
    rows, y = [], []
    for g in groups:
        if not any(g["labels"]) or all(g["labels"]):
            continue
        X = vec.transform(g["features"])
        pos = [k for k, l in enumerate(g["labels"]) if l]
        neg = [k for k, l in enumerate(g["labels"]) if not l]
        for p in pos:
            for n in neg:
                rows += [X[p] - X[n], X[n] - X[p]]
                y += [1, 0]
    model = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)
    model.fit(vstack(rows), y)
    return dict(zip(vec.get_feature_names_out(), model.coef_[0])), 0.0


def accuracy(groups, weights, bias, threshold):
    """Speaker accuracy as the harness counts it (named gold sources only): ranker vs rules."""
    from eventwire.extract.speakers import BIAS, SpeakerRanker

    ranker = SpeakerRanker({**weights, BIAS: bias}, threshold)
    n = ok = rule_ok = 0
    for g in groups:
        if not g["gold_named"]:
            continue
        scores = [ranker.score(f) for f in g["features"]]
        best = max(range(len(scores)), key=scores.__getitem__)
        pick_ok = scores[best] >= threshold and g["named"][best] and g["right"][best]
        n += 1
        ok += pick_ok
        rule_ok += g["rule_right"]
    return n, ok / n if n else 0.0, rule_ok / n if n else 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="first N training articles only (0: all)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength")
    ap.add_argument("--threshold", type=float, default=0.0, help="least probability for a pick")
    ap.add_argument("--pairwise", action="store_true", help="learn the order within each quotation (bias 0)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    fitter = fit_pairwise if args.pairwise else fit
    groups = collect(parsed_items(args.limit))
    covered = sum(any(g["labels"]) for g in groups)
    print(f"{len(groups)} quoted segments with a gold source; the source among the candidates in {covered}")
    articles = sorted({g["article"] for g in groups})
    for C in sorted({args.C, 0.1, 0.3, 1.0, 3.0}):
        tot_n = tot_ok = tot_rule = 0.0
        for fold in range(args.folds):
            test = {a for a in articles if a % args.folds == fold}
            train = [g for g in groups if g["article"] not in test]
            weights, bias = fitter(train, C)
            n, acc, rule_acc = accuracy([g for g in groups if g["article"] in test], weights, bias, args.threshold)
            tot_n, tot_ok, tot_rule = tot_n + n, tot_ok + acc * n, tot_rule + rule_acc * n
        print(f"C={C}: cross-validated speaker accuracy {tot_ok / tot_n:.3f} (rules {tot_rule / tot_n:.3f}), "
              f"{int(tot_n)} segments with a named source")
    weights, bias = fitter(groups, args.C)
    lines = ["# The quote speaker ranker: logistic weights over eventwire/extract/speakers.py's candidate features,",
             f"# written by scripts/train_speaker_ranker.py from PolNeAR train ({len(articles)} articles, "
             f"{len(groups)} quoted segments), C={args.C}{', pairwise' if args.pairwise else ''}.",
             "feature\tweight", f"(threshold)\t{args.threshold}", f"(bias)\t{bias:.5f}"]
    lines += [f"{k}\t{v:.5f}" for k, v in sorted(weights.items(), key=lambda kv: -abs(kv[1])) if abs(v) >= 1e-5]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
