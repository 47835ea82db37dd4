"""How many words the truecaser writes as published, rules alone and with the case model.

    .venv/bin/python scripts/case_accuracy.py [--set worldwide-newswire] [--split report|dev] [--data DIR]

Each item's text is lower-cased (every character where it was), restored with
``restore_case(..., learned=False)`` and with the case model (``EVENTWIRE_CASE_MODEL=learned``;
``EVENTWIRE_CASE_MODEL_WEIGHTS`` may name other weights), and every word is compared with the
published text.  It prints totals only: the report split's words are not read one by one.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eventwire.eval import spec                                   # noqa: E402
from eventwire.eval.core import DEV, REPORT                        # noqa: E402
from eventwire.eval.paths import default_data_dir                  # noqa: E402
from eventwire.nlp import truecase as tc                           # noqa: E402


def counts(texts) -> dict[str, int]:
    out = {"words": 0, "rules": 0, "model": 0, "corrected": 0, "spoiled": 0}
    for text in texts:
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
        c = counts(i.text for i in s.load(data / s.folder, REPORT if args.split == "report" else DEV) if i.text)
        n = c["words"] or 1
        print(f"{name} {args.split}: {c['words']} words; as published: rules {c['rules'] / n:.4f}, "
              f"with the model {c['model'] / n:.4f}; the model corrects {c['corrected']}, spoils {c['spoiled']}")


if __name__ == "__main__":
    main()
