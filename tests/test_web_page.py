"""The web page in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

What an analyst sees is checked against the API: the header's counts in words, the map fitted
to every marker and clustered (Leaflet.markercluster) when zoomed out, events as sentences, and
one chart per claim series whose points are the API's series, the evidence one click away.

The app runs under uvicorn on 127.0.0.1 over a database of the dev articles (real extraction)
plus one invented hostile article.  Screenshots of each view go to .artifacts/.
"""
from __future__ import annotations

import os
import shutil
from collections import Counter
import socket
import threading
import time
from pathlib import Path

import pytest

import apidata
from services import service_missing

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / ".artifacts"
CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from eventwire.api import create_app

    db = apidata.build_db(str(tmp_path_factory.mktemp("web") / "eventwire.db"))
    app = create_app(db)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline and thread.is_alive():
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        service_missing(f"Chromium not installed at {CHROMIUM} (scripts/test-services.sh installs Debian's chromium)")
    from playwright.sync_api import sync_playwright   # a test dependency of the project: installed by make setup

    pw = sync_playwright().start()
    try:
        # Playwright gives each launch a fresh, empty profile (user data dir) of its own.
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
    except Exception as exc:  # pragma: no cover - depends on the machine
        pw.stop()
        service_missing(f"Chromium did not start: {str(exc).splitlines()[0]}")
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    p = context.new_page()
    p.dialogs = []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    p.console_errors = []
    p.on("pageerror", lambda e: p.console_errors.append(str(e)))
    p.goto(server + "/")
    p.wait_for_selector("body[data-ready='1']", timeout=20000)
    yield p
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"screenshot-{name}.png"), full_page=False)


def _dev_located_places() -> set[str]:
    return {p.name for x in apidata.extractions()[:-1] for p in x.places if p.lat is not None}


def test_map_shows_markers_for_the_dev_articles(page):
    markers = page.locator("#map .ew-marker, #map .marker-cluster")
    assert markers.count() > 0
    shown = set(page.evaluate("window.eventwire.places.map(function (p) { return p.name; })"))
    dev = _dev_located_places()
    assert dev, "the place extractor gave no coordinates for any dev article"
    assert dev & shown, f"no dev-article place among the map's places {sorted(shown)[:10]}"
    # every located place and event is on the map, in a marker or counted in a cluster
    on_map = page.evaluate("window.eventwire.clusters.entries().length")
    assert on_map >= len(shown)
    assert page.locator("#timeline rect[data-type]").count() > 0
    shot(page, "map")


def _open_first_evidence(page) -> None:
    """Click markers (zooming into clusters) until a popup offers evidence; follow it."""
    for _ in range(12):
        single = page.locator("#map .ew-marker")
        if single.count():
            single.first.click()
        else:
            page.locator("#map .marker-cluster").first.click()
            page.wait_for_timeout(400)
            if not page.locator(".leaflet-popup").count():
                continue
        link = page.locator(".leaflet-popup a.evidence").first
        try:
            link.wait_for(timeout=5000)
        except Exception:
            continue
        shot(page, "map-popup")
        link.click()
        return
    raise AssertionError("no marker popup offered a link to the evidence")


def test_clicking_a_marker_opens_the_article_view_with_highlights(page):
    _open_first_evidence(page)
    page.wait_for_selector("#article-text mark.hl", timeout=10000)
    assert page.locator("#view-article").is_visible()
    marks = page.locator("#article-text mark.hl")
    assert marks.count() > 0
    kinds = set(" ".join(page.eval_on_selector_all("#article-text mark.hl", "ms => ms.map(m => m.dataset.kinds)")).split())
    assert kinds & {"place", "event"}, kinds
    # hovering shows the coded record
    assert marks.first.get_attribute("title")
    # the article text is the stored text, whole
    article_id = page.evaluate("decodeURIComponent(location.hash.split('/')[2].split('?')[0])")
    text = next(x.article.text for x in apidata.extractions() if x.article.id == article_id)
    assert page.locator("#article-text").text_content() == text
    shot(page, "article")


