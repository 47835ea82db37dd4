"""Poll RSS/Atom feeds with conditional GET and yield only items not seen before.

State (per feed: ETag, Last-Modified, the ids of items already taken, the
items whose page failed, and the time a 429/503 ``Retry-After`` longer than
the fetcher waits asked for) lives in a small JSON file, rewritten atomically
after each poll.  A feed that is down, answers 5xx, or is malformed gives one
IngestError and the poll of the other feeds goes on; its state is left as it
was.  An item whose page failed is kept in the state and tried again at the
next poll, even when the feed answers "not modified", up to ``MAX_TRIES`` times.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

import httpx

from eventwire.errors import IngestError, RetryLaterError
from eventwire.ingest.fetch import DEFAULT_MAX_BYTES, DEFAULT_RETRIES, fetch_bytes, make_client

MAX_SEEN = 5000  # ids kept per feed (oldest forgotten first)
MAX_TRIES = 5    # polls an item whose page keeps failing is tried at


@dataclass
class FeedItem:
    feed: str
    id: str                        # the entry's guid, else its link
    url: Optional[str]
    title: Optional[str] = None
    date: Optional[str] = None     # YYYY-MM-DD from published/updated
    summary: Optional[str] = None


class FeedState:
    """Per-feed conditional-GET validators and seen item ids, in a JSON file (or in memory)."""

    def __init__(self, path: Optional[Union[str, Path]] = None):
        self.path = Path(path) if path else None
        self.feeds: dict[str, dict] = {}
        if self.path and self.path.exists():
            try:
                self.feeds = json.loads(self.path.read_text()).get("feeds", {})
            except (OSError, ValueError):
                self.feeds = {}

    def feed(self, url: str) -> dict:
        return self.feeds.setdefault(url, {"etag": None, "modified": None, "seen": []})

    def seen(self, url: str, item_id: str) -> bool:
        return item_id in self.feed(url)["seen"]

    def mark_seen(self, url: str, item_id: str) -> None:
        seen = self.feed(url)["seen"]
        if item_id not in seen:
            seen.append(item_id)
            del seen[:-MAX_SEEN]
        self.feed(url)["failed"] = [f for f in self.failed(url) if f["id"] != item_id]

    def failed(self, url: str) -> list[dict]:
        """Items whose page failed, to try again: {"id", "url", "title", "date", "summary", "tries"}."""
        return self.feed(url).setdefault("failed", [])

    def mark_failed(self, url: str, item: "FeedItem") -> bool:
        """Keep ``item`` for the next poll; False (and forgotten) once it has failed ``MAX_TRIES`` times."""
        failed = self.failed(url)
        entry = next((f for f in failed if f["id"] == item.id), None)
        if entry is None:
            entry = {"id": item.id, "url": item.url, "title": item.title, "date": item.date,
                     "summary": item.summary, "tries": 0}
            failed.append(entry)
            del failed[:-MAX_SEEN]
        entry["tries"] += 1
        if entry["tries"] >= MAX_TRIES:
            self.mark_seen(url, item.id)
            return False
        return True

    def save(self) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            json.dump({"feeds": self.feeds}, fh, indent=1)
        os.replace(tmp, self.path)


def _entry_date(entry) -> Optional[str]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return _dt.datetime.fromtimestamp(calendar.timegm(value), _dt.timezone.utc).date().isoformat()
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def poll_feed(url: str, state: FeedState, client: Optional[httpx.Client] = None, retries: int = DEFAULT_RETRIES,
              max_bytes: int = DEFAULT_MAX_BYTES, backoff: float = 0.5, mark: bool = False,
              timeout: float = 20.0) -> Iterator[Union[FeedItem, IngestError]]:
    """New items of one feed (oldest first), or one IngestError when the feed can't be read.

    A 304 Not Modified yields nothing.  Items are *not* marked seen unless
    ``mark`` is true: call ``state.mark_seen(item.feed, item.id)`` once an item
    has been ingested, so that one that failed is tried again next poll.
    The feed's new ETag / Last-Modified are recorded in ``state`` (call
    ``state.save()``).
    """
    import feedparser

    info = state.feed(url)
    retry_at = info.get("retry_at")
    if isinstance(retry_at, (int, float)) and time.time() < retry_at:
        yield IngestError(url, "not polled: the server asked (Retry-After) to wait until "
                               + time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(retry_at)))
        return
    own = client is None
    client = client or make_client(timeout=timeout)
    headers = {}
    if info.get("etag"):
        headers["If-None-Match"] = info["etag"]
    if info.get("modified"):
        headers["If-Modified-Since"] = info["modified"]
    try:
        fetched = fetch_bytes(client, url, retries=retries, max_bytes=max_bytes, backoff=backoff,
                              headers=headers, ok_status=(200, 304))
    except IngestError as exc:
        info["last_error"] = exc.reason
        info["last_status"] = None
        if isinstance(exc, RetryLaterError):
            info["retry_at"] = exc.retry_at      # the next polls wait until then
        yield exc
        return
    finally:
        if own:
            client.close()
    info.pop("retry_at", None)
    info["last_polled"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    info["last_status"] = fetched.status
    retry = [FeedItem(feed=url, id=f["id"], url=f.get("url"), title=f.get("title"), date=f.get("date"),
                      summary=f.get("summary")) for f in state.failed(url)]
    if fetched.status == 304:
        info["last_error"] = None
        yield from retry           # the feed has not changed, but pages that failed are tried again
        return
    parsed = feedparser.parse(fetched.body, response_headers={k.lower(): v for k, v in fetched.headers.items()})
    usable = [e for e in parsed.entries if e.get("id") or e.get("link")]
    if parsed.get("bozo") and not usable:
        reason = parsed.get("bozo_exception")
        detail = str(reason).strip().splitlines()[0] if reason and str(reason).strip() else "not RSS/Atom"
        info["last_error"] = f"malformed feed: {detail}"
        yield IngestError(url, info["last_error"])
        return
    if not parsed.get("version") and not parsed.entries:
        info["last_error"] = "not an RSS/Atom feed"
        yield IngestError(url, info["last_error"])
        return
    info["etag"] = fetched.headers.get("ETag") or None
    info["modified"] = fetched.headers.get("Last-Modified") or None
    info["last_error"] = None
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        item_id = entry.get("id") or link
        if item_id and state.seen(url, item_id):
            continue
        # an entry with neither id nor link comes as an item with id "" (the caller logs it)
        items.append(FeedItem(feed=url, id=item_id or "", url=link, title=entry.get("title"),
                              date=_entry_date(entry), summary=entry.get("summary")))
    items.reverse()  # feeds usually list newest first; ingest oldest first
    if all(item.date for item in items):
        items.sort(key=lambda item: item.date)  # stable: same-day items keep the order above
    listed = {item.id for item in items}
    items = [item for item in retry if item.id not in listed] + items
    for item in items:
        if mark:
            state.mark_seen(url, item.id)
        yield item


@dataclass
class PollReport:
    feed: str
    new: int = 0
    ingested: int = 0
    errors: int = 0
    not_modified: bool = False
    error: Optional[str] = None

    @property
    def failed(self) -> bool:
        """The feed could not be read, or every item it had failed."""
        return bool(self.error) or (self.errors > 0 and self.ingested == 0)

    def line(self) -> str:
        if self.error:
            return f"{self.feed}: error: {self.error}"
        if self.not_modified and not self.new:
            return f"{self.feed}: not modified"
        return f"{self.feed}: {self.new} new, {self.ingested} ingested, {self.errors} failed"


def watch_once(feeds: list[str], state: FeedState, sink, client: Optional[httpx.Client] = None,
               retries: int = DEFAULT_RETRIES, max_bytes: int = DEFAULT_MAX_BYTES, backoff: float = 0.5,
               log=None) -> list[PollReport]:
    """Poll each feed once, fetch each new item's page, hand the Articles to ``sink(list)``.

    ``sink`` takes a list of Articles (e.g. extract and store them); an item
    is marked seen once its page became an Article and ``sink`` returned, and
    one whose page failed is kept in the state and tried again at the next poll.
    ``log`` gets one line per failed item (one without a link included).
    State is saved after each feed.
    """
    from eventwire.ingest.fetch import fetch_article

    own = client is None
    client = client or make_client()
    reports = []
    try:
        for feed in feeds:
            report = PollReport(feed)
            items = []
            for item in poll_feed(feed, state, client=client, retries=retries, max_bytes=max_bytes, backoff=backoff):
                if isinstance(item, IngestError):
                    report.error = item.reason
                    continue
                items.append(item)
            report.new = len(items)
            report.not_modified = not report.error and state.feed(feed).get("last_status") == 304
            articles, taken = [], []
            for item in items:
                if not item.url:
                    report.errors += 1
                    if log:
                        what = repr(item.id) if item.id else f"titled {item.title!r} (no id either)"
                        log(f"error: {feed}: item {what} has no link: skipped")
                    if item.id:
                        state.mark_seen(feed, item.id)    # nothing to fetch, now or later
                    continue
                result = fetch_article(item.url, client, retries=retries, max_bytes=max_bytes, date=item.date,
                                       title=item.title, backoff=backoff)
                if isinstance(result, IngestError):
                    report.errors += 1
                    again = state.mark_failed(feed, item)
                    if log:
                        log(f"error: {result}" + ("" if again else f" (gave up after {MAX_TRIES} tries)"))
                    continue
                articles.append(result)
                taken.append(item)
            if articles:
                sink(articles)
                report.ingested = len(articles)
            for item in taken:
                state.mark_seen(feed, item.id)
            state.save()
            reports.append(report)
    finally:
        if own:
            client.close()
    return reports


def parse_every(value: str) -> float:
    """'15m', '30s', '1h', '1h30m' or plain seconds to seconds."""
    import re

    value = value.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", value)
    if not parts or "".join(n + u for n, u in parts) != value.replace(" ", ""):
        raise ValueError(f"bad interval {value!r} (use e.g. 30s, 15m, 1h)")
    return sum(float(n) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[u] for n, u in parts)
