"""One person (or organization) is one row, whichever article named them and however."""
from __future__ import annotations

from eventwire import query


def _add(store, build, text, *entities, date="2023-06-01"):
    art = build.article(text, date=date)
    store.add([build.Extraction(article=art, entities=list(entities))])
    return art.id


def test_same_canonical_name_in_two_articles_is_one_entity(store, build):
    t1 = "Mayor Tomas Ferrand opened the bridge on Monday."
    t2 = "Tomas Ferrand, the mayor, closed the bridge again on Friday."
    a1 = _add(store, build, t1, build.person(t1, "Tomas Ferrand"), date="2023-06-01")
    a2 = _add(store, build, t2, build.person(t2, "Tomas Ferrand"), date="2023-06-05")
    [row] = query.entities(store, name="Ferrand")
    assert row["articles"] == 2 and row["first_seen"] == "2023-06-01" and row["last_seen"] == "2023-06-05"
    detail = query.entity(store, row["id"])
    assert {a["id"] for a in detail["articles"]} == {a1, a2}
    assert [t["date"] for t in detail["timeline"]] == ["2023-06-01", "2023-06-05"]


def test_known_alias_joins_the_full_name(store, build):
    t1 = "Tomas Ferrand opened the bridge. Ferrand said it was safe."
    t2 = "Ferrand closed the bridge again."
    _add(store, build, t1, build.person(t1, "Tomas Ferrand", "Ferrand"))
    _add(store, build, t2, build.person(t2, "Ferrand"))
    rows = query.entities(store, name="Ferrand")
    assert len(rows) == 1 and rows[0]["name"] == "Tomas Ferrand" and rows[0]["articles"] == 2
    assert rows[0]["aliases"] == ["Ferrand"]


def test_surname_first_then_full_name_upgrades_the_row(store, build):
    t1 = "Ferrand closed the bridge."
    t2 = "Tomas Ferrand reopened it; Ferrand said so."
    _add(store, build, t1, build.person(t1, "Ferrand"))
    _add(store, build, t2, build.person(t2, "Tomas Ferrand", "Ferrand"))
    [row] = query.entities(store, name="ferrand")
    assert row["name"] == "Tomas Ferrand" and row["articles"] == 2


def test_spelling_variant_alias_is_searchable(store, build):
    t = "Svetla Korun spoke first; later Korin (sic) repeated it."
    _add(store, build, t, build.person(t, "Svetla Korun", "Korin"))
    assert query.entities(store, name="Korin")[0]["name"] == "Svetla Korun"


def test_different_types_and_ambiguous_surnames_stay_apart(store, build):
    t1 = "Anna Brandt met Peter Brandt. Brandt Logistics was not there."
    _add(store, build, t1, build.person(t1, "Anna Brandt"), build.person(t1, "Peter Brandt"),
         build.org(t1, "Brandt Logistics"))
    t2 = "Anna Brandt and Brandt both spoke."
    _add(store, build, t2, build.person(t2, "Anna Brandt", "Brandt"))
    t3 = "Peter Brandt, or Brandt, left."
    _add(store, build, t3, build.person(t3, "Peter Brandt", "Brandt"))
    t4 = "Brandt left early."
    _add(store, build, t4, build.person(t4, "Brandt"))      # ambiguous: not forced onto either
    names = sorted(r["name"] for r in query.entities(store, name="Brandt"))
    assert names == ["Anna Brandt", "Brandt", "Brandt Logistics", "Peter Brandt"]
    assert {r["type"] for r in query.entities(store, name="Brandt", type="ORG")} == {"ORG"}


def test_accents_and_case_do_not_split_an_entity(store, build):
    t1 = "José Álvarez spoke."
    t2 = "JOSE ALVAREZ spoke again."
    _add(store, build, t1, build.person(t1, "José Álvarez"))
    _add(store, build, t2, build.person(t2, "JOSE ALVAREZ"))
    assert len(query.entities(store, name="lvarez")) == 1


def test_quotes_and_events_reach_the_entity_page(store, build):
    t = 'Tomas Ferrand said: "The bridge stays closed until Monday." Ferrand accused the Harbour Board of delays.'
    art = build.article(t)
    q = build.Quote(text="The bridge stays closed until Monday.", speaker="Tomas Ferrand", span=build.find(t, "The bridge"))
    ev = build.event("ACCUSE", "Ferrand", "Harbour Board", sentence=t[58:])
    store.add([build.Extraction(article=art, entities=[build.person(t, "Tomas Ferrand", "Ferrand"),
                                                       build.org(t, "Harbour Board")], quotes=[q], events=[ev])])
    [row] = query.entities(store, name="Tomas")
    detail = query.entity(store, row["id"])
    assert detail["quotes"][0]["text"].startswith("The bridge")
    assert detail["events"][0]["type"] == "ACCUSE" and detail["events"][0]["role"] == "source"
    board = query.entities(store, name="Harbour")[0]
    assert query.entity(store, board["id"])["events"][0]["role"] == "target"
    assert query.quotes(store, speaker="Ferrand")[0]["speaker"] == "Tomas Ferrand"
    assert query.events(store, actor="harbour")[0]["type"] == "ACCUSE"
    assert query.entity(store, 99999) is None
