"""What goes into the store comes back out: every record, with its spans."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from eventwire import query
from eventwire.store import SCHEMA_VERSION, Store, StoreError
from eventwire.store import schema as S

TEXT = ("Governor Olena Marchuk of the Vostrava region said on Tuesday that the Northern Brigade had shelled "
        "the village of Kalynove. \"We will not leave our homes, whatever they fire at us,\" Marchuk told "
        "reporters. At least 12 civilians were killed, according to the Vostrava Health Office.")


def seed_extraction(build):
    text = TEXT
    art = build.article(text, date="2023-03-15", title="Shelling of Kalynove", source="Example Wire",
                        url="https://example.org/kalynove", origin="kalynove.txt")
    marchuk = build.person(text, "Olena Marchuk", "Marchuk")
    brigade = build.org(text, "Northern Brigade")
    health = build.org(text, "Vostrava Health Office")
    kal = build.place(text, "Kalynove", 48.1, 36.2, cc="UA", geonameid=9990001)
    quote_text = "We will not leave our homes, whatever they fire at us,"
    q = build.Quote(text=quote_text, speaker="Olena Marchuk", speaker_type="PERSON",
                    span=build.find(text, quote_text), spans=[build.find(text, quote_text)],
                    speaker_span=build.find(text, "Marchuk", 1), sentence_span=(120, 200))
    fig = build.figure(12, "killed", "civilians", "Vostrava Health Office", lower_bound=True, text="12",
                       span=build.find(text, "12"), sentence_span=(200, len(text)))
    ev = build.event("ASSAULT", build.Actor("Northern Brigade", role="military", country="XA",
                                            span=build.find(text, "Northern Brigade")),
                     build.Actor("Kalynove residents", role="civilians"), "Kalynove", "2023-03-14",
                     mode="shelling", trigger="shelled", span=build.find(text, "shelled"),
                     sentence=text[:120], sentence_span=(0, 120), claimed_by="Olena Marchuk")
    return build.Extraction(article=art, entities=[marchuk, brigade, health], places=[kal], quotes=[q],
                            quantities=[fig], events=[ev])


def test_extraction_comes_back_exactly(store, build):
    x = seed_extraction(build)
    counts = store.add([x])
    assert counts["articles"] == 1 and counts["entities"] == 3 and counts["events"] == 1
    assert store.has_article(x.article.id)
    back = store.extraction(x.article.id)
    assert back.to_full_dict() == x.to_full_dict()


def test_article_view_links_items_to_rows(store, build):
    x = seed_extraction(build)
    store.add([x])
    view = query.article(store, x.article.id)
    assert view["article"]["text"] == TEXT
    assert view["article"]["date_precision"] == "day"
    ids = {e["name"]: e["entity_id"] for e in view["entities"]}
    assert view["quotes"][0]["speaker_entity_id"] == ids["Olena Marchuk"]
    assert view["quantities"][0]["source_entity_id"] == ids["Vostrava Health Office"]
    ev = view["events"][0]
    assert ev["source_entity_id"] == ids["Northern Brigade"]
    assert (ev["lat"], ev["lon"]) == (48.1, 36.2) and ev["place_id"] == view["places"][0]["place_id"]
    s, e = view["entities"][0]["spans"][0]
    assert TEXT[s:e] == "Olena Marchuk"


def test_stats_counts_everything(store, build):
    store.add([seed_extraction(build)])
    st = query.stats(store)
    for key in ("articles", "entities", "places", "quotes", "figures", "events", "stories"):
        assert key in st
    assert (st["articles"], st["entities"], st["places"], st["quotes"], st["figures"], st["events"],
            st["stories"]) == (1, 3, 1, 1, 1, 1, 1)


def test_unknown_article_is_none(store):
    assert store.article("0000") is None and not store.has_article("0000")


def test_schema_is_versioned_and_reopens(db_url, build):
    with Store.open(db_url) as s:
        s.add([seed_extraction(build)])
        assert s.schema_version == SCHEMA_VERSION
    with Store.open(db_url) as s:
        assert s.stats()["articles"] == 1


def test_a_schema_4_database_gains_the_event_background_column(db_url, build):
    with Store.open(db_url) as s:
        s.add([seed_extraction(build)])
        with s.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE events DROP COLUMN background")
            conn.execute(S.meta.update().where(S.meta.c.key == "schema_version").values(value="4"))
    with Store.open(db_url) as s:
        assert s.schema_version == SCHEMA_VERSION
        with s.engine.connect() as conn:
            flags = conn.exec_driver_sql("SELECT background FROM events").scalars().all()
        assert flags and not any(flags)       # events stored before the column are not background


def test_version_2_database_gains_place_resolution_from_feature(db_url, build):
    with Store.open(db_url) as s:
        s.add([seed_extraction(build)])
        with s.engine.begin() as conn:   # back to the version-2 shape: no resolution, case or background column
            conn.exec_driver_sql("ALTER TABLE events DROP COLUMN background")
            conn.exec_driver_sql("ALTER TABLE places DROP COLUMN resolution")
            conn.exec_driver_sql("ALTER TABLE articles DROP COLUMN text_case")
            conn.execute(S.meta.update().where(S.meta.c.key == "schema_version").values(value="2"))
    with Store.open(db_url) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert query.places(s)[0]["resolution"] == "city"


def test_event_export_location_carries_geonameid_and_resolution(store, build):
    from eventwire.query.plover import plover_record
    store.add([seed_extraction(build)])
    location = plover_record(next(query.iter_events(store)))["event_loc"]
    assert (location["geonameid"], location["resolution"], location["country_code"]) == (9990001, "city", "UKR")


def test_newer_schema_is_refused(db_url):
    with Store.open(db_url) as s, s.engine.begin() as conn:
        conn.execute(S.meta.update().where(S.meta.c.key == "schema_version").values(value="999"))
    with pytest.raises(StoreError, match="newer"):
        Store.open(db_url)


def test_sqlite_uses_wal_and_foreign_keys(tmp_path):
    with Store.open(str(tmp_path / "x.db")) as s, s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_non_english_article_is_stored_and_flagged(store, build):
    art = build.article("Der Bürgermeister wurde am Dienstag entführt.", language="de")
    store.add([build.Extraction(article=art)])
    assert store.stats()["non_english"] == 1
    assert query.articles(store)[0]["language"] == "de"


def test_values_are_bound_not_formatted(store, build):
    nasty = "O'Brien\"; DROP TABLE articles; --"
    art = build.article(f"A statement by {nasty} was read out in full today.")
    store.add([build.Extraction(article=art, entities=[build.person(art.text, nasty)])])
    assert query.entities(store, name="O'Brien")[0]["name"] == nasty
    assert query.entities(store, name="%") == []        # LIKE wildcards are escaped
    with store.engine.connect() as conn:
        assert conn.execute(select(S.articles.c.id)).scalar() == art.id


def test_full_text_search_and_bad_syntax(store, build):
    from eventwire.store import SearchSyntaxError
    x = seed_extraction(build)
    other = build.article("Farmers in the northern valley expect a good harvest this year.", date="2023-03-16")
    store.add([x, build.Extraction(article=other)])
    hits = query.articles(store, search="shelled village")
    assert [h["id"] for h in hits] == [x.article.id] and "shelled" in hits[0]["snippet"].lower()
    assert query.articles(store, search="harvest", since="2023-03-16")[0]["id"] == other.id
    assert query.articles(store, search="harvest", until="2023-03-15") == []
    for bad in ('"unbalanced', "village AND (", "NEAR("):
        try:
            query.articles(store, search=bad)
        except SearchSyntaxError as exc:
            assert "\n" not in str(exc)


def test_source_id_and_warnings_are_stored_and_come_back(store, build):
    x = seed_extraction(build)
    x.article.source_id = "wire-2023-0042"
    x.article.ingest_warnings = ["not UTF-8; encoding guessed as cp1252 (cp1254 reads as well)"]
    x.warnings = ["time budget of 5s ran out after places: entities, quotes, quantities, events not extracted"]
    store.add([x])
    back = store.extraction(x.article.id)
    assert back.to_full_dict() == x.to_full_dict()
    view = query.article(store, x.article.id)
    assert view["article"]["source_id"] == "wire-2023-0042" and view["warnings"] == x.warnings
    assert query.articles(store)[0]["source_id"] == "wire-2023-0042"
    assert {e["article_source_id"] for e in query.events(store)} == {"wire-2023-0042"}


def _as_version_1(db_url):
    """Turn a fresh database back into schema version 1: drop what versions 2 to 5 added, keep one article."""
    from sqlalchemy import text as sql

    with Store.open(db_url) as s, s.engine.begin() as conn:
        conn.execute(sql("ALTER TABLE events DROP COLUMN background"))
        conn.execute(sql("ALTER TABLE articles DROP COLUMN text_case"))
        conn.execute(sql("ALTER TABLE places DROP COLUMN resolution"))
        conn.execute(sql("DROP INDEX ix_articles_source_id"))
        for column in ("source_id", "ingest_warnings", "extraction_warnings"):
            conn.execute(sql(f"ALTER TABLE articles DROP COLUMN {column}"))
        conn.execute(S.meta.update().where(S.meta.c.key == "schema_version").values(value="1"))


def test_a_version_1_database_is_migrated_and_keeps_its_articles(db_url, build):
    old = seed_extraction(build)
    with Store.open(db_url) as s:
        s.add([old])
    _as_version_1(db_url)
    with Store.open(db_url) as s:
        assert s.schema_version == SCHEMA_VERSION == 5
        view = query.article(s, old.article.id)
        assert view["article"]["source_id"] is None and view["article"]["ingest_warnings"] == []
        assert view["warnings"] == [] and view["entities"]
        new = build.Extraction(article=build.article("Crews restored power in Kalynove on Wednesday.",
                                                     source_id="w-7"))
        s.add([new])
        assert query.article(s, new.article.id)["article"]["source_id"] == "w-7"


def test_a_read_only_open_never_creates_a_database(tmp_path):
    missing = tmp_path / "nope.db"
    with pytest.raises(StoreError, match="no eventwire database"):
        Store.open(str(missing), create=False)
    assert not missing.exists()
    missing.write_bytes(b"")                                   # an empty file is no eventwire database either
    with pytest.raises(StoreError, match="no eventwire database"):
        Store.open(str(missing), create=False)
