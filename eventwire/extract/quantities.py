"""Quantities: casualty and loss figures with their sources.

Each number (``numbers.find_numbers``) is tied to the noun it counts (the nummod head, or the
noun after it, "44 of 50 missiles"), and the metric comes from lexicons (``quantity_nouns``,
``quantity_triggers``) applied along the dependency tree: the counted noun itself ("deaths"),
a verb or noun governing it ("lost 1,886 tanks, 4,162 vehicles ...", conjuncts inherit the
verb), a clause attached to it ("soldiers ... died"), or the role of armed people acting
("200 troops attacked" -> deployed).  The source is the subject of a reporting verb above the
figure or "according to X", else the previous figure's source in the same paragraph.
"""
from __future__ import annotations

from typing import Optional

from eventwire import lexicons
from eventwire.extract.mentions import Mentions
from eventwire.extract.numbers import NumberMention, excluded_context, find_numbers
from eventwire.extract.quotemarks import paragraphs
from eventwire.extract.wordclasses import is_speech_verb
from eventwire.nlp import ParsedArticle, sentence_of
from eventwire.records import Quantity

PEOPLE = ("person", "personnel", "unit")
CASUALTY_METRICS = ("killed", "injured", "displaced", "detained", "missing", "affected")
OBJECT_ROLES = ("dobj", "nsubjpass", "obj", "attr", "oprd", "appos", "conj", "pobj", "npadvmod")
VAGUE = {"one"}


def _nouns() -> dict[str, str]:
    return {r["lemma"]: r["class"] for r in lexicons.table("quantity_nouns")}


def _triggers() -> dict[str, tuple[str, str]]:
    return {r["lemma"]: (r["metric"], r["role"]) for r in lexicons.table("quantity_triggers")}


def noun_class(tok) -> Optional[str]:
    """The class of a counted noun token (two-word entries match compound + head)."""
    nouns = _nouns()
    lemma, low = tok.lemma_.lower(), tok.lower_
    for c in tok.children:
        if c.dep_ == "compound" and c.i == tok.i - 1:
            for key in (f"{c.lemma_.lower()} {lemma}", f"{c.lower_} {low}"):
                if key in nouns:
                    return nouns[key]
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        for key in (f"{prev.lemma_.lower()} {lemma}", f"{prev.lower_} {low}"):
            if key in nouns:
                return nouns[key]
    return nouns.get(lemma) or nouns.get(low)


def _trigger(tok) -> Optional[tuple[str, str]]:
    trig = _triggers()
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ in ("prt", "advmod", "prep") and c.i > tok.i:
            key = f"{lemma} {c.lower_}"
            if key in trig:
                return trig[key]
    if tok.pos_ == "NOUN":
        hit = trig.get(lemma) or trig.get(tok.lower_)
        return hit if hit and hit[1] == "noun" else None
    if tok.pos_ in ("VERB", "ADJ", "AUX"):
        hit = trig.get(lemma) or trig.get(tok.lower_)
        if hit and hit[1] != "noun":
            return hit
    return None


def _apply(metric: str, cls: Optional[str]) -> Optional[str]:
    if metric == "moved":  # "crossed into": people displaced, armed people deployed
        if cls == "materiel":
            return None
        return "deployed" if cls in ("personnel", "unit") else "displaced"
    if metric in ("lost", "captured"):
        if cls == "materiel":
            return "materiel_lost"
        if cls in PEOPLE:
            return "killed" if metric == "lost" else "detained"
        return None
    if cls == "materiel" and metric not in ("materiel_lost", "deployed"):
        return None
    if metric == "materiel_lost" and cls in PEOPLE:
        return "killed"
    return metric


def counted_noun(doc, num: NumberMention):
    """(anchor, noun): the token carrying the figure's role in the sentence, and the noun it
    counts (None when the number stands alone: "600,000 having fled")."""
    last = doc[num.end - 1]
    anchor = last
    while anchor.dep_ in ("nummod", "compound", "quantmod", "amod") and anchor.head.i != anchor.i and \
            anchor.head.pos_ in ("NUM",) and anchor.head.i >= num.start and anchor.head.i < num.end + 2:
        anchor = anchor.head
    noun = None
    if anchor.dep_ == "nummod" and anchor.head.pos_ in ("NOUN", "PROPN") and anchor.head.i > anchor.i:
        noun = anchor.head
        anchor = noun
    # partitive "44 of 50 missiles": the noun after "of"
    j = num.end
    if noun is None and j < len(doc) and doc[j].lower_ == "of":
        for t in doc[j + 1:j + 8]:
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "compound":
                noun = t
                break
            if t.pos_ == "ADJ" and _nouns().get(t.lower_) in CASUALTY_METRICS:
                noun = t  # "two of the dead", "three of the injured"
                break
            if t.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ") or t.lower_ in ("them", "us", "these", "those", "which"):
                break
    # text order: the next nominal after the number ("three armored and five other vehicles")
    if noun is None:
        k = j
        while k < len(doc) and k < j + 6:
            t = doc[k]
            if t.pos_ in ("NOUN", "PROPN") and not (k + 1 < len(doc) and doc[k + 1].pos_ in ("NOUN",) and
                                                   doc[k + 1].dep_ != "appos" and t.dep_ == "compound"):
                noun = t
                break
            if t.pos_ in ("ADJ", "NOUN", "PROPN") or (t.pos_ == "NUM" and k > j) or t.text in ("-",):
                k += 1
                continue
            if t.lower_ == "and" and k + 1 < len(doc) and doc[k + 1].pos_ == "NUM":
                k += 1
                continue
            break
        if noun is not None and anchor.dep_ == "nummod" and anchor.head.pos_ == "NOUN" and anchor.head.i != noun.i:
            anchor = anchor.head
    return anchor, noun


