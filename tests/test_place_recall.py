"""Place finding on invented articles: every kind of mention the issue lists is found, and what only
looks like a place (an organization's name, a demonym, a company or a person) is kept out."""
import pytest
from _ner_helpers import parsed_with_entities

from eventwire.extract.places import extract_places
from eventwire.nlp import parse
from eventwire.records import Article


def places_of(nlp, text):
    return extract_places(parse(Article(text=text), nlp))


def found(nlp, text) -> dict[str, tuple]:
    """surface form -> (country code, feature, resolution) of every place mention."""
    out = {}
    for p in places_of(nlp, text):
        for s, e in p.spans:
            out[text[s:e]] = (p.country_code, p.feature, p.resolution)
    return out


# --- recall ------------------------------------------------------------------------------------

def test_capital_as_actor_and_possessive_is_a_place(nlp):
    text = ("Warsaw's partners welcomed the plan on Tuesday. Nairobi rejected the offer a day later, "
            "and Lima's envoy left the talks.")
    got = found(nlp, text)
    assert got["Warsaw"][0] == "PL" and got["Nairobi"][0] == "KE" and got["Lima"][0] == "PE"


def test_country_after_a_hyphenated_modifier_is_a_place(nlp):
    got = found(nlp, "Talks resumed in Turkish-controlled Cyprus after a year.")
    assert got["Cyprus"][0] == "CY"


@pytest.mark.parametrize("name, cc", [("Hashemite Kingdom of Jordan", "JO"), ("United Mexican States", "MX"),
                                      ("Republic of Korea", "KR")])
def test_official_country_name_is_the_country(nlp, name, cc):
    got = found(nlp, f"A trade envoy from the {name} arrived for the summit on Monday.")
    assert any(c == cc and f == "country" for c, f, _ in got.values())


def test_every_name_of_a_long_list_is_found(nlp):
    names = ["Chad", "Niger", "Mali", "Benin", "Togo", "Ghana", "Gabon", "Eritrea"]
    got = found(nlp, "Delegates came from " + ", ".join(names[:-1]) + " and " + names[-1] + " for the vote.")
    assert set(names) <= set(got)


def test_name_glued_to_the_next_word_is_found_with_its_own_span(nlp):
    text = "Floods in Perulast year displaced thousands, officials said."
    places = places_of(nlp, text)
    peru = [p for p in places if p.country_code == "PE"]
    assert peru and [text[s:e] for s, e in peru[0].spans] == ["Peru"]


def test_camps_districts_bridges_and_power_plants_named_with_a_feature_word(nlp):
    text = ("Aid reached Kenya's Dadaab camp on Monday. Shelling hit the Obolon district of Kyiv, "
            "damaged the Chongar bridge in Ukraine and cut power to the Zaporizhzhia power plant.")
    got = found(nlp, text)
    assert got["Dadaab camp"][0] == "KE"
    assert got["Obolon district"][0] == "UA"
    assert got["Chongar bridge"][0] == "UA" and got["Chongar bridge"][2] == "sub-city"
    assert any(k.startswith("Zaporizhzhia power plant") for k in got)


def test_dateline_is_a_place(nlp):
    got = found(nlp, "NAIROBI (Reuters) - Lawmakers passed the budget on Thursday after a long debate.")
    assert got["NAIROBI"][0] == "KE"


def test_state_abbreviation_after_a_town_is_the_state(nlp):
    text = "A storm hit Paducah, Ky., on Friday and moved east."
    got = found(nlp, text)
    assert got["Ky"][:2] == ("US", "admin") and got["Paducah"][0] == "US"


# --- kept out ----------------------------------------------------------------------------------

def test_places_inside_organization_names_demonyms_companies_and_people_are_kept_out(nlp):
    text = ("Marathon Oil said profits rose. Paris Hilton attended the gala, and the University of "
            "Ghana announced new courses. Ukrainian officials declined to comment.")
    got = found(nlp, text)
    assert not {"Marathon", "Paris", "Ghana", "Ukrainian"} & set(got)


# --- precision: context decides between namesakes -----------------------------------------------

def test_a_country_named_among_countries_is_the_country(nlp):
    text = ("Officials in Atlanta and Savannah said on Monday that Georgia, Armenia and Azerbaijan "
            "had signed the transit accord.")
    got = found(nlp, text)
    assert got["Georgia"][:2] == ("GE", "country")


def test_a_town_is_resolved_near_the_dateline(nlp):
    got = found(nlp, "KINGSTON, Ontario (AP) - Police in Kingston said a bridge was closed on Sunday.")
    assert got["Kingston"][0] == "CA"


def test_the_article_countries_outweigh_population(nlp):
    text = ("Australian police said on Monday that a man was arrested in Newcastle after a chase. "
            "Police in Australia said he would appear in court.")
    assert found(nlp, text)["Newcastle"][0] == "AU"


def test_every_place_has_a_geonameid_feature_and_resolution(nlp):
    for p in places_of(nlp, "Troops left Kharkiv for the Donetsk region of Ukraine on Monday."):
        assert p.resolution in {"country", "admin1", "admin2", "city", "sub-city", "region"}
        assert p.feature and (p.geonameid or p.gazetteer_source.startswith(("approximate", "regions")))


def test_compass_words_before_a_name_leave_the_place(nlp):
    text = "Fog in south-east England closed roads, and fighting went on in eastern Mosul."
    got = found(nlp, text)
    assert got.get("England", ("",))[0] == "GB" and got.get("Mosul", ("",))[0] == "IQ"


