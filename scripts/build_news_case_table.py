"""Build ``eventwire/data/news_case.tsv.gz``: how news text writes words and word pairs.

    .venv/bin/python scripts/build_news_case_table.py [--data ../shared/data] [--exclude SET ...]

``word_case`` (``scripts/build_case_tables.py``) comes from spaCy's web-wide lexeme
probabilities: "ministry", "party" or "minister" are rarely capitalised on the web at large,
but news writes "the Ministry", "the Labour Party", "Prime Minister".  This table counts, over
cased news text, each lower-case word's written forms and each pair of neighbouring words'
written forms, and keeps:

- ``word`` rows: a word seen at least ``MIN_WORD_COUNT`` times with no capitalised neighbour
  (inside a name, "hurricane" and "county" are capitalised; alone they are not), whose most
  common form there is not all lower case, or whose capitalised share differs from
  ``word_case``'s by ``MIN_DISAGREEMENT`` (news can also say a word is *less* often a name than
  the web does);
- ``pair`` rows: two words joined by one space, seen at least ``MIN_PAIR_COUNT`` times with no
  capitalised word on either side of the pair, whose most common form there has a capital ("labour party" -> "Labour Party", "the ministry" -> "the Ministry");
- ``after`` rows: a word seen at least ``MIN_AFTER_COUNT`` times right after a capitalised word
  (not one opening a sentence), whose most common form there has a capital at least half the
  time: the words that go on a name ("Holdings", "Industries", "Cement" after a company's name),
  unlike those that follow one ("said", "police" in "the Kenyan police");
- ``of_field`` rows: a word seen at least ``MIN_OF_COUNT`` times right after a capitalised word
  and "of" or "for" ("the" may stand between), whose most common form there has a capital at least
  half the time: the fields an institution is named by ("Ministry of Fisheries", "Guild of
  Weavers"), unlike "Governor of the state" or "President of the company".

Each row has the lower-case key, the most common not-all-lower-case form (or "" when there is
none), that form's share of the occurrences and the count.  Words opening a sentence, and lines
or whole texts that are themselves in capitals or in lower case (headlines, damaged copy), are
not counted: their case says nothing about the word.

Which text goes in: the DEVELOPMENT parts only, each read with its own set's loader and split
(``eventwire/eval/*.py``), never a report part:
PolNeAR ``train/`` (840 articles), Worldwide Newswire development files (index % 5 != 0 of the
sorted annotated files), TR-News and GeoWebNews development articles (index % 5 != 0), CASE 2021
task 2 development snippets and IDETECT development excerpts (index % 2 != 0, with IDETECT's
``IDMC_fully_labelled`` rows).  ``--exclude`` leaves a set out (to measure the table on a set's
dev split without having counted that split).
"""
from __future__ import annotations

import argparse
import gzip
import io
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eventwire.eval import spec                                   # noqa: E402
from eventwire.eval.core import DEV                                # noqa: E402
from eventwire.eval.paths import default_data_dir                  # noqa: E402
from eventwire.nlp.truecase import (_TOKEN, DATELINE, _Counts, _gz_rows, _sentence_start,  # noqa: E402
                                    detect_case, lower_keeping_length)

SETS = ("polnear", "worldwide-newswire", "tr-news", "geowebnews", "case2021-task2", "idetect")
OUT = REPO / "eventwire" / "data" / "news_case.tsv.gz"
MIN_WORD_COUNT = 5
MIN_PAIR_COUNT = 2
MIN_DISAGREEMENT = 0.25
MIN_AFTER_COUNT = 3
MIN_OF_COUNT = 3
OF_LINKS = ("of", "for")


def dev_texts(data_dir: Path, sets) -> list[str]:
    texts = []
    for name in sets:
        s = spec(name)
        items = s.load(data_dir / s.folder, DEV)
        texts += [i.text for i in items if i.text]
        print(f"{name}: {len(items)} development items", file=sys.stderr)
    return texts


def usable_lines(text: str):
    """(start, end) of the lines whose case can be trusted: not in capitals, not all lower case."""
    pos = 0
    for line in text.split("\n"):
        counts = _Counts.of(line)
        in_capitals = counts.upper >= 2 and counts.upper >= 0.5 * counts.long_words
        if line.strip() and not in_capitals:
            yield pos, pos + len(line)
        pos += len(line) + 1


