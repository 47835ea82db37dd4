"""Quantities: number forms, metrics, sources, bounds and exclusions, on invented sentences."""
import re

import pytest

from eventwire.extract.numbers import find_numbers
from eventwire.extract.mentions import Mentions
from eventwire.extract.quantities import extract_quantities
from eventwire.nlp import parse
from eventwire.records import Article, Entity


def ent(text, name, type_="ORG", aliases=()):
    spans = []
    for form in [name, *aliases]:
        for m in re.finditer(re.escape(form), text):
            spans.append((m.start(), m.end()))
    return Entity(name=name, type=type_, aliases=list(aliases), spans=sorted(spans))


def figures(nlp, text, entities=()):
    parsed = parse(Article(text=text), nlp)
    return extract_quantities(parsed, Mentions(parsed, list(entities), []))


def pairs(qs):
    return [(q.value, q.metric) for q in qs]


def only(qs):
    assert len(qs) == 1, pairs(qs)
    return qs[0]


# ---- number forms --------------------------------------------------------------------------

@pytest.mark.parametrize("phrase,value", [
    ("44,100", 44100), ("1.2 million", 1200000), ("3 000", 3000), ("2.9 million", 2900000),
    ("two", 2), ("four", 4), ("a hundred", 100), ("twenty-five", 25), ("a dozen", 12),
    ("two hundred and fifty", 250), ("12", 12),
])
def test_number_forms(nlp, phrase, value):
    q = only(figures(nlp, f"The shelling killed {phrase} civilians in the town."))
    assert q.value == value and q.metric == "killed"


@pytest.mark.parametrize("vague", ["dozens of", "hundreds of", "several", "numerous", "many"])
def test_vague_amounts_are_not_values(nlp, vague):
    assert figures(nlp, f"The shelling killed {vague} civilians in the town.") == []


def test_number_spans_point_at_the_text(nlp):
    t = "Rescuers said 17 people were injured."
    q = only(figures(nlp, t))
    assert t[q.span[0]:q.span[1]] == "17"
    s, e = q.sentence_span
    assert s <= q.span[0] < e


# ---- metrics -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,metric", [
    ("Eleven soldiers were killed in the ambush.", "killed"),
    ("Seven miners died when the shaft collapsed.", "killed"),
    ("The attack left 9 dead.", "killed"),
    ("The army lost 120 soldiers in the battle.", "killed"),
    ("The town recorded 14 deaths overnight.", "killed"),
    ("Doctors treated 30 wounded civilians.", "injured"),
    ("Six passengers were hurt in the crash.", "injured"),
    ("About 5,000 residents fled the fighting.", "displaced"),
    ("Officials evacuated 800 villagers from the valley.", "displaced"),
    ("The camp now holds 12,000 refugees.", "displaced"),
    ("Police arrested 45 protesters on Sunday.", "detained"),
    ("Gunmen abducted 23 students from the school.", "detained"),
    ("Eight fishermen remain missing after the storm.", "missing"),
    ("The brigade destroyed 14 tanks near the river.", "materiel_lost"),
    ("The air force shot down 3 helicopters.", "materiel_lost"),
    ("The government deployed 300 troops to the border.", "deployed"),
    ("The rebels recruited 150 fighters last month.", "deployed"),
    ("About 40 people live in the village.", "affected"),
])
def test_metric_from_verb_and_noun(nlp, sentence, metric):
    qs = figures(nlp, sentence)
    assert qs and qs[0].metric == metric, pairs(qs)


def test_shot_down_partitive_counts_only_the_part(nlp):
    qs = figures(nlp, "The air defence said it shot down 44 of 50 cruise missiles.")
    assert pairs(qs) == [(44, "materiel_lost")]


def test_armed_people_acting_are_deployed(nlp):
    q = only(figures(nlp, "At least 200 militia troops stormed the checkpoint."))
    assert (q.value, q.metric, q.lower_bound) == (200, "deployed", True)


def test_coordinated_list_inherits_the_verb(nlp):
    t = "The enemy lost 1,200 soldiers, 35 tanks, 60 armored vehicles, 12 drones and 4 aircraft, the staff said."
    qs = figures(nlp, t)
    assert pairs(qs) == [(1200, "killed"), (35, "materiel_lost"), (60, "materiel_lost"),
                         (12, "materiel_lost"), (4, "materiel_lost")]


