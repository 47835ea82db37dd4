"""Quotes: direct quotations with their speakers.

Quotation marks come from ``quotemarks`` (found on the raw text); each quoted segment is then
mapped to spaCy tokens to find its attribution, and the speaker is asked of the article's
``Mentions`` (one resolver for names, pronouns and descriptions).  A quotation split by its
attribution ("...," he said. "...") becomes one quote whose ``spans`` lists each part.
"""
from __future__ import annotations

import re
from typing import Optional

from eventwire.extract.mentions import Mentions, Resolution
from eventwire.extract.speakers import Candidate, CandidateFinder, SpeakerRanker, default_ranker, ranker_enabled
from eventwire.extract.quotemarks import (MIN_WORDS, SENT_END, WORD, Segment, clean_span, find_segments,
                                          paragraphs, word_count)
from eventwire.extract.wordclasses import is_quote_verb, is_speech_verb
from eventwire.nlp import ParsedArticle, sentence_of
from eventwire.records import Quote


def sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence holding ``pos`` (raw text), not before ``floor``."""
    best = floor
    for m in SENT_END.finditer(text, floor, pos):
        best = m.end()
    return best


def sentence_end(text: str, pos: int, ceiling: int) -> int:
    m = SENT_END.search(text, pos, ceiling)
    return m.end() if m else ceiling


def tokens_between(doc, start: int, end: int):
    if end <= start:
        return []
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


class _Attributor:
    def __init__(self, parsed: ParsedArticle, resolver: Mentions, segs: list[Segment], paras):
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
        qtoks = [t for a, b in seg.parts for t in tokens_between(doc, a, b)]
        qset = {t.i for t in qtoks} | {t.i for t in tokens_between(doc, seg.open_at, seg.outer_end)}
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
            stop = min(sentence_end(text, seg.outer_end, pe), nxt_open)
            trailer = [t for t in tokens_between(doc, seg.outer_end, stop) if not self._in_quote(t)]
            if len(trailer) <= 60:   # "..., Name, the long apposition ..., said."
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
        lead_start = sentence_start(text, seg.open_at, max(ps, prev_close))
        leader = [t for t in tokens_between(doc, lead_start, seg.open_at) if not self._in_quote(t)]
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
                if res is None or not res.resolved:
                    # "the Board was conclusive in its findings: “...”": the named subject of the clause
                    root = tok.sent.root
                    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx < seg.open_at]
                    res = self.r.resolve(subj[0], person_only=True) if subj and not self._in_quote(subj[0]) else None
                if res is not None and res.resolved:
                    seg.speaker, seg.own_attribution = res, True
                    return
        if any(is_speech_verb(t) and self.r.speaker_token(t) is not None for t in leader):
            seg.own_attribution = True  # attributed, to nobody we can name

    def continue_from(self, seg: Segment, prev: Optional[Segment]) -> None:
        """No attribution in its own sentence: the paragraph's previous quote's speaker; for a
        quotation that opens its paragraph, the speaker the paragraph before hands over -- its
        own last quotation's, when nothing but that quotation's attribution follows it, or the
        speaker of the frame it ends with ("X said:", "Anatoliy, 34, a teacher, described the
        night.")."""
        if prev is not None and prev.paragraph == seg.paragraph:
            if prev.speaker is not None and prev.speaker.resolved:
                seg.speaker = prev.speaker
            return
        ps0 = self.paras[seg.paragraph][0]
        if self.text[ps0:seg.open_at].strip():
            # the first quotation of its paragraph, after narration: the sentence right before it
            # may frame it ("Lynch announced the lawsuit on Monday. “We are seeking ...”")
            frame = self._frame_speaker(ps0, sentence_start(self.text, seg.open_at, ps0))
            if frame is not None:
                seg.speaker = frame
            return
        if seg.paragraph == 0:
            return
        k = seg.paragraph - 1
        ps, pe, _ = self.paras[k]
        before = [s for s in self.segs if s.open_at < pe and s.outer_end > ps and s.open_at < seg.open_at]
        if before and before[-1].outer_end >= ps:
            last = before[-1]
            if self._ends_paragraph(last, pe):
                if last.speaker is not None and last.speaker.resolved:
                    seg.speaker = last.speaker
                return
        frame = self._frame_speaker(ps, pe) or self._still_speaking(seg, ps, pe)
        if frame is not None:
            seg.speaker = frame

    def _ends_paragraph(self, seg: Segment, pe: int) -> bool:
        """Nothing but the quotation's own attribution follows it in its paragraph
        ("“...,” Kovalenko said."), no sentence of narration."""
        tail = self.text[seg.outer_end:pe]
        if not tail.strip(" \t.,;:!?\u2014\u2013-"):
            return True
        if seg.verb_i is None:
            return False
        verb = self.doc[seg.verb_i]
        return seg.outer_end <= verb.idx < pe and not SENT_END.search(self.text, seg.outer_end, verb.idx) \
            and not SENT_END.search(self.text, verb.idx, pe - 1)

    def _still_speaking(self, seg: Segment, ps: int, pe: int) -> Optional[Resolution]:
        """The person last quoted, when the paragraph between that quotation and this one is about
        them (they are the subject of one of its sentences): "Viguerie is upbeat about ...".
        """
        if any(ps <= s.open_at < pe for s in self.segs):
            return None  # a paragraph with quotations of its own hands over through them
        earlier = [s for s in self.segs if s.outer_end <= ps and s.speaker is not None and s.speaker.resolved]
        if not earlier or seg.paragraph - earlier[-1].paragraph > 2:
            return None
        last = earlier[-1].speaker
        span = self.doc.char_span(ps, pe, alignment_mode="contract")
        for tok in span or []:
            if tok.dep_ in ("nsubj", "nsubjpass") and not self._in_quote(tok):
                res = self.r.resolve(tok, person_only=True)
                if res is not None and res.resolved and res.name == last.name:
                    return last
        return None

    def _frame_speaker(self, ps: int, pe: int) -> Optional[Resolution]:
        """The named speaker of a paragraph's last sentence when that sentence frames what
        follows: a reporting verb with a named subject ("X said on Monday.", "X told reporters:"),
        or, before a colon, the named subject of its main verb ("X released a statement:")."""
        end = self.text[ps:pe].rstrip()
        if not end or pe <= ps:
            return None
        last = self.doc.char_span(ps + len(end) - 1, ps + len(end), alignment_mode="expand")
        if last is None or not len(last):
            return None
        sent = last[0].sent
        # narration after the paragraph's last quotation only (the parser may glue sentences)
        ps = max([s.outer_end for s in self.segs if ps <= s.outer_end <= pe] + [ps])
        toks = [t for t in sent if ps <= t.idx < pe and not self._in_quote(t)]
        for tok in reversed(toks):
            if is_speech_verb(tok) or is_quote_verb(tok):
                res = self._verb_speaker(tok)
                if res is not None and res.resolved:
                    return res
        if end.endswith(":"):
            root = sent.root
            subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subj and root.pos_ == "PROPN" and root.idx >= ps:
                subj = [root]   # a name alone before the colon: "Stated Stone:", "Carl Bialik:"
            if subj and not self._in_quote(subj[0]):
                res = self.r.resolve(subj[0], person_only=True)
                if res is not None and res.resolved:
                    return res
        return None


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


def _attribute_all(parsed: ParsedArticle, mentions: Mentions, segs: list[Segment], paras,
                   ranker: Optional[SpeakerRanker], observe=None) -> set[int]:
    """Every segment's speaker, in text order: the rules first, then (with ``ranker``) the best of
    the candidates around it, the rules' pick among them.  ``observe(seg, candidates)`` sees each
    candidate list (the training script's hook).  Returns ``id()`` of the segments the rules
    named a speaker for."""
    att = _Attributor(parsed, mentions, segs, paras)
    finder = CandidateFinder(mentions, segs, paras) if ranker is not None or observe is not None else None
    prev: Optional[Segment] = None
    last: Optional[Resolution] = None
    rule_named: set[int] = set()
    for seg in segs:
        att.attribute(seg, prev)
        carried = False
        if not seg.own_attribution:
            att.continue_from(seg, prev)
            carried = seg.speaker is not None
        if seg.speaker is not None and seg.speaker.resolved:
            rule_named.add(id(seg))
        if finder is not None:
            candidates = finder.candidates(seg, seg.speaker, last, carried)
            if observe is not None:
                observe(seg, candidates)
            if ranker is not None:
                pick = ranker.choose(candidates)
                seg.speaker = pick.resolution if pick is not None and pick.named else None
        if seg.speaker is not None and seg.speaker.resolved:
            last = seg.speaker
            if finder is not None:
                finder.quoted_before[last.name] = finder.quoted_before.get(last.name, 0) + 1
        prev = seg
    return rule_named


def speaker_candidates(parsed: ParsedArticle, mentions: Mentions) -> list[tuple[Segment, list[Candidate]]]:
    """Each quoted segment with its candidate speakers, as the rules alone leave them (training data)."""
    segs = find_segments(parsed.text)
    out: list[tuple[Segment, list[Candidate]]] = []
    _attribute_all(parsed, mentions, segs, paragraphs(parsed.text), None, lambda s, c: out.append((s, c)))
    return out


def extract_quotes(parsed: ParsedArticle, mentions: Mentions, ranker: Optional[SpeakerRanker] = None,
                   rules_only: bool = False) -> list[Quote]:
    """The article's quotes; speakers by ``ranker`` (default: the shipped model, unless
    ``$EVENTWIRE_SPEAKER_RANKER`` is off) over the rules' candidates, or by the rules alone with ``rules_only``."""
    text = parsed.text
    segs = find_segments(text)
    if not segs:
        return []
    paras = paragraphs(text)
    resolver = mentions
    if ranker is None and not rules_only and ranker_enabled():
        ranker = default_ranker()
    rule_named = _attribute_all(parsed, mentions, segs, paras, None if rules_only else ranker)
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
        # a quoted title ("Make It Work") that no rule attributes is not a quote, whoever the
        # ranker would give it to
        unattributed = not any(id(seg) in rule_named for seg in group) or speaker is None or not speaker.resolved
        if unattributed and head.verb_i is None and _looks_like_title(body):
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
    words_ = WORD.findall(body)
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
