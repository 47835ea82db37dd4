"""Readers turn every input kind into typed Articles (invented content throughout)."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys

import pytest

from eventwire.errors import IngestError
from eventwire.ingest.readers import count_inputs, iter_inputs
from eventwire.ingest.text import truncate_text
from eventwire.records import Article, article_id

BODY = ("Shelling struck the outskirts of Kupiansk overnight, the regional governor Oleh Marchenko said, "
        "and at least four people were wounded when a shell hit a bakery on the main square.\n\n"
        "Marchenko said emergency crews had cleared the rubble by morning.")


def articles(items):
    return [a for a in items if isinstance(a, Article)]


def errors(items):
    return [e for e in items if isinstance(e, IngestError)]


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- the seed's text form ---------------------------------------------------------

@pytest.mark.parametrize("header, expected, precision", [
    ("date 2023-03-14\n", "2023-03-14", "day"),
    ("date 2023-03\n", "2023-03", "month"),
    ("date 2023\n", "2023", "year"),
    (" date 2023-03-14 ", "2023-03-14", "day"),          # the seed: body on the same line
])
def test_seed_form_keeps_date_and_its_precision(tmp_path, header, expected, precision):
    f = write(tmp_path / "a.txt", header + BODY)
    [a] = list(iter_inputs([str(f)]))
    assert a.date == expected and a.date_precision == precision
    assert a.date_inferred is False
    assert a.text.startswith("Shelling struck") and a.text.endswith("by morning.")
    assert a.title is None                       # the seed form has no headline: none invented
    assert a.id == article_id(BODY)
    assert a.language == "en"
    assert a.origin == str(f)


def test_header_date_wins_over_date_argument(tmp_path):
    f = write(tmp_path / "a.txt", "date 2021-05-02\n" + BODY)
    [a] = list(iter_inputs([str(f)], date="2030-01-01"))
    assert a.date == "2021-05-02" and not a.date_inferred


@pytest.mark.parametrize("header", ["date 2022-13-45 ", "date 2023-02-30\n", "date 0001-01-01\n", "date 14/03/2023\n"])
def test_an_invalid_date_header_is_an_error_line_never_the_mtime(tmp_path, header):
    f = write(tmp_path / "a.txt", header + BODY)
    [err] = list(iter_inputs([str(f)]))
    assert isinstance(err, IngestError) and err.origin == str(f)
    assert "invalid date header" in err.reason and header.strip() in err.reason and "--date" in err.reason


def test_an_invalid_date_header_with_date_given_takes_that_date_and_a_warning(tmp_path):
    f = write(tmp_path / "a.txt", "date 2022-13-45 " + BODY)
    [a] = list(iter_inputs([str(f)], date="2023-02-02"))
    assert a.date == "2023-02-02" and a.date_inferred
    assert a.text == BODY                                    # the header never stays in the text
    [warning] = a.ingest_warnings
    assert "invalid date header 'date 2022-13-45'" in warning and "2023-02-02" in warning


@pytest.mark.parametrize("text", ["Date palms were planted along the road to Basra.", "date 15 people were hurt."])
def test_text_that_merely_starts_with_the_word_date_is_body(tmp_path, text):
    f = write(tmp_path / "a.txt", text)
    [a] = list(iter_inputs([str(f)], date="2023-02-02"))
    assert a.text == text and a.ingest_warnings == []


def test_jsonl_invalid_date_is_an_error_or_with_date_given_a_warning(tmp_path):
    f = write(tmp_path / "feed.jsonl", json.dumps({"date": "2023-02-30", "text": "Ferries resumed on Tuesday."}))
    [err] = list(iter_inputs([str(f)]))
    assert isinstance(err, IngestError) and "'2023-02-30'" in err.reason
    [a] = list(iter_inputs([str(f)], date="2023-03-01"))
    assert a.date == "2023-03-01" and a.date_inferred and "2023-02-30" in a.ingest_warnings[0]


def test_jsonl_record_id_is_kept_as_source_id_beside_the_content_id(tmp_path):
    lines = [{"id": "wire-0042", "date": "2023-04-02", "text": "Negotiators met in Doha on Sunday."},
             {"id": 7, "date": "2023-04-02", "text": "Aid convoys reached the city after a week."},
             {"date": "2023-04-02", "text": "Schools reopened in the north."}]
    f = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(x) for x in lines))
    a, b, c = iter_inputs([str(f)])
    assert (a.source_id, b.source_id, c.source_id) == ("wire-0042", "7", None)
    assert a.id == article_id(lines[0]["text"])


def test_plain_text_takes_date_argument_flagged_inferred(tmp_path):
    f = write(tmp_path / "plain.txt", BODY)
    [a] = list(iter_inputs([str(f)], date="2022-11-05"))
    assert a.date == "2022-11-05" and a.date_inferred is True


def test_plain_text_without_date_argument_uses_mtime(tmp_path):
    f = write(tmp_path / "plain.txt", BODY)
    when = dt.datetime(2019, 7, 21, 12, 0).timestamp()
    os.utime(f, (when, when))
    [a] = list(iter_inputs([str(f)]))
    assert a.date == "2019-07-21" and a.date_inferred is True


# --- JSON Lines ---------------------------------------------------------------------

def test_jsonl_reads_every_field_and_goes_on_after_bad_lines(tmp_path):
    good1 = {"id": "w-1", "date": "2023-04-02", "title": "Talks in Doha", "url": "https://example.org/1",
             "source": "Example Wire", "text": "Negotiators from both sides met in Doha on Sunday for a third round."}
    good2 = {"id": 7, "date": "2023-04", "title": None, "text": "Aid convoys reached El Fasher after a week on the road."}
    lines = [json.dumps(good1), "{not json", json.dumps({"date": "2023-04-02", "text": 42}), "",
             json.dumps({"date": "2023-04-02", "title": "no text"}), json.dumps(good2)]
    f = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = list(iter_inputs([str(f)]))
    a1, a2 = articles(items)
    assert (a1.title, a1.url, a1.source, a1.date) == ("Talks in Doha", "https://example.org/1", "Example Wire", "2023-04-02")
    assert a1.origin == f"{f}:1" and a1.id == article_id(good1["text"])
    assert a2.date == "2023-04" and a2.title is None and a2.origin == f"{f}:6"
    errs = errors(items)
    assert [e.origin for e in errs] == [f"{f}:2", f"{f}:3", f"{f}:5"]
    assert "bad JSON" in errs[0].reason
    assert "'text'" in errs[1].reason and "string" in errs[1].reason
    assert "missing field 'text'" in errs[2].reason


def test_jsonl_missing_date_falls_back_and_is_flagged(tmp_path):
    f = write(tmp_path / "feed.ndjson", json.dumps({"text": "Border guards detained eleven people near Lankaran."}))
    [a] = list(iter_inputs([str(f)], date="2024-02-29"))
    assert a.date == "2024-02-29" and a.date_inferred


def test_jsonl_datetime_is_cut_to_its_date(tmp_path):
    f = write(tmp_path / "feed.jsonl", json.dumps({"date": "2023-06-01T08:30:00Z", "text": "Troops withdrew from two villages."}))
    [a] = list(iter_inputs([str(f)]))
    assert a.date == "2023-06-01" and not a.date_inferred


# --- HTML ---------------------------------------------------------------------------

HOSTILE_PAGE = """<!doctype html><html><head>
<title>Curfew declared in Mandalay suburb</title>
<meta property="og:site_name" content="Irrawaddy Example Post">
<meta property="article:published_time" content="2023-02-11T07:00:00+00:00">
<script>window.stolen = document.cookie; alert('pwned')</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Curfew declared in Mandalay suburb</h1>
<p>Military authorities declared a night curfew in the Chanmyathazi township of Mandalay on Friday after
three soldiers were wounded in a grenade attack on a checkpoint, residents told reporters.</p>
<p onmouseover="steal()">A shopkeeper said patrols had detained at least nine young men overnight.
<script>document.write('<img src=x onerror=alert(2)>')</script> Their families said they had not been told where the men were taken.</p>
<img src="x.png" onerror="alert(3)">
<p>The township administrator did not answer calls seeking comment on the arrests or the curfew hours.</p>
</article><footer>Copyright Example Post</footer></body></html>"""


def test_html_extracts_text_title_date_site_and_never_markup(tmp_path):
    f = write(tmp_path / "page.html", HOSTILE_PAGE)
    [a] = list(iter_inputs([str(f)]))
    assert a.title == "Curfew declared in Mandalay suburb"
    assert a.date == "2023-02-11" and not a.date_inferred
    assert a.source == "Irrawaddy Example Post"
    assert "Chanmyathazi township" in a.text and "at least nine young men" in a.text
    for bad in ("<script", "alert", "onerror", "onmouseover", "document.cookie", "<img", "Copyright"):
        assert bad not in a.text
    assert not a.text.startswith("Curfew declared")      # headline is the title, not the body


def test_html_without_date_uses_fallback_flagged(tmp_path):
    page = ("<html><body><article><p>Farmers blocked the main road into Niamey on Tuesday to protest "
            "the new fuel levy, and police dispersed them with tear gas by the afternoon.</p>"
            "<p>Organisers said they would return next week if the levy stays.</p></article></body></html>")
    f = write(tmp_path / "p.htm", page)
    [a] = list(iter_inputs([str(f)], date="2023-09-09"))
    assert a.date == "2023-09-09" and a.date_inferred
    assert "fuel levy" in a.text


# --- directories, globs, stdin ------------------------------------------------------------

def test_directory_is_walked_recursively_skipping_hidden_and_unknown(tmp_path):
    write(tmp_path / "a.txt", "date 2023-01-01 Talks resumed in Geneva between the two delegations.")
    write(tmp_path / "sub" / "deeper" / "b.txt", "date 2023-01-02 Protesters marched through Tbilisi for a second night.")
    write(tmp_path / "sub" / "c.jsonl", json.dumps({"date": "2023-01-03", "text": "Sanctions were extended for six months."}))
    write(tmp_path / ".hidden.txt", "date 2023-01-04 This hidden file must be skipped entirely.")
    write(tmp_path / ".git" / "d.txt", "date 2023-01-05 This file inside a hidden folder must be skipped.")
    write(tmp_path / "notes.md", "date 2023-01-06 Unknown suffixes are not taken from a directory.")
    got = articles(iter_inputs([str(tmp_path)]))
    assert sorted(a.date for a in got) == ["2023-01-01", "2023-01-02", "2023-01-03"]
    assert count_inputs([str(tmp_path)]) == 3


def test_glob_selects_files_in_subfolders(tmp_path):
    write(tmp_path / "x" / "keep.txt", "date 2023-01-01 Kept: the delegation arrived in Yerevan.")
    write(tmp_path / "x" / "skip.html", "<html><body><p>Skipped page text about nothing.</p></body></html>")
    write(tmp_path / "notes.md", "date 2023-01-06 A markdown note picked by an explicit glob.")
    assert [a.date for a in articles(iter_inputs([str(tmp_path)], glob="*.txt"))] == ["2023-01-01"]
    assert sorted(a.date for a in articles(iter_inputs([str(tmp_path)], glob="**/*.md"))) == ["2023-01-06"]


def test_count_inputs_counts_jsonl_lines(tmp_path):
    write(tmp_path / "one.txt", "date 2023-01-01 body")
    write(tmp_path / "many.jsonl", '{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}')
    assert count_inputs([str(tmp_path), str(tmp_path / "one.txt")]) == 5


class FakeStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize("data, check", [
    (b'{"date": "2023-05-05", "title": "T", "text": "Militia fighters abducted two aid workers near Gao."}\n'
     b'{"date": "2023-05-06", "text": "The two aid workers were released unharmed near Gao."}\n',
     lambda got: [a.date for a in got] == ["2023-05-05", "2023-05-06"] and got[0].origin == "<stdin>:1"),
    (HOSTILE_PAGE.encode(), lambda got: got[0].title == "Curfew declared in Mandalay suburb" and "alert" not in got[0].text),
    (b"date 2023-05-07 Negotiators in Baku agreed to exchange prisoners next week.",
     lambda got: got[0].date == "2023-05-07" and got[0].text.startswith("Negotiators")),
])
def test_stdin_form_is_detected(monkeypatch, data, check):
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    got = articles(iter_inputs(["-"]))
    assert got and check(got)


def test_stdin_plain_text_without_date_gets_today_flagged(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"Police in Belgrade detained six students outside parliament."))
    [a] = articles(iter_inputs(["-"]))
    assert a.date == dt.date.today().isoformat() and a.date_inferred


def test_inputs_are_read_lazily(tmp_path):
    a = write(tmp_path / "a.txt", "date 2023-01-01 First article about talks in Ankara.")
    b = write(tmp_path / "b.txt", "date 2023-01-02 Second article about talks in Ankara.")
    it = iter_inputs([str(a), str(b)])
    assert next(it).date == "2023-01-01"
    b.unlink()                                   # not read yet: the generator reaches it only now
    [err] = list(it)
    assert isinstance(err, IngestError) and err.origin == str(b)


# --- encodings ----------------------------------------------------------------------

TEXT_UNICODE = "date 2023-03-03 The mayor of Besançon said “we will not close the shelters” — café owners agreed."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "cp1252"])
def test_encodings_decode_to_the_same_article(tmp_path, encoding):
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + TEXT_UNICODE.encode("utf-16-be")
    else:
        data = TEXT_UNICODE.encode(encoding)
    f = write(tmp_path / "enc.txt", data)
    [a] = list(iter_inputs([str(f)]))
    assert a.date == "2023-03-03"
    assert a.text == TEXT_UNICODE[len("date 2023-03-03 "):]


def test_cyrillic_cp1251_is_detected(tmp_path):
    body = ("Обстрел окраин Харькова продолжался всю ночь, сообщили местные власти. "
            "По их словам, пострадали по меньшей мере три человека, повреждены два жилых дома.")
    f = write(tmp_path / "ru.txt", ("date 2023-03-04 " + body).encode("cp1251"))
    [a] = list(iter_inputs([str(f)]))
    assert a.text == body and a.language == "ru"


# --- size, language, duplicates -----------------------------------------------------

def test_long_article_is_truncated_at_paragraph_boundary_not_dropped(tmp_path):
    para = "Convoys carrying flour and medicine crossed into the enclave at dawn. " * 5
    text = "date 2023-02-02 " + "\n\n".join(para.strip() for _ in range(40))
    f = write(tmp_path / "long.txt", text)
    [a] = list(iter_inputs([str(f)], max_chars=1000))
    assert a.truncated is True
    assert 500 <= len(a.text) <= 1000
    assert a.text.endswith("at dawn.")
    [full] = list(iter_inputs([str(f)]))
    assert full.truncated is False


def test_truncate_falls_back_to_sentence_boundary():
    text = "One sentence here. " * 100
    cut, flag = truncate_text(text, 105)
    assert flag and cut.endswith("here.") and len(cut) <= 105


def test_huge_file_is_read_capped_and_flagged(tmp_path):
    f = write(tmp_path / "huge.txt", "date 2023-02-02 " + ("Talks continued in Vienna today. " * 20000))
    [a] = list(iter_inputs([str(f)], max_chars=300))
    assert a.truncated and len(a.text) <= 300 and a.text.endswith("today.")


def test_non_english_article_stays_in_the_stream_flagged(tmp_path):
    es = ("date 2023-04-04 Miles de personas marcharon el sábado por el centro de Madrid para exigir "
          "la liberación de los periodistas detenidos, según informaron los organizadores de la protesta.")
    write(tmp_path / "es.txt", es)
    write(tmp_path / "en.txt", "date 2023-04-04 " + BODY)
    langs = sorted(a.language for a in articles(iter_inputs([str(tmp_path)])))
    assert langs == ["en", "es"]


def test_exact_duplicates_are_yielded_once_per_run(tmp_path):
    write(tmp_path / "a.txt", "date 2023-01-01 " + BODY)
    write(tmp_path / "b.txt", "date 2023-01-01 " + BODY.replace(" ", "   \n"))  # same normalized text
    write(tmp_path / "c.jsonl", json.dumps({"date": "2023-01-01", "text": BODY}))
    skipped = []
    got = articles(iter_inputs([str(tmp_path)], on_duplicate=skipped.append))
    assert len(got) == 1 and len(skipped) == 2
    assert {s.id for s in skipped} == {got[0].id}
    seen = {got[0].id}                           # e.g. pre-filled with ids already stored
    assert articles(iter_inputs([str(tmp_path)], seen=seen)) == []


# --- the shipped examples (what `make demo` ingests) ----------------------------------

EXAMPLES = os.path.join(os.path.dirname(__file__), os.pardir, "examples")


def test_examples_folder_reads_cleanly_with_every_input_kind():
    items = list(iter_inputs([EXAMPLES]))
    assert errors(items) == []
    got = articles(items)
    assert len(got) == count_inputs([EXAMPLES]) >= 15
    kinds = {os.path.splitext(a.origin.split(":")[0])[1] for a in got}
    assert kinds == {".txt", ".jsonl", ".html"}
    assert {a.date_precision for a in got} == {"day", "month"}
    assert [a.language for a in got if a.language != "en"] == ["fr"]
    html = [a for a in got if a.origin.endswith(".html")][0]
    assert html.title and html.source and "alert" not in html.text and "cookie" not in html.text
    assert any("Sign up for our newsletter" in a.text for a in got)   # scrape debris kept for the extractors


# --- language ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Romanian President Ion Popescu hosted Moldovan Prime Minister Ion Rusu in Bucharest.",
    "Anna Kovalenko, Oleh Bondar and Maria Melnyk met Taras Shevchuk in Kharkiv.",
    "Tarvik Valley: up to 4,000 people displaced",
])
def test_a_short_english_item_made_mostly_of_names_is_english(text):
    from eventwire.ingest.language import detect_language
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text,lang", [
    ("Le gouvernement a annoncé mardi que les négociations avec les syndicats reprendraient à Paris.", "fr"),
    ("El gobierno anunció el martes que las negociaciones con los sindicatos se reanudarán en Madrid.", "es"),
    ("Die Regierung hat am Dienstag angekündigt, dass die Verhandlungen in Berlin fortgesetzt werden.", "de"),
    ("DIE REGIERUNG HAT AM DIENSTAG ANGEKÜNDIGT, DASS DIE VERHANDLUNGEN FORTGESETZT WERDEN.", "de"),
])
def test_other_languages_are_still_told_apart_in_any_case(text, lang):
    from eventwire.ingest.language import detect_language
    assert detect_language(text) == lang
