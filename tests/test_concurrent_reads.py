"""While `eventwire ingest` writes, `eventwire serve` answers reads on the same SQLite file:
20 concurrent clients on 127.0.0.1, bounded in time and count, get no errors and no
"database is locked" (WAL + busy_timeout on both sides).

``EVENTWIRE_LOAD_SECONDS`` sets the load duration (default 30 s, as issue 7 asks; lower it for a
quick local run: ``EVENTWIRE_LOAD_SECONDS=5 pytest tests/test_concurrent_reads.py``).
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter

import httpx

import apidata
from eventwire.records import Extraction
from test_crash_safety import check_integrity, committed, ingest_cmd, wait_for_rows, write_corpus
from test_security import start_server, stop_server

CLIENTS = 20
SECONDS = float(os.environ.get("EVENTWIRE_LOAD_SECONDS", "30"))
MAX_REQUESTS_PER_CLIENT = 5000


def test_api_serves_20_concurrent_clients_without_errors_while_ingest_writes(tmp_path):
    from eventwire.store import Store

    db = tmp_path / "shared.db"
    with Store.open(str(db)) as store:           # something to read before the first batch lands
        store.add([apidata.hostile_items(Extraction(article=apidata.HOSTILE))])
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    corpus = write_corpus(tmp_path / "corpus", 1500)
    writer = subprocess.Popen(ingest_cmd(corpus, db, "--batch-size", "5"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    server = None
    try:
        server, base = start_server(db)
        wait_for_rows(writer, db, at_least=1 + 10)          # the writer is committing
        rows_before = committed(db)
        aid = apidata.HOSTILE.id
        paths = ["/api/articles", "/api/articles?q=Kharkiv", f"/api/articles/{aid}", "/api/stats",
                 "/api/entities?name=Melnyk", "/api/places", "/api/figures?metric=injured", "/api/events",
                 "/api/articles?since=2023-03-01&until=2023-06-30&limit=100", "/api/places.geojson"]
        statuses: Counter = Counter()
        failures: list[str] = []
        lock = threading.Lock()
        start = threading.Barrier(CLIENTS)
        deadline_box: list[float] = []

        def client(k: int):
            with httpx.Client(base_url=base, timeout=30) as http:
                start.wait()
                if k == 0:
                    deadline_box.append(time.monotonic() + SECONDS)
                while not deadline_box:
                    time.sleep(0.001)
                for i in range(MAX_REQUESTS_PER_CLIENT):
                    if time.monotonic() >= deadline_box[0]:
                        return
                    path = paths[(k + i) % len(paths)]
                    try:
                        r = http.get(path)
                        ok = r.status_code == 200 and "database is locked" not in r.text
                        with lock:
                            statuses[r.status_code] += 1
                            if not ok:
                                failures.append(f"{path}: {r.status_code} {r.text[:200]}")
                    except httpx.HTTPError as exc:
                        with lock:
                            failures.append(f"{path}: {type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=SECONDS + 120)
        elapsed = time.monotonic() - t0
        rows_after = committed(db)

        assert failures == [], f"{len(failures)} failed requests, e.g. {failures[:5]}"
        total = sum(statuses.values())
        assert total >= CLIENTS * 2, statuses
        assert elapsed < SECONDS + 60
        assert rows_after > rows_before, "the ingest did not write during the load"
        assert writer.poll() is None or writer.returncode == 0, writer.stderr.read()
    finally:
        if writer.poll() is None:
            writer.send_signal(signal.SIGINT)                # stop after the current batch
        out, err = writer.communicate(timeout=120)
        if server is not None:
            stop_server(server)
            server.log.seek(0)
            log = server.log.read()
            assert "database is locked" not in log and "Traceback" not in log, log[-2000:]
    assert writer.returncode in (0, 130), err
    assert "database is locked" not in err and "Traceback" not in err
    check_integrity(db)
    print(f"\n{total} requests by {CLIENTS} clients in {elapsed:.1f}s ({total / elapsed:.0f}/s) "
          f"while {rows_after - rows_before} articles were committed", file=sys.stderr)
