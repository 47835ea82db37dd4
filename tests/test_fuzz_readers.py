"""Property-based: every reader turns any input into Articles or one-line IngestErrors, never raises.

Text files, JSON Lines, HTML, and stdin (form detected from the first bytes) get random
Unicode, control characters, invalid UTF-8, mixed encodings, long lines, whitespace,
binary data, deeply nested and enormous HTML, and JSON values of every wrong type.
"""
from __future__ import annotations

import codecs
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from eventwire.errors import IngestError
from eventwire.ingest.jsonl import iter_jsonl
from eventwire.ingest.readers import iter_inputs, read_path, read_stream, sniff_kind
from eventwire.records import Article, article_id

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX = 5000          # a small size limit, so that truncation is exercised too

WORDS = ["Kharkiv", "said", "the", "governor", "Anna", "Melnyk", "on", "Tuesday", "at", "least", "12", "people",
         "were", "killed", "\u201cWe", "will", "stay,\u201d", "Київ", "القاهرة", "東京", "\u200b", "\ufeff", "\t",
         "\r\n", "\n\n", "date", "2023-01-02", "<b>", "&amp;", "\x00", "\x1b[31m", "\u202e", "🙂"]
newsy = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join)
any_text = st.one_of(st.text(max_size=400), newsy, st.text(st.characters(max_codepoint=0x1F), max_size=200))


def check_items(items, origins: set[str] | None = None, max_chars: int = MAX):
    for item in items:
        assert isinstance(item, (Article, IngestError)), item
        if isinstance(item, IngestError):
            assert "\n" not in str(item) and "\r" not in str(item)
            assert item.reason and str(item).startswith(item.origin)
            if origins is not None:
                assert item.origin.rsplit(":", 1)[0] in origins or item.origin in origins
            continue
        assert item.text.strip(), "an article with no text"
        assert len(item.text) <= max_chars
        assert item.id == article_id(item.text)                     # stable content hash
        assert item.date is None or len(item.date) in (4, 7, 10)
        assert "\x00" not in item.text


def read_file(data: bytes, suffix: str) -> list:
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / ("fuzz" + suffix)
        f.write_bytes(data)
        items = list(iter_inputs([str(f)], date="2023-01-01", max_chars=MAX))
        check_items(items, {str(f)})
        return items


# -- text ----------------------------------------------------------------------------------------------
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252", "koi8-r"]


@FAST
@given(text=any_text, encoding=st.sampled_from(ENCODINGS), header=st.booleans())
def test_text_files_in_any_encoding_never_raise(text, encoding, header):
    body = ("date 2022-08-17\n" if header else "") + text
    data = body.encode(encoding, errors="replace")
    items = read_file(data, ".txt")
    assert len(items) == 1
    if header and isinstance(items[0], Article) and encoding.startswith("utf-8"):
        assert items[0].date == "2022-08-17" and not items[0].date_inferred


@FAST
@given(parts=st.lists(st.tuples(st.text(min_size=1, max_size=60), st.sampled_from(ENCODINGS[:1] + ENCODINGS[3:])),
                      min_size=2, max_size=6))
def test_mixed_encodings_in_one_file_never_raise(parts):
    read_file(b" ".join(t.encode(e, errors="replace") for t, e in parts), ".txt")


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".jsonl", ".html", ".xyz", ""]))
@example(data=b"\xff\xfe" + "x".encode("utf-16-le") + b"\x00\xd8", suffix=".txt")    # lone surrogate
@example(data=b"\xef\xbb\xbf\xef\xbb\xbf\n", suffix=".txt")
@example(data=b"\x00" * 100, suffix=".html")
def test_binary_and_invalid_utf8_never_raise(data, suffix):
    read_file(data, suffix)


def test_very_long_line_and_whitespace_only_files():
    long_line = ("Officials in Kharkiv said repairs went on " * 30_000).encode()      # ~1.3 MB, no newline
    [a] = read_file(long_line, ".txt")
    assert isinstance(a, Article) and a.truncated and len(a.text) <= MAX
    for blank in (b"", b" ", b"\n\n\t\r\n", "\u00a0\u2003\u3000\n".encode(), b"\xef\xbb\xbf \n"):
        for suffix in (".txt", ".html", ".jsonl"):
            items = read_file(blank, suffix)
            assert len(items) == 1 and isinstance(items[0], IngestError), (blank, suffix, items)
            assert "empty" in items[0].reason or (suffix == ".jsonl" and "bad JSON" in items[0].reason)


