"""Feeds: conditional GET, new items only, state across runs, survives down/malformed feeds."""
import json

import pytest
from click.testing import CliRunner

from eventwire.errors import IngestError
from eventwire.ingest.feeds import FeedItem, FeedState, parse_every, poll_feed, watch_once
from http_fixtures import FixtureServer, html_page

FAST = dict(backoff=0.01, retries=1)


def rss(items, base):
    body = "".join(
        f"<item><title>{title}</title><link>{base}/a/{slug}.html</link><guid>{base}/a/{slug}</guid>"
        f"<pubDate>{date}</pubDate><description>About {title}</description></item>"
        for slug, title, date in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fixture</title>'
            f"<link>{base}/</link><description>d</description>{body}</channel></rss>")


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom fixture</title><id>urn:x</id><updated>2023-05-02T00:00:00Z</updated>
<entry><title>Atom one</title><id>urn:atom:1</id><link href="{base}/a/atom1.html"/><updated>2023-05-01T09:00:00Z</updated></entry>
</feed>"""


class FeedServer(FixtureServer):
    """Serves /rss.xml with an ETag that changes when items are added; honours If-None-Match."""

    def __init__(self):
        super().__init__()
        self.items = [("two", "Second story", "Tue, 02 May 2023 10:00:00 GMT"),  # newest first
                      ("one", "First story", "Mon, 01 May 2023 10:00:00 GMT")]
        self.routes["/rss.xml"] = self._rss
        self.routes["/atom.xml"] = lambda _r: (200, {"Content-Type": "application/atom+xml"},
                                               ATOM.format(base=self.url("")))
        self.routes["/malformed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                         "<rss><channel><item><title>broken & <<< not xml")
        self.routes["/notafeed.html"] = (200, {"Content-Type": "text/html"}, "<html><body>hello</body></html>")
        self.routes["/down.xml"] = (500, {"Content-Type": "text/plain"}, "down")
        for slug in ("one", "two", "three", "atom1"):
            self.routes[f"/a/{slug}.html"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                              html_page(f"Story {slug}"))

    def etag(self):
        return f'"v{len(self.items)}"'

    def _rss(self, req):
        if req.headers.get("If-None-Match") == self.etag():
            return 304, {"ETag": self.etag()}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": self.etag(),
                     "Last-Modified": "Tue, 02 May 2023 10:00:00 GMT"}, rss(self.items, self.url(""))


@pytest.fixture()
def server():
    with FeedServer() as srv:
        yield srv


def test_poll_yields_items_then_304_yields_nothing(server, tmp_path):
    state = FeedState(tmp_path / "state.json")
    url = server.url("/rss.xml")
    items = list(poll_feed(url, state, mark=True, **FAST))
    assert [i.title for i in items] == ["First story", "Second story"]  # oldest first
    assert items[0].date == "2023-05-01" and items[0].url.endswith("/a/one.html")
    state.save()
    again = FeedState(tmp_path / "state.json")  # persisted
    assert list(poll_feed(url, again, **FAST)) == []
    last_headers = [h for p, h in server.requests if p == "/rss.xml"][-1]
    assert last_headers.get("If-None-Match") == '"v2"'
    assert last_headers.get("If-Modified-Since") == "Tue, 02 May 2023 10:00:00 GMT"
    assert again.feed(url)["last_status"] == 304


def test_only_new_items_after_the_feed_changes(server, tmp_path):
    state = FeedState(tmp_path / "s.json")
    url = server.url("/rss.xml")
    list(poll_feed(url, state, mark=True, **FAST))
    server.items.insert(0, ("three", "Third story", "Wed, 03 May 2023 10:00:00 GMT"))
    new = list(poll_feed(url, state, mark=True, **FAST))
    assert [i.title for i in new] == ["Third story"]


def test_atom_feed(server):
    items = list(poll_feed(server.url("/atom.xml"), FeedState(), **FAST))
    assert len(items) == 1 and isinstance(items[0], FeedItem)
    assert items[0].id == "urn:atom:1" and items[0].date == "2023-05-01"


@pytest.mark.parametrize("path,words", [("/malformed.xml", "malformed"), ("/notafeed.html", "feed"),
                                        ("/down.xml", "500"), ("/missing.xml", "404")])
def test_bad_feed_gives_one_line_error_and_keeps_state(server, path, words):
    state = FeedState()
    out = list(poll_feed(server.url(path), state, **FAST))
    assert len(out) == 1 and isinstance(out[0], IngestError)
    assert words in str(out[0]) and "\n" not in str(out[0])
    assert state.feed(server.url(path))["etag"] is None


def test_watch_once_ingests_new_items_survives_bad_feeds_and_does_not_repeat(server, tmp_path):
    state_file = tmp_path / "feeds.json"
    got, logged = [], []
    feeds = [server.url("/down.xml"), server.url("/malformed.xml"), server.url("/rss.xml"), server.url("/atom.xml")]
    reports = watch_once(feeds, FeedState(state_file), got.extend, log=logged.append, **FAST)
    lines = [r.line() for r in reports]
    assert "error" in lines[0] and "error: malformed feed" in lines[1]
    assert lines[2].endswith("2 new, 2 ingested, 0 failed") and lines[3].endswith("1 new, 1 ingested, 0 failed")
    assert sorted(a.title for a in got) == ["Atom one", "First story", "Second story"]
    assert {a.date for a in got} >= {"2023-05-01", "2023-05-02"}
    assert all("Russian forces" in a.text for a in got)
    saved = json.loads(state_file.read_text())["feeds"]
    assert len(saved[server.url("/rss.xml")]["seen"]) == 2

    got.clear()
    server.items.insert(0, ("three", "Third story", "Wed, 03 May 2023 10:00:00 GMT"))
    reports = watch_once(feeds, FeedState(state_file), got.extend, **FAST)
    assert [a.title for a in got] == ["Third story"]
    assert reports[3].line().endswith("not modified") or reports[3].new == 0


def test_item_whose_page_fails_is_retried_next_poll(server, tmp_path):
    server.routes["/a/two.html"] = (503, {}, "busy")
    state = FeedState(tmp_path / "s.json")
    got, logged = [], []
    (report,) = watch_once([server.url("/rss.xml")], state, got.extend, log=logged.append, **FAST)
    assert report.ingested == 1 and report.errors == 1 and any("503" in line for line in logged)
    server.routes["/a/two.html"] = (200, {"Content-Type": "text/html"}, html_page("Story two"))
    server.items.insert(0, ("three", "Third story", "Wed, 03 May 2023 10:00:00 GMT"))
    got.clear()
    watch_once([server.url("/rss.xml")], state, got.extend, **FAST)
    assert sorted(a.title for a in got) == ["Second story", "Third story"]


def test_parse_every():
    assert parse_every("15m") == 900 and parse_every("30s") == 30 and parse_every("1h30m") == 5400
    assert parse_every("120") == 120
    with pytest.raises(ValueError):
        parse_every("soon")


def test_watch_command_once_logs_and_stores(server, tmp_path, monkeypatch):
    import eventwire.store as store_mod
    from eventwire.scale.commands import watch

    added = []

    class FakeStore:
        def add(self, extractions):
            added.extend(extractions)

    monkeypatch.setattr(store_mod.Store, "open", classmethod(lambda cls, url, *a, **k: FakeStore()))
    db = tmp_path / "w.db"
    result = CliRunner().invoke(watch, [server.url("/rss.xml"), server.url("/down.xml"), "--once",
                                        "--db", str(db), "--timeout", "5"])
    assert result.exit_code == 0, result.output
    assert "2 new, 2 ingested" in result.output and "down.xml: error" in result.output
    assert sorted(e.article.title for e in added) == ["First story", "Second story"]
    assert (tmp_path / "w.db.feeds.json").exists()


def test_failed_item_is_retried_even_when_the_feed_answers_not_modified(server, tmp_path):
    server.routes["/a/two.html"] = (503, {}, "busy")
    state_file = tmp_path / "s.json"
    got = []
    (report,) = watch_once([server.url("/rss.xml")], FeedState(state_file), got.extend, **FAST)
    assert report.errors == 1
    saved = json.loads(state_file.read_text())["feeds"][server.url("/rss.xml")]
    assert [f["id"] for f in saved["failed"]] == [server.url("/a/two")]          # kept in the state file
    server.routes["/a/two.html"] = (200, {"Content-Type": "text/html"}, html_page("Story two"))
    got.clear()
    (report,) = watch_once([server.url("/rss.xml")], FeedState(state_file), got.extend, **FAST)
    assert report.not_modified and [a.title for a in got] == ["Second story"]     # 304, and still retried
    saved = json.loads(state_file.read_text())["feeds"][server.url("/rss.xml")]
    assert saved["failed"] == [] and server.url("/a/two") in saved["seen"]
    got.clear()
    watch_once([server.url("/rss.xml")], FeedState(state_file), got.extend, **FAST)
    assert got == []                                                              # and only once


def test_an_item_whose_page_keeps_failing_is_given_up_after_max_tries(server, tmp_path):
    from eventwire.ingest.feeds import MAX_TRIES

    server.routes["/a/two.html"] = (404, {}, "gone")
    state, logged = FeedState(tmp_path / "s.json"), []
    for _ in range(MAX_TRIES + 2):
        watch_once([server.url("/rss.xml")], state, lambda articles: None, log=logged.append, **FAST)
    assert sum("404" in line for line in logged) == MAX_TRIES and "gave up" in logged[-1]


def test_an_item_without_a_link_is_logged_once(server, tmp_path):
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            "<item><title>No link here</title><guid isPermaLink=\"false\">urn:nolink</guid></item>"
            "<item><title>Neither link nor id</title></item>"
            f"<item><title>First story</title><link>{server.url('/a/one.html')}</link></item></channel></rss>")
    server.routes["/nolink.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed)
    state, got, logged = FeedState(tmp_path / "s.json"), [], []
    (report,) = watch_once([server.url("/nolink.xml")], state, got.extend, log=logged.append, **FAST)
    assert report.ingested == 1 and report.errors == 2
    assert any("'urn:nolink' has no link" in line for line in logged)
    assert any("'Neither link nor id'" in line for line in logged)
    logged.clear()
    watch_once([server.url("/nolink.xml")], state, got.extend, log=logged.append, **FAST)
    assert not any("urn:nolink" in line for line in logged)                       # logged once, not every poll


@pytest.mark.parametrize("feeds,status", [(["/down.xml", "/malformed.xml"], 1), (["/down.xml", "/rss.xml"], 0)])
def test_watch_once_exits_1_when_every_feed_failed(server, tmp_path, monkeypatch, feeds, status):
    import eventwire.store as store_mod
    from eventwire.scale.commands import watch

    class FakeStore:
        def add(self, extractions):
            pass

    monkeypatch.setattr(store_mod.Store, "open", classmethod(lambda cls, url, *a, **k: FakeStore()))
    monkeypatch.setattr("eventwire.pipeline.extract_articles", lambda articles, **kw: [])
    result = CliRunner().invoke(watch, [server.url(f) for f in feeds] + ["--once", "--db", str(tmp_path / "w.db"),
                                                                        "--state", str(tmp_path / "s.json")])
    assert result.exit_code == status, result.output


def test_watch_once_exits_1_when_every_item_failed(server, tmp_path, monkeypatch):
    import eventwire.store as store_mod
    from eventwire.scale.commands import watch

    monkeypatch.setattr(store_mod.Store, "open", classmethod(lambda cls, url, *a, **k: object()))
    for slug in ("one", "two"):
        server.routes[f"/a/{slug}.html"] = (500, {}, "down")
    result = CliRunner().invoke(watch, [server.url("/rss.xml"), "--once", "--db", str(tmp_path / "w.db"),
                                        "--state", str(tmp_path / "s.json"), "--timeout", "2"])
    assert result.exit_code == 1, result.output
    assert "2 new, 0 ingested, 2 failed" in result.output
