"""`export events --format plover`: every record meets the JSON Schema written from the PLOVER manual,
for events of the real pipeline and for hand-built edge cases.  Articles are invented."""
from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.query.plover import alpha3, schema
from eventwire.store import Store

ARTICLES = {
    "a.txt": """date 2023-03-14
Norland shells Sudrian border town

Norland forces shelled the Sudrian town of Kassala on Monday, killing four civilians, the Sudrian army said.
Sudria accused Norland of targeting a market. Norland denied the claim.
Refugees have crossed into Chad since Norland invaded Sudria in February 2022.
""",
    "b.txt": """date 2023-03-15
Talks in Geneva

The United Nations urged both sides to return to talks. Hundreds of students marched against the war in Khartoum.
""",
}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("plover")
    for name, text in ARTICLES.items():
        (root / name).write_text(text)
    db = root / "ew.db"
    assert run("ingest", root / "a.txt", root / "b.txt", "--db", db).exit_code == 0
    out = run("export", "events", "--format", "plover", "--db", db)
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_every_exported_record_meets_the_schema(exported):
    assert exported, "the invented articles code some events"
    validator = jsonschema.Draft202012Validator(schema())
    for record in exported:
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{record['id']}: {errors[0].message}"


def test_records_carry_actors_with_codes_sectors_and_their_words(exported):
    shelled = [r for r in exported if r["event"] == ["ASSAULT"] and r["actor"]
               and r["actor"][0]["identifier_text"] == "Norland" and not r["context"]]
    assert shelled
    actor = shelled[0]["actor"][0]
    assert actor["entity_text"] in shelled[0]["text"]
    assert shelled[0]["text_info"]["start"] < shelled[0]["text_info"]["end"]
    assert set(shelled[0]["cite_info"]) == {"url", "title", "publication"}


def test_background_event_has_the_historical_context(exported):
    invaded = [r for r in exported if r["context"] == ["historical"]]
    assert invaded and all(r["date"].startswith("2022") for r in invaded)


def test_hand_built_edge_cases_meet_the_schema(tmp_path, build):
    text = "An explosion hit Velmora."
    velmora = build.place(text, "Velmora", 47.0, 33.0, cc="UA", geonameid=900001)
    x = build.Extraction(article=build.article(text, date="2023-04-10"), places=[velmora], events=[
        build.event("ASSAULT", None, build.Actor("Velmora", country="UA", role="other"), "Velmora", "2023-04"),
        build.event("ACCUSE", build.Actor("Eastland", role="government"), None, None, None, background=True),
    ])
    x.events[0].place_detail = velmora
    db = tmp_path / "e.db"
    with Store.open(str(db)) as s:
        s.add([x])
    records = [json.loads(l) for l in run("export", "events", "--format", "plover", "--db", db).stdout.splitlines()]
    validator = jsonschema.Draft202012Validator(schema())
    for record in records:
        assert not list(validator.iter_errors(record)), record
    located = [r for r in records if r["event_loc"]][0]
    assert located["event_loc"]["country_code"] == "UKR" and located["event_loc"]["geonameid"] == 900001
    assert located["actor"] == [] and located["recipient"][0]["code"] == "UKR"


def test_alpha3_codes():
    assert alpha3("ua") == "UKR" and alpha3("SD") == "SDN" and alpha3(None) is None and alpha3("XX") is None
