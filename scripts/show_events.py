#!/usr/bin/env python3
"""Print the events the coder finds in article files (debugging aid).

usage: show_events.py FILE...   (seed-form .txt files: `date YYYY-MM-DD` then the body)
"""
import sys

from eventwire.extract import extract
from eventwire.ingest.readers import iter_inputs
from eventwire.nlp import load_nlp, parse


def main(paths):
    nlp = load_nlp()
    for art in iter_inputs(paths):
        if not hasattr(art, "text"):
            print(art)
            continue
        print(f"== {art.origin} {art.date}")
        for e in extract(parse(art, nlp)).events:
            s = e.source.name if e.source else None
            t = e.target.name if e.target else None
            print(f"{e.type:9} {s!s:30} -> {t!s:30} | {e.trigger:12} | {e.place} | {e.date}{'?' if e.date_inferred else ''}"
                  f" | by {e.claimed_by} | {e.sentence[:90]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
