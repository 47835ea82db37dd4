"""Shared fixtures.

``db_url``: an empty database for one test.  SQLite in tmp_path by default; set
``EVENTWIRE_TEST_BACKENDS=sqlite,postgres`` to run every store test on PostgreSQL
too (a throwaway server from ``tests/pgserver.py``, or ``EVENTWIRE_TEST_PG_URL``); without a server
the PostgreSQL tests skip, or fail under ``CI=true`` (``tests/services.py``).
"""
from __future__ import annotations

import os

import pytest

from eventwire.records import Actor, Article, Entity, Event, Extraction, Place, Quantity, Quote

_BACKENDS = [b.strip() for b in os.environ.get("EVENTWIRE_TEST_BACKENDS", "sqlite,postgres").split(",") if b.strip()]


def _backend_params():
    return [pytest.param(b, marks=[pytest.mark.postgres] if b == "postgres" else [], id=b) for b in _BACKENDS]


@pytest.fixture(params=_backend_params())
def db_url(request, tmp_path):
    if request.param == "postgres":
        from pgserver import new_database, postgres_url
        from services import service_missing

        url, reason = postgres_url()
        if url is None:
            service_missing(reason)
        return new_database(url)
    return f"sqlite:///{tmp_path / 'eventwire.db'}"


@pytest.fixture
def store(db_url):
    from eventwire.store import Store

    s = Store.open(db_url)
    yield s
    s.close()


# -- hand-built records (invented articles; never extractor output) ------------------------------------
def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return (start, start + len(needle))


def make_article(text: str, date: str = "2023-03-14", **kw) -> Article:
    return Article(text=text, date=date, language=kw.pop("language", "en"), **kw)


def person(text: str, name: str, *aliases: str, type: str = "PERSON") -> Entity:
    spans = [find(text, n) for n in (name, *aliases) if n in text]
    return Entity(name=name, type=type, aliases=list(aliases), spans=spans, sentence_spans=[(0, len(text))] * len(spans))


def org(text: str, name: str, *aliases: str) -> Entity:
    return person(text, name, *aliases, type="ORG")


def place(text: str, name: str, lat: float, lon: float, cc: str = "XA", geonameid=None, mention=None) -> Place:
    mention = mention or name
    return Place(name=name, mentions=[mention], country_code=cc, admin1=None, lat=lat, lon=lon,
                 geonameid=geonameid, feature="city", resolution="city", spans=[find(text, mention)] if mention in text else [],
                 sentence_spans=[(0, len(text))])


def figure(value, metric="killed", object="soldiers", source=None, **kw) -> Quantity:
    return Quantity(value=value, metric=metric, object=object, source=source, **kw)


def event(type_, source=None, target=None, place_name=None, date=None, **kw) -> Event:
    return Event(type=type_, source=Actor(source) if isinstance(source, str) else source,
                 target=Actor(target) if isinstance(target, str) else target, place=place_name, date=date, **kw)


@pytest.fixture
def build():
    """Builders for hand-made records: build.article(...), build.person(...), ..."""
    class B:
        pass
    b = B()
    for f in (find, make_article, person, org, place, figure, event):
        setattr(b, f.__name__.replace("make_", ""), staticmethod(f))
    b.Extraction, b.Quote, b.Actor = Extraction, Quote, Actor
    return b


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once for the whole session."""
    from eventwire.nlp import load_nlp

    return load_nlp()
