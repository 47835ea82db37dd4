"""The daily brief: stories grouped and ranked, extractive leads, figure deltas, conflicts, safe HTML.

Invented articles over two days (2023-05-01 "yesterday", 2023-05-02 "today"), stored as hand-built
records so that the test checks the brief's logic, not the extractors' quality; one test runs the
real pipeline end to end.
"""
from __future__ import annotations

import json

import pytest

from eventwire.query import QueryError
from eventwire.query.brief import build_brief, first_sentence, to_dict, to_html, to_json, to_markdown
from eventwire.records import Actor, Article, Entity, Event, Extraction, Place, Quantity, Quote

YESTERDAY, TODAY = "2023-05-01", "2023-05-02"


def _find(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return (i, i + len(needle))


def _riverton(text: str) -> Place:
    return Place(name="Riverton", mentions=["Riverton"], country_code="XA", lat=48.5, lon=35.0, geonameid=9900001,
                 feature="city", spans=[_find(text, "Riverton")], sentence_spans=[(0, len(text))])


def _event(text, type_, sentence, source=None, target=None, place=None):
    return Event(type=type_, source=Actor(source) if source else None, target=Actor(target) if target else None,
                 place=place.name if place else None, place_detail=place, date=None, trigger=type_.lower(),
                 sentence=sentence, sentence_span=_find(text, sentence), span=_find(text, sentence))


def _figure(text, written, value, metric, object=None, source=None, lower=False, context=None):
    """A figure whose number, as written, is the first ``written`` inside ``context`` (default: itself)."""
    start = text.index(context or written) + (context or written).index(written)
    return Quantity(value=value, metric=metric, object=object, source=source, lower_bound=lower, text=written,
                    span=(start, start + len(written)), sentence_span=(0, len(text)))


def _quote(text, quoted, speaker):
    return Quote(text=quoted, speaker=speaker, speaker_type="PERSON", span=_find(text, quoted),
                 spans=[_find(text, quoted)], sentence_span=(0, len(text)))


def _person(text, name, type_="PERSON"):
    return Entity(name=name, type=type_, spans=[_find(text, name)], sentence_spans=[(0, len(text))])


def _talks(date, source, extra=""):
    lead = "Foreign Minister Karl Brandt met Foreign Minister Lena Ost in Capitol City for border talks."
    text = f"{lead} Both sides called the meeting useful.{extra}"
    return Extraction(article=Article(text=text, date=date, source=source, title="Border talks continue"),
                      entities=[_person(text, "Karl Brandt"), _person(text, "Lena Ost")],
                      events=[_event(text, "CONSULT", lead, "Karl Brandt", "Lena Ost")])


def _tally(date, killed, injured, tanks, extra=""):
    lead = f"The General Staff of Eastland said {killed} enemy soldiers had been killed so far."
    text = f"{lead} It said {injured} were wounded and {tanks} tanks destroyed.{extra}"
    gs = "General Staff of Eastland"
    return Extraction(article=Article(text=text, date=date, source="Eastland Gazette", title=f"Losses on {date}"),
                      entities=[_person(text, gs, "ORG")],
                      quantities=[_figure(text, str(killed), killed, "killed", "enemy soldiers", gs),
                                  _figure(text, str(injured), injured, "injured", "enemy soldiers", gs,
                                          context=f"{injured} were"),
                                  _figure(text, str(tanks), tanks, "materiel_lost", "tanks", gs,
                                          context=f"{tanks} tanks")])


# today's shelling story, told by two outlets with different words (not near-duplicates)
SHELL_A_LEAD = "Northland artillery shelled the centre of Riverton on Tuesday, killing at least 12 civilians."
SHELL_A = (f"{SHELL_A_LEAD} The regional governor said rescuers were still searching the rubble. "
           "\u201cWe have lost our school,\u201d said Anna Petrova, a teacher.")
SHELL_B = ("Residents of Riverton woke to explosions. Northland forces shelled the town overnight, "
           "wounding 3 people, officials said. \u201cThe whole street is gone and nobody came to warn us "
           "before the shells fell,\u201d Anna Petrova said.")
MOBILIZE = ("Northland announced on Tuesday that it would call up 5,000 reservists. "
            "The defence ministry said the call-up would start next week.")


def _today_articles():
    a_text, b_text = SHELL_A, SHELL_B
    a = Extraction(
        article=Article(text=a_text, date=TODAY, source="Wire One", title="Shelling kills 12 in Riverton"),
        entities=[_person(a_text, "Anna Petrova")], places=[_riverton(a_text)],
        quantities=[_figure(a_text, "12", 12, "killed", "civilians", "regional governor", lower=True,
                            context="12 civilians")],
        quotes=[_quote(a_text, "We have lost our school", "Anna Petrova")],
        events=[_event(a_text, "ASSAULT", SHELL_A_LEAD, "Northland", None, _riverton(a_text))])
    b_sentence = "Northland forces shelled the town overnight, wounding 3 people, officials said."
    b = Extraction(
        article=Article(text=b_text, date=TODAY, source="Daily Two", title="Riverton shelled overnight"),
        entities=[_person(b_text, "Anna Petrova")], places=[_riverton(b_text)],
        quantities=[_figure(b_text, "3", 3, "injured", "people", "officials")],
        quotes=[_quote(b_text, "The whole street is gone and nobody came to warn us before the shells fell",
                       "Anna Petrova")],
        events=[_event(b_text, "ASSAULT", b_sentence, "Northland", None, _riverton(b_text))])
    m_lead = "Northland announced on Tuesday that it would call up 5,000 reservists."
    mob = Extraction(article=Article(text=MOBILIZE, date=TODAY, source="Daily Two", title="Call-up"),
                     quantities=[_figure(MOBILIZE, "5,000", 5000, "deployed", "reservists", "Northland")],
                     events=[_event(MOBILIZE, "MOBILIZE", m_lead, "Northland")])
    return a, b, mob


@pytest.fixture
def two_days(store):
    """Yesterday: talks + a tally.  Today: shelling (2 outlets), call-up, the same talks republished twice
    (one near-duplicate cluster), two tallies that disagree."""
    store.add([_talks(YESTERDAY, "Wire One"), _tally(YESTERDAY, 1000, 200, 50)])
    a, b, mob = _today_articles()
    talks1 = _talks(TODAY, "Wire One", extra=" Talks resume today.")
    talks2 = _talks(TODAY, "Wire One", extra=" Talks resume today. Republished.")
    store.add([a, b, mob, talks1, talks2], story_ids={talks1.article.id: "talks-story",
                                                      talks2.article.id: "talks-story",
                                                      a.article.id: a.article.id, b.article.id: b.article.id,
                                                      mob.article.id: mob.article.id})
    t1, t2 = _tally(TODAY, 1100, 230, 45), _tally(TODAY, 1150, 230, 45, extra=" Updated.")
    store.add([t1, t2], story_ids={t1.article.id: t1.article.id, t2.article.id: t2.article.id})
    return {"shell_a": a, "shell_b": b, "mobilize": mob, "talks": (talks1, talks2), "tallies": (t1, t2)}


def _story_with(brief, article_id):
    return next(s for s in brief.stories if article_id in {a["id"] for a in s.articles})


def test_stories_grouped_by_near_duplicate_cluster_and_shared_event(store, two_days):
    brief = build_brief(store, date=TODAY)
    a, b = two_days["shell_a"].article.id, two_days["shell_b"].article.id
    shelling = _story_with(brief, a)
    assert {x["id"] for x in shelling.articles} == {a, b}          # same event: ASSAULT, Northland, Riverton
    assert shelling.independent_sources == 2
    talks = _story_with(brief, two_days["talks"][0].article.id)
    assert {x["id"] for x in talks.articles} == {x.article.id for x in two_days["talks"]}  # one cluster
    assert talks.independent_sources == 1                          # one outlet, one wire story
    tally = _story_with(brief, two_days["tallies"][0].article.id)   # one source's daily tally, two articles
    assert {x["id"] for x in tally.articles} == {x.article.id for x in two_days["tallies"]}
    assert brief.counts["articles"] == 7 and brief.counts["stories"] == 4
    assert brief.period["previous_day"] == YESTERDAY


def test_stories_ranked_by_sources_casualties_severity_and_novelty(store, two_days):
    brief = build_brief(store, date=TODAY)
    rank = {s.articles[0]["id"]: s.rank for s in brief.stories}
    shelling = _story_with(brief, two_days["shell_a"].article.id)
    mobilize = _story_with(brief, two_days["mobilize"].article.id)
    talks = _story_with(brief, two_days["talks"][0].article.id)
    assert shelling.rank == 1
    assert mobilize.rank < talks.rank
    assert talks.rank == len(brief.stories)                       # talk, already reported yesterday
    assert talks.novelty == 0.0 and shelling.novelty == 1.0
    assert shelling.casualties == 15                              # at least 12 killed + 3 injured
    assert shelling.event_types == ["ASSAULT"] and mobilize.event_types == ["MOBILIZE"]
    assert sorted(rank.values()) == list(range(1, len(brief.stories) + 1))


def test_generic_events_do_not_merge_unrelated_articles(store):
    texts = ["Northland attacked Eastland again on Tuesday, the army said.",
             "Northland attacked Eastland in a separate raid far to the south, locals said."]
    xs = [Extraction(article=Article(text=t, date=TODAY, source=f"Outlet {i}"),
                     events=[_event(t, "ASSAULT", t, "Northland", "Eastland")]) for i, t in enumerate(texts)]
    store.add(xs, story_ids={x.article.id: x.article.id for x in xs})
    assert len(build_brief(store, date=TODAY).stories) == 2


def test_lead_sentences_are_verbatim_slices_of_their_articles(store, two_days):
    brief = build_brief(store, date=TODAY)
    texts = {x.article.id: x.article.text for x in
             [two_days["shell_a"], two_days["shell_b"], two_days["mobilize"], *two_days["talks"], *two_days["tallies"]]}
    for s in brief.stories:
        lead = s.lead
        start, end = lead["span"]
        assert texts[lead["article_id"]][start:end] == lead["text"] and lead["text"]
    shelling = _story_with(brief, two_days["shell_a"].article.id)
    # the most complete article (A: event, figure, quote, place, person) and its event's sentence
    assert shelling.lead["article_id"] == two_days["shell_a"].article.id
    assert shelling.lead["text"] == SHELL_A_LEAD and shelling.lead["kind"] == "event"
    tally = _story_with(brief, two_days["tallies"][0].article.id)
    assert tally.lead["kind"] == "first_sentence"                 # no event: the article's first sentence
    assert tally.lead["text"] == texts[tally.lead["article_id"]].split(" It said")[0]
    assert tally.lead["text"].endswith("enemy soldiers had been killed so far.")


def test_story_figures_places_quote_and_articles(store, two_days):
    s = _story_with(build_brief(store, date=TODAY), two_days["shell_a"].article.id)
    killed = next(f for f in s.figures if f["metric"] == "killed")
    assert killed["value"] == 12 and killed["bound"] == "at least" and killed["source"] == "regional governor"
    assert SHELL_A[killed["span"][0]:killed["span"][1]] == "12"
    assert [p["name"] for p in s.places] == ["Riverton"]
    assert s.quote["speaker"] == "Anna Petrova"                    # the longest attributed quote
    assert s.quote["text"].startswith("The whole street is gone")
    assert {(x["source"], x["date"]) for x in s.articles} == {("Wire One", TODAY), ("Daily Two", TODAY)}


def test_figures_since_yesterday_deltas_and_conflicts(store, two_days):
    brief = build_brief(store, date=TODAY)
    series = {(x["source"], x["metric"], x["object"]): x for x in brief.figures}
    gs = "General Staff of Eastland"
    injured = series[(gs, "injured", "enemy soldiers")]
    assert injured["previous"]["value"] == 200 and injured["previous"]["date"] == YESTERDAY
    assert injured["current"]["value"] == 230 and injured["change"] == 30 and not injured["conflict"]
    killed = series[(gs, "killed", "enemy soldiers")]              # two values the same day
    assert killed["conflict"] and killed["current"]["values"] == [1100, 1150] and killed["change"] is None
    assert "different values" in killed["conflicts"][0]
    tanks = series[(gs, "materiel_lost", "tanks")]                 # a cumulative series going down
    assert tanks["change"] == -5 and tanks["conflict"] and "goes down" in tanks["conflicts"][0]
    for ev in killed["current"]["evidence"]:                       # every value traceable to its article span
        text = next(x.article.text for x in two_days["tallies"] if x.article.id == ev["article_id"])
        assert text[ev["span"][0]:ev["span"][1]].startswith(str(int(ev["value"])))
    md = to_markdown(brief)
    assert "## Figures since yesterday" in md and "+30" in md and "⚠" in md


def test_empty_period_says_so(store, two_days):
    brief = build_brief(store, date="2023-06-01")
    assert brief.stories == [] and brief.counts["articles"] == 0
    assert "No articles stored for 2023-06-01" in brief.message
    assert brief.message in to_markdown(brief) and brief.message in to_html(brief)
    assert json.loads(to_json(brief))["message"] == brief.message


def test_brief_on_an_empty_store(store):
    brief = build_brief(store)
    assert brief.stories == [] and brief.message


def test_default_date_is_the_latest_stored_day(store, two_days):
    assert build_brief(store).period["date"] == TODAY


def test_place_radius_and_actor_filters(store, two_days):
    near = build_brief(store, date=TODAY, place="Riverton", km=25)
    assert [len(s.articles) for s in near.stories] == [2]
    actor = build_brief(store, date=TODAY, actor="Lena Ost")
    assert len(actor.stories) == 1
    assert {a["id"] for a in actor.stories[0].articles} == {x.article.id for x in two_days["talks"]}
    with pytest.raises(QueryError):
        build_brief(store, date=TODAY, km=10)
    with pytest.raises(QueryError):
        build_brief(store, date="2023-5-2")


def test_since_until_period_covers_both_days(store, two_days):
    brief = build_brief(store, since=YESTERDAY, until=TODAY)
    assert brief.counts["articles"] == 9 and brief.period["date"] is None
    assert build_brief(store, since=YESTERDAY, until=YESTERDAY).counts["articles"] == 2


def test_html_escapes_hostile_titles_and_quotes(store):
    text = ("Northland shelled Riverton <b>today</b>. "
            "\u201c<img src=x onerror=alert(1)> is what they sent us,\u201d said Anna Petrova.")
    quoted = "<img src=x onerror=alert(1)> is what they sent us,"
    x = Extraction(article=Article(text=text, date=TODAY, source="<i>Evil</i> Wire",
                                   title="<script>alert('title')</script>"),
                   entities=[_person(text, "Anna Petrova")], quotes=[_quote(text, quoted, "Anna Petrova")],
                   events=[_event(text, "ASSAULT", "Northland shelled Riverton <b>today</b>.", "Northland")])
    store.add([x])
    page = to_html(build_brief(store, date=TODAY))
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>today" not in page
    assert "<i>Evil" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;b&gt;today&lt;/b&gt;" in page
    assert f"#/article/{x.article.id}?hl=event-0" in page          # the lead links to its evidence


def test_json_and_markdown_renderings(store, two_days):
    brief = build_brief(store, date=TODAY)
    data = json.loads(to_json(brief))
    assert data == json.loads(json.dumps(to_dict(brief)))
    assert [s["rank"] for s in data["stories"]] == list(range(1, len(data["stories"]) + 1))
    md = to_markdown(brief)
    assert md.startswith(f"# Latest developments — {TODAY}")
    assert f"► {SHELL_A_LEAD} [{two_days['shell_a'].article.id}:" in md


def test_first_sentence_span():
    text = "  Headline-less opening sentence here. Second one follows.\nNext paragraph."
    s, e = first_sentence(text)
    assert text[s:e] == "Headline-less opening sentence here."


def test_brief_through_the_real_pipeline(store):
    from eventwire.pipeline import extract_articles

    texts = [("Russian forces shelled the city of Kharkiv on Monday, killing three people and wounding 12, "
              "the regional governor Oleh Synehubov said. \u201cThe strikes hit apartment blocks in the "
              "north of the city,\u201d Synehubov said."),
             ("Thousands of people protested in Belgrade on Monday against a new media law. Police detained "
              "at least 20 protesters outside the parliament, the interior ministry said.")]
    articles = [Article(text=t, date=TODAY, source=f"Wire {i}") for i, t in enumerate(texts)]
    store.add(list(extract_articles(articles)))
    brief = build_brief(store, date=TODAY)
    assert brief.counts["articles"] == 2 and len(brief.stories) == 2
    by_id = {a.id: a.text for a in articles}
    for s in brief.stories:
        start, end = s.lead["span"]
        assert by_id[s.lead["article_id"]][start:end] == s.lead["text"]
