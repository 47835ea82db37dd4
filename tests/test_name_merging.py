"""One entity per person/organization per article: surnames, spelling variants,
titles and acronyms join the fullest form; different people stay apart."""
from __future__ import annotations

import pytest

from eventwire.extract.entities import extract_entities
from eventwire.names import canonical_key, clean_surface, strip_title, translit_key
from eventwire.nlp import parse
from eventwire.records import Article


@pytest.fixture
def entities(nlp):
    def run(text, places=()):
        return extract_entities(parse(Article(text), nlp), list(places))
    return run


def by_name(ents):
    return {e.name: e for e in ents}


def test_surname_mentioned_later_joins_full_name(entities):
    ents = by_name(entities("Interior Minister Markus Hallberg visited the port on Monday. "
                            "Hallberg said the inspection would continue for a week."))
    assert "Markus Hallberg" in ents
    e = ents["Markus Hallberg"]
    assert e.type == "PERSON"
    assert "Hallberg" in e.aliases
    assert len(e.spans) == 2
    assert "Hallberg" not in ents


def test_people_sharing_a_surname_stay_apart(entities):
    ents = by_name(entities("The mayor, Tomas Navratil, met the regional governor Jana Navratil on Friday. "
                            "Jana Navratil said the bridge would reopen."))
    assert "Tomas Navratil" in ents and "Jana Navratil" in ents
    assert ents["Tomas Navratil"].spans != ents["Jana Navratil"].spans


def test_spelling_variant_of_surname_joins_the_closest_person(entities):
    ents = by_name(entities("Rebels detained Olena Mirchuk, the head of a village council, on Sunday. "
                            "Officials said Mirchak was later released."))
    assert "Olena Mirchuk" in ents
    assert "Mirchak" in ents["Olena Mirchuk"].aliases
    assert "Mirchak" not in ents


def test_distant_surname_does_not_join(entities):
    ents = entities("Rebels detained Olena Mirchuk on Sunday. Officials said Petrenko was not involved.")
    mirchuk = by_name(ents)["Olena Mirchuk"]
    assert all("Petrenko" not in a for a in mirchuk.aliases)


def test_titles_possessives_and_trailing_verbs_are_not_part_of_the_name(entities):
    ents = by_name(entities("Defense Minister Anton Vasko said the drills were over. "
                            "Vasko's office declined to comment."))
    assert "Anton Vasko" in ents
    assert not any(n.startswith(("Defense", "Minister")) for n in ents)
    assert all("'s" not in a and "’s" not in a for a in ents["Anton Vasko"].aliases)


def test_acronym_defined_in_parentheses_joins_its_long_form(entities):
    ents = entities("Fighters of the Northern Valley Liberation Front (NVLF) seized a bridge. "
                    "An NVLF commander said two fighters were wounded.")
    orgs = [e for e in ents if e.type == "ORG"]
    assert len([e for e in orgs if "NVLF" in [e.name] + e.aliases]) == 1
    e = next(e for e in orgs if "NVLF" in [e.name] + e.aliases)
    assert e.name == "Northern Valley Liberation Front"
    assert len(e.spans) == 3


def test_spans_and_sentence_spans_point_into_the_text(entities):
    text = "Police in the capital said Karin Osterberg was arrested. Osterberg denied the charges."
    for e in entities(text):
        assert len(e.spans) == len(e.sentence_spans)
        for (s, t), (ss, st) in zip(e.spans, e.sentence_spans):
            assert ss <= s < t <= st
            assert text[s:t] in [e.name] + e.aliases


def test_translit_key_collapses_romanization_variants():
    assert translit_key("Sergey Yermolayev") == translit_key("Sergei Ermolaev")
    assert translit_key("Zelenskyy") == translit_key("Zelensky")
    assert translit_key("Halyna Kovalevska") == translit_key("Halyna Kovalevskaya")
    assert translit_key("Dmytro Petrenko") != translit_key("Oleksiy Petrenko")


def test_strip_title():
    assert strip_title("Ukrainian President Volodymyr Zelensky") == "Volodymyr Zelensky"
    assert strip_title("Mr. Hallberg") == "Hallberg"


def test_canonical_key_merges_title_and_spelling_variants_across_articles():
    assert canonical_key("President Volodymyr Zelenskyy", "PERSON") == canonical_key("Volodymyr Zelensky", "PERSON")
    assert canonical_key("Russian Defence Ministry", "ORG") == canonical_key("Ministry of Defense of Russia", "ORG")
    assert canonical_key("KCNA", "ORG") == canonical_key("Korean Central News Agency", "ORG")
    assert canonical_key("Russian Defense Ministry", "ORG") != canonical_key("Ukrainian Defense Ministry", "ORG")
    assert canonical_key("Anna Brandt", "PERSON") != canonical_key("Peter Brandt", "PERSON")


def test_name_particle_after_the_tagged_name_is_kept(entities):
    ents = by_name(entities("Foreign ministers met Abdel Karim el-Masri in Amman on Monday."))
    assert any(n.endswith("el-Masri") for n in ents)


def test_arabic_particle_spellings_join_the_full_name():
    from eventwire import names as N
    keys = {N.arabic_key(n) for n in ("Abdel Karim", "Abdulkarim", "Abd al-Karim", "Abd-el Karim", "Abdul Karim")}
    assert len(keys) == 1
    assert N.arabic_key("Omar al-Faruq") == N.arabic_key("Omar el Faruq") == N.arabic_key("Omar Faruq")


def test_surname_with_arabic_particle_variant_joins_the_person(entities):
    text = ("Karim Abdel Nour, head of the monitoring group, said 12 people died. "
            "Abdulnour said the toll was likely to rise.")
    ents = entities(text)
    people = [e for e in ents if e.type == "PERSON"]
    assert len(people) == 1 and people[0].name == "Karim Abdel Nour"
    assert "Abdulnour" in people[0].aliases
    assert not any(e.type == "ORG" and e.name == "Abdulnour" for e in ents)


@pytest.mark.parametrize("surface, clean", [
    ('"KPV(M)', "KPV(M)"), ("Party X(L).", "Party X(L)"), ("Tarvik Union (TWU),", "Tarvik Union (TWU)"),
    ("(TWU)", "TWU"), ("Tarvik Union,", "Tarvik Union"), ("Petrenko's", "Petrenko"),
])
def test_clean_surface_strips_quotes_and_punctuation_but_keeps_the_bracket_a_name_closes(surface, clean):
    assert clean_surface(surface) == clean
