"""Places extracted from invented articles."""

import pytest

from eventwire.extract.places import extract_places
from eventwire.nlp import parse
from eventwire.records import Article


def places_of(nlp, text):
    return {p.name: p for p in extract_places(parse(Article(text=text), nlp))}


def test_countries_regions_and_cities_are_resolved_with_spans(nlp):
    text = ("Shelling hit the city of Kharkiv on Monday, officials in Ukraine said. "
            "Troops also moved across the Zaporizhzhia region toward the Black Sea coast.")
    places = places_of(nlp, text)
    assert places["Ukraine"].country_code == "UA" and places["Ukraine"].feature == "country"
    assert places["Kharkiv"].feature == "city"
    assert any(p.feature == "admin" and p.country_code == "UA" for p in places.values() if "Zapori" in p.name)
    assert "Black Sea" in places
    for p in places.values():
        for (s, e), (ss, se) in zip(p.spans, p.sentence_spans):
            assert text[s:e] in p.mentions and ss <= s and e <= se


def test_country_inside_an_organization_name_is_not_a_place(nlp):
    places = places_of(nlp, "The General Staff of Moldova published new figures on Tuesday.")
    assert "Moldova" not in places


def test_misspelled_village_resolves_in_the_article_country(nlp):
    text = ("Ukrainian officials said the blast near Kramatorks in Donetsk Oblast destroyed a depot. "
            "Ukraine blamed Russia for the attack.")
    places = places_of(nlp, text)
    assert "Kramatorsk" in places and places["Kramatorsk"].country_code == "UA"
    assert places["Donetsk Oblast"].country_code == "UA"


def test_demonyms_are_context_not_places(nlp):
    places = places_of(nlp, "Russian and Ukrainian negotiators met in Istanbul on Friday.")
    assert set(places) == {"Istanbul"} and places["Istanbul"].country_code == "TR"


def test_village_missing_from_gazetteer_is_approximate_at_its_township(nlp):
    text = ("Soldiers burned houses in Zorblatt village on Sunday, residents said. "
            "The village lies in Lashio Township, in Shan State, Myanmar.")
    places = places_of(nlp, text)
    assert "Zorblatt" in places
    z = places["Zorblatt"]
    assert z.geonameid is None and z.gazetteer_source.startswith("approximate: ")
    assert z.country_code == "MM" and z.lat is not None and z.feature == "city"


def test_settlements_listed_after_type_word_are_places(nlp):
    text = ("Fighting raged near the settlements of Quorvino and Avdiivka, west of Donetsk, "
            "the Ukrainian military said.")
    places = places_of(nlp, text)
    assert "Quorvino" in places and places["Quorvino"].country_code == "UA"
    assert places["Quorvino"].gazetteer_source.startswith("approximate: ")


def test_person_after_an_office_is_not_an_approximate_place(nlp):
    places = places_of(nlp, "The governor of Kharkiv, Oleg Synegubov, said two people died in Ukraine.")
    assert "Oleg Synegubov" not in places and not any("Synegubov" in p.name for p in places.values())


def test_namesake_near_the_article_places_beats_a_bigger_one_far_away(nlp):
    text = ("Russian shelling hit the city of Horlivka in the Donetsk region on Monday. "
            "Two civilians were wounded in Pervomaiske, west of Horlivka, officials in Moscow and Kyiv said.")
    places = places_of(nlp, text)
    p = next(p for p in places.values() if "Pervomaiske" in p.mentions)
    assert p.country_code == "UA" and abs(p.lat - 48.0) < 1.0 and abs(p.lon - 37.8) < 1.5


# --- invented sentences for person/place repair and feature names ----------------------------

def test_surname_of_a_person_is_not_a_place(nlp):
    text = ("Prime Minister Daniel Burlington left for talks in Nairobi on Monday. "
            "Burlington said the mission would begin within weeks.")
    places = places_of(nlp, text)
    assert "Burlington" not in places and "Nairobi" in places


def test_multiword_place_with_lowercase_particle(nlp):
    text = "Rebels attacked police posts in Cauca, Valle del Cauca and Narino in Colombia."
    places = places_of(nlp, text)
    assert any("Valle del Cauca" in p.name for p in places.values())
    assert not any(p.name == "Vale" for p in places.values())


def test_country_the_model_calls_a_person_is_a_place(nlp):
    text = "Mali and Guinea, both ruled by the military, warned Niger's neighbours against intervening."
    places = places_of(nlp, text)
    assert "Mali" in places and places["Mali"].feature == "country"


def test_arabic_article_is_optional_in_the_gazetteer():
    from eventwire.extract.gazetteer import get_gazetteer
    gaz = get_gazetteer()
    top = gaz.rank("Hudaydah")[0][0]
    assert top.country_code == "YE" and top.feature == "city"