def count(texts: list[str]):
    """(alone, pairs, after, of_field): lower-case key -> Counter of written forms.  ``alone``: a word's forms
    where neither neighbour has a capital (a word capitalised mostly inside names, "hurricane",
    "county", is not a name by itself); ``pairs``: two neighbours' forms, likewise where neither
    word beside the pair has a capital ("Monetary Fund for" says nothing of "fund for");
    ``after``: a word's forms right after a capitalised word that does not open a sentence;
    ``of_field``: a word's forms right after a capitalised word and "of"/"for" ("the" may follow the link)."""
    alone: dict[str, Counter] = defaultdict(Counter)
    of_field: dict[str, Counter] = defaultdict(Counter)
    pairs: dict[str, Counter] = defaultdict(Counter)
    after: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        regions = detect_case(text).regions      # lower-case or capitals copy: its case is no evidence
        damaged = [r for r in regions if r.kind != DATELINE]
        datelines = [r for r in regions if r.kind == DATELINE]
        for start, end in usable_lines(text):
            if any(r.start < end and start < r.end for r in damaged):
                continue
            tokens = list(_TOKEN.finditer(text, start, end))
            usable = [m.group()[:1].isalpha() and not _sentence_start(text, m.start(), start)
                      and not any(r.start <= m.start() < r.end for r in datelines) for m in tokens]
            joined = [text[a.end():b.start()] == " " for a, b in zip(tokens, tokens[1:])]
            for k, m in enumerate(tokens):
                if not usable[k]:
                    continue
                word = m.group()
                key = lower_keeping_length(word)
                left = tokens[k - 1].group() if k and joined[k - 1] else ""
                right = tokens[k + 1].group() if k + 1 < len(tokens) and joined[k] else ""
                if not left[:1].isupper() and not right[:1].isupper():
                    alone[key][word] += 1
                outer = tokens[k - 2].group() if k >= 2 and joined[k - 2] else ""
                if left and usable[k - 1] and not outer[:1].isupper() and not right[:1].isupper():
                    pairs[lower_keeping_length(left) + " " + key][left + " " + word] += 1
                if left[:1].isupper() and usable[k - 1]:
                    after[key][word] += 1
            for k in range(1, len(tokens) - 1):
                if tokens[k].group() not in OF_LINKS or not (joined[k - 1] and joined[k]):
                    continue
                f = k + 2 if tokens[k + 1].group() == "the" and k + 2 < len(tokens) and joined[k + 1] else k + 1
                head, field = tokens[k - 1].group(), tokens[f].group()
                if usable[k - 1] and usable[f] and head[:1].isupper() and head.isalpha() and field.isalpha():
                    of_field[lower_keeping_length(field)][field] += 1
    return alone, pairs, after, of_field


def word_case_shares() -> dict[str, float]:
    return {w: float(s) for w, _, s in _gz_rows("word_case.tsv.gz", ("word", "form", "share"))}


def best_cased(key: str, forms: Counter) -> tuple[str, float, int]:
    total = sum(forms.values())
    cased = {f: n for f, n in forms.items() if f != key}
    if not cased:
        return "", 0.0, total
    best = max(cased, key=lambda f: (cased[f], f))
    return best, cased[best] / total, total


def table_rows(alone, pairs, web: dict[str, float], after=None, of_field=None) -> list[tuple[str, ...]]:
    rows = []
    for key, forms in sorted(alone.items()):
        form, share, total = best_cased(key, forms)
        if total < MIN_WORD_COUNT or len(form) not in (0, len(key)):
            continue
        if share > 0.5 or abs(share - web.get(key, 0.0)) >= MIN_DISAGREEMENT:
            rows.append(("word", key, form, f"{share:.2f}", str(total)))
    # a pair needs a capitalised form more than half the time; a word after a capital, half the time
    for kind, counted, least, more_than_half in (("pair", pairs, MIN_PAIR_COUNT, True),
                                                 ("after", after or {}, MIN_AFTER_COUNT, False),
                                                 ("of_field", of_field or {}, MIN_OF_COUNT, False)):
        for key, forms in sorted(counted.items()):
            form, share, total = best_cased(key, forms)
            if total >= least and form and (share > 0.5 if more_than_half else share >= 0.5) \
                    and len(form) == len(key):
                rows.append((kind, key, form, f"{share:.2f}", str(total)))
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--exclude", action="append", default=[], choices=SETS)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    data_dir = args.data or default_data_dir()
    alone, pairs, after, of_field = count(dev_texts(data_dir, [s for s in SETS if s not in args.exclude]))
    rows = table_rows(alone, pairs, word_case_shares(), after, of_field)
    with gzip.GzipFile(args.out, "wb", compresslevel=9, mtime=0) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8") as fh:    # mtime 0: the same input gives the same bytes
        fh.write("# built by scripts/build_news_case_table.py from development splits only\n")
        fh.write("kind\tkey\tform\tshare\tcount\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{args.out}: {sum(r[0] == 'word' for r in rows)} words, {sum(r[0] == 'pair' for r in rows)} pairs, "
          f"{sum(r[0] == 'after' for r in rows)} words after a capital, "
          f"{sum(r[0] == 'of_field' for r in rows)} words after a capital and 'of', "
          f"{args.out.stat().st_size // 1024} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
