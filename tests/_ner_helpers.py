"""Shared helper for tests of what the extractors make of a given NER output."""
from eventwire.nlp import parse
from eventwire.records import Article


def parsed_with_entities(nlp, text, spans):
    """``text`` parsed by the real model, its NER entities then set to ``spans`` ((surface, label), each
    found after the previous one), the model's own entities elsewhere kept where they do not overlap."""
    from spacy.tokens import Span

    parsed = parse(Article(text=text), nlp)
    doc = parsed.doc
    forced, at = [], 0
    for surface, label in spans:
        start = text.index(surface, at)
        at = start + len(surface)
        span = doc.char_span(start, at, label)
        forced.append(Span(doc, span.start, span.end, label))
    kept = [e for e in doc.ents if all(e.end <= f.start or e.start >= f.end for f in forced)]
    doc.set_ents(sorted(forced + kept, key=lambda e: e.start), default="outside")
    return parsed
