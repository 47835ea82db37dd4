"""Quotes: every quoting style and attribution form, on invented sentences."""
import pytest
import re


from eventwire.extract.mentions import Mentions
from eventwire.extract.quotemarks import find_segments
from eventwire.extract.quotes import extract_quotes
from eventwire.nlp import parse
from eventwire.records import Article, Entity, Place


def _spans(text, forms):
    out = []
    for form in forms:
        for m in re.finditer(r"\b" + re.escape(form) + r"\b", text):
            if not any(s <= m.start() < e for s, e in out):
                out.append((m.start(), m.end()))
    return sorted(out)


def ent(text, name, type_="PERSON", aliases=()):
    return Entity(name=name, type=type_, aliases=list(aliases), spans=_spans(text, [name, *aliases]))


def place(text, name, mentions=()):
    return Place(name=name, mentions=list(mentions), feature="country", spans=_spans(text, [name, *mentions]))


def quotes(nlp, text, entities=(), places=()):
    parsed = parse(Article(text=text), nlp)
    return extract_quotes(parsed, Mentions(parsed, list(entities), list(places)))


def one(qs):
    assert len(qs) == 1, [q.text for q in qs]
    return qs[0]


KOV = ("Anna Kovalenko", "PERSON", ["Kovalenko"])


def kov(text):
    return [ent(text, KOV[0], KOV[1], KOV[2])]


# ---- quoting styles ----------------------------------------------------------------------

def test_straight_double_quotes_with_said_after(nlp):
    t = 'Mayor Anna Kovalenko spoke on Monday. "We will rebuild every bridge in the city," Kovalenko said.'
    q = one(quotes(nlp, t, kov(t)))
    assert q.text == "We will rebuild every bridge in the city"
    assert q.speaker == "Anna Kovalenko"
    assert t[q.span[0]:q.span[1]] == q.text
    assert t[q.speaker_span[0]:q.speaker_span[1]] == "Kovalenko"


def test_curly_double_quotes_with_inverted_said(nlp):
    t = "\u201cThe water supply has been restored to most districts,\u201d said Anna Kovalenko, the mayor."
    q = one(quotes(nlp, t, kov(t)))
    assert q.text == "The water supply has been restored to most districts"
    assert q.speaker == "Anna Kovalenko"


def test_single_curly_quotes_used_as_double(nlp):
    t = "Governor Ivan Petrenko visited the port. \u2018The roads are closed to all traffic,\u2019 the governor told reporters."
    q = one(quotes(nlp, t, [ent(t, "Ivan Petrenko", aliases=["Petrenko"])]))
    assert q.text == "The roads are closed to all traffic"
    assert q.speaker == "Ivan Petrenko"


def test_apostrophes_are_not_single_quotes(nlp):
    t = "Ukraine\u2019s army said the city\u2019s defenders held out."
    assert quotes(nlp, t) == []


def test_guillemets(nlp):
    t = "\u00abNobody will leave the city tonight\u00bb, Kovalenko said."
    q = one(quotes(nlp, t, kov(t)))
    assert q.text == "Nobody will leave the city tonight"
    assert q.speaker == "Anna Kovalenko"


def test_quote_running_over_two_paragraphs_is_one_quote(nlp):
    t = ("Anna Kovalenko addressed the council on Friday.\n\n"
         "\u201cThe first shelters opened this morning in the northern district.\n\n"
         "\u201cMore will open next week if the funding arrives,\u201d she said.")
    q = one(quotes(nlp, t, kov(t)))
    assert len(q.spans) == 2
    assert "first shelters opened" in q.text and "More will open next week" in q.text
    assert q.speaker == "Anna Kovalenko"
    for s, e in q.spans:
        assert "\u201c" not in t[s:e] and "\u201d" not in t[s:e]


def test_quote_split_by_attribution_is_one_quote(nlp):
    t = ("Anna Kovalenko spoke after the meeting. \u201cThe bridge will reopen on Monday,\u201d she said. "
         "\u201cThe trains will follow a week later.\u201d")
    q = one(quotes(nlp, t, kov(t)))
    assert q.text == "The bridge will reopen on Monday The trains will follow a week later."
    assert len(q.spans) == 2
    assert "she said" not in q.text
    assert q.speaker == "Anna Kovalenko"


def test_stray_mark_does_not_swallow_the_article(nlp):
    t = ("The council called the plan \u201ca mistake and moved on.\n\n"
         "Later Kovalenko said: \u201cThe budget will be published next month.\u201d\n\n"
         "The session ended at noon with no vote on the plan.")
    q = one(quotes(nlp, t, kov(t)))
    assert q.text == "The budget will be published next month."
    assert q.speaker == "Anna Kovalenko"


def test_hard_wrapped_lines_keep_a_quote_together(nlp):
    t = ("\"The convoy reached the\nvillage before dawn and unloaded,\" Kovalenko\nsaid on Tuesday.")
    q = one(quotes(nlp, t, kov(t)))
    assert q.speaker == "Anna Kovalenko"
    assert q.text.startswith("The convoy reached the")