def _trigger_adj(tok):
    trig = _triggers()
    hit = trig.get(tok.lower_) or trig.get(tok.lemma_.lower())
    return hit if hit and hit[1] != "noun" else None


def _governor_metric(anchor, cls: Optional[str], strict: bool = False) -> Optional[str]:
    """Walk up from ``anchor`` to the verb or noun that says what happened to it.  ``strict``:
    only a verb the anchor is the object (or intransitive subject) of."""
    tok = anchor
    if strict:
        head, role = tok.head, tok.dep_
        if head.i == tok.i:
            return None
        hit = _trigger(head) or (_trigger_adj(head) if head.pos_ == "ADJ" else None)
        if hit and hit[1] != "noun":
            if role in ("dobj", "nsubjpass") or (role == "nsubj" and hit[1] == "subject"):
                return hit[0] if hit[0] in CASUALTY_METRICS else None
        for c in tok.children:
            if c.dep_ in ("relcl", "acl"):
                hit = _trigger(c)
                if hit and hit[0] in CASUALTY_METRICS:
                    return hit[0]
        # "remain missing": a copula-like verb with a casualty adjective
        if role == "nsubj":
            for c in head.children:
                if c.dep_ in ("acomp", "xcomp", "oprd") and _trigger_adj(c):
                    m = _trigger_adj(c)[0]
                    return m if m in CASUALTY_METRICS else None
        return None
    # clauses on the noun: "soldiers ... died", "people killed", "civilians who were wounded"
    deferred = None
    for c in tok.children:
        if c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "ADJ", "AUX"):
            hit = _trigger(c)
            if hit and hit[0] in ("moved", "displaced") and hit[1] == "subject":
                # "farmers who had crossed the line" were detained: the verb above decides first
                deferred = deferred or _apply(hit[0], cls)
            elif hit:
                return _apply(hit[0], cls)
    metric = _governor_walk(tok, cls)
    return metric if metric is not None else deferred


def _governor_walk(tok, cls: Optional[str]) -> Optional[str]:
    role = tok.dep_
    while role in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
        role = tok.dep_ if role != "appos" or tok.dep_ not in ("conj", "appos") else tok.dep_
    cur, steps = tok, 0
    while steps < 6:
        head = cur.head
        if head.i == cur.i:
            return None
        role = cur.dep_
        hit = _trigger(head)
        if hit:
            metric, trig_role = hit
            if trig_role == "noun":
                return _apply(metric, cls)
            if role in ("nsubj",) and trig_role == "object":
                # perpetrators: "200 troops destroyed three bunkers"
                return "deployed" if cls in ("personnel", "unit") else None
            return _apply(metric, cls)
        if head.pos_ in ("VERB", "AUX"):
            # losses put at: "estimated Ukrainian losses ... at 215 service members"
            for c in head.children:
                if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and c.i != cur.i:
                    h = _trigger(c)
                    if h and h[1] == "noun":
                        return _apply(h[0], cls)
            # "forcing 3,000 residents to flee"
            if role in ("dobj", "nsubj"):
                for c in head.children:
                    if c.dep_ in ("xcomp", "ccomp", "advcl") and c.i > cur.i:
                        h = _trigger(c)
                        if h and h[1] == "subject":
                            return _apply(h[0], cls)
            if role == "nsubj":  # "eight fishermen remain missing", "two soldiers were found dead"
                for c in head.children:
                    if c.dep_ in ("acomp", "xcomp", "oprd") and _trigger_adj(c) and c.pos_ == "ADJ":
                        return _apply(_trigger_adj(c)[0], cls)
            if is_speech_verb(head):
                return None
            if role == "nsubj" and cls in ("personnel", "unit") and head.pos_ == "VERB":
                return "deployed"
            if role in ("nsubj", "nsubjpass", "dobj", "attr"):
                return None
        cur, steps = head, steps + 1
    return None


