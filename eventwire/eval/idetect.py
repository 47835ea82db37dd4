"""IDETECT (IDMC / UN Unite Ideas): displacement figures -> ``quantities``, one excerpt per item.

Split, fixed once: test rows sorted by ``excerpt_id`` (numerically); report = index % 2 == 0,
development = the rest plus ``IDMC_fully_labelled`` (its rows that mention a figure), which is
development data only.  Excerpts have no date: a fixed one is used.

Gold metric, as the set's README maps it: every Term except Destroyed / Partially Destroyed
Housing -> ``displaced``; the housing terms -> ``affected`` (the closest we have).

- ``exact``: some extracted quantity has value == the gold Quantity and the mapped metric;
- ``value``: some extracted quantity has the gold value (any metric);
- each on all rows, and ``*_in_text`` on the rows whose gold figure appears in the excerpt as a
  number after normalising ("1,500", "1.5 million", "nine hundred").
Units (People / Households) are not scored: our quantities have no unit field to compare with
(``object`` is free text).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from eventwire.eval.core import DEV, Item, SetSpec, Sheet, every_nth

TEST = "IDETECT_test_dataset-NLP.derived.csv"
EXTRA = "IDMC_fully_labelled.derived.csv"
HOUSING = {"destroyed housing", "partially destroyed housing"}
DATE = "2017-01-01"

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_DIGITS = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(million|thousand|billion))?", re.I)
_WORD = r"\b(?:%s)\b" % "|".join(sorted(list(_UNITS) + list(_SCALES), key=len, reverse=True))
_WORDS = re.compile(r"%s(?:(?:\s+and\s+|[\s-]+)%s)*" % (_WORD, _WORD), re.I)


@dataclass
class Figure:
    value: float
    metric: str
    term: str


def metric_of(term: str) -> str:
    return "affected" if term.strip().lower() in HOUSING else "displaced"


def words_value(phrase: str) -> Optional[float]:
    """'nine hundred and twenty-one' -> 921."""
    total = current = 0
    seen = False
    for w in re.split(r"[\s-]+", phrase.lower()):
        if w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
            seen = True
    return float(total + current) if seen else None


def numbers_in(text: str) -> set[float]:
    """Every number written in ``text``, normalised."""
    out = set()
    for m in _DIGITS.finditer(text):
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        if m.group(3):
            value *= _SCALES[m.group(3).lower()]
        out.add(value)
    for m in _WORDS.finditer(text):
        if all(w.lower() in _SCALES for w in re.split(r"[\s-]+", m.group(0)) if w.lower() != "and"):
            continue   # "1.5 million": the scale word was read with its digits
        value = words_value(m.group(0))
        if value is not None:
            out.add(value)
    return out


def number(cell: str) -> Optional[float]:
    try:
        return float(cell.replace(",", ""))
    except (AttributeError, ValueError):
        return None


def read_test(path: Path) -> list[Item]:
    items = []
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        value = number(row.get("Quantity", ""))
        if value is None or not (row.get("excerpt") or "").strip():
            continue
        item_id = str(int(float(row["excerpt_id"])))
        items.append(Item(id=item_id, text=row["excerpt"], date=DATE,
                          gold=Figure(value, metric_of(row.get("Term", "")), row.get("Term", ""))))
    return items


def read_extra(path: Path) -> list[Item]:
    """IDMC_fully_labelled rows with a figure (development only)."""
    items = []
    for k, row in enumerate(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))):
        value = number(row.get("Displacement figure", ""))
        if row.get("Mentions", "").strip().upper() != "Y" or value is None or not row.get("Excerpt", "").strip():
            continue
        term = row.get("Reporting term", "")
        items.append(Item(id=f"idmc-{k}", text=row["Excerpt"], date=DATE, gold=Figure(value, metric_of(term), term)))
    return items


def load(folder: Path, split: str) -> list[Item]:
    items = read_test(folder / TEST)
    keep = every_nth((i.id for i in items), 2, split)
    items = [i for i in items if i.id in keep]
    if split == DEV and (folder / EXTRA).exists():
        items += read_extra(folder / EXTRA)
    return items


def score(items, extractions, sheet: Sheet) -> None:
    exact = value = in_text = exact_in = value_in = 0
    for item, ex in zip(items, extractions):
        gold: Figure = item.gold
        found_exact = any(q.value == gold.value and q.metric == gold.metric for q in ex.quantities)
        found_value = any(q.value == gold.value for q in ex.quantities)
        appears = gold.value in numbers_in(item.text)
        exact += found_exact
        value += found_value
        in_text += appears
        exact_in += found_exact and appears
        value_in += found_value and appears
        if appears and not found_exact:
            got = [(q.value, q.metric) for q in ex.quantities]
            sheet.error(f"idetect {item.id}: gold {gold.value:g} {gold.metric} ({gold.term}), got {got}")
    n = len(items)
    sheet.row("exact", exact / n if n else 0.0, n)
    sheet.row("value", value / n if n else 0.0, n)
    sheet.row("exact_in_text", exact_in / in_text if in_text else 0.0, in_text)
    sheet.row("value_in_text", value_in / in_text if in_text else 0.0, in_text)


SPEC = SetSpec("idetect", "quantities", "idetect", load, score)
