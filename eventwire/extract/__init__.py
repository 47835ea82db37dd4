"""Extraction: one declared list of extractors, each naming what it needs and what it sets.

Like spaCy components that declare ``requires`` and ``assigns``, every entry of
``EXTRACTORS`` names the inputs it reads (``parsed`` and the sections set by
earlier entries) and the one section it returns.  ``extract`` runs them in
list order; the order is checked once, at import, so an entry can never read
a section that has not been set yet.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from eventwire.extract.entities import extract_entities
from eventwire.extract.events import extract_events
from eventwire.extract.mentions import Mentions, build_mentions
from eventwire.extract.places import extract_places
from eventwire.extract.quantities import extract_quantities
from eventwire.extract.quotes import extract_quotes
from eventwire.nlp import ParsedArticle
from eventwire.nlp.truecase import case_warning
from eventwire.records import Extraction

ENGLISH = {"en", None}


@dataclass(frozen=True)
class Extractor:
    sets: str                      # what it returns: an ``Extraction`` field, or an input for later entries
    run: Callable[..., list]
    needs: tuple[str, ...]         # positional inputs: "parsed" or sections set earlier


EXTRACTORS: tuple[Extractor, ...] = (
    # places first, so that entity repair knows which spans are places
    Extractor("places", extract_places, needs=("parsed",)),
    Extractor("entities", extract_entities, needs=("parsed", "places")),
    # who is who (not an output section): the one resolver quotes, figures and events ask
    Extractor("mentions", build_mentions, needs=("parsed", "places", "entities")),
    Extractor("quotes", extract_quotes, needs=("parsed", "mentions")),
    Extractor("quantities", extract_quantities, needs=("parsed", "mentions")),
    Extractor("events", extract_events, needs=("parsed", "mentions")),
)
SECTIONS = ("entities", "places", "quotes", "quantities", "events")   # the Extraction fields


def _check_order(extractors: tuple[Extractor, ...]) -> None:
    available = {"parsed"}
    for x in extractors:
        missing = [n for n in x.needs if n not in available]
        if missing:
            raise AssertionError(f"extractor for {x.sets!r} needs {missing} before it is set")
        available.add(x.sets)


_check_order(EXTRACTORS)


_FAILED = " extraction failed: "


def section_failed(warning: str) -> bool:
    """Whether an Extraction's warning says one of its sections crashed (and so found nothing)."""
    return _FAILED in warning


def _guarded(x: Extractor, args: tuple, warnings: list[str]):
    """Run one extractor; a bug in one section must not lose the article or the other sections."""
    try:
        return x.run(*args)
    except Exception as exc:  # noqa: BLE001 - reported on the Extraction, never silent
        warnings.append(f"{x.sets}{_FAILED}{type(exc).__name__}: {exc}")
        return _failed(x, args)


def _failed(x: Extractor, args: tuple):
    """What a failed entry leaves for the entries after it: no items; a failed resolver leaves one
    that knows the names and links nothing, so quotes, figures and events still run."""
    if x.sets != "mentions":
        return []
    try:
        return Mentions.names_only(*args)
    except Exception:  # noqa: BLE001 - the later entries then fail on their own and say so
        return None


def extract(parsed: ParsedArticle) -> Extraction:
    """Run every extractor on one parsed article."""
    article = parsed.article
    if article.language not in ENGLISH or not article.text.strip():
        return Extraction(article=article)  # stored and flagged, not run through English extractors
    warnings: list[str] = [case_warning(article.case)] if article.case else []
    results: dict[str, object] = {"parsed": parsed}
    for i, x in enumerate(EXTRACTORS):
        if not parsed.complete or parsed.out_of_time():     # the article's time budget: keep what is done
            left = ", ".join(e.sets for e in EXTRACTORS[i:])
            when = ("while parsing" if not parsed.complete else
                    f"after {EXTRACTORS[i - 1].sets}" if i else "before extraction")
            warnings.append(f"time budget of {parsed.budget:g}s ran out {when}: {left} not extracted")
            break
        results[x.sets] = _guarded(x, tuple(results[n] for n in x.needs), warnings)
    sections = {f: results[f] for f in SECTIONS if f in results}
    return Extraction(article=article, warnings=warnings, **sections)


__all__ = ["extract", "EXTRACTORS", "Extractor", "section_failed", "build_mentions", "extract_entities",
           "extract_places", "extract_quotes", "extract_quantities", "extract_events"]
