"""Train the truecaser's guess for words no table knows: an acronym ("kgcci" -> "KGCCI") or a
name ("mkula" -> "Mkula")?  Writes ``eventwire/data/case_shapes.tsv.gz``.

    .venv/bin/python scripts/train_case_shapes.py

A naive Bayes model over letter n-grams (1 to 3, with ``^`` and ``$`` marking the word's ends)
and the word's length, trained on the words of ``eventwire/data/word_case.tsv.gz`` (built by
``scripts/build_case_tables.py`` from spaCy's lexeme probabilities) whose usual form is all
capitals or capitalised: each feature's log odds of capitals over capitalised, add-one smoothed,
and the classes' prior log odds.  Nothing here reads an evaluation set.
"""
from __future__ import annotations

import collections
import gzip
import math
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "eventwire" / "data" / "word_case.tsv.gz"
OUT = REPO / "eventwire" / "data" / "case_shapes.tsv.gz"
MIN_SHARE = 0.5            # the form must be the word's usual one
LENGTHS = range(2, 11)
PRIOR = "<prior>"


def main() -> None:
    import sys

    sys.path.insert(0, str(REPO))
    from eventwire.nlp.truecase import shape_features

    counts = {"caps": collections.Counter(), "title": collections.Counter()}
    words = collections.Counter()
    with gzip.open(SOURCE, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.rstrip("\n").partition("\t")
            form, _, share = rest.partition("\t")
            if line.startswith("#") or word == "word" or not form or float(share) < MIN_SHARE:
                continue
            if not word.isalpha() or len(word) not in LENGTHS:
                continue
            kind = "caps" if form.isupper() else "title" if form[:1].isupper() and form[1:].islower() else None
            if kind:
                words[kind] += 1
                counts[kind].update(shape_features(word))
    vocabulary = set(counts["caps"]) | set(counts["title"])
    totals = {k: sum(c.values()) + len(vocabulary) for k, c in counts.items()}
    rows = [(PRIOR, math.log(words["caps"] / words["title"]))]
    rows += [(f, math.log((counts["caps"][f] + 1) / totals["caps"]) - math.log((counts["title"][f] + 1) / totals["title"]))
             for f in sorted(vocabulary)]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# Built by scripts/train_case_shapes.py from word_case.tsv.gz; do not edit by hand.\n")
        fh.write("feature\tlog_odds\n")
        unseen = -math.log(totals["caps"]) + math.log(totals["title"])
        fh.write(f"<unseen>\t{unseen:.3f}\n")
        for f, v in rows:
            fh.write(f"{f}\t{v:.3f}\n")
    print(f"{OUT.relative_to(REPO)}: {len(rows)} features from {words['caps']} capitals and {words['title']} "
          "capitalised words")


if __name__ == "__main__":
    main()
