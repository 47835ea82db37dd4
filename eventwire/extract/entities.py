"""Entities: PERSON and ORG with canonical names and aliases.

Candidates come from the model's named entities, the outlet/organization
lexicons (``news_outlets.tsv``, ``known_orgs.tsv``), organization name
patterns ("Ministry of X", "X Defense Ministry", "General Staff of X",
"X People's Defense Force") and acronyms defined in parentheses.  Each
candidate is cleaned (leading "the", titles, possessive 's, trailing
non-name tokens), repaired (places taken by the places extractor, outlets
mistagged as places, persons that are really organizations, headline
fragments and common words dropped) and then grouped into one Entity per
real-world person or organization: a surname alone joins the full name, a
variant spelling joins the closest full name, an acronym joins its long form.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from eventwire.nlp.pipeline import text_of
from eventwire import lexicons
from eventwire import names as N
from eventwire.extract.wordclasses import dateline_span, role_nouns, speech_verbs
from eventwire.nlp import ParsedArticle, sentence_of
from eventwire.records import Entity, Place

PRIORITY = {"lexicon": 3, "acronym": 3, "lowercase": 2, "context": 2, "pattern": 2, "ner": 1, "conj": 1, "repeat": 0}
# sources whose candidates the generic filter in ``_reject`` trusts (they carry their own evidence)
TRUSTED = {"lexicon", "acronym", "lowercase", "context"}
# lower-case heads of a government body named by its owner and remit ("the Gaza health ministry")
LOWER_HEADS = {"ministry", "department", "directorate", "office", "service", "council", "committee", "authority"}
ENT_LABELS_REPAIRABLE = {"GPE", "LOC", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PERSON", "ORG"}
PLACE_SUFFIXES = {"oblast", "region", "province", "township", "district", "raion", "rayon", "county",
                  "governorate", "krai", "territory", "peninsula", "village", "river", "sea", "lake",
                  "mountains", "valley", "island", "islands", "republic"}
PLACE_NEXT = PLACE_SUFFIXES | {"city", "town", "villagers", "residents", "area", "direction", "front",
                               "airport", "port", "oblasts", "regions", "ledge", "axis", "outskirts", "camp", "refugee"}
PLACE_PREV_PHRASES = ("mayor of", "governor of", "village of", "villages of", "town of", "towns of",
                      "city of", "cities of", "settlement of", "settlements of", "region of", "outskirts of",
                      "capital of", "province of", "district of", "near", "areas of", "area of",
                      "suburb of", "north of", "south of", "east of", "west of", "capital",
                      "resident of", "residents of", "native of", "people of")
OUTLET_PREV = {"outlet", "newspaper", "broadcaster", "daily", "tabloid", "magazine", "website", "agency",
               "channel", "publication", "paper", "station", "portal", "weekly"}
OUTLET_NEXT = {"reported", "reports", "newspaper", "daily", "tv", "television", "radio"}
ORG_DESCRIPTORS = {"organisation", "organization", "group", "agency", "monitor", "party", "company",
                   "militia", "outlet", "firm", "ngo", "project", "network", "movement", "coalition", "alliance"}
FUNCTION_CAPS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
                 "meanwhile", "however", "but", "and", "or", "in", "on", "at", "for", "from", "by", "with",
                 "as", "after", "before", "when", "while", "if", "since", "according", "contributed"}


@functools.lru_cache(maxsize=1)
def not_names() -> dict[str, str]:
    """``not_names.tsv``: lower-case word or phrase -> kind (junk, group, term)."""
    return {r["word"]: r["kind"] for r in lexicons.table("not_names", columns=("word", "kind"))}


def _words(name: str) -> frozenset[str]:
    return lexicons.words(name)


def org_heads() -> frozenset[str]:
    return _words("org_heads")


def org_modifiers() -> frozenset[str]:
    return _words("org_modifiers")


@functools.lru_cache(maxsize=1)
def group_nouns() -> dict[str, frozenset[str]]:
    """``group_nouns.tsv``: kind (armed, unit, descr, vessel) -> lower-case nouns."""
    out: dict[str, set[str]] = {}
    for row in lexicons.table("group_nouns", columns=("word", "kind")):
        if row["word"] and row["kind"]:
            out.setdefault(row["kind"], set()).add(row["word"].lower())
    return {k: frozenset(v) for k, v in out.items()}


def _gn(kind: str) -> frozenset[str]:
    return group_nouns().get(kind, frozenset())


@dataclass
class Mention:
    start: int              # char offsets into article.text
    end: int
    type: str               # PERSON | ORG
    source: str             # ner | lexicon | pattern | acronym
    label: str = ""         # original model label, if any
    anchored: bool = False  # PERSON single token preceded by a title / speech context
    in_headline: bool = False
    long_form_of: Optional[str] = None   # acronym paired in parentheses: the long form's text
    surface: str = ""
    canonical: Optional[str] = None      # a name to prefer over the surface ("Gaza Health Ministry")

    def overlaps(self, other) -> bool:
        return self.start < other[1] and other[0] < self.end


@dataclass
class Group:
    type: str
    mentions: list[Mention] = field(default_factory=list)   # appended to, never shortened
    extra_aliases: list[str] = field(default_factory=list)
    _seen: dict = field(default_factory=dict, repr=False, compare=False)     # surface -> first mention
    _starts: list = field(default_factory=list, repr=False, compare=False)   # sorted mention starts
    _indexed: int = field(default=0, repr=False, compare=False)              # mentions indexed so far

    def surfaces(self) -> list[str]:
        return [m.surface for m in self.mentions]

    def _index(self) -> None:
        for m in self.mentions[self._indexed:]:
            self._seen.setdefault(m.surface, m)
            bisect.insort(self._starts, m.start)
        self._indexed = len(self.mentions)

    def distinct(self) -> list[Mention]:
        """The first mention of each surface: enough for every test that looks only at surfaces, and a
        long article mentions the same few names thousands of times."""
        self._index()
        return list(self._seen.values())

    def starts(self) -> list[int]:
        """The start offsets of the group's mentions, sorted."""
        self._index()
        return self._starts


class _SpanIndex:
    """Character spans sorted by start: the spans overlapping a range in O(log n), not a scan of all
    of them (a long article has thousands of place and name mentions)."""

    def __init__(self, spans=()):
        self.items = sorted(tuple(sp) for sp in spans)
        self.starts = [a for a, _ in self.items]
        self.longest = max((b - a for a, b in self.items), default=0)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def add(self, span) -> None:
        at = bisect.bisect_right(self.starts, span[0])
        self.items.insert(at, tuple(span))
        self.starts.insert(at, span[0])
        self.longest = max(self.longest, span[1] - span[0])

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [(a, b) for a, b in self.items[lo:hi] if start < b and a < end]


# --------------------------------------------------------------------------- helpers

def _is_cap(tok) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or (t[0].isdigit() and tok.i > 0)) and any(c.isalpha() or c.isdigit() for c in t)


