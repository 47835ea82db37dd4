"""The HTTP JSON API through the real app (TestClient), on SQLite and PostgreSQL, over the dev articles."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import apidata
from eventwire.api import create_app


@pytest.fixture(scope="module", params=apidata.backends())
def client(request, tmp_path_factory):
    url = apidata.database(request.param, tmp_path_factory.mktemp("api"))
    with TestClient(create_app(url)) as c:
        yield c


@pytest.fixture(scope="module")
def corpus():
    return {x.article.id: x for x in apidata.extractions()}


def get(client, url, **params):
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_openapi_document_and_docs_are_served(client):
    doc = get(client, "/openapi.json")
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/entities", "/api/entities/{entity_id}",
                 "/api/places", "/api/places/{place_id}", "/api/places.geojson", "/api/events", "/api/events.geojson",
                 "/api/quotes", "/api/figures", "/api/claims", "/api/stats"):
        assert set(doc["paths"][path]) == {"get"}, path       # read-only
    assert client.get("/docs").status_code == 200


def test_the_api_is_read_only(client):
    assert client.post("/api/articles", json={}).status_code == 405
    assert client.delete(f"/api/articles/{apidata.HOSTILE.id}").status_code == 405


def test_stats_count_what_was_stored(client, corpus):
    s = get(client, "/api/stats")
    assert s["articles"] == len(corpus)
    assert s["events"] == sum(len(x.events) for x in corpus.values())
    assert s["quotes"] == sum(len(x.quotes) for x in corpus.values())
    assert s["figures"] == sum(len(x.quantities) for x in corpus.values())


def test_articles_newest_first_and_paged_without_gaps(client, corpus):
    page = get(client, "/api/articles")
    assert page["count"] == len(corpus) and page["limit"] == 50 and page["next_offset"] is None
    dates = [a["date"] for a in page["items"]]
    assert dates == sorted(dates, reverse=True)
    seen, offset = [], 0
    while offset is not None:
        p = get(client, "/api/articles", limit=2, offset=offset)
        assert p["count"] <= 2
        seen += [a["id"] for a in p["items"]]
        offset = p["next_offset"]
    assert sorted(seen) == sorted(corpus)


def test_articles_full_text_search_date_range_and_source(client, corpus):
    hits = get(client, "/api/articles", q="Pushilin")["items"]
    assert hits and all("Pushilin" in corpus[a["id"]].article.text for a in hits)
    assert get(client, "/api/articles", q="Hostileton")["items"][0]["id"] == apidata.HOSTILE.id
    ranged = get(client, "/api/articles", since="2022-08-01", until="2022-10-31")["items"]
    expected = {i for i, x in corpus.items() if "2022-08-01" <= x.article.date <= "2022-10-31"}
    assert {a["id"] for a in ranged} == expected
    assert [a["id"] for a in get(client, "/api/articles", source="onload")["items"]] == [apidata.HOSTILE.id]


def test_one_article_carries_every_extracted_item_with_spans(client, corpus):
    for article_id, x in corpus.items():
        data = get(client, f"/api/articles/{article_id}")
        text = data["article"]["text"]
        assert text == x.article.text
        assert len(data["entities"]) == len(x.entities)
        assert len(data["places"]) == len(x.places)
        assert len(data["quotes"]) == len(x.quotes)
        assert len(data["quantities"]) == len(x.quantities)
        assert len(data["events"]) == len(x.events)
        for stored, original in zip(data["entities"], x.entities):
            assert [tuple(s) for s in stored["spans"]] == [tuple(s) for s in original.spans]
        for stored, original in zip(data["places"], x.places):
            assert [tuple(s) for s in stored["spans"]] == [tuple(s) for s in original.spans]
        for q in data["quotes"]:
            assert q["text"] in text[q["span"][0]:q["span"][1] + 1] or q["span"][1] > q["span"][0]


def test_entities_with_aliases_counts_and_their_page(client):
    rows = get(client, "/api/entities", name="Pushilin")["items"]
    assert rows and any("Pushilin" in r["name"] for r in rows)
    ent = get(client, f"/api/entities/{rows[0]['id']}")
    for key in ("aliases", "articles", "first_seen", "last_seen", "timeline", "events", "quotes"):
        assert key in ent
    assert ent["articles"] and ent["first_seen"] <= ent["last_seen"]
    petrov = get(client, "/api/entities", name="Petrov", type="PERSON")["items"][0]
    detail = get(client, f"/api/entities/{petrov['id']}")
    assert detail["name"] == apidata.HOSTILE_PERSON
    assert [q["text"] for q in detail["quotes"]] == ["We will not be silenced by <b onmouseover=alert(1)>bold</b> threats"]
    people = get(client, "/api/entities", type="PERSON", limit=500)["items"]
    assert people and all(p["type"] == "PERSON" for p in people)


def test_places_radius_geojson_and_one_place(client):
    rows = get(client, "/api/places", limit=500)["items"]
    assert rows and all(r["lat"] is not None for r in rows if r["name"] == apidata.HOSTILE_PLACE)
    near = get(client, "/api/places", lat=47.1, lon=37.5, km=1)["items"]
    assert [r["name"] for r in near] == [apidata.HOSTILE_PLACE]
    geo = get(client, "/api/places.geojson")
    assert geo["type"] == "FeatureCollection" and geo["features"]
    hostile = [f for f in geo["features"] if f["properties"]["name"] == apidata.HOSTILE_PLACE][0]
    assert hostile["geometry"] == {"type": "Point", "coordinates": [37.5, 47.1]}
    place = get(client, f"/api/places/{hostile['properties']['id']}")
    assert [a["id"] for a in place["articles"]] == [apidata.HOSTILE.id]
    assert [e["type"] for e in place["events"]] == ["ASSAULT"]


def test_events_by_type_actor_place_radius_and_dates(client, corpus):
    everything = get(client, "/api/events", limit=500)["items"]
    assert len(everything) == sum(len(x.events) for x in corpus.values())
    assault = get(client, "/api/events", type="ASSAULT", limit=500)["items"]
    assert assault and all(e["type"] == "ASSAULT" for e in assault)
    by_actor = get(client, "/api/events", actor="gunmen")["items"]
    assert by_actor and {e["article_id"] for e in by_actor} == {apidata.HOSTILE.id}
    near = get(client, "/api/events", lat=47.1, lon=37.5, km=5)["items"]
    assert near and {e["article_id"] for e in near} == {apidata.HOSTILE.id}
    assert all(e["distance_km"] < 1 for e in near)
    dated = get(client, "/api/events", since="2022-09-01", until="2022-09-30", limit=500)["items"]
    assert all("2022-09-01" <= e["date"] <= "2022-09-30" for e in dated) and dated
    geo = get(client, "/api/events.geojson", type="ASSAULT")
    assert geo["type"] == "FeatureCollection"
    assert all(f["properties"]["type"] == "ASSAULT" for f in geo["features"])
    assert any(f["geometry"]["coordinates"] == [37.5, 47.1] for f in geo["features"])


def test_quotes_by_speaker_and_text(client):
    rows = get(client, "/api/quotes", speaker="Petrov")["items"]
    assert [q["text"] for q in rows] == ["We will not be silenced by <b onmouseover=alert(1)>bold</b> threats"]
    found = get(client, "/api/quotes", q="silenced")["items"]
    assert apidata.HOSTILE_PERSON in [q["speaker"] for q in found]
    assert all("silenced" in q["text"] for q in found)


def test_figures_and_claim_series(client, corpus):
    killed = get(client, "/api/figures", metric="killed", limit=500)["items"]
    assert killed and all(f["metric"] == "killed" for f in killed)
    assert len(killed) == sum(1 for x in corpus.values() for q in x.quantities if q.metric == "killed")
    council = get(client, "/api/figures", source="council", object="onclick")["items"]
    assert [(f["value"], f["object"]) for f in council] == [(3, "<i onclick=alert(7)>civilians</i>")]
    series = get(client, "/api/claims", metric="killed")
    assert series and all(r["metric"] == "killed" and "conflict" in r for r in series)
    assert get(client, "/api/claims", metric="killed", object="onclick")[0]["values"] == [3]


def test_the_page_and_its_assets_come_from_the_app(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/app.css", "/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css",
                  "/vendor/leaflet/images/marker-icon.png"):
        assert client.get(asset).status_code == 200, asset
    assert "http" not in "".join(l for l in r.text.splitlines() if "src=" in l or "href=" in l and "stylesheet" in l)
