"""Event frames beyond the plain verb: event nouns, noun modifiers that decide the type, reciprocal
fighting, purpose clauses, states that are not acts.  Every sentence here is invented."""
import pytest

from _event_helpers import code, triples
from eventwire.extract import extract_entities, extract_places
from eventwire.nlp import parse
from eventwire.records import Article


def code_with_places(nlp, text, date="2023-05-02"):
    """Code with the article's own places and entities (the real extractors), as the pipeline does."""
    parsed = parse(Article(text=text, date=date), nlp)
    places = extract_places(parsed)
    return code(nlp, text, date=date, entities=extract_entities(parsed, places), places=places)


def types(events):
    return {e.type for e in events}


@pytest.mark.parametrize("text,typ", [
    ("Hundreds of students in Norvale began a hunger strike against the government.", "PROTEST"),
    ("Dock workers staged a general strike against the port authority.", "PROTEST"),
    ("The air force carried out a strike on the rebel depot.", "ASSAULT"),
    ("Rebels hurled grenades at a police patrol in Tarvik.", "ASSAULT"),
    ("The Norland navy held joint exercises with Sudria in the gulf.", "COOPERATE"),
    ("Norland suspended aid deliveries to Sudria.", "SANCTION"),
    ("The Norvale Teachers Union called off the strike after talks with the ministry.", "CONCEDE"),
    ("The Valdan army declared a unilateral ceasefire with the rebels.", "RETREAT"),
    ("Norland issued an ultimatum to Sudria over the border posts.", "THREATEN"),
    ("Judge Ana Varga opened an investigation into the Tarvik Mining Company.", "ACCUSE"),
    ("Norland established diplomatic ties with Sudria.", "SUPPORT"),
    ("Valdan troops set up a new base in the hills near Tarvik.", "MOBILIZE"),
])
def test_lexicon_frames_give_the_type(nlp, text, typ):
    assert typ in types(code(nlp, text))


def test_noun_modifier_separates_a_labour_strike_from_an_air_strike(nlp):
    assert types(code(nlp, "Nurses in Norvale began a hunger strike against the ministry.")) == {"PROTEST"}
    assert "PROTEST" not in types(code(nlp, "The Norland air force launched a strike on the depot."))


def test_police_firing_tear_gas_coerces_the_crowd_of_the_purpose_clause(nlp):
    assert ("COERCE", "Police", "protesters") in triples(
        code(nlp, "Police fired tear gas to disperse protesters near the stadium."))


def test_fighting_between_named_sides_is_one_event_between_them(nlp):
    assert ("ASSAULT", "Norland", "Sudria") in triples(
        code(nlp, "Clashes between Norland and Sudria erupted on the border on Monday."))


def test_fighting_without_sides_is_not_coded(nlp):
    assert not code(nlp, "Fierce fighting raged in the town of Tarvik overnight.")


def test_an_adjectival_participle_is_a_state_not_an_act(nlp):
    assert not [e for e in code(nlp, "Residents fled the Norland-occupied province last year.") if e.type == "COERCE"]


def test_soldiers_marching_are_not_protesters(nlp):
    assert "PROTEST" not in types(code(nlp, "Norland troops marched into the town of Tarvik."))
    assert "PROTEST" in types(code(nlp, "Thousands of students marched against the government in Tarvik."))


def test_an_attacked_rally_is_the_target(nlp):
    evs = [e for e in code(nlp, "A group of gunmen attacked a peaceful rally in Tarvik.") if e.type == "ASSAULT"]
    assert evs and "rally" in evs[0].target.name


def test_aid_given_to_the_indirect_object(nlp):
    assert ("AID", "Norland", "Sudria") in triples(code(nlp, "Norland gave Sudria aid for the flood victims."))


def test_a_stated_intention_to_help_is_agree(nlp):
    assert ("AGREE", "Norland", "Sudria") in triples(
        code(nlp, "Norland will send aid to Sudria, the Norland foreign minister said on Monday."))


def test_a_stated_intention_to_use_force_is_threaten(nlp):
    evs = code(nlp, "Norland would impose sanctions on Sudria, the Norland government said.")
    assert ("THREATEN", "Norland", "Sudria") in triples(evs) and "SANCTION" not in {e.type for e in evs}


def test_an_intention_someone_else_predicts_is_not_coded(nlp):
    assert not code(nlp, "Analysts said Norland would impose sanctions on Sudria.")
    assert not code(nlp, "If the talks fail, Norland will attack Sudria.")


def test_a_reported_obligation_is_a_request_of_its_subject(nlp):
    assert ("REQUEST", "Norland", "Sudria") in triples(
        code(nlp, "Norland said Sudria must withdraw its troops from the border."))
    assert not code(nlp, "Norland said it must withdraw its troops from the border.")


def test_agentless_killing_takes_the_attacker_of_the_sentence_before(nlp):
    evs = code(nlp, "Norland forces shelled the town of Tarvik on Monday. Four civilians were killed.")
    assert ("ASSAULT", "Norland", "civilians") in triples(evs)


