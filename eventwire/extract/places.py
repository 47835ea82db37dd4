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

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Optional

from eventwire.nlp.pipeline import text_of
from eventwire import lexicons
from eventwire.config import choice
from eventwire.errors import DataError
from eventwire.extract.gazetteer import (ADMIN, ADMIN2, CITY, COUNTRY, REGION, GazEntry, PlaceRanker,
                                         get_gazetteer, plain, ranker_path)
from eventwire.nlp import ParsedArticle, sentence_of
from eventwire.records import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
SUB_CITY = "sub-city"      # a feature inside or beside a town: pinned at the town, resolution "sub-city"
LOCATIVE_PREPS = {"in", "near", "at", "from", "of", "to", "outside", "around", "across", "into", "towards", "toward",
                  "between", "and", "on", "through", "over", "by"}
STRONG_PREPS = {"in", "near", "at", "outside", "around", "into", "towards", "toward"}
# A word after a name that says which kind of place it is ("Kherson region", "Dnipro River").
TYPE_WORDS = {
    "oblast": ADMIN, "oblasts": ADMIN, "region": ADMIN, "regions": ADMIN, "province": ADMIN, "provinces": ADMIN,
    "krai": ADMIN, "governorate": ADMIN, "prefecture": ADMIN, "state": ADMIN, "district": ADMIN, "raion": ADMIN,
    "rayon": ADMIN, "township": ADMIN, "county": ADMIN, "republic": ADMIN,
    "city": CITY, "town": CITY, "village": CITY, "villages": CITY, "settlement": CITY, "port": CITY,
    "peninsula": REGION, "river": REGION, "sea": REGION, "lake": REGION, "island": REGION, "mountains": REGION,
    "valley": REGION, "coast": REGION, "strait": REGION, "gulf": REGION, "bay": REGION,
    # terrain and front-line features ("the X ledge", "the X salient")
    "ledge": REGION, "salient": REGION, "bulge": REGION, "heights": REGION, "ridge": REGION, "forest": REGION,
    "desert": REGION, "canal": REGION, "canyon": REGION, "gorge": REGION, "plateau": REGION, "hills": REGION,
    "highlands": REGION, "mountain": REGION, "massif": REGION,
    # features inside a town or beside it ("Kakuma camp", "the Chongar bridge", "the X power plant")
    "camp": SUB_CITY, "camps": SUB_CITY, "bridge": SUB_CITY, "dam": SUB_CITY, "neighbourhood": SUB_CITY,
    "neighborhood": SUB_CITY, "suburb": SUB_CITY, "crossing": SUB_CITY, "checkpoint": SUB_CITY,
}
# two-word feature heads after a name ("the Zaporizhzhia power plant")
TWO_WORD_TYPES = {("power", "plant"), ("power", "station"), ("nuclear", "plant"), ("refugee", "camp"),
                  ("border", "crossing"), ("air", "base")}
# A first word that makes a name a natural feature ("Jabal X", "Mount X", "Wadi X", "Lake X").
FEATURE_PREFIXES = {"jabal", "jebel", "djebel", "mount", "mt", "wadi", "lake", "cape", "ras", "tell", "gunung"}
# Lower-case particles inside multi-word place names ("Rio de Janeiro", "Sidi Bel Abbes").
NAME_PARTICLES = {"del", "de", "la", "las", "los", "di", "da", "do", "dos", "das", "du", "des", "el", "al", "y", "sur",
                  "on", "upon", "am", "an", "der"}
# A name that the text calls a place but the gazetteer lacks is still emitted, located approximately at
# the place named beside it; these prepositions alone are enough of a cue for a name the model tagged.
APPROX_PREPS = {"near", "outside", "around", "towards", "toward"}
# Head nouns of facilities and organizations: "the South Regional Jail", "La Liga" are not settlements.
FACILITY_WORDS = {"jail", "prison", "garden", "gardens", "hospital", "airport", "stadium", "arena", "church", "cathedral",
                  "mosque", "school", "college", "university", "museum", "park", "street", "road", "avenue", "square",
                  "hotel", "centre", "center", "mall", "station", "bridge", "base", "league", "liga", "club", "cup"}
# "the city of X", "the village of X"
PRE_TYPE_WORDS = {"city": CITY, "town": CITY, "village": CITY, "settlement": CITY, "region": ADMIN, "province": ADMIN,
                  "state": ADMIN, "republic": ADMIN, "port": CITY, "island": REGION, "cities": CITY, "towns": CITY,
                  "villages": CITY, "settlements": CITY, "mayor": CITY, "governor": ADMIN, "regions": ADMIN,
                  "provinces": ADMIN, "outskirts": CITY, "suburbs": CITY, "resident": CITY, "residents": CITY,
                  "native": CITY}
PERSON_TYPE_WORDS = {"mayor", "governor"}
# A town this big is what its bare name means without support from the article: a weak cue, a glued word,
# a bare dateline or a list's next item may name it
BIG_TOWN_POPULATION = 100_000
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "center", "centre",
              "midwest", "heartland", "mainland", "homeland", "capital"}


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, dict]:
    return {r["demonym"].lower(): r for r in lexicons.table("demonyms")}


@functools.lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    names = set()
    for tname in ("news_outlets", "known_orgs"):
        for r in lexicons.table(tname, columns=("name", "aliases")):
            names.add(plain(r["name"]))
            names |= {plain(a) for a in r["aliases"].split("|") if a}
    names.discard("")
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """``not_places.txt``: names of things that a gazetteer entry happens to bear ("El Nino", "Olympic")."""
    return frozenset(plain(w) for w in lexicons.words("not_places"))


@functools.lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    base = {"ministry", "council", "staff", "service", "forces", "committee", "agency", "office", "guard",
            "command", "bank", "embassy", "parliament", "court", "university", "army", "navy", "department"}
    return frozenset(base | set(lexicons.words("org_heads")))


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
    approx_ok: bool = False     # the context says "place" firmly enough to emit it unresolved (approximate)
    peer: Optional[int] = None  # start of the listed place it was taken beside ("X and Y"): same country
    dateline: bool = False      # the article's dateline ("NAIROBI (Reuters) -"): where the story is


def extract_places(parsed: ParsedArticle, observe=None) -> list[Place]:
    """``observe(mention, candidates, feature_rows)``, when given, sees every final ranking (training)."""
    doc = parsed.doc
    gaz = get_gazetteer()
    mentions, context_weights = _candidates(doc, gaz)
    return _resolve(doc, gaz, mentions, context_weights, observe)


@functools.lru_cache(maxsize=1)
def place_ranker() -> Optional[PlaceRanker]:
    """``EVENTWIRE_PLACE_RANKER=learned``: the learned candidate ranker shipped in ``eventwire/models/``
    (a missing file is a DataError). The default is the hand-tuned weights: on the report splits the
    learned trees helped GeoWebNews and hurt TR-News (see scripts/train_place_ranker.py)."""
    if choice("EVENTWIRE_PLACE_RANKER", ("hand", "learned"), "hand") != "learned":
        return None
    path = ranker_path()
    if not path.exists():
        raise DataError(f"place ranker model {path} is missing (reinstall eventwire, or set "
                        "EVENTWIRE_PLACE_RANKER=hand)")
    return PlaceRanker.load(path)


def resolve_spans(parsed: ParsedArticle, spans: list[tuple[int, int]]) -> list[Place]:
    """Resolve given toponym spans only (no place finding): how resolution alone compares with
    geoparsers published on gold toponyms. The article's demonyms still give context."""
    doc = parsed.doc
    gaz = get_gazetteer()
    _, context = _candidates(doc, gaz)
    mentions = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        want, _ = _type_after(doc, span.end)
        bare = span[:-1].text if len(span) > 1 and span[-1].lower_ in TYPE_WORDS else None
        surface = text_of(doc)[start:end]
        query = surface
        demonym, abbreviation = _demonyms().get(surface.lower()), _abbreviations().get(surface)
        if demonym:       # a gold toponym may be adjectival ("Syrian"): its place
            query, want = demonym["place"], None
        elif abbreviation:
            query, want = abbreviation["name"], ADMIN
        mentions.append(Mention(start, end, surface, query, want, 2, True, bare))
    return _resolve(doc, gaz, mentions, context)


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


# Lower-case words a place name may end with: feature words ("river", "power plant") and particles ("de").
NAME_TAIL_WORDS = frozenset(TYPE_WORDS) | NAME_PARTICLES | {w for pair in TWO_WORD_TYPES for w in pair}


def _without_common_tail(span):
    """A name without the lower-case adjectives and nouns the NER ran on into ("the Velmora Pacific
    equatorial"); NAME_TAIL_WORDS stay, and so does a span cut short before its name ("the County of")."""
    while len(span) > 1 and span[-1].is_lower and span[-1].pos_ in ("ADJ", "NOUN") \
            and span[-1].lower_ not in NAME_TAIL_WORDS:
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
    if end + 1 < len(doc) and (doc[end].lower_, doc[end + 1].lower_) in TWO_WORD_TYPES:
        return SUB_CITY, end + 2
    if end < len(doc):
        w = doc[end].lower_
        if w in TYPE_WORDS and not (doc[end].is_title and w == "state" and end + 1 < len(doc) and doc[end + 1].is_title):
            return TYPE_WORDS[w], end + 1
    return None, end


def _type_before(doc, start: int) -> Optional[str]:
    """'the city of X', 'the village of X', 'Russian city of X'."""
    word = _type_word_before(doc, start)
    return PRE_TYPE_WORDS.get(word) if word else None


def _type_word_before(doc, start: int, through_lists: bool = True) -> Optional[str]:
    """The type word of 'the city of X', 'the settlements of A, B and X' (``through_lists``), 'village X'."""
    i = _skip_space(doc, start - 1, -1)
    # walk back over a list of names: "the settlements of A, B and C"
    while through_lists and i >= 1 and (doc[i].text == "," or doc[i].lower_ in ("and", "or")
                                        or doc[i].text[:1].isupper() or doc[i].is_space) \
            and doc[i].lower_ != "of" and i > start - 12:
        i -= 1
    if i >= 1 and doc[i].lower_ == "of":
        j = i - 1
        if j >= 0 and doc[j].lower_ == "the":
            j -= 1
        if j >= 0 and doc[j].lower_ in PRE_TYPE_WORDS:
            return doc[j].lower_
    if start >= 1 and doc[start - 1].lower_ in ("village", "town", "city", "settlement") and not doc[start - 1].is_title:
        return doc[start - 1].lower_
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


BREAKS = {",", "-", "\u2013", "\u2014"}


def _division_after_break(doc, gaz, span):
    """A person's or organization's name the model ran on across a comma or a dash into a country or
    first-level division ("According to Marlow, Kenya exports ...", "won by Mr Smith - Ohio and ..."):
    that closing name, when it is exactly the division's."""
    def breaks_at(t) -> bool:
        # a comma, a spaced dash, or a hyphen after a place's name ("Toledo-Ohio"); not the hyphen of
        # "Anna Hale-Ohio"
        if t.text not in BREAKS:
            return False
        if t.text != "-" or doc[t.i - 1].whitespace_:
            return True
        before = _name_run_before(doc, t.i)
        return before is not None and gaz.knows(before.text)

    cut = [t.i for t in span[1:-1] if breaks_at(t)]
    if not cut:
        return None
    tail = doc[cut[-1] + 1:span.end]
    return tail if _country_or_admin(doc, gaz, tail) else None


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

    person_tokens, person_lasts = _person_name_tokens(doc, gaz)

    def add(span, strength: int, fuzzy_ok: bool = False, peer: Optional[int] = None, label: str = ""):
        span = _without_common_tail(_clean(span))
        if not len(span) or not any(t.text[:1].isupper() for t in span):
            return
        span = _extend_hyphenated(doc, _extend_particles(doc, _without_direction(span, gaz), gaz), gaz)
        if len(span) == 1 and _is_person_token(doc, span, person_tokens, person_lasts):
            return
        name = span.text
        if plain(name) in outlets or plain(name) in DIRECTIONS or plain(name) in _not_places() \
                or _inside_org_name(doc, span):
            return
        want, end = _type_after(doc, span.end)
        typed = want is not None and end > span.end
        before_word = _type_word_before(doc, span.start) if not want else None
        before = PRE_TYPE_WORDS.get(before_word) if before_word else None
        plural = _plural_type_after(doc, span.end) if not (want or before) else None
        # an office ("the governor of X", "the mayor of X") names a place but is often followed by a person
        # "GTA cities" names a container of cities, "the A, B and C villages" a list of them
        listed_plural = bool(plural) and not (span.end < len(doc) and doc[span.end].lower_ in TYPE_WORDS)
        typed = typed or (before is not None and before_word not in PERSON_TYPE_WORDS) or listed_plural \
            or (len(span) > 1 and span[-1].lower_ in TYPE_WORDS)
        want = want or before or plural
        if want is None and len(span) >= 2 and span[0].lower_ in FEATURE_PREFIXES:
            want, typed = REGION, True
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
        approx = _approx_ok(doc, span, strength, typed, label)
        mentions.append(Mention(full.start_char, full.end_char, full.text, query, want, strength, fuzzy_ok, bare,
                                approx, peer))

    _state_abbreviations(doc, mentions, taken, context)
    _dateline(doc, gaz, mentions, taken)

    # "Hugo, Oklahoma", "Croft, Yorkshire": a town and the division that holds it, whatever the model
    # called either of them
    for town, division in _town_division_pairs(doc, gaz, taken):
        for span in (town, division):
            if not any(taken[t.i] for t in span):
                add(span, 1, label="pair")

    for ent in doc.ents:
        if any(taken[t.i] for t in ent):
            continue
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
                add(ent, 1, label=label)
            continue
        if label in PLACE_LABELS:
            if _inside_org_name(doc, ent):
                continue
            add(ent, 2, fuzzy_ok=True, label=label)
        elif label in ("PRODUCT", "EVENT", "WORK_OF_ART", "LAW") and len(ent) <= 3:
            # "in Afrin" tagged PRODUCT: a known name after a locative preposition
            cleaned = _clean(ent)
            cue = _has_place_cue(doc, cleaned) if len(cleaned) else 0
            if cue == 2 or (cue and gaz.knows(cleaned.text) and _prep_before(doc, cleaned.start) in STRONG_PREPS):
                add(cleaned, 1, label=label)
        elif label in ("PERSON", "ORG"):
            cleaned = _clean(ent)
            if not len(cleaned):
                continue
            tail = _division_after_break(doc, gaz, cleaned)
            if tail is not None:
                add(tail, 1, label=label)
                continue
            cue = _has_place_cue(doc, cleaned)
            if label == "PERSON" and not cue and _country_or_admin(doc, gaz, cleaned):
                cue = 1   # "Mali and X warned", "neighbouring Tigray": a country the model called a person
            if cue == 1 and not _weak_cue_suffices(doc, gaz, cleaned, person_tokens):
                cue = 0
            if gaz.knows(cleaned.text) and cue and plain(cleaned.text) not in outlets:
                add(cleaned, 1, fuzzy_ok=False, label=label)
            elif cue == 2:
                add(cleaned, 1, fuzzy_ok=True, label=label)
            elif label == "ORG" and len(cleaned) >= 2 and cleaned[-1].lower_ in TYPE_WORDS and gaz.knows(cleaned.text):
                add(cleaned, 1, label=label)

    # capitalized words after a locative preposition that the model did not tag, and untagged names
    # listed beside a place ("the independence of X and Y", "A, B and C")
    for tok in doc:
        listed = tok.text == "," or tok.lower_ in ("and", "or")
        weak_prep = tok.lower_ in LOCATIVE_PREPS and tok.lower_ not in STRONG_PREPS and not listed
        if not (tok.lower_ in STRONG_PREPS or listed or weak_prep) or tok.i + 1 >= len(doc):
            continue
        i = _skip_space(doc, tok.i + 1)
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        j = _capitalized_run(doc, i)
        if j == i or any(taken[k] for k in range(i, j)) or any(doc[k].ent_type_ not in ("", "GPE", "LOC") for k in range(i, j)):
            continue
        peer = None
        if listed or weak_prep:
            prev = _skip_space(doc, tok.i - 1, -1)
            nxt = _skip_space(doc, j)
            nxt2 = _skip_space(doc, nxt + 1) if nxt < len(doc) else len(doc)
            after = nxt2 < len(doc) and doc[nxt].lower_ in (",", "and", "or") \
                and (taken[nxt2] or doc[nxt2].ent_type_ in PLACE_LABELS)
            before = listed and prev >= 0 and taken[prev]
            if not (before or after or (listed and _plural_type_after(doc, j))) or not gaz.knows(doc[i:j].text):
                continue
            if weak_prep:  # "of X and Y": only with a place right after, and in that place's country
                if not after:
                    continue
                peer = doc[nxt2].idx
        if j - i == 1 and len(doc[i]) < 3:
            continue
        add(doc[i:j], 1 if peer is not None else 0, fuzzy_ok=not (listed or weak_prep), peer=peer)
    _glued_names(doc, gaz, mentions, taken)
    _repeat_mentions(doc, gaz, mentions, taken, person_tokens, person_lasts)
    return mentions, context


def _capitalized(tok) -> bool:
    return tok.is_alpha and tok.text[:1].isupper()


def _name_run_before(doc, end: int, most: int = 3):
    """The capitalized words ending right before token ``end`` (at most ``most``), or None."""
    start = end
    while start > 0 and end - start < most and _capitalized(doc[start - 1]):
        start -= 1
    if start == end or (start > 0 and _capitalized(doc[start - 1])):
        return None   # nothing, or a longer name than a town's
    return doc[start:end]


def _name_run_after(doc, start: int, most: int = 3):
    """The capitalized words starting at token ``start`` (at most ``most``), or None."""
    end = start
    while end < len(doc) and end - start < most and _capitalized(doc[end]):
        end += 1
    if end == start or (end < len(doc) and _capitalized(doc[end])):
        return None   # nothing, or the start of a longer name
    return doc[start:end]


def _in_multiword_entity(doc, tok) -> bool:
    """Whether ``tok`` belongs to an entity of two tokens or more."""
    return tok.ent_iob_ == "I" or (tok.ent_iob_ == "B" and tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I")


def _town_division_pairs(doc, gaz, taken: list[bool]) -> list[tuple]:
    """(town, division) spans of 'Town, Division' where the gazetteer has the town inside the division
    (a county, a state or province, a country) and the division is not the start of a longer name.
    Neither may be a piece of a person's full name ('Anna Kent, Essex' is no town)."""
    out = []
    for comma in doc:
        if comma.text != "," or comma.i < 1 or comma.i + 1 >= len(doc) or "\n" in comma.whitespace_:
            continue
        town = _name_run_before(doc, comma.i)
        division = _name_run_after(doc, comma.i + 1)
        if town is None or division is None:
            continue
        if all(taken[t.i] for t in town) and all(taken[t.i] for t in division):
            continue
        if any(t.ent_type_ == "PERSON" and _in_multiword_entity(doc, t) for t in list(town) + list(division)):
            continue
        holders = [e for e in gaz.candidates(division.text) if e.feature in (COUNTRY, ADMIN, ADMIN2)]
        if not holders:
            continue
        towns = [e for e in gaz.candidates(town.text) if e.feature == CITY]
        if any(_inside(e, h) for e in towns for h in holders):
            out.append((town, division))
    return out


# Prepositions that make a name the model called a person or an organization a place ("in Ayodhya");
# "at", "of", "by" and "and" do not ("at Zara's headquarters", "supporters of Park", "by Congress").
PLACE_MAKING_PREPS = {"in", "near", "outside", "around", "into", "towards", "toward", "from", "at"}


def _weak_cue_suffices(doc, gaz, span, person_tokens: set[str]) -> bool:
    """A name tagged PERSON/ORG with only a preposition or a listed neighbour for a cue is a place when
    it is a country or first-level division, or a town after 'in'/'near'... that names no one here."""
    from eventwire.extract.gazetteer import name_key
    if _country_or_admin(doc, gaz, span):
        return True
    if len(span) == 1 and name_key(span.text) in person_tokens:
        return False
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "\u2019s"):
        return False   # "at Zara's headquarters", "at Kelly's attempts": someone's
    before = _prep_before(doc, span.start)
    return before in PLACE_MAKING_PREPS or before in COMPASS_WORDS or _in_place_list(doc, span) \
        or (before == "to" and _after_motion_verb(doc, span.start))


# Verbs and nouns of going somewhere: "driving to X", "moved to X", "the road to X" make "to" a place
# cue ("talked to X", "according to X" stay persons).
MOTION_WORDS = {"go", "move", "drive", "travel", "return", "fly", "head", "come", "relocate", "walk", "sail",
                "flee", "commute", "emigrate", "deport", "evacuate", "transfer", "ship", "journey", "trip",
                "road", "route", "flight", "way", "switch", "bus", "train", "ferry", "march", "ride", "run",
                "extend", "stretch", "migrate"}


def _after_motion_verb(doc, start: int) -> bool:
    i = _skip_space(doc, start - 1, -1)
    if i >= 0 and doc[i].lower_ == "the":
        i = _skip_space(doc, i - 1, -1)
    if i < 1 or doc[i].lower_ != "to":
        return False
    head = doc[i].head
    prev = doc[_skip_space(doc, i - 1, -1)]
    return head.lemma_.lower() in MOTION_WORDS or prev.lemma_.lower() in MOTION_WORDS


def _in_place_list(doc, span, reach: int = 16) -> bool:
    """'... Zhytomyr, Kirovohrad and Chernivtsi': the name is in a list of capitalized names joined by
    commas and 'and'/'or', one of which the model tagged as a place."""
    for step, start in ((-1, span.start - 1), (1, span.end)):
        i, seen_joiner = start, False
        while 0 <= i < len(doc) and abs(i - start) < reach:
            t = doc[i]
            if t.is_space or t.text == "," or t.lower_ in ("and", "or"):
                seen_joiner = True
            elif t.text[:1].isupper() and t.is_alpha:
                if seen_joiner and t.ent_type_ in ("GPE", "LOC"):
                    return True
            else:
                break
            i += step
    return False


# Compass words before a name: "south-east England", "Far North Queensland", "eastern Aleppo".
COMPASS_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                 "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                 "southeastern", "southwestern", "far", "upper", "lower", "-"}


def _without_direction(span, gaz):
    """The name without the compass words before it when only the bare name is known."""
    i = 0
    while i < len(span) - 1 and span[i].lower_ in COMPASS_WORDS:
        i += 1
    if i == 0 or gaz.knows(span.text) or not gaz.knows(span[i:].text):
        return span
    return span[i:]


def _prep_before(doc, start: int) -> str:
    """The word before a name, skipping 'the': 'in', 'near', ..."""
    i = _skip_space(doc, start - 1, -1)
    if i >= 0 and doc[i].lower_ == "the":
        i = _skip_space(doc, i - 1, -1)
    return doc[i].lower_ if i >= 0 else ""


@functools.lru_cache(maxsize=1)
def _abbreviations() -> dict[str, dict]:
    return {r["abbreviation"]: r for r in lexicons.table("state_abbreviations")}


def _state_abbreviations(doc, mentions: list[Mention], taken: list[bool], context: dict[str, float]) -> None:
    """'Paducah, Ky.', 'WAUSAU, Wis. (WSAW)': a newspaper state abbreviation right after a town and a
    comma is the state (alone, 'Ky.' or 'Pa.' could be anything)."""
    table = _abbreviations()
    for tok in doc:
        row = table.get(tok.text) or (table.get(tok.text + ".") if tok.i + 1 < len(doc) and doc[tok.i + 1].text == "."
                                      else None)
        if row is None:
            continue
        comma = _skip_space(doc, tok.i - 1, -1)
        town = _skip_space(doc, comma - 1, -1)
        if not (comma >= 1 and doc[comma].text == "," and town >= 0 and doc[town].text[:1].isupper()):
            continue
        end = tok.idx + len(tok.text) + (1 if not tok.text.endswith(".") else 0)
        mentions.append(Mention(tok.idx, end, text_of(doc)[tok.idx:end], row["name"], ADMIN, 2))
        taken[tok.i] = True
        context[row["iso2"]] = max(context.get(row["iso2"], 0.0), 1.0)


# "NAIROBI (Reuters) -", "KINGSTON, Ontario (AP) —", "WAUSAU, Wis. (WSAW) --": an upper-case name, an optional
# region, then an agency in brackets or a dash, at the start of a line near the top of the article (never
# mid-sentence: "the WHO (World Health Organization)" is no dateline).
_DATELINE = re.compile(r"(?:^|\n)[ \t]*([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,2})(?=(?:,[^\n(]{2,30})?\s*"
                       r"(?:\([A-Za-z ]{2,20}\)|\u2014|\u2013|--|-\s))")


# Later datelines of pages that join several stories ("... statements. SAN DIEGO (AP) - The ...",
# "..., Associated Press WASHINGTON (AP) — China ..."): anywhere, but only with an agency in
# brackets and then a dash, the wire's own form.
_INNER_DATELINE = re.compile(r"(?<![A-Za-z])([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,2})"
                             r"(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?\s*"
                             r"\([A-Za-z ]{2,20}\)\s*(?:\u2014|\u2013|--|-)")
# A page whose first words are an upper-case place and then the story ("LONDON The Latest on ..."):
# the scraper dropped the dash; only a country, a division or a city of 100,000 or more.
_BARE_DATELINE = re.compile(r"\s*([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,2}) (?=[A-Z][a-z])")


def _dateline(doc, gaz, mentions: list[Mention], taken: list[bool]) -> None:
    text = text_of(doc)
    found = []
    m = _DATELINE.search(text[:300])
    if m is not None:
        found.append(m)
    found += [m for m in _INNER_DATELINE.finditer(text) if not found or m.start(1) != found[0].start(1)]
    if not found:
        m = _BARE_DATELINE.match(text)
        ranked = gaz.rank(m.group(1)) if m is not None and not m.group(1).isdigit() else []
        if ranked and (ranked[0][0].feature in (COUNTRY, ADMIN)
                       or ranked[0][0].population >= BIG_TOWN_POPULATION):
            found.append(m)
    for m in found:
        if not gaz.knows(m.group(1)) or plain(m.group(1)) in _outlets():
            continue
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None or any(taken[t.i] for t in span):
            continue
        for t in span:
            taken[t.i] = True
        mentions.append(Mention(m.start(1), m.end(1), m.group(1), m.group(1), None, 2, dateline=True))


# Words that scraping glues to the name before them ("in Perulast year", "to Kenyaon Monday").
GLUE_WORDS = ("last", "this", "next", "on", "in", "and", "the", "after", "since", "with", "for", "from", "at",
              "to", "was", "is", "has", "had", "where", "when", "said", "says", "over", "amid", "during")


def _glued_names(doc, gaz, mentions: list[Mention], taken: list[bool]) -> None:
    """A capitalized word the gazetteer does not know that is a country or a big city glued to a
    lower-case word: the place gets its own span."""
    for tok in doc:
        if taken[tok.i] or not tok.is_alpha or not tok.text[:1].isupper() or len(tok.text) < 6 \
                or tok.text[1:].isupper() or gaz.knows(tok.text):
            continue
        if _prep_before(doc, tok.i) not in STRONG_PREPS | {"from", "to"}:
            continue
        for glue in GLUE_WORDS:
            head = tok.text[:-len(glue)]
            if tok.text.endswith(glue) and len(head) >= 3:
                ranked = gaz.rank(head)
                if ranked and (ranked[0][0].feature == COUNTRY or ranked[0][0].population >= BIG_TOWN_POPULATION):
                    mentions.append(Mention(tok.idx, tok.idx + len(head), head, head, None, 1))
                    taken[tok.i] = True
                    break


def _extend_particles(doc, span, gaz):
    """'Rio' + 'de Janeiro': a lower-case particle and a capitalized word that make a known longer name."""
    end = span.end
    while end + 1 < len(doc) and doc[end].lower_ in NAME_PARTICLES and doc[end].text.islower() \
            and "\n" not in doc[end - 1].whitespace_:
        k = end + 1
        if k < len(doc) and doc[k].lower_ in NAME_PARTICLES and doc[k].text.islower():
            k += 1   # "de la"
        if k < len(doc) and doc[k].text[:1].isupper() and doc[k].is_alpha and gaz.knows(doc[span.start:k + 1].text):
            end = k + 1
        else:
            break
    return doc[span.start:end] if end > span.end else span


def _extend_hyphenated(doc, span, gaz):
    """'Guinea' + '-Bissau', 'Stratford' + '-upon-Avon': the model cut a hyphenated name after its first
    word; the longest hyphenated run the gazetteer knows is the name."""
    best, k = span.end, span.end
    while k + 1 < len(doc) and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_ \
            and doc[k + 1].is_alpha and k + 1 < span.end + 6:
        k += 2
        if gaz.knows(doc[span.start:k].text):
            best = k
    return doc[span.start:best] if best > span.end else span


def _person_name_tokens(doc, gaz) -> tuple[set[str], set[str]]:
    """Keys of the tokens of the article's multi-word person names (and of their last names), and of
    the single names the article uses as a person's ("Mr X", "X, who", "X said")."""
    from eventwire.extract.gazetteer import name_key
    tokens, lasts = set(), _names_used_as_persons(doc, gaz)
    for ent in doc.ents:
        words = [t for t in ent if t.is_alpha and t.text[:1].isupper()]
        if ent.label_ != "PERSON" or len(words) < 2 or gaz.knows(ent.text) \
                or _division_after_break(doc, gaz, ent) is not None:
            continue
        # a lower-case piece right after a hyphen belongs to the word before it ("Park Geun-hye")
        pieces = [t for t in ent if not t.is_punct and not t.is_space
                  and not (t.is_lower and t.i > ent.start and doc[t.i - 1].text == "-")]
        if len(words) != len(pieces):
            continue   # "Ansar al-Din": particles; not a plain first+last name
        words = [t for t in words if t.lower_ not in _demonyms()]   # "Toyin Falola Nigerian": a mis-cut span
        tokens |= {name_key(t.text) for t in words}
        if words:
            lasts.add(name_key(words[-1].text))
    tokens |= lasts
    tokens.discard("")
    return tokens, lasts


# Honorifics and titles that make the next name a person's ("Mr Walker", "President Morales").
PERSON_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "senator", "sen",
                     "rep", "gov", "judge", "coach", "gen", "general", "col", "capt", "sgt", "prof", "professor"}
# A capital, a country or a division "said" as a government ("Moscow said", "Victoria said"); a person's
# surname is seldom a town this big.
ACTOR_PLACE_POPULATION = 1_000_000


def _names_used_as_persons(doc, gaz) -> set[str]:
    """Keys of single capitalized names the article uses as a person's: after an honorific ('Mr X'),
    before ', who', or the subject of a speech verb ('X said', 'said X.') unless the name is a
    country, a division or a big city speaking as its government."""
    from eventwire.extract.gazetteer import name_key
    from eventwire.extract.wordclasses import is_speech_verb
    out = set()
    for tok in doc:
        if not (tok.is_alpha and tok.text[:1].isupper() and not tok.text.isupper() and len(tok.text) >= 3):
            continue
        prev = doc[tok.i - 1] if tok.i > 0 else None
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if prev is not None and (prev.text[:1].isupper() and prev.is_alpha and prev.lower_ not in PERSON_HONORIFICS):
            continue   # inside a longer name: its own rules apply
        if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha:
            continue
        if _prep_before(doc, tok.i) in LOCATIVE_PREPS:
            continue   # "a man from X who ...", "a doctor in X said"
        honorific = prev is not None and prev.lower_.rstrip(".") in PERSON_HONORIFICS
        who = nxt is not None and (nxt.lower_ == "who" or nxt.text == "," and tok.i + 2 < len(doc)
                                   and doc[tok.i + 2].lower_ == "who")
        speaks = (nxt is not None and is_speech_verb(nxt)) or (
            prev is not None and is_speech_verb(prev) and prev.i < tok.i and (nxt is None or nxt.is_punct))
        if speaks and not (honorific or who):
            ranked = gaz.rank(tok.text)
            if ranked and (ranked[0][0].feature in (COUNTRY, ADMIN, REGION)
                           or ranked[0][0].population >= ACTOR_PLACE_POPULATION):
                continue
        if honorific or who or speaks:
            out.add(name_key(tok.text))
    out.discard("")
    return out


def _is_person_token(doc, span, tokens: set[str], lasts: set[str]) -> bool:
    """A single word that is (a spelling of) a person's name in this article ('Henry' of 'Ariel Henry'),
    with no strong place cue ('in X', 'X city', 'the town of X')."""
    from eventwire.extract.gazetteer import name_key
    from rapidfuzz.distance import Levenshtein
    if not tokens:
        return False
    key = name_key(span.text)
    hit = key in tokens or (len(key) >= 5 and any(
        k[:1] == key[:1] and abs(len(k) - len(key)) <= 1 and Levenshtein.distance(k, key) <= 1 for k in lasts))
    if not hit:
        return False
    want, end = _type_after(doc, span.end)
    if (want and end > span.end) or PRE_TYPE_WORDS.get(_type_word_before(doc, span.start, through_lists=False)):
        return False   # "X village", "the town of X" (a list before it is no cue: "the town of A, B, X")
    i = _skip_space(doc, span.start - 1, -1)
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return not (i >= 0 and doc[i].lower_ in STRONG_PREPS)


def _repeat_mentions(doc, gaz, mentions: list[Mention], taken: list[bool],
                     person_tokens: set[str] = frozenset(), person_lasts: set[str] = frozenset()) -> None:
    """Other occurrences of a name already taken as a place ('Kherson' tagged PERSON elsewhere), not
    where the article uses it as a person's name."""
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
                if n == 1 and _is_person_token(doc, span, person_tokens, person_lasts):
                    break
                want, end = _type_after(doc, span.end)
                full = doc[span.start:end] if end > span.end else span
                for t in full:
                    taken[t.i] = True
                mentions.append(Mention(full.start_char, full.end_char, full.text, span.text, want, 1, False, None))
                break


def _country_or_admin(doc, gaz, span) -> bool:
    """The span is exactly the name of a country or a first-level division, and no title or first
    name makes it a person ('President X', 'X Smith')."""
    ranked = gaz.rank(span.text)
    if not ranked or ranked[0][0].feature not in (COUNTRY, ADMIN, REGION) or len(span.text) < 4:
        return False
    if ranked[0][0].feature == REGION and not ranked[0][0].country_code:
        return False
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.text[:1].isupper() and prev.is_alpha and not prev.is_sent_start:
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and nxt.ent_type_ == "PERSON":
        return False
    return True


def _approx_ok(doc, span, strength: int, typed: bool, label: str) -> bool:
    """May this name be emitted as an approximate place when the gazetteer lacks it? Only when a type
    word calls it a place ("Bilohorivka village", "the settlements of A and B", "X Township"), or when the
    model tagged it GPE/LOC after "near"/"in" ...; never for a facility or an organization-like name."""
    words = [t for t in span if not t.is_punct]
    if not words or len(words) > 4 or not words[0].text[:1].isupper() or len(span.text) < 3:
        return False
    if any(t.lower_ in _org_heads() or t.lower_ in FACILITY_WORDS for t in words) or plain(span.text) in _outlets():
        return False
    if plain(span.text) in _demonyms() or plain(span.text) in DIRECTIONS:
        return False
    if label == "PERSON" and len(words) > 1 and not (span.end < len(doc) and doc[span.end].lower_ in TYPE_WORDS):
        return False  # "Anna Petrenko": a person's full name, unless a type word follows it
    if typed or (len(words) >= 2 and words[0].lower_ in FEATURE_PREFIXES):
        return True
    if strength < 2 or label == "FAC":
        return False
    i = _skip_space(doc, span.start - 1, -1)
    while i >= 0 and (doc[i].lower_ in ("the", "so", "-", "called", "so-called") or doc[i].is_space):
        i -= 1
    return i >= 0 and doc[i].lower_ in APPROX_PREPS


def _has_place_cue(doc, span) -> int:
    """2: a type word names it a place ('X village', 'the town of X'); 1: a locative preposition before it."""
    want, end = _type_after(doc, span.end)
    if (want and end > span.end) or _type_before(doc, span.start):
        return 2
    if len(span) >= 2 and span[0].lower_ in FEATURE_PREFIXES:
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
    def tagged_place(i: int) -> bool:   # _skip_space may run off either end of the doc
        return 0 <= i < len(doc) and doc[i].ent_type_ in ("GPE", "LOC")

    if before >= 1 and (doc[before].text == "," or doc[before].lower_ in ("and", "or")):
        if tagged_place(_skip_space(doc, before - 1, -1)):
            return True
    if after + 1 < len(doc) and (doc[after].text == "," or doc[after].lower_ in ("and", "or")):
        if tagged_place(_skip_space(doc, after + 1)):
            return True
    return False


# --- resolution --------------------------------------------------------------------------------

def _positions(doc, mentions: list[Mention]) -> list[tuple[int, int]]:
    """(sentence index, paragraph index) of each mention."""
    sent_starts = [sent.start_char for sent in doc.sents]
    para_starts = [0] + [m.end() for m in re.finditer(r"\n\s*", text_of(doc))]
    return [(bisect.bisect_right(sent_starts, m.start), bisect.bisect_right(para_starts, m.start)) for m in mentions]


