"""Places: named locations resolved to gazetteer entries.

Candidates: the model's GPE/LOC/FAC spans; PERSON/ORG/NORP spans the
gazetteer knows when the text supports a place reading ("in X", "X region");
capitalized words after "in/near/at" that the model missed.  Demonyms
("Ukrainian") are not places but give the article its context countries.
Resolution runs twice: first the unambiguous mentions fix the article's
countries and anchor points, then every mention is ranked with that context
(fuzzy matching, for misspellings, only within the context countries).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from eventwire import lexicons
from eventwire.extract.gazetteer import ADMIN, ADMIN2, CITY, COUNTRY, REGION, GazEntry, get_gazetteer, plain
from eventwire.nlp import ParsedArticle, sentence_of
from eventwire.records import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE_PREPS = {"in", "near", "at", "from", "of", "to", "outside", "around", "across", "into", "towards", "toward",
                  "between", "and", "on", "through", "over", "by"}
STRONG_PREPS = {"in", "near", "at", "outside", "around", "into", "towards", "toward"}
# A word after a name that says which kind of place it is ("Kherson region", "Chindwin River").
TYPE_WORDS = {
    "oblast": ADMIN, "oblasts": ADMIN, "region": ADMIN, "regions": ADMIN, "province": ADMIN, "provinces": ADMIN,
    "krai": ADMIN, "governorate": ADMIN, "prefecture": ADMIN, "state": ADMIN, "district": ADMIN, "raion": ADMIN,
    "rayon": ADMIN, "township": ADMIN, "county": ADMIN, "republic": ADMIN,
    "city": CITY, "town": CITY, "village": CITY, "villages": CITY, "settlement": CITY, "port": CITY,
    "peninsula": REGION, "river": REGION, "sea": REGION, "lake": REGION, "island": REGION, "mountains": REGION,
    "valley": REGION, "coast": REGION, "strait": REGION, "gulf": REGION, "bay": REGION,
}
# "the city of X", "the village of X"
PRE_TYPE_WORDS = {"city": CITY, "town": CITY, "village": CITY, "settlement": CITY, "region": ADMIN, "province": ADMIN,
                  "state": ADMIN, "republic": ADMIN, "port": CITY, "island": REGION, "cities": CITY, "towns": CITY,
                  "villages": CITY, "settlements": CITY, "mayor": CITY, "governor": ADMIN, "regions": ADMIN,
                  "provinces": ADMIN, "outskirts": CITY, "suburbs": CITY}
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "center", "centre",
              "midwest", "heartland", "mainland", "homeland", "capital"}


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, dict]:
    return {r["demonym"].lower(): r for r in lexicons.table("demonyms")}


@functools.lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    names = set()
    for tname in ("news_outlets", "known_orgs"):
        try:
            for r in lexicons.table(tname):
                names.add(plain(r.get("name", "")))
                names |= {plain(a) for a in (r.get("aliases") or "").split("|") if a}
        except (FileNotFoundError, OSError):
            pass  # owned by the entities extractor; may not exist yet
    names.discard("")
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    base = {"ministry", "council", "staff", "service", "forces", "committee", "agency", "office", "guard",
            "command", "bank", "embassy", "parliament", "court", "university", "army", "navy", "department"}
    try:
        return frozenset(base | set(lexicons.words("org_heads")))
    except (FileNotFoundError, OSError):
        return frozenset(base)


@dataclass
class Mention:
    start: int                  # character span of the surface form (type word included)
    end: int
    surface: str
    query: str                  # the name to look up
    want: Optional[str] = None  # feature class the text asks for
    strength: int = 1           # 2: model says place; 1: gazetteer + context cue; 0: bare capitalized word
    fuzzy_ok: bool = False
    bare: Optional[str] = None  # the name without the type word, tried when the full form is unknown


def extract_places(parsed: ParsedArticle) -> list[Place]:
    doc = parsed.doc
    gaz = get_gazetteer()
    mentions, context_weights = _candidates(doc, gaz)
    return _resolve(doc, gaz, mentions, context_weights)


# --- candidates --------------------------------------------------------------------------------

def _clean(span):
    """Drop a leading 'the' and trailing possessive/punctuation tokens."""
    while len(span) and span[0].lower_ in ("the", "a", "an"):
        span = span[1:]
    while len(span) and span[0].is_space:
        span = span[1:]
    while len(span) and (span[-1].text in ("'s", "’s", "'", "’") or span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    return span


def _skip_space(doc, i: int, step: int = 1) -> int:
    while 0 <= i < len(doc) and doc[i].is_space:
        i += step
    return i


def _type_after(doc, end: int) -> tuple[Optional[str], int]:
    """The feature a type word right after a name asks for, and the new end token."""
    comma = end
    end = _skip_space(doc, end)
    if end < len(doc) and doc[end].text == ",":
        # apposition: "X, a village community in ...", "X, a port city on ..."
        for k in range(end + 1, min(end + 5, len(doc))):
            if doc[k].lower_ in TYPE_WORDS and TYPE_WORDS[doc[k].lower_] == CITY:
                return CITY, comma
            if doc[k].is_punct:
                break
        return None, comma
    if end < len(doc):
        w = doc[end].lower_
        if w in TYPE_WORDS and not (doc[end].is_title and w == "state" and end + 1 < len(doc) and doc[end + 1].is_title):
            return TYPE_WORDS[w], end + 1
    return None, end


def _type_before(doc, start: int) -> Optional[str]:
    """'the city of X', 'the village of X', 'Russian city of X'."""
    i = _skip_space(doc, start - 1, -1)
    # walk back over a list of names: "the settlements of A, B and C"
    while i >= 1 and (doc[i].text == "," or doc[i].lower_ in ("and", "or") or doc[i].text[:1].isupper() or doc[i].is_space) \
            and doc[i].lower_ != "of" and i > start - 12:
        i -= 1
    if i >= 1 and doc[i].lower_ == "of":
        j = i - 1
        if j >= 0 and doc[j].lower_ == "the":
            j -= 1
        if j >= 0 and doc[j].lower_ in PRE_TYPE_WORDS:
            return PRE_TYPE_WORDS[doc[j].lower_]
    if start >= 1 and doc[start - 1].lower_ in ("village", "town", "city", "settlement") and not doc[start - 1].is_title:
        return CITY
    return None


def _plural_type_after(doc, end: int) -> Optional[str]:
    """'the Kharkiv, Lviv and Zhytomyr regions': a plural type word ends a list of names."""
    i = end
    while i < len(doc) and i < end + 12 and doc[i].sent == doc[end - 1].sent:
        t = doc[i]
        if t.lower_ in ("regions", "oblasts", "provinces", "states", "districts"):
            return ADMIN
        if t.lower_ in ("cities", "towns", "villages"):
            return CITY
        if not (t.is_punct or t.lower_ in ("and", "or") or t.is_title or t.ent_type_ in PLACE_LABELS):
            return None
        i += 1
    return None


def _inside_org_name(doc, span) -> bool:
    """'General Staff of Ukraine', 'Ministry of Defense of Ukraine': a country closing an org name."""
    i = span.start - 1
    if i >= 1 and doc[i].lower_ == "of":
        j = i - 1
        while j >= 0 and (doc[j].is_title or doc[j].lower_ in ("of", "and")) and j >= i - 6:
            if doc[j].lower_ in _org_heads() and doc[j].is_title:
                return True
            j -= 1
    return False


def _capitalized_run(doc, i: int) -> int:
    j = i
    while j < len(doc) and doc[j].is_alpha and doc[j].text[:1].isupper() and not doc[j].is_sent_start | (j > i and doc[j].is_stop):
        j += 1
    return j


def _candidates(doc, gaz) -> tuple[list[Mention], dict[str, float]]:
    mentions: list[Mention] = []
    context: dict[str, float] = {}
    taken = [False] * len(doc)
    demonyms = _demonyms()
    outlets = _outlets()

    def add(span, strength: int, fuzzy_ok: bool = False):
        span = _clean(span)
        if not len(span) or not any(t.text[:1].isupper() for t in span):
            return
        name = span.text
        if plain(name) in outlets or plain(name) in DIRECTIONS or _inside_org_name(doc, span):
            return
        want, end = _type_after(doc, span.end)
        want = want or _type_before(doc, span.start) or _plural_type_after(doc, span.end)
        full = doc[span.start:end]
        if end > span.end and gaz.knows(full.text):
            query, bare = full.text, name
        elif span[-1].lower_ in TYPE_WORDS and len(span) > 1:
            want = want or TYPE_WORDS[span[-1].lower_]
            query, bare = name, span[:-1].text
        else:
            query, bare = name, None
        for t in full:
            taken[t.i] = True
        mentions.append(Mention(full.start_char, full.end_char, full.text, query, want, strength, fuzzy_ok, bare))

    for ent in doc.ents:
        label = ent.label_
        text = _clean(ent).text if len(_clean(ent)) else ent.text
        low = text.lower()
        dem = demonyms.get(low)
        if label == "NORP" or (dem and not gaz.knows(text)):
            if dem:
                context[dem["iso2"]] = max(context.get(dem["iso2"], 0.0), 0.5)
                nxt = doc[ent.end].lower_ if ent.end < len(doc) else ""
                if nxt in ("peninsula", "coast", "region") and dem["place"] != dem["country"]:
                    # "the Crimean peninsula": the demonym's place itself
                    mentions.append(Mention(ent.start_char, doc[ent.end].idx + len(doc[ent.end].text),
                                            f"{text} {doc[ent.end].text}", dem["place"], None, 2))
                    for t in doc[ent.start:ent.end + 1]:
                        taken[t.i] = True
            elif gaz.knows(text) and _has_place_cue(doc, ent):
                add(ent, 1)
            continue
        if label in PLACE_LABELS:
            if _inside_org_name(doc, ent):
                continue
            add(ent, 2, fuzzy_ok=True)
        elif label in ("PERSON", "ORG"):
            cleaned = _clean(ent)
            if not len(cleaned):
                continue
            cue = _has_place_cue(doc, cleaned)
            if gaz.knows(cleaned.text) and cue and plain(cleaned.text) not in outlets:
                add(cleaned, 1, fuzzy_ok=False)
            elif cue == 2:
                add(cleaned, 1, fuzzy_ok=True)
            elif label == "ORG" and len(cleaned) >= 2 and cleaned[-1].lower_ in TYPE_WORDS and gaz.knows(cleaned.text):
                add(cleaned, 1)

    # capitalized words after a locative preposition that the model did not tag
    for tok in doc:
        listed = tok.text == "," or tok.lower_ in ("and", "or")
        if not (tok.lower_ in STRONG_PREPS or listed) or tok.i + 1 >= len(doc):
            continue
        i = _skip_space(doc, tok.i + 1)
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        j = _capitalized_run(doc, i)
        if j == i or any(taken[k] for k in range(i, j)) or any(doc[k].ent_type_ not in ("", "GPE", "LOC") for k in range(i, j)):
            continue
        if listed:
            prev = _skip_space(doc, tok.i - 1, -1)
            nxt = _skip_space(doc, j)
            nxt2 = _skip_space(doc, nxt + 1) if nxt < len(doc) else len(doc)
            beside = (prev >= 0 and taken[prev]) or (nxt2 < len(doc) and doc[nxt].lower_ in (",", "and", "or")
                                                     and (taken[nxt2] or doc[nxt2].ent_type_ in PLACE_LABELS))
            if not (beside or _plural_type_after(doc, j)) or not gaz.knows(doc[i:j].text):
                continue
        if j - i == 1 and len(doc[i]) < 3:
            continue
        add(doc[i:j], 0, fuzzy_ok=not listed)
    _repeat_mentions(doc, gaz, mentions, taken)
    return mentions, context


def _repeat_mentions(doc, gaz, mentions: list[Mention], taken: list[bool]) -> None:
    """Other occurrences of a name already taken as a place ('Kherson' tagged PERSON elsewhere)."""
    from eventwire.extract.gazetteer import name_key
    known = {name_key(m.bare or m.query) for m in mentions if m.strength >= 1}
    known |= {name_key(m.query) for m in mentions if m.strength >= 1}
    known.discard("")
    for tok in doc:
        if taken[tok.i] or not tok.text[:1].isupper() or not tok.is_alpha:
            continue
        if tok.ent_type_ == "ORG" and tok.ent_iob_ != "B" or tok.ent_type_ == "ORG" and doc[tok.i + 1:tok.i + 2].text[:1].isupper():
            continue  # inside an organization name
        for n in (2, 1):
            span = doc[tok.i:tok.i + n]
            if len(span) == n and not any(taken[t.i] for t in span) and name_key(span.text) in known:
                want, end = _type_after(doc, span.end)
                full = doc[span.start:end] if end > span.end else span
                for t in full:
                    taken[t.i] = True
                mentions.append(Mention(full.start_char, full.end_char, full.text, span.text, want, 1, False, None))
                break


def _has_place_cue(doc, span) -> int:
    """2: a type word names it a place ('X village', 'the town of X'); 1: a locative preposition before it."""
    want, end = _type_after(doc, span.end)
    if (want and end > span.end) or _type_before(doc, span.start):
        return 2
    if _plural_type_after(doc, span.end):
        return 2
    i = _skip_space(doc, span.start - 1, -1)
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and doc[i].lower_ in LOCATIVE_PREPS:
        return 1
    return 1 if _next_to_place(doc, span) else 0


def _next_to_place(doc, span) -> bool:
    """'Zaporizhzhia, Mikolaiv and Lviv': a name listed beside a place the model tagged."""
    before = _skip_space(doc, span.start - 1, -1)
    after = _skip_space(doc, span.end)
    if before >= 1 and (doc[before].text == "," or doc[before].lower_ in ("and", "or")):
        if doc[_skip_space(doc, before - 1, -1)].ent_type_ in ("GPE", "LOC"):
            return True
    if after + 1 < len(doc) and (doc[after].text == "," or doc[after].lower_ in ("and", "or")):
        if doc[_skip_space(doc, after + 1)].ent_type_ in ("GPE", "LOC"):
            return True
    return False


# --- resolution --------------------------------------------------------------------------------

def _resolve(doc, gaz, mentions: list[Mention], demonym_context: dict[str, float]) -> list[Place]:
    # pass 1: unambiguous mentions fix the context
    context: dict[str, float] = dict(demonym_context)
    admin1s: set[str] = set()
    anchors: list[tuple[float, float]] = []
    prior = {"countries": dict(demonym_context)}
    for m in mentions:
        ranked = gaz.rank(m.query, prior, m.want) or (gaz.rank(m.bare, prior, m.want) if m.bare else [])
        if not ranked:
            continue
        top, s = ranked[0]
        margin = s - ranked[1][1] if len(ranked) > 1 else 99.0
        if top.feature in (COUNTRY, REGION, ADMIN) and margin >= 15 or margin >= 40 \
                or (margin >= 10 and top.country_code in demonym_context and m.strength == 2):
            if top.country_code:
                context[top.country_code] = 1.0
            if top.feature in (ADMIN, CITY) and top.lat is not None and m.strength >= 1:
                anchors.append((top.lat, top.lon))
                admin1s.add(top.admin1 or top.name)
    ctx = {"countries": context, "admin1s": admin1s, "anchors": anchors}
    fuzzy_countries = {c: w for c, w in context.items() if w >= 0.5}

    # pass 2: every mention, ranked with context
    resolved: list[tuple[Mention, GazEntry]] = []
    for m in mentions:
        ranked = gaz.rank(m.query, ctx, m.want)
        if not ranked and m.bare:
            ranked = gaz.rank(m.bare, ctx, m.want)
        if not ranked and m.fuzzy_ok and fuzzy_countries:
            ranked = gaz.rank(m.bare or m.query, {**ctx, "countries": fuzzy_countries}, m.want, fuzzy=True)
            ranked = [(e, s) for e, s in ranked if e.country_code in fuzzy_countries]
        if not ranked:
            continue
        entry, score = ranked[0]
        if not _plausible(entry, m, context):
            continue
        resolved.append((m, entry))
    return _group(doc, resolved)


def _plausible(entry: GazEntry, m: Mention, context: dict[str, float]) -> bool:
    """Reject readings the text does not support: a hamlet abroad for a capitalized word."""
    if entry.feature in (COUNTRY, REGION, ADMIN):
        return m.strength >= 1 or entry.feature != ADMIN2
    in_context = entry.country_code in context
    if m.strength == 0:
        return in_context and (entry.population >= 1000 or m.want == CITY)
    if m.strength == 1:
        return in_context or entry.population >= 100_000
    return in_context or entry.population >= 20_000 or not context or m.want == CITY


def _group(doc, resolved: list[tuple[Mention, GazEntry]]) -> list[Place]:
    places: dict[tuple, Place] = {}
    seen_spans: set[tuple[int, int]] = set()
    for m, e in sorted(resolved, key=lambda t: t[0].start):
        if (m.start, m.end) in seen_spans:
            continue
        seen_spans.add((m.start, m.end))
        key = (e.name, e.country_code, e.feature, e.geonameid)
        p = places.get(key)
        if p is None:
            p = places[key] = Place(
                name=e.name, country_code=e.country_code, admin1=e.admin1 if e.feature != ADMIN else e.name,
                lat=e.lat, lon=e.lon, geonameid=e.geonameid,
                feature=ADMIN if e.feature == ADMIN2 else e.feature, gazetteer_source=e.source)
        raw = m.surface
        trimmed = re.sub(r"(?:['\u2019]s|[\s,.;:'\u2019\"]+)+$", "", raw)
        start, end = m.start + (len(raw) - len(raw.lstrip())), m.end - (len(raw) - len(trimmed))
        surface = re.sub(r"\s+", " ", trimmed.strip())
        if not surface:
            continue
        if surface not in p.mentions:
            p.mentions.append(surface)
        p.spans.append((start, end))
        p.sentence_spans.append(sentence_of(doc, start, end))
    return list(places.values())
