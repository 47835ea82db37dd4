"""The public-set harness (eventwire/eval): converters and scorers on tiny invented fixtures written
here (never data from the sets), and one real run on three IDETECT items when ../shared/data is there."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from eventwire.eval import case2021, geowebnews, idetect, newswire, petrarch2, polnear, trnews
from eventwire.eval.core import DEV, REPORT, Item, Sheet, every_nth, find_near, standalone
from eventwire.eval.paths import REPO_ROOT, default_data_dir
from eventwire.eval.run import main as eval_main
from eventwire.records import Entity, Event, Extraction, Place, Quantity, Quote

def article(text):
    from eventwire.records import Article
    return Article(text=text, date="2001-02-03", language="en")


def values(sheet: Sheet) -> dict:
    return {r.metric: r.value for r in sheet.rows}


# --- splits ----------------------------------------------------------------------------------------

def test_every_nth_sorts_numeric_ids_as_numbers_and_the_two_parts_cover_everything():
    ids = [str(i) for i in range(1, 13)]
    report, dev = every_nth(ids, 5, REPORT), every_nth(ids, 5, DEV)
    assert report == {"1", "6", "11"}          # 1, 2, ... 10, 11: not "1", "10", "11", "12", "2"
    assert report | dev == set(ids) and not report & dev


def test_find_near_picks_the_closest_copy_of_a_drifted_phrase():
    text = "Ostrava and then Ostrava again"
    assert find_near(text, "Ostrava", 15) == 17
    assert find_near(text, "Brno", 3) is None


# --- TR-News ---------------------------------------------------------------------------------------

TRNEWS_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7"><dltime>2019-05-06</dltime>
    <text><![CDATA[Floods reached Tarnow and  Gorlice on Monday.]]></text>
    <toponyms>
      <toponym><start>15</start><end>21</end><phrase>Tarnow</phrase>
        <gaztag geonameid="1"><name>Tarnow</name><lat>50.0</lat><lon>21.0</lon></gaztag></toponym>
      <toponym><start>25</start><end>32</end><phrase>Gorlice</phrase>
        <gaztag geonameid="2"><name>Gorlice</name><lat>49.6</lat><lon>21.2</lon></gaztag></toponym>
    </toponyms>
  </article>
  <article docid="12"><dltime>2019-05-07</dltime>
    <text><![CDATA[Nothing happened in Krosno.]]></text>
    <toponyms><toponym><start>20</start><end>26</end><phrase>Krosno</phrase></toponym></toponyms>
  </article>
</articles>"""


def test_trnews_reader_repairs_drifted_offsets(tmp_path):
    (tmp_path / "x.xml").write_text(TRNEWS_XML, encoding="utf-8")
    first, second = trnews.read_articles(tmp_path / "x.xml")
    assert [(t.phrase, first.text[t.start:t.end]) for t in first.gold] == [("Tarnow", "Tarnow"), ("Gorlice", "Gorlice")]
    assert first.gold[1].start == 27 and first.date == "2019-05-06"
    assert second.gold[0].lat is None


def test_trnews_scorer_counts_spans_distances_and_unfound_toponyms(tmp_path):
    (tmp_path / "x.xml").write_text(TRNEWS_XML, encoding="utf-8")
    first, _ = trnews.read_articles(tmp_path / "x.xml")
    text = first.text
    found = Place(name="Tarnow", lat=50.0, lon=21.0, spans=[(15, 21)])
    wrong = Place(name="Monday", lat=0.0, lon=0.0, spans=[(text.index("Monday"), text.index("Monday") + 6)])
    sheet = Sheet("tr-news", "places")
    trnews.score([first], [Extraction(article=article(text), places=[found, wrong])], sheet)
    v = values(sheet)
    assert v["p"] == 0.5 and v["r"] == 0.5
    assert v["acc161"] == 1.0 and v["mean_km"] == 0.0
    assert v["acc161_e2e"] == 0.5           # Gorlice was not found: wrong end to end