def test_scare_quotes_and_short_titles_are_not_quotes(nlp):
    t = "The so-called \u201creferendum\u201d was a \u201cfake vote\u201d according to observers."
    assert quotes(nlp, t) == []


def test_quoted_title_without_speaker_is_not_a_quote(nlp):
    t = "She bought a copy of \u201cThe Last Border Town\u201d at the station."
    assert quotes(nlp, t) == []


def test_headline_restating_a_quote_is_one_item(nlp):
    t = ("Mayor declares \u2018state of emergency\u2019\n\n"
         "\u201cWe are now in a state of emergency,\u201d Anna Kovalenko said.")
    q = one(quotes(nlp, t, kov(t)))
    assert q.text == "We are now in a state of emergency"


# ---- attribution forms -------------------------------------------------------------------

def test_x_told_y(nlp):
    t = "\u201cOur reserves will last until spring,\u201d Kovalenko told the BBC."
    q = one(quotes(nlp, t, kov(t) + [ent(t, "BBC", "ORG")]))
    assert q.speaker == "Anna Kovalenko"


def test_according_to_x(nlp):
    t = "According to Kovalenko, \u201cthe evacuation went faster than planned.\u201d"
    q = one(quotes(nlp, t, kov(t)))
    assert q.speaker == "Anna Kovalenko"


def test_x_wrote_on_telegram(nlp):
    t = "Kovalenko wrote on Telegram that \u201cthe power is back in every district.\u201d"
    q = one(quotes(nlp, t, kov(t)))
    assert q.speaker == "Anna Kovalenko"


def test_org_said_in_a_statement(nlp):
    t = "\u201cThe strike hit a fuel depot near the port,\u201d the Northern Command said in a statement."
    q = one(quotes(nlp, t, [ent(t, "Northern Command", "ORG")]))
    assert q.speaker == "Northern Command"


def test_colon_attribution(nlp):
    t = "Anna Kovalenko: \u201cWe have no water and no heating left.\u201d"
    q = one(quotes(nlp, t, kov(t)))
    assert q.speaker == "Anna Kovalenko"


def test_cited_as_saying_gives_the_quoted_person(nlp):
    t = "\u201cThe talks have failed completely,\u201d the agency Novinar cited Kovalenko as saying."
    q = one(quotes(nlp, t, kov(t) + [ent(t, "Novinar", "ORG")]))
    assert q.speaker == "Anna Kovalenko"


def test_was_cited_by_as_saying(nlp):
    t = "Kovalenko was cited by Novinar as saying \u201cthe talks have failed completely.\u201d"
    q = one(quotes(nlp, t, kov(t) + [ent(t, "Novinar", "ORG")]))
    assert q.speaker == "Anna Kovalenko"


def test_x_added(nlp):
    t = "Kovalenko praised the rescuers. \u201cThey worked through the night,\u201d Kovalenko added."
    q = one(quotes(nlp, t, kov(t)))
    assert q.speaker == "Anna Kovalenko"


def test_pronoun_resolves_to_nearest_person_outside_quotes(nlp):
    t = ("Anna Kovalenko met the engineers. \u201cThe dam is safe,\u201d she said. "
         "\u201cIvan Petrenko inspected it with the whole team,\u201d she added.")
    ents = kov(t) + [ent(t, "Ivan Petrenko", aliases=["Petrenko"])]
    for q in quotes(nlp, t, ents):
        assert q.speaker == "Anna Kovalenko"


def test_pronoun_respects_gender_hint(nlp):
    t = ("Mrs Anna Kovalenko spoke after Mr Ivan Petrenko. "
         "\u201cThe dam is safe for now,\u201d she said.")
    ents = kov(t) + [ent(t, "Ivan Petrenko", aliases=["Petrenko"])]
    assert one(quotes(nlp, t, ents)).speaker == "Anna Kovalenko"


def test_the_minister_said(nlp):
    t = ("Defence Minister Ivan Petrenko visited the front. "
         "\u201cThe line is holding everywhere,\u201d the minister said.")
    q = one(quotes(nlp, t, [ent(t, "Ivan Petrenko", aliases=["Petrenko"])]))
    assert q.speaker == "Ivan Petrenko"


def test_the_ministry_said_resolves_to_org(nlp):
    t = ("Anna Kovalenko met the Ministry of Health on Friday. "
         "\u201cAll hospitals are running on generators,\u201d the ministry said.")
    q = one(quotes(nlp, t, kov(t) + [ent(t, "Ministry of Health", "ORG")]))
    assert q.speaker == "Ministry of Health"
    assert q.speaker_type == "ORG"


def test_the_group_said_resolves_to_org(nlp):
    t = ("The Free Valley Front claimed the attack. "
         "\u201cWe destroyed the checkpoint before dawn,\u201d the group said.")
    q = one(quotes(nlp, t, [ent(t, "Free Valley Front", "ORG")]))
    assert q.speaker == "Free Valley Front"


