"""Quantities: casualty and loss figures with their sources.

Each number (``numbers.find_numbers``) gets its counted noun and metric from
``figure_metrics.read_metric``: what the sentence says happened to the people or things it
counts.  The source is the subject of a reporting verb above the figure or "according to X",
else the previous figure's source in the same paragraph.
"""
from __future__ import annotations

from typing import Optional

from eventwire.extract.figure_metrics import CASUALTY_METRICS, Reading, read_metric
from eventwire.extract.mentions import Mentions
from eventwire.extract.numbers import NumberMention, excluded_context, find_numbers
from eventwire.extract.quotemarks import paragraphs
from eventwire.extract.wordclasses import is_speech_verb
from eventwire.nlp import ParsedArticle, sentence_of
from eventwire.records import Quantity


def classify(doc, num: NumberMention) -> Reading:
    """The number's metric, counted noun and cumulative flag; metric None when it is not a figure
    about people or materiel (people who are the source of a claim are not a figure about people:
    "12 witnesses said")."""
    reading = read_metric(doc, num)
    if reading.metric == "affected" and reading.noun is not None and _is_source_subject(reading.noun):
        reading.metric = None
    return reading


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
        reading = classify(doc, num)
        noun, metric = reading.noun, reading.metric
        if reading.from_previous:  # "... fled, bringing the total to 8,300": the tally of the figure before it
            sentence = sentence_of(doc, num.start_char, num.end_char)
            metric = out[-1].metric if out and out[-1].sentence_span == sentence else None
            if reading.casualty_only and metric not in CASUALTY_METRICS:
                metric = None  # "they had four children, including two boys": no figure to be a part of
        if metric is None:
            continue
        anchor = noun if noun is not None else doc[num.end - 1]
        res = mentions.source_of(anchor)
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
            cumulative=reading.cumulative,
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
