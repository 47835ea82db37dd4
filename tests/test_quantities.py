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
