"""Seconds and peak RSS for one long synthetic article through parse + extract (issue 17).

    .venv/bin/python scripts/bench_long_article.py [CHARS]      # default 1,000,000

Run it under ``/usr/bin/time -v`` for CPU time; on a shared machine CPU seconds say more than
wall-clock ones.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from _long_article import long_article  # noqa: E402


def main() -> None:
    chars = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    from eventwire.extract import extract
    from eventwire.nlp import parse
    from eventwire.records import Article

    from eventwire.pipeline import load_models

    nlp = load_models()                     # the model and the gazetteer, as ingest loads them
    text = long_article(chars)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    parsed = parse(Article(text=text, date="2023-03-01", language="en"), nlp)
    parsed_at = time.monotonic()
    x = extract(parsed)
    done = time.monotonic()
    print(json.dumps({"chars": len(text), "parse_s": round(parsed_at - started, 1),
                      "extract_s": round(done - parsed_at, 1), "total_s": round(done - started, 1),
                      "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                      "rss_before_mib": round(before / 1024), "warnings": x.warnings,
                      "counts": {k: len(getattr(x, k)) for k in ("entities", "places", "quotes", "quantities",
                                                                 "events")}}))


if __name__ == "__main__":
    main()
