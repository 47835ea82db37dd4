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


def test_targets_can_be_places_and_things_for_attacks(nlp):
    assert ("ASSAULT", "Russia", "Odessa") in triples(code(nlp, "Russia bombed Odessa."))
    ev = code(nlp, "Rebels attacked a fuel depot near Mosul.")[0]
    assert ev.target.name == "fuel depot" and ev.place == "Mosul"


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


# ---- the sides' own words: country, sector, never X -> X (invented sentences)

def test_actor_takes_the_country_and_sector_its_words_state(nlp):
    ev = [e for e in code(nlp, "The Chilean Navy detained two fishing boats.") if e.type == "COERCE"][0]
    assert ev.source.country == "CL" and ev.source.role == "military"
    ev = [e for e in code(nlp, "Chile accused the union of organizing the blockade.") if e.type == "ACCUSE"][0]
    assert ev.source.name == "Chile" and ev.source.role == "government"


def test_vague_target_is_never_the_target(nlp):
    evs = code(nlp, "Government aircraft struck targets overnight.")
    assert not any(e.target is not None and e.target.name.lower().endswith("targets") for e in evs)


def test_counted_things_are_the_target_not_the_number(nlp):
    evs = code(nlp, "Ukrainian air defences shot down 12 of 15 drones overnight, the air force said.")
    ev = [e for e in evs if e.type == "ASSAULT"][0]
    assert ev.target is not None and ev.target.name == "drones"


def test_one_actor_is_never_on_both_sides(nlp):
    evs = code(nlp, "Kenyan police arrested Kenyan police officers on Friday.")
    assert not any(e.source and e.target and e.source.name == e.target.name and e.source.role == e.target.role
                   for e in evs)


def test_two_actors_of_one_country_are_both_sides(nlp):
    ev = [e for e in code(nlp, "Syrian rebels attacked Syrian troops near Idlib on Monday.") if e.type == "ASSAULT"][0]
    assert (ev.source.name, ev.source.role) == ("Syria", "rebels")
    assert (ev.target.name, ev.target.role) == ("Syria", "military")


def test_armed_groups_are_not_their_countrys_government(nlp):
    evs = code(nlp, "Lebanese soldiers seized rifles from Lebanese armed groups near Tyre.")
    assert any(e.source.role == "military" and e.target is not None and e.target.name == "Lebanon"
               and e.target.role == "rebels" for e in evs)
    ev = [e for e in code(nlp, "Syrian armed forces attacked Syrian armed groups.") if e.type == "ASSAULT"][0]
    assert ev.source.role == "military" and ev.target.role == "rebels"


# ---- the party named, not the thing acted on (invented sentences)

def test_party_named_in_the_act_phrase_is_the_target_not_the_thing(nlp):
    ev = [e for e in code(nlp, "Norland suspended fuel deliveries to Sudria on Monday.") if e.type == "SANCTION"][0]
    assert ev.target.name == "Sudria"
    ev = [e for e in code(nlp, "Venezuela lifted the curfew in Zulia.") if e.type == "CONCEDE"][0]
    assert ev.target.name == "Zulia"


def test_party_of_the_infinitives_object_is_the_target(nlp):
    evs = [e for e in code(nlp, "The ministry agreed to provide medical supplies for Chad.") if e.type == "AGREE"]
    assert evs and evs[0].target.name == "Chad"


def test_fired_munitions_are_not_the_target_but_what_is_struck_is(nlp):
    ev = [e for e in code(nlp, "Militants hurled grenades at Kismayo.") if e.type == "ASSAULT"][0]
    assert ev.target.name == "Kismayo"
    ev = [e for e in code(nlp, "Gunmen attacked a crowded market in Mosul.") if e.type == "ASSAULT"][0]
    assert "market" in ev.target.name and ev.place == "Mosul"


def test_place_of_a_circumstance_is_not_the_target(nlp):
    evs = code(nlp, "Norland closed the border during a visit to Sudria.")
    assert evs and all(e.target is None or e.target.name != "Sudria" for e in evs)


def test_attackers_named_by_what_they_do_are_sources(nlp):
    assert any(e.type == "ASSAULT" and e.source is not None and e.source.name == "mob" and e.source.role == "civilians"
               for e in code(nlp, "A mob lynched a man in Ranchi."))
    ev = [e for e in code(nlp, "Kidnappers abducted three engineers near Warri.") if e.type == "ASSAULT"][0]
    assert ev.source.name == "Kidnappers" and ev.source.role == "rebels"
    ev = [e for e in code(nlp, "Two suicide bombers blew themselves up outside a mosque in Kano.") if e.type == "ASSAULT"][0]
    assert "bombers" in ev.source.name


def test_people_named_by_their_occupation_are_protest_sources(nlp):
    ev = [e for e in code(nlp, "Hundreds of lawyers took to the streets in Nairobi on Thursday.") if e.type == "PROTEST"][0]
    assert ev.source.name == "lawyers" and ev.source.role == "civilians"
    ev = [e for e in code(nlp, "Prisoners rioted at a jail in Kandahar.") if e.type == "PROTEST"][0]
    assert ev.source.name == "Prisoners"


def test_shells_that_hit_something_code_an_attack(nlp):
    evs = [e for e in code(nlp, "Mortar shells hit a military base in Herat on Tuesday.") if e.type == "ASSAULT"]
    assert evs and "base" in evs[0].target.name and evs[0].place == "Herat"


def test_victims_of_an_agentless_attack_noun_are_its_target_once(nlp):
    evs = [e for e in code(nlp, "A villager was badly injured in a grenade attack in Pikit on Tuesday.")
           if e.type == "ASSAULT"]
    assert len(evs) == 1 and evs[0].source is None and evs[0].target.name == "villager"
    evs = [e for e in code(nlp, "Three farmers were killed in an ambush in Zamfara.") if e.type == "ASSAULT"]
    assert len(evs) == 1 and evs[0].target.name == "farmers"


def test_an_accusation_is_against_a_party_not_a_place(nlp):
    evs = [e for e in code(nlp, "Serbia has blamed the arson for the blackout in Kosovo.") if e.type == "ACCUSE"]
    assert evs and all(e.target is None or e.target.name != "Kosovo" for e in evs)


@pytest.mark.parametrize("text,target", [
    ("Thousands of farmers marched in Chisinau on Sunday to demand the resignation of Prime Minister Ion Rusu.",
     "Ion Rusu"),
    ("Students staged demonstrations across Moldova to press for reforms by the government of Prime Minister "
     "Ion Rusu.", "Ion Rusu"),
    ("Doctors began a hunger strike outside the parliament in Chisinau to demand higher pay from the health "
     "ministry.", "health ministry"),
])
def test_a_protest_is_against_whom_its_demand_addresses_not_the_town_it_is_held_in(nlp, text, target):
    protests = [e for e in code(nlp, text) if e.type == "PROTEST"]
    assert protests and all(e.target is not None and target in e.target.name for e in protests)


def test_a_protest_with_no_demand_keeps_its_place_as_target(nlp):
    assert ("PROTEST", "farmers", "Chisinau") in triples(code(nlp, "Thousands of farmers marched in Chisinau on Sunday."))
