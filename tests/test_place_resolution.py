"""Places extracted from invented articles."""
import pytest

from eventwire.extract.places import extract_places
from eventwire.nlp import load_nlp, parse
from eventwire.records import Article


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


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
    text = ("Ukrainian officials said the blast near Zankoya in Crimea destroyed a depot. "
            "Ukraine blamed Russia for the attack.")
    places = places_of(nlp, text)
    assert "Dzhankoy" in places and places["Dzhankoy"].country_code == "UA"
    assert places["Crimea"].country_code == "UA"


def test_demonyms_are_context_not_places(nlp):
    places = places_of(nlp, "Russian and Ukrainian negotiators met in Istanbul on Friday.")
    assert set(places) == {"Istanbul"} and places["Istanbul"].country_code == "TR"
