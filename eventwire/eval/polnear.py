"""PolNeAR v1.0.0 (Newell et al. 2018): direct quotes and their speakers, end to end.

Split, upstream's: report = ``dev/`` (84 articles), development = ``train/`` (840 articles).
For an article annotated by several people, the first ``.ann`` file in sorted order is used.

Gold quotes: the attributions whose Content contains a double quotation mark (straight or curly),
with the content span as annotated (possibly discontinuous, several parts).

- ``p`` / ``r`` / ``f1``: our ``quotes`` matched one-to-one to gold contents by character overlap
  (largest overlap first; a quote overlapping only an already matched content counts neither way).
- ``speaker_acc``: over matched quotes whose gold Source is named (its text has a capitalised word
  that is not a pronoun, determiner or title), the share whose speaker is right: our speaker (its
  canonical name or an alias of that entity) shares a name token with the gold source text, beyond
  the shared scorer's stop words and person titles (text normalised with ``score.py``'s ``norm``).
- ``attr_p`` / ``attr_r`` / ``attr_f1``: attributed quotes over gold quotes with a named source:
  right = matched AND speaker right; a matched quote with the wrong speaker is both a false positive
  and a miss (as ``score.py``'s ``quotes_attributed``); quotes matched to unnamed-source gold are left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from eventwire.eval.core import REPORT, Item, SetSpec, Sheet, shared_scorer

QUOTE_MARKS = re.compile('["\u201c\u201d]')
# words that start with a capital but do not name anyone
UNNAMED = frozenset("""he she it they we i you his her hers their theirs its our ours my your yours him them us me
this that these those the a an some many several who whom which what one another both all each any other others
such most few none no every either neither""".split())


@dataclass
class Attribution:
    content: list[tuple[int, int]]
    content_text: str
    source: Optional[str] = None          # the Source span's text, parts joined by a space
    source_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Gold:
    quotes: list[Attribution] = field(default_factory=list)


def parse_spans(field_: str) -> list[tuple[int, int]]:
    """``start end[;start end...]`` -> [(start, end), ...]."""
    return [tuple(int(x) for x in part.split()) for part in field_.split(";")]


def read_ann(text: str, ann: str) -> list[Attribution]:
    """Every attribution of a BRAT PolNeAR file whose content holds a quotation mark."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, where = parts[1].partition(" ")
            spans[parts[0]] = parse_spans(where)
    out = []
    for line in ann.splitlines():
        if not line.startswith("E"):
            continue
        roles = dict(arg.split(":", 1) for arg in line.split("\t")[1].split() if ":" in arg)
        content = spans.get(roles.get("Content", ""))
        if not content:
            continue
        content_text = " ".join(text[s:e] for s, e in content)
        if not QUOTE_MARKS.search(content_text):
            continue
        source = spans.get(roles.get("Source", ""))
        out.append(Attribution(content, content_text, " ".join(text[s:e] for s, e in source) if source else None,
                               list(source or [])))
    return out


def read_split(folder: Path) -> list[Item]:
    """One item per article of ``folder`` (``text/*.txt`` + the first ``attributions/<name>_*.ann``)."""
    dates = {}
    meta = folder.parent / "metadata.tsv"
    if meta.exists():
        lines = meta.read_text(encoding="utf-8").splitlines()
        head = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(head, line.split("\t")))
            dates[row.get("filename")] = row.get("publication_date")
    anns = sorted((folder / "attributions").glob("*.ann"))
    items = []
    for txt in sorted((folder / "text").glob("*.txt")):
        mine = [a for a in anns if a.stem.rpartition("_")[0] == txt.stem]
        if not mine:
            continue
        text = txt.read_text(encoding="utf-8")
        items.append(Item(id=txt.stem, text=text, date=dates.get(txt.stem) or "2016-01-01",
                          gold=Gold(read_ann(text, mine[0].read_text(encoding="utf-8")))))
    return items


def load(folder: Path, split: str) -> list[Item]:
    return read_split(folder / ("dev" if split == REPORT else "train"))


class Names:
    """Name tokens the way the shared scorer sees them, without stop words and person titles."""

    def __init__(self):
        from eventwire.names import titles

        self.score = shared_scorer()
        self.titles = set(titles()) | {"president", "senator", "sen", "rep", "gov", "governor"}

    def tokens(self, *names: Optional[str]) -> set[str]:
        out = set()
        for name in names:
            out |= set(self.score.norm(name).split())
        return out - self.score.STOP - self.titles

    def named(self, source: Optional[str]) -> bool:
        if not source:
            return False
        capitalised = [w for w in re.findall(r"[A-Z][\w'\u2019.-]*", source)]
        return any(w.lower().strip(".") not in UNNAMED and self.tokens(w) for w in capitalised)


def speaker_names(quote, extraction) -> list[str]:
    if not quote.speaker:
        return []
    aliases = [a for e in extraction.entities if e.name == quote.speaker for a in e.aliases]
    return [quote.speaker] + aliases


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(quotes, gold: list[Attribution]) -> tuple[list[tuple[object, Attribution]], list]:
    """(pairs, unmatched system quotes); quotes that only hit already-matched gold are dropped."""
    used: set[int] = set()
    pairs, false = [], []
    for q in quotes:
        spans = list(q.spans) or [q.span]
        scored = [(overlap(spans, g.content), j) for j, g in enumerate(gold)]
        free = [(o, j) for o, j in scored if o > 0 and j not in used]
        if free:
            j = max(free)[1]
            used.add(j)
            pairs.append((q, gold[j]))
        elif not any(o > 0 for o, _ in scored):
            false.append(q)
    return pairs, false


def score(items, extractions, sheet: Sheet) -> None:
    names = Names()
    n_sys = n_gold = tp = 0
    spk_n = spk_ok = 0
    attr_gold = attr_fp = 0
    for item, ex in zip(items, extractions):
        gold = item.gold.quotes
        pairs, false = match(ex.quotes, gold)
        n_sys += len(pairs) + len(false)
        n_gold += len(gold)
        tp += len(pairs)
        attr_gold += sum(names.named(g.source) for g in gold)
        attr_fp += len(false)
        for q, g in pairs:
            if not names.named(g.source):
                continue
            right = bool(names.tokens(*speaker_names(q, ex)) & names.tokens(g.source))
            spk_n += 1
            spk_ok += right
            attr_fp += not right
            if not right:
                sheet.error(f"polnear {item.id}: speaker {q.speaker!r} for gold {g.source!r}: {q.text[:60]!r}")
        for q in false:
            sheet.error(f"polnear {item.id}: quote not in gold: {q.text[:60]!r}")
        matched = {id(g) for _, g in pairs}
        for g in gold:
            if id(g) not in matched:
                sheet.error(f"polnear {item.id}: missed quote by {g.source!r}: {g.content_text[:60]!r}")
    sheet.prf("", tp, n_sys, tp, n_gold)
    sheet.row("speaker_acc", spk_ok / spk_n if spk_n else 0.0, spk_n)
    sheet.prf("attr_", spk_ok, spk_ok + attr_fp, spk_ok, attr_gold)


SPEC = SetSpec("polnear", "quotes", "polnear", load, score)
