"""Extraction: each module has one entry point taking the parsed article.

Order matters only through explicit inputs: places first (so that entity
repair knows which spans are places), then entities, then quotes,
quantities and events, which resolve speakers, sources and actors against
the article's entities and places.
"""
from __future__ import annotations

from eventwire.extract.entities import extract_entities
from eventwire.extract.events import extract_events
from eventwire.extract.places import extract_places
from eventwire.extract.quantities import extract_quantities
from eventwire.extract.quotes import extract_quotes
from eventwire.nlp import ParsedArticle
from eventwire.records import Extraction

ENGLISH = {"en", None}


def _guarded(section: str, extractor, args: tuple, warnings: list[str]) -> list:
    """Run one extractor; a bug in one section must not lose the article or the other sections."""
    try:
        return extractor(*args)
    except Exception as exc:  # noqa: BLE001 - reported on the Extraction, never silent
        warnings.append(f"{section} extraction failed: {type(exc).__name__}: {exc}")
        return []


def extract(parsed: ParsedArticle) -> Extraction:
    """Run every extractor on one parsed article."""
    article = parsed.article
    if article.language not in ENGLISH or not article.text.strip():
        return Extraction(article=article)  # stored and flagged, not run through English extractors
    warnings: list[str] = []
    places = _guarded("places", extract_places, (parsed,), warnings)
    entities = _guarded("entities", extract_entities, (parsed, places), warnings)
    quotes = _guarded("quotes", extract_quotes, (parsed, entities, places), warnings)
    quantities = _guarded("quantities", extract_quantities, (parsed, entities, places), warnings)
    events = _guarded("events", extract_events, (parsed, entities, places), warnings)
    return Extraction(article=article, entities=entities, places=places, quotes=quotes,
                      quantities=quantities, events=events, warnings=warnings)


__all__ = ["extract", "extract_entities", "extract_places", "extract_quotes", "extract_quantities", "extract_events"]
