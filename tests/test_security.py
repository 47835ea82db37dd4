"""Security: read-only API bound to 127.0.0.1, no SQL from string formatting, hostile text
stays data, API paths never reach the file system, request bodies are capped."""
from __future__ import annotations

import ast
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
import pytest

import apidata
from eventwire.records import Extraction

PACKAGE = Path(__file__).resolve().parent.parent / "eventwire"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, *args: str, env=None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    # The access log goes to a file: a pipe nobody reads fills up and blocks the server.
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port),
                             *args], stdout=log, stderr=subprocess.STDOUT, text=True, env=env)
    proc.log = log
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            pytest.fail(f"server exited: {log.read()}")
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("server did not start in 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    from eventwire.store import Store

    db = tmp_path_factory.mktemp("sec") / "sec.db"
    with Store.open(str(db)) as store:
        store.add([apidata.hostile_items(Extraction(article=apidata.HOSTILE))])
    return db


@pytest.fixture(scope="module")
def server(hostile_db):
    proc, base = start_server(hostile_db)
    yield proc, base
    stop_server(proc)


def raw_get(base: str, path: str) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (httpx would normalize ``..`` away before sending)."""
    host, port = base.rsplit("//", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""


# -- read-only, local by default ---------------------------------------------------------------------
def test_every_api_route_only_reads():
    from eventwire.api import create_app
    from eventwire.store import Store

    app = create_app(Store.open("sqlite://"))
    methods = {m for r in app.routes for m in (getattr(r, "methods", None) or ())}
    assert methods <= {"GET", "HEAD"}, f"write methods exposed: {methods - {'GET', 'HEAD'}}"


def test_write_methods_are_refused_with_405(server):
    _, base = server
    aid = apidata.HOSTILE.id
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for path in ("/api/articles", f"/api/articles/{aid}", "/api/entities", "/api/stats"):
            r = httpx.request(method, base + path, json={"text": "x"}, timeout=10)
            assert r.status_code == 405, (method, path, r.status_code)
    assert httpx.get(f"{base}/api/articles/{aid}", timeout=10).status_code == 200    # still there


def test_serve_binds_to_loopback_by_default(server):
    from click.testing import CliRunner

    from eventwire.cli import cli

    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert re.search(r"--host\s+TEXT.*default:\s*127\.0\.0\.1", help_text, re.S), help_text
    proc, base = server          # started without --host
    port = int(base.rsplit(":", 1)[1])
    listening = [c.laddr for c in psutil.Process(proc.pid).net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN]
    assert listening and all(addr.ip == "127.0.0.1" and addr.port == port for addr in listening), listening


# -- SQL only with bound parameters ------------------------------------------------------------------
SQL = re.compile(r"\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WHERE\s|CREATE\s+(VIRTUAL\s+)?TABLE"
                 r"|DROP\s|ALTER\s+TABLE|PRAGMA\s|\w+\s+MATCH\s)")


def _constant_identifier(node) -> bool:
    """``FTS`` / ``self.FTS``: an ALL-CAPS constant naming a table, not a value."""
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
    return bool(name) and name.isupper()


def sql_formatting(source: str, filename: str = "<src>") -> list[str]:
    """Every place SQL text is built from formatted values: f-strings, ``%``, ``.format``, ``+``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        literal, values = None, []
        if isinstance(node, ast.JoinedStr):
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
            sides = [node.left, node.right]
            strs = [s.value for s in sides if isinstance(s, ast.Constant) and isinstance(s.value, str)]
            if strs:
                literal = "".join(strs)
                values = [s for s in sides if not (isinstance(s, ast.Constant))]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
              and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
            literal, values = node.func.value.value, list(node.args) + [k.value for k in node.keywords]
        if literal is None or not values or not SQL.search(literal):
            continue
        if all(_constant_identifier(v) for v in values):
            continue
        found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:100]}")
    return found


def test_the_checker_catches_sql_built_from_values():
    bad = '''
q1 = f"SELECT * FROM articles WHERE id = '{article_id}'"
q2 = "DELETE FROM places WHERE id = %s" % pid
q3 = "UPDATE articles SET title = '{}'".format(title)
q4 = "SELECT id FROM entities WHERE name = '" + name + "'"
conn.execute(text(f"INSERT INTO quotes(text) VALUES ('{quote}')"))
'''
    assert len(sql_formatting(bad)) == 5
    ok = '''
q = text(f"INSERT INTO {self.FTS}(rowid) VALUES (:seq)")
msg = f"stored {n} articles where you asked"
select(articles).where(articles.c.id == article_id)
'''
    assert sql_formatting(ok) == []


