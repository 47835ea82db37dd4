"""Quotation marks on the raw text: where each quoted segment starts and ends, and paragraphs.

Robust to tokenization: straight and curly double quotes, curly single quotes used as double
quotes, guillemets, and quotes running over several paragraphs (no closing mark until the next
paragraph's opening mark).  An unbalanced mark never runs past its paragraph.  Used by quotes
(what is said), and by mentions and quantities (nothing inside a quotation is an antecedent or a
source).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional

from eventwire.records import Span

OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", "\u201f": "\u201d"}
CLOSERS = {"\u201d", "\u00bb"}
STRAIGHT = '"'
SINGLE_OPEN, SINGLE_CLOSE = "\u2018", "\u2019"
STRAIGHT_SINGLE = "'"
MIN_WORDS = 3
WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
SENT_END = re.compile(r"[.!?](?=[\s\"\u201d\u2019]|$)")


@dataclass
class Segment:
    parts: list[Span]                     # inner text spans (marks excluded)
    open_at: int                          # index of the opening mark
    close_at: Optional[int]               # index of the closing mark (None: ran to a paragraph end)
    paragraph: int
    # what quotes.py finds for it: the speaker (a mentions.Resolution), the attributing verb's
    # token index, and whether its own sentence attributes it
    speaker: Optional[object] = None
    verb_i: Optional[int] = None
    own_attribution: bool = False

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    @property
    def outer_end(self) -> int:
        return (self.close_at + 1) if self.close_at is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, hard) for each paragraph.  Blank lines separate paragraphs (hard); a single
    newline after a sentence end followed by a capital or a quotation mark is a soft break
    (hard-wrapped feeds)."""
    out = []
    for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        block_start, block = m.start(), m.group(0)
        start, hard = block_start, True
        for nl in re.finditer(r"\n", block):
            before = block[:nl.start()].rstrip()
            after = block[nl.end():].lstrip()
            if before and before[-1] in ".!?\"\u201d\u2019:" and after[:1] and (after[0].isupper() or after[0] in "\"\u201c\u00ab\u2018\u25ba\u2022-"):
                out.append((start, block_start + nl.start(), hard))
                start, hard = block_start + nl.end(), False
        out.append((start, block_start + len(block), hard))
    return [(s, e, h) for s, e, h in out if text[s:e].strip()]


def _is_opening_straight(text: str, i: int) -> Optional[bool]:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    opens = (prev.isspace() or prev in "([{\u2014\u2013-:;,/") and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013-/" or i + 1 == len(text))
    if opens and not closes:
        return True
    if closes and not opens:
        return False
    return None


def find_segments(text: str) -> list[Segment]:
    """Quoted segments of ``text``: double-quote level first, then curly single quotes used as
    double quotes outside any double-quoted segment."""
    paras = paragraphs(text)
    segs: list[Segment] = []
    cur: Optional[dict] = None   # {"open": i, "closer": set, "parts": [[s, None]], "para": k}

    def para_starts_with_open(k: int) -> bool:
        if k >= len(paras):
            return False
        s, e, _ = paras[k]
        stripped = text[s:e].lstrip()
        return bool(stripped) and (stripped[0] in OPENERS or stripped[0] == STRAIGHT)

    def has_close_before_open(k: int) -> bool:
        if k >= len(paras):
            return False
        s, e, _ = paras[k]
        for i in range(s, e):
            c = text[i]
            if c in CLOSERS:
                return True
            if c in OPENERS:
                return False
            if c == STRAIGHT:
                return _is_opening_straight(text, i) is not True
        return False

    for k, (ps, pe, hard) in enumerate(paras):
        if cur is not None:
            # a quote left open by the previous paragraph
            if para_starts_with_open(k):
                lead = ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip()))
                cur["parts"][-1][1] = paras[k - 1][1]
                cur["parts"].append([lead + 1, None])
                i0 = lead + 1
            elif not hard and has_close_before_open(k):
                i0 = ps
            else:
                cur = None
                i0 = ps
        else:
            i0 = ps
        i = i0
        while i < pe:
            c = text[i]
            if cur is None:
                if c in OPENERS or (c == STRAIGHT and _is_opening_straight(text, i) is not False):
                    cur = {"open": i, "parts": [[i + 1, None]], "para": k}
                elif c in CLOSERS and i + 1 < pe and not text[i + 1].isspace() and (i == 0 or text[i - 1].isspace()):
                    cur = {"open": i, "parts": [[i + 1, None]], "para": k}  # a closing mark used to open
            else:
                closing = c in CLOSERS or (c == STRAIGHT and _is_opening_straight(text, i) is not True)
                if c in OPENERS and c not in CLOSERS and i > cur["parts"][-1][0]:
                    # a new opening mark while open: the earlier one was stray
                    cur = {"open": i, "parts": [[i + 1, None]], "para": k}
                elif closing:
                    cur["parts"][-1][1] = i
                    segs.append(Segment([tuple(p) for p in cur["parts"]], cur["open"], i, cur["para"]))
                    cur = None
            i += 1
        if cur is not None and k + 1 < len(paras):
            nxt_open = para_starts_with_open(k + 1)
            nxt_soft = not paras[k + 1][2] and has_close_before_open(k + 1)
            if not (nxt_open or nxt_soft):
                cur = None
        elif cur is not None:
            cur = None
    segs.extend(_single_quoted(text, paras, segs))
    segs.sort(key=lambda s: s.open_at)
    return segs