def _is_possessive(tok) -> bool:
    return tok.text in ("'s", "’s", "'", "’")


def _headline_sentences(doc) -> set[int]:
    """Start token indices of sentences (and stand-alone lines) that look like headlines or section labels."""
    out = set()
    segments = list(doc.sents)
    # a line of its own (followed by a blank line or first in the text) is judged alone
    text = text_of(doc)
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stand_alone = text[end:end + 2] == "\n\n" or (start > 0 and text[max(0, start - 2):start] == "\n\n")
        if line.strip() and stand_alone:
            sp = doc.char_span(start, end, alignment_mode="contract")
            if sp is not None and len(sp):
                segments.append(sp)
    for sent in segments:
        alpha = [t for t in sent if t.is_alpha]
        content = [t for t in alpha if t.lower_ not in N.STOP and not t.is_stop]
        if len(alpha) < 2 or not content:
            continue
        caps = sum(1 for t in content if t.text[0].isupper())
        ends_period = sent.text.rstrip().endswith((".", "?", "!", "”", '"'))
        if (len(alpha) >= 3 and caps / len(content) >= 0.75 and not ends_period and len(content) >= 3) or \
           (caps == len(content) and sent.text.rstrip().endswith(":")):
            out.update(range(sent.start, sent.end))
    return out


def _place_spans(places: list[Place]) -> _SpanIndex:
    spans = []
    for p in places or []:
        spans.extend(tuple(s) for s in (p.spans or []))
    return _SpanIndex(spans)


def _span_tokens(doc, start: int, end: int):
    return doc.char_span(start, end, alignment_mode="expand")


# --------------------------------------------------------------------------- candidates

def _clean_span(doc, span, type_: str):
    """Trim a spaCy span to the name proper; returns a (possibly empty) list of spans."""
    text = span.text
    pieces = []
    if "\n\n" in text or "\n \n" in text:
        # a paragraph break inside an entity: headline debris; keep each side separately
        cur = []
        for tok in span:
            cur.append(tok)
            if "\n\n" in tok.whitespace_ or (tok.i + 1 < len(doc) and doc[tok.i + 1].is_space and "\n" in doc[tok.i + 1].text):
                pieces.append(cur)
                cur = []
        if cur:
            pieces.append(cur)
    else:
        pieces = [list(span)]
    out = []
    for toks in pieces:
        toks = [t for t in toks if not t.is_space]
        # leading determiners, punctuation, sentence adverbs ("Later Ivanenko"), possessor
        # ("Russia's Federal Security Service")
        while toks and (toks[0].lower_ in ("a", "an") or toks[0].is_punct or toks[0].is_space
                        or (toks[0].lower_ == "the" and not _part_of_name(toks, type_))
                        or (toks[0].pos_ in ("ADV", "SCONJ", "CCONJ") and len(toks) > 1)):
            toks = toks[1:]
        # a date glued on: "Interior Ministry on Monday"
        for i, t in enumerate(toks):
            if i > 0 and t.ent_type_ in ("DATE", "TIME") and t.ent_iob_ == "B":
                toks = toks[:i - 1] if toks[i - 1].pos_ == "ADP" else toks[:i]
                break
        if len(toks) > 2 and any(_is_possessive(t) for t in toks[1:-1]) and type_ == "ORG":
            k = max(i for i, t in enumerate(toks[:-1]) if _is_possessive(t))
            # keep "People's Defense Force": only strip when the possessor is a place/demonym-like word
            if toks[k - 1].ent_type_ in ("GPE", "LOC") or N.is_demonym(toks[k - 1].text):
                toks = toks[k + 1:]
        if type_ == "PERSON":
            while len(toks) > 1 and (N.is_title_word(toks[0].text) or N.is_demonym(toks[0].text)
                                     or toks[0].text in (".",) or not _is_cap(toks[0])):
                toks = toks[1:]
        toks = _close_parenthesis(doc, toks)
        # trailing junk: possessive, punctuation, lower-case words ("Petrenko expressed")
        while toks and (_is_possessive(toks[-1]) or toks[-1].is_punct or toks[-1].is_space
                        or (not _is_cap(toks[-1]) and not toks[-1].like_num)):
            if toks[-1].text in (")",) and "(" in "".join(t.text for t in toks):
                break
            toks = toks[:-1]
        if type_ == "PERSON":
            # cut at the first token that is not part of a name
            for i, t in enumerate(toks):
                if i > 0 and (not _is_cap(t) and t.text not in ("-", "'", "’") and t.lower_ not in ("al", "el", "bin", "van", "von", "de", "da", "der", "ibn", "abu", "bint")):
                    toks = toks[:i]
                    break
        if toks:
            out.append(doc[toks[0].i: toks[-1].i + 1])
    return out


MAX_PARENTHESIZED_IN_NAME = 2   # tokens inside a bracket glued to a name: "CPI(M)"


def _close_parenthesis(doc, toks: list) -> list:
    """A span the NER ends inside brackets.  After a space the bracket is a gloss ("the Tarvik Workers
    Union (TWU"): the name ends before it.  Glued to the word before, it is part of the name ("Party
    X(L"): the span takes the ")" that closes it right after."""
    text = "".join(t.text_with_ws for t in toks)
    if text.count("(") <= text.count(")"):
        return toks
    k = max(i for i, t in enumerate(toks) if "(" in t.text)
    glued = toks[k].text != "(" or (k > 0 and not toks[k - 1].whitespace_)
    after = toks[-1].i + 1
    inside = len(toks) - k - (toks[k].text == "(")
    if glued and 0 < inside <= MAX_PARENTHESIZED_IN_NAME and after < len(doc) and doc[after].text == ")" \
            and not toks[-1].whitespace_:
        return toks + [doc[after]]
    return toks[:k] if toks[k].text == "(" else toks


def _part_of_name(toks, type_: str) -> bool:
    """A capitalized "The" inside a sentence belongs to an organization's name ("said The
    Economist", "in The Hague"); at a sentence start it says nothing."""
    t = toks[0]
    return type_ == "ORG" and t.text == "The" and not t.is_sent_start and len(toks) > 1 \
        and not (t.i > 0 and (t.doc[t.i - 1].is_punct and t.doc[t.i - 1].text in ".!?:\u201c\"" or t.doc[t.i - 1].is_space))


def _ner_candidates(doc) -> list[tuple]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in ENT_LABELS_REPAIRABLE:
            continue
        out.append(ent)
    return out


def _name_token(tok) -> bool:
    return (_is_cap(tok) and tok.is_alpha and not tok.is_sent_start or _is_cap(tok) and tok.is_alpha and tok.pos_ == "PROPN") \
        and not N.is_title_word(tok.text) and not N.is_demonym(tok.text) and tok.lower_ not in FUNCTION_CAPS \
        and tok.ent_type_ in ("", "PERSON")


def _extend_person_left(doc, ent):
    j = ent.start
    while j - 1 >= ent.sent.start and doc[j - 1].dep_ == "compound" and ent.start <= doc[j - 1].head.i < ent.end \
            and _name_token(doc[j - 1]) and "\n" not in doc[j - 1].whitespace_:
        j -= 1
    return doc[j:ent.end] if j < ent.start else None


