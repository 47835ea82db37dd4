"""``python -m eventwire.eval``: score the product on the public sets and print one table.

    python -m eventwire.eval [--set NAME ...] [--split report|dev] [--limit N] [--model NAME]
                             [--errors] [--json PATH] [--data DIR]

The report split is what the README quotes; develop on ``--split dev``.  ``--errors`` lists
item-level errors and is refused on the report split: nobody reads those one by one.
Rows also go to ``.artifacts/eval-public.json`` (with the model, commit, date, split and limit),
for ``scripts/eval/compare.py OLD.json NEW.json``.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

from eventwire.eval import SET_MODULES, set_names, spec
from eventwire.eval.damaged import DAMAGES, case_gap_notes, damaged_names
from eventwire.eval.core import DEV, REPORT, Row, run_set
from eventwire.eval.paths import REPO_ROOT, default_data_dir, default_json_path

COLUMNS = ("set", "section", "metric", "value", "items", "seconds")


def set_name(value: str) -> str:
    """A set by its folder name or its module name (``polnear``, ``newswire``, ``case2021`` ...)."""
    by_module = {m: n for n, m in SET_MODULES.items()}
    name = value if value in SET_MODULES or value in damaged_names() else by_module.get(value.replace("-", "_"))
    if name is None:
        raise argparse.ArgumentTypeError(f"unknown set {value!r}; sets: {', '.join(set_names(tuple(DAMAGES)))}")
    return name


def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m eventwire.eval", description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", dest="sets", action="append", type=set_name, metavar="NAME",
                    help=f"a set to run (repeatable; default: {', '.join(set_names())}; "
                         f"also {', '.join(n for n in set_names(tuple(DAMAGES)) if n not in set_names())})")
    ap.add_argument("--split", choices=(REPORT, DEV), default=REPORT, help="report (default) or dev")
    ap.add_argument("--limit", type=int, default=0, help="at most N items per set (0: all)")
    ap.add_argument("--model", help="spaCy model (default: $EVENTWIRE_MODEL, else en_core_web_md)")
    ap.add_argument("--errors", action="store_true", help="print item-level errors (dev split only)")
    ap.add_argument("--json", type=Path, default=None, help=f"where the rows go (default: {default_json_path()})")
    ap.add_argument("--data", type=Path, default=None,
                    help="the public sets' folder (default: ../shared/data beside the repo, or $EVENTWIRE_PUBLIC_DATA)")
    return ap.parse_args(argv)


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head or "unknown") + ("-dirty" if dirty else "")


def format_table(rows: list[Row]) -> str:
    cells = [COLUMNS] + [(r.set, r.section, r.metric, f"{r.value:.3f}", str(r.items), f"{r.seconds:.1f}") for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    right = {3, 4, 5}
    return "\n".join("  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths)))
                     .rstrip() for line in cells)


def main(argv: Optional[list[str]] = None) -> int:
    args = parse_args(argv)
    if args.errors and args.split == REPORT:
        print("eval: --errors is refused on the report split (its errors are not read item by item); "
              "use --split dev", file=sys.stderr)
        return 2
    data = args.data or default_data_dir()
    if not data.is_dir():
        print(f"eval: no public data at {data} (set --data or $EVENTWIRE_PUBLIC_DATA)", file=sys.stderr)
        return 2

    names = args.sets or set_names()
    missing = [n for n in names if not (data / spec(n).folder).is_dir()]
    if missing:
        print(f"eval: no folder for {', '.join(missing)} under {data}", file=sys.stderr)
        return 2

    from eventwire.nlp import load_nlp
    from eventwire.nlp.pipeline import model_name

    started = time.perf_counter()
    commit = git_commit()        # the code that runs, before anything can change under it
    nlp = load_nlp(args.model)   # once for every set
    rows: list[Row] = []
    notes: list[str] = []
    for name in names:
        sheet = run_set(spec(name), data, nlp, args.split, limit=args.limit, errors=args.errors)
        rows += sheet.rows
        notes += sheet.notes
        print(f"[eval] {name}: {sheet.rows[0].seconds if sheet.rows else 0:.1f} s", file=sys.stderr, flush=True)
        for line in sheet.errors or ():
            print(f"  error: {line}", file=sys.stderr)

    print(format_table(rows))
    notes += case_gap_notes(rows)
    for line in notes:
        print(line)
    total = time.perf_counter() - started
    print(f"model {model_name(args.model)}, split {args.split}, limit {args.limit or 'none'}, {total:.0f} s in all")

    out = args.json or default_json_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "model": model_name(args.model), "commit": commit,
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "split": args.split, "limit": args.limit, "seconds": round(total, 1),
        "rows": [dataclasses.asdict(r) for r in rows], "notes": notes,
    }, indent=1) + "\n")
    print(f"rows written to {out}")
    return 0