def test_casualties_are_not_counted_as_deaths(nlp):
    q = only(figures(nlp, "Witnesses reported at least 10 casualties."))
    assert q.metric == "affected"


# ---- sources -------------------------------------------------------------------------------

def test_source_description_resolves_to_entity(nlp):
    t = ("The Joint Staff of Moldavia published its daily update. "
         "The enemy lost 35 tanks and 12 drones, the staff said.")
    qs = figures(nlp, t, [ent(t, "Joint Staff of Moldavia")])
    assert {q.source for q in qs} == {"Joint Staff of Moldavia"}


def test_according_to_source(nlp):
    t = "At least 31 people were killed, according to the Red Lantern Society."
    q = only(figures(nlp, t, [ent(t, "Red Lantern Society")]))
    assert q.source == "Red Lantern Society"


def test_reported_and_claimed_sources(nlp):
    t = "The Valley Monitor reported 12 civilians killed. Nordland claimed 8 soldiers were captured."
    qs = figures(nlp, t, [ent(t, "Valley Monitor"), ent(t, "Nordland")])
    assert [(q.value, q.metric, q.source) for q in qs] == [(12, "killed", "Valley Monitor"),
                                                          (8, "detained", "Nordland")]


def test_source_carries_over_within_a_paragraph(nlp):
    t = ("The Joint Staff of Moldavia reported 300 soldiers killed. Another 20 tanks were destroyed.\n\n"
         "Elsewhere 5 people were injured.")
    qs = figures(nlp, t, [ent(t, "Joint Staff of Moldavia")])
    assert [q.source for q in qs] == ["Joint Staff of Moldavia", "Joint Staff of Moldavia", None]


def test_unresolved_source_keeps_the_phrase(nlp):
    q = only(figures(nlp, "Officials said two people were injured."))
    assert q.source == "Officials"


# ---- bounds and ranges ---------------------------------------------------------------------

@pytest.mark.parametrize("phrase,lower,upper", [
    ("at least 11", True, False), ("more than 11", True, False), ("over 11", True, False),
    ("up to 11", False, True), ("11", False, False),
])
def test_bounds(nlp, phrase, lower, upper):
    q = only(figures(nlp, f"The storm killed {phrase} people."))
    assert (q.value, q.lower_bound, q.upper_bound) == (11, lower, upper)


@pytest.mark.parametrize("phrase", ["10 to 15", "10-15", "between 10 and 15"])
def test_ranges(nlp, phrase):
    q = only(figures(nlp, f"The raid killed {phrase} fighters."))
    assert (q.value, q.high) == (10, 15)


# ---- exclusions ----------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "On 24 February 2022 the soldiers were killed.",              # date
    "The village has been held since 2014 by the rebels.",          # year
    "The sirens sounded at 8:00 am and people were hurt.",          # time
    "A 25-year-old man was killed in the blast.",                   # age
    "The woman, aged 71, was killed.",                              # age
    "Fighting lasted 12 hours and soldiers were killed.",           # duration
    "Turnout fell 40 percent as voters were displaced.",            # percentage
    "The army lost $5 million worth of fuel.",                      # money
    "He was the first soldier killed in the war.",                  # ordinal
    "Channel 5 reported that soldiers were killed.",                # channel number
    "One of them was arrested on Monday.",                          # pronoun use
    "Their losses outnumber ours by a factor of ten, soldiers said.",  # factor
    "The 93rd Brigade lost ground near the river.",                 # unit number
])
def test_exclusions(nlp, sentence):
    assert figures(nlp, sentence) == [], pairs(figures(nlp, sentence))


def test_restated_figure_is_one_item(nlp):
    t = "Storm kills 14 people\n\nThe storm killed 14 people on the coast, officials said."
    qs = figures(nlp, t)
    assert pairs(qs) == [(14, "killed")]


def test_find_numbers_gives_bound_and_high(nlp):
    doc = nlp("at least 5 and between 10 and 20")
    nums = find_numbers(doc)
    assert nums[0].bound == "lower" and nums[1].high == 20


# ---- elided nouns, partitives, indefinite multipliers, wording-based metrics ---------------