PARTICLES = {"al", "el", "bin", "ibn", "abu", "van", "von", "de", "da", "der", "le", "la", "ould"}


def _extend_person_right(doc, ent):
    """'Abdel Fattah' + 'el-Sissi': a name particle and a capitalized surname right after the entity."""
    k = ent.end
    if k < len(doc) and doc[k].lower_ in PARTICLES and "\n" not in ent[-1].whitespace_:
        m = k + 1
        if m < len(doc) and doc[m].text in ("-", "‑") and doc[k].whitespace_ == "":
            m += 1
        if m < len(doc) and _is_cap(doc[m]) and doc[m].is_alpha and not doc[m].ent_type_ in ("GPE", "ORG"):
            return doc[ent.start:m + 1]
    return None


def _name_from_head(doc, head):
    """A 2-4 token capitalized name headed by ``head`` (its compound children before it)."""
    if not (_is_cap(head) and head.is_alpha and head.pos_ == "PROPN") or N.is_title_word(head.text):
        return None
    j = head.i
    while j - 1 >= head.sent.start and doc[j - 1].dep_ == "compound" and doc[j - 1].head.i == head.i \
            and _is_cap(doc[j - 1]) and doc[j - 1].is_alpha and not N.is_title_word(doc[j - 1].text) \
            and (doc[j - 1].ent_type_ in ("", "PERSON") or doc[j].ent_iob_ == "I"):
        j -= 1
    if not 2 <= head.i + 1 - j <= 4:
        return None
    return doc[j:head.i + 1]


def _person_like_org(doc, ent) -> bool:
    """A model ORG that is a person's name: 'Olena Mirchuk, the head of ...', 'Mayor Olena Mirchuk'."""
    toks = [t for t in ent if not t.is_space]
    if not 2 <= len(toks) <= 3 or toks[0].lower_ == "the":
        return False
    if any(t.lower_ in org_heads() or t.lower_ in org_modifiers() or N.is_acronym(t.text) or not t.is_alpha
           or N.is_demonym(t.text) or t.ent_type_ != "ORG" for t in toks):
        return False
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and N.is_title_word(prev.text) and prev.lower_ not in org_modifiers():
        return True
    for child in ent.root.children:
        if child.dep_ == "appos" and N.is_title_word(child.text) and child.i >= ent.end:
            return True
    return False


def _outlet_context(doc, span) -> bool:
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = [t.lower_ for t in doc[span.end: span.end + 2]]
    if prev is not None and prev.lemma_.lower() in OUTLET_PREV:
        return True
    if prev is not None and prev.lower_ in ("told", "to") and span.start > 1 and doc[span.start - 2].lemma_ in ("tell", "say", "speak"):
        return True
    if nxt[:2] == ["news", "agency"] or (nxt and nxt[0] in ("newspaper", "tv", "television")):
        return True
    return False


def _other_form_present(surface: str, text: str) -> bool:
    for f in N.known_org_forms(surface):
        f = N.strip_the(f)
        if f != surface and len(f) > len(surface) and re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text):
            return True
    return False


def _lexicon_regex():
    forms = set()
    for key, (name, all_forms) in N.org_lexicon().items():
        for f in all_forms:
            forms.add(N.strip_the(f))
    forms = sorted((f for f in forms if f), key=len, reverse=True)
    return re.compile(r"(?<![\w@#/.-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-]|\.\w)")


@functools.lru_cache(maxsize=1)
def _lexicon_pattern():
    return _lexicon_regex()


def _lexicon_candidates(doc, text: str, ner_ents) -> list[Mention]:
    out = []
    for m in _lexicon_pattern().finditer(text):
        s, e = m.start(), m.end()
        surface = m.group(1)
        span = _span_tokens(doc, s, e)
        if span is None or span.start_char != s or span.end_char != e:
            continue
        tagged = any(ent.start_char <= s and e <= ent.end_char for ent in ner_ents)
        parenthesized = text[max(0, s - 1):s] == "(" and text[e:e + 1] == ")"
        acronym = N.is_acronym(surface)
        if acronym and len(surface) <= 2 and not (tagged or parenthesized or _outlet_context(doc, span)
                                                  or _other_form_present(surface, text)):
            # two-letter abbreviations ("AP", "RT", "UN") need evidence: a model tag, parentheses,
            # context, or the long form in the same article
            continue
        if not acronym and not surface[0].isupper():
            continue
        if not acronym and len(surface) < 4 and not tagged:
            continue
        out.append(Mention(s, e, "ORG", "lexicon", surface=surface))
    return out


def _pattern_candidates(doc) -> list:
    """'X Defense Ministry', 'Ministry of X', 'General Staff of X', 'Northern People's Defense Force'."""
    heads = org_heads()
    spans = []
    for tok in doc:
        if tok.lower_ not in heads or not tok.text[:1].isupper():
            continue
        sent_start = tok.sent.start
        i = tok.i
        # left: capitalized name words (possessive 's allowed inside: People's)
        j = i
        while j - 1 >= sent_start:
            p = doc[j - 1]
            if "\n" in p.whitespace_ or p.is_space:
                break
            if _is_possessive(p) and j - 2 >= sent_start and _is_cap(doc[j - 2]) \
                    and (doc[j - 2].lower_ in ("people", "workers", "women", "peoples") or not doc[j - 2].ent_type_):
                j -= 1
                continue
            if _is_cap(p) and p.lower_ not in FUNCTION_CAPS and not p.like_num and p.pos_ in ("PROPN", "NOUN", "ADJ", "VERB") \
                    and not N.is_title_word(p.text) or (_is_cap(p) and p.lower_ in heads | org_modifiers()):
                if p.ent_type_ == "PERSON" and p.lower_ not in heads | org_modifiers() \
                        and not _ent_ends_within(doc, p, j):
                    break
                j -= 1
                continue
            break
        # right: more head/modifier words, then "of (the) Capitalized ..."
        k = i + 1
        while k < len(doc) and _is_cap(doc[k]) and doc[k].lower_ in heads | org_modifiers() and "\n" not in doc[k - 1].whitespace_:
            k += 1
        for _ in range(3):
            if k + 1 < len(doc) and doc[k].lower_ in ("of", "for") and "\n" not in doc[k].whitespace_:
                m = k + 1
                if doc[m].lower_ == "the":
                    m += 1
                n = m
                while n < len(doc) and _is_cap(doc[n]) and doc[n].lower_ not in FUNCTION_CAPS and not doc[n].like_num:
                    n += 1
                    if "\n" in doc[n - 1].whitespace_:
                        break
                if n > m:
                    k = n
                    continue
            break
        if k - j < 2:
            continue
        span = doc[j:k]
        spans.append(span)
    # keep maximal spans
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out = []
    for s in spans:
        if out and s.start >= out[-1].start and s.end <= out[-1].end:
            continue
        out.append(s)
    return out


