"""Public sets with their case taken away on the fly (issue 16): ``geowebnews-lower``,
``worldwide-newswire-lower`` and, on request, ``-upper`` and ``-headline``.

The set's own loader reads the items; every item's text is then damaged without moving a
character (``lower``: all lower case; ``upper``: all capitals; ``headline``: the first paragraph
in capitals), so the gold offsets stay valid and the set's own scorer runs unchanged.  The
issue's bar: each ``-lower`` F1 within 0.10 of the same set as published.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from eventwire.eval.core import SetSpec
from eventwire.nlp.truecase import lower_keeping_length


def upper_keeping_length(text: str) -> str:
    """``text.upper()`` where that keeps every character to one character ("ß" stays)."""
    up = text.upper()
    return up if len(up) == len(text) else "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


def first_paragraph_upper(text: str) -> str:
    end = text.find("\n\n", 1)
    end = len(text) if end < 0 else end
    return upper_keeping_length(text[:end]) + text[end:]


DAMAGES: dict[str, Callable[[str], str]] = {
    "lower": lower_keeping_length, "upper": upper_keeping_length, "headline": first_paragraph_upper}
DAMAGED_SETS = ("geowebnews", "worldwide-newswire")   # the sets a damaged run exists for
IN_DEFAULT_RUN = ("lower",)                           # the others on request (--set geowebnews-upper)
UNCHANGED_PREFIXES = ("peer_", "aligned_")


def damaged_name(set_name: str, damage: str) -> str:
    return f"{set_name}-{damage}"


def damaged_names() -> dict[str, tuple[str, str]]:
    """Damaged set name -> (set, damage)."""
    return {damaged_name(s, d): (s, d) for s in DAMAGED_SETS for d in DAMAGES}


def damaged_spec(original: SetSpec, damage: str) -> SetSpec:
    """``original`` under its damaged name, its items' texts damaged as they load."""
    hurt = DAMAGES[damage]

    def load(folder, split):
        items = original.load(folder, split)
        for item in items:
            item.text = hurt(item.text)
        return items

    def score(items, extractions, sheet):
        original.score(items, extractions, sheet)
        # peers' outputs and the gold's alignment do not depend on our input: the published run has them
        sheet.rows = [r for r in sheet.rows if not r.metric.startswith(UNCHANGED_PREFIXES)]

    return dataclasses.replace(original, name=damaged_name(original.name, damage), load=load, score=score)


GAP_BAR = 0.10    # the bar: a damaged F1 at most this far below the published one
GAP_METRICS = ("f1", "person_f1", "org_f1", "all_f1", "loc_f1")


def case_gap_notes(rows) -> list[str]:
    """One line per damaged run: its F1s beside the published set's, and whether each is within the bar."""
    by_key = {(r.set, r.section, r.metric): r.value for r in rows}
    notes = []
    for name, (original, damage) in damaged_names().items():
        pairs = [(f"{section} {metric}", by_key[(original, section, metric)], value)
                 for (s, section, metric), value in by_key.items()
                 if s == name and metric in GAP_METRICS and (original, section, metric) in by_key]
        if pairs:
            notes.append(f"{name} against {original}: " + ", ".join(
                f"{what} {value:.3f} vs {base:.3f} ({value - base:+.3f}{'' if base - value <= GAP_BAR else ' OVER'})"
                for what, base, value in pairs))
    return notes