def test_killed_in_an_attack_takes_the_attack_author(nlp):
    assert ("ASSAULT", "Norland", "civilians") in triples(
        code(nlp, "Four civilians were killed in a Norland air strike on Tarvik."))


def test_agentless_killing_with_no_attacker_nearby_keeps_a_null_source(nlp):
    evs = code(nlp, "The harvest festival opened in Tarvik. Four civilians were killed in the town of Derna.")
    assert [(e.type, e.source) for e in evs] == [("ASSAULT", None)]


def test_a_denied_claim_targets_who_made_it(nlp):
    evs = code(nlp, "Norland accused Sudria of shelling the port of Tarvik. Sudria denied the claim on Tuesday.")
    assert ("ACCUSE", "Norland", "Sudria") in triples(evs)
    assert ("REJECT", "Sudria", "Norland") in triples(evs)


def test_accused_of_arming_codes_the_accusation_and_the_aid(nlp):
    evs = code(nlp, "Norland accused Sudria of arming the Tarvik rebels.")
    assert ("ACCUSE", "Norland", "Sudria") in triples(evs)
    aid = [e for e in evs if e.type == "AID"]
    assert aid and aid[0].source.name == "Sudria" and aid[0].claimed_by == "Norland"


def test_both_sides_stand_for_the_named_sides_of_the_fight(nlp):
    evs = code(nlp, "Norland forces shelled Sudria on Monday. The United Nations urged both sides to stop the fighting.")
    assert {("REQUEST", "United Nations", "Norland"), ("REQUEST", "United Nations", "Sudria")} <= triples(evs)


def test_the_warring_parties_agree_with_each_other(nlp):
    evs = code(nlp, "Norland forces attacked Sudria in March. The warring parties agreed to a ceasefire on Friday.")
    assert ("AGREE", "Norland", "Sudria") in triples(evs)


def test_sides_stay_as_written_when_the_article_names_none(nlp):
    evs = code(nlp, "The United Nations urged both sides to stop the fighting.")
    assert evs and all(e.target is None or "sides" in e.target.name for e in evs)


def test_an_earlier_act_stated_as_fact_is_a_background_event_of_its_date(nlp):
    evs = code(nlp, "Refugees have crossed the border since Norland invaded Sudria in February 2022.", date="2023-05-02")
    inv = [e for e in evs if e.type == "ASSAULT"]
    assert [(e.source.name, e.target.name, e.background, e.date) for e in inv] == [("Norland", "Sudria", True, "2022-02")]


def test_an_earlier_year_makes_a_background_event(nlp):
    evs = code(nlp, "Norland annexed the Tarvik peninsula from Sudria in 2014.", date="2023-05-02")
    assert evs == [] or all(e.background and e.date == "2014" for e in evs)
    evs = code(nlp, "Norland shelled Sudria in 2014.", date="2023-05-02")
    assert [(e.type, e.background, e.date) for e in evs] == [("ASSAULT", True, "2014")]


def test_acts_of_the_article_time_are_not_background(nlp):
    evs = code(nlp, "Norland shelled Sudria on Monday.", date="2023-05-02")
    assert [(e.type, e.background) for e in evs] == [("ASSAULT", False)]


def test_a_condition_is_still_no_event(nlp):
    assert not code(nlp, "Sudria will respond if Norland shells the border again.")


def test_the_capture_of_a_town_by_named_forces(nlp):
    assert ("ASSAULT", "Norland", "Tarvik") in triples(
        code(nlp, "The capture of Tarvik by Norland forces was confirmed on Sunday."))


def test_talks_between_two_named_sides(nlp):
    assert ("CONSULT", "Norland", "Sudria") in triples(
        code(nlp, "Talks between Norland and Sudria resumed in Geneva on Monday."))


def test_an_offensive_with_only_a_place_targets_the_place(nlp):
    assert ("ASSAULT", "Norland", "Kharkiv") in triples(
        code_with_places(nlp, "Norland launched an offensive in Kharkiv on Monday."))


def test_an_attack_on_no_one_and_nowhere_is_not_coded(nlp):
    assert not [e for e in code(nlp, "Norland launched an offensive on Monday.") if e.type == "ASSAULT"]


def test_sanctions_on_a_named_country(nlp):
    assert ("SANCTION", "European Union", "Norland") in triples(
        code(nlp, "The European Union imposed new sanctions on Norland."))


def test_a_criticized_move_targets_who_made_it_in_the_sentence_before(nlp):
    evs = code(nlp, "Norland is reviewing plans to send workers to the region. Sudria has criticized such plans.")
    assert ("ACCUSE", "Sudria", "Norland") in triples(evs)


def test_a_rejected_proposal_targets_its_author(nlp):
    assert ("REJECT", "Sudria", "Norland") in triples(code(nlp, "Sudria rejected a Norland proposal for new talks."))


def test_the_party_of_the_infinitive_is_the_target(nlp):
    assert ("THREATEN", "Norland", "Sudria") in triples(
        code(nlp, "Norland threatened to cut off electricity to Sudria over unpaid bills."))
    assert ("AGREE", "European Union", "Sudria") in triples(
        code(nlp, "The European Union agreed to send aid to Sudria."))