def test_timeline_brush_filters_the_map_and_the_lists(page):
    all_events = page.locator("#event-list li[data-date]").count()
    all_markers = page.evaluate("window.eventwire.clusters.entries().length")
    days = sorted(set(page.eval_on_selector_all("#timeline rect[data-date]", "rs => rs.map(r => r.dataset.date)")))
    assert len(days) >= 2, days
    first = days[0]
    box = page.locator("#timeline").bounding_box()
    width = page.evaluate("window.eventwire.timeline.width")
    x = page.evaluate(f"window.eventwire.timeline.xForDate('{first}')") * box["width"] / width
    page.mouse.move(box["x"] + max(1, x - 12), box["y"] + 30)
    page.mouse.down()
    page.mouse.move(box["x"] + x + 6, box["y"] + 40, steps=5)
    page.mouse.up()
    page.wait_for_function("document.getElementById('range-label').textContent.startsWith('Dates')")
    since, until = page.evaluate("window.eventwire.range")
    assert since <= first <= until
    dates = page.eval_on_selector_all("#event-list li[data-date]", "ls => ls.map(l => l.dataset.date)")
    assert dates and all(since <= d[:10] <= until for d in dates), (since, until, dates)
    assert len(dates) < all_events
    assert page.evaluate("window.eventwire.clusters.entries().length") < all_markers
    page.wait_for_function("document.querySelectorAll('#article-list li[data-date]').length > 0")
    art_dates = page.eval_on_selector_all("#article-list li[data-date]", "ls => ls.map(l => l.dataset.date)")
    assert all(since <= d <= until for d in art_dates), art_dates
    shot(page, "timeline-brushed")
    page.click("#clear-range")
    page.wait_for_function(f"document.querySelectorAll('#event-list li[data-date]').length === {all_events}")


INJECTED = ("#view-article script, #view-article img, #view-article svg[onload], [onerror], [onmouseover], "
            "[onclick], [onload], a[href^='javascript']")


def test_hostile_article_renders_inert(page, server):
    hostile_id = apidata.HOSTILE.id
    page.goto(f"{server}/#/article/{hostile_id}")
    page.wait_for_selector("#article-text mark.hl")
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator(INJECTED).count() == 0
    body = page.locator("#article-text")
    assert body.is_visible()
    assert body.text_content() == apidata.HOSTILE_TEXT
    assert '<script>alert("xss-script")</script>' in body.inner_text()
    assert page.locator("#article-title").text_content() == apidata.HOSTILE.title
    assert page.get_by_text('javascript:alert("url")').count() == 1          # shown as text, not a link
    assert page.locator("a[href*='alert']").count() == 0
    titles = " ".join(page.eval_on_selector_all("#article-text mark.hl", "ms => ms.map(m => m.title)"))
    assert apidata.HOSTILE_PERSON in titles and apidata.HOSTILE_PLACE in titles
    shot(page, "hostile-article")

    # the hostile place's map popup, the search results and the entity page are inert too
    page.goto(f"{server}/#/search?q=Hostileton")
    page.wait_for_selector("#search-results li")
    assert "<script>" in page.locator("#search-results").inner_text()
    entity_id = page.evaluate(
        "fetch('/api/entities?name=Petrov').then(r => r.json()).then(d => d.items[0].id)")
    page.goto(f"{server}/#/entity/{entity_id}")
    page.wait_for_selector("#entity-name")
    assert apidata.HOSTILE_PERSON in page.locator("#entity-name").text_content()
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.locator(INJECTED).count() == 0
    assert page.console_errors == []


def test_entity_page_shows_aliases_articles_events_and_quotes(page, server):
    rows = page.evaluate("fetch('/api/entities?limit=1').then(r => r.json()).then(d => d.items)")
    assert rows
    page.goto(f"{server}/#/entity/{rows[0]['id']}")
    page.wait_for_selector("#entity-name")
    text = page.locator("#view-entity").inner_text()
    for heading in ("Aliases", "Articles", "Events", "Quotes"):
        assert heading in text
    assert rows[0]["name"] in page.locator("#entity-name").text_content()
    shot(page, "entity")


def test_figures_view_charts_a_claim_series(page, server):
    page.goto(f"{server}/#/figures?metric=killed")
    page.wait_for_selector("#claims-table table, #claims-table .empty")
    rows = page.evaluate("fetch('/api/claims?metric=killed').then(r => r.json())")
    assert rows, "no 'killed' figures stored"
    assert page.locator("#claims-charts circle.point").count() >= 1
    assert page.locator("#claims-table tr").count() == 1 + sum(max(1, len(r.get("values") or [])) for r in rows)
    shot(page, "figures")