def _ent_ends_within(doc, tok, j: int) -> bool:
    """The entity holding ``tok`` runs into the span that starts at token ``j`` (tagged part of an org name)."""
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent.end > j
    return False


def _is_generic(words: list[str]) -> bool:
    gen = org_heads() | org_modifiers() | N.titles()
    return all(w.lower() in gen or w.lower() in N.STOP or N.is_demonym(w) for w in words)


def _all_demonym(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in N.STOP]
    return bool(content) and all(N.is_demonym(w) for w in content)


# --------------------------------------------------------------------------- context-evidenced candidates

def _in_spans(start: int, end: int, spans) -> bool:
    if isinstance(spans, _SpanIndex):
        return bool(spans.overlapping(start, end))
    return any(start < b and a < end for a, b in spans)


def _placeish(tok, place_spans) -> bool:
    return tok.ent_type_ in ("GPE", "LOC", "NORP") or N.is_demonym(tok.text) \
        or _in_spans(tok.idx, tok.idx + len(tok.text), place_spans)


def _lowercase_body_candidates(doc, place_spans, place_names=frozenset()) -> list[Mention]:
    """'the Gaza health ministry', "Rwanda's foreign ministry": a place (or demonym) owner, lower-case
    remit words and a lower-case head. Named '<Owner> <Remit> <Head>', the surface kept as an alias."""
    out = []
    mods = org_modifiers()
    for tok in doc:
        if tok.text != tok.lower_ or tok.lower_ not in LOWER_HEADS:
            continue
        start = tok.sent.start
        j = tok.i
        while j - 1 >= start and doc[j - 1].is_alpha and doc[j - 1].text == doc[j - 1].lower_ \
                and doc[j - 1].lower_ in mods and doc[j - 1].lower_ not in ("people", "news", "state", "main"):
            j -= 1
        if j == tok.i:
            continue
        k = j - 1
        if k >= start and _is_possessive(doc[k]):
            k -= 1
        e = k
        while k >= start and e - k < 3 and _is_cap(doc[k]) and doc[k].is_alpha and doc[k].lower_ not in FUNCTION_CAPS \
                and not N.is_title_word(doc[k].text) and "\n" not in doc[k].whitespace_:
            k -= 1
        owner = doc[k + 1:e + 1]
        if not len(owner) or not (all(_placeish(t, place_spans) for t in owner) or N.plain_key(owner.text) in place_names):
            continue
        remit = " ".join(t.text.capitalize() for t in doc[j:tok.i + 1])
        s, e_char = owner.start_char, tok.idx + len(tok.text)
        out.append(Mention(s, e_char, "ORG", "lowercase", surface=N.clean_surface(text_of(doc)[s:e_char]),
                           canonical=f"{owner.text} {remit}"))
    return out


def _unit_candidates(doc, place_spans) -> list[Mention]:
    """'the Carlos Patiño front': a capitalized name closed by a lower-case armed-unit noun."""
    out = []
    units = _gn("unit")
    for tok in doc:
        if tok.text != tok.lower_ or tok.lower_ not in units:
            continue
        k = tok.i - 1
        while k >= tok.sent.start and tok.i - k <= 4 and _is_cap(doc[k]) and doc[k].is_alpha \
                and doc[k].lower_ not in FUNCTION_CAPS and not N.is_title_word(doc[k].text) and not _placeish(doc[k], place_spans):
            k -= 1
        name = doc[k + 1:tok.i]
        if not len(name) or k < 0 or doc[k].lower_ != "the" or len(name) > 3:
            continue
        if _is_generic([t.text for t in name]):
            continue
        out.append(Mention(name.start_char, tok.idx + len(tok.text), "ORG", "context",
                           surface=N.clean_surface(text_of(doc)[name.start_char:tok.idx + len(tok.text)])))
    return out


_ALNUM_GROUP = re.compile(r"[A-Z]{1,3}\d{1,3}")


def _group_token_candidates(doc, text: str, place_spans, acronyms: dict[str, str]) -> list[Mention]:
    """Letters+digits group names ('X12 rebels') and acronyms an article uses as a group or agency
    ('the ABC rebel group', 'the peacekeeping mission ABCDE', 'the national army (ABCD)'): every
    occurrence, once one occurrence has such evidence."""
    armed, descr = _gn("armed"), _gn("descr") | ORG_DESCRIPTORS
    found: set[str] = set()
    for tok in doc:
        t = tok.text
        alnum = bool(_ALNUM_GROUP.fullmatch(t))
        acr = N.is_acronym(t) and len(t.replace(".", "")) >= 3 and N.plain_key(t) not in not_names()
        if not (alnum or acr) or t in found or _in_spans(tok.idx, tok.idx + len(t), place_spans):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        prev = doc[tok.i - 1] if tok.i > 0 else None
        evidence = nxt is not None and nxt.lower_ in armed and nxt.text == nxt.lower_
        if acr and not evidence and prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")" \
                and t not in acronyms and tok.i >= 2:
            before = doc[tok.i - 2]
            # "the national army (ABCD)"; not a term's initials ("improvised explosive device (IED)")
            words = [w for w in doc[max(0, tok.i - 6):tok.i - 1] if w.is_alpha]
            initials = "".join(w.text[0].upper() for w in words if w.lower_ not in N.STOP)
            evidence = (before.lower_ in org_heads() or before.lower_ in descr) and not initials.endswith(t.replace(".", ""))
        if acr and not evidence and prev is not None and prev.text == prev.lower_ and prev.lemma_.lower() in descr:
            evidence = True
        if alnum and not evidence and prev is not None and prev.text == prev.lower_ and prev.lower_ in armed:
            evidence = True
        if evidence:
            found.add(t)
    out = []
    for t in found:
        for mt in re.finditer(rf"(?<![\w-]){re.escape(t)}(?![\w-])", text):
            if not _in_spans(mt.start(), mt.end(), place_spans):
                out.append(Mention(mt.start(), mt.end(), "ORG", "acronym", surface=t))
    return out


