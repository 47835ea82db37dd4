"""GeoWebNews (Gritta et al. 2019): places by toponym type, end to end, with the paper's peers.

Split, fixed once: articles sorted by their ``file`` number; report = index % 5 == 0, development = the rest.

Gold types (the Pragmatic Taxonomy), mapped to our GUIDELINES:
- positive: Literal, Mixed, Literal_Modifier, Embedded_Literal, Coercion;
- neutral (neither right nor wrong): Metonymic, Non_Literal_Modifier, Embedded_Non_Lit,
  Non_Lit_Expression, Literal_Expression (our GUIDELINES count capitals used as actors as places);
- anything else (Demonym, Non_Toponym, Homonym, Language) or no annotation: a system mention there
  is a false positive.

A system place mention overlapping a positive span is right (a positive wins over a neutral it also
overlaps); one overlapping only neutral spans is left out; the rest are false.  ``p`` = right /
(right + false) mentions, ``r`` = positive spans some mention overlaps / positives.
``r_<Type>``: recall of each positive type on its own (Literal, Mixed, Literal_Modifier, Embedded_Literal,
Coercion: the last three hold the adjectival uses, toponyms inside organization names and buildings that
eventwire's GUIDELINES leave out).
``acc161``, ``mean_km``, ``median_km``: over found positives with coordinates.
``peer_spacy_*`` and ``peer_google_*``: the spaCy and Google NL location mentions the paper
scored (``peer-outputs/``, offsets into ``brat/N.txt``, shifted onto the XML text), same code.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from eventwire.eval.core import (WORST_KM, Item, SetSpec, Sheet, distance_rows, every_nth, km, overlaps,
                                 place_spans)

FILE = "GWN.xml"
POSITIVE = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion"})
NEUTRAL = frozenset({"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit", "Non_Lit_Expression",
                     "Literal_Expression"})
PEERS = {"spacy": "Spacy", "google": "Google"}


@dataclass
class Toponym:
    type: str
    start: int
    end: int
    name: str
    lat: Optional[float] = None
    lon: Optional[float] = None


@dataclass
class Gold:
    toponyms: list[Toponym]
    peers: dict      # peer name -> list of (start, end) on the XML text


def read_articles(path: Path) -> list[Item]:
    items = []
    for art in ET.parse(path).getroot().iter("article"):
        toponyms = []
        for t in art.iter("toponym"):
            lat = t.findtext("latitude")
            toponyms.append(Toponym(t.findtext("type"), int(t.findtext("start")), int(t.findtext("end")),
                                    t.findtext("extractedName") or "",
                                    float(lat) if lat else None, float(t.findtext("longitude")) if lat else None))
        items.append(Item(id=art.get("file"), text=art.findtext("text") or "", gold=Gold(toponyms, {})))
    return items


def read_peer(ann: Path, shift: int) -> list[tuple[int, int]]:
    """``INDEX<TAB>LOCATION start end<TAB>text`` lines, offsets moved by ``-shift``."""
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].startswith("LOCATION "):
            _, start, end = parts[1].split()[:3]
            spans.append((int(start) - shift, int(end) - shift))
    return spans


def brat_shift(folder: Path, item: Item) -> Optional[int]:
    """Where the XML text starts inside ``brat/N.txt`` (which adds a TITLE/LINK line first)."""
    brat = folder / "brat" / f"{item.id}.txt"
    if not brat.exists():
        return None
    at = brat.read_text(encoding="utf-8").find(item.text)
    return at if at >= 0 else None


def load(folder: Path, split: str) -> list[Item]:
    items = read_articles(folder / FILE)
    keep = every_nth((i.id for i in items), 5, split)
    items = [i for i in items if i.id in keep]
    for item in items:
        shift = brat_shift(folder, item)
        for peer, sub in PEERS.items():
            ann = folder / "peer-outputs" / sub / f"{item.id}.ann"
            if shift is not None and ann.exists():
                item.gold.peers[peer] = read_peer(ann, shift)
    return items


@dataclass
class Tally:
    right: int = 0
    false: int = 0
    positives: int = 0
    found: int = 0
    by_type: dict = field(default_factory=dict)    # positive type -> [found, all]

    def add(self, spans: list[tuple[int, int]], toponyms: list[Toponym]) -> list[Optional[int]]:
        """Judge every system span; returns, per positive toponym, the index of the first span that found it."""
        positives = [t for t in toponyms if t.type in POSITIVE]
        neutral = [t for t in toponyms if t.type in NEUTRAL]
        first_hit: list[Optional[int]] = [None] * len(positives)
        for k, span in enumerate(spans):
            hits = [j for j, t in enumerate(positives) if overlaps(span, (t.start, t.end))]
            for j in hits:
                if first_hit[j] is None:
                    first_hit[j] = k
            if hits:
                self.right += 1
            elif not any(overlaps(span, (t.start, t.end)) for t in neutral):
                self.false += 1
        self.positives += len(positives)
        self.found += sum(h is not None for h in first_hit)
        for t, h in zip(positives, first_hit):
            seen = self.by_type.setdefault(t.type, [0, 0])
            seen[0] += h is not None
            seen[1] += 1
        return first_hit


def judge(span: tuple[int, int], toponyms: list[Toponym]) -> str:
    """'right', 'neutral' or 'false' for one system span (for the error list)."""
    if any(t.type in POSITIVE and overlaps(span, (t.start, t.end)) for t in toponyms):
        return "right"
    if any(t.type in NEUTRAL and overlaps(span, (t.start, t.end)) for t in toponyms):
        return "neutral"
    return "false"


def score(items, extractions, sheet: Sheet) -> None:
    ours = Tally()
    peers = {p: Tally() for p in PEERS}
    peer_items = {p: 0 for p in PEERS}
    errors_km: list[float] = []
    features: list[str] = []    # our place's feature class, one per distance
    for item, ex in zip(items, extractions):
        mentions = place_spans(ex)
        spans = [(s, e) for s, e, _ in mentions]
        first_hit = ours.add(spans, item.gold.toponyms)
        positives = [t for t in item.gold.toponyms if t.type in POSITIVE]
        for t, k in zip(positives, first_hit):
            if k is None:
                sheet.error(f"geowebnews {item.id}: missed {t.type} {t.name!r} @{t.start}")
                continue
            if t.lat is None:
                continue
            place = mentions[k][2]
            d = km(place.lat, place.lon, t.lat, t.lon) if place.lat is not None else WORST_KM
            errors_km.append(d)
            features.append(place.feature or "none")
            if d > 161:
                sheet.error(f"geowebnews {item.id}: {t.name!r} -> {place.name} ({place.country_code}) {d:.0f} km")
        for s, e, p in mentions:
            if judge((s, e), item.gold.toponyms) == "false":
                sheet.error(f"geowebnews {item.id}: false place {ex.article.text[s:e]!r} -> {p.name}")
        for peer, tally in peers.items():
            if peer in item.gold.peers:
                tally.add(item.gold.peers[peer], item.gold.toponyms)
                peer_items[peer] += 1
    sheet.prf("", ours.right, ours.right + ours.false, ours.found, ours.positives)
    for typ in sorted(POSITIVE):
        hit, n = ours.by_type.get(typ, (0, 0))
        sheet.row(f"r_{typ}", hit / n if n else 0.0, n)
    distance_rows(sheet, errors_km, features=features)
    for peer, tally in peers.items():
        if peer_items[peer]:
            sheet.prf(f"peer_{peer}_", tally.right, tally.right + tally.false, tally.found, tally.positives)
        if peer_items[peer] < len(items):
            sheet.note(f"geowebnews: peer {peer} output for {peer_items[peer]} of {len(items)} articles")


SPEC = SetSpec("geowebnews", "places", "geowebnews", load, score)
