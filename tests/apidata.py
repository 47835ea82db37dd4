"""The database the API and browser tests run on: the dev articles (real extraction) plus one
invented hostile article whose text, metadata and extracted strings carry HTML/JS payloads."""
from __future__ import annotations

import glob
import os
from functools import lru_cache
from pathlib import Path

from eventwire.records import Actor, Article, Entity, Event, Extraction, Place, Quantity, Quote

ROOT = Path(__file__).resolve().parent.parent
DEV = Path(os.environ.get("EVENTWIRE_DEV_DIR", ROOT.parent / "shared" / "eval" / "dev"))

HOSTILE_TEXT = (
    'Officials in Hostileton said <script>alert("xss-script")</script> gunmen shelled the town on Monday. '
    "A witness wrote <img src=x onerror=\"alert('xss-img')\"> on a wall near the market.\n\n"
    '"We will not be silenced by <b onmouseover=alert(1)>bold</b> threats," said Ivan <svg onload=alert(2)>Petrov. '
    "Three civilians were killed, the council said. Details: javascript:alert(document.cookie)"
)
HOSTILE = Article(text=HOSTILE_TEXT, date="2022-09-05", title='<script>alert("title")</script>Hostile <img src=x onerror=alert(3)>',
                  source="<svg/onload=alert(4)>", url='javascript:alert("url")', language="en", origin="<hostile>")
HOSTILE_PLACE = '<img src=x onerror=alert(5)>Hostileton'
HOSTILE_PERSON = "Ivan <svg onload=alert(2)>Petrov"


def _span(needle: str) -> tuple[int, int]:
    start = HOSTILE_TEXT.index(needle)
    return (start, start + len(needle))


def hostile_items(x: Extraction) -> Extraction:
    """Hand-made items over the hostile text (so the payloads are in extracted strings and spans)."""
    sent = (0, HOSTILE_TEXT.index("town on Monday.") + len("town on Monday."))
    place = Place(name=HOSTILE_PLACE, mentions=["Hostileton"], country_code="UA", admin1="<i>Oblast</i>",
                  lat=47.1, lon=37.5, feature="city", spans=[_span("Hostileton")], sentence_spans=[sent])
    x.places.append(place)
    x.entities.append(Entity(name=HOSTILE_PERSON, type="PERSON", aliases=["Petrov"],
                             spans=[_span("Ivan <svg onload=alert(2)>Petrov")], sentence_spans=[sent]))
    x.quotes.append(Quote(text="We will not be silenced by <b onmouseover=alert(1)>bold</b> threats",
                          speaker=HOSTILE_PERSON, speaker_type="PERSON",
                          span=_span("We will not be silenced by <b onmouseover=alert(1)>bold</b> threats"),
                          sentence_span=_span("We will not be silenced by <b onmouseover=alert(1)>bold</b> threats")))
    x.quantities.append(Quantity(value=3, metric="killed", object="<i onclick=alert(7)>civilians</i>",
                                 source="the council", text="Three", span=_span("Three")))
    x.events.append(Event(type="ASSAULT", source=Actor(name='<script>alert(6)</script>gunmen'),
                          target=Actor(name="Hostileton"), place=HOSTILE_PLACE, place_detail=place,
                          date="2022-09-05", trigger="shelled", span=_span("shelled"),
                          sentence=HOSTILE_TEXT[sent[0]:sent[1]], sentence_span=sent))
    return x


def dev_paths() -> list[str]:
    return sorted(glob.glob(str(DEV / "*.txt")))


@lru_cache(maxsize=1)
def extractions() -> tuple[Extraction, ...]:
    """Every dev article through the real pipeline, plus the hostile article (once per process)."""
    from eventwire.pipeline import extract_articles, extract_paths

    out = []
    for result in extract_paths(dev_paths()):
        assert result.error is None, result.error
        out.append(result.extraction)
    hostile = next(iter(extract_articles([Article(**{**HOSTILE.to_dict()})])))
    out.append(hostile_items(hostile))
    return tuple(out)


def build_db(url: str) -> str:
    from eventwire.store import Store

    store = Store.open(url)
    try:
        store.add(list(extractions()))
    finally:
        store.close()
    return url


def backends() -> list:
    """The backends the API tests run on (EVENTWIRE_TEST_BACKENDS, default both)."""
    import pytest

    names = [b.strip() for b in os.environ.get("EVENTWIRE_TEST_BACKENDS", "sqlite,postgres").split(",") if b.strip()]
    return [pytest.param(b, marks=[pytest.mark.postgres] if b == "postgres" else [], id=b) for b in names]


def database(backend: str, tmp_dir) -> str:
    """A database URL on `backend`, built from the dev + hostile articles (skips without PostgreSQL; fails so in CI)."""
    if backend == "postgres":
        from pgserver import new_database, postgres_url
        from services import service_missing

        url, reason = postgres_url()
        if url is None:
            service_missing(reason)
        return build_db(new_database(url))
    return build_db(f"sqlite:///{Path(tmp_dir) / 'api.db'}")
