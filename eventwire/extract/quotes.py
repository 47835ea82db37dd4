"""Quotes: direct quotations with their speakers.

Quotation marks are found on the raw text (robust to tokenization): straight and curly double
quotes, curly single quotes used as double quotes, guillemets, and quotes running over several
paragraphs (no closing mark until the next paragraph's opening mark).  An unbalanced mark never
runs past its paragraph.  Each quoted segment is then mapped to spaCy tokens to find its
attribution (see ``attribution``); a quotation split by its attribution ("...," he said. "...")
becomes one quote whose ``spans`` lists each part.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from eventwire import lexicons
from eventwire.extract.attribution import Resolution, Resolver, is_speech_verb
from eventwire.nlp import ParsedArticle, sentence_of
from eventwire.records import Entity, Place, Quote, Span

OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", "\u201f": "\u201d"}
CLOSERS = {"\u201d", "\u00bb"}
STRAIGHT = '"'
SINGLE_OPEN, SINGLE_CLOSE = "\u2018", "\u2019"
STRAIGHT_SINGLE = "'"
MIN_WORDS = 3
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
_SENT_END = re.compile(r"[.!?](?=[\s\"\u201d\u2019]|$)")


@dataclass
class Segment:
    parts: list[Span]                     # inner text spans (marks excluded)
    open_at: int                          # index of the opening mark
    close_at: Optional[int]               # index of the closing mark (None: ran to a paragraph end)
    paragraph: int
    speaker: Optional[Resolution] = None
    verb_i: Optional[int] = None          # token index of the attributing verb
    own_attribution: bool = False
    merged: list["Segment"] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    @property
    def outer_end(self) -> int:
        return (self.close_at + 1) if self.close_at is not None else self.end


def is_quote_verb(tok) -> bool:
    """A verb that takes a quoted phrase without being a reporting verb ("blamed "..."",
    "ordered police to "..."", "chanting "...""): ``data/quote_verbs.txt``."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lexicons.words("quote_verbs")


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
    return len(_WORD.findall(text))


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence holding ``pos`` (raw text), not before ``floor``."""
    best = floor
    for m in _SENT_END.finditer(text, floor, pos):
        best = m.end()
    return best


def _sentence_end(text: str, pos: int, ceiling: int) -> int:
    m = _SENT_END.search(text, pos, ceiling)
    return m.end() if m else ceiling


def _tokens_between(doc, start: int, end: int):
    if end <= start:
        return []
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


class _Attributor:
    def __init__(self, parsed: ParsedArticle, resolver: Resolver, segs: list[Segment], paras):
        self.parsed, self.doc, self.text = parsed, parsed.doc, parsed.text
        self.r = resolver
        self.segs = segs
        self.paras = paras
        self.inside = [(s.open_at, s.outer_end) for s in segs]

    def _in_quote(self, tok) -> bool:
        return any(a <= tok.idx < b for a, b in self.inside)

    def _verb_speaker(self, verb) -> Optional[Resolution]:
        subj = self.r.speaker_token(verb)
        if subj is None or self._in_quote(subj):
            return None
        res = self.r.resolve(subj, person_only=True)
        if res is not None and not res.resolved:
            return Resolution("", None, res.span, False)  # attributed to someone unnamed: "a villager said"
        return res

    def attribute(self, seg: Segment, prev: Optional[Segment]) -> None:
        doc, text = self.doc, self.text
        ps, pe, _ = self.paras[seg.paragraph]
        # 1. dependency: a reporting verb above the quoted tokens, outside the quote
        qtoks = [t for a, b in seg.parts for t in _tokens_between(doc, a, b)]
        qset = {t.i for t in qtoks} | {t.i for t in _tokens_between(doc, seg.open_at, seg.outer_end)}
        for tok in qtoks:
            if tok.head.i in qset or tok.head.i == tok.i:
                continue
            for anc in [tok.head] + list(tok.head.ancestors):
                if anc.i in qset or self._in_quote(anc):
                    break
                if is_speech_verb(anc) or (anc.lemma_.lower() in ("cite", "quote")) or is_quote_verb(anc):
                    res = self._verb_speaker(anc)
                    if res is not None:
                        seg.speaker, seg.verb_i, seg.own_attribution = res, anc.i, True
                        return
                    break
        # 2. after the closing mark, up to the sentence end or the next quotation
        nxt_open = min([s.open_at for s in self.segs if s.open_at > seg.outer_end - 1] + [pe])
        if seg.close_at is not None:
            stop = min(_sentence_end(text, seg.outer_end, pe), nxt_open)
            trailer = [t for t in _tokens_between(doc, seg.outer_end, stop) if not self._in_quote(t)]
            if len(trailer) <= 25:
                for tok in trailer:
                    if is_speech_verb(tok) or tok.lemma_.lower() in ("cite", "quote"):
                        res = self._verb_speaker(tok)
                        if res is not None:
                            seg.speaker, seg.verb_i, seg.own_attribution = res, tok.i, True
                            return
                        if self.r.speaker_token(tok) is not None:
                            seg.verb_i, seg.own_attribution = tok.i, True
                            return
        # 3. before the opening mark in its sentence: "X said: “...”", "according to X, “...”"
        prev_close = max([s.outer_end for s in self.segs if s.outer_end <= seg.open_at] + [ps])
        lead_start = _sentence_start(text, seg.open_at, max(ps, prev_close))
        leader = [t for t in _tokens_between(doc, lead_start, seg.open_at) if not self._in_quote(t)]
        for tok in reversed(leader):
            if is_speech_verb(tok) or tok.lemma_.lower() in ("accord", "cite", "quote"):
                res = self._verb_speaker(tok)
                if res is not None:
                    seg.speaker, seg.verb_i, seg.own_attribution = res, tok.i, True
                    return
        lead_text = text[lead_start:seg.open_at].rstrip()
        if lead_text.endswith(":") and leader:
            head = [t for t in leader if t.text != ":"]
            if head:
                tok = head[-1]
                while tok.dep_ in ("compound", "amod") and tok.head.i > tok.i and tok.head.idx < seg.open_at:
                    tok = tok.head
                res = self.r.resolve(tok, person_only=True)
                if res is not None and res.resolved:
                    seg.speaker, seg.own_attribution = res, True
                    return
        if leader and any(is_speech_verb(t) for t in leader):
            seg.own_attribution = True  # attributed, to nobody we can name

    def continue_from(self, seg: Segment, prev: Optional[Segment]) -> None:
        """No attribution in its own sentence: the paragraph's previous quote's speaker."""
        if prev is not None and prev.paragraph == seg.paragraph and prev.speaker is not None and prev.speaker.resolved:
            seg.speaker = prev.speaker


def _mergeable(text: str, a: Segment, b: Segment, resolver_quotes) -> bool:
    """``b`` continues ``a``: same paragraph, ``a`` ends a statement, ``b`` starts one, and the
    text between holds nothing but ``a``'s attribution."""
    if a.paragraph != b.paragraph or a.close_at is None:
        return False
    between = text[a.outer_end:b.open_at]
    if len(between) > 160 or "\n\n" in between:
        return False
    inner_a = text[a.parts[-1][0]:a.parts[-1][1]].rstrip()
    inner_b = text[b.parts[0][0]:b.parts[0][1]].lstrip()
    if not inner_a or not inner_b:
        return False
    a_ends = inner_a[-1] in ",.!?\u2026" or between.lstrip()[:1] in (",",)
    b_starts = inner_b[0].isupper() or inner_a[-1] == ","
    if not (a_ends and b_starts):
        return False
    if word_count(inner_a) < 2 or word_count(inner_b) < 1:
        return False
    if b.own_attribution and b.verb_i != a.verb_i:
        return False
    return True


