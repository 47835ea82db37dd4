"""A sentence boundary at every paragraph break.

Wire text puts headlines and list items in paragraphs of their own without
a full stop; the parser would run them into the next sentence.  Marking the
token after a blank line as a sentence start fixes that before the parser
runs (the parser respects preset boundaries).  Single newlines are left
alone: many feeds hard-wrap sentences.
"""
from __future__ import annotations

from spacy.language import Language

@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc):
    for i, token in enumerate(doc[:-1]):
        if not token.is_space or "\n" not in token.text:
            continue
        if token.text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc
