"""Keys that decide when two names (or places) are the same row across articles."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from eventwire.extract.names import canonical_key

_HONORIFICS = {"mr", "mrs", "ms", "dr", "gen", "general", "col", "colonel", "president", "minister",
               "sir", "lt", "maj", "major", "capt", "captain", "sen", "senator", "rep", "gov", "governor"}


def _fallback_key(name: str, type_: Optional[str] = None) -> str:
    try:
        from unidecode import unidecode
        name = unidecode(name)
    except ImportError:  # pragma: no cover - unidecode is a dependency
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = name.casefold().replace("'s ", " ")
    words = re.findall(r"[a-z0-9]+", name)
    if type_ == "ORG" and words and words[0] == "the":
        words = words[1:]
    if type_ == "PERSON":
        while len(words) > 1 and words[0] in _HONORIFICS:
            words = words[1:]
    return " ".join(words)


def entity_key(name: str, type_: Optional[str] = None) -> str:
    """The cross-article key of an entity name: ``eventwire.extract.names.canonical_key``."""
    try:
        key = canonical_key(name, type_)
    except Exception:  # an extractor-side bug must not stop ingest
        key = None
    return key if isinstance(key, str) and key else _fallback_key(name, type_)


def place_key(name: str, country_code: Optional[str], geonameid: Optional[int]) -> str:
    if geonameid is not None:
        return f"gn:{int(geonameid)}"
    return f"name:{_fallback_key(name)}|{(country_code or '').upper()}"
