#!/usr/bin/env python
"""Train the place candidate ranker on the DEVELOPMENT splits of TR-News and GeoWebNews.

Runs ``extract_places`` with the hand-tuned weights over the cached parses (see
``scripts/place_figures.py``), and for every mention that overlaps a gold toponym with coordinates
records the features of its leading candidates (``Gazetteer.features``), labelled 1 when the
candidate lies within 161 km of the gold point.  Gradient-boosted trees (scikit-learn's
HistGradientBoostingClassifier, pinned in the ``train`` extra; small, so that ranking stays cheap) are
fitted to them and written as plain JSON to ``eventwire/models/place_ranker.json``; the package
evaluates the trees itself (``PlaceRanker``), without scikit-learn.  A 5-fold cross-validation by
article over the development split prints how often the top candidate is right, hand order vs learned.

    EVENTWIRE_PLACE_RANKER=hand scripts/train_place_ranker.py [--out PATH] [--trees 60] [--depth 4]

The product uses the shipped trees with ``EVENTWIRE_PLACE_RANKER=learned`` only.  Measured (commit of
this script): 5-fold CV by article on the development split, top candidate right on 844 of 896
ambiguous mentions vs 832 for the hand weights; on the report splits, Acc@161 TR-News 0.834 -> 0.815,
GeoWebNews 0.870 -> 0.880 (scripts/place_figures.py --split report), so the hand weights stay the
default.

The report splits are never read here.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from place_figures import SETS, load_items, parsed_articles  # noqa: E402


def gold_points(name: str, item) -> list[tuple[int, int, float, float]]:
    if name == "tr-news":
        return [(g.start, g.end, g.lat, g.lon) for g in item.gold if g.lat is not None]
    from eventwire.eval.geowebnews import POSITIVE
    return [(t.start, t.end, t.lat, t.lon) for t in item.gold.toponyms if t.type in POSITIVE and t.lat is not None]


def examples(model: str):
    """(feature rows, labels, group ids): one group per mention with a right and a wrong candidate."""
    from eventwire.extract.places import extract_places
    from eventwire.geo import haversine_km

    rows, labels, groups = [], [], []
    for name in SETS:
        _, items = load_items(name, "dev")
        for item, pa in zip(items, parsed_articles(name, "dev", items, model)):
            seen: dict[int, tuple] = {}
            extract_places(pa, observe=lambda m, ranked, feats: seen.__setitem__(m.start, (m, ranked, feats)))
            golds = gold_points(name, item)
            for m, ranked, feats in seen.values():
                gold = next(((la, lo) for s, e, la, lo in golds if s < m.end and m.start < e), None)
                if gold is None:
                    continue
                ok = [e.lat is not None and haversine_km(e.lat, e.lon, *gold) <= 161 for e, _ in ranked[:len(feats)]]
                if any(ok) and not all(ok):
                    gid = (name, item.id, m.start)
                    rows += feats
                    labels += [int(x) for x in ok]
                    groups += [gid] * len(feats)
    return rows, labels, groups


def fit(rows, labels, trees: int, depth: int):
    from sklearn.ensemble import HistGradientBoostingClassifier
    return HistGradientBoostingClassifier(max_iter=trees, learning_rate=0.15, max_depth=depth,
                                          random_state=0).fit(rows, labels)


def cross_validate(rows, labels, groups, trees: int, depth: int) -> tuple[int, int]:
    """Mentions whose top candidate is right, hand order vs a model fitted on the other 4/5 of the
    articles (development split only)."""
    articles = sorted({g[:2] for g in groups})
    fold_of = {a: k % 5 for k, a in enumerate(articles)}
    hand = learned = 0
    for fold in range(5):
        train = [k for k, g in enumerate(groups) if fold_of[g[:2]] != fold]
        test = [k for k, g in enumerate(groups) if fold_of[g[:2]] == fold]
        clf = fit([rows[k] for k in train], [labels[k] for k in train], trees, depth)
        scores = clf.decision_function([rows[k] for k in test]) if test else []
        by_group: dict = {}
        for k, x in zip(test, scores):
            by_group.setdefault(groups[k], []).append((x, labels[k]))
        hand += sum(v[0][1] for v in by_group.values())
        learned += sum(max(v)[1] for v in by_group.values())
    return hand, learned


def export_trees(clf) -> tuple[list, float]:
    """The fitted trees as [feature, threshold, left, right, value] nodes (feature -1: a leaf)."""
    trees = []
    for (predictor,) in clf._predictors:
        trees.append([[-1 if n["is_leaf"] else int(n["feature_idx"]), float(n["num_threshold"]),
                       int(n["left"]), int(n["right"]), float(n["value"])] for n in predictor.nodes])
    return trees, float(clf._baseline_prediction.ravel()[0])


def main(argv=None) -> int:
    from eventwire.extract.gazetteer import RANKER_FEATURES, ranker_path

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ranker_path())
    ap.add_argument("--model", default="en_core_web_md")
    ap.add_argument("--trees", type=int, default=60)
    ap.add_argument("--depth", type=int, default=4)
    args = ap.parse_args(argv)
    if os.environ.get("EVENTWIRE_PLACE_RANKER") != "hand":
        print("train_place_ranker: run with EVENTWIRE_PLACE_RANKER=hand (features come from the hand ranking)",
              file=sys.stderr)
        return 2
    from eventwire.extract.gazetteer import PlaceRanker

    rows, labels, groups = examples(args.model)
    cv_hand, cv_learned = cross_validate(rows, labels, groups, args.trees, args.depth)
    print(f"5-fold by article, top candidate right: hand {cv_hand}, learned {cv_learned}")
    clf = fit(rows, labels, args.trees, args.depth)
    trees, baseline = export_trees(clf)
    ranker = PlaceRanker(trees, baseline)
    drift = max(abs(ranker.logit(r) - x) for r, x in zip(rows, clf.decision_function(rows)))
    if drift > 1e-3:
        print(f"train_place_ranker: exported trees differ from the model by {drift}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "features": list(RANKER_FEATURES), "baseline": round(baseline, 6), "trees": trees,
        "trained_on": "TR-News and GeoWebNews development splits (eventwire.eval), hand-ranked candidates",
        "mentions": len({g for g in groups}), "candidates": len(rows),
        "cv_top_right": {"hand": cv_hand, "learned": cv_learned}}, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"mentions with a right and a wrong candidate: {len(set(groups))} ({len(rows)} candidates)")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