def classify(doc, num: NumberMention):
    """(metric, noun) for a number, or (None, noun) when it is not a figure about people or
    materiel."""
    anchor, noun = counted_noun(doc, num)
    # the total of a partitive ("44 of 50 missiles", "three of the five bunkers") is not a claim
    back = [t for t in doc[max(0, num.start - 5):num.start]]
    if back and any(t.lower_ == "of" for t in back[-4:]):
        of_i = max(t.i for t in back if t.lower_ == "of")
        if of_i > 0 and doc[of_i - 1].like_num and all(t.pos_ in ("DET", "PART", "PROPN", "NOUN", "ADP") or t.i == of_i
                                                       for t in doc[of_i:num.start]):
            return None, noun
    cls = noun_class(noun) if noun is not None else None
    if noun is None:
        metric = _elided_casualty(doc, num)
        if metric is not None:
            return metric, None
    if noun is not None and cls is None:
        # a noun we do not know: only a casualty verb directly on it counts ("seven miners died");
        # "10 other cities", "five attacks" stay out
        metric = _governor_metric(anchor, None, strict=True)
        return (metric if metric in ("killed", "injured", "detained", "missing") else None), noun
    if noun is not None:
        for c in noun.children:  # "30 wounded civilians", "9 dead soldiers"
            if c.dep_ == "amod" and c.i < noun.i:
                hit = _trigger(c) or _trigger_adj(c)
                if hit and hit[0] in CASUALTY_METRICS:
                    return hit[0], noun
    if cls in CASUALTY_METRICS and cls != "affected":
        return cls, noun
    metric = _governor_metric(anchor, cls)
    if metric is None and noun is not None and anchor is not noun:
        metric = _governor_metric(noun, cls)
    if metric is None:
        if cls == "affected":
            return "affected", noun
        if cls == "person":
            return ("affected" if not _is_source_subject(noun) else None), noun
        if cls == "unit" or (cls == "personnel" and anchor.dep_ in ("nsubj", "ROOT")):
            return "deployed", noun
        if cls == "personnel":
            return "deployed", noun  # armed people counted where they are: "1,500 troops in the country"
        return None, noun
    if noun is None and num.value == 1 and doc[num.start].lower_ == "one":
        return None, noun  # "one of them"
    return metric, noun


def _elided_casualty(doc, num: NumberMention) -> Optional[str]:
    """A number that is itself the subject or object of the casualty participle right after it,
    the noun left out: "15 civilians were killed and 46 wounded", "left 15 dead"."""
    if num.end >= len(doc):
        return None
    nxt = doc[num.end]
    if not (nxt.tag_ == "VBN" or nxt.pos_ == "ADJ") or nxt.is_title:
        return None
    last = doc[num.end - 1]
    if not (last.head.i == nxt.i or nxt.head.i == last.i or last.head.i == nxt.head.i):
        return None
    hit = _trigger(nxt) or _trigger_adj(nxt)
    if not hit:
        return None
    metric = {"lost": "killed", "captured": "detained"}.get(hit[0], hit[0])
    return metric if metric in ("killed", "injured", "detained", "missing") else None


def _is_source_subject(noun) -> bool:
    return noun.dep_ == "nsubj" and is_speech_verb(noun.head)


def _object_text(doc, num: NumberMention, noun) -> Optional[str]:
    if noun is None:
        return None
    start = num.end
    if start < len(doc) and doc[start].lower_ == "of":
        start += 1
    while start < noun.i and doc[start].pos_ in ("DET", "PUNCT", "CCONJ", "NUM", "PART"):
        start += 1
    if start > noun.i:
        start = noun.i
    words_ = []
    for t in doc[start:noun.i]:
        if t.pos_ in ("CCONJ", "PUNCT", "VERB", "ADP") and t.text not in ("-",):
            break  # "three armored and five other vehicles" -> "armored vehicles"
        words_.append(t.text)
    return " ".join(words_ + [noun.text])


def extract_quantities(parsed: ParsedArticle, mentions: Mentions) -> list[Quantity]:
    doc, text = parsed.doc, parsed.text
    resolver = mentions
    paras = paragraphs(text)

    def para_of(pos: int) -> int:
        for k, (s, e, _) in enumerate(paras):
            if s <= pos < e:
                return k
        return -1

    out: list[Quantity] = []
    seen: dict[tuple, int] = {}
    last_source: dict[int, Optional[str]] = {}
    for num in find_numbers(doc):
        if excluded_context(doc, num):
            continue
        metric, noun = classify(doc, num)
        if metric is None:
            continue
        anchor = noun if noun is not None else doc[num.end - 1]
        res = resolver.source_of(anchor)
        k = para_of(num.start_char)
        source = res.name if res is not None and res.name else last_source.get(k)
        last_source[k] = source
        obj = _object_text(doc, num, noun)
        lower = num.bound == "lower"
        upper = num.bound == "upper"
        start = doc[num.bound_start].idx if num.bound_start is not None else num.start_char
        q = Quantity(
            value=int(num.value) if float(num.value).is_integer() else num.value,
            metric=metric,
            object=obj,
            source=source,
            lower_bound=lower,
            upper_bound=upper,
            high=num.high,
            text=text[start:num.end_char],
            span=(num.start_char, num.end_char),
            sentence_span=sentence_of(doc, num.start_char, num.end_char),
        )
        key = (q.value, q.metric, (noun.lemma_.lower() if noun is not None else None))
        if key in seen:
            continue  # restated
        seen[key] = len(out)
        out.append(q)
    return out
