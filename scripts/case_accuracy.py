"""How many words, and how many gold names, the truecaser writes as published, rules alone and with the case model.

    .venv/bin/python scripts/case_accuracy.py [--set worldwide-newswire] [--split report|dev] [--data DIR]

Each item's text is lower-cased (every character where it was), restored with
``restore_case(..., learned=False)`` and with the case model (``EVENTWIRE_CASE_MODEL=learned``;
``EVENTWIRE_CASE_MODEL_WEIGHTS`` may name other weights), and every word is compared with the
published text.  So is every gold name, whole: a name the NER is to find comes back only when all
its words do, and the word share, made mostly of common words, hides that (on Worldwide Newswire
an organization's name comes back whole far less often than a person's).  Names are the gold
mentions by type (Worldwide Newswire: PERSON, ORG, LOC) or the scored toponyms (GeoWebNews: its
literal types).  It prints totals only: the report split's words are not read one by one, and it
runs in seconds, where ``make eval-public`` on a lower-cased set parses every article.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Iterator

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eventwire.eval import spec                                   # noqa: E402
from eventwire.eval.core import DEV, REPORT                        # noqa: E402
from eventwire.eval.paths import default_data_dir                  # noqa: E402
from eventwire.nlp import truecase as tc                           # noqa: E402

Name = tuple[int, int, str]     # (start, end, gold type)


def _newswire_names(item) -> Iterator[Name]:
    yield from item.gold.mentions


def _geowebnews_names(item) -> Iterator[Name]:
    from eventwire.eval.geowebnews import POSITIVE

    yield from ((t.start, t.end, "toponym") for t in item.gold.toponyms if t.type in POSITIVE)


NAMES: dict[str, Callable] = {"worldwide-newswire": _newswire_names, "geowebnews": _geowebnews_names}


def counts(texts: Iterable[tuple[str, Iterable[Name]]]) -> dict:
    """Word totals over (text, its gold names) pairs (words, rules, model, corrected, spoiled) and,
    under ``"names"``, per gold type: how many names there are and how many each side writes
    exactly as published."""
    out = {"words": 0, "rules": 0, "model": 0, "corrected": 0, "spoiled": 0}
    by_type: dict[str, Counter] = {}
    for text, text_names in texts:
        low = tc.lower_keeping_length(text)
        rules = tc.restore_case(low, learned=False)
        model = tc.restore_case(low)
        for m in tc._TOKEN.finditer(low):
            gold, a, b = (x[m.start():m.end()] for x in (text, rules, model))
            out["words"] += 1
            out["rules"] += a == gold
            out["model"] += b == gold
            out["corrected"] += a != gold and b == gold
            out["spoiled"] += a == gold and b != gold
        for start, end, kind in text_names:
            c = by_type.setdefault(kind, Counter())
            c["names"] += 1
            c["rules"] += rules[start:end] == text[start:end]
            c["model"] += model[start:end] == text[start:end]
    out["names"] = by_type
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", dest="sets", action="append", default=None)
    ap.add_argument("--split", choices=("report", "dev"), default="report")
    ap.add_argument("--data", type=Path, default=None)
    args = ap.parse_args(argv)
    os.environ[tc.CASE_MODEL_ENV] = "learned"
    data = args.data or default_data_dir()
    for name in args.sets or ["worldwide-newswire", "geowebnews"]:
        s = spec(name)
        items = [i for i in s.load(data / s.folder, REPORT if args.split == "report" else DEV) if i.text]
        names_of = NAMES.get(name, lambda item: ())
        c = counts((i.text, names_of(i)) for i in items)
        n = c["words"] or 1
        print(f"{name} {args.split}: {c['words']} words; as published: rules {c['rules'] / n:.4f}, "
              f"with the model {c['model'] / n:.4f}; the model corrects {c['corrected']}, spoils {c['spoiled']}")
        for kind, k in sorted(c["names"].items()):
            print(f"{name} {args.split}: {k['names']} gold {kind} names; whole as published: "
                  f"rules {k['rules'] / k['names']:.4f}, with the model {k['model'] / k['names']:.4f}")


if __name__ == "__main__":
    main()