def test_full_text_search_lists_matching_articles(page, server):
    page.fill("#search-input", "Hostileton")
    page.press("#search-input", "Enter")
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-results li a").count() == 1
    assert page.locator("#search-results mark").count() >= 1      # the hit is highlighted
    shot(page, "search")


def test_brief_view_lists_stories_linked_to_highlighted_evidence(page, server):
    day = "2022-08-17"
    brief = page.evaluate(f"fetch('/api/brief?date={day}').then(r => r.json())")
    assert brief["stories"], f"no stories in the brief for {day}"
    page.click("nav a[data-view='brief']")                      # the nav link opens the latest day
    page.wait_for_selector("#brief-stories li")
    latest = page.evaluate("fetch('/api/brief').then(r => r.json()).then(b => b.period.date)")
    assert page.locator("#brief-date").input_value() == latest
    page.fill("#brief-date", day)                               # the date picker moves to the chosen day
    page.locator("#brief-date").dispatch_event("change")
    page.wait_for_function(f"location.hash.indexOf('date={day}') >= 0")
    page.wait_for_selector("#brief-stories li.story")
    assert page.locator("#brief-date").input_value() == day
    stories = page.locator("#brief-stories li.story")
    assert stories.count() == len(brief["stories"]) >= 1
    lead = brief["stories"][0]["lead"]
    first = stories.first
    assert " ".join(lead["text"].split()) == first.locator(".lead-text").text_content()
    assert page.locator("#brief-figures table tr").count() == 1 + len(brief["figures"])
    assert page.locator("#brief-figures tr.conflict").count() == sum(1 for x in brief["figures"] if x["conflict"])
    # every link in the view stays in the page (article view) and nothing is injected
    hrefs = page.eval_on_selector_all("#view-brief a", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("#/article/") for h in hrefs), hrefs
    shot(page, "brief")

    first.locator("a.lead-link").click()
    page.wait_for_selector("#article-text mark.hl-target")
    assert page.locator("#view-article").is_visible()
    article_id = page.evaluate("decodeURIComponent(location.hash.split('/')[2].split('?')[0])")
    assert article_id == lead["article_id"]
    text = next(x.article.text for x in apidata.extractions() if x.article.id == article_id)
    start, end = lead["span"]
    marked = "".join(page.eval_on_selector_all("#article-text mark.hl-target", "ms => ms.map(m => m.textContent)"))
    assert marked == text[start:end]
    assert " ".join(marked.split()) == " ".join(lead["text"].split())
    assert page.locator("#article-text mark.hl-target").first.is_visible()
    assert page.locator("#article-text").text_content() == text   # the highlight leaves the text whole
    shot(page, "brief-evidence")
    assert page.console_errors == []


# -- what the analyst reads: header, map, events, figures -----------------------------------------------
STAT_WORDS = [("articles", "article", "articles"), ("people", "person", "people"),
              ("organizations", "organization", "organizations"),
              ("places_with_coordinates", "place on the map", "places on the map"), ("events", "event", "events")]


def test_header_counts_read_as_words_without_internal_keys(page):
    stats = page.evaluate("fetch('/api/stats').then(r => r.json())")
    page.wait_for_function("document.getElementById('stats').textContent.length > 0")
    header = page.locator("#stats").text_content()
    expected = " \u00b7 ".join(f"{stats[k]:,} {one if stats[k] == 1 else many}" for k, one, many in STAT_WORDS)
    assert header == expected
    assert "_" not in header and "events_per_article" not in header and "non" not in header


def test_map_opens_fitted_to_the_bounds_of_every_marker(page):
    fit = page.evaluate("""() => {
        const map = window.eventwire.map, entries = window.eventwire.clusters.entries();
        const view = map.getBounds(), all = L.latLngBounds(entries.map(e => e.latlng));
        return {n: entries.length, outside: entries.filter(e => !view.contains(e.latlng)).length,
                zoom: map.getZoom(), needed: Math.min(map.getBoundsZoom(all, false, L.point(48, 48)), 9)};
    }""")
    assert fit["n"] > 0 and fit["outside"] == 0, fit
    assert fit["zoom"] == fit["needed"], fit          # as close as the markers allow, not the world view