@pytest.mark.parametrize("sentence,expected", [
    ("At least 12 villagers were killed and 31 wounded when the market was shelled.", [(12, "killed"), (31, "injured")]),
    ("The rescue service said three miners were killed and seven wounded in the collapse.", [(3, "killed"), (7, "injured")]),
    ("The explosion left 9 dead and 14 injured in the depot, officials said.", [(9, "killed"), (14, "injured")]),
])
def test_shared_verb_with_elided_noun(nlp, sentence, expected):
    assert sorted(pairs(figures(nlp, sentence))) == sorted(expected)


def test_partitive_of_casualty_noun(nlp):
    q = only(figures(nlp, "The ferry sank near the harbour. Four of the dead were fishermen."))
    assert (q.value, q.metric) == (4, "killed")


@pytest.mark.parametrize("phrase", ["Several hundred people", "A few thousand people", "Many thousand residents"])
def test_indefinite_multiplier_is_not_a_value(nlp, phrase):
    assert figures(nlp, f"{phrase} marched through the old town on Sunday.") == []


def test_article_hundred_is_still_a_value(nlp):
    q = only(figures(nlp, "A hundred people marched through the old town on Sunday."))
    assert (q.value, q.metric) == (100, "affected")


@pytest.mark.parametrize("sentence,expected", [
    ("More than 2,300 people are sheltering in the cathedral and two schools.", (2300, "displaced")),
    ("The agency said 8,400 people had crossed into the neighbouring province by Friday.", (8400, "displaced")),
    ("The rebels are still holding 17 crew members of the tanker.", (17, "detained")),
    ("Moldavia has about 900 troops in the region.", (900, "deployed")),
])
def test_metric_from_wording(nlp, sentence, expected):
    q = only(figures(nlp, sentence))
    assert (q.value, q.metric) == expected


def test_armed_people_crossing_are_deployed(nlp):
    q = only(figures(nlp, "About 400 soldiers crossed into the province overnight."))
    assert (q.value, q.metric) == (400, "deployed")


def test_movement_clause_does_not_override_the_verb_above(nlp):
    q = only(figures(nlp, "Border guards detained five shepherds who had crossed the river."))
    assert (q.value, q.metric) == (5, "detained")


def test_bullet_is_stripped_from_source(nlp):
    q = only(figures(nlp, "\u25ba The regional police said 12 people were detained overnight."))
    assert q.source == "regional police"


# ---- the metric from what happened to the counted people (issue 15) --------------------------

def figure(q):
    return (q.value, q.metric, q.object, q.lower_bound)


@pytest.mark.parametrize("sentence,expected", [
    # a verb
    ("Gunmen abducted at least 14 farmers near the river.", (14, "detained", "farmers", True)),
    # a noun, counted or governing the count
    ("The clinic confirmed the deaths of 12 civilians.", (12, "killed", "civilians", False)),
    ("Officials recorded 9 fatalities after the blast.", (9, "killed", "fatalities", False)),
    ("Medics counted a death toll of 31 in the valley.", (31, "killed", None, False)),
    ("The ferry company ordered the evacuation of more than 2,000 passengers.", (2000, "displaced", "passengers", True)),
    # an adjective or state
    ("Nine hikers were dead by the time rescuers arrived.", (9, "killed", "hikers", False)),
    ("Eleven fishermen remain unaccounted for after the squall.", (11, "missing", "fishermen", False)),
    ("About 3,000 villagers were made homeless by the landslide.", (3000, "displaced", "villagers", False)),
    ("Some 4,000 people remain displaced in the hill districts.", (4000, "displaced", "people", False)),
    ("More than 900 villagers are living in camps near the border.", (900, "displaced", "villagers", True)),
    # a role noun carrying the metric
    ("The militia still holds 17 hostages in the mountains.", (17, "detained", "hostages", False)),
    ("About 300 prisoners of war remain in the camp.", (300, "detained", "prisoners", False)),
    ("The camp now shelters 12,000 refugees from the north.", (12000, "displaced", "refugees", False)),
    ("The storm forced 600 evacuees into school gyms.", (600, "displaced", "evacuees", False)),
    ("Divers recovered 14 bodies from the flooded quarry.", (14, "killed", "bodies", False)),
    ("Two hostages were killed when the house was stormed.", (2, "killed", "hostages", False)),
    # what the people are made to do
    ("The wildfire forced 2,500 residents out of their homes.", (2500, "displaced", "residents", False)),
    ("The flooding forced 800 families to leave their homes.", (800, "displaced", "families", False)),
    ("At least 400 residents had to evacuate the tower.", (400, "displaced", "residents", True)),
    ("Police said 1,200 people were ordered to evacuate.", (1200, "displaced", "people", False)),
])
def test_metric_from_what_happened(nlp, sentence, expected):
    assert [figure(q) for q in figures(nlp, sentence)] == [expected]


