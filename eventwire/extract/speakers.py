"""Who said a quotation, learned: candidate speakers around it, ranked by a logistic model.

The rules in ``quotes`` find one speaker per quotation (a reporting verb's subject, a colon
frame, the speaker a paragraph continues).  This module lists every mention near the quotation
that could be its speaker instead -- names, pronouns, role descriptions ("the senator"),
issuers ("a statement from the campaign"), and the rules' own pick -- describes each by where
it stands and what role it has in the parse (never by which name it is), and scores each with
weights that ``scripts/train_speaker_ranker.py`` fits on PolNeAR's training articles and writes
to ``eventwire/models/speaker_ranker.tsv``.  The best-scoring candidate becomes the speaker; an
unnamed one ("a spokesman said") or a low score leaves it null.

A missing or malformed model file is a ``DataError`` when the ranker is first asked for.
``$EVENTWIRE_SPEAKER_RANKER`` (``on``/``off``) switches it; off, the rules' pick stands.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

from eventwire.config import switch
from eventwire.errors import DataError
from eventwire.extract.mentions import Mentions, Resolution, source_nouns
from eventwire.extract.quotemarks import SENT_END, Segment
from eventwire.extract.wordclasses import is_quote_verb, is_speech_verb, pronoun, role_nouns
from eventwire.records import Span

MODEL_FILE = "speaker_ranker.tsv"
BIAS, THRESHOLD = "(bias)", "(threshold)"
SWITCH = "EVENTWIRE_SPEAKER_RANKER"
ENABLED_BY_DEFAULT = True
NOUN_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "ROOT", "attr", "conj", "agent", "dative", "poss",
             "npadvmod", "dep"}


@dataclass
class Candidate:
    """One mention that may be a quotation's speaker."""
    span: Span                              # its characters (the name, the pronoun, the phrase)
    resolution: Optional[Resolution]        # what it stands for (None: the rules' carried pick only)
    features: dict[str, float] = field(default_factory=dict)

    @property
    def named(self) -> bool:
        return self.resolution is not None and self.resolution.resolved


class SpeakerRanker:
    """A logistic model over candidate features: ``score`` is the probability a candidate is the speaker."""

    def __init__(self, weights: dict[str, float], threshold: float = 0.0):
        self.weights = weights
        self.bias = weights.get(BIAS, 0.0)
        self.threshold = threshold

    def score(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, candidates: list[Candidate]) -> Optional[Candidate]:
        """The best candidate, or None when no candidate reaches the threshold."""
        best, best_p = None, -1.0
        for c in candidates:
            p = self.score(c.features)
            if p > best_p:
                best, best_p = c, p
        return best if best is not None and best_p >= self.threshold else None