def _anchor_weight(e: GazEntry) -> float:
    """How much a resolved place says about where the article's other places are: a metropolis is often
    named as a government ("Moscow said"), an admin centre is coarse."""
    if e.feature == CITY:
        return 0.5 if e.population >= 1_000_000 else 1.0
    return 0.7


def _resolve(doc, gaz, mentions: list[Mention], demonym_context: dict[str, float], observe=None) -> list[Place]:
    from eventwire.extract.gazetteer import name_key
    pos = _positions(doc, mentions)
    keys = [name_key(m.bare or m.query) for m in mentions]
    # anchors of resolved cities and admins, one per (lat, lon, name) with the best weight it has
    # overall, in each sentence and in each paragraph: a long article names the same few places
    # thousands of times, and each mention is ranked against the anchors
    anchors: dict[tuple[float, float, str], list] = {}     # -> [weight, {sentence: w}, {paragraph: w}]
    anchored: set[int] = set()                             # mentions that are anchors

    def anchor(lat: float, lon: float, w: float, j: int) -> None:
        sj, pj = pos[j]
        best = anchors.setdefault((lat, lon, keys[j]), [0.0, {}, {}])
        best[0] = max(best[0], w)
        best[1][sj] = max(best[1].get(sj, 0.0), w)
        best[2][pj] = max(best[2].get(pj, 0.0), w)
        anchored.add(j)

    def near(i: int) -> list[tuple[float, float, float]]:
        """Anchors for mention i, weighted by how close in the text they are (never its own name)."""
        si, pi = pos[i]
        out = []
        for (lat, lon, key), (w, by_sentence, by_paragraph) in anchors.items():
            if key == keys[i]:
                continue
            out.append((lat, lon, max(by_sentence.get(si, 0.0), 0.8 * by_paragraph.get(pi, 0.0), 0.5 * w)))
        return out

    # pass 1: unambiguous mentions fix the context
    context: dict[str, float] = dict(demonym_context)
    admin1s: set[str] = set()
    prior = {"countries": dict(demonym_context)}
    for i, m in enumerate(mentions):
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
                anchor(top.lat, top.lon, _anchor_weight(top), i)
                admin1s.add(top.admin1 or top.name)
    fuzzy_countries = {c: w for c, w in context.items() if w >= 0.5}
    container = _containers(doc, mentions)
    held_by: dict[int, list[int]] = {}
    for inner_i, outer_i in container.items():
        held_by.setdefault(outer_i, []).append(inner_i)
    resolved: dict[int, GazEntry] = {}

    ranker = place_ranker()

    def rank(i: int) -> list[tuple[GazEntry, float]]:
        m = mentions[i]
        ctx = {"countries": context, "admin1s": admin1s, "anchors": near(i)}
        query = m.query
        ranked = gaz.rank(query, ctx, m.want, ranker=ranker)
        if not ranked and m.bare:
            query = m.bare
            ranked = gaz.rank(query, ctx, m.want, ranker=ranker)
        if observe is not None and ranked:
            observe(m, ranked, gaz.candidate_features(query, ranked[:8], ctx, m.want))
        outer = resolved.get(container.get(i, -1))
        if ranked and outer is not None and ranked[0][0].feature != COUNTRY:
            # "Russia, U.S. officials said": a country is held by no container
            inside = [(e, s) for e, s in ranked if _inside(e, outer)]
            ranked = inside or ranked
        if ranked and i in held_by and not (ranked[0][0].feature == CITY and ranked[0][0].population >= BIG_TOWN_POPULATION):
            # "Atlanta, Georgia", "Irbid, Jordan": the container is the country or division that holds a
            # reading of the place before it (a big city is a list's next item: "Washington, New York and")
            inner = [e for j in held_by[i] for e in gaz.candidates(mentions[j].query) or gaz.candidates(mentions[j].bare or "")]
            holding = [(e, s) for e, s in ranked if e.feature in (COUNTRY, ADMIN) and any(_inside(x, e) for x in inner)]
            ranked = holding or ranked
        if not ranked and m.fuzzy_ok and fuzzy_countries and not _acronym_like(m.bare or m.query):
            ranked = gaz.rank(m.bare or m.query, {**ctx, "countries": fuzzy_countries}, m.want, fuzzy=True)
            ranked = [(e, s) for e, s in ranked if e.country_code in fuzzy_countries]
        return ranked

    # pass 2: every mention, ranked with context; a container ("Ky." of "Paducah, Ky.") before what it holds
    margins: dict[int, float] = {}
    order = sorted(range(len(mentions)), key=lambda i: (i not in container.values(), i))
    for i in order:
        m = mentions[i]
        ranked = rank(i)
        if ranked and _plausible(ranked[0][0], m, context):
            resolved[i] = ranked[0][0]
            margins[i] = ranked[0][1] - ranked[1][1] if len(ranked) > 1 else 99.0
    # pass 3: the places pass 2 settled anchor the namesakes it found close calls
    pass1 = set(anchored)
    for i, e in resolved.items():
        if i not in pass1 and e.feature in (CITY, ADMIN2) and e.lat is not None and mentions[i].strength >= 1 \
                and margins[i] >= 10:
            anchor(e.lat, e.lon, _anchor_weight(e) * 0.8, i)
    for i in [i for i, mg in margins.items() if mg < 25]:
        ranked = rank(i)
        if ranked and _plausible(ranked[0][0], mentions[i], context):
            resolved[i] = ranked[0][0]
    # one sense per article: a name that its container settled ("KINGSTON, Ontario") is that place everywhere
    settled = {keys[i]: resolved[i] for i in resolved if container.get(i) in resolved}
    for i in resolved:
        if keys[i] in settled and i not in container and mentions[i].want in (None, CITY) \
                and settled[keys[i]].feature == resolved[i].feature:
            resolved[i] = settled[keys[i]]
    # a name taken only for being listed beside a place must be in that place's country
    by_start = {mentions[i].start: e for i, e in resolved.items()}
    for i in list(resolved):
        peer = mentions[i].peer
        if peer is not None and (peer not in by_start or by_start[peer].country_code != resolved[i].country_code):
            del resolved[i]
    pairs = [(mentions[i], _sub_city(mentions[i], e) if mentions[i].want == SUB_CITY else e)
             for i, e in resolved.items()]
    pairs += _approximate(doc, mentions, pos, keys, resolved)
    return _group(doc, pairs)


