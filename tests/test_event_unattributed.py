"""Acts the article states without their author: arrests, seizures, lootings, blasts; and the
fixed phrases of force ("opened fire", "went off", "planted a bomb").  Every sentence is invented."""
from _event_helpers import code, triples
from conftest import place


def located(nlp, text, town="Varnel"):
    return code(nlp, text, places=[place(text, town, 41.2, 22.7)])


def test_agentless_arrest_is_coded_with_its_target(nlp):
    assert ("COERCE", None, "opposition journalists") in triples(
        code(nlp, "Two opposition journalists have been detained in the northern district."))
    assert ("COERCE", None, "people") in triples(
        code(nlp, "More than 300 people were arrested across the country for breaking the curfew."))


def test_agentless_looting_with_a_named_place_is_coded(nlp):
    assert {e.type for e in located(nlp, "Dozens of shops were looted in Varnel overnight.")} == {"COERCE"}


def test_agentless_act_with_a_plain_victim_needs_a_place(nlp):
    text = "Several rifles were seized from a farmhouse in Varnel."
    assert "ASSAULT" in {e.type for e in located(nlp, text)}
    assert code(nlp, "Several rifles were seized from a farmhouse.") == []


def test_a_wound_participle_is_a_state_not_an_event(nlp):
    assert code(nlp, "Wounded soldiers were taken to a hospital in the capital.") == []
    assert code(nlp, "Two people were injured.") == []


def test_a_blast_targets_what_it_went_off_near(nlp):
    assert ("ASSAULT", None, "army convoy") in triples(
        located(nlp, "A roadside bomb went off near an army convoy in Varnel."))
    assert ("ASSAULT", None, "crowded market") in triples(
        located(nlp, "A bomb exploded in a crowded market in Varnel."))


def test_a_mine_that_is_no_weapon_codes_nothing(nlp):
    assert code(nlp, "The gold mine employs 300 workers.") == []


def test_opened_fire_on_is_an_assault_on_the_object_of_on(nlp):
    assert ("ASSAULT", "Gunmen", "bus station") in triples(
        code(nlp, "Gunmen opened fire on a bus station in the town of Melvar."))


def test_exchanged_fire_with_is_an_assault(nlp):
    assert ("ASSAULT", "rebels", "government troops") in triples(
        code(nlp, "The rebels exchanged fire with government troops near the river."))


def test_planting_a_bomb_is_an_assault(nlp):
    assert "ASSAULT" in {e.type for e in located(nlp, "Militants planted a landmine on the road to Varnel.")}


def test_men_and_women_are_civilian_actors(nlp):
    assert ("ASSAULT", "men", "young woman") in triples(
        code(nlp, "Four men raped a young woman in a parked van near the market."))


def test_rounding_up_is_an_arrest(nlp):
    assert ("COERCE", "Police", "activists") in triples(code(nlp, "Police rounded up dozens of activists on Friday."))


def test_a_vigil_is_a_protest(nlp):
    assert "PROTEST" in {e.type for e in located(nlp, "Students held a candlelight vigil outside the parliament in Varnel.")}


def test_joining_a_protest_makes_the_subject_its_source(nlp):
    assert ("PROTEST", "farmers") in {(e.type, e.source.name if e.source else None)
                                      for e in code(nlp, "Hundreds of farmers took part in a demonstration on Friday.")}
    assert ("PROTEST", "Students") in {(e.type, e.source.name if e.source else None)
                                       for e in code(nlp, "Students joined a rally outside the parliament.")}
    assert code(nlp, "Students did not join the protest.") == []


def test_came_under_attack_makes_the_subject_the_target(nlp):
    assert ("ASSAULT", None, "army base") in triples(code(nlp, "The army base came under rocket attack on Sunday."))


def test_dropped_munitions_target_what_they_fell_on(nlp):
    assert ("ASSAULT", None, "village") in triples(
        located(nlp, "Chlorine munitions were dropped on a village near Varnel."))


def test_taking_to_the_streets_is_a_protest(nlp):
    assert "PROTEST" in {e.type for e in code(nlp, "Thousands of farmers took to the streets on Friday.")}
    assert "PROTEST" not in {e.type for e in code(nlp, "Farmers took the tractors to the market on Friday.")}


def test_gunned_down_and_murdered_are_assaults(nlp):
    assert ("ASSAULT", "Masked gunmen", "doctor") in triples(code(nlp, "Masked gunmen gunned down a doctor on Sunday."))
    assert ("ASSAULT", "vigilantes", "people") in triples(code(nlp, "Seven people were murdered by vigilantes."))


def test_sexual_abuse_is_an_assault_but_abuse_of_power_is_not(nlp):
    assert "ASSAULT" in {e.type for e in code(nlp, "The guards sexually abused the detainees.")}
    assert code(nlp, "The mayor abused his power.") == []


def test_protesters_the_actor_list_does_not_name_are_the_source(nlp):
    assert ("PROTEST", "Angry landowners") in {(e.type, e.source.name if e.source else None) for e in
                                               code(nlp, "Angry landowners marched through the capital on Sunday.")}
    assert ("PROTEST", "Landowners") in {(e.type, e.source.name if e.source else None) for e in
                                         code(nlp, "Landowners began a hunger strike outside parliament.")}
    assert code(nlp, "The convoy marched into the town.") == []