def _descriptor_candidates(doc, place_spans) -> list[Mention]:
    """Short names the model missed or mistyped, vouched for by a descriptor noun: 'the X security
    agency', 'shipping company X', 'companies including X'."""
    descr = _gn("descr")
    out = []

    def ok(span, person_ok: bool = False) -> bool:
        # a two-word person name after "company" is more often its owner than its name
        return len(span) and all(_is_cap(t) and t.is_alpha and t.lower_ not in FUNCTION_CAPS and not N.is_title_word(t.text)
                                 and not _placeish(t, place_spans) and t.ent_type_ in ("", "PERSON", "ORG", "PRODUCT")
                                 for t in span) and (person_ok or not (len(span) >= 2 and all(t.ent_type_ == "PERSON" for t in span)))

    for tok in doc:
        if tok.text != tok.lower_ or tok.lower_ not in descr:
            continue
        start = tok.sent.start
        # left: "the X (modifier){0,2} agency"
        k = tok.i - 1
        mods = 0
        while k >= start and doc[k].is_alpha and doc[k].text == doc[k].lower_ and mods < 2 and doc[k].pos_ in ("NOUN", "ADJ"):
            k -= 1
            mods += 1
        e = k
        while k >= start and e - k < 3 and _is_cap(doc[k]) and doc[k].is_alpha:
            k -= 1
        name = doc[k + 1:e + 1]
        if k >= 0 and doc[k].lower_ == "the" and ok(name, person_ok=True) and not any(N.is_demonym(t.text) for t in name):
            out.append(Mention(name.start_char, name.end_char, "ORG", "context", surface=N.clean_surface(name.text)))
            continue
        # right: "company X", "companies including X", "companies such as X"
        j = tok.i + 1
        if j < len(doc) and doc[j].lower_ in ("including", "like"):
            j += 1
        elif j + 1 < len(doc) and doc[j].lower_ == "such" and doc[j + 1].lower_ == "as":
            j += 2
        if j == tok.i + 1 and tok.i > 0 and doc[tok.i - 1].lower_ in ("the", "a", "an"):
            continue   # "the agency said", "a company ..." - a bare descriptor needs a qualifier or a list
        m = j
        while m < len(doc) and m - j < 3 and _is_cap(doc[m]) and doc[m].is_alpha and (m == j or "\n" not in doc[m - 1].whitespace_):
            m += 1
        name = doc[j:m]
        if m > j and ok(name) and not any(N.is_demonym(t.text) for t in name) \
                and not (m < len(doc) and doc[m].pos_ in ("NOUN",) and doc[m].text == doc[m].lower_):
            out.append(Mention(name.start_char, name.end_char, "ORG", "context", surface=N.clean_surface(name.text)))
    return out


def _group_apposition(doc, ent) -> bool:
    """'X, the Islamist group that ...': an apposition whose head is a group noun."""
    i = ent.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    i += 1
    if i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
        i += 1
    nouns = _gn("armed") | _gn("descr")
    for k in range(i, min(i + 4, len(doc))):
        t = doc[k]
        if t.lower_ in nouns and t.text == t.lower_:
            nxt = doc[k + 1] if k + 1 < len(doc) else None
            # the head of the apposition, not a possessor ("X, the group's spokesman")
            return not (nxt is not None and (_is_possessive(nxt) or nxt.pos_ in ("NOUN", "PROPN")))
        if not (t.pos_ in ("ADJ", "NOUN", "PROPN") or t.ent_type_ == "NORP"):
            return False
    return False


def _extend_compound_left(doc, ent):
    """'Jabhat' + 'Ansar al-Din': untagged capitalized compounds just before the entity."""
    j = ent.start
    while j - 1 >= ent.sent.start and doc[j - 1].dep_ == "compound" and _is_cap(doc[j - 1]) and doc[j - 1].is_alpha \
            and not doc[j - 1].ent_type_ and doc[j - 1].lower_ not in FUNCTION_CAPS and "\n" not in doc[j - 1].whitespace_:
        j -= 1
    return doc[j:ent.end]


# --------------------------------------------------------------------------- main

