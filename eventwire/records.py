"""Typed records that flow one way through eventwire.

text -> Article -> ParsedArticle (spaCy Doc) -> extracted records -> store.

Every extracted record keeps its evidence: character spans into
``Article.text`` and the sentence it came from.  ``to_dict`` gives the
SPEC section 6 JSON shape (fields the scorer reads plus evidence fields).
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Optional

Span = tuple[int, int]


def normalize_text(text: str) -> str:
    """The form an article's id is computed from: NFC, collapsed whitespace."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def article_id(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


def _plain(value: Any) -> Any:
    """dataclasses.asdict, but tuples become lists (JSON-friendly)."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    def to_dict(self) -> dict:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict):
        names = {f.name: f for f in dataclasses.fields(cls)}
        kwargs = {}
        for k, v in data.items():
            if k not in names:
                continue
            if k in ("spans", "sentence_spans") and v is not None:
                v = [tuple(s) for s in v]
            elif k in ("span", "sentence_span") and v is not None:
                v = tuple(v)
            kwargs[k] = v
        return cls(**kwargs)


@dataclass
class Article(Record):
    text: str
    id: str = ""
    date: Optional[str] = None          # "YYYY-MM-DD", "YYYY-MM" or "YYYY": precision kept
    date_inferred: bool = False         # True when the date came from --date or file mtime
    title: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None
    origin: Optional[str] = None        # file path (and line) or URL it was read from
    truncated: bool = False             # longer than the configured maximum and cut
    source_id: Optional[str] = None     # the input's own id (a JSON Lines record's "id"), beside our content id
    ingest_warnings: list[str] = field(default_factory=list)  # reading it: a guessed encoding, a bad date header
    case: Optional[str] = None          # lost case found in the text: "lower" | "upper" | "mixed" (None: normal)

    def __post_init__(self):
        if not self.id:
            self.id = article_id(self.text)

    @property
    def date_precision(self) -> Optional[str]:
        if not self.date:
            return None
        return {10: "day", 7: "month", 4: "year"}.get(len(self.date), "day")


@dataclass
class Entity(Record):
    """A person or organization, one per article (canonical name + aliases)."""
    name: str
    type: str                           # PERSON | ORG
    aliases: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    sentence_spans: list[Span] = field(default_factory=list)  # parallel to spans


@dataclass
class Place(Record):
    name: str                           # gazetteer (GeoNames/English) name
    mentions: list[str] = field(default_factory=list)  # surface forms in the text
    country_code: Optional[str] = None
    admin1: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[int] = None
    feature: Optional[str] = None       # city | admin | country | region
    # how fine the pin is, as PLOVER's location object has it: country | admin1 | admin2 | city | sub-city
    # (region: a sea, river or area that no administrative level contains)
    resolution: Optional[str] = None
    gazetteer_source: Optional[str] = None  # which table the entry came from
    spans: list[Span] = field(default_factory=list)
    sentence_spans: list[Span] = field(default_factory=list)


@dataclass
class Quote(Record):
    text: str
    speaker: Optional[str] = None       # canonical entity name, or None
    speaker_type: Optional[str] = None  # PERSON | ORG | PLACE
    span: Span = (0, 0)                 # the quoted text (first part when split)
    spans: list[Span] = field(default_factory=list)  # every part of a split quote
    speaker_span: Optional[Span] = None  # the mention that attributes it (name or pronoun)
    sentence_span: Span = (0, 0)


@dataclass
class Quantity(Record):
    value: float
    metric: str                         # killed injured displaced detained missing materiel_lost deployed affected
    object: Optional[str] = None
    source: Optional[str] = None
    lower_bound: bool = False
    upper_bound: bool = False           # "up to N"
    high: Optional[float] = None        # upper end of a range "10 to 15"
    cumulative: bool = False            # a running total: "the toll rose to 57", "killed so far"
    text: str = ""                      # the number as written
    span: Span = (0, 0)
    sentence_span: Span = (0, 0)


@dataclass
class Actor(Record):
    name: str
    aliases: list[str] = field(default_factory=list)
    country: Optional[str] = None       # ISO 3166-1 alpha-2 where known
    role: Optional[str] = None          # government military police rebels civilians media other
    span: Optional[Span] = None


@dataclass
class Event(Record):
    type: str
    source: Optional[Actor] = None
    target: Optional[Actor] = None
    mode: Optional[str] = None
    place: Optional[str] = None
    place_detail: Optional[Place] = None
    date: Optional[str] = None
    date_inferred: bool = False         # True when no date expression resolved it
    claimed_by: Optional[str] = None    # "X said Y attacked Z": X
    background: bool = False            # an earlier act the article states as fact ("since X invaded Y in 2022")
    trigger: str = ""
    span: Span = (0, 0)                 # the trigger
    sentence: str = ""
    sentence_span: Span = (0, 0)

    @classmethod
    def from_dict(cls, data: dict):
        data = dict(data)
        for key in ("source", "target"):
            if isinstance(data.get(key), dict):
                data[key] = Actor.from_dict(data[key])
        if isinstance(data.get("place_detail"), dict):
            data["place_detail"] = Place.from_dict(data["place_detail"])
        return super().from_dict(data)


@dataclass
class Extraction(Record):
    """Everything found in one article: SPEC section 6."""
    article: Article
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # an extractor that failed, text that had lost its case

    def to_dict(self) -> dict:
        out = _plain(self)
        out["article"].pop("text", None)
        return out

    def to_full_dict(self) -> dict:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Extraction":
        return cls(
            article=Article.from_dict(data["article"]),
            entities=[Entity.from_dict(d) for d in data.get("entities", [])],
            places=[Place.from_dict(d) for d in data.get("places", [])],
            quotes=[Quote.from_dict(d) for d in data.get("quotes", [])],
            quantities=[Quantity.from_dict(d) for d in data.get("quantities", [])],
            events=[Event.from_dict(d) for d in data.get("events", [])],
            warnings=list(data.get("warnings", [])),
        )
