"""Fetching pages: timeouts, retries with backoff, redirect limit, size limit, User-Agent, charsets."""
import socket

import pytest

from eventwire import __version__
from eventwire.errors import IngestError
from eventwire.ingest.fetch import decode_body, fetch_article, fetch_articles
from eventwire.records import Article
from http_fixtures import ARTICLE_TEXT, FixtureServer, html_page, redirect, slow

FAST = dict(backoff=0.01)


@pytest.fixture(scope="module")
def server():
    with FixtureServer() as srv:
        flaky = {"n": 0}

        def flaky_route(_req):
            flaky["n"] += 1
            if flaky["n"] == 1:
                return 503, {"Content-Type": "text/plain"}, "busy"
            return 200, {"Content-Type": "text/html; charset=utf-8"}, html_page("Back again")

        def chunked_big(req):
            req.send_response(200)
            req.send_header("Content-Type", "text/html")
            req.send_header("Connection", "close")
            req.end_headers()
            try:
                for _ in range(200):
                    req.wfile.write(b"<p>" + b"x" * 1000 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
            req.close_connection = True
            return None

        latin1 = html_page("Caf\u00e9 r\u00e9sistance", ARTICLE_TEXT + " The caf\u00e9 owner said the na\u00efve hope was gone.",
                           charset_meta="iso-8859-1").encode("iso-8859-1")
        srv.routes.update({
            "/article.html": (200, {"Content-Type": "text/html; charset=utf-8",
                                    "Last-Modified": "Tue, 01 Nov 2022 10:00:00 GMT"},
                              html_page("Shelling in Kharkiv")),
            "/dated.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                            html_page("Dated", date="2023-03-04T08:00:00Z")),
            "/latin1.html": (200, {"Content-Type": "text/html"}, latin1),
            "/plain.txt": (200, {"Content-Type": "text/plain; charset=utf-8"}, ARTICLE_TEXT),
            "/slow.html": slow(3.0),
            "/500.html": (500, {"Content-Type": "text/plain"}, "boom"),
            "/404.html": (404, {"Content-Type": "text/plain"}, "gone"),
            "/flaky.html": flaky_route,
            "/loop-a": redirect("/loop-b"),
            "/loop-b": redirect("/loop-a"),
            "/moved": redirect("/article.html", 301),
            "/big.html": (200, {"Content-Type": "text/html"}, "<p>" + "x" * 200_000 + "</p>"),
            "/big-chunked.html": chunked_big,
            "/image.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
            "/empty.html": (200, {"Content-Type": "text/html"}, "<html><body><nav>Home</nav></body></html>"),
        })
        yield srv


def test_html_page_becomes_an_article_with_main_text_and_metadata(server):
    result = fetch_article(server.url("/article.html"), **FAST)
    assert isinstance(result, Article), result
    assert "Russian forces shelled the city of Kharkiv" in result.text
    assert "Copyright Example News" not in result.text and "World" not in result.text.split("\n")[0]
    assert result.title == "Shelling in Kharkiv"
    assert result.url == result.origin == server.url("/article.html")
    assert result.language == "en"
    # no date in the page: the server's Last-Modified, flagged as inferred
    assert result.date == "2022-11-01" and result.date_inferred


def test_page_date_is_used_when_the_page_has_one(server):
    result = fetch_article(server.url("/dated.html"), **FAST)
    assert isinstance(result, Article)
    assert result.date == "2023-03-04" and not result.date_inferred


def test_user_agent_names_eventwire_and_version(server):
    fetch_article(server.url("/plain.txt"), **FAST)
    path, headers = [r for r in server.requests if r[0] == "/plain.txt"][-1]
    assert headers["User-Agent"].startswith(f"eventwire/{__version__}")


def test_plain_text_page(server):
    result = fetch_article(server.url("/plain.txt"), **FAST)
    assert isinstance(result, Article) and result.text == ARTICLE_TEXT


def test_charset_from_meta_when_header_has_none(server):
    result = fetch_article(server.url("/latin1.html"), **FAST)
    assert isinstance(result, Article), result
    assert "caf\u00e9 owner" in result.text and "na\u00efve" in result.text


def test_decode_body_takes_utf8_then_the_declared_charset_then_a_guess():
    assert decode_body("é".encode("cp1252"), "text/html; charset=windows-1252").text == "é"
    assert decode_body("Łódź".encode("cp1250"), "text/html; charset=windows-1250").text == "Łódź"
    assert decode_body("Łódź".encode("utf-8"), "text/html; charset=windows-1250").text == "Łódź"  # UTF-8 first
    assert decode_body(b'<meta charset="utf-8">' + "é".encode("utf-8")).text.endswith("é")
    assert decode_body("é".encode("utf-8")).text == "é"
    assert decode_body(b"caf\xe9").text == "café"  # not UTF-8: Windows-1252 wins
    assert decode_body("é".encode("utf-8"), "text/html; charset=no-such-charset").text == "é"


def test_slow_page_times_out_with_one_line_error(server):
    result = fetch_article(server.url("/slow.html"), timeout=0.3, retries=1, **FAST)
    assert isinstance(result, IngestError)
    assert "timed out" in str(result) and "2 attempts" in str(result)
    assert "\n" not in str(result)


def test_500_is_retried_with_backoff_then_reported(server):
    before = server.hits("/500.html")
    result = fetch_article(server.url("/500.html"), retries=2, **FAST)
    assert isinstance(result, IngestError) and "500" in str(result)
    assert server.hits("/500.html") - before == 3


def test_404_is_not_retried(server):
    before = server.hits("/404.html")
    result = fetch_article(server.url("/404.html"), retries=3, **FAST)
    assert isinstance(result, IngestError) and "404" in str(result)
    assert server.hits("/404.html") - before == 1


def test_transient_503_recovers_on_retry(server):
    result = fetch_article(server.url("/flaky.html"), retries=2, **FAST)
    assert isinstance(result, Article) and result.title == "Back again"


def test_redirect_loop_is_cut(server):
    result = fetch_article(server.url("/loop-a"), **FAST)
    assert isinstance(result, IngestError) and "redirect" in str(result)


def test_redirect_is_followed_and_final_url_kept(server):
    result = fetch_article(server.url("/moved"), **FAST)
    assert isinstance(result, Article)
    assert result.url == server.url("/article.html") and result.origin == server.url("/moved")


@pytest.mark.parametrize("path", ["/big.html", "/big-chunked.html"])
def test_size_limit_while_streaming(server, path):
    result = fetch_article(server.url(path), max_bytes=10_000, **FAST)
    assert isinstance(result, IngestError) and "too large" in str(result)


def test_unsupported_content_type_and_empty_page(server):
    assert "unsupported content type" in str(fetch_article(server.url("/image.png"), **FAST))
    assert isinstance(fetch_article(server.url("/empty.html"), **FAST), IngestError)


def test_connection_refused_is_one_error_after_retries():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = fetch_article(f"http://127.0.0.1:{port}/x", retries=1, **FAST)
    assert isinstance(result, IngestError) and "after 2 attempts" in str(result)


def test_fetch_articles_yields_one_result_per_url_in_order(server):
    urls = [server.url(p) for p in ("/article.html", "/500.html", "/plain.txt", "/loop-a")]
    results = list(fetch_articles(urls, retries=0, timeout=2))
    assert [type(r).__name__ for r in results] == ["Article", "IngestError", "Article", "IngestError"]


def test_iter_inputs_fetches_urls_beside_files(server, tmp_path):
    from eventwire.ingest.readers import count_inputs, iter_inputs

    local = tmp_path / "local.txt"
    local.write_text("date 2024-03-05\nA local report about shelling in Kharkiv overnight.")
    inputs = [str(local), server.url("/article.html"), server.url("/404.html")]
    items = list(iter_inputs(inputs))
    assert count_inputs(inputs) == 3
    assert isinstance(items[0], Article) and isinstance(items[1], Article)
    assert items[1].url == server.url("/article.html")
    assert isinstance(items[2], IngestError) and "404" in str(items[2])
