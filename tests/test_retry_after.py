"""429 and 503 answers with Retry-After (seconds or an HTTP date) are retried after that wait, for
`ingest URL` (fetch_article) and `watch` (poll_feed); a wait beyond the cap is not made."""
from __future__ import annotations

import time

import pytest

from eventwire.errors import IngestError, RetryLaterError
from eventwire.ingest.feeds import FeedState, poll_feed
from eventwire.ingest.fetch import fetch_article, retry_after_seconds
from eventwire.records import Article
from http_fixtures import FixtureServer, html_page, http_date

FAST = dict(backoff=0.01)
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><guid>w-1</guid><link>http://127.0.0.1/a</link><title>One</title></item></channel></rss>"""


def busy_then_ok(status: int, retry_after, times: list):
    """First answer `status` with Retry-After (a value, or a callable giving one), then the page."""
    def handler(_req):
        times.append(time.monotonic())
        if len(times) == 1:
            value = retry_after() if callable(retry_after) else retry_after
            return status, {"Content-Type": "text/plain", "Retry-After": value}, "busy"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, html_page("Served after waiting")
    return handler


@pytest.fixture
def server():
    with FixtureServer() as srv:
        yield srv


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds_is_waited_for(server, status):
    times: list = []
    server.routes["/busy"] = busy_then_ok(status, "1", times)
    result = fetch_article(server.url("/busy"), retries=2, **FAST)
    assert isinstance(result, Article) and result.title == "Served after waiting"
    assert len(times) == 2 and times[1] - times[0] >= 0.95        # not the 0.01 s backoff


def test_retry_after_as_an_http_date_is_waited_for(server):
    times: list = []
    server.routes["/busy"] = busy_then_ok(503, lambda: http_date(time.time() + 2), times)
    result = fetch_article(server.url("/busy"), retries=2, **FAST)
    assert isinstance(result, Article)
    assert times[1] - times[0] >= 0.95            # the date is whole seconds: between 1 and 2 s from now


def test_a_wait_longer_than_the_cap_is_not_made(server):
    server.routes["/later"] = (429, {"Content-Type": "text/plain", "Retry-After": "3600"}, "come back in an hour")
    started = time.monotonic()
    result = fetch_article(server.url("/later"), retries=3, **FAST)
    assert isinstance(result, RetryLaterError) and isinstance(result, IngestError)
    assert "3600 s" in str(result) and "not retried" in str(result) and "\n" not in str(result)
    assert server.hits("/later") == 1 and time.monotonic() - started < 2
    assert result.retry_at == pytest.approx(time.time() + 3600, abs=30)


@pytest.mark.parametrize("status,value", [(429, "soon"), (503, "-5"), (500, "30")])
def test_unusable_or_unhonoured_retry_after_falls_back_to_the_backoff(server, status, value):
    server.routes["/odd"] = (status, {"Content-Type": "text/plain", "Retry-After": value}, "busy")
    started = time.monotonic()
    result = fetch_article(server.url("/odd"), retries=2, **FAST)
    assert isinstance(result, IngestError) and str(status) in str(result)
    assert server.hits("/odd") == 3 and time.monotonic() - started < 2


def test_retry_after_values():
    now = 1_700_000_000.0
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(http_date(now + 30), now=now) == pytest.approx(30, abs=1)
    assert retry_after_seconds(http_date(now - 30), now=now) == 0.0
    for bad in (None, "", "soon", "-1", "1.5e3"):
        assert retry_after_seconds(bad) is None


def test_watch_waits_out_a_long_retry_after_before_polling_the_feed_again(server, tmp_path):
    server.routes["/feed.xml"] = (503, {"Content-Type": "text/plain", "Retry-After": "3600"}, "maintenance")
    state = FeedState(tmp_path / "state.json")
    [error] = poll_feed(server.url("/feed.xml"), state, **FAST)
    assert isinstance(error, RetryLaterError)
    state.save()
    state = FeedState(tmp_path / "state.json")                     # kept across restarts
    server.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, RSS)
    [skipped] = poll_feed(server.url("/feed.xml"), state, **FAST)
    assert "not polled" in str(skipped) and "Retry-After" in str(skipped)
    assert server.hits("/feed.xml") == 1                           # no request made
    state.feed(server.url("/feed.xml"))["retry_at"] = time.time() - 1
    [item] = poll_feed(server.url("/feed.xml"), state, **FAST)
    assert item.id == "w-1" and "retry_at" not in state.feed(server.url("/feed.xml"))
