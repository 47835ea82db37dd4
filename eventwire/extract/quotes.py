"""Quotes: direct quotations with their speakers."""
from __future__ import annotations

from eventwire.nlp import ParsedArticle
from eventwire.records import Entity, Place, Quote


def extract_quotes(parsed: ParsedArticle, entities: list[Entity], places: list[Place]) -> list[Quote]:
    return []
