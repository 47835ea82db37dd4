"""Bounded work per article: long articles are parsed in pieces that join back exactly, each article
has a time budget after which it is stored with what was extracted and a warning, peak memory stays
under 1 GiB, and progress says which article is being worked on (invented articles throughout)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from _long_article import long_article
from eventwire.nlp import CHUNK_CHARS, paragraph_chunks, parse
from eventwire.nlp.pipeline import parse_long
from eventwire.records import Article

TESTS = Path(__file__).parent


def test_long_text_is_cut_at_blank_lines_into_pieces_that_join_back_exactly():
    text = long_article(100_000)
    pieces = paragraph_chunks(text, 20_000)
    assert "".join(pieces) == text and len(pieces) >= 5
    assert all(len(p) <= 20_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])


def test_without_blank_lines_pieces_end_at_a_line_break_then_a_sentence_then_a_space_then_anywhere():
    lines = "\n".join("The ferry to Mykolaiv left at dawn with forty passengers." for _ in range(50))
    assert all(p.endswith("\n") for p in paragraph_chunks(lines, 500)[:-1])
    one_line = " ".join("The ferry to Mykolaiv left at dawn with forty passengers." for _ in range(50))
    assert all(p.endswith(". ") for p in paragraph_chunks(one_line, 500)[:-1])
    words = " ".join("ferry" for _ in range(500))
    assert all(p.endswith(" ") for p in paragraph_chunks(words, 500)[:-1])
    blob = "x" * 1234
    assert [len(p) for p in paragraph_chunks(blob, 500)] == [500, 500, 234]
    for text in (lines, one_line, words, blob, "", "short"):
        assert "".join(paragraph_chunks(text, 500)) == text


def test_a_long_article_parses_into_one_doc_of_its_exact_text_and_its_spans_map_back(nlp):
    text = long_article(3 * CHUNK_CHARS + 5_000, seed=4)
    parsed = parse(Article(text=text, date="2023-03-01", language="en"), nlp)
    doc = parsed.doc
    assert parsed.complete and doc.text == text
    assert len(doc.ents) > 50 and all(text[e.start_char:e.end_char] == e.text for e in doc.ents)
    assert all(text[s.start_char:s.end_char] == s.text for s in doc.sents)
    # a paragraph boundary that was a cut between pieces still starts a sentence
    second = len(paragraph_chunks(text)[0])
    assert doc.char_span(second, second + 5, alignment_mode="expand")[0].is_sent_start

    from eventwire.extract import extract
    x = extract(parsed)
    assert x.warnings == [] and x.entities and x.places and x.quotes and x.quantities and x.events
    for ent in x.entities:
        for a, b in ent.spans:
            assert text[a:b] in {ent.name, *ent.aliases} or text[a:b].strip(".,") in {ent.name, *ent.aliases}
    for q in x.quotes:
        assert text[q.span[0]:q.span[1]] and text[q.span[0]:q.span[1]] in q.text
    for f in x.quantities:
        assert text[f.span[0]:f.span[1]] and text[f.span[0]:f.span[1]] in f.text


def test_a_budget_that_runs_out_while_parsing_keeps_the_whole_text_and_says_so(nlp):
    from eventwire.extract import extract

    text = long_article(3 * CHUNK_CHARS, seed=5)
    parsed = parse_long(Article(text=text, date="2023-03-01", language="en"), nlp, max_seconds=1e-6)
    assert not parsed.complete and parsed.doc.text == text
    x = extract(parsed)
    assert x.entities == [] and x.events == []
    assert x.warnings == ["time budget of 1e-06s ran out while parsing: places, entities, mentions, quotes, quantities, "
                          "events not extracted"]


def test_a_budget_that_runs_out_between_extractors_keeps_what_was_extracted(nlp, monkeypatch):
    import eventwire.extract as ex

    slow_places = ex.Extractor("places", lambda parsed: (time.sleep(0.5), ex.extract_places(parsed))[1],
                               needs=("parsed",))
    monkeypatch.setattr(ex, "EXTRACTORS", (slow_places,) + ex.EXTRACTORS[1:])
    text = "Officials in Kharkiv, Ukraine, said two people were injured, Olena Marchuk told reporters."
    parsed = parse(Article(text=text, date="2023-03-01", language="en"), nlp)
    parsed.budget, parsed.deadline = 0.3, time.monotonic() + 0.3       # the clock starts after the parse here
    x = ex.extract(parsed)
    assert [p.name for p in x.places] == ["Kharkiv", "Ukraine"] and x.entities == []
    assert x.warnings == ["time budget of 0.3s ran out after places: entities, mentions, quotes, quantities, events "
                          "not extracted"]


def test_ingest_stores_an_article_past_its_budget_with_the_warning(tmp_path, monkeypatch):
    from eventwire.cli import cli

    (tmp_path / "a.txt").write_text("date 2023-03-01\nShelling hit Kharkiv on Monday, the governor said.\n")
    db = tmp_path / "x.db"
    runner = CliRunner()
    r = runner.invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--db", str(db), "--workers", "1",
                            "--max-seconds", "0.000001"])
    assert r.exit_code == 0, r.output
    assert "stored 1 new articles" in r.output and "time budget of 1e-06s ran out" in r.output
    [row] = json.loads(runner.invoke(cli, ["query", "articles", "--json", "--db", str(db)]).output)
    stored = json.loads(runner.invoke(cli, ["query", "article", row["id"], "--db", str(db)]).output)
    assert stored["article"]["text"].startswith("Shelling hit Kharkiv") and stored["entities"] == []
    assert stored["warnings"][0].startswith("time budget of 1e-06s ran out")

    monkeypatch.setenv("EVENTWIRE_MAX_ARTICLE_SECONDS", "0.000001")       # the same from the environment
    (tmp_path / "b.txt").write_text("date 2023-03-02\nThe governor of Odesa said the port reopened.\n")
    r = runner.invoke(cli, ["ingest", str(tmp_path / "b.txt"), "--db", str(db), "--workers", "1"])
    assert r.exit_code == 0 and "time budget of 1e-06s ran out" in r.output


def test_while_one_article_takes_long_progress_names_it(tmp_path):
    from eventwire.ingestion import ingest
    from eventwire.store import Store

    (tmp_path / "long.txt").write_text("date 2023-03-01\n" + long_article(2 * CHUNK_CHARS, seed=6))
    busy = []
    with Store.open(str(tmp_path / "x.db")) as store:
        report = ingest([str(tmp_path / "long.txt")], store, workers=1, handle_sigint=False, busy_every=0.2,
                        on_busy=lambda article, seconds: busy.append((article.origin, len(article.text), seconds)))
    assert report.articles == 1
    assert busy and busy[0][0] == str(tmp_path / "long.txt") and busy[0][1] > 2 * CHUNK_CHARS - 1000
    assert busy[-1][2] >= busy[0][2] >= 0.2


def test_progress_line_names_the_long_article_and_never_counts_past_its_total(capsys):
    from eventwire.cli import _Progress

    bar = _Progress(16, enabled=False)
    bar.busy(Article(text="x" * 250_000, origin="big.txt", date="2023-01-01"), 42)
    bar.last_log = float("-inf")
    bar.update(17)
    err = capsys.readouterr().err
    busy, done = err.splitlines()
    assert busy == "ingest: 0/16 articles, working on big.txt (250,000 characters) for 42s"
    assert done.startswith("ingest: 17/17 articles")


def test_the_progress_total_counts_every_line_an_ingest_reports(tmp_path):
    from eventwire.ingest.readers import count_inputs, iter_inputs

    (tmp_path / "a.txt").write_text("date 2023-01-01\nThe bridge at Izium reopened.\n")
    (tmp_path / "feed").write_text('{"date": "2023-01-01", "text": "One."}\n{"date": "2023-01-01", "text": "Two."}\n')
    (tmp_path / "empty.jsonl").write_text("")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    inputs = [str(tmp_path), str(tmp_path / "feed"), str(tmp_path / "missing.txt")]
    assert count_inputs(inputs) == len(list(iter_inputs(inputs))) == 6


@pytest.mark.slow
def test_peak_memory_for_a_large_article_stays_under_one_gib():
    code = textwrap.dedent(f"""
        import json, sys, time
        sys.path.insert(0, {str(TESTS)!r})
        from _long_article import long_article
        from eventwire.pipeline import extract_articles
        from eventwire.records import Article
        text = long_article(300_000, seed=8)
        started = time.monotonic()
        [x] = extract_articles([Article(text=text, date="2023-03-01", language="en")], max_seconds=0)
        peak = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")][0] // 1024
        print(json.dumps({{"peak_mib": peak, "seconds": time.monotonic() - started, "warnings": x.warnings,
                          "events": len(x.events)}}))
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1800,
                       env=dict(os.environ, EVENTWIRE_MAX_ARTICLE_CHARS="1000000"))
    assert r.returncode == 0, r.stderr[-2000:]
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert got["warnings"] == [] and got["events"] > 100
    assert got["peak_mib"] < 1024, got