def test_trnews_scorer_gives_the_share_within_161_km_of_each_feature_class_it_resolved_to(tmp_path):
    (tmp_path / "x.xml").write_text(TRNEWS_XML, encoding="utf-8")
    first, _ = trnews.read_articles(tmp_path / "x.xml")
    gorlice = first.text.index("Gorlice")
    near = Place(name="Tarnow", lat=50.0, lon=21.0, spans=[(15, 21)], feature="city")
    far = Place(name="Gorlice Province", lat=52.0, lon=19.0, spans=[(gorlice, gorlice + 7)], feature="admin")
    sheet = Sheet("tr-news", "places")
    trnews.score([first], [Extraction(article=article(first.text), places=[near, far])], sheet)
    v = values(sheet)
    assert v["acc161"] == 0.5 and v["acc161_city"] == 1.0 and v["acc161_admin"] == 0.0
    assert {r.metric: r.items for r in sheet.rows}["acc161_admin"] == 1


@pytest.mark.parametrize("text, name, alone", [
    ("Troopers of the Oakvale State Police said", "Oakvale", False),
    ("a spokesman for the University of Ferrand said", "Ferrand", False),
    ("she told KXTV Ferrand on Monday", "Ferrand", False),
    ("In Oakvale, schools closed", "Oakvale", True),
    ("a shop in Ferrand, Oakvale, where", "Ferrand", True),
    ("the town of Ferrand grew", "Ferrand", True),
])
def test_a_toponym_inside_a_longer_capitalized_name_does_not_stand_alone(text, name, alone):
    at = text.index(name)
    assert standalone(text, at, at + len(name)) is alone


def test_trnews_recall_outside_longer_names_leaves_out_the_organization_words(tmp_path):
    text = "Oakvale State Police closed roads near Ferrand on Monday."
    xml = (f'<articles><article docid="1"><dltime>2019-05-06</dltime><text><![CDATA[{text}]]></text><toponyms>'
           f'<toponym><start>0</start><end>7</end><phrase>Oakvale</phrase></toponym>'
           f'<toponym><start>39</start><end>46</end><phrase>Ferrand</phrase></toponym></toponyms></article></articles>')
    (tmp_path / "x.xml").write_text(xml, encoding="utf-8")
    (item,) = trnews.read_articles(tmp_path / "x.xml")
    sheet = Sheet("tr-news", "places")
    trnews.score([item], [Extraction(article=article(text), places=[Place(name="Ferrand", spans=[(39, 46)])])], sheet)
    v = values(sheet)
    assert v["r"] == 0.5 and v["r_standalone"] == 1.0


# --- GeoWebNews ------------------------------------------------------------------------------------

GWN_XML = """<?xml version="1.0" ?>
<articles>
  <article file="3"><title>t</title><link>l</link>
    <text>Lisbon said the Iberian plan helps Porto and Braga.</text>
    <toponyms>
      <toponym><extractedName>Lisbon</extractedName><type>Metonymic</type><start>0</start><end>6</end></toponym>
      <toponym><extractedName>Iberian</extractedName><type>Demonym</type><start>16</start><end>23</end></toponym>
      <toponym><extractedName>Porto</extractedName><type>Literal</type><start>35</start><end>40</end>
        <latitude>41.15</latitude><longitude>-8.61</longitude></toponym>
      <toponym><extractedName>Braga</extractedName><type>Literal</type><start>45</start><end>50</end></toponym>
    </toponyms>
  </article>
</articles>"""


