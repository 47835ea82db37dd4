"""Quantities: casualty and loss figures with their sources."""
from __future__ import annotations

from eventwire.nlp import ParsedArticle
from eventwire.records import Entity, Place, Quantity


def extract_quantities(parsed: ParsedArticle, entities: list[Entity], places: list[Place]) -> list[Quantity]:
    return []
