"""`import eventwire` as a library: extract_text, open() -> Database, Records -> pandas / Arrow.

The contract: the same results as the command line (`extract --json`, `query ... --json/--csv`,
`claims`, `brief --format json`), the same parameter checks, and only eventwire's own errors.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import cli
from eventwire.query import MAX_LIMIT, tables
from eventwire.store import Store

# Invented text (no evaluation-set sentences).
TEXT = ("Artillery fire hit the river port of Mykolaiv on Tuesday, killing four dock workers, "
        "regional governor Mirela Dansk said. \"The cranes are silent tonight,\" Dansk told reporters. "
        "The Eastland Defence Ministry said its forces had shelled positions near Mykolaiv.")


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


# -- extract_text ------------------------------------------------------------------------------------------
def test_extract_text_to_dict_is_exactly_what_extract_json_prints():
    x = eventwire.extract_text(TEXT, date="2023-05-02", origin="<stdin>")
    printed = run("extract", "-", "--json", "--date", "2023-05-02", input=TEXT)
    assert printed.exit_code == 0, printed.output
    assert x.to_dict() == json.loads(printed.stdout)
    assert isinstance(x, eventwire.Extraction)
    assert x.places and all(isinstance(p, eventwire.Place) and p.spans for p in x.places)
    for item in (*x.quotes, *x.quantities, *x.events):
        start, end = item.span
        assert 0 <= start < end <= len(x.article.text)


def test_extract_text_of_a_file_is_what_extract_json_prints_for_the_file(tmp_path):
    path = tmp_path / "mykolaiv.txt"
    path.write_text("date 2023-05-02\n" + TEXT)
    printed = run("extract", path, "--json")
    assert eventwire.extract_text(path.read_text(), origin=str(path)).to_dict() == json.loads(printed.stdout)


def test_extract_text_dates_like_the_text_reader():
    headed = eventwire.extract_text("date 2021-07-09\n" + TEXT, date="2023-05-02")
    assert (headed.article.date, headed.article.date_inferred) == ("2021-07-09", False)
    given = eventwire.extract_text(TEXT, date="2023-05")
    assert (given.article.date, given.article.date_inferred) == ("2023-05", True)
    import datetime
    assert eventwire.extract_text(TEXT, date=datetime.date(2023, 5, 2)).article.date == "2023-05-02"
    today = eventwire.extract_text(TEXT, title="Velmora port")
    assert today.article.date == datetime.date.today().isoformat() and today.article.date_inferred
    assert today.article.title == "Velmora port"


def test_extract_text_loads_the_model_once(monkeypatch):
    import spacy

    eventwire.extract_text(TEXT, date="2023-05-02")
    monkeypatch.setattr(spacy, "load", lambda *a, **k: pytest.fail("the model was loaded a second time"))
    assert eventwire.extract_text(TEXT + " Later, more shelling was reported.", date="2023-05-02").events


@pytest.mark.parametrize("text,error", [("", eventwire.IngestError), ("   \n", eventwire.IngestError),
                                        (42, eventwire.IngestError)])
def test_extract_text_rejects_non_text_with_an_ingest_error(text, error):
    with pytest.raises(error):
        eventwire.extract_text(text, date="2023-05-02")


def test_extract_text_rejects_a_bad_date_naming_it():
    with pytest.raises(eventwire.QueryError, match="date"):
        eventwire.extract_text(TEXT, date="2023-13-45")


def test_a_missing_model_is_a_model_error():
    with pytest.raises(eventwire.ModelError):
        eventwire.extract_text(TEXT, date="2023-05-02", model="no_such_model_xyz")


# -- a database of hand-built records ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    from conftest import event, figure, find, make_article, org, person, place
    from eventwire.records import Extraction, Quote

    path = tmp_path_factory.mktemp("api") / "api.db"
    extractions = []
    for day, value in (("2023-05-01", 100), ("2023-05-02", 120), ("2023-05-02", 125), ("2023-05-03", 110)):
        text = (f"Mirela Dansk of the Eastland Defence Ministry said {value} soldiers were killed near Velmora. "
                f"\"We hold the line,\" Dansk said on {day}.")
        extractions.append(Extraction(
            article=make_article(text, date=day, title=f"Velmora report {day} {value}"),
            entities=[person(text, "Mirela Dansk", "Dansk"), org(text, "Eastland Defence Ministry")],
            places=[place(text, "Velmora", 48.1, 37.2)],
            quotes=[Quote(text="We hold the line", speaker="Mirela Dansk", speaker_type="PERSON",
                          span=find(text, "We hold the line"), sentence_span=(0, len(text)))],
            quantities=[figure(value, source="Eastland Defence Ministry", text=str(value), span=find(text, str(value)),
                               sentence_span=(0, len(text)))],
            events=[event("ASSAULT", "Eastland forces", "Velmora", "Velmora", date=day, trigger="killed",
                          span=find(text, "killed"), sentence=text, sentence_span=(0, len(text)))]))
    text = "Sixty rallies were held. " * 3
    many = Extraction(article=make_article(text, date="2023-04-01"),
                      events=[event("PROTEST", f"Group {i}", None, date="2023-04-01", trigger="rallies",
                                    span=find(text, "rallies"), sentence=text, sentence_span=(0, len(text)))
                              for i in range(60)])
    with Store.open(str(path)) as store:
        store.add(extractions + [many])
    return path


@pytest.fixture
def db(db_path):
    with eventwire.open(db_path) as d:
        yield d


QUERIES = [
    ("articles", {"since": "2023-05-02"}, ["query", "articles", "--since", "2023-05-02"]),
    ("entities", {"name": "dansk"}, ["query", "entities", "--name", "dansk"]),
    ("places", {"near": (48.1, 37.2), "km": 10}, ["query", "places", "--near", "48.1,37.2", "--km", "10"]),
    ("quotes", {"speaker": "Dansk"}, ["query", "quotes", "--speaker", "Dansk"]),
    ("figures", {"metric": "killed", "source": "Defence"}, ["query", "figures", "--metric", "killed",
                                                            "--source", "Defence"]),
    ("events", {"type": "assault", "place": "Velmora", "km": 20, "until": "2023-05-02"},
     ["query", "events", "--type", "ASSAULT", "--place", "Velmora", "--km", "20", "--until", "2023-05-02"]),
    ("claims", {"metric": "killed", "source": "Eastland"}, ["claims", "--metric", "killed", "--source", "Eastland"]),
]


@pytest.mark.parametrize("method,kwargs,command", QUERIES, ids=[q[0] for q in QUERIES])
def test_query_results_are_the_rows_the_cli_prints(db, db_path, method, kwargs, command):
    records = getattr(db, method)(**kwargs)
    assert isinstance(records, eventwire.Records) and records
    printed = run(*command, "--json", "--db", db_path)
    assert printed.exit_code == 0, printed.output
    assert json.loads(json.dumps(list(records))) == json.loads(printed.stdout)


@pytest.mark.parametrize("method,kwargs,command", QUERIES, ids=[q[0] for q in QUERIES])
def test_dataframe_and_arrow_columns_are_the_csv_columns(db, db_path, method, kwargs, command):
    records = getattr(db, method)(**kwargs)
    header = next(csv.reader(io.StringIO(run(*command, "--csv", "--db", db_path).stdout)))
    df = records.to_pandas()
    assert list(df.columns) == header and len(df) == len(records)
    table = records.to_arrow()
    assert table.column_names == header and table.num_rows == len(records)


@pytest.mark.parametrize("kind", sorted(tables.COLUMNS))
def test_known_columns_are_the_columns_of_real_rows(db, kind):
    rows = db.claims("killed") if kind == "claims" else getattr(db, kind)()
    assert rows and tables.columns(None, rows) == tables.COLUMNS[kind]


def test_an_empty_result_still_has_the_columns(db):
    empty = db.events(type="AGREE")
    assert empty == [] and list(empty.to_pandas().columns) == tables.COLUMNS["events"]
    assert empty.to_arrow().column_names == tables.COLUMNS["events"]


def test_claims_flag_the_conflicting_day(db):
    rows = db.claims(metric="killed", source="Eastland")
    by_date = {r["date"]: r for r in rows}
    assert by_date["2023-05-02"]["conflict"] and by_date["2023-05-02"]["values"] == [120.0, 125.0]
    assert by_date["2023-05-03"]["conflict"]                       # a running total that goes down
    assert not by_date["2023-05-01"]["conflict"]


def test_limit_is_checked_like_the_cli_and_none_means_every_match(db):
    assert len(db.events()) == 50                                  # the CLI's default page
    assert len(db.events(limit=None)) == 64
    assert len(db.events(limit=None, offset=60)) == 4
    for bad in (0, MAX_LIMIT + 1, "ten", 2.5):
        with pytest.raises(eventwire.QueryError, match="limit"):
            db.events(limit=bad)


@pytest.mark.parametrize("call,name", [
    (lambda d: d.events(type="NOT_A_TYPE"), "type"),
    (lambda d: d.events(since="2023-02-30"), "since"),
    (lambda d: d.events(near=(95, 0), km=5), "near"),
    (lambda d: d.events(km=5), "km"),
    (lambda d: d.events(place="Velmora", near=(48, 37)), "place"),
    (lambda d: d.places(km=5), "km"),
    (lambda d: d.figures(metric="eaten"), "metric"),
    (lambda d: d.claims(""), "metric"),
    (lambda d: d.entities(type="ANIMAL"), "type"),
    (lambda d: d.brief(date="2023-02-30"), "date"),
    (lambda d: d.articles(search='"unclosed'), "search"),
])
def test_bad_parameters_raise_eventwire_errors_naming_them(db, call, name):
    with pytest.raises(eventwire.EventwireError, match=name):
        call(db)


def test_brief_is_the_object_brief_json_prints(db, db_path):
    digest = db.brief(date="2023-05-02")
    printed = run("brief", "--date", "2023-05-02", "--format", "json", "--db", db_path)
    assert digest.to_dict() == json.loads(printed.stdout)
    assert digest.stories and digest.period["date"] == "2023-05-02"
    assert digest._repr_markdown_().startswith("# Latest developments")
    assert any(f["conflict"] for f in digest.figures)


def test_entity_and_article_lookups_give_none_for_unknown_ids(db):
    assert db.article("0000000000000000") is None and db.entity(999999) is None
    first = db.entities(name="Mirela")[0]
    assert db.entity(first["id"])["name"] == "Mirela Dansk"
    assert db.stats()["articles"] == 5


def test_to_pandas_without_pandas_names_the_extra(db, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)          # `import pandas` now raises ImportError
    with pytest.raises(eventwire.MissingExtraError, match=r"eventwire\[pandas\]"):
        db.events().to_pandas()


def test_a_broken_database_is_a_store_error_not_a_sqlalchemy_one(tmp_path):
    path = tmp_path / "broken.db"
    with eventwire.open(path) as d:
        with d.store.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE events")
        with pytest.raises(eventwire.StoreError, match="broken.db"):
            d.events()


def test_open_creates_a_missing_database_and_refuses_what_is_not_one(tmp_path):
    with eventwire.open(tmp_path / "new.db") as d:
        assert d.stats()["articles"] == 0
    assert (tmp_path / "new.db").exists()
    (tmp_path / "notes.db").write_text("not a database " * 100)
    with pytest.raises(eventwire.StoreError):
        eventwire.open(tmp_path / "notes.db")
    with pytest.raises(eventwire.StoreError):
        eventwire.open(tmp_path / "no" / "such" / "dir" / "x.db")


def test_ingest_stores_inputs_reports_errors_and_shows_no_progress_by_default(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "velmora.txt").write_text("date 2023-05-02\n" + TEXT)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    with eventwire.open(tmp_path / "ingest.db") as d:
        report = d.ingest(tmp_path / "in")
        again = d.ingest([str(tmp_path / "in")])
        assert d.places(name="Mykolaiv")
    assert isinstance(report, eventwire.IngestReport)
    assert (report.articles, report.errors, report.exit_code) == (1, 1, 1)
    assert "broken.txt" in report.error_lines[0]
    assert again.articles == 0 and again.skipped == 1
    assert report.summary("ingest.db").startswith("stored 1 new articles in ingest.db")
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_ingest_rejects_a_bad_batch_size_with_a_config_error(tmp_path):
    with eventwire.open(tmp_path / "b.db") as d, pytest.raises(eventwire.ConfigError, match="batch_size"):
        d.ingest([], batch_size=0)


def test_the_curated_names_are_exported_and_import_stays_light():
    for name in eventwire.__all__:
        assert hasattr(eventwire, name), name
    for error in ("ConfigError", "QueryError", "StoreError", "IngestError", "MissingExtraError"):
        assert issubclass(getattr(eventwire, error), eventwire.EventwireError)
    code = ("import sys, eventwire; heavy = [m for m in ('spacy', 'sqlalchemy', 'pandas', 'pyarrow') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