def extract_entities(parsed: ParsedArticle, places: list[Place]) -> list[Entity]:
    doc = parsed.doc
    text = parsed.text
    place_spans = _place_spans(places)
    headline_starts = _headline_sentences(doc)
    ner = _ner_candidates(doc)
    place_surfaces = {N.plain_key(e.text) for e in ner if e.label_ in ("GPE", "LOC", "FAC")}
    for p in places or []:
        for m in (p.mentions or []):
            place_surfaces.add(N.plain_key(m))
        place_surfaces.add(N.plain_key(p.name))
    lower_words = {t.lower_ for t in doc if t.is_alpha and t.text.islower()}

    cands: list[Mention] = []

    def add(span, type_, source, label=""):
        for sp in _clean_span(doc, span, type_):
            m = Mention(sp.start_char, sp.end_char, type_, source, label=label,
                        in_headline=sp.start in headline_starts,
                        surface=N.clean_surface(sp.text))
            if m.surface:
                cands.append(m)

    # 1. model entities (PERSON/ORG; other labels only when an outlet/known org)
    for ent in ner:
        label = ent.label_
        words = [t.text for t in ent if not t.is_space]
        surface = N.clean_surface(N.strip_the(" ".join(words)))
        known = N.known_org(surface)
        if label in ("PERSON", "ORG"):
            type_ = label
            if label == "PERSON":
                last = ent[-1].lower_
                prev = doc[ent.start - 1] if ent.start > 0 else None
                if prev is not None and prev.lower_ in _gn("vessel") and not known:
                    continue   # "the tanker Sea Star": a ship's name
                if known or last in org_heads() or any(t.lower_ in org_heads() for t in ent if t.text[:1].isupper()) \
                        or N.is_acronym(ent[-1].text):
                    type_ = "ORG"
                elif _group_apposition(doc, ent):
                    add(_extend_compound_left(doc, ent), "ORG", "context", label)
                    continue
            elif not known and _person_like_org(doc, ent):
                type_ = "PERSON"
            add(ent, type_, "ner", label)
        elif known or (label in ("GPE", "LOC", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART") and _outlet_context(doc, ent)
                       and surface[:1].isupper() and N.plain_key(surface) not in
                       {N.plain_key(e.text) for e in ner if e.label_ in ("GPE", "LOC") and e.start != ent.start} - {""}):
            if label in ("NORP",) and not known:
                continue
            add(ent, "ORG", "ner", label)

    # 1b. persons the model half-found: left compounds ("Pain" + "Nae Sae"), conjuncts ("... and Wa Lone")
    for ent in ner:
        if ent.label_ != "PERSON":
            continue
        ext = _extend_person_left(doc, ent)
        right = _extend_person_right(doc, ent)
        if ext is not None or right is not None:
            add(doc[(ext or ent).start:(right or ent).end], "PERSON", "ner", "PERSON")
        for conj in ent.root.conjuncts:
            sp = _name_from_head(doc, conj)
            if sp is not None and not any(e.start <= conj.i < e.end and e.label_ in ("PERSON", "ORG") for e in ner):
                add(sp, "PERSON", "conj", "PERSON")

    # 2. lexicon, 3. patterns
    cands.extend(_lexicon_candidates(doc, text, ner))
    for sp in _pattern_candidates(doc):
        add(sp, "ORG", "pattern")
    for extra in (_lowercase_body_candidates(doc, place_spans, place_surfaces), _unit_candidates(doc, place_spans),
                  _descriptor_candidates(doc, place_spans)):
        for m in extra:
            sp = _span_tokens(doc, m.start, m.end)
            m.in_headline = sp is not None and sp.start in headline_starts
            cands.append(m)
    for m in cands:
        if m.source == "lexicon":
            sp = _span_tokens(doc, m.start, m.end)
            m.in_headline = sp is not None and sp.start in headline_starts

    # 4. acronyms defined in parentheses: "Long Form (LF)"
    acronyms: dict[str, str] = {}
    for mt in re.finditer(r"\(([A-Z][A-Za-z&\.]{1,8})\)", text):
        acr = mt.group(1)
        if not N.is_acronym(acr.replace("s", "")):
            continue
        before = [c for c in cands if c.type == "ORG" and 0 <= mt.start() - c.end <= 2]
        if not before:
            continue
        long = max(before, key=lambda c: c.end - c.start)
        initials = _initials(long.surface)
        if _subsequence(acr.replace(".", ""), initials) and len(acr.replace(".", "")) >= 2:
            acronyms[acr] = long.surface
    # descriptors: "the monitoring organisation ACLED"
    for tok in doc:
        if N.is_acronym(tok.text) and len(tok.text) >= 3 and tok.i > 0 and doc[tok.i - 1].lemma_.lower() in ORG_DESCRIPTORS:
            cands.append(Mention(tok.idx, tok.idx + len(tok.text), "ORG", "acronym", surface=tok.text,
                                 in_headline=tok.i in headline_starts))
    # every occurrence of a defined acronym, with a capitalized qualifier before it ("Eastern PDF")
    for acr, long in acronyms.items():
        for mt in re.finditer(rf"(?<![\w-]){re.escape(acr)}(?![\w-])", text):
            sp = _span_tokens(doc, mt.start(), mt.end())
            if sp is None:
                continue
            j = sp.start
            while j - 1 >= sp.sent.start and _is_cap(doc[j - 1]) and doc[j - 1].lower_ not in FUNCTION_CAPS \
                    and doc[j - 1].pos_ in ("PROPN", "NOUN", "ADJ") and doc[j - 1].is_alpha and not N.is_demonym(doc[j - 1].text) \
                    and (doc[j - 1].ent_type_ not in ("GPE", "LOC", "NORP") or doc[sp.start].ent_iob_ == "I") \
                    and "\n" not in doc[j - 1].whitespace_ and not doc[j - 1].is_sent_start:
                j -= 1
            start = doc[j].idx if j < sp.start else mt.start()
            m = Mention(start, mt.end(), "ORG", "acronym", surface=N.clean_surface(text[start:mt.end()]),
                        in_headline=sp.start in headline_starts)
            m.long_form_of = long if j == sp.start else None
            cands.append(m)

    for m in _group_token_candidates(doc, text, place_spans, acronyms):
        sp = _span_tokens(doc, m.start, m.end)
        m.in_headline = sp is not None and sp.start in headline_starts
        cands.append(m)

    # 5. repair and filter
    kept: list[Mention] = []
    for m in cands:
        if _reject(m, doc, text, place_spans, place_surfaces, lower_words):
            continue
        kept.append(m)

    # 6. overlaps: prefer longer, then lexicon/acronym over pattern over model
    kept.sort(key=lambda m: (-(m.end - m.start), -PRIORITY[m.source], m.start))
    chosen: list[Mention] = []
    taken = _SpanIndex()
    for m in kept:
        if not taken.overlapping(m.start, m.end):
            chosen.append(m)
            taken.add((m.start, m.end))
    chosen.sort(key=lambda m: m.start)

    # 7. person anchoring and cross-type repair
    persons_full = [m for m in chosen if m.type == "PERSON" and len(m.surface.split()) >= 2]
    full_surnames = {}
    for m in persons_full:
        for part in _name_parts(m.surface):
            full_surnames.setdefault(part, m)
        for part in _arabic_suffix_keys(m.surface):
            if len(part) >= 6:
                full_surnames.setdefault(part, m)
    final: list[Mention] = []
    full_keys = {N.translit_key(p.surface) for p in persons_full}
    for m in chosen:
        toks = m.surface.split()
        if m.type == "ORG" and len(toks) >= 3:
            # "Odesa Anna Petrenko": a place/qualifier word before a known full person name
            tail = " ".join(toks[1:])
            if N.translit_key(tail) in full_keys:
                raw = text[m.start:m.end]
                gap = re.match(r"\S+\s+", raw)
                if gap:
                    m = Mention(m.start + gap.end(), m.end, "PERSON", m.source, surface=tail)
        if len(toks) == 1 and m.type == "ORG" and not N.is_acronym(m.surface) and not N.known_org(m.surface):
            key = N.romanize_token(m.surface)
            if key in full_surnames or N.arabic_key(m.surface) in full_surnames:
                m.type = "PERSON"
        if m.type == "PERSON" and len(m.surface.split()) == 1:
            m.anchored = _anchored(doc, m)
        final.append(m)

    groups = _group(final, acronyms)
    _add_repeated_mentions(groups, text, place_spans, acronyms)
    ents = []
    for g in groups:
        e = _to_entity(g, doc, text, acronyms)
        if e is not None:
            ents.append(e)
    ents.sort(key=lambda e: e.spans[0][0] if e.spans else 0)
    return ents


def _add_repeated_mentions(groups: list[Group], text: str, place_spans, acronyms) -> None:
    """Every other occurrence of a group's names (an acronym, a surname) becomes a mention too."""
    taken = _SpanIndex([(m.start, m.end) for g in groups for m in g.mentions] + list(place_spans))
    surnames: dict[str, list[Group]] = {}
    for g in groups:
        if g.type == "PERSON":
            full = max((m.surface for m in g.mentions), key=lambda s: len(s.split()))
            toks = full.split()
            if len(toks) >= 2 and len(toks[-1]) >= 4:
                surnames.setdefault(toks[-1], []).append(g)
    for g in groups:
        forms = set()
        if g.type == "ORG":
            forms = {m.surface for m in g.mentions if len(m.surface) >= 2 and (N.is_acronym(m.surface) or len(m.surface.split()) >= 2)}
        else:
            forms = {m.surface for m in g.mentions if len(m.surface.split()) >= 2}
            forms |= {s for s, gs in surnames.items() if gs == [g]}
        for form in sorted(forms, key=lambda f: (-len(f), f)):  # set order varies per process
            for mt in re.finditer(rf"(?<![\w@#/-]){re.escape(form)}(?![\w-])", text):
                s, e = mt.start(), mt.end()
                if taken.overlapping(s, e):
                    continue
                g.mentions.append(Mention(s, e, g.type, "repeat", surface=form))
                taken.add((s, e))


def _initials(surface: str) -> str:
    out = []
    for w in re.split(r"[\s\-]+", surface):
        if not w or w.lower() in N.STOP:
            continue
        out.append(w[0].upper())
        out.extend(c for c in w[1:] if c.isupper())
    return "".join(out)


def _subsequence(a: str, b: str) -> bool:
    it = iter(b)
    return all(c in it for c in a)


def _name_parts(surface: str) -> list[str]:
    parts = []
    toks = surface.split()
    for t in toks:
        parts.append(N.romanize_token(t))
        if "-" in t:
            parts.extend(N.romanize_token(p) for p in t.split("-") if len(p) > 2)
    return [p for p in parts if len(p) >= 2]


def _anchored(doc, m: Mention) -> bool:
    sp = _span_tokens(doc, m.start, m.end)
    if sp is None:
        return False
    if sp.start > 0:
        prev = doc[sp.start - 1]
        if N.is_title_word(prev.text) or prev.text in ("Mr.", "Ms.", "Mrs.", "Dr."):
            return True
    root = sp.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in speech_verbs():
        return True
    return False


def _reject(m: Mention, doc, text: str, place_spans, place_surfaces, lower_words) -> bool:
    surface = m.surface
    words = surface.split()
    key = N.plain_key(surface)
    if not key or not any(c.isalpha() for c in surface):
        return True
    if surface[0] in "@#" or "http" in surface or "www." in surface or "/" in surface and m.type == "PERSON":
        return True
    kind = not_names().get(N.plain_key(N.strip_the(surface)))
    if kind == "junk":
        return True
    sp0 = _span_tokens(doc, m.start, m.end)
    if kind is not None and not (sp0 is not None and _outlet_context(doc, sp0)):
        return True   # "Aboriginal", "LGBT", "PCR": a people or a term, unless an outlet of that name
    if all(N.is_title_word(w) for w in words):
        return True   # "Lt Gen": a bare title
    if sp0 is not None and _in_dateline_place(doc, sp0):
        return True   # "TARVIK, May 2 (Reuters) -": the dateline's place
    known = N.known_org(surface) is not None
    if m.source in TRUSTED and not m.in_headline:
        return False
    # taken by the places extractor: inside a place span, or a place span covering most of it
    for s, e in place_spans.overlapping(m.start, m.end):
        if s <= m.start and m.end <= e:
            return True
        if m.start <= s and e <= m.end and (e - s) >= 0.6 * (m.end - m.start) and m.type == "PERSON":
            return True
        if m.start < e and s < m.end and len(words) == 1:
            return True
    if not known and key in place_surfaces and m.source != "conj":
        return True
    if re.search(r"[A-Za-z]+-?\d", surface) and m.type == "ORG" and len(words) == 1 and not _SHORT_ALNUM.fullmatch(surface):
        return True   # equipment designations: MI-35s, T-72; not G7, G20, P5
    if not any(w[:1].isupper() for w in words):
        return True
    if _all_demonym(words) or (m.type == "ORG" and N.is_demonym(words[-1])):
        return True
    if m.type == "ORG" and words[-1].lower() in PLACE_SUFFIXES and words[-1].lower() not in org_heads():
        return True
    if m.type == "ORG" and _is_generic(words) and len(words) == 1:
        return True
    if m.type == "PERSON" and all(N.is_title_word(w) for w in words):
        return True
    sp = _span_tokens(doc, m.start, m.end)
    if sp is None:
        return True
    if m.type == "PERSON" and any(t.tag_ in ("VBZ", "VBD", "VBP") for t in sp):
        return True
    # "a resident of Dire Dawa", "the town of Abu Ghosh": a (misspelled) place the model called a person
    if m.type == "PERSON" and len(words) >= 2 and _place_prev(doc, sp.start):
        return True
    # a single common word ("Resistance", "Composition")
    if len(words) == 1 and not known and not N.is_acronym(surface) and words[0].lower() in lower_words:
        return True
    if len(sp) == 1 or (m.type == "ORG" and not known and m.source == "ner"
                        and not any(w.lower() in org_heads() for w in words)):
        if _place_context(doc, sp):
            return True
    # "Minister of Energy of Ukraine": a title phrase, not an organization
    if m.type == "ORG" and sp.start > 0 and N.is_title_word(doc[sp.start - 1].text) and doc[sp.start - 1].lower_ in ("minister", "secretary", "head", "chief", "director") \
            and not any(w.lower() in org_heads() for w in words):
        return True
    if m.in_headline and not known:
        # kept only when the body names it too (checked later by grouping) - drop verbs and long debris now
        if any(t.tag_ in ("VBZ", "VBD", "VBP", "VBG") for t in sp) or len(words) > 4:
            return True
    return False


_SHORT_ALNUM = re.compile(r"[A-Z]\d{1,2}")


def _in_dateline_place(doc, sp) -> bool:
    """Inside the dateline, outside its parentheses (the credited agency there stays)."""
    a, b = dateline_span(doc)
    if not (a <= sp.start_char < b):
        return False
    before = text_of(doc)[a:sp.start_char]
    return before.count("(") <= before.count(")")


def _place_prev(doc, start: int) -> bool:
    sent_start = doc[start].sent.start
    before = doc[max(sent_start, start - 3): start].text.lower().strip()
    for ph in PLACE_PREV_PHRASES:
        if re.search(rf"(^|\s){re.escape(ph)}(\s+the)?$", before) or before == ph:
            return True
    return False


def _place_context(doc, sp) -> bool:
    if _place_prev(doc, sp.start):
        return True
    # the first of a list: "the settlements of A, B and C"
    first = sp.root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.i != sp.root.i:
        left = first
        while left.i > 0 and doc[left.i - 1].dep_ == "compound" and doc[left.i - 1].head.i == first.i:
            left = doc[left.i - 1]
        if _place_prev(doc, left.i):
            return True
    if sp.end < len(doc):
        nxt = doc[sp.end]
        if nxt.lower_ in PLACE_NEXT and not nxt.text[:1].isupper():
            return True
    # coordinated with a place: "Kiev, Zaporizhzhia and Kharkiv oblasts"
    root = sp.root
    for other in list(root.conjuncts):
        if other.ent_type_ in ("GPE", "LOC"):
            return True
    return False


# --------------------------------------------------------------------------- grouping

def _group(mentions: list[Mention], acronyms: dict[str, str]) -> list[Group]:
    persons = [m for m in mentions if m.type == "PERSON"]
    orgs = [m for m in mentions if m.type == "ORG"]
    return _group_persons(persons) + _group_orgs(orgs, acronyms)


def _group_persons(mentions: list[Mention]) -> list[Group]:
    groups: list[Group] = []
    full = [m for m in mentions if len(m.surface.split()) >= 2]
    single = [m for m in mentions if len(m.surface.split()) == 1]
    for m in full:
        target = None
        mk = N.translit_key(m.surface)
        for g in groups:
            if any(N.translit_key(x.surface) == mk for x in g.distinct()) or _same_person(m.surface, g.mentions[0].surface):
                target = g
                break
        if target is None:
            groups.append(Group("PERSON", [m]))
        else:
            target.mentions.append(m)
    singles_unjoined = []
    for m in single:
        key = N.romanize_token(m.surface)
        exact = [g for g in groups if any(key in _name_parts(x.surface) for x in g.distinct() if len(x.surface.split()) >= 2)]
        if exact:
            g = _nearest(exact, m)
            g.mentions.append(m)
            continue
        # "Abdulrahman" for "Rami Abdel Rahman": Arabic particles spelled and spaced differently
        ak = N.arabic_key(m.surface)
        arab = [g for g in groups if len(ak) >= 6 and any(ak in _arabic_suffix_keys(x.surface) for x in g.distinct())]
        if arab:
            _nearest(arab, m).mentions.append(m)
            continue
        # spelling variant of a surname: closest full name, clearly closer than any other
        scored = []
        for g in groups:
            best = 0.0
            for x in g.distinct():
                xs = x.surface.split()
                if len(xs) < 2:
                    continue
                last = N.romanize_token(xs[-1])
                if abs(len(last) - len(key)) <= 2 and last[:1] == key[:1]:
                    best = max(best, N.similarity(last, key))
            scored.append((best, g))
        scored.sort(key=lambda x: -x[0])
        if scored and scored[0][0] >= 0.8 and len(key) >= 5 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.1):
            scored[0][1].mentions.append(m)
            continue
        singles_unjoined.append(m)
    # unanchored single names: keep only when a title or speech context vouches for them
    by_key: dict[str, Group] = {}
    for m in singles_unjoined:
        key = N.romanize_token(m.surface)
        g = by_key.get(key)
        if g is None:
            g = by_key[key] = Group("PERSON", [])
        g.mentions.append(m)
    for g in by_key.values():
        if any(m.anchored for m in g.mentions) and not all(m.in_headline for m in g.mentions):
            groups.append(g)
    return [g for g in groups if not all(m.in_headline for m in g.mentions)]


