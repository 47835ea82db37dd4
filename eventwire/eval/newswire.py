"""English Worldwide Newswire (Shan et al. 2023): PERSON and ORG entities, end to end.

Split, fixed once: annotated files sorted by name (``processed_annotated/X.txt.tsv``); report =
index % 5 == 0, development = the rest.  No upstream split is shipped with the data.

Gold: the BIO ``Person`` -> PERSON and ``Organization`` -> ORG mentions.  Their character spans
come from walking the tokens through ``original_articles/X.txt`` (each token found at or shortly
after the previous one); a mention with a token that could not be placed (mojibake in the tsv)
is left out, and the aligned share is printed as ``aligned_*`` rows.  The article's first line,
its URL, is blanked (spaces, so offsets hold) before extraction: the gold does not annotate it.

- ``person_*``, ``org_*``, ``all_*`` p/r/f1: entity-level exact match of character spans; ours =
  every span of every entity of that type.
- ``partial_f1``: token overlap: PERSON/ORG tokens of the gold against tokens that a system span
  of the same type covers (both types together).
- ``loc_*``: extra: our place mentions against gold Location and Facility mentions, exact match.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from eventwire.eval.core import Item, SetSpec, Sheet, every_nth

TYPES = {"Person": "PERSON", "Organization": "ORG", "Location": "LOC", "Facility": "LOC"}
WINDOW = 100   # how far past the previous token the next one may start (skipped whitespace, markup)


@dataclass
class Gold:
    mentions: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, PERSON|ORG|LOC)
    tokens: list[tuple[int, int, str]] = field(default_factory=list)     # aligned tokens: (start, end, type or "")
    n_tokens: int = 0
    n_aligned: int = 0                                                    # tokens placed in the raw text
    dropped: int = 0                                                      # mentions with an unplaced token


def read_tsv(tsv: str) -> list[tuple[str, str]]:
    """(token, outer BIO tag) per line.  Nested annotations add more tag columns ("B-Organization
    <TAB> B-Location" for the Location inside an Organization name): only the first, outermost
    one is the mention that NER scoring counts."""
    rows = []
    for line in tsv.splitlines():
        if line.strip():
            token, _, tags = line.partition("\t")
            rows.append((token, tags.split("\t")[0].strip() or "O"))
    return rows


def align(text: str, rows: list[tuple[str, str]]) -> list[Optional[tuple[int, int]]]:
    """Character span of each token in ``text``, or None where it is not found near the previous one."""
    out: list[Optional[tuple[int, int]]] = []
    pos = 0
    for token, _ in rows:
        at = text.find(token, pos, pos + WINDOW + len(token))
        if at < 0:
            out.append(None)
            continue
        out.append((at, at + len(token)))
        pos = at + len(token)
    return out


def gold_of(text: str, rows: list[tuple[str, str]]) -> Gold:
    spans = align(text, rows)
    url_end = text.find("\n") if text.startswith("http") else -1
    gold = Gold(n_tokens=len(rows), n_aligned=sum(s is not None for s in spans))
    current: Optional[list] = None     # [start, end, type, complete]

    def close():
        if current is None:
            return
        if current[3]:
            gold.mentions.append((current[0], current[1], current[2]))
        else:
            gold.dropped += 1

    for (token, tag), span in zip(rows, spans):
        prefix, _, label = tag.partition("-")
        kind = TYPES.get(label) if prefix in ("B", "I") else None
        if span is not None and span[0] > url_end:
            gold.tokens.append((span[0], span[1], kind if kind in ("PERSON", "ORG") else ""))
        if kind is None or prefix == "B" or current is None or current[2] != kind:
            close()
            current = None
            if kind is not None:
                current = [span[0] if span else -1, span[1] if span else -1, kind, span is not None]
            continue
        if span is None:
            current[3] = False
        else:
            current[1] = span[1]
            if current[0] < 0:
                current[0] = span[0]
    close()
    gold.mentions = [m for m in gold.mentions if m[0] > url_end]
    return gold


def blank_url_line(text: str) -> str:
    if not text.startswith("http"):
        return text
    end = text.find("\n")
    end = len(text) if end < 0 else end
    return " " * end + text[end:]


def load(folder: Path, split: str) -> list[Item]:
    names = sorted(p.name[: -len(".tsv")] for p in (folder / "processed_annotated").glob("*.txt.tsv"))
    keep = every_nth(names, 5, split)
    items = []
    for name in sorted(keep):
        raw = folder / "original_articles" / name
        if not raw.exists():
            continue
        text = raw.read_text(encoding="utf-8", errors="replace")
        rows = read_tsv((folder / "processed_annotated" / f"{name}.tsv").read_text(encoding="utf-8"))
        items.append(Item(id=name, text=blank_url_line(text), gold=gold_of(text, rows)))
    return items


def system_spans(extraction) -> set[tuple[int, int, str]]:
    spans = {(s, e, ent.type) for ent in extraction.entities if ent.type in ("PERSON", "ORG") for s, e in ent.spans}
    spans |= {(s, e, "LOC") for p in extraction.places for s, e in p.spans}
    return spans


def score(items, extractions, sheet: Sheet) -> None:
    counts = {k: [0, 0, 0] for k in ("PERSON", "ORG", "LOC")}   # tp, fp, fn
    tok = [0, 0, 0]
    aligned_files = aligned_tokens = n_tokens = dropped = 0
    for item, ex in zip(items, extractions):
        gold: Gold = item.gold
        n_tokens += gold.n_tokens
        aligned_tokens += gold.n_aligned
        dropped += gold.dropped
        aligned_files += gold.n_aligned == gold.n_tokens
        ours = system_spans(ex)
        theirs = set(gold.mentions)
        for kind, c in counts.items():
            mine = {m for m in ours if m[2] == kind}
            gold_k = {m for m in theirs if m[2] == kind}
            c[0] += len(mine & gold_k)
            c[1] += len(mine - gold_k)
            c[2] += len(gold_k - mine)
            if kind != "LOC":
                for s, e, _ in sorted(gold_k - mine):
                    sheet.error(f"newswire {item.id}: missed {kind} {ex.article.text[s:e]!r}")
                for s, e, _ in sorted(mine - gold_k):
                    sheet.error(f"newswire {item.id}: false {kind} {ex.article.text[s:e]!r}")
        for s, e, kind in gold.tokens:
            covered = next((k for a, b, k in ours if k in ("PERSON", "ORG") and a <= s and e <= b), "")
            if kind and covered == kind:
                tok[0] += 1
            else:
                tok[1] += bool(covered)
                tok[2] += bool(kind)
    for kind, prefix in (("PERSON", "person_"), ("ORG", "org_")):
        sheet.counts(prefix, *counts[kind])
    both = [counts["PERSON"][i] + counts["ORG"][i] for i in range(3)]
    sheet.counts("all_", *both)
    p_tok = tok[0] / (tok[0] + tok[1]) if tok[0] + tok[1] else 0.0
    r_tok = tok[0] / (tok[0] + tok[2]) if tok[0] + tok[2] else 0.0
    sheet.row("partial_f1", 2 * p_tok * r_tok / (p_tok + r_tok) if p_tok + r_tok else 0.0, tok[0] + tok[2])
    sheet.counts("loc_", *counts["LOC"], section="places")
    sheet.row("aligned_files", aligned_files / len(items) if items else 0.0, len(items))
    sheet.row("aligned_tokens", aligned_tokens / n_tokens if n_tokens else 0.0, n_tokens)
    if dropped:
        sheet.note(f"worldwide-newswire: {dropped} gold mentions left out (a token not found in the raw text)")


SPEC = SetSpec("worldwide-newswire", "entities", "worldwide-newswire", load, score)
