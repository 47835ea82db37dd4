"""CASE 2021 Shared Task 2 (test set with gold): ACLED sub-event types mapped to PLOVER, one snippet per item.

Split, fixed once: snippets sorted by ``id`` (numerically); report = index % 2 == 0,
development = the rest.  Scored only on the snippets whose gold type maps to a PLOVER type, with
the coarse mapping the set's README declares in advance (``ACLED_TO_PLOVER`` below); the other
gold types (OTHER, the subtask 2 and 3 additions, and the ACLED types left unmapped) are skipped.

Prediction per snippet: the type of our first event in text order, or ``NONE``.
- ``weighted_f1``: per gold class F1, weighted by the class's gold count (the overview's ranking);
- ``macro_f1``: the plain mean over the gold classes;
- ``accuracy``: prediction == mapped gold.
The per-class confusion (gold -> predicted counts) is printed under the table, not stored as rows.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from eventwire.eval.core import Item, SetSpec, Sheet, every_nth

FILE = "test_set_final_release_with_labels.tsv"
ACLED_TO_PLOVER = {
    **dict.fromkeys(("ARMED_CLASH", "AIR_STRIKE", "ART_MISS_ATTACK", "ATTACK", "GRENADE", "SUIC_BOMB", "REM_EXPLOS",
                     "CHEM_WEAP", "SEX_VIOL", "ABDUCT_DISSAP", "MOB_VIOL"), "ASSAULT"),
    **dict.fromkeys(("PEACE_PROTEST", "PROTEST_WITH_INTER", "VIOL_DEMONSTR"), "PROTEST"),
    **dict.fromkeys(("ARREST", "FORCE_AGAINST_PROTEST", "PROPERTY_DISTRUCT"), "COERCE"),
    "AGREEMENT": "AGREE",
    **dict.fromkeys(("DISR_WEAP", "HQ_ESTABLISHED"), "MOBILIZE"),
}
NONE = "NONE"


def read_snippets(path: Path) -> list[Item]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Item(id=r["id"].strip(), text=r["EventSnippet"], gold=r["SubType"].strip()) for r in rows
            if r.get("id") and r.get("EventSnippet")]


def load(folder: Path, split: str) -> list[Item]:
    items = read_snippets(folder / FILE)
    keep = every_nth((i.id for i in items), 2, split)
    return [i for i in items if i.id in keep and i.gold in ACLED_TO_PLOVER]


def first_type(extraction) -> str:
    events = sorted(extraction.events, key=lambda e: tuple(e.span))
    return events[0].type if events else NONE


def f1_by_class(pairs: list[tuple[str, str]]) -> dict[str, tuple[float, int]]:
    """gold class -> (F1, gold count), from (gold, predicted) pairs."""
    gold_n = Counter(g for g, _ in pairs)
    pred_n = Counter(p for _, p in pairs)
    right = Counter(g for g, p in pairs if g == p)
    out = {}
    for c, n in gold_n.items():
        p = right[c] / pred_n[c] if pred_n[c] else 0.0
        r = right[c] / n
        out[c] = (2 * p * r / (p + r) if p + r else 0.0, n)
    return out


def score(items, extractions, sheet: Sheet) -> None:
    pairs = []
    for item, ex in zip(items, extractions):
        gold, pred = ACLED_TO_PLOVER[item.gold], first_type(ex)
        pairs.append((gold, pred))
        if gold != pred:
            sheet.error(f"case2021 {item.id}: gold {item.gold} -> {gold}, predicted {pred}")
    n = len(pairs)
    per_class = f1_by_class(pairs)
    sheet.row("weighted_f1", sum(f * k for f, k in per_class.values()) / n if n else 0.0, n)
    sheet.row("macro_f1", sum(f for f, _ in per_class.values()) / len(per_class) if per_class else 0.0, n)
    sheet.row("accuracy", sum(g == p for g, p in pairs) / n if n else 0.0, n)
    confusion = Counter(pairs)
    for gold in sorted(per_class):
        row = ", ".join(f"{p} {k}" for (g, p), k in sorted(confusion.items(), key=lambda x: -x[1]) if g == gold)
        sheet.note(f"case2021-task2 confusion {gold} (n={per_class[gold][1]}, F1 {per_class[gold][0]:.3f}): {row}")


SPEC = SetSpec("case2021-task2", "events", "case2021-task2", load, score)