def read_model(path) -> SpeakerRanker:
    """The ranker in a ``feature<TAB>weight`` file (``#`` comments; ``(bias)``, ``(threshold)`` rows)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"speaker model {path} is missing; train it with scripts/train_speaker_ranker.py") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"speaker model {path} is unreadable: {exc}") from exc
    rows = [line.split("\t") for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    if not rows or rows[0] != ["feature", "weight"]:
        raise DataError(f"speaker model {path} lacks its header 'feature<TAB>weight'")
    weights: dict[str, float] = {}
    for n, row in enumerate(rows[1:], start=2):
        try:
            feature, value = row
            weights[feature] = float(value)
        except ValueError:
            raise DataError(f"speaker model {path}: row {n} is not 'feature<TAB>number': {row!r}") from None
    if len(weights) < 2:
        raise DataError(f"speaker model {path} has no weights")
    threshold = weights.pop(THRESHOLD, 0.0)
    return SpeakerRanker(weights, threshold)


@lru_cache(maxsize=1)
def default_ranker() -> SpeakerRanker:
    """The shipped model (loaded once)."""
    return read_model(resources.files("eventwire") / "models" / MODEL_FILE)


def ranker_enabled(environ: Optional[dict] = None) -> bool:
    """Whether quotes use the ranker: ``$EVENTWIRE_SPEAKER_RANKER`` (on/off), else the default."""
    return switch(SWITCH, ENABLED_BY_DEFAULT, environ)


def _bucket(name: str, value: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if value <= e:
            return f"{name}<={e}"
    return f"{name}>{edges[-1]}"


class CandidateFinder:
    """Candidates for the quotations of one article (``segments`` in text order, ``paras`` from
    ``quotemarks.paragraphs``)."""

    def __init__(self, mentions: Mentions, segments: list[Segment], paras):
        self.m = mentions
        self.doc = mentions.doc
        self.text = mentions.text
        self.segs = segments
        self.paras = paras
        self.inside = sorted((s.open_at, s.outer_end) for s in segments)
        self._speech = {}                   # token index of a speech verb -> its speaker token index
        self._mention_counts: dict[str, int] = {}
        for nm in mentions.named:
            self._mention_counts[nm.name] = self._mention_counts.get(nm.name, 0) + 1
        self.quoted_before: dict[str, int] = {}   # speaker name -> quotations given to it so far

    def _in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.inside)

    def _speaker_of(self, verb) -> Optional[int]:
        if verb.i not in self._speech:
            tok = self.m.speaker_token(verb)
            self._speech[verb.i] = tok.i if tok is not None else None
        return self._speech[verb.i]

    # ---- the window ---------------------------------------------------------------------
    def _window(self, seg: Segment) -> tuple[int, int]:
        """Characters to look in: the sentence before the quotation's, through the sentence after
        it, inside its paragraph; for a quotation that opens its paragraph, the last sentence of
        the paragraph before too."""
        ps, pe, _ = self.paras[seg.paragraph]
        start = self._sentence_start(seg.open_at, ps)
        start = self._sentence_start(max(ps, start - 1), ps) if start > ps else start
        if start == ps and not self.text[ps:seg.open_at].strip() and seg.paragraph > 0:
            pps, ppe, _ = self.paras[seg.paragraph - 1]
            start = self._sentence_start(max(pps, ppe - 2), pps)
        end = self._sentence_end(seg.outer_end, pe)
        end = self._sentence_end(min(pe, end + 1), pe) if end < pe else end
        return start, end

    def _sentence_start(self, pos: int, floor: int) -> int:
        best = floor
        for m in SENT_END.finditer(self.text, floor, pos):
            if not self._in_quote(m.start()):
                best = m.end()
        return best

    def _sentence_end(self, pos: int, ceiling: int) -> int:
        for m in SENT_END.finditer(self.text, pos, ceiling):
            if not self._in_quote(m.start()):
                return m.end()
        return ceiling

    # ---- candidates ---------------------------------------------------------------------
    def candidates(self, seg: Segment, rule: Optional[Resolution], last: Optional[Resolution],
                   carried: bool) -> list[Candidate]:
        """Every mention in the window of ``seg`` that may be its speaker, with its features.
        ``rule``: the rules' speaker; ``carried``: the rules took it from an earlier quotation or
        frame; ``last``: the speaker of the quotation before."""
        doc = self.doc
        lo, hi = self._window(seg)
        span = doc.char_span(lo, hi, alignment_mode="expand")
        out: list[Candidate] = []
        seen: set[int] = set()
        if span is not None:
            for tok in span:
                if tok.is_punct or tok.is_space or self._in_quote(tok.idx):
                    continue
                head = self._candidate_head(tok)
                if head is None or head.i in seen:
                    continue
                seen.add(head.i)
                res = self.m.resolve(head)
                if res is None:
                    if head.pos_ != "PRON":
                        continue
                    # a pronoun the resolver could not link: still who speaks, unnamed
                    res = Resolution("", None, (head.idx, head.idx + len(head.text)), False)
                out.append(Candidate(self._span_of(head, res), res))
        governing = self._governing_verbs(seg)
        near = self._order_by_distance(seg, out)
        for c in out:
            c.features = self._features(seg, c, governing, near, rule, last, carried)
        if rule is not None and rule.resolved and not any(c.named and c.resolution.name == rule.name for c in out):
            # the rules' pick from outside the window (a speaker carried over paragraphs)
            c = Candidate(tuple(rule.span), rule)
            c.features = {"outside_window": 1.0, "rule_pick": 1.0, "rule_carried": float(carried),
                          "last_speaker": float(last is not None and last.resolved and last.name == rule.name),
                          f"type_{rule.type or 'NONE'}": 1.0}
            c.features.update(self._salience(rule.name))
            out.append(c)
        return out

    def _candidate_head(self, tok):
        """The token a candidate mention is known by: a name's head, a pronoun, a person or
        organization noun, a statement noun."""
        named = self.m.named_at(tok.i)
        if named is not None:
            if named.type == "PLACE" and tok.pos_ != "PROPN":
                return None
            return self.doc[self.m._head_in(named)]
        row = pronoun(tok)
        if row is not None and tok.pos_ == "PRON":
            return tok if row.person == 3 or tok.lower_ in ("i", "we") else None
        if tok.dep_ in ("compound", "amod", "det") and tok.head.i != tok.i and tok.head.pos_ in ("NOUN", "PROPN"):
            return None
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.dep_ in NOUN_DEPS:
            return tok
        if tok.pos_ == "NOUN" and tok.dep_ in NOUN_DEPS:
            lemma = tok.lemma_.lower()
            if lemma in role_nouns() or tok.lower_ in role_nouns() or lemma in source_nouns() or \
                    tok.dep_ in ("nsubj", "nsubjpass"):
                return tok
        return None

    def _span_of(self, head, res: Resolution) -> Span:
        named = self.m.named_at(head.i)
        if named is not None:
            return (named.start, named.end)
        if head.pos_ == "PRON":
            return (head.idx, head.idx + len(head.text))
        ph = self.m.phrase(head)
        return (ph.start_char, ph.end_char)

    def _governing_verbs(self, seg: Segment) -> dict[int, int]:
        """Token index of each reporting verb above the quoted tokens (outside the quotation) ->
        how many of the quotation's tokens hang from it."""
        doc = self.doc
        out: dict[int, int] = {}
        qspan = doc.char_span(seg.open_at, seg.outer_end, alignment_mode="contract")
        if qspan is None:
            return out
        qset = {t.i for t in qspan}
        for tok in qspan:
            if tok.head.i in qset or tok.head.i == tok.i:
                continue
            for anc in [tok.head] + list(tok.head.ancestors):
                if anc.i in qset or self._in_quote(anc.idx):
                    break
                if is_speech_verb(anc) or is_quote_verb(anc) or anc.lemma_.lower() in ("cite", "quote", "accord"):
                    out[anc.i] = out.get(anc.i, 0) + 1
                    break
        return out

    def _order_by_distance(self, seg: Segment, cands: list[Candidate]) -> dict[int, tuple[int, int]]:
        """id(candidate) -> (rank among those before the quotation, rank among those after), 1 = nearest."""
        before = sorted((c for c in cands if c.span[1] <= seg.open_at), key=lambda c: -c.span[1])
        after = sorted((c for c in cands if c.span[0] >= seg.outer_end), key=lambda c: c.span[0])
        out = {}
        for k, c in enumerate(before):
            out[id(c)] = (k + 1, 0)
        for k, c in enumerate(after):
            out[id(c)] = (0, k + 1)
        return out

    def _salience(self, name: str) -> dict[str, float]:
        n = self._mention_counts.get(name, 0)
        q = self.quoted_before.get(name, 0)
        return {"mentions_log": math.log1p(n), "quoted_before": float(q > 0), "quoted_before_log": math.log1p(q)}

    def _features(self, seg, c: Candidate, governing, near, rule, last, carried) -> dict[str, float]:
        doc, text = self.doc, self.text
        f: dict[str, float] = {}
        res = c.resolution
        tokspan = doc.char_span(c.span[0], c.span[1], alignment_mode="expand")
        head = tokspan.root if tokspan is not None and len(tokspan) else doc[0]
        named = self.m.named_at(head.i)
        row = pronoun(head) if head.pos_ == "PRON" else None
        if named is not None:
            kind = f"name_{named.type}"
        elif row is not None:
            kind = "pronoun_1" if row.person != 3 else "pronoun"
        elif head.pos_ == "PROPN":
            kind = "propn"
        elif head.lemma_.lower() in source_nouns():
            kind = "source_noun"
        elif head.lemma_.lower() in role_nouns() or head.lower_ in role_nouns():
            kind = "role_noun"
        else:
            kind = "noun"
        f[f"kind_{kind}"] = 1.0
        f["resolved"] = float(res.resolved)
        f[f"type_{res.type or 'NONE'}"] = 1.0
        # where it stands
        before = c.span[1] <= seg.open_at
        after = c.span[0] >= seg.outer_end
        side = "before" if before else "after" if after else "inside"
        f[f"side_{side}"] = 1.0
        rb, ra = near.get(id(c), (0, 0))
        if rb:
            f[_bucket("rank_before", rb, (1, 2, 3))] = 1.0
        if ra:
            f[_bucket("rank_after", ra, (1, 2, 3))] = 1.0
        gap = text[c.span[1]:seg.open_at] if before else text[seg.outer_end:c.span[0]] if after else ""
        ends = SENT_END.search(gap) is not None
        f["sentence_between"] = float(ends)
        f["paragraph_between"] = float("\n" in gap)
        ntok = len(gap.split())
        f[_bucket("words_between", ntok, (0, 2, 5, 10, 20))] = 1.0
        f["colon_before_quote"] = float(before and gap.rstrip().endswith(":") and not ends)
        f["comma_after_quote"] = float(after and text[seg.outer_end - 2:seg.outer_end + 1].strip()[:1] in ",")
        ps, _, _ = self.paras[seg.paragraph]
        opens = not text[ps:seg.open_at].strip()
        f["quote_opens_paragraph"] = float(opens)
        # its role in the parse
        verb = head.head
        dep = head.dep_
        f[f"dep_{dep if dep in ('nsubj', 'nsubjpass', 'dobj', 'pobj', 'poss', 'appos', 'compound', 'conj') else 'other'}"] = 1.0
        mine = range(tokspan.start, tokspan.end) if tokspan is not None else range(head.i, head.i + 1)
        speaks = [v for v, s in self._speech_in(seg, c) if s is not None and (s in mine or s == head.i)]
        if speaks:
            f["speaker_of_speech_verb"] = 1.0
            if any(v in governing for v in speaks):
                f["speaker_of_governing_verb"] = 1.0
            v = doc[speaks[0]]
            vside = "before" if v.idx < seg.open_at else "after"
            f[f"speech_verb_{vside}"] = 1.0
            f[f"speech_verb_{vside}_{side}"] = 1.0
            if v.tag_ in ("VBZ", "VBP", "VBD") and v.i < head.i:
                f["inverted_said"] = 1.0
            if ends:
                f["speaker_of_speech_verb_other_sentence"] = 1.0
        if governing and not speaks:
            f["other_verb_governs"] = 1.0
        if verb.lemma_.lower() == "to" and verb.head.lower_ == "according" or \
                (dep == "pobj" and verb.lower_ == "to" and verb.i > 0 and doc[verb.i - 1].lower_ == "according"):
            f["according_to"] = 1.0
        if dep in ("nsubj", "nsubjpass") and verb.dep_ == "ROOT":
            f["sentence_subject"] = 1.0
        if any(a.dep_ in ("relcl", "appos", "acl") for a in [head] + list(head.ancestors)[:3]):
            f["in_clause_or_apposition"] = 1.0
        if head.dep_ == "pobj" and verb.lower_ in ("by", "from") and verb.head.lemma_.lower() in source_nouns():
            f["issuer_of_statement"] = 1.0
        # who it is
        if res.resolved:
            f.update(self._salience(res.name))
        if rule is not None and rule.resolved and res.resolved and rule.name == res.name:
            f["rule_pick"] = 1.0
            f["rule_carried"] = float(carried)
            if tuple(rule.span) == tuple(c.span) or (rule.span[0] < c.span[1] and c.span[0] < rule.span[1]):
                f["rule_same_mention"] = 1.0
        if last is not None and last.resolved and res.resolved and last.name == res.name:
            f["last_speaker"] = 1.0
            if opens:
                f["last_speaker_paragraph_opening"] = 1.0
        if kind.startswith("pronoun") and "speaker_of_speech_verb" in f:
            f["pronoun_speaks"] = 1.0
        if kind.startswith("name") and "speaker_of_speech_verb" in f:
            f["name_speaks"] = 1.0
        return f

    def _speech_in(self, seg: Segment, c: Candidate):
        """(verb index, speaker token index) for the reporting verbs of the candidate's sentence."""
        doc = self.doc
        tokspan = doc.char_span(c.span[0], c.span[1], alignment_mode="expand")
        if tokspan is None or not len(tokspan):
            return []
        sent = tokspan.root.sent
        out = []
        for t in sent:
            if self._in_quote(t.idx):
                continue
            if is_speech_verb(t) or t.lemma_.lower() in ("accord", "cite", "quote") or is_quote_verb(t):
                out.append((t.i, self._speaker_of(t)))
        return out
