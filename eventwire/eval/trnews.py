"""TR-News (Kamalloo & Rafiei 2018): places, end to end with our own NER and gazetteer.

Split, fixed once: articles sorted by ``docid`` (numerically); report = index % 5 == 0, development = the rest.

Counted toponyms: ALL gold toponyms of an article (names and adjectival ones such as "Turkish",
which eventwire leaves out by design; ``r_names`` gives recall without the adjectival ones, and
``r_standalone`` recall over the names that are not one word of a longer capitalized name such as
"Kentucky State Police" or "University of Manitoba": places inside organization and facility names,
which the GUIDELINES also leave out; see ``core.standalone``).
Offsets that drifted 1-5 characters in the corpus are fixed by finding the phrase nearest the offset.

- ``p`` / ``r`` / ``f1``: geotagging by span overlap. A system place mention overlapping a gold
  toponym is right; a gold toponym is found when some system mention overlaps it.
- ``acc161``, ``mean_km``, ``median_km``: over the found gold toponyms that have coordinates, the
  distance to the overlapping system place (a system place without coordinates counts 20,038 km).
- ``acc161_e2e``: the same share within 161 km over ALL gold toponyms with coordinates, the
  toponyms we did not find counted as wrong.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from eventwire.eval.core import (WORST_KM, Item, SetSpec, Sheet, distance_rows, every_nth, find_near, km,
                                 overlaps, place_spans, standalone)

FILE = "TR-News.xml"


@dataclass
class Toponym:
    phrase: str
    start: int
    end: int
    lat: Optional[float] = None
    lon: Optional[float] = None
    name: Optional[str] = None


def read_articles(path: Path) -> list[Item]:
    """Every article of a TR-News-shaped XML file, gold offsets repaired."""
    items = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        date = (art.findtext("dltime") or "").strip()[:10] or "2017-01-01"
        items.append(Item(id=art.get("docid"), text=text, date=date,
                          gold=[toponym(t, text) for t in art.iter("toponym")]))
    return items


def toponym(node, text: str) -> Toponym:
    phrase = (node.findtext("phrase") or "").strip()
    start, end = int(node.findtext("start")), int(node.findtext("end"))
    if text[start:end] != phrase:
        near = find_near(text, phrase, start)
        if near is not None:
            start, end = near, near + len(phrase)
    tag = node.find("gaztag")
    if tag is not None and tag.findtext("lat"):
        return Toponym(phrase, start, end, float(tag.findtext("lat")), float(tag.findtext("lon")), tag.findtext("name"))
    return Toponym(phrase, start, end)


def load(folder: Path, split: str) -> list[Item]:
    items = read_articles(folder / FILE)
    keep = every_nth((i.id for i in items), 5, split)
    return [i for i in items if i.id in keep]


def score(items, extractions, sheet: Sheet) -> None:
    from eventwire.lexicons import table

    demonyms = {r["demonym"].lower() for r in table("demonyms")}   # the product's adjectival place forms
    n_gold = found = n_names = found_names = n_alone = found_alone = n_sys = sys_ok = 0
    errors_km: list[float] = []
    features: list[str] = []    # our place's feature class, one per distance
    with_coords = within = 0
    for item, ex in zip(items, extractions):
        spans = place_spans(ex)
        for g in item.gold:
            adjectival = g.phrase.lower() in demonyms
            alone = not adjectival and standalone(item.text, g.start, g.end)
            hit = next(((s, e, p) for s, e, p in spans if overlaps((s, e), (g.start, g.end))), None)
            n_gold += 1
            n_names += not adjectival
            n_alone += alone
            if g.lat is not None:
                with_coords += 1
            if hit is None:
                if not adjectival:
                    sheet.error(f"tr-news {item.id}: missed {g.phrase!r} @{g.start}")
                continue
            found += 1
            found_names += not adjectival
            found_alone += alone
            place = hit[2]
            if g.lat is None:
                continue
            d = km(place.lat, place.lon, g.lat, g.lon) if place.lat is not None else WORST_KM
            errors_km.append(d)
            features.append(place.feature or "none")
            within += d <= 161
            if d > 161:
                sheet.error(f"tr-news {item.id}: {g.phrase!r} -> {place.name} ({place.country_code}) "
                            f"gold {g.name} {d:.0f} km")
        for s, e, p in spans:
            n_sys += 1
            if any(overlaps((s, e), (g.start, g.end)) for g in item.gold):
                sys_ok += 1
            else:
                sheet.error(f"tr-news {item.id}: false place {ex.article.text[s:e]!r} -> {p.name} ({p.country_code})")
    sheet.prf("", sys_ok, n_sys, found, n_gold)
    sheet.row("r_names", found_names / n_names if n_names else 0.0, n_names)
    sheet.row("r_standalone", found_alone / n_alone if n_alone else 0.0, n_alone)
    distance_rows(sheet, errors_km, features=features)
    sheet.row("acc161_e2e", within / with_coords if with_coords else 0.0, with_coords)


SPEC = SetSpec("tr-news", "places", "tr-news", load, score)