def test_geowebnews_neutral_types_count_neither_way_and_demonyms_are_false(tmp_path):
    (tmp_path / "GWN.xml").write_text(GWN_XML, encoding="utf-8")
    (item,) = geowebnews.read_articles(tmp_path / "GWN.xml")
    places = [Place(name="Lisbon", lat=38.7, lon=-9.1, spans=[(0, 6)]),            # metonymic: neutral
              Place(name="Iberia", lat=40.0, lon=-4.0, spans=[(16, 23)]),          # demonym: false
              Place(name="Porto", lat=41.15, lon=-8.61, spans=[(35, 40)])]         # literal: right
    sheet = Sheet("geowebnews", "places")
    geowebnews.score([item], [Extraction(article=article(item.text), places=places)], sheet)
    v = values(sheet)
    assert v["p"] == 0.5 and v["r"] == 0.5 and v["acc161"] == 1.0
    assert v["r_Literal"] == 0.5 and v["r_Coercion"] == 0.0    # by type: Porto of Porto and Braga


def test_geowebnews_peer_offsets_are_shifted_past_the_brat_title_line(tmp_path):
    ann = tmp_path / "3.ann"
    ann.write_text("INDEX\tLOCATION 45 50\tPorto\n", encoding="utf-8")
    assert geowebnews.read_peer(ann, shift=10) == [(35, 40)]


# --- PolNeAR ---------------------------------------------------------------------------------------

POLNEAR_TEXT = 'Mayor Ines Varga said "the bridge opens in May" on Friday. Critics doubted it.\n'
POLNEAR_ANN = "\n".join([
    "T1\tSource 0 16\tMayor Ines Varga", "T2\tCue 17 21\tsaid", "T3\tContent 22 47\t\"the bridge opens in May\"",
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
    "T5\tSource 59 66\tCritics", "T6\tCue 67 74\tdoubted", "T7\tContent 75 77\tit",
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
])


def test_polnear_keeps_only_contents_with_quotation_marks():
    (quote,) = polnear.read_ann(POLNEAR_TEXT, POLNEAR_ANN)
    assert quote.source == "Mayor Ines Varga" and quote.content == [(22, 47)]
    assert polnear.parse_spans("1 4;6 9") == [(1, 4), (6, 9)]


def test_polnear_speaker_is_right_on_a_shared_name_token():
    gold = polnear.Gold(polnear.read_ann(POLNEAR_TEXT, POLNEAR_ANN))
    item = Item(id="a", text=POLNEAR_TEXT, gold=gold)
    quote = Quote(text="the bridge opens in May", speaker="Ines Varga", span=(23, 46), spans=[(23, 46)])
    extra = Quote(text="another line", speaker=None, span=(50, 55), spans=[(50, 55)])
    ex = Extraction(article=article(POLNEAR_TEXT), quotes=[quote, extra],
                    entities=[Entity(name="Ines Varga", type="PERSON", aliases=["Varga"])])
    sheet = Sheet("polnear", "quotes")
    polnear.score([item], [ex], sheet)
    v = values(sheet)
    assert v["p"] == 0.5 and v["r"] == 1.0 and v["speaker_acc"] == 1.0 and v["attr_r"] == 1.0


def test_polnear_pronoun_and_title_sources_are_not_named():
    names = polnear.Names()
    assert names.named("Mayor Ines Varga") and names.named("the Harbour Gazette")
    assert not names.named("He") and not names.named("The President") and not names.named("a spokesman")


# --- Worldwide Newswire -----------------------------------------------------------------------------

NEWSWIRE_RAW = "http://example.org/story/1\n\nDr Amara Osei met the Lake Volta Authority in Tamale.\n"
NEWSWIRE_TSV = "\n".join([
    "http://example.org/story/1\tO", "", "Dr\tO", "Amara\tB-Person", "Osei\tI-Person", "met\tO", "the\tO",
    "Lake\tB-Organization", "Volta\tI-Organization", "Authority\tI-Organization", "in\tO", "Tamale\tB-Location", ".\tO",
])