def test_no_sql_is_built_by_string_formatting_in_the_package():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    found = [hit for f in files for hit in sql_formatting(f.read_text(encoding="utf-8"), str(f.relative_to(PACKAGE)))]
    assert found == [], "SQL built from formatted values (use bound parameters):\n" + "\n".join(found)


# -- hostile text is data ----------------------------------------------------------------------------
def test_hostile_article_text_comes_back_as_exact_json_data_not_html(server):
    _, base = server
    r = httpx.get(f"{base}/api/articles/{apidata.HOSTILE.id}", timeout=10)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["article"]["text"] == apidata.HOSTILE_TEXT          # exactly, neither stripped nor mangled
    assert body["article"]["title"] == apidata.HOSTILE.title
    assert body["article"]["source"] == apidata.HOSTILE.source
    assert {e["name"] for e in body["entities"]} >= {apidata.HOSTILE_PERSON}
    assert {p["name"] for p in body["places"]} >= {apidata.HOSTILE_PLACE}
    # the payloads only ever appear inside JSON strings
    assert r.text.lstrip().startswith("{")
    listing = httpx.get(f"{base}/api/articles", params={"q": "Hostileton"}, timeout=10)
    assert listing.headers["content-type"].startswith("application/json")
    assert any(a["id"] == apidata.HOSTILE.id for a in listing.json()["items"])


# -- paths never reach the file system ----------------------------------------------------------------
TRAVERSALS = [
    "/static/../../../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/../__init__.py",                 # eventwire/web/__init__.py exists one level up
    "/static/..%2f__init__.py",
    "/static/%2e%2e/__init__.py",
    "/vendor/leaflet/../../../../../../etc/passwd",
    "/api/articles/..%2f..%2f..%2fetc%2fpasswd",
    "/api/articles/../../../etc/passwd",
    "/api/entities/..%2f..%2fetc%2fpasswd",
    "/api/places/..%2f..%2fetc%2fpasswd",
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
]


def test_traversal_paths_read_no_files(server):
    _, base = server
    web_init = (PACKAGE / "web" / "__init__.py").read_bytes()
    for path in TRAVERSALS:
        status, body = raw_get(base, path)
        assert status in (400, 404, 405, 422), (path, status)
        assert b"root:" not in body, path
        assert not (web_init.strip() and web_init.strip() in body), path


def test_api_requests_open_no_files(hostile_db):
    """In-process, with an audit hook: the API endpoints never call open() on anything."""
    from fastapi.testclient import TestClient

    from eventwire.api import create_app

    opened: list = []
    recording = {"on": False}

    def hook(event, args):
        if recording["on"] and event in ("open", "os.listdir", "os.scandir"):
            opened.append((event, args[0]))

    sys.addaudithook(hook)
    with TestClient(create_app(str(hostile_db))) as client:
        client.get("/api/stats")                       # warm up: connection pool, lazy imports
        recording["on"] = True
        try:
            for path in ("/api/articles/..%2f..%2f..%2fetc%2fpasswd", f"/api/articles/{apidata.HOSTILE.id}",
                         "/api/entities/..%2f..%2fetc%2fpasswd", "/api/articles?q=passwd", "/api/places/1"):
                r = client.get(path)
                assert r.status_code in (200, 404, 422), (path, r.status_code)
            api_opened = list(opened)
            assert client.get("/static/app.js").status_code == 200     # control: the hook does see file reads
        finally:
            recording["on"] = False
    assert api_opened == []
    assert any("app.js" in str(path) for _, path in opened), opened


# -- request body size ---------------------------------------------------------------------------------
def test_request_bodies_over_the_limit_are_refused_with_413(hostile_db):
    import os

    env = dict(os.environ, EVENTWIRE_API_MAX_BODY_BYTES="1000")
    proc, base = start_server(hostile_db, env=env)
    try:
        big = httpx.request("GET", base + "/api/stats", content=b"x" * 5000, timeout=10)
        assert big.status_code == 413
        assert "larger than 1000 bytes" in big.json()["message"]
        small = httpx.request("GET", base + "/api/stats", content=b"x" * 10, timeout=10)
        assert small.status_code == 200
    finally:
        stop_server(proc)