def test_feature_prefix_name_is_an_approximate_region(nlp):
    text = "Artillery shelled villages in the Jabal al-Qamar area of Idlib province in Syria on Sunday."
    places = places_of(nlp, text)
    hit = [p for p in places.values() if "Jabal al-Qamar" in p.mentions]
    assert hit and hit[0].country_code == "SY"


def test_a_list_separator_at_the_end_of_the_text_is_not_an_error(nlp):
    # found by hypothesis: a name, a comma, then only whitespace
    places_of(nlp, "Melnyk , \u00a0")
    places_of(nlp, "\u00a0, Melnyk")


@pytest.mark.parametrize("text", [
    "Mr Bassett denied the charge in court on Monday. Bassett will be sentenced in May.",
    "Bassett, who denied the charge, will be sentenced in May, the court heard.",
    "\"I never did it,\" said Bassett. Prosecutors said Bassett would be sentenced in May.",
])
def test_a_name_the_article_uses_as_a_person_is_no_place(nlp, text):
    assert not any("Bassett" in p.mentions for p in places_of(nlp, text).values())


def test_a_name_used_as_a_person_stays_a_place_after_a_type_word(nlp):
    text = "Mr Bassett grew up in the village of Bassett, where his family farmed."
    assert any("Bassett" in p.mentions for p in places_of(nlp, text).values())


def test_a_capital_speaking_as_its_government_and_a_hometown_before_who_stay_places(nlp):
    text = "Nairobi said the talks would resume. A farmer from Kisumu who lost his herd said he would wait."
    places = places_of(nlp, text)
    assert "Nairobi" in places and "Kisumu" in places


def test_a_surname_repeated_after_a_place_reading_is_not_a_place_again(nlp):
    text = ("Former President Abdel Morgan Qassim was born in the border town of Zarqa, Jordan, Qassim "
            "said in his memoir. Qassim later served as foreign minister.")
    places = places_of(nlp, text)
    assert not any("Qassim" in p.mentions for p in places.values())


def test_country_name_is_the_country_in_an_article_about_its_namesake_towns_country(nlp):
    # Russia, Ohio is a village: the article's US context must not pull the country onto it
    text = ("Farmers near Sidney and Piqua, in western Ohio, said grain exports to Russia "
            "had collapsed since the spring.")
    places = places_of(nlp, text)
    assert places["Russia"].feature == "country" and places["Russia"].country_code == "RU"


def test_container_is_the_division_that_holds_the_town_before_it(nlp):
    places = places_of(nlp, "The chain moved its head office from Savannah to Atlanta, Georgia, last spring.")
    assert places["Georgia"].feature == "admin" and places["Georgia"].country_code == "US"
    assert places["Atlanta"].country_code == "US" and places["Atlanta"].admin1 == "Georgia"


def test_a_country_after_a_comma_is_no_container_of_the_country_before_it(nlp):
    places = places_of(nlp, "Hackers working from Russia, U.S. officials said, broke into the utility's servers.")
    assert places["Russia"].feature == "country" and places["Russia"].country_code == "RU"


def test_division_name_is_the_division_not_a_town_of_that_name_in_another_state(nlp):
    # Wyoming, Michigan and Delaware, Ohio are towns; listed beside states, the names are the states
    text = "Ranchers from Montana and Wyoming met buyers from Delaware and Maryland in Billings on Tuesday."
    places = places_of(nlp, text)
    for name in ("Wyoming", "Delaware"):
        assert places[name].feature == "admin" and places[name].country_code == "US", name


def test_province_short_forms_are_the_province(nlp):
    places = places_of(nlp, "Heavy snow fell in B.C. on Monday, while fishing towns in Newfoundland braced for a storm.")
    assert places["British Columbia"].feature == "admin" and places["British Columbia"].mentions[0].startswith("B.C")
    assert places["Newfoundland and Labrador"].country_code == "CA"


def test_a_state_is_the_state_not_the_city_that_bears_its_name_as_another_name(nlp):
    places = places_of(nlp, "Mourners came from Ada, Oklahoma, and from Hope, Arkansas.")
    assert places["Oklahoma"].feature == "admin" and "Oklahoma City" not in places


@pytest.mark.parametrize("text, city, country", [
    # Paris, Kentucky and London, Kentucky are small towns; with a French chef or teacher, the capitals
    ("A French chef who runs a diner in Lexington, Kentucky, flew back to Paris for the holidays.", "Paris", "FR"),
    ("Students from Nashville, Tennessee, toured London and Paris with their French teacher.", "London", "GB"),
])
def test_a_world_city_outweighs_a_small_namesake_in_the_articles_country(nlp, text, city, country):
    assert places_of(nlp, text)[city].country_code == country


def test_california_is_named_california(nlp):
    places = places_of(nlp, "Wildfires spread across California on Monday.")
    assert places["California"].feature == "admin" and places["California"].country_code == "US"
