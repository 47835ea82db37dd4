"""A figure tracked over time across articles, with conflicts flagged."""
from __future__ import annotations

from eventwire import query


def _report(build, date, value, source="General Staff of Eastland", object="enemy soldiers", metric="killed",
            extra=""):
    text = f"The {source} said on {date} that {value} {object} had been killed in total so far.{extra}"
    art = build.article(text, date=date)
    return build.Extraction(article=art, entities=[build.org(text, source)],
                            quantities=[build.figure(value, metric, object, source, text=str(value))])


def test_series_over_time_with_conflicts(store, build):
    store.add([
        _report(build, "2023-08-14", 43900),
        _report(build, "2023-08-15", 44000),
        _report(build, "2023-08-15", 44000, extra=" Republished."),         # same value, another article
        _report(build, "2023-08-16", 44100),
        _report(build, "2023-08-16", 41100, extra=" A typo in one feed."),  # deliberate conflict
        _report(build, "2023-08-17", 44050),                                # cumulative series goes down
        _report(build, "2023-08-16", 500, source="Western Command"),       # another source: another series
        _report(build, "2023-08-16", 12, metric="injured"),               # another metric
    ])
    rows = query.claims(store, "killed", source="General Staff")
    assert [r["date"] for r in rows] == ["2023-08-14", "2023-08-15", "2023-08-16", "2023-08-17"]
    by_date = {r["date"]: r for r in rows}
    assert by_date["2023-08-15"]["value"] == 44000 and len(by_date["2023-08-15"]["articles"]) == 2
    assert not by_date["2023-08-15"]["conflict"] and not by_date["2023-08-14"]["conflict"]
    conflict = by_date["2023-08-16"]
    assert conflict["conflict"] and conflict["value"] is None and conflict["values"] == [41100, 44100]
    assert "different values" in conflict["conflicts"][0]
    down = by_date["2023-08-17"]
    assert down["conflict"] and "goes down" in down["conflicts"][0]
    assert {r["source"] for r in rows} == {"General Staff of Eastland"}


def test_source_aliases_group_into_one_series(store, build):
    text1 = "The General Staff of Eastland (GSE) said 100 soldiers were killed."
    a1 = build.article(text1, date="2023-01-01")
    x1 = build.Extraction(article=a1, entities=[build.org(text1, "General Staff of Eastland", "GSE")],
                          quantities=[build.figure(100, source="GSE")])
    text2 = "GSE reported 120 soldiers killed."
    a2 = build.article(text2, date="2023-01-02")
    x2 = build.Extraction(article=a2, entities=[], quantities=[build.figure(120, source="GSE")])
    store.add([x1])
    store.add([x2])
    rows = query.claims(store, "killed", source="Eastland")
    assert [(r["date"], r["value"], r["source"]) for r in rows] == [
        ("2023-01-01", 100, "General Staff of Eastland"), ("2023-01-02", 120, "General Staff of Eastland")]


def test_object_filter_and_figures_query(store, build):
    store.add([_report(build, "2023-08-14", 10, object="tanks", metric="materiel_lost"),
               _report(build, "2023-08-14", 900, object="soldiers")])
    assert [r["value"] for r in query.claims(store, "materiel_lost", object="tank")] == [10]
    assert query.claims(store, "killed", object="tank") == []
    assert [f["value"] for f in query.figures(store, metric="killed", since="2023-08-01")] == [900]
    assert query.figures(store, metric="killed", since="2023-09") == []


def test_not_cumulative_turns_off_the_decrease_check(store, build):
    store.add([_report(build, "2023-08-14", 30), _report(build, "2023-08-15", 20)])
    assert query.claims(store, "killed")[1]["conflict"]
    assert not query.claims(store, "killed", cumulative=False)[1]["conflict"]
