#!/usr/bin/env python
"""Places-only figures on TR-News and GeoWebNews, fast: the spaCy parses are cached.

``make eval-public`` runs every extractor on every article; resolution work needs only
``extract_places``, rerun many times on the same parses.  This script parses a split once
(a DocBin under ``.artifacts/place-docs/``, keyed by set, split and model), then scores
``extract_places`` with the harness's own scorers (``eventwire.eval.trnews`` / ``geowebnews``),
so its figures are the harness's.  ``--gold-toponyms`` resolves the gold spans only (our NER
out of the loop), the setting Mordecai 3 publishes (TR 87.3%, GWN 94.1% Acc@161).

    scripts/place_figures.py [--set tr-news|geowebnews] [--split dev|report] [--errors] [--gold-toponyms]

``--errors`` lists item-level errors and is refused on the report split.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = ("tr-news", "geowebnews")


def load_items(name: str, split: str):
    from eventwire.eval import geowebnews, trnews
    from eventwire.eval.paths import default_data_dir

    module = {"tr-news": trnews, "geowebnews": geowebnews}[name]
    return module, module.load(default_data_dir() / name, split)


def parsed_articles(name: str, split: str, items, model: str):
    """ParsedArticles for ``items``, parsed once and kept as a DocBin."""
    from spacy.tokens import DocBin

    from eventwire.eval.core import article_of
    from eventwire.nlp import ParsedArticle, load_nlp

    nlp = load_nlp(model)
    cache = REPO / ".artifacts" / "place-docs" / f"{name}-{split}-{model}.spacy"
    articles = [article_of(i) for i in items]
    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == [a.text for a in articles]:
            return [ParsedArticle(a, d) for a, d in zip(articles, docs)]
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    cache.parent.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return [ParsedArticle(a, d) for a, d in zip(articles, docs)]


def gold_spans(name: str, item) -> list[tuple[int, int]]:
    """The spans a gold-toponym run resolves: every gold toponym with coordinates (GeoWebNews:
    the literal types the harness scores)."""
    if name == "tr-news":
        return [(g.start, g.end) for g in item.gold if g.lat is not None]
    from eventwire.eval.geowebnews import POSITIVE
    return [(t.start, t.end) for t in item.gold.toponyms if t.type in POSITIVE and t.lat is not None]


def run(name: str, split: str, model: str, errors: bool, gold_toponyms: bool):
    from eventwire.eval.core import Sheet
    from eventwire.extract.places import extract_places, resolve_spans
    from eventwire.records import Extraction

    module, items = load_items(name, split)
    parsed = parsed_articles(name, split, items, model)
    extractions = []
    for item, pa in zip(items, parsed):
        places = resolve_spans(pa, gold_spans(name, item)) if gold_toponyms else extract_places(pa)
        extractions.append(Extraction(article=pa.article, places=places))
    sheet = Sheet(name, "places" + ("-gold" if gold_toponyms else ""), errors=errors)
    module.SPEC.score(items, extractions, sheet)
    return sheet


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", choices=SETS)
    ap.add_argument("--split", choices=("dev", "report"), default="dev")
    ap.add_argument("--model", default="en_core_web_md")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--gold-toponyms", action="store_true")
    args = ap.parse_args(argv)
    if args.errors and args.split == "report":
        print("place_figures: --errors is refused on the report split", file=sys.stderr)
        return 2
    for name in args.set or SETS:
        sheet = run(name, args.split, args.model, args.errors, args.gold_toponyms)
        for r in sheet.rows:
            print(f"{r.set:11} {r.section:12} {r.metric:14} {r.value:9.3f} {r.items:6}")
        for line in sheet.errors or ():
            print("  error: " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