# -- JSON Lines ------------------------------------------------------------------------------------------
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=8)
FIELDS = ["id", "date", "title", "url", "source", "text", "language"]
records = st.one_of(
    st.fixed_dictionaries({}, optional={k: json_values for k in FIELDS}),
    st.fixed_dictionaries({"text": newsy | st.text(max_size=200)},
                          optional={k: json_values | st.text(max_size=30) for k in FIELDS if k != "text"}),
    json_values)


@FAST
@given(lines=st.lists(records, max_size=12), junk=st.lists(st.binary(max_size=40), max_size=3))
def test_json_lines_with_wrong_types_give_one_item_per_line(lines, junk):
    raw = [json.dumps(r, ensure_ascii=False).encode() for r in lines] + [j.replace(b"\n", b" ") for j in junk]
    data = b"\n".join(raw) + b"\n"
    items = list(iter_jsonl(io.BytesIO(data), "feed.jsonl", date="2023-01-01", max_chars=MAX))
    check_items(items, {"feed.jsonl"})
    expected = sum(1 for i, line in enumerate(data.split(b"\n")[:-1])
                   if line.strip() and not (i == 0 and line.strip() == codecs.BOM_UTF8))
    assert len(items) == max(expected, 1)                  # no line at all: one "empty" error
    for item in items:
        if isinstance(item, IngestError) and expected:
            line_no = int(item.origin.rsplit(":", 1)[1])
            assert 1 <= line_no <= len(raw)


# -- HTML ------------------------------------------------------------------------------------------------
TAGS = ["div", "p", "span", "article", "main", "table", "td", "li", "script", "style", "nav", "b", "svg"]
fragments = st.recursive(
    any_text.map(lambda t: t.replace("<", "&lt;")),
    lambda inner: st.tuples(st.sampled_from(TAGS), st.lists(inner, max_size=4)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
    max_leaves=25)


@FAST
@given(body=fragments, title=st.text(max_size=50), broken=st.booleans())
def test_random_html_never_raises(body, title, broken):
    page = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    if broken:
        page = page[: len(page) // 2]                   # cut mid-tag
    for item in read_file(page.encode("utf-8", errors="replace"), ".html"):
        if isinstance(item, Article):
            assert "<script" not in item.text.lower()


def test_deeply_nested_and_enormous_html():
    para = "<p>Shelling hit Kharkiv on Tuesday, the regional governor Anna Melnyk said in a statement.</p>"
    deep = "<html><body>" + "<div>" * 20_000 + para + "</div>" * 20_000 + "</body></html>"
    unclosed = "<html><body>" + "<div><span><b>" * 10_000 + para
    enormous = "<html><body>" + para * 60_000 + "</body></html>"          # ~5.6 MB of markup
    for page in (deep, unclosed, enormous):
        [item] = read_file(page.encode(), ".html")
        assert isinstance(item, (Article, IngestError))
    [big] = read_file(enormous.encode(), ".html")
    assert isinstance(big, Article) and big.truncated and len(big.text) <= MAX


# -- stdin: the form is detected from the first bytes --------------------------------------------------------
@FAST
@given(data=st.one_of(st.binary(max_size=1500),
                      st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"  \n", b"\t"]),
                                st.sampled_from([b"{", b"<", b"date 2023-01-01 ", b"["]),
                                st.binary(max_size=800)).map(b"".join),
                      records.map(lambda r: (json.dumps(r) + "\n").encode() * 2),
                      fragments.map(lambda f: f"<html><body>{f}</body></html>".encode())))
