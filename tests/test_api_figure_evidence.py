"""/api/figures/{id}: one figure with its article and sentence (the figures view's evidence), and
the page's vendored Leaflet.markercluster served from its xstatic package."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import figure, find, make_article
from eventwire.api import create_app
from eventwire.records import Extraction
from eventwire.store import Store

TEXT = "Shelling went on all night. The ministry said 240 soldiers were killed near Velmora. Talks resume today."
SENTENCE = "The ministry said 240 soldiers were killed near Velmora."


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('evidence') / 'e.db'}")
    article = make_article(TEXT, date="2023-06-01", title="Night of shelling", source="Example Wire")
    store.add([Extraction(article=article, quantities=[
        figure(240, source="the ministry", text="240", span=find(TEXT, "240"), sentence_span=find(TEXT, SENTENCE))])])
    with TestClient(create_app(store)) as c:
        yield c
    store.close()


def test_a_figure_comes_with_its_article_and_sentence(client):
    [row] = client.get("/api/figures").json()["items"]
    got = client.get(f"/api/figures/{row['id']}").json()
    assert got["value"] == 240 and got["metric"] == "killed" and got["span"] == list(find(TEXT, "240"))
    assert got["sentence"] == SENTENCE
    assert got["article"] == {"id": row["article_id"], "date": "2023-06-01", "title": "Night of shelling",
                              "source": "Example Wire", "url": None}
    start, end = got["span"]
    assert TEXT[start:end] == "240"


def test_an_unknown_figure_is_404_and_a_bad_id_422(client):
    assert client.get("/api/figures/999999").status_code == 404
    assert client.get("/api/figures/abc").status_code == 422


def test_markercluster_is_served_from_its_package(client):
    js = client.get("/vendor/markercluster/leaflet.markercluster.js")
    assert js.status_code == 200 and "markerClusterGroup" in js.text
    assert client.get("/vendor/markercluster/MarkerCluster.Default.css").status_code == 200
    page = client.get("/").text
    assert "/vendor/markercluster/leaflet.markercluster.js" in page