def _arabic_suffix_keys(surface: str) -> set[str]:
    """Arabic-particle keys of a full name's surname parts: 'Rami Abdel Rahman' -> {'abdrahman', 'rahman'}."""
    toks = surface.split()
    return {N.arabic_key(" ".join(toks[i:])) for i in range(1, len(toks))} if len(toks) >= 2 else set()


def _same_person(a: str, b: str) -> bool:
    ta, tb = N.strip_title(a).split(), N.strip_title(b).split()
    if len(ta) < 2 or len(tb) < 2:
        return False
    if N.romanize_token(ta[0]) == N.romanize_token(tb[0]) and len(N.arabic_key(a)) >= 8 \
            and N.arabic_key(" ".join(ta[1:])) == N.arabic_key(" ".join(tb[1:])):
        return True
    la, lb = N.romanize_token(ta[-1]), N.romanize_token(tb[-1])
    if not (la == lb or (N.similarity(la, lb) >= 0.85 and abs(len(la) - len(lb)) <= 2)):
        return False
    fa, fb = N.romanize_token(ta[0]), N.romanize_token(tb[0])
    if fa == fb or (len(fa) <= 2 or len(fb) <= 2) and fa[:1] == fb[:1]:
        return True
    return N.similarity(fa, fb) >= 0.7 or (fa[:1] == fb[:1] and N.similarity(fa, fb) >= 0.6)