def test_casualties_count_killed_and_injured_together_as_affected(nlp):
    t = "The shelling caused 40 casualties in Varno: 12 killed and 28 wounded."
    assert [figure(q) for q in figures(nlp, t)] == [(40, "affected", "casualties", False),
                                                    (12, "killed", None, False), (28, "injured", None, False)]


@pytest.mark.parametrize("sentence,expected", [
    ("The mudslide left 5 people dead and two missing.", [(5, "killed"), (2, "missing")]),
    ("The mortar fire killed 6 and wounded 21.", [(6, "killed"), (21, "injured")]),
    ("There were 6 dead and 21 injured in the bus crash.", [(6, "killed"), (21, "injured")]),
    ("The drone strike killed 4 guards and 2 medics.", [(4, "killed"), (2, "killed")]),
    ("The storm killed one person, injured three and left 150 homeless.", [(1, "killed"), (3, "injured"), (150, "displaced")]),
])
def test_coordination_shares_the_verb_or_the_state(nlp, sentence, expected):
    assert pairs(figures(nlp, sentence)) == expected


def test_list_items_take_the_metric_of_their_header(nlp):
    t = "Killed in the overnight shelling:\n- 7 civilians in Varno\n- 3 firefighters in Lesk\n"
    assert [figure(q) for q in figures(nlp, t)] == [(7, "killed", "civilians", False),
                                                    (3, "killed", "firefighters", False)]


def test_a_label_gives_the_metric(nlp):
    t = "Storm toll in the delta\n\nDead: 14\nMissing: 3\n"
    assert pairs(figures(nlp, t)) == [(14, "killed"), (3, "missing")]


@pytest.mark.parametrize("sentence,expected", [
    ("63 prisoners were exchanged at the border crossing.", (63, "detained", "prisoners")),
    ("The two sides swapped 90 captured soldiers on Sunday.", (90, "detained", "soldiers")),
    ("The rebels freed 12 aid workers after talks.", (12, "detained", "aid workers")),
])
def test_exchanges_and_releases_count_detained_people(nlp, sentence, expected):
    q = only(figures(nlp, sentence))
    assert (q.value, q.metric, q.object) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("The death toll rose to 57 on Tuesday.", [(57, "killed", True)]),
    ("Another 200 residents fled overnight, bringing the total to 8,300.", [(200, "displaced", False),
                                                                          (8300, "displaced", True)]),
    ("The number of people displaced by the fighting has reached 9,400.", [(9400, "displaced", True)]),
    ("Soldiers have killed 140 militants so far this year.", [(140, "killed", True)]),
    ("Storms have killed 23 people since the start of the season.", [(23, "killed", True)]),
    ("Seven people were killed on Monday.", [(7, "killed", False)]),
])
def test_running_tallies_are_cumulative_with_the_tally_metric(nlp, sentence, expected):
    assert [(q.value, q.metric, q.cumulative) for q in figures(nlp, sentence)] == expected


@pytest.mark.parametrize("sentence", [
    "The 27 member states approved the plan on Friday.",
    "The motion passed with 312 votes in the chamber.",
    "Delegates from 40 countries attended the summit.",
    "A convoy of 60 vehicles reached the town at dawn.",
    "The 15 members of the council voted for the measure.",
    "Brussels imposed sanctions on 30 companies and banks.",
    "No one was killed in the fire.",
])
def test_counts_that_are_not_figures(nlp, sentence):
    assert figures(nlp, sentence) == [], pairs(figures(nlp, sentence))


def test_sanctioned_officers_are_not_deployed(nlp):
    q = only(figures(nlp, "The union sanctioned 12 army officers over the crackdown."))
    assert (q.value, q.metric, q.object) == (12, "affected", "army officers")


def test_people_are_affected_only_when_nothing_says_more(nlp):
    t = "About 70 people gathered outside the hall, and 12 of them were arrested."
    assert pairs(figures(nlp, t)) == [(70, "affected"), (12, "detained")]


