"""Public sets with their case taken away, scored beside the same sets as published (issue 16).

    .venv/bin/python scripts/eval/case_damaged.py [--split report|dev] [--limit N] [--damage lower|upper|headline]
                                                  [--set NAME ...] [--json PATH]

Runs the ``make eval-public`` harness (``eventwire.eval``) on GeoWebNews (places) and Worldwide
Newswire (entities, places) twice: as published, and with every item's text turned to lower
case on the fly (``upper``: capitals; ``headline``: only the first paragraph in capitals).  The
damage keeps every character where it was, so the gold offsets stay valid.  Prints one row per
metric: the original figure, the damaged one and the difference; rows go to ``--json`` too.
The issue's bar: the lower-case F1s within 0.10 of the originals.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from eventwire.eval import spec
from eventwire.eval.core import DEV, REPORT, run_set
from eventwire.eval.paths import default_data_dir
from eventwire.nlp import load_nlp
from eventwire.nlp.truecase import lower_keeping_length

SETS = ("geowebnews", "worldwide-newswire")
SHOWN = ("f1", "p", "r", "acc161", "person_f1", "org_f1", "all_f1", "loc_f1")


def upper_keeping_length(text: str) -> str:
    up = text.upper()
    return up if len(up) == len(text) else "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


def first_paragraph_upper(text: str) -> str:
    end = text.find("\n\n", 1)
    end = len(text) if end < 0 else end
    return upper_keeping_length(text[:end]) + text[end:]


DAMAGE = {"lower": lower_keeping_length, "upper": upper_keeping_length, "headline": first_paragraph_upper}


def damaged(set_spec, damage):
    def load(folder, split):
        items = set_spec.load(folder, split)
        for item in items:
            item.text = damage(item.text)
        return items
    return dataclasses.replace(set_spec, load=load)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=(REPORT, DEV), default=REPORT)
    ap.add_argument("--limit", type=int, default=0, help="at most N items per set (0: all)")
    ap.add_argument("--damage", choices=tuple(DAMAGE), default="lower")
    ap.add_argument("--set", dest="sets", action="append", choices=SETS, help="default: both")
    ap.add_argument("--json", type=Path, default=Path(".artifacts/eval-case-damaged.json"))
    args = ap.parse_args(argv)
    nlp = load_nlp()
    data = default_data_dir()
    rows = []
    for name in args.sets or SETS:
        original = run_set(spec(name), data, nlp, args.split, limit=args.limit)
        broken = run_set(damaged(spec(name), DAMAGE[args.damage]), data, nlp, args.split, limit=args.limit)
        by_metric = {r.metric: r for r in broken.rows}
        for r in original.rows:
            if r.metric in SHOWN and r.metric in by_metric:
                rows.append({"set": name, "section": r.section, "metric": r.metric, "original": r.value,
                             args.damage: by_metric[r.metric].value, "items": r.items})
        print(f"[case] {name} done", file=sys.stderr, flush=True)
    print(f"{'set':20s} {'section':9s} {'metric':10s} {'original':>8s} {args.damage:>8s} {'diff':>7s}")
    for r in rows:
        print(f"{r['set']:20s} {r['section']:9s} {r['metric']:10s} {r['original']:8.3f} {r[args.damage]:8.3f} "
              f"{r[args.damage] - r['original']:+7.3f}")
    print(f"split {args.split}, limit {args.limit or 'none'}, damage {args.damage}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"split": args.split, "limit": args.limit, "damage": args.damage, "rows": rows},
                                    indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
