"""Build ``eventwire/data/verb_forms.txt.gz``: inflected English verb forms ("agreed", "granted",
"warning"), which the truecaser never takes for names on a middling capital share alone.

    .venv/bin/python scripts/build_verb_forms.py

The word case statistics count a word's capitalised form at every sentence start and heading,
so a verb that often opens a sentence ("Agreed, ...", "Added to that, ...") looks as capitalised
as a name written in lower case online ("Odinga").  Verb forms are almost never names; nouns
often are ("Rose", "Walker"), so only forms that are not themselves a noun are listed (participles
that are adjectives stay: "agreed", "granted").  Source: the WordNet lemma index, suffix rules and
irregular forms that the default spaCy model's lemmatizer ships.  Nothing here reads an
evaluation set.
"""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "eventwire" / "data" / "verb_forms.txt.gz"


def plain(word: str) -> bool:
    return word.replace("-", "").isalpha() and word.islower()


def main() -> None:
    sys.path.insert(0, str(REPO))
    from eventwire.nlp import load_nlp

    lookups = load_nlp().get_pipe("lemmatizer").lookups
    index, rules, exceptions = (lookups.get_table(n) for n in ("lemma_index", "lemma_rules", "lemma_exc"))
    lemmas = {w for w in index.get("verb", []) if plain(w)}
    forms = {form for form in exceptions.get("verb", {}) if plain(form)}
    for ending, suffix in rules.get("verb", []):     # a rule maps the form's ending to the lemma's suffix
        forms |= {lemma[: len(lemma) - len(suffix)] + ending for lemma in lemmas
                  if ending and lemma.endswith(suffix) and len(lemma) > len(suffix) + 1}
    nouns = set(index.get("noun", [])) | set(exceptions.get("noun", {}))
    words = sorted(forms - nouns - lemmas)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# Built by scripts/build_verb_forms.py from the spaCy model's WordNet lemma tables.\n")
        fh.write("word\n")
        fh.writelines(f"{w}\n" for w in words)
    print(f"{OUT.relative_to(REPO)}: {len(words)} verb forms")


if __name__ == "__main__":
    main()
