"""Fetch web pages and turn them into Articles (main text via trafilatura).

``fetch_articles(urls)`` yields one Article or one IngestError per URL, never
raises for a bad page: timeouts, retries with exponential backoff on
connection errors and 5xx/429 answers (waiting as long as a 429's or 503's
``Retry-After`` asks, up to ``fetch_max_retry_after``), a redirect limit, a size limit
enforced while streaming, a ``User-Agent: eventwire/<version>`` header, and
and the body decoded by :func:`eventwire.ingest.encoding.decode` (UTF-8, else the
charset of the Content-Type header or the page's ``<meta>``, else a checked guess).
"""
from __future__ import annotations

import datetime as _dt
import email.utils
import re
import time
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union
from urllib.parse import urlsplit

import httpx

from eventwire import __version__
from eventwire.config import limits
from eventwire.errors import IngestError, RetryLaterError
from eventwire.ingest.encoding import Decoded, decode
from eventwire.ingest.html import meta_charset
from eventwire.records import Article

USER_AGENT = f"eventwire/{__version__} (+https://github.com/eventwire/eventwire)"
_LIMITS = limits(strict=False)                          # eventwire.config: $EVENTWIRE_FETCH_TIMEOUT, ..._RETRIES, ..._MAX_BYTES
DEFAULT_TIMEOUT = _LIMITS.fetch_timeout          # 20 s
DEFAULT_RETRIES = _LIMITS.fetch_retries          # 2
DEFAULT_MAX_RETRY_AFTER = _LIMITS.fetch_max_retry_after   # 120 s
DEFAULT_MAX_BYTES = _LIMITS.fetch_max_bytes      # 5 MiB
DEFAULT_MAX_REDIRECTS = 5
RETRY_STATUS = {429, 500, 502, 503, 504}
RETRY_AFTER_STATUS = {429, 503}    # the answers whose Retry-After header we honour (RFC 9110 10.2.3)
MIN_TEXT_CHARS = 40  # less main text than this is a navigation or error page, not an article

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


@dataclass
class Fetched:
    url: str            # final URL after redirects
    status: int
    headers: httpx.Headers
    body: bytes


def make_client(timeout: float = DEFAULT_TIMEOUT, user_agent: Optional[str] = None,
                max_redirects: int = DEFAULT_MAX_REDIRECTS) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=max_redirects,
        headers={"User-Agent": user_agent or USER_AGENT,
                 "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"},
    )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text and text[0] else type(exc).__name__