def test_an_upper_case_name_before_brackets_mid_sentence_is_no_dateline(nlp):
    got = found(nlp, "Officials said on Monday that MALI (a code name) was over, and talks moved to Dakar.")
    assert "MALI" not in got and got["Dakar"][0] == "SN"


def test_later_datelines_of_a_page_that_joins_stories_are_places(nlp):
    text = ("The council approved the levy on Monday.\n\nBy ANNA TELLING, Associated Press "
            "NAIROBI (AP) \u2014 Lawmakers passed the budget. The vote was close. LIMA (Reuters) - Prices rose.")
    got = found(nlp, text)
    assert got["NAIROBI"][0] == "KE" and got["LIMA"][0] == "PE"
    assert "ANNA TELLING" not in got


def test_an_upper_case_place_opening_the_page_without_a_dash_is_its_dateline(nlp):
    assert found(nlp, "MADRID The latest on the strike that closed the ports on Monday.")["MADRID"][0] == "ES"


def test_an_upper_case_headline_word_opening_the_page_is_no_place(nlp):
    got = found(nlp, "GOODNESS The latest on the strike that closed the ports on Monday.")
    assert "GOODNESS" not in got


def test_a_town_after_a_verb_of_going_to_is_a_place_even_when_tagged_a_person(nlp):
    text = "Commuters driving to Castlegar faced delays, and the family later moved to Thornhill."
    got = found(nlp, text)
    assert got["Castlegar"][0] == "CA" and got["Thornhill"][0] in ("CA", "GB")


def test_a_name_someone_talks_to_is_no_place(nlp):
    got = found(nlp, "The coach talked to Burton after the match, and Burton agreed to stay.")
    assert "Burton" not in got


def test_town_and_the_division_holding_it_are_places_whatever_the_model_called_them(nlp):
    text = "The festival moves to Croft, North Yorkshire, in June and to Thruxton, Hampshire, in July."
    places = {p.name: p for p in places_of(nlp, text)}
    assert places["Thruxton"].country_code == "GB" and places["Hampshire"].feature == "admin"


def test_a_hyphenated_given_name_still_makes_a_persons_name_tokens(nlp):
    # "Park Geun-hye": the lone "Park" later in the story is her, never a Park County
    from eventwire.extract.gazetteer import get_gazetteer, name_key
    from eventwire.extract.places import _person_name_tokens
    doc = parse(Article(text="A court jailed former South Korean leader Park Geun-hye on Friday."), nlp).doc
    assert any(e.label_ == "PERSON" and "Geun" in e.text for e in doc.ents)
    tokens, _ = _person_name_tokens(doc, get_gazetteer())
    assert name_key("Park") in tokens


def test_the_games_are_no_place(nlp):
    # "Olympic" is a Hong Kong district in GeoNames; the words of not_places.txt name no place
    text = "The Olympic sprint champion from Jamaica trained in Kingston all winter."
    assert not any("Olympic" in m for p in places_of(nlp, text) for m in p.mentions)


def test_a_division_the_model_ran_into_a_name_across_a_spaced_dash_is_a_place(nlp):
    got = found(nlp, "The two states narrowly won by Mr Hale - Ohio and Iowa - were recounted.")
    assert got["Ohio"][:2] == ("US", "admin") and got["Iowa"][0] == "US"


def test_a_country_the_model_ran_into_a_name_across_a_comma_is_a_place_and_the_name_is_not(nlp):
    from spacy.tokens import Span

    from eventwire.extract.gazetteer import get_gazetteer
    from eventwire.extract.places import _division_after_break

    doc = nlp("According to Brenner, South Africa increasingly spreads its exports over more months.")
    merged = Span(doc, 2, 6, label="ORG")          # "Brenner, South Africa" as one organization
    assert merged.text == "Brenner, South Africa"
    assert _division_after_break(doc, get_gazetteer(), merged).text == "South Africa"
    hyphenated = nlp("Officials met Anna Hale-Ohio in Seoul.")   # a double-barrelled surname, no break
    person = Span(hyphenated, 2, 6, label="PERSON")
    assert person.text == "Anna Hale-Ohio"
    assert _division_after_break(hyphenated, get_gazetteer(), person) is None
    joined = nlp("The Toledo-Ohio office closed.")      # a town's name, a hyphen, its state
    org = Span(joined, 1, 4, label="ORG")
    assert org.text == "Toledo-Ohio"
    assert _division_after_break(joined, get_gazetteer(), org).text == "Ohio"


def test_a_hyphenated_name_the_model_cut_after_its_first_word_is_the_whole_place(nlp):
    # the model tags "Guinea" and "Stratford" alone: not Guinea, not a Stratford in the US
    got = {**found(nlp, "Shares of a paper maker rose as Guinea-Bissau voted."),
           **found(nlp, "Protests spread in Stratford-upon-Avon and two other towns.")}
    assert got["Guinea-Bissau"][0] == "GW" and got["Stratford-upon-Avon"][0] == "GB"
    assert "Guinea" not in got and "Stratford" not in got


def test_a_place_span_run_on_into_lower_case_words_is_found_by_its_name(nlp):
    text = "Storms formed over the Caribbean Sea equatorial waters on Monday, forecasters in Jamaica said."
    parsed = parsed_with_entities(nlp, text, [("Caribbean Sea equatorial", "LOC")])
    got = {text[s:e] for p in extract_places(parsed) for s, e in p.spans}
    assert "Caribbean Sea" in got and "Caribbean Sea equatorial" not in got