def test_newswire_tokens_walk_through_the_raw_text_into_character_spans():
    gold = newswire.gold_of(NEWSWIRE_RAW, newswire.read_tsv(NEWSWIRE_TSV))
    spans = {(NEWSWIRE_RAW[s:e], k) for s, e, k in gold.mentions}
    assert spans == {("Amara Osei", "PERSON"), ("Lake Volta Authority", "ORG"), ("Tamale", "LOC")}
    assert gold.n_aligned == gold.n_tokens and gold.dropped == 0
    blanked = newswire.blank_url_line(NEWSWIRE_RAW)
    assert len(blanked) == len(NEWSWIRE_RAW) and not blanked.startswith("http")


def test_newswire_exact_and_partial_scores():
    text = newswire.blank_url_line(NEWSWIRE_RAW)
    item = Item(id="x", text=text, gold=newswire.gold_of(NEWSWIRE_RAW, newswire.read_tsv(NEWSWIRE_TSV)))
    at = text.index("Amara")
    ex = Extraction(article=article(text), entities=[
        Entity(name="Amara Osei", type="PERSON", spans=[(at, at + 10)]),
        Entity(name="Volta Authority", type="ORG", spans=[(text.index("Volta"), text.index("Volta") + 15)])])
    sheet = Sheet("worldwide-newswire", "entities")
    newswire.score([item], [ex], sheet)
    v = values(sheet)
    assert v["person_f1"] == 1.0 and v["org_p"] == 0.0 and v["all_r"] == 0.5
    assert 0.5 < v["partial_f1"] < 1.0   # Volta Authority covers two of the three ORG tokens


def test_newswire_nested_tags_count_only_the_outer_mention():
    rows = newswire.read_tsv("Bank\tB-Organization\nof\tI-Organization\nKorvia\tI-Organization\tB-Location\n")
    gold = newswire.gold_of("Bank of Korvia", rows)
    assert [(s, e, k) for s, e, k in gold.mentions] == [(0, 14, "ORG")]


def test_newswire_mention_with_an_unplaced_token_is_left_out():
    rows = [("Kofi", "B-Person"), ("Mens\u00c3\u00a1h", "I-Person"), ("spoke", "O")]
    gold = newswire.gold_of("Kofi Mensah spoke", rows)
    assert gold.mentions == [] and gold.dropped == 1 and gold.n_aligned == 2


# --- IDETECT --------------------------------------------------------------------------------------

def test_idetect_numbers_are_normalised_and_terms_mapped():
    assert {2500.0, 1500000.0, 921.0} <= idetect.numbers_in("2,500 fled, 1.5 million moved, nine hundred and twenty-one")
    assert idetect.metric_of("Forced to Flee") == "displaced"
    assert idetect.metric_of("Partially Destroyed Housing") == "affected"


def test_idetect_scores_exact_and_value_matches():
    item = Item(id="1", text="Some 3,000 people fled the floods.", gold=idetect.Figure(3000.0, "displaced", "Displaced"))
    ex = Extraction(article=article(item.text), quantities=[Quantity(value=3000.0, metric="affected")])
    sheet = Sheet("idetect", "quantities")
    idetect.score([item], [ex], sheet)
    v = values(sheet)
    assert v["exact"] == 0.0 and v["value"] == 1.0 and v["value_in_text"] == 1.0


# --- CASE 2021, PETRARCH2 ---------------------------------------------------------------------------

def test_case2021_weighted_and_macro_f1():
    pairs = [("ASSAULT", "ASSAULT"), ("ASSAULT", "NONE"), ("ASSAULT", "ASSAULT"), ("PROTEST", "ASSAULT")]
    f1 = case2021.f1_by_class(pairs)
    assert f1["ASSAULT"][0] == pytest.approx(2 / 3) and f1["ASSAULT"][1] == 3     # P 2/3, R 2/3
    assert f1["PROTEST"] == (0.0, 1)
    assert case2021.ACLED_TO_PLOVER["AIR_STRIKE"] == "ASSAULT" and "OTHER" not in case2021.ACLED_TO_PLOVER


