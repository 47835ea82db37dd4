#!/usr/bin/env python
"""Train the place candidate ranker on the DEVELOPMENT splits of TR-News and GeoWebNews.

Runs ``extract_places`` with the hand-tuned weights over the cached parses (see
``scripts/place_figures.py``), and for every mention that overlaps a gold toponym with coordinates
records the features of its leading candidates (``Gazetteer.features``), labelled 1 when the
candidate lies within 161 km of the gold point.  A logistic regression (scikit-learn, pinned in the
``train`` extra) is fitted to them and written as plain JSON to ``eventwire/models/place_ranker.json``
(weights in ``RANKER_FEATURES`` order, and a bias): the package reads it without scikit-learn.

    EVENTWIRE_PLACE_RANKER=hand scripts/train_place_ranker.py [--out PATH] [--C 1.0]

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
                    gid = len(set(groups))
                    rows += feats
                    labels += [int(x) for x in ok]
                    groups += [gid] * len(feats)
    return rows, labels, groups


def main(argv=None) -> int:
    from eventwire.extract.gazetteer import RANKER_FEATURES, ranker_path

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ranker_path())
    ap.add_argument("--model", default="en_core_web_md")
    ap.add_argument("--C", type=float, default=1.0)
    args = ap.parse_args(argv)
    if os.environ.get("EVENTWIRE_PLACE_RANKER") != "hand":
        print("train_place_ranker: run with EVENTWIRE_PLACE_RANKER=hand (features come from the hand ranking)",
              file=sys.stderr)
        return 2
    from sklearn.linear_model import LogisticRegression

    rows, labels, groups = examples(args.model)
    clf = LogisticRegression(C=args.C, max_iter=2000).fit(rows, labels)
    # how often the learned top candidate is right, on the training groups (the report split decides)
    by_group: dict[int, list[tuple[float, int]]] = {}
    for x, y, g in zip(clf.decision_function(rows), labels, groups):
        by_group.setdefault(g, []).append((x, y))
    hand_right = sum(v[0][1] for v in by_group.values())
    learned_right = sum(max(v)[1] for v in by_group.values())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "features": list(RANKER_FEATURES), "weights": [round(float(w), 6) for w in clf.coef_[0]],
        "bias": round(float(clf.intercept_[0]), 6),
        "trained_on": "TR-News and GeoWebNews development splits (eventwire.eval), hand-ranked candidates",
        "mentions": len(by_group), "candidates": len(rows)}, indent=1) + "\n", encoding="utf-8")
    print(f"mentions with a right and a wrong candidate: {len(by_group)} ({len(rows)} candidates)")
    print(f"top candidate right: hand {hand_right}, learned {learned_right}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