def test_country_as_speaker(nlp):
    t = "\u201cThe sanctions are illegal and will be answered,\u201d Moldavia said."
    q = one(quotes(nlp, t, [], [place(t, "Moldavia")]))
    assert q.speaker == "Moldavia"
    assert q.speaker_type == "PLACE"


def test_unattributed_quote_continues_speaker_within_paragraph_only(nlp):
    t = ("\u201cThe bridge is gone,\u201d Kovalenko said. The crowd was silent. \u201cWe will need a ferry for months.\u201d"
         " Then the rain started.\n\n"
         "\u201cNobody knows who fired the first shot in the valley.\u201d")
    qs = quotes(nlp, t, kov(t))
    assert qs[0].speaker == "Anna Kovalenko"
    assert qs[-1].text.startswith("Nobody knows") and qs[-1].speaker is None


def test_quote_paragraph_continues_the_quote_that_ends_the_paragraph_before(nlp):
    t = ("\u201cThe bridge is gone,\u201d Kovalenko said.\n\n"
         "\u201cWe will need a ferry for months, maybe for the whole winter.\u201d")
    assert [q.speaker for q in quotes(nlp, t, kov(t))] == ["Anna Kovalenko", "Anna Kovalenko"]


def test_unnamed_speaker_is_null(nlp):
    t = "\u201cThe shelling lasted all night long,\u201d said a local resident who asked not to be named."
    q = one(quotes(nlp, t, []))
    assert q.speaker is None


def test_pronoun_before_any_name_looks_ahead_in_paragraph(nlp):
    t = "\u201cThe missiles hit the power grid again tonight,\u201d he said. Ivan Petrenko, the energy minister."
    q = one(quotes(nlp, t, [ent(t, "Ivan Petrenko", aliases=["Petrenko"])]))
    assert q.speaker == "Ivan Petrenko"


def test_every_quote_keeps_its_sentence_span(nlp):
    t = "It rained. \u201cThe river is rising very fast,\u201d Kovalenko said. Then it stopped."
    q = one(quotes(nlp, t, kov(t)))
    s, e = q.sentence_span
    assert s <= q.span[0] and q.span[1] <= e


def test_segments_ignore_nested_single_quotes():
    t = "\u201cDo not call it a \u2018response\u2019 to anything,\u201d he said."
    segs = find_segments(t)
    assert len(segs) == 1


# ---- straight single quotes, other quoting verbs, owned descriptions --------------------------

def test_straight_single_quotes_used_as_double(nlp):
    t = "'The militia came at night and burned every granary,' said a farmer from the valley."
    q = one(quotes(nlp, t))
    assert q.text == "The militia came at night and burned every granary"
    assert q.speaker is None  # an unnamed farmer, not the place he is from


def test_straight_single_quotes_skip_apostrophes_and_plural_possessives(nlp):
    t = ("The soldiers' families waited outside Kovalenko's office. "
         "'We have had no news for three weeks,' Kovalenko said.")
    q = one(quotes(nlp, t, kov(t)))
    assert q.text == "We have had no news for three weeks"
    assert q.speaker == "Anna Kovalenko"


def test_short_straight_single_quote_is_not_a_quote(nlp):
    t = "Kovalenko called the vote 'a farce' and left the hall."
    assert quotes(nlp, t, kov(t)) == []


def test_org_speaker_with_other_verbs_and_nationality(nlp):
    t = ("The Moldavian army blamed \u201cforeign-funded bands operating from the hills\u201d and vowed to "
         "respond \u201cwith overwhelming and lasting force\u201d.")
    qs = quotes(nlp, t)
    assert [q.speaker for q in qs] == ["Moldavian army", "Moldavian army"]


def test_possessive_person_speaker(nlp):
    t = "Kovalenko's government said the detained mayor was \u201cin very good spirits\u201d."
    q = one(quotes(nlp, t, kov(t)))
    assert q.speaker == "Anna Kovalenko"


def test_possessive_place_description_without_entity(nlp):
    t = "Ostravia's foreign ministry said it had \u201cevery right to protect its own borders\u201d."
    q = one(quotes(nlp, t, [], [place(t, "Ostravia")]))
    assert q.speaker == "Ostravia's foreign ministry"


def test_ordered_police_to_quote(nlp):
    t = "Governor Ilse Varga ordered police to \u201cuse every available means\u201d to find the inmates."
    q = one(quotes(nlp, t, [ent(t, "Ilse Varga", aliases=["Varga"])]))
    assert q.speaker == "Ilse Varga"


def test_chanted_slogan_is_not_a_title(nlp):
    t = "Crowds marched past the embassy, chanting \u201cDown with Brussels\u201d and waving flags."
    q = one(quotes(nlp, t))
    assert q.text == "Down with Brussels" and q.speaker is None


def test_trailing_space_inside_quote_is_stripped(nlp):
    t = "\u201cWe will hold the bridge until dawn \u201d Kovalenko said."
    q = one(quotes(nlp, t, kov(t)))
    assert q.text == "We will hold the bridge until dawn"
