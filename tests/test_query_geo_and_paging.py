"""Radius searches, the page cap, and near-duplicate stories."""
from __future__ import annotations

import pytest

from eventwire import query
from eventwire.query import MAX_LIMIT, QueryError, haversine_km


def test_haversine_known_distance():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.05)
    assert haversine_km(51.5, -0.12, 48.86, 2.35) == pytest.approx(343.5, abs=1.5)


def _places(store, build, coords):
    text = " ".join(name for name, *_ in coords) + " are towns."
    art = build.article(text)
    store.add([build.Extraction(article=art, places=[build.place(text, n, lat, lon, geonameid=i + 1)
                                                    for i, (n, lat, lon) in enumerate(coords)])])


def test_radius_across_the_antimeridian_and_near_a_pole(store, build):
    _places(store, build, [("Eastpoint", 0.0, 179.9), ("Westpoint", 0.0, -179.9), ("Faraway", 0.0, 170.0),
                           ("Polar", 89.95, 10.0), ("Polar Two", 89.95, -170.0)])
    assert {p["name"] for p in query.places(store, near=(0.0, 179.95), km=50)} == {"Eastpoint", "Westpoint"}
    assert {p["name"] for p in query.places(store, near=(89.99, 0.0), km=20)} == {"Polar", "Polar Two"}
    assert query.places(store, near="0,170", km=1)[0]["name"] == "Faraway"


def test_limit_is_capped_and_checked(store, build):
    _places(store, build, [("A", 1.0, 1.0)])
    assert len(query.places(store, limit=10 ** 9)) == 1
    assert query.articles(store, limit=MAX_LIMIT + 1)  # capped, not an error
    with pytest.raises(QueryError):
        query.places(store, limit=0)
    with pytest.raises(QueryError):
        query.places(store, near=(95, 0))
    with pytest.raises(QueryError):
        query.events(store, since="last week")
    with pytest.raises(QueryError):
        query.events(store, type="BOMBARD")


def test_paging_walks_every_row_once(store, build):
    batch = []
    for i in range(7):
        text = f"Report number {i} about a different harbour each time: harbour {i * 17} of the coast."
        batch.append(build.Extraction(article=build.article(text, date=f"2023-01-{i + 1:02d}")))
    store.add(batch)
    seen = [r["id"] for off in range(0, 7, 3) for r in query.articles(store, limit=3, offset=off)]
    assert len(seen) == 7 == len(set(seen))
    assert [r["date"] for r in query.articles(store, limit=2)] == ["2023-01-07", "2023-01-06"]


def test_near_duplicates_form_one_story(store, build):
    body = ("Emergency crews in the port city of Brenmouth worked through the night after a warehouse fire "
            "destroyed three buildings and forced the evacuation of two hundred residents, officials said.")
    store.add([build.Extraction(article=build.article(body, source="Wire A"))])
    store.add([build.Extraction(article=build.article(body + " (Reporting by Wire B.)", source="Wire B"))])
    store.add([build.Extraction(article=build.article("A completely different story about crops and rain "
                                                      "in the northern valley this spring season.", source="C"))])
    st = store.stats()
    assert st["articles"] == 3 and st["stories"] == 2
    stories = {r["source"]: r["story_id"] for r in query.articles(store)}
    assert stories["Wire A"] == stories["Wire B"] != stories["C"]