def test_never_the_actor_on_both_sides(nlp):
    evs = code(nlp, "Norland offered its troops to Sudria to help secure the border.")
    assert evs and all(e.source is None or e.target is None or e.source.name != e.target.name for e in evs)
    assert ("AGREE", "Norland", "Sudria") in triples(evs)


def test_troops_on_alert_in_a_place_mobilize_there(nlp):
    assert ("MOBILIZE", "Norland", "Kharkiv") in triples(
        code_with_places(nlp, "Norland troops remained on alert in Kharkiv on Monday."))


def test_a_verb_that_speeds_up_an_event_noun_codes_it_with_its_subject(nlp):
    """"speeded up the withdrawal": an aspectual verb is a light verb, its subject the act's source."""
    found = code_with_places(nlp, "Norland speeded up the withdrawal of its troops from Sudria on Wednesday.")
    assert ("RETREAT", "Norland", "Sudria") in triples(found)


def test_a_generic_effort_is_coded_by_its_event_noun_compound(nlp):
    """"launched a mediation effort between X and Y": the compound names the act, "effort" stands for it."""
    found = code_with_places(nlp, "Valdia launched a mediation effort between Norland and Sudria on Saturday.")
    assert {("CONSULT", "Valdia", "Norland"), ("CONSULT", "Valdia", "Sudria")} <= triples(found)


@pytest.mark.parametrize("text,typ", [
    ("Norland reduced its aid to Sudria after the border dispute.", "SANCTION"),
    ("Norland terminated its cooperation with Sudria on Friday.", "SANCTION"),
    ("Norland relaxed the restrictions on Sudrian traders.", "CONCEDE"),
    ("The Norland cabinet revoked the curfew in Tarvik.", "CONCEDE"),
])
def test_verbs_of_stopping_and_easing_share_one_object_class(nlp, text, typ):
    """Any verb of stopping with a relations or aid object is SANCTION, any verb of easing with a restriction
    object CONCEDE (CAMEO 16 and 08): the verbs and objects combine, not listed pair by pair."""
    assert typ in types(code_with_places(nlp, text))


@pytest.mark.parametrize("text", [
    "The Norland government acceded to the demands of the striking teachers.",
    "The Norland ministry accepted the demands of the striking miners.",
    "The governor of Tarvik met the protesters' demands on Tuesday.",
])
def test_yielding_to_a_demand_is_concede(nlp, text):
    """Accede to, accept, meet, heed a demand: CAMEO 083, PLOVER CONCEDE (not AGREE, not a meeting)."""
    found = types(code_with_places(nlp, text))
    assert "CONCEDE" in found and "CONSULT" not in found


def test_an_official_arriving_in_a_country_is_a_visit(nlp):
    """"arrived in X", "flew to X": CAMEO 042 make a visit, PLOVER CONSULT, for a state or its officials."""
    assert ("CONSULT", "Norland", "Sudria") in triples(
        code_with_places(nlp, "The Norland foreign minister arrived in Sudria on Monday for two days of meetings."))
    assert ("CONSULT", "Norland", "Sudria") in triples(
        code_with_places(nlp, "The Norland president flew to Sudria on Tuesday."))


def test_troops_or_refugees_arriving_are_no_visit(nlp):
    assert "CONSULT" not in types(code_with_places(nlp, "Norland troops arrived in Tarvik on Monday."))
    assert "CONSULT" not in types(code_with_places(nlp, "Hundreds of refugees arrived in Sudria from Norland."))


@pytest.mark.parametrize("text,typ", [
    ("Norland postponed its talks with Sudria over the border incident.", "SANCTION"),
    ("Norland cancelled the visit of the Sudrian foreign minister.", "SANCTION"),
    ("The Norvale Teachers Union cancelled the strike after talks with the ministry.", "CONCEDE"),
])
def test_cancelling_talks_halts_them_but_cancelling_a_strike_yields(nlp, text, typ):
    """Cancel or postpone a visit or talks: CAMEO 164 halt negotiations (SANCTION); a strike or ban: CONCEDE."""
    assert typ in types(code_with_places(nlp, text))


def test_withdrawing_envoys_is_a_sanction_and_withdrawing_troops_a_retreat(nlp):
    """CAMEO 166 expel or withdraw (envoys, observers): SANCTION; a force pulling back: RETREAT."""
    assert "SANCTION" in types(code_with_places(nlp, "Norland withdrew its ambassador from Sudria on Friday."))
    assert "RETREAT" in types(code_with_places(nlp, "Norland troops withdrew from Tarvik on Friday."))


@pytest.mark.parametrize("text", [
    "The Norland government filed a lawsuit against the Tarvik Mining Company.",
    "Sudrian prosecutors brought charges against the Norland ambassador.",
])
def test_bringing_a_case_against_someone_is_accuse(nlp, text):
    """File a lawsuit, bring charges: CAMEO 115 bring lawsuit against, PLOVER ACCUSE."""
    assert "ACCUSE" in types(code_with_places(nlp, text))
