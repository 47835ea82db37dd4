"""Actor resolution for events (invented sentences)."""
import pytest

from eventwire.records import Entity
from _event_helpers import code, names, triples


def test_demonym_with_role_noun_is_country_with_role(nlp):
    ev = [e for e in code(nlp, "Russian forces shelled the city of Kharkiv.") if e.type == "ASSAULT"][0]
    assert ev.source.name == "Russia" and ev.source.role == "military" and ev.source.country == "RU"
    assert "Russian forces" in ev.source.aliases


def test_capital_and_seat_stand_for_government(nlp):
    ev = code(nlp, "The Kremlin condemned Poland.")[0]
    assert ev.source.name == "Russia" and ev.source.role == "government"
    ev = code(nlp, "Washington accused Beijing of spying.")[0]
    assert ev.source.name == "United States" and ev.target.name == "China"
    assert "Washington" in ev.source.aliases


def test_group_nouns_are_actors_with_roles(nlp):
    ev = code(nlp, "Protesters attacked the police in Nairobi.")[0]
    assert ev.source.role == "civilians" and ev.target.role == "police"
    ev = code(nlp, "The junta arrested three journalists.")[0]
    assert ev.source.name.lower() == "junta" and ev.source.role == "government"


def test_pronoun_resolves_to_previous_actor(nlp):
    evs = code(nlp, "General Omar Sadiq spoke to reporters in Tripoli. He accused Egypt of arming the militias.")
    acc = [e for e in evs if e.type == "ACCUSE"][0]
    assert acc.source.name == "Omar Sadiq" or "Sadiq" in acc.source.name


def test_pronoun_inside_quote_is_not_the_speaker(nlp):
    text = ('"Mayor Ivan Petrenko arrived at the office," Olga Marchenko said. '
            '"Then he was detained by Russian soldiers," she said.')
    ev = [e for e in code(nlp, text) if e.type == "COERCE"][0]
    assert "Petrenko" in ev.target.name


def test_possessive_pronoun_modifier_takes_antecedent_country(nlp):
    evs = code(nlp, "Russian officials said their troops had detained the mayor Ivan Petrenko.")
    ev = [e for e in evs if e.type == "COERCE"][0]
    assert ev.source.name == "Russia" and ev.source.role == "military"


def test_titled_description_resolves_to_named_person(nlp):
    text = ("A separatist leader sent a letter asking for help. "
            "Separatist leader Ivan Borodin said he wrote it on Monday.")
    ev = [e for e in code(nlp, text) if e.type == "REQUEST"][0]
    assert "Ivan Borodin" in names(ev.source)


@pytest.mark.xfail(reason="rule tuned on the small model's parse; to be reworked by the mention resolver / events issues (12, 13)", strict=False)
def test_targets_can_be_places_and_things_for_attacks(nlp):
    assert ("ASSAULT", "Russia", "Odessa") in triples(code(nlp, "Russia bombed Odessa."))
    ev = code(nlp, "Rebels attacked a fuel depot near Goma.")[0]
    assert ev.target.name == "fuel depot" and ev.place == "Goma"


def test_uses_article_entities_when_given(nlp):
    from eventwire.records import Entity
    text = "Mr. Lopez was arrested by police."
    ent = Entity(name="Mario Lopez", type="PERSON", aliases=["Lopez"], spans=[(4, 9)])
    ev = code(nlp, text, entities=[ent])[0]
    assert ev.target.name == "Mario Lopez" and "Lopez" in ev.target.aliases


# ---- actor text and resolution (invented sentences)

def test_dateline_is_not_an_actor(nlp):
    text = "TARVIK, Northland, March 3 (Wire) - Danish air strikes on the port of Tarvik killed 14 sailors overnight."
    evs = code(nlp, text)
    assert evs and all(e.source is None or "TARVIK" not in e.source.name.upper() for e in evs)
    assert any(e.source is not None and e.source.name == "Denmark" for e in evs)


def test_bullet_is_stripped_from_actor_text(nlp):
    evs = code(nlp, "\u25ba Protesters clashed with police in the capital.")
    assert evs and all(not e.source.name.startswith("\u25ba") for e in evs)
    assert ("ASSAULT", "Protesters", "police") in triples(evs)


def test_accented_word_keeps_its_space(nlp):
    evs = code(nlp, "ELN rebels attacked the town of Bogotá, the capital, on Monday.")
    assert evs
    for e in evs:
        assert "Bogotáthe" not in (e.target.name if e.target else "")
        assert all("áthe" not in a for a in (e.target.aliases if e.target else []))


def test_bare_anaphoric_noun_resolves_to_named_org_or_nothing(nlp):
    text = ("The Northern Liberation Front issued a statement on Monday. "
            "The group attacked a police convoy near the border.")
    ents = [Entity(name="Northern Liberation Front", type="ORG", aliases=[], spans=[(4, 29)])]
    evs = code(nlp, text, entities=ents)
    assert any(e.type == "ASSAULT" and e.source.name == "Northern Liberation Front" for e in evs)
    evs = code(nlp, "The group attacked a police convoy near the border.")
    assert not any(e.source is not None and e.source.name in ("group", "The group") for e in evs)


def test_possessive_marker_is_not_part_of_the_name(nlp):
    evs = code(nlp, "Canada condemned the agency's arrest of two reporters.")
    for e in evs:
        for a in (e.source, e.target):
            assert a is None or not a.name.endswith("'s")


def test_drone_attack_is_not_a_source(nlp):
    evs = code(nlp, "A drone attack on the market killed nine people.")
    assert all(e.source is None or "drone" not in e.source.name for e in evs)


def test_unlisted_acronym_is_an_actor(nlp):
    assert ("ACCUSE", "Bolivia", "UNASUR") in triples(code(nlp, "Bolivia blamed UNASUR for the crisis."))