def extract_quotes(parsed: ParsedArticle, entities: list[Entity], places: list[Place]) -> list[Quote]:
    text = parsed.text
    segs = find_segments(text)
    if not segs:
        return []
    paras = paragraphs(text)
    resolver = Resolver(parsed, entities, places, excluded=[(s.open_at, s.outer_end) for s in segs])
    att = _Attributor(parsed, resolver, segs, paras)
    prev: Optional[Segment] = None
    for seg in segs:
        att.attribute(seg, prev)
        if not seg.own_attribution:
            att.continue_from(seg, prev)
        prev = seg
    # merge a quotation split by its attribution
    groups: list[list[Segment]] = []
    for seg in segs:
        if groups and _mergeable(text, groups[-1][-1], seg, resolver):
            groups[-1].append(seg)
            if (groups[-1][0].speaker is None or not groups[-1][0].speaker.resolved) and seg.speaker is not None:
                groups[-1][0].speaker = seg.speaker
        else:
            groups.append([seg])
    quotes: list[Quote] = []
    for group in groups:
        spans = []
        for seg in group:
            for s, e in seg.parts:
                cs = clean_span(text, s, e)
                if cs[1] > cs[0]:
                    spans.append(cs)
        if not spans:
            continue
        body = " ".join(text[s:e] for s, e in spans)
        body = re.sub(r"\s+", " ", body).strip()
        if word_count(body) < MIN_WORDS:
            continue
        head = group[0]
        speaker = head.speaker
        if (speaker is None or not speaker.resolved) and head.verb_i is None and _looks_like_title(body):
            continue
        quotes.append(Quote(
            text=body,
            speaker=speaker.name if speaker and speaker.resolved else None,
            speaker_type=speaker.type if speaker and speaker.resolved else None,
            span=spans[0],
            spans=spans,
            speaker_span=tuple(speaker.span) if speaker and speaker.resolved else None,
            sentence_span=sentence_of(parsed.doc, spans[0][0], spans[0][1]),
        ))
    return _drop_restated(quotes)


def _looks_like_title(body: str) -> bool:
    """A quoted title: every word capitalized, no sentence punctuation, short."""
    words_ = _WORD.findall(body)
    small = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "with"}
    return len(words_) <= 8 and not re.search(r"[.!?,;]", body) and \
        all(w[0].isupper() or w.lower() in small for w in words_) and words_[0][0].isupper()


def _norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def _drop_restated(quotes: list[Quote]) -> list[Quote]:
    """A quote whose words are all inside another, longer quote (a headline restating the body)
    is one item: keep the longer."""
    norms = [_norm(q.text) for q in quotes]
    out = []
    for i, q in enumerate(quotes):
        n = norms[i]
        dup = any(j != i and (f" {n} " in f" {norms[j]} " and (len(norms[j]) > len(n) or j < i)) for j in range(len(quotes)))
        if not dup:
            out.append(q)
    return out