def retry_after_seconds(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """The wait a ``Retry-After`` header asks for: delta-seconds or an HTTP date (0 if past); None if unusable."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def fetch_bytes(client: httpx.Client, url: str, retries: int = DEFAULT_RETRIES,
                max_bytes: int = DEFAULT_MAX_BYTES, backoff: float = 0.5,
                headers: Optional[dict] = None, ok_status: Iterable[int] = (200,),
                max_retry_after: float = DEFAULT_MAX_RETRY_AFTER) -> Fetched:
    """GET ``url`` with retries and a streaming size limit; raises IngestError (one line).

    A 429 or 503 with ``Retry-After`` is retried after that wait instead of the backoff; a
    wait longer than ``max_retry_after`` seconds is not made: RetryLaterError, with ``retry_at``.
    """
    ok_status = set(ok_status)
    attempt = 0
    while True:
        try:
            with client.stream("GET", url, headers=headers) as response:
                if response.status_code in RETRY_STATUS and attempt < retries:
                    wait = None
                    if response.status_code in RETRY_AFTER_STATUS:
                        wait = retry_after_seconds(response.headers.get("Retry-After"))
                        if wait is not None and wait > max_retry_after:
                            raise RetryLaterError(
                                url, f"HTTP {response.status_code}: the server asks to retry after {wait:.0f} s, "
                                     f"longer than the {max_retry_after:g} s waited for (not retried)",
                                time.time() + wait)
                    raise _Retry(f"HTTP {response.status_code}", wait)
                if response.status_code not in ok_status:
                    raise IngestError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise IngestError(url, f"too large ({int(declared)} bytes > limit {max_bytes})")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise IngestError(url, f"too large (over limit {max_bytes} bytes)")
                    chunks.append(chunk)
                return Fetched(str(response.url), response.status_code, response.headers, b"".join(chunks))
        except httpx.TooManyRedirects:
            raise IngestError(url, "too many redirects (redirect loop?)") from None
        except (httpx.TransportError, _Retry) as exc:
            if attempt >= retries:
                what = "timed out" if isinstance(exc, httpx.TimeoutException) else _one_line(exc)
                raise IngestError(url, f"{what} (after {attempt + 1} attempts)") from None
            wait = getattr(exc, "wait", None)
            time.sleep(wait if wait is not None else backoff * (2 ** attempt))
            attempt += 1
        except httpx.HTTPError as exc:
            raise IngestError(url, _one_line(exc)) from None


class _Retry(Exception):
    def __init__(self, message: str, wait: Optional[float] = None):
        super().__init__(message)
        self.wait = wait          # seconds the server asked for (Retry-After), else None: back off


def decode_body(body: bytes, content_type: str = "", origin: str = "page") -> Decoded:
    """A page's bytes to text: UTF-8, else the charset of the header, else of its <meta>, else a checked guess."""
    match = _HEADER_CHARSET.search(content_type or "")
    return decode(body, origin, declared=match.group(1) if match else meta_charset(body))


def _http_date(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def article_from_page(fetched: Fetched, origin: str, date: Optional[str] = None,
                      title: Optional[str] = None) -> Article:
    """The page's main text as an Article (raises IngestError when there is none).

    HTML goes through the HTML reader (trafilatura, markup stripped, length
    limit); the page's own date wins, else ``date`` (e.g. the feed item's),
    else the server's Last-Modified, else today, those three flagged
    ``date_inferred``.
    """
    from eventwire.ingest.html import article_from_html
    from eventwire.ingest.text import make_article

    content_type = fetched.headers.get("Content-Type", "")
    mime = content_type.split(";")[0].strip().lower()
    fallback = date or _http_date(fetched.headers.get("Last-Modified")) or _dt.date.today().isoformat()
    is_html = mime in ("", "text/html", "application/xhtml+xml") or "html" in mime
    if mime != "text/plain" and not is_html:
        raise IngestError(origin, f"unsupported content type {mime!r}")
    decoded = decode_body(fetched.body, content_type, origin)
    warnings = [decoded.warning] if decoded.warning else []
    host = urlsplit(fetched.url).hostname
    if mime == "text/plain":
        article = make_article(decoded.text, origin, fallback, True, title=title, source=host, url=fetched.url,
                               warnings=warnings)
    else:
        article = article_from_html(decoded.text, origin, date=fallback, url=fetched.url, warnings=warnings)
        article.url = fetched.url
        article.title = title or article.title  # the feed item's headline, when given
        article.source = article.source or host
    if len(article.text) < MIN_TEXT_CHARS:
        raise IngestError(origin, f"no article text in the page ({len(article.text)} characters)")
    return article


def fetch_article(url: str, client: Optional[httpx.Client] = None, retries: int = DEFAULT_RETRIES,
                  max_bytes: int = DEFAULT_MAX_BYTES, date: Optional[str] = None, title: Optional[str] = None,
                  backoff: float = 0.5, timeout: float = DEFAULT_TIMEOUT,
                  user_agent: Optional[str] = None) -> Union[Article, IngestError]:
    """One URL to an Article, or the IngestError saying why not."""
    own = client is None
    client = client or make_client(timeout=timeout, user_agent=user_agent)
    try:
        fetched = fetch_bytes(client, url, retries=retries, max_bytes=max_bytes, backoff=backoff)
        return article_from_page(fetched, url, date=date, title=title)
    except IngestError as exc:
        return exc
    finally:
        if own:
            client.close()


def fetch_articles(urls: Iterable[str], timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                   max_bytes: int = DEFAULT_MAX_BYTES, user_agent: Optional[str] = None,
                   max_redirects: int = DEFAULT_MAX_REDIRECTS, backoff: float = 0.5,
                   date: Optional[str] = None) -> Iterator[Union[Article, IngestError]]:
    """Fetch each URL in turn; yields an Article or an IngestError per URL.

    ``date`` is used for pages whose date neither the page nor the server gives.
    """
    with make_client(timeout=timeout, user_agent=user_agent, max_redirects=max_redirects) as client:
        for url in urls:
            yield fetch_article(url, client, retries=retries, max_bytes=max_bytes, date=date, backoff=backoff)


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))
