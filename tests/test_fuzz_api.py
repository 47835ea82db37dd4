"""Property-based: the API's integer, date and text parameters, whatever their value, get an answer
that is never a 500 and never a traceback -- 200, or a 404 for an id not stored, or a 422 that
names the parameter without echoing kilobytes of it."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventwire.api import create_app
from eventwire.store import Store

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

LISTS = ["/api/articles", "/api/entities", "/api/places", "/api/quotes", "/api/figures", "/api/events",
         "/api/events.geojson", "/api/places.geojson"]
DATED = [("/api/articles", {}), ("/api/quotes", {}), ("/api/figures", {}), ("/api/events", {}),
         ("/api/claims", {"metric": "killed"}), ("/api/brief", {})]

integers = st.one_of(st.integers(), st.integers(min_value=2 ** 62, max_value=2 ** 130),
                     st.integers(max_value=-(2 ** 62)), st.sampled_from([0, -1, 2 ** 63 - 1, 2 ** 63, 2 ** 64]))
int_text = st.one_of(integers.map(str), st.sampled_from(["", " ", "1e3", "0x10", "١٢", "9" * 400, "1.0", "+5", "٣"]))
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()[:7]), st.dates().map(lambda d: d.isoformat()[:4]),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"), st.from_regex(r"\A\d{1,5}(-\d{1,3}){0,3}\Z"),
    st.text(max_size=30), st.sampled_from(["0001-01-01", "9999-12-31", "0000-00-00", "2022-02-29", "１９９９"]))
texts = st.one_of(st.text(max_size=60), st.sampled_from(["\x00", "a\x00b", "%", "_", "'", '"', "\\", "*"]))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from conftest import make_article, person, place
    from eventwire.records import Extraction, Quantity

    text = "Governor Olena Marchuk said shelling hit Velmora on Monday, killing three people."
    x = Extraction(article=make_article(text, date="2023-03-14", source_id="wire-1"),
                   entities=[person(text, "Olena Marchuk")], places=[place(text, "Velmora", 47.0, 33.0)],
                   quantities=[Quantity(value=3, metric="killed", object="people", source="Olena Marchuk")])
    path = tmp_path_factory.mktemp("fuzz-api") / "api.db"
    with Store.open(str(path)) as s:
        s.add([x])
    with TestClient(create_app(str(path)), raise_server_exceptions=False) as c:
        yield c


def check(r, names: set[str]):
    assert r.status_code in (200, 404, 422), (r.request.url, r.status_code, r.text[:300])
    assert "Traceback" not in r.text
    if r.status_code == 422:
        body = r.json()
        assert set(body["parameters"]) & names, (body, names)
        assert len(r.content) < 2000, len(r.content)


@FUZZ
@given(url=st.sampled_from(LISTS), offset=int_text, limit=int_text)
@example(url="/api/events", offset="9223372036854775808", limit="5")
@example(url="/api/articles", offset="0", limit="99999999999999999999999")
def test_integer_parameters_never_give_a_500(client, url, offset, limit):
    check(client.get(url, params={"offset": offset, "limit": limit}), {"offset", "limit"})


@FUZZ
@given(kind=st.sampled_from(["entities", "places"]), ident=int_text)
@example(kind="entities", ident="99999999999999999999999")
def test_ids_never_give_a_500(client, kind, ident):
    check(client.get(f"/api/{kind}/{ident}".rstrip("/")) if ident.strip() else client.get(f"/api/{kind}/x"),
          {"entity_id", "place_id"})


@FUZZ
@given(url=st.sampled_from(DATED), since=dates, until=dates)
@example(url=DATED[-1], since="0001-01-01", until="0001-01-02")
@example(url=DATED[0], since="2022-09-01", until="2022-08-01")
def test_date_parameters_never_give_a_500(client, url, since, until):
    path, params = url
    check(client.get(path, params={**params, "since": since, "until": until}), {"since", "until"})


@FUZZ
@given(day=dates)
@example(day="0001-01-01")
def test_the_brief_date_never_gives_a_500(client, day):
    check(client.get("/api/brief", params={"date": day}), {"date"})


@FUZZ
@given(url=st.sampled_from(["/api/entities?name=", "/api/articles?q=", "/api/events?actor=", "/api/quotes?speaker=",
                            "/api/figures?source=", "/api/places?name=", "/api/brief?place="]), value=texts)
@example(url="/api/entities?name=", value="\x00")
def test_text_parameters_never_give_a_500_and_a_nul_is_refused(client, url, value):
    path, name = url.split("?")
    r = client.get(path, params={name[:-1]: value})
    check(r, {name[:-1]})
    if "\x00" in value:
        assert r.status_code == 422