def _acronym_like(name: str) -> bool:
    """'UConn', 'APC', 'HAPs': inner capitals; a near-spelling of a town is not what they mean."""
    return any(c.isupper() for c in name[1:]) and " " not in name.strip()


def _containers(doc, mentions: list[Mention]) -> dict[int, int]:
    """'Paducah, Ky.', 'KINGSTON, Ontario (AP)', 'Croft, Yorkshire': mention index -> the index of the
    mention right after it and a comma, the division or country that holds it."""
    text = text_of(doc)
    by_start = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    out = {}
    for a, b in zip(by_start, by_start[1:]):
        between = text[mentions[a].end:mentions[b].start]
        if between.strip() == "," and "\n" not in between:
            out[a] = b
    return out


def _inside(e: GazEntry, outer: GazEntry) -> bool:
    if outer.feature == COUNTRY:
        return e.country_code == outer.country_code and e.feature != COUNTRY
    if outer.feature == ADMIN:
        return e.country_code == outer.country_code and e.admin1 == outer.name and e.feature != ADMIN
    if outer.feature == ADMIN2:
        return e.country_code == outer.country_code and e.admin1 == outer.admin1 and e.feature == CITY
    return False


def _approximate(doc, mentions: list[Mention], pos, keys, resolved: dict[int, GazEntry]) -> list[tuple[Mention, GazEntry]]:
    """Names the text calls places ("Bilohorivka village", "the settlements of A and B") that the gazetteer
    lacks: located at the most specific place named beside them (same sentence, else paragraph, else
    the article's dominant admin), marked ``approximate: <container>``, without a GeoNames id."""
    ok_keys = {keys[i] for i, m in enumerate(mentions) if m.approx_ok and i not in resolved}
    todo = [i for i, m in enumerate(mentions) if i not in resolved and keys[i] in ok_keys and keys[i]]
    if not todo:
        return []
    local = {i: e for i, e in resolved.items() if e.feature in (CITY, ADMIN2, ADMIN) and e.lat is not None}
    rank = {CITY: 0, ADMIN2: 1, ADMIN: 2}
    # the article's dominant admin, and the cities resolved inside each admin
    counts: dict[str, int] = {}
    cities_in: dict[str, list[int]] = {}
    for i, e in local.items():
        a1 = e.name if e.feature == ADMIN else e.admin1
        if a1:
            counts[a1] = counts.get(a1, 0) + 1
            if e.feature == CITY:
                cities_in.setdefault(a1, []).append(i)
    admins = {e.name: e for e in local.values() if e.feature == ADMIN}
    countries = [e for e in resolved.values() if e.feature == COUNTRY]
    out = []
    cache: dict[str, Optional[GazEntry]] = {}
    for i in todo:
        m = mentions[i]
        si, pi = pos[i]
        best = None
        for j, e in local.items():
            sj, pj = pos[j]
            level = 0 if sj == si else 1 if pj == pi else None
            if level is None:
                continue
            key = (level, rank[e.feature], abs(mentions[j].start - m.start))
            if best is None or key < best[0]:
                best = (key, j, e)
        container = best[2] if best else None
        if container is None:
            dominant = max(counts, key=lambda a: (counts[a], a in admins), default=None)
            if dominant in admins:
                container = admins[dominant]
            elif dominant in cities_in:
                container = local[cities_in[dominant][0]]
            elif countries:
                container = max(countries, key=lambda e: sum(1 for x in resolved.values() if x.country_code == e.country_code))
        if container is None:
            continue
        point = container
        if container.feature == ADMIN and cities_in.get(container.name):
            # an admin is big: the article's own places inside it say where in it the story is
            point = local[min(cities_in[container.name], key=lambda j: abs(mentions[j].start - m.start))]
        if m.want == CITY or m.want is None:
            name, feature = m.query if m.want == CITY else (m.bare or m.query), CITY
        else:
            name = re.sub(r"\s+", " ", re.sub(r"(?:['\u2019]s|[\s,.;:]+)+$", "", m.surface)).strip()
            # a district the gazetteer lacks is below the first level ("the Obolon district of Kyiv")
            feature = ADMIN2 if m.want == ADMIN else m.want
        if keys[i] in cache:  # repeated mentions group under the first one's name
            name = cache[keys[i]].name
        entry = GazEntry(name, container.country_code, container.admin1 if container.feature != ADMIN else container.name,
                         point.lat, point.lon, None, feature, 0, f"approximate: {container.name}")
        cache.setdefault(keys[i], entry)
        out.append((m, cache[keys[i]]))
    return out


def _sub_city(m: Mention, town: GazEntry) -> GazEntry:
    """'Dadaab camp', 'the Chongar bridge': the feature itself, pinned at the town it is named after."""
    name = re.sub(r"\s+", " ", re.sub(r"(?:['\u2019]s|[\s,.;:]+)+$", "", m.surface)).strip()
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return GazEntry(name, town.country_code, town.admin1, town.lat, town.lon, None, SUB_CITY, 0,
                    f"approximate: {town.name}")


def _plausible(entry: GazEntry, m: Mention, context: dict[str, float]) -> bool:
    """Reject readings the text does not support: a hamlet abroad for a capitalized word."""
    if entry.feature in (COUNTRY, REGION, ADMIN):
        return m.strength >= 1 or entry.feature != ADMIN2
    in_context = entry.country_code in context
    if m.strength == 0:
        return in_context and (entry.population >= 1000 or m.want == CITY)
    if m.strength == 1:
        return in_context or entry.population >= BIG_TOWN_POPULATION
    return in_context or entry.population >= 20_000 or not context or m.want == CITY


RESOLUTIONS = {COUNTRY: "country", ADMIN: "admin1", ADMIN2: "admin2", CITY: "city", REGION: "region"}


def resolution_of(e: GazEntry) -> str:
    """How fine the named place is: a sub-city feature (a camp, a bridge, a district of a town) is
    pinned at its town, and says so."""
    return SUB_CITY if e.feature == SUB_CITY else RESOLUTIONS.get(e.feature, e.feature)


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
                feature=ADMIN if e.feature == ADMIN2 else CITY if e.feature == SUB_CITY else e.feature,
                resolution=resolution_of(e),
                gazetteer_source=e.source)
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
