"""A local HTTP server on 127.0.0.1 (in a thread) serving fixture pages and feeds.

Used by test_fetch.py and test_feeds.py.  Routes are a dict path -> handler
(status, headers, body) or a callable taking the request handler; every
request is recorded (path, headers) so tests can check what was sent.
"""
from __future__ import annotations

import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_TEXT = (
    "Russian forces shelled the city of Kharkiv on Tuesday, killing three civilians and wounding "
    "twelve others, the regional governor said. The strikes hit a residential district and a "
    "power station, leaving thousands of homes without electricity. Emergency crews worked "
    "through the night to clear the rubble, and officials said the toll could rise."
)


def html_page(title: str, text: str = ARTICLE_TEXT, charset_meta: str | None = None, date: str | None = None) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    date_meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paras = "".join(f"<p>{p.strip()}.</p>" for p in text.split(".") if p.strip())
    return (f"<!DOCTYPE html><html><head>{meta}{date_meta}<title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{paras}</article>"
            f"<footer>Copyright Example News</footer></body></html>")


class FixtureServer:
    def __init__(self):
        self.routes: dict = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                elif callable(route):
                    result = route(self)
                    if result is None:
                        return
                    status, headers, body = result
                else:
                    status, headers, body = route
                if isinstance(body, str):
                    body = body.encode("utf-8")
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # clients that hang up early are expected
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _h in self.requests if p == path)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def slow(seconds: float, body: str = "late"):
    def handler(_req):
        time.sleep(seconds)
        return 200, {"Content-Type": "text/plain"}, body
    return handler


def redirect(to: str, status: int = 302):
    return status, {"Location": to, "Content-Type": "text/plain"}, b""


def http_date(ts: float) -> str:
    return formatdate(ts, usegmt=True)
