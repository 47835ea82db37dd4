#!/usr/bin/env python3
"""Run the event coder over the PLOVER gold-standard records (GSR) and report how it does.

usage: eval_plover_gsr.py [GSR_JSON] [--show N]

Reads ../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json (read in place, never copied), maps the
v0.5 names onto the 16 current PLOVER types (DEMAND->REQUEST, DISAPPROVE->ACCUSE,
INVESTIGATE->ACCUSE, FIGHT->ASSAULT) and prints, over the sentences:
  coverage       share of sentences where the coder codes at least one event
  type accuracy  share of sentences whose gold type is among the coded types
  precision      share of coded sentences whose gold type is among the coded types
  source/target  of sentences with the right type, share whose source (target) matches
                 the gold actorText by name/demonym (the dev scorer's actor match)
plus a per-type table.  Entities and places come from the real extractors.
"""
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _scorer():
    sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
    import score  # the dev scorer's actor matching (names, aliases, demonym folding)
    return score


def actor_texts(x):
    if not x or isinstance(x, str):
        return None
    names = [a.get("actorText", "").replace("...", " ").strip() for a in x if isinstance(a, dict)]
    return [n for n in names if n] or None


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else 0
    if show:
        args = [a for a in args if a != str(show)]
    path = Path(args[0]) if args else DEFAULT
    records = [r for r in json.loads(path.read_text()) if r.get("text") and r.get("event") != "DOCUMENT"]
    from eventwire.extract import extract_entities, extract_events, extract_places
    from eventwire.nlp import load_nlp, parse
    from eventwire.records import Article
    score = _scorer()
    nlp = load_nlp()
    per = defaultdict(Counter)
    confusion = Counter()
    shown = 0
    tot = Counter()
    for r in records:
        gold = MAP.get(r["event"], r["event"])
        parsed = parse(Article(text=r["text"].strip().strip("{}"), date="2000-01-01"), nlp)
        places = extract_places(parsed)
        entities = extract_entities(parsed, places)
        events = extract_events(parsed, entities, places)
        types = [e.type for e in events]
        tot["n"] += 1
        per[gold]["n"] += 1
        if events:
            tot["coded"] += 1
            per[gold]["coded"] += 1
        if gold in types:
            tot["type_ok"] += 1
            per[gold]["type_ok"] += 1
            right = [e for e in events if e.type == gold]
            src, tgt = actor_texts(r.get("source")), actor_texts(r.get("target"))
            if src:
                tot["src_n"] += 1
                tot["src_ok"] += any(e.source and score.actor_match(e.source.to_dict(), src) for e in right)
            if tgt:
                tot["tgt_n"] += 1
                tot["tgt_ok"] += any(e.target and score.actor_match(e.target.to_dict(), tgt) for e in right)
        else:
            for t in set(types):
                confusion[(gold, t)] += 1
            if show and shown < show:
                shown += 1
                print(f"  gold {gold:9} got {types} | {r['text'][:150]}")
    n = tot["n"]
    print(f"sentences          {n}")
    print(f"coverage           {tot['coded'] / n:.3f}")
    print(f"type accuracy      {tot['type_ok'] / n:.3f}")
    print(f"precision (coded)  {tot['type_ok'] / max(1, tot['coded']):.3f}")
    print(f"source match       {tot['src_ok'] / max(1, tot['src_n']):.3f} of {tot['src_n']} correctly typed")
    print(f"target match       {tot['tgt_ok'] / max(1, tot['tgt_n']):.3f} of {tot['tgt_n']} correctly typed")
    print(f"{'type':10} {'n':>4} {'coded':>6} {'right':>6}")
    for t in sorted(per):
        c = per[t]
        print(f"{t:10} {c['n']:4d} {c['coded']:6d} {c['type_ok']:6d}")
    print("most common confusions (gold -> coded):", confusion.most_common(8))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
