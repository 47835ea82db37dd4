#!/usr/bin/env python3
"""Compare two ``make eval-public`` results: ``scripts/eval/compare.py OLD.json NEW.json``.

Prints one line per (set, section, metric) found in either file: old value, new value, delta,
and ``DROP`` where a higher-is-better metric fell by more than 0.005 (``*_km`` metrics: lower
is better, so a rise of more than 1 km is the drop).  Rows present in only one file show ``-``.
Always exits 0: it informs, it does not gate.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

DROP = 0.005      # value units: shares and F1
DROP_KM = 1.0     # kilometres


def rows(path: Path) -> tuple[dict, dict]:
    data = json.loads(path.read_text())
    return data, {(r["set"], r["section"], r["metric"]): r for r in data.get("rows", [])}


def dropped(metric: str, old: float, new: float) -> bool:
    if metric.endswith("_km"):
        return new - old > DROP_KM
    return old - new > DROP


def describe(data: dict) -> str:
    return (f"model {data.get('model')}, commit {data.get('commit')}, {data.get('date')}, "
            f"split {data.get('split')}, limit {data.get('limit') or 'none'}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 0
    old_data, old = rows(Path(argv[0]))
    new_data, new = rows(Path(argv[1]))
    print(f"old: {describe(old_data)}")
    print(f"new: {describe(new_data)}")
    keys = list(old) + [k for k in new if k not in old]
    width = max((len(f"{s} {sec} {m}") for s, sec, m in keys), default=10)
    print(f"{'set section metric':{width}}  {'old':>9} {'new':>9} {'delta':>9}")
    drops = 0
    for key in keys:
        name = " ".join(key)
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            print(f"{name:{width}}  {a['value'] if a else '-':>9} {b['value'] if b else '-':>9} {'-':>9}")
            continue
        delta = b["value"] - a["value"]
        flag = "  DROP" if dropped(key[2], a["value"], b["value"]) else ""
        drops += bool(flag)
        print(f"{name:{width}}  {a['value']:9.3f} {b['value']:9.3f} {delta:+9.3f}{flag}")
    print(f"{drops} drop(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