def test_case2021_first_event_in_text_order():
    ex = Extraction(article=article("x"), events=[Event(type="PROTEST", span=(30, 35)), Event(type="COERCE", span=(3, 9))])
    assert case2021.first_type(ex) == "COERCE"
    assert case2021.first_type(Extraction(article=article("x"))) == "NONE"


def test_petrarch2_dictionaries_and_cameo_table():
    actors = petrarch2.read_actors("NORTHMARCH_ [NMR]\n+NORTHMARCHIAN\nRIVERLAND\n+RIVERFOLK\n\t[RVL]\n")
    assert actors["NMR"] == {"northmarch", "northmarchian"} and actors["RVL"] == {"riverland", "riverfolk"}
    agents = petrarch2.read_agents("HARBOUR_MASTER [~GOV] # note\n!X! = A, B\n")
    assert agents["GOV"] == {"harbour master"}
    assert petrarch2.actor_names("---", actors, agents) is None
    assert set(petrarch2.actor_names("NMRGOV", actors, agents)) == {"northmarch", "northmarchian"}
    assert petrarch2.actor_names("---GOV", actors, agents) == ["harbour master"]
    table = petrarch2.read_cameo_table("# c\n08: CONCEDE\n08: RETREAT\n081: CONCEDE, x\n19: ASSAULT\n")
    assert petrarch2.plover_type("0871", table) == "CONCEDE" and petrarch2.plover_type("190", table) == "ASSAULT"
    assert petrarch2.plover_type("023", table) is None


def test_a_crashing_extractor_is_named_beside_the_figures(monkeypatch, tmp_path):
    from eventwire.eval import core

    crashed = Extraction(article=article("Floods reached Tarnow."),
                         warnings=["places extraction failed: TypeError: bad argument"])
    monkeypatch.setattr(core, "extract_items", lambda items, nlp: [crashed for _ in items])
    spec = core.SetSpec("toy", "places", "toy", lambda folder, split: [Item(id="1", text="Floods reached Tarnow.")],
                        lambda items, extractions, sheet: sheet.row("r", 0.0, 1))
    sheet = core.run_set(spec, tmp_path, nlp=None, split=REPORT)
    assert any("1 extractor failures" in n and "TypeError" in n for n in sheet.notes)


# --- the command ----------------------------------------------------------------------------------

def test_errors_are_refused_on_the_report_split(capsys):
    assert eval_main(["--set", "idetect", "--errors"]) == 2
    assert "refused on the report split" in capsys.readouterr().err


DATA = default_data_dir()


@pytest.mark.skipif(not (DATA / "idetect").is_dir(), reason=f"public data not found at {DATA} (../shared/data)")
def test_eval_runs_three_idetect_items_end_to_end(tmp_path):
    out = tmp_path / "rows.json"
    run = subprocess.run([sys.executable, "-m", "eventwire.eval", "--set", "idetect", "--limit", "3", "--json", str(out)],
                         capture_output=True, text=True, timeout=600, cwd=REPO_ROOT)
    assert run.returncode == 0, run.stderr
    assert "idetect" in run.stdout and "exact" in run.stdout
    data = json.loads(out.read_text())
    assert data["split"] == "report" and data["limit"] == 3 and data["model"]
    assert {r["metric"] for r in data["rows"]} >= {"exact", "value", "exact_in_text"}
    assert all(r["items"] <= 3 for r in data["rows"])


def test_compare_flags_a_drop(tmp_path):
    def write(name, value):
        path = tmp_path / name
        path.write_text(json.dumps({"model": "m", "rows": [
            {"set": "s", "section": "x", "metric": "f1", "value": value, "items": 3, "seconds": 1.0}]}))
        return path
    run = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "eval" / "compare.py"),
                          str(write("old.json", 0.8)), str(write("new.json", 0.7))], capture_output=True, text=True)
    assert run.returncode == 0 and "DROP" in run.stdout and "-0.100" in run.stdout
