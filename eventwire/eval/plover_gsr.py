"""PLOVER Gold Standard Records v0.5b1: event type and actors, one sentence per item.

Split, fixed once: records sorted by ``id`` (the DOCUMENT record left out); report = index % 2 == 0,
development = the rest.  The v0.5 names map onto the current 16 types as the PLOVER manual's
conversion table does: DEMAND->REQUEST, DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE, FIGHT->ASSAULT.

Over sentences (these definitions are the ones ``scripts/eval_plover_gsr.py`` had):
- ``coverage``: we code at least one event;
- ``type_acc``: the gold type is among our types; ``type_p``: the same over the sentences we code;
- ``source_match`` / ``target_match``: of the sentences with the right type and a gold source (target),
  some event of that type has a source (target) matching the gold ``actorText`` (``score.py``'s
  ``actor_match``: names, aliases, demonyms);
- ``source_*`` / ``target_*`` p/r/f1, whatever the type: a sentence where we give a source (any event)
  is right when one of our sources matches the gold; recall is over sentences with a gold source;
- ``killed`` / ``injured``: of the records with a gold ``dead`` (``injured``) count, the share where
  a ``killed`` (``injured``) quantity has that value.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Optional

from eventwire.eval.core import Item, SetSpec, Sheet, every_nth, shared_scorer

FILE = "PLOVER_GSR_CAMEO.json"
V05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
DATE = "2000-01-01"   # every GSR record carries this placeholder date


def actor_texts(actors) -> Optional[list[str]]:
    if not actors or isinstance(actors, str):
        return None
    names = [a.get("actorText", "").replace("...", " ").strip() for a in actors if isinstance(a, dict)]
    return [n for n in names if n] or None


def count(value) -> Optional[float]:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def load(folder: Path, split: str) -> list[Item]:
    records = [r for r in json.loads((folder / FILE).read_text(encoding="utf-8"))
               if r.get("text") and r.get("event") != "DOCUMENT"]
    keep = every_nth((r["id"] for r in records), 2, split)
    return [Item(id=r["id"], text=r["text"].strip().strip("{}"), date=DATE, gold={
        "type": V05.get(r["event"], r["event"]), "source": actor_texts(r.get("source")),
        "target": actor_texts(r.get("target")), "dead": count(r.get("dead")), "injured": count(r.get("injured")),
    }) for r in records if r["id"] in keep]


def score(items, extractions, sheet: Sheet) -> None:
    actor_match = shared_scorer().actor_match
    tot = Counter()
    per_type: dict[str, Counter] = {}
    for item, ex in zip(items, extractions):
        gold = item.gold
        events = ex.events
        types = [e.type for e in events]
        c = per_type.setdefault(gold["type"], Counter())
        tot["n"] += 1
        c["n"] += 1
        tot["coded"] += bool(events)
        c["coded"] += bool(events)
        if gold["type"] in types:
            tot["type_ok"] += 1
            c["right"] += 1
            right = [e for e in events if e.type == gold["type"]]
            for role in ("source", "target"):
                if gold[role]:
                    tot[f"{role}_n"] += 1
                    tot[f"{role}_ok"] += any(getattr(e, role) and actor_match(getattr(e, role).to_dict(), gold[role])
                                             for e in right)
        else:
            sheet.error(f"plover-gsr {item.id}: gold {gold['type']}, got {types}")
        for role in ("source", "target"):
            ours = [getattr(e, role) for e in events if getattr(e, role)]
            hit = bool(gold[role]) and any(actor_match(a.to_dict(), gold[role]) for a in ours)
            tot[f"{role}_sys"] += bool(ours)
            tot[f"{role}_gold"] += bool(gold[role])
            tot[f"{role}_tp"] += hit
        for key, metric in (("dead", "killed"), ("injured", "injured")):
            if gold[key] is not None:
                tot[f"{metric}_n"] += 1
                tot[f"{metric}_ok"] += any(q.metric == metric and q.value == gold[key] for q in ex.quantities)
    n = tot["n"]
    sheet.row("coverage", tot["coded"] / n if n else 0.0, n)
    sheet.row("type_acc", tot["type_ok"] / n if n else 0.0, n)
    sheet.row("type_p", tot["type_ok"] / tot["coded"] if tot["coded"] else 0.0, tot["coded"])
    for role in ("source", "target"):
        sheet.row(f"{role}_match", tot[f"{role}_ok"] / tot[f"{role}_n"] if tot[f"{role}_n"] else 0.0, tot[f"{role}_n"])
    for role in ("source", "target"):
        sheet.prf(f"{role}_", tot[f"{role}_tp"], tot[f"{role}_sys"], tot[f"{role}_tp"], tot[f"{role}_gold"])
    for metric in ("killed", "injured"):
        k = tot[f"{metric}_n"]
        sheet.row(metric, tot[f"{metric}_ok"] / k if k else 0.0, k, section="quantities")
    sheet.note("plover-gsr per type (n/coded/right): " + ", ".join(
        f"{t} {c['n']}/{c['coded']}/{c['right']}" for t, c in sorted(per_type.items())))


SPEC = SetSpec("plover-gsr", "events", "plover-gsr", load, score)