def _nearest(groups: list[Group], m: Mention) -> Group:
    def dist(g):
        # prefer the closest mention before m, else the first one after it
        starts = g.starts()
        before = bisect.bisect_right(starts, m.start)
        return m.start - starts[before - 1] if before else 10 ** 9 + starts[0] - m.start
    return min(groups, key=dist)


def _group_orgs(mentions: list[Mention], acronyms: dict[str, str]) -> list[Group]:
    groups: list[Group] = []

    def find(m: Mention) -> Optional[Group]:
        mk = N.org_tokens(m.surface)
        known = N.known_org(m.surface)
        for g in groups:
            for x in g.distinct():
                if N.org_tokens(x.surface) == mk:
                    return g
                if known and N.known_org(x.surface) == known:
                    return g
        # acronym defined in parentheses, or matching the initials of a long form
        if N.is_acronym(m.surface):
            long = acronyms.get(m.surface)
            for g in groups:
                for x in g.distinct():
                    if long and x.surface == long:
                        return g
            for g in groups:
                for x in g.distinct():
                    if len(x.surface.split()) >= 2 and _initials(x.surface) == m.surface.replace(".", ""):
                        return g
        # "Northern PDF" for "Northern People's Defense Force (PDF)"
        words = m.surface.split()
        if len(words) >= 2 and N.is_acronym(words[-1]) and words[-1] in acronyms:
            long = acronyms[words[-1]]
            qual = " ".join(words[:-1])
            for g in groups:
                for x in g.distinct():
                    if x.surface == long and long.startswith(qual + " "):
                        return g
        return None

    # long forms first so that acronyms and short forms find them
    ordered = sorted(mentions, key=lambda m: (-len(m.surface.split()), m.start))
    generic = []
    for m in ordered:
        if _is_generic(m.surface.split()) and not N.known_org(m.surface):
            generic.append(m)
            continue
        g = find(m)
        if g is None:
            groups.append(Group("ORG", [m]))
        else:
            g.mentions.append(m)
    # generic references ("Defense Ministry", "General Staff") join the one specific org they abbreviate
    for m in generic:
        mk = set(N.org_tokens(m.surface))
        fits = [g for g in groups if any(mk <= set(N.org_tokens(x.surface)) for x in g.distinct())]
        if len(fits) == 1:
            fits[0].mentions.append(m)
        elif not fits and len(m.surface.split()) >= 2:
            same = next((g for g in groups if all(_is_generic(x.surface.split()) for x in g.distinct())
                         and N.org_tokens(g.mentions[0].surface) == tuple(sorted(mk))), None)
            if same:
                same.mentions.append(m)
            else:
                groups.append(Group("ORG", [m]))
    # headline-only organizations that the body never names are debris
    return [g for g in groups if not all(m.in_headline for m in g.mentions)
            or any(N.known_org(m.surface) for m in g.mentions)]


def _to_entity(g: Group, doc, text: str, acronyms: dict[str, str]) -> Optional[Entity]:
    if not g.mentions:
        return None
    ms = sorted(g.mentions, key=lambda m: m.start)
    surfaces = []
    for m in ms:
        s = m.surface if g.type == "ORG" else N.strip_title(m.surface)
        s = N.strip_the(s)
        if s and s not in surfaces:
            surfaces.append(s)

    def fullness(s):
        toks = s.split()
        acr = 1 if N.is_acronym(s) else 0
        return (-acr, len(toks), len(s))

    name = max(surfaces, key=fullness)
    canon = [m.canonical for m in ms if m.canonical]
    if canon:
        name = max(canon, key=fullness)
    aliases = [s for s in surfaces if s != name]
    if g.type == "ORG":
        for s in list(surfaces):
            if s in acronyms:
                continue   # the article defines this acronym itself
            for f in N.known_org_forms(s):
                f2 = N.strip_the(f)
                if f2 != name and f2 not in aliases:
                    aliases.append(f2)
    seen = set()
    uniq = []
    for a in aliases:
        k = a.lower()
        if k not in seen and k != name.lower():
            seen.add(k)
            uniq.append(a)
    spans, sents = [], []
    for m in ms:
        if (m.start, m.end) in spans:
            continue
        spans.append((m.start, m.end))
        sents.append(sentence_of(doc, m.start, m.end))
    return Entity(name=name, type=g.type, aliases=uniq, spans=spans, sentence_spans=sents)