def test_stdin_form_detection_matches_reading_a_file_of_that_kind(data):
    from_stdin = list(read_stream(io.BytesIO(data), "<stdin>", date="2023-01-01", max_chars=MAX))
    check_items(from_stdin, {"<stdin>"})
    kind = sniff_kind(data[:4096])
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "in.dat"
        f.write_bytes(data)
        from_file = list(read_path(f, date="2023-01-01", max_chars=MAX, kind=kind))
    assert [type(i) for i in from_stdin] == [type(i) for i in from_file]
    assert [i.text for i in from_stdin if isinstance(i, Article)] == [i.text for i in from_file if isinstance(i, Article)]
    assert [i.reason for i in from_stdin if isinstance(i, IngestError)] == \
           [i.reason for i in from_file if isinstance(i, IngestError)]


# -- encodings: round trips, and nothing garbled without a warning ----------------------------------------
ACCENTED = "àâäçéèêëîïôöùûüñáíóúãõßæøå"


def _word(parts) -> str:
    """ASCII letters with up to two accented ones put in, or a one-letter word ("à", "é")."""
    base, accents, where, case = parts
    if not base:
        return case(accents[:1] or "à")
    for ch, at in zip(accents, where):
        base = base[:at % (len(base) + 1)] + ch + base[at % (len(base) + 1):]
    return case(base.replace("ß", "ss")) if case is str.upper else case(base)


# words as Western European text has them: lower case, capitalized or all capitals
western_word = st.tuples(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), max_size=10),
                         st.text(st.sampled_from(ACCENTED), max_size=2), st.lists(st.integers(0, 20), max_size=2),
                         st.sampled_from([str.lower, str.capitalize, str.upper])).map(_word)
western_words = st.lists(western_word, min_size=1, max_size=60)
western_text = st.tuples(western_words, st.lists(st.sampled_from([" ", ", ", ". ", "\n", "; "]), min_size=60,
                                                 max_size=60)).map(
    lambda t: "".join(w + s for w, s in zip(t[0], t[1])).strip())


def _decoded(data: bytes):
    from eventwire.ingest.encoding import decode
    try:
        return decode(data, "fuzz")
    except IngestError:
        return None


@FAST
@given(text=western_text.filter(lambda t: any(c.isalpha() for c in t)),
       encoding=st.sampled_from(["latin-1", "cp1252", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]))
@example(text="Le maire de Montréal a déclaré que l'hôpital était fermé", encoding="latin-1")
@example(text="Zürich Köln Gérard Côté", encoding="cp1252")
def test_western_european_text_round_trips_in_every_encoding_it_may_come_in(text, encoding):
    """Text made of Western European letters comes back exactly (a warning may say the encoding was a guess).
    UTF-16 without a BOM is told by its NUL bytes, which takes two characters at least."""
    assume(len(text) >= 2 or encoding not in ("utf-16-le", "utf-16-be"))
    decoded = _decoded(text.encode(encoding))
    assert decoded is not None and decoded.text == text, (encoding, decoded)


@FAST
@given(data=st.binary(min_size=1, max_size=3000))
@example(data=bytes(range(0x80, 0x100)) * 4)
@example(data="Prezydent Wałęsa".encode("cp1250") + bytes([0xE9, 0xF4]) * 20)
def test_random_bytes_never_raise_and_a_reading_kept_without_a_warning_reads_cleanly(data):
    """Random bytes become an error, or text; text kept without a warning is UTF-8 or a clean reading."""
    from eventwire.ingest.encoding import _Plausibility

    decoded = _decoded(data)
    if decoded is None or decoded.warning or decoded.encoding.startswith(("utf", "ascii")):
        return
    assert _Plausibility.of(decoded.text).clean, (decoded.encoding, decoded.text[:80])


@FAST
@given(text=western_text.filter(lambda t: any(c.isalpha() for c in t)),
       encoding=st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-16-le"]), suffix=st.sampled_from([".txt", ".jsonl"]))
def test_readers_store_western_text_exactly_whatever_the_encoding(text, encoding, suffix):
    body = json.dumps({"date": "2023-01-02", "text": text}, ensure_ascii=False) if suffix == ".jsonl" \
        else "date 2023-01-02\n" + text
    [item] = read_file(body.encode(encoding), suffix)
    assert isinstance(item, Article) and item.text == " ".join(text.split()) or item.text == text.strip()
