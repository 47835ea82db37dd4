"""The command line over a temporary database: ingest, query, claims, stats, export."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.store import Store

ARTICLE_1 = """date 2023-04-11
Fire at a fuel depot near the town of Velmora

A drone struck a fuel depot outside Velmora on Monday, regional governor Mirela Dansk said.
"The fire is under control and nobody was hurt in the depot," Dansk told reporters.
"""
ARTICLE_2 = """date 2023-04-12
The Eastland Defence Ministry said 1,200 enemy soldiers had been killed so far. Mirela Dansk said the
shelling of Velmora continued overnight and that two people were injured.
"""
GERMAN = """date 2023-04-12
Der Bürgermeister der Stadt wurde am Dienstag von Unbekannten entführt, teilte die Polizei mit.
"""


def run(*args, input=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    return result


# -- ingest end to end (real pipeline; the extractors may find anything) ---------------------------------
@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    (root / "in").mkdir()
    (root / "in" / "a1.txt").write_text(ARTICLE_1)
    (root / "in" / "a2.txt").write_text(ARTICLE_2)
    (root / "in" / "de.txt").write_text(GERMAN)
    (root / "in" / "copy.txt").write_text(ARTICLE_1)             # exact duplicate
    (root / "in" / "bad.txt").write_bytes(b"\x00\x01\x02 binary")
    (root / "in" / "empty.txt").write_text("date 2023-04-12\n\n")
    db = root / "ew.db"
    first = run("ingest", root / "in", "--db", db, "--batch-size", 2)
    second = run("ingest", root / "in", "--db", db)
    return root, db, first, second


def test_ingest_stores_articles_and_reports_bad_inputs(ingested):
    root, db, first, _ = ingested
    assert first.exit_code == 1
    errors = [l for l in first.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 2 and any("bad.txt" in l for l in errors) and any("empty.txt" in l for l in errors)
    assert "Traceback" not in first.output
    assert "stored 3 new articles" in first.stdout
    with Store.open(str(db)) as s:
        st = s.stats()
    assert st["articles"] == 3 and st["non_english"] == 1


def test_rerun_is_idempotent_and_skips_nlp(ingested):
    root, db, first, second = ingested
    assert "stored 0 new articles" in second.stdout
    stats = json.loads(run("stats", "--json", "--db", db).stdout)
    assert stats["articles"] == 3
    for key in ("articles", "entities", "places", "quotes", "figures", "events", "stories"):
        assert isinstance(stats[key], int)


def test_ingest_stdin_with_date(tmp_path):
    db = tmp_path / "s.db"
    text = "A protest took place outside the city hall of Brenmouth on Sunday, organisers said."
    r = run("ingest", "-", "--date", "2023-02-02", "--db", db, input=text)
    assert r.exit_code == 0, r.output
    [row] = json.loads(run("query", "articles", "--json", "--db", db).stdout)
    assert row["date"] == "2023-02-02" and row["date_inferred"] is True


def test_ingest_bad_date_is_a_usage_error(tmp_path):
    r = run("ingest", tmp_path, "--date", "2023-13-45", "--db", tmp_path / "x.db")
    assert r.exit_code == 2 and "--date" in r.stderr


def test_ingest_missing_path_is_one_line(tmp_path):
    r = run("ingest", tmp_path / "nope.txt", "--db", tmp_path / "x.db")
    assert r.exit_code == 1
    assert [l for l in r.stderr.splitlines() if l.startswith("error:")] == [f"error: {tmp_path / 'nope.txt'}: no such file or directory"] \
        or "nope.txt" in r.stderr


def test_full_text_search_after_ingest(ingested):
    _, db, _, _ = ingested
    rows = json.loads(run("query", "articles", "--search", "depot", "--json", "--db", db).stdout)
    assert len(rows) == 1 and rows[0]["date"] == "2023-04-11" and "[depot]" in rows[0]["snippet"]
    rows = json.loads(run("query", "articles", "--since", "2023-04-12", "--json", "--db", db).stdout)
    assert {r["date"] for r in rows} == {"2023-04-12"} and len(rows) == 2


# -- queries over hand-built records --------------------------------------------------------------------
@pytest.fixture
def db(tmp_path, build):
    path = tmp_path / "q.db"
    t1 = "Shelling hit Velmora and Ostrivka. Governor Mirela Dansk said two people were injured."
    t2 = "Dansk said a drone hit a depot in Tarvik, far to the west. The Eastland Defence Ministry reported 1,200 soldiers killed."
    t3 = "The Eastland Defence Ministry reported 1,250 soldiers killed, and later 1,150 in a second statement."
    velmora = build.place(t1, "Velmora", 47.00, 33.00, cc="XA", geonameid=900001)
    ostrivka = build.place(t1, "Ostrivka", 47.30, 33.10, cc="XA", geonameid=900002)
    tarvik = build.place(t2, "Tarvik", 47.00, 25.00, cc="XA", geonameid=900003)
    dansk = build.person(t1, "Mirela Dansk", "Dansk")
    ministry = build.org(t2, "Eastland Defence Ministry")
    x1 = build.Extraction(
        article=build.article(t1, date="2023-04-10", title="Shelling in Velmora", source="Example Wire"),
        entities=[dansk], places=[velmora, ostrivka],
        quotes=[build.Quote(text="two people were injured in the shelling", speaker="Mirela Dansk")],
        quantities=[build.figure(2, "injured", "people", "Mirela Dansk")],
        events=[build.event("ASSAULT", build.Actor("Eastland", country="XE", role="military"), "Velmora residents",
                            "Velmora", "2023-04-09", mode="shelling", sentence="Shelling hit Velmora and Ostrivka.")])
    x2 = build.Extraction(
        article=build.article(t2, date="2023-04-11", title="Depot hit", source="Other Wire"),
        entities=[build.person(t2, "Dansk"), ministry], places=[tarvik],
        quantities=[build.figure(1200, "killed", "soldiers", "Eastland Defence Ministry")],
        events=[build.event("ASSAULT", "drone", "depot", "Tarvik", "2023-04-11", mode="drone",
                            sentence="Dansk said a drone hit a depot in Tarvik, far to the west."),
                build.event("ACCUSE", "Mirela Dansk", "Eastland", None, "2023-04-11")])
    x3 = build.Extraction(
        article=build.article(t3, date="2023-04-11", title="Ministry figures"),
        entities=[build.org(t3, "Eastland Defence Ministry")],
        quantities=[build.figure(1250, "killed", "soldiers", "Eastland Defence Ministry"),
                    build.figure(1150, "killed", "soldiers", "Eastland Defence Ministry")])
    with Store.open(str(path)) as s:
        s.add([x1, x2, x3])
    return path


def test_entities_table_json_and_csv(db):
    table = run("query", "entities", "--name", "dansk", "--db", db)
    assert table.exit_code == 0 and "Mirela Dansk" in table.stdout and "name" in table.stdout.splitlines()[0]
    [row] = json.loads(run("query", "entities", "--name", "dansk", "--json", "--db", db).stdout)
    assert row["articles"] == 2 and row["aliases"] == ["Dansk"]
    rows = list(csv.DictReader(io.StringIO(run("query", "entities", "--csv", "--db", db).stdout)))
    assert {r["name"] for r in rows} == {"Mirela Dansk", "Eastland Defence Ministry"}


def test_places_near_radius(db):
    rows = json.loads(run("query", "places", "--near", "47.0,33.0", "--km", "50", "--json", "--db", db).stdout)
    assert [r["name"] for r in rows] == ["Velmora", "Ostrivka"] and rows[0]["distance_km"] == 0
    rows = json.loads(run("query", "places", "--near", "47.0,33.0", "--km", "10", "--json", "--db", db).stdout)
    assert [r["name"] for r in rows] == ["Velmora"]
    assert "Tarvik" in run("query", "places", "--near", "47,25", "--db", db).stdout


def test_quotes_and_figures(db):
    rows = json.loads(run("query", "quotes", "--speaker", "Dansk", "--json", "--db", db).stdout)
    assert rows[0]["speaker"] == "Mirela Dansk"
    rows = json.loads(run("query", "figures", "--metric", "killed", "--since", "2023-04-11", "--json", "--db", db).stdout)
    assert sorted(r["value"] for r in rows) == [1150, 1200, 1250]
    assert json.loads(run("query", "figures", "--metric", "killed", "--until", "2023-04-10", "--json", "--db", db).stdout) == []


def test_events_filters(db):
    def events(*args):
        r = run("query", "events", *args, "--json", "--db", db)
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)
    assert len(events()) == 3
    assert [e["mode"] for e in events("--type", "assault")] == ["drone", "shelling"]
    assert [e["type"] for e in events("--actor", "Dansk")] == ["ACCUSE"]
    assert [e["place"] for e in events("--place", "Velmora", "--km", "50")] == ["Velmora"]
    assert [e["place"] for e in events("--near", "47,25", "--km", "5")] == ["Tarvik"]
    assert [e["place"] for e in events("--place", "tarv")] == ["Tarvik"]
    assert [e["date"] for e in events("--since", "2023-04-10", "--until", "2023-04-30")] == ["2023-04-11", "2023-04-11"]


def test_claims_flags_the_conflict(db):
    r = run("claims", "--metric", "killed", "--source", "Defence Ministry", "--db", db)
    assert r.exit_code == 0
    line = [l for l in r.stdout.splitlines() if "2023-04-11" in l][0]
    assert line.startswith("!") and "1,150 / 1,200 / 1,250" in line
    [row] = json.loads(run("claims", "--metric", "killed", "--json", "--db", db).stdout)
    assert row["conflict"] and row["values"] == [1150, 1200, 1250] and len(row["articles"]) == 2


@pytest.mark.parametrize("args, needle", [
    (["query", "events", "--type", "BOMBARD"], "--type"),
    (["query", "events", "--since", "yesterday"], "--since"),
    (["query", "places", "--near", "200,1"], "--near"),
    (["query", "places", "--near", "47"], "--near"),
    (["query", "places", "--near", "47,33", "--km", "-5"], "--km"),
    (["query", "places", "--km", "5"], "--km needs --near"),
    (["query", "events", "--km", "5"], "--km needs"),
    (["query", "events", "--place", "Nowhere", "--km", "5"], "no stored place"),
    (["query", "figures", "--metric", "eaten"], "--metric"),
    (["query", "articles", "--limit", "0"], "--limit"),
    (["claims", "--source", "x"], "--metric"),
    # integers beyond 64 bits and dates eventwire does not handle: one line, never a traceback
    (["query", "events", "--offset", "99999999999999999999999"], "--offset"),
    (["query", "articles", "--limit", "99999999999999999999999"], "--limit"),
    (["query", "entity", "99999999999999999999999"], "ENTITY_ID"),
    (["brief", "--date", "0001-01-01"], "year out of range"),
    (["query", "articles", "--since", "9999-01"], "year out of range"),
    # since after until: the same message as the API's
    (["query", "articles", "--since", "2023-05", "--until", "2023-04"], "since: 2023-05 is after until 2023-04"),
    (["query", "events", "--since", "2023-04-12", "--until", "2023-04-11"], "is after until"),
    (["brief", "--since", "2023-04-12", "--until", "2023-04-11"], "is after until"),
    (["claims", "--metric", "killed", "--since", "2024", "--until", "2023"], "is after until"),
])
def test_bad_parameters_are_usage_errors(db, args, needle):
    r = run(*args, "--db", db)
    assert r.exit_code == 2 and needle in r.stderr and "Traceback" not in r.output


@pytest.mark.parametrize("search", ['"unbalanced', "AND", "velmora AND (", "title:", "*", "NEAR("])
def test_fts_syntax_errors_are_one_line(db, search):
    r = run("query", "articles", "--search", search, "--db", db)
    assert r.exit_code in (0, 2) and "Traceback" not in r.output
    if r.exit_code == 2:
        assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("error: search")


def test_years_and_months_bound_a_query_and_a_brief(db):
    assert len(json.loads(run("query", "figures", "--since", "2023-04", "--until", "2023", "--json",
                              "--db", db).stdout)) == 4
    r = run("brief", "--date", "2023-04", "--format", "json", "--db", db)
    assert r.exit_code == 0 and json.loads(r.stdout)["period"]["until"] == "2023-04-30"


@pytest.mark.parametrize("args", [["stats"], ["query", "articles"], ["query", "article", "abc"], ["brief"],
                                  ["claims", "--metric", "killed"], ["export", "events"], ["serve"]])
def test_read_commands_on_a_database_that_does_not_exist_fail_and_create_nothing(tmp_path, args):
    missing = tmp_path / "typo.db"
    r = run(*args, "--db", missing)
    assert r.exit_code == 2 and "no eventwire database" in r.stderr and str(missing) in r.stderr
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_only_ingest_and_load_create_a_database(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_2)
    r = run("ingest", tmp_path / "a.txt", "--db", tmp_path / "new.db", "--workers", 1)
    assert r.exit_code == 0 and (tmp_path / "new.db").exists()
    (tmp_path / "batch" / "articles").mkdir(parents=True)
    r = run("load", tmp_path / "batch", "--db", tmp_path / "loaded.db")
    assert (tmp_path / "loaded.db").exists()


def test_extract_summary_says_unknown_for_a_missing_speaker_or_source(build, capsys):
    from eventwire.cli import _print_summary
    from eventwire.records import Place

    text = "At least 40 houses were damaged in Velmora. \"Nobody will leave,\" a man shouted."
    x = build.Extraction(article=build.article(text), quotes=[build.Quote(text="Nobody will leave,")],
                         quantities=[build.figure(40, "affected", "houses", None)],
                         places=[Place(name="Velmora", mentions=["Velmora"])])
    _print_summary("velmora", x)
    out = capsys.readouterr().out
    assert "None" not in out
    assert "unknown: \u201cNobody will leave," in out and "40 affected (houses; source unknown)" in out
    assert "Velmora (unknown) no coordinates" in out


def test_stats_names_the_per_article_event_count_for_what_it_is(db):
    out = run("stats", "--db", db).stdout
    assert "events counted per article" in out and "events per article" not in out
    assert json.loads(run("stats", "--json", "--db", db).stdout)["events_counted_per_article"] == 3


def test_stats_table_and_json(db):
    assert "articles" in run("stats", "--db", db).stdout
    st = json.loads(run("stats", "--json", "--db", db).stdout)
    assert (st["articles"], st["entities"], st["places"], st["figures"], st["events"]) == (3, 2, 3, 4, 3)


def test_export_events_formats(db, tmp_path):
    plover = [json.loads(l) for l in run("export", "events", "--format", "plover", "--db", db).stdout.splitlines()]
    assert len(plover) == 3
    shelling = [e for e in plover if e["mode"] == ["shelling"]][0]
    assert shelling["event"] == ["ASSAULT"] and shelling["actor"][0]["identifier_text"] == "Eastland"
    assert shelling["actor"][0]["code"] is None and shelling["actor"][0]["sector"] == "MIL"   # XE: no alpha-3
    assert shelling["event_loc"] == {"extracted_place": "Velmora", "resolved_place": "Velmora", "geonameid": 900001,
                                     "lat": 47.0, "lon": 33.0, "country_code": None, "resolution": "city"}
    assert shelling["text"] == "Shelling hit Velmora and Ostrivka." and shelling["article_id"]
    assert shelling["cite_info"] == {"url": None, "title": "Shelling in Velmora", "publication": "Example Wire"}
    out = tmp_path / "e.geojson"
    r = run("export", "events", "--format", "geojson", "--out", out, "--db", db)
    gj = json.loads(out.read_text())
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 2 and "1 without coordinates" in r.stderr
    rows = list(csv.DictReader(io.StringIO(run("export", "events", "--format", "csv", "--type", "ACCUSE",
                                               "--db", db).stdout)))
    assert [r["type"] for r in rows] == ["ACCUSE"]
    jl = run("export", "events", "--format", "jsonl", "--db", db).stdout.splitlines()
    assert len(jl) == 3
    pq = tmp_path / "e.parquet"
    run("export", "events", "--format", "parquet", "--out", pq, "--db", db)
    import pyarrow.parquet as parquet
    assert parquet.read_table(pq).num_rows == 3


def test_help_teaches_with_examples():
    for args in (["ingest"], ["query", "articles"], ["query", "events"], ["claims"], ["stats"], ["export", "events"]):
        out = run(*args, "--help").stdout
        assert "eventwire " + " ".join(args) in out


def test_the_input_id_is_shown_by_query_article_and_every_export(tmp_path, build):
    text = "Shelling hit Velmora overnight, the council said."
    x = build.Extraction(article=build.article(text, source_id="wire-0042"),
                         events=[build.event("ASSAULT", "Eastland", "Velmora residents", "Velmora", "2023-04-09",
                                             sentence=text)])
    db = tmp_path / "s.db"
    with Store.open(str(db)) as s:
        s.add([x])
    assert json.loads(run("query", "article", x.article.id, "--db", db).stdout)["article"]["source_id"] == "wire-0042"
    assert json.loads(run("query", "articles", "--json", "--db", db).stdout)[0]["source_id"] == "wire-0042"
    [row] = csv.DictReader(io.StringIO(run("export", "events", "--format", "csv", "--db", db).stdout))
    assert row["article_source_id"] == "wire-0042"
    assert json.loads(run("export", "events", "--format", "jsonl", "--db", db).stdout)["article_source_id"] == "wire-0042"
    assert json.loads(run("export", "events", "--db", db).stdout)["article_source_id"] == "wire-0042"   # plover
    run("export", "events", "--format", "parquet", "--out", tmp_path / "e.parquet", "--db", db)
    import pyarrow.parquet as parquet
    assert parquet.read_table(tmp_path / "e.parquet").column("article_source_id").to_pylist() == ["wire-0042"]