def test_markers_cluster_when_zoomed_out_and_every_marker_is_counted(page):
    page.evaluate("window.eventwire.map.setZoom(2, {animate: false})")
    page.wait_for_function("window.eventwire.map.getZoom() === 2 && document.querySelectorAll('#map .marker-cluster').length > 0")
    page.wait_for_timeout(300)
    clustered = page.eval_on_selector_all("#map .marker-cluster", "cs => cs.map(c => parseInt(c.textContent, 10))")
    singles = page.locator("#map .ew-marker").count()
    entries = page.evaluate("window.eventwire.clusters.entries().length")
    assert clustered and max(clustered) > 1
    assert sum(clustered) + singles == entries
    assert singles + len(clustered) < entries                   # fewer things on the map than markers
    shot(page, "map-clustered")


def _event_sentence(ev: dict) -> str:
    sentence = f"{ev['source_name'] or 'unknown'} ({ev['type']}) \u2192 {ev['target_name'] or 'unknown'}"
    if ev["place"]:
        sentence += f", at {ev['place']}"
    return sentence + f", {ev['date'] or 'date unknown'}"


def test_events_in_the_list_read_as_sentences(page):
    events = page.evaluate("window.eventwire.events")
    expected = [_event_sentence(ev) for ev in events]
    shown = page.eval_on_selector_all("#event-list .event-sentence", "ss => ss.map(s => s.textContent)")
    assert shown and not Counter(shown) - Counter(expected)             # each one an API event, as a sentence
    assert len(shown) == min(300, len(expected))
    assert not any(" ? " in s or s.startswith("? ") for s in shown)


def _api_series(rows: list[dict]) -> list[list[tuple]]:
    series: dict = {}
    for r in rows:
        points = series.setdefault((r["source"] or "", r["object"] or ""), [])
        points.extend((r["date"], float(v)) for v in (r["values"] or [r["value"]]))
    return list(series.values())


def test_figures_view_has_a_chart_per_claim_series_with_the_api_points(page, server):
    page.goto(f"{server}/#/figures?metric=killed")
    page.wait_for_selector("#claims-charts figure.claims-series")
    rows = page.evaluate("fetch('/api/claims?metric=killed').then(r => r.json())")
    expected = _api_series(rows)
    charts = page.eval_on_selector_all("#claims-charts figure.claims-series", """fs => fs.map(f =>
        Array.from(f.querySelectorAll('circle.point')).map(c => [c.dataset.date, parseFloat(c.dataset.value)]))""")
    assert [[tuple(p) for p in chart] for chart in charts] == expected
    rings = page.locator("#claims-charts circle.conflict").count()
    assert rings == sum(len(r["values"]) for r in rows if r["conflict"])


def test_a_chart_point_opens_its_evidence_article_and_sentence(page, server):
    page.goto(f"{server}/#/figures?metric=killed")
    point = page.locator("#claims-charts circle.point").first
    point.wait_for()
    date, value = point.get_attribute("data-date"), float(point.get_attribute("data-value"))
    point.dispatch_event("click")
    page.wait_for_selector("#claim-evidence-list li.claim-evidence")
    item = page.locator("#claim-evidence-list li.claim-evidence").first
    link = item.locator("a.evidence")
    article_id = link.get_attribute("href").split("/")[2].split("?")[0]
    text = next(x.article.text for x in apidata.extractions() if x.article.id == article_id)
    sentence = item.locator("blockquote").text_content()
    marked = item.locator("blockquote mark").text_content()
    assert sentence and sentence in text and marked in sentence
    figure = next(q for x in apidata.extractions() if x.article.id == article_id for q in x.quantities
                  if q.value == value and text[q.span[0]:q.span[1]] == marked)
    assert figure.metric == "killed" and date in page.locator("#claim-evidence-title").text_content()
    link.click()                                                   # the second click: the article, highlighted
    page.wait_for_selector("#article-text mark.hl-target")
    assert "".join(page.eval_on_selector_all("#article-text mark.hl-target", "ms => ms.map(m => m.textContent)")) == marked
    assert page.console_errors == []
