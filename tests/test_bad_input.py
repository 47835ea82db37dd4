"""A malformed input is one IngestError with a one-line reason; the batch goes on; nothing raises."""
from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import IngestError
from eventwire.ingest.readers import iter_inputs
from eventwire.records import Article

GOOD = "date 2023-08-08 Rescue teams pulled two survivors from a collapsed building in Dnipro on Monday."


def run_batch(tmp_path, name, data):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "zz_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    items = list(iter_inputs([str(bad), str(good)]))
    assert isinstance(items[-1], Article) and items[-1].date == "2023-08-08"   # the batch went on
    errs = [i for i in items if isinstance(i, IngestError)]
    for e in errs:
        assert "\n" not in str(e) and str(e).startswith(e.origin)
    return errs


@pytest.mark.parametrize("name, data, reason", [
    ("nul.txt", b"date 2023-01-01 text\x00\x00\x01\x02binary", "binary file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file"),
    ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50, "binary file"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\t \r\n  ", "empty"),
    ("header_only.txt", b"date 2023-01-01\n\n  \n", "empty"),
    ("bom_blank.txt", b"\xef\xbb\xbf   \n", "empty"),
    ("garbage.txt", bytes(range(0x80, 0x100)) * 10, "undecodable"),
    ("random.txt", random.Random(7).randbytes(3000).translate(bytes(range(128, 256)) * 2), "undecodable"),
    ("bad_utf16.txt", b"\xff\xfe" + "Talks".encode("utf-16-le") + b"\x00\xdc", "undecodable"),
    ("nothing.html", b"<html><head><script>alert(1)</script></head><body><nav>Home</nav></body></html>", "no text"),
    ("empty.html", b"   ", "empty"),
])
def test_bad_file_gives_one_line_error_and_the_batch_goes_on(tmp_path, name, data, reason):
    [err] = run_batch(tmp_path, name, data)
    assert err.origin == str(tmp_path / name)
    assert reason in err.reason


def test_missing_path_is_an_error_not_an_exception(tmp_path):
    items = list(iter_inputs([str(tmp_path / "nope.txt")]))
    assert len(items) == 1 and "no such file" in items[0].reason


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_folder_is_an_error_and_the_walk_goes_on(tmp_path):
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    unreadable = tmp_path / "locked"
    unreadable.mkdir()
    (unreadable / "x.txt").write_text(GOOD + " more", encoding="utf-8")
    unreadable.chmod(0)
    try:
        items = list(iter_inputs([str(tmp_path)]))
    finally:
        unreadable.chmod(0o755)
    assert any(isinstance(i, Article) for i in items)
    assert any(isinstance(i, IngestError) and "locked" in i.origin for i in items)


def test_bad_jsonl_lines_name_file_and_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_bytes(b'{"date": "2023-01-01", "text": "Good line about aid in Kassala."}\n'
                  b'[1, 2]\n'
                  b'{"date": 20230101, "text": "wrong date type"}\n'
                  b'{"date": "yesterday", "text": "unparseable date"}\n'
                  b'{"date": "2023-01-01", "text": "x", "title": ["list"]}\n'
                  b'{"date": "2023-01-01", "text": "   "}\n'
                  b'{"date": "2023-01-01", "text": "bad \xff byte"}\n'
                  b'{"date": "2023-01-01", "text": "Last good line about talks in Jeddah."}\n')
    items = list(iter_inputs([str(f)]))
    errs = [i for i in items if isinstance(i, IngestError)]
    assert [e.origin for e in errs] == [f"{f}:{n}" for n in (2, 3, 4, 5, 6)]
    reasons = [e.reason for e in errs]
    assert "JSON object" in reasons[0]
    assert "'date'" in reasons[1] and "'date'" in reasons[2]
    assert "'title'" in reasons[3]
    assert "empty" in reasons[4]
    good, not_utf8, last = [i for i in items if isinstance(i, Article)]
    assert not_utf8.origin == f"{f}:7" and not_utf8.text == "bad \u00ff byte"    # kept, with a warning
    assert "not UTF-8" in not_utf8.ingest_warnings[0]
    assert last.text.startswith("Last good line")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".jsonl", ".html", ".dat"]))
def test_arbitrary_bytes_never_raise(tmp_path, data, suffix):
    f = tmp_path / ("fuzz" + suffix)
    f.write_bytes(data)
    for item in iter_inputs([str(f)], date="2023-01-01"):
        assert isinstance(item, (Article, IngestError))
        if isinstance(item, IngestError):
            assert "\n" not in item.reason


# --- files that are not files ---------------------------------------------------------

def _read_in_thread(paths, seconds=20):
    """iter_inputs in a thread: a read that blocks (a FIFO with no writer) fails the test, not hangs it."""
    import threading

    out = []
    worker = threading.Thread(target=lambda: out.extend(iter_inputs(paths)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading blocked"
    return out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_as_input_is_an_error_line_not_a_blocking_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    err, good = _read_in_thread([str(fifo), str(tmp_path / "good.txt")])
    assert isinstance(err, IngestError) and err.origin == str(fifo) and "not a regular file (a FIFO)" in err.reason
    assert isinstance(good, Article)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_named_as_input_is_an_error_line():
    [err] = _read_in_thread(["/dev/zero"])
    assert "not a regular file (a character device)" in err.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_broken_links_and_link_loops_inside_a_folder_get_one_error_line_each(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(corpus / "b-pipe.txt")
    os.symlink(corpus / "nowhere.txt", corpus / "c-broken.txt")
    os.symlink(corpus / "d-loop", corpus / "d-loop")
    os.symlink(corpus / "a.txt", corpus / "e-link.txt")           # a good link is read
    items = _read_in_thread([str(corpus)])
    errs = {Path(e.origin).name: e.reason for e in items if isinstance(e, IngestError)}
    assert errs == {"b-pipe.txt": "not a regular file (a FIFO)",
                    "c-broken.txt": f"broken symbolic link (to {corpus / 'nowhere.txt'})",
                    "d-loop": "symbolic link loop"}
    assert sum(isinstance(i, Article) for i in items) == 1          # a.txt; its link is the same article


def test_a_broken_link_named_as_input_says_so(tmp_path):
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    [err] = list(iter_inputs([str(tmp_path / "link.txt")]))
    assert "broken symbolic link" in err.reason