def _single_quoted(text: str, paras, doubles: list[Segment]) -> list[Segment]:
    """Single quotes used as double quotes, outside any double-quoted segment, in one paragraph:
    curly (an opening ‘ at a word start and a closing ’ not followed by a letter) and straight
    (see ``_straight_single``)."""
    covered = _merged(sorted((s.open_at, s.outer_end) for s in doubles))
    starts = [a for a, _ in covered]
    out = []
    for k, (ps, pe, _) in enumerate(paras):
        i = ps
        while i < pe:
            at = bisect.bisect_right(starts, i) - 1
            if at >= 0 and i < covered[at][1]:        # inside a double-quoted segment: skip past it
                i = covered[at][1]
                continue
            if text[i] == SINGLE_OPEN and (i == 0 or not text[i - 1].isalnum()) and i + 1 < pe and text[i + 1].isalnum():
                j = i + 1
                close = None
                while j < pe:
                    if text[j] == SINGLE_CLOSE and not text[j - 1].isspace() and (j + 1 >= len(text) or not text[j + 1].isalnum()):
                        close = j
                        break
                    if text[j] == SINGLE_OPEN:
                        break
                    j += 1
                if close is not None:
                    out.append(Segment([(i + 1, close)], i, close, k))
                    i = close + 1
                    continue
            elif text[i] == STRAIGHT_SINGLE:
                close = _straight_single(text, i, pe)
                after = bisect.bisect_right(starts, i)
                if close is not None and not (after < len(starts) and starts[after] < close):
                    out.append(Segment([(i + 1, close)], i, close, k))
                    i = close + 1
                    continue
            i += 1
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with the overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# A quotation in straight single quotes is searched for this far at most (a paragraph can be a
# whole article, and each apostrophe would otherwise scan to its end).
MAX_SINGLE_QUOTED = 5_000
_SINGLE_OPEN_AFTER = "([{\u2014\u2013-:;,/"
_SINGLE_CLOSE_BEFORE = ".,;:!?)]}\u2014\u2013-/"


def _straight_single(text: str, i: int, pe: int) -> Optional[int]:
    """The closing mark of a straight single quote opening at ``i``, or None.  It opens after
    whitespace (or the paragraph start, an opening bracket or a dash) before a letter or digit, and
    closes after a non-space before whitespace or punctuation; the content has at least
    ``MIN_WORDS`` words.  A close right after punctuation ("...,' he said") wins over one after a
    plain word, which may be a plural possessive ("the soldiers' families")."""
    prev = text[i - 1] if i > 0 else " "
    if not (prev.isspace() or prev in _SINGLE_OPEN_AFTER) or i + 1 >= pe or not text[i + 1].isalnum():
        return None
    weak = None
    for j in range(i + 2, min(pe, i + MAX_SINGLE_QUOTED)):
        if text[j] != STRAIGHT_SINGLE or text[j - 1].isspace():
            continue
        nxt = text[j + 1] if j + 1 < len(text) else " "
        if not (nxt.isspace() or nxt in _SINGLE_CLOSE_BEFORE or j + 1 >= pe):
            continue  # an apostrophe inside a word: "don't", "Kyiv's"
        if word_count(text[i + 1:j]) < MIN_WORDS:
            continue
        if text[j - 1] in ",.!?;:\u2026" or nxt in ".,;:!?)":
            return j
        if weak is None and text[j - 1].lower() != "s":
            weak = j
    return weak


def clean_span(text: str, s: int, e: int) -> Span:
    """Trim whitespace and a trailing comma (or colon, dash) from the inner span."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:\u2014\u2013-"):
        e -= 1
    return (s, e)


def word_count(text: str) -> int:
    return len(WORD.findall(text))
