"""Places: named locations resolved to gazetteer entries."""
from __future__ import annotations

from eventwire.nlp import ParsedArticle
from eventwire.records import Place


def extract_places(parsed: ParsedArticle) -> list[Place]:
    return []