@pytest.mark.parametrize("sentence,expected", [
    ("Soldiers detained 30 Varnians at the checkpoint.", [(30, "detained")]),   # a nationality: what happened to them
    ("About 30,000 Varnians live abroad.", []),                                 # and nothing happened: not a figure
    ("The firm relocated 1,400 jobs to the coast.", []),                        # an unknown noun needs a casualty
    ("The chamber held five bills over until the autumn.", []),
    ("His body temperature had dropped to 22 degrees.", []),
    ("Police said no-one was injured in the blaze.", []),
    ("The camp near the border now houses 35,000 people.", [(35000, "displaced")]),
])
def test_what_an_unknown_or_named_noun_needs(nlp, sentence, expected):
    assert pairs(figures(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("More than 5,000 homes were evacuated ahead of the storm surge.", [(5000, "displaced")]),
    ("The fire forced the evacuation of about 50 homes.", [(50, "displaced")]),
    ("The typhoon destroyed about 14,000 homes.", []),
])
def test_homes_count_only_when_evacuated(nlp, sentence, expected):
    assert pairs(figures(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("A poll of 1,000 adults found wide support for the plan.", []),
    ("The factory employs 7,000 workers in the valley.", []),
    ("About one in five adults in the district owns a car.", []),
    ("The old stadium holds 40,000 people.", [(40000, "affected")]),   # a building holds no one captive
    ("Two police officers were shot and wounded at the scene.", [(2, "injured")]),
    ("A man stabbed 11 passengers to death on the train.", [(11, "killed")]),
    ("The couple had four children, including two boys and two girls.", [(4, "affected")]),
])
def test_counts_of_people_that_are_not_figures_or_say_more(nlp, sentence, expected):
    assert pairs(figures(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("At least 40 people have been killed, including 11 children.", [(40, "killed"), (11, "killed")]),
    ("Seven people were injured, including two seriously, in the blast.", [(7, "injured"), (2, "injured")]),
    ("The commander was killed with three other militants.", [(3, "killed")]),
    ("The grenade caused injuries to twenty civilians near the market.", [(20, "injured")]),
])
def test_parts_and_companions_share_the_figure(nlp, sentence, expected):
    assert pairs(figures(nlp, sentence)) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("Their three children were among the people killed in the raid.", [(3, "killed")]),
    ("Coast guards intercepted 40 migrants off the cape.", [(40, "detained")]),
    ("More than 150 fighters surrendered to the army.", [(150, "detained")]),
    ("Police detained two of the city's best-known activists.", [(2, "detained")]),
    ("A total of 649 people were arrested on Friday.", [(649, "detained")]),
])
def test_more_ways_to_say_what_happened(nlp, sentence, expected):
    assert pairs(figures(nlp, sentence)) == expected


def test_a_total_of_is_not_a_running_tally(nlp):
    q = only(figures(nlp, "A total of 649 people were arrested on Friday."))
    assert not q.cumulative


def test_a_with_clause_is_not_a_companion_of_an_active_verb(nlp):
    qs = figures(nlp, "The storm claimed 10 lives, with 29 people still reported missing.")
    assert (10, "killed") in pairs(qs) and (29, "killed") not in pairs(qs)


def test_a_metric_table_row_the_code_does_not_know_is_a_data_error(monkeypatch):
    from eventwire import lexicons
    from eventwire.errors import DataError
    from eventwire.extract import figure_metrics

    real = lexicons.table

    def table(name, columns=()):
        if name == "quantity_metrics":
            return ({"word": "vanquish", "pos": "verb", "metric": "vanquished", "role": "object"},)
        return real(name, columns)

    monkeypatch.setattr(lexicons, "table", table)
    figure_metrics.lexicon.cache_clear()
    try:
        with pytest.raises(DataError, match="vanquish"):
            figure_metrics.lexicon()
    finally:
        figure_metrics.lexicon.cache_clear()


def test_a_modifier_between_number_and_noun(nlp):
    t = "Population registered in the district:\n\u2022 158,316 internally displaced persons\n"
    assert pairs(figures(nlp, t)) == [(158316, "displaced")]


def test_a_lead_among_voters_is_not_a_figure(nlp):
    assert figures(nlp, "The senator held a commanding lead among those 45 and over.") == []
