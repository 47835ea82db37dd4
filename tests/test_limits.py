"""Limits (eventwire.config): sane defaults, env overrides, and each one enforced where it applies."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from eventwire.config import ConfigError, Limits, limits


def test_defaults_are_sane():
    d = limits(environ={})
    assert d == Limits()
    assert d.max_article_chars == 1_000_000
    assert d.max_article_seconds == 120
    assert limits(environ={"EVENTWIRE_MAX_ARTICLE_SECONDS": "0"}).max_article_seconds == 0     # 0: no budget
    assert d.api_max_page == 500
    assert d.api_max_body_bytes == 1024 * 1024
    assert d.fetch_max_bytes == 5 * 1024 * 1024
    assert 1 <= d.fetch_timeout <= 60 and d.fetch_retries >= 0


def test_environment_then_explicit_overrides():
    env = {"EVENTWIRE_MAX_ARTICLE_CHARS": "5_000", "EVENTWIRE_FETCH_TIMEOUT": "2.5", "EVENTWIRE_API_MAX_PAGE": ""}
    got = limits(environ=env)
    assert (got.max_article_chars, got.fetch_timeout, got.api_max_page) == (5000, 2.5, 500)
    assert limits(environ=env, max_article_chars=300).max_article_chars == 300
    assert limits(environ=env, max_article_chars=None).max_article_chars == 5000


@pytest.mark.parametrize("name,value", [("EVENTWIRE_MAX_ARTICLE_CHARS", "lots"), ("EVENTWIRE_API_MAX_PAGE", "0"),
                                        ("EVENTWIRE_FETCH_TIMEOUT", "-1")])
def test_a_bad_value_is_one_line_naming_the_variable(name, value):
    with pytest.raises(ConfigError) as exc:
        limits(environ={name: value})
    assert name in str(exc.value) and "\n" not in str(exc.value)


def test_bad_limit_in_the_environment_is_a_one_line_cli_error(tmp_path):
    (tmp_path / "a.txt").write_text("date 2023-01-02\n\nSome text about a town.\n")
    env = dict(os.environ, EVENTWIRE_MAX_ARTICLE_CHARS="many")
    r = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(tmp_path / "a.txt"), "--db",
                        str(tmp_path / "x.db"), "--workers", "1"], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1
    assert "EVENTWIRE_MAX_ARTICLE_CHARS" in r.stderr and "Traceback" not in r.stderr


def test_ten_megabyte_article_is_truncated_and_flagged_not_dropped(tmp_path):
    """`ingest --max-chars` (the env var is covered in test_fuzz_extractors)."""
    from click.testing import CliRunner

    from eventwire.cli import cli

    para = "Officials in Kharkiv said the market reopened on Monday after repairs. " * 5 + "\n\n"
    big = tmp_path / "big.txt"
    big.write_text("date 2023-03-01\n\n" + para * (10_000_000 // len(para) + 1), encoding="utf-8")
    assert big.stat().st_size > 10_000_000
    db = tmp_path / "big.db"
    r = CliRunner().invoke(cli, ["ingest", str(big), "--db", str(db), "--max-chars", "3000", "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert "stored 1 new articles" in r.output and "1 truncated" in r.output
    import sqlite3
    with sqlite3.connect(db) as conn:
        (row,) = conn.execute("SELECT text, truncated FROM articles").fetchall()
    assert 1_500 <= len(row[0]) <= 3_000 and row[1]
    assert row[0].endswith("repairs.")                                  # cut at a paragraph boundary


def _run(code: str, **env) -> dict:
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                       env=dict(os.environ, **env), timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_api_page_size_cap_default_and_configured():
    code = """
        import json
        from fastapi.testclient import TestClient
        from eventwire.api import create_app
        from eventwire.store import Store
        import tempfile, os
        c = TestClient(create_app(Store.open(os.path.join(tempfile.mkdtemp(), "p.db"))))
        out = {n: c.get("/api/articles", params={"limit": n}).status_code for n in (20, 21, 500, 501)}
        out["cap"] = c.get("/api/config").json()["max_limit"]
        print(json.dumps(out))
    """
    assert _run(code) == {"20": 200, "21": 200, "500": 200, "501": 422, "cap": 500}
    assert _run(code, EVENTWIRE_API_MAX_PAGE="20") == {"20": 200, "21": 422, "500": 422, "501": 422, "cap": 20}


def test_fetch_size_and_timeout_come_from_the_configuration():
    code = """
        import json, threading, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from eventwire.ingest import fetch

        class H(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/slow":
                    time.sleep(3)
                body = b"<html><body><p>" + b"word " * 2000 + b"</p></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *a):
                pass

        srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        client = fetch.make_client()
        out = {"max_bytes": fetch.DEFAULT_MAX_BYTES, "timeout": fetch.DEFAULT_TIMEOUT, "retries": fetch.DEFAULT_RETRIES}
        for path in ("/big", "/slow"):
            try:
                fetch.fetch_bytes(client, base + path, backoff=0)
                out[path] = "ok"
            except fetch.IngestError as e:
                out[path] = e.reason
        print(json.dumps(out))
    """
    got = _run(code, EVENTWIRE_FETCH_MAX_BYTES="4000", EVENTWIRE_FETCH_TIMEOUT="0.5", EVENTWIRE_FETCH_RETRIES="0")
    assert (got["max_bytes"], got["timeout"], got["retries"]) == (4000, 0.5, 0)
    assert "too large" in got["/big"]
    assert "timed out" in got["/slow"]


def test_a_bad_value_at_import_time_falls_back_to_the_default_and_strict_reads_still_fail():
    assert limits(environ={"EVENTWIRE_API_MAX_PAGE": "x"}, strict=False).api_max_page == 500
    with pytest.raises(ConfigError):
        limits(environ={"EVENTWIRE_API_MAX_PAGE": "x"})


@pytest.mark.parametrize("raw,expected", [("", True), ("off", False), (" OFF ", False), ("0", False), ("false", False),
                                          ("no", False), ("on", True), ("Yes", True), ("1", True)])
def test_an_on_off_switch_reads_every_spelling_and_falls_back_to_its_default(raw, expected):
    from eventwire.config import switch
    assert switch("EVENTWIRE_X", True, {"EVENTWIRE_X": raw}) is expected
    assert switch("EVENTWIRE_X", False, {}) is False


def test_a_switch_with_a_typo_is_a_config_error_naming_the_variable():
    from eventwire.config import switch
    with pytest.raises(ConfigError, match="EVENTWIRE_X: expected on or off"):
        switch("EVENTWIRE_X", True, {"EVENTWIRE_X": "of"})


def test_a_named_choice_reads_any_case_and_refuses_what_it_does_not_offer():
    from eventwire.config import choice
    assert choice("EVENTWIRE_Y", ("hand", "learned"), "hand", {"EVENTWIRE_Y": " Learned "}) == "learned"
    assert choice("EVENTWIRE_Y", ("hand", "learned"), "hand", {}) == "hand"
    with pytest.raises(ConfigError, match="EVENTWIRE_Y: expected one of hand, learned"):
        choice("EVENTWIRE_Y", ("hand", "learned"), "hand", {"EVENTWIRE_Y": "trees"})
