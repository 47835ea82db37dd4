"""Events: PLOVER-coded who did what to whom, where and when."""
from __future__ import annotations

from eventwire.nlp import ParsedArticle
from eventwire.records import Entity, Event, Place


def extract_events(parsed: ParsedArticle, entities: list[Entity], places: list[Place]) -> list[Event]:
    return []
