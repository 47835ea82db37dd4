"""Property-based: every extractor, on any text, finishes without an exception (and without a
swallowed one: `extract` turns an extractor's exception into a warning, so warnings must be
empty), and every span it reports lies inside the text.  End to end, random files through
`ingest()` each end as stored output or one-line errors.  Real model, loaded once.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventwire.records import Article

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["Kharkiv", "Kramatorks", "Kherson", "Oblast", "said", "the", "General", "Staff", "of", "Ukraine", "Anna",
         "Melnyk", "Kovalenko", "Kovalenka", "he", "she", "They", "on", "Tuesday", "last", "week", "at", "least",
         "44,100", "1,886", "two", "dozen", "tanks", "soldiers", "were", "killed", "injured", "abducted", "shelled",
         "accused", "met", "Russia", "Kyiv", "\u201c", "\u201d", '"', "'", ",", ".", "!", "?", "(", ")", "-", "—",
         "Київ", "القاهرة", "\u200b", "\u00a0", "\t", "\n", "\n\n", "\x0b", "\x1f", "\u2028", "🙂", "%", "$5"]
newsy = st.lists(st.sampled_from(WORDS), min_size=1, max_size=120).map(" ".join)
texts = st.one_of(newsy, st.text(min_size=1, max_size=300),
                  st.text(st.characters(max_codepoint=0x3F), min_size=1, max_size=200),    # controls + punctuation
                  st.tuples(newsy, st.text(max_size=80), newsy).map("".join))


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load_nlp

    return load_nlp()


def check_extraction(x, text: str):
    failed = [w for w in x.warnings if "extraction failed" in w]
    assert failed == [], failed                             # no extractor raised (a case warning may be there)
    n = len(text)

    def inside(span):
        if span is None:
            return
        a, b = span
        assert 0 <= a <= b <= n, (span, n)

    for ent in x.entities:
        assert ent.name
        for s in list(ent.spans) + list(ent.sentence_spans):
            inside(s)
    for p in x.places:
        for s in list(p.spans) + list(p.sentence_spans):
            inside(s)
        if p.lat is not None:
            assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
    for q in x.quotes:
        inside(q.span)
        inside(q.sentence_span)
    for f in x.quantities:
        inside(f.span)
    for e in x.events:
        inside(e.span)
        inside(e.sentence_span)


def run(nlp, text: str, date="2022-08-17"):
    from eventwire.extract import extract
    from eventwire.nlp import parse

    article = Article(text=text, date=date, language="en")
    x = extract(parse(article, nlp))
    check_extraction(x, text)
    x.to_full_dict()                                       # serializable, as the store and --json need
    return x


@SETTINGS
@given(text=texts, date=st.sampled_from(["2022-08-17", "2022-08", "2022", None]))
@example(text="\n", date="2022-08-17")
@example(text=" \t\u3000", date=None)
@example(text="\x00\x01\x02 Kharkiv \x7f", date="2022-08-17")
@example(text="said said said \u201c\u201c\u201d\u201d he said", date="2022")
@example(text="at least at least 44,100 1,886 two two two", date="2022-08")
def test_every_extractor_survives_random_text(nlp, text, date):
    run(nlp, text, date)


def test_every_extractor_survives_a_very_long_line(nlp):
    line = " ".join(["Shelling hit Kharkiv on Tuesday, governor Anna Melnyk said, and at least 12 were injured"] * 120)
    assert "\n" not in line and len(line) > 10_000
    x = run(nlp, line)
    assert x.entities and x.quantities


def test_ten_megabyte_article_is_truncated_by_the_limit_then_extracted(nlp, tmp_path, monkeypatch):
    from eventwire.ingestion import ingest
    from eventwire.store import Store

    para = "Governor Anna Melnyk said 12 people were injured in Kharkiv on Tuesday.\n\n"
    f = tmp_path / "huge.txt"
    f.write_text("date 2022-08-17\n\n" + para * (10_500_000 // len(para)), encoding="utf-8")
    assert f.stat().st_size > 10_000_000
    monkeypatch.setenv("EVENTWIRE_MAX_ARTICLE_CHARS", "15000")
    with Store.open(str(tmp_path / "h.db")) as store:
        report = ingest([str(f)], store, workers=1)
        assert (report.articles, report.truncated, report.errors, report.warnings) == (1, 1, 0, 0)
        stats = store.stats()
    assert stats["articles"] == 1 and stats["figures"] >= 1 and stats["places"] >= 1


def test_default_size_limit_fits_the_parser(nlp):
    from eventwire.config import limits

    assert limits().max_article_chars < nlp.max_length       # a maximal article never hits spaCy's E088


# -- end to end: random files -> ingest() -> stored output or one-line errors ------------------------------
files = st.lists(st.tuples(st.sampled_from([".txt", ".jsonl", ".html"]),
                           st.one_of(st.binary(max_size=300), texts.map(str.encode),
                                     texts.map(lambda t: ("date 2023-02-03\n" + t).encode("utf-16")),
                                     texts.map(lambda t: f'{{"date": "2023-02-03", "text": {t!r}}}\n'.encode()),
                                     texts.map(lambda t: f"<html><body><p>{t}</p></body></html>".encode()))),
                 min_size=1, max_size=4)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs=files)
def test_random_files_end_as_stored_articles_or_one_line_errors(nlp, inputs):
    from eventwire.ingest.readers import iter_inputs
    from eventwire.ingestion import ingest
    from eventwire.store import Store

    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, (suffix, data) in enumerate(inputs):
            p = Path(d) / f"in{i}{suffix}"
            p.write_bytes(data)
            paths.append(str(p))
        errors: list = []
        with Store.open(str(Path(d) / "fuzz.db")) as store:
            report = ingest(paths, store, date="2023-01-01", batch_size=2, workers=1, on_error=errors.append)
            read = [a for a in iter_inputs(paths, date="2023-01-01") if isinstance(a, Article)]
            expected = {a.id for a in read}
            stored = {r[0] for r in store.engine.connect().exec_driver_sql("SELECT id FROM articles")}
            assert stored == expected
        # the only warnings are the readers' (a guessed encoding): no extractor raised
        assert not report.interrupted and report.warnings == sum(len(a.ingest_warnings) for a in read)
        assert report.errors == len(errors) and report.articles == len(expected)
        for err in errors:
            assert "\n" not in str(err) and any(str(err).startswith(p) for p in paths)
        # every input produced something: an article or an error naming it
        for p in paths:
            assert any(str(e).startswith(p) for e in errors) or any(
                a.origin.startswith(p) for a in iter_inputs([p], date="2023-01-01") if isinstance(a, Article))
