"""Who is who: the one mention resolver, on invented sentences (each linking case of issue 12)."""
from eventwire.extract import extract
from eventwire.extract.mentions import Mentions
from eventwire.nlp import parse
from eventwire.records import Article, Entity, Place


def _spans(text, forms):
    out = []
    for form in forms:
        start = text.find(form)
        while start >= 0:
            if not any(s <= start < e for s, e in out):
                out.append((start, start + len(form)))
            start = text.find(form, start + 1)
    return sorted(out)


def ent(text, name, type_="PERSON", aliases=()):
    return Entity(name=name, type=type_, aliases=list(aliases), spans=_spans(text, [name, *aliases]))


def mentions(nlp, text, entities=(), places=()):
    return Mentions(parse(Article(text=text), nlp), list(entities), list(places))


def token(m, text, word, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return next(t for t in m.doc if t.idx == start)


def linked_name(m, text, word, nth=0):
    link = m.link(token(m, text, word, nth))
    return link.referent.name if link is not None and link.referent is not None else None


def run(nlp, text):
    return extract(parse(Article(text=text, date="2024-05-02", language="en"), nlp))


# ---- pronouns --------------------------------------------------------------------------------

def test_pronoun_links_across_paragraphs_to_the_last_speaker(nlp):
    t = ("Olena Marchuk, the mayor of the town, spoke to reporters on Monday.\n\n"
         "The bridge over the river was closed for repairs in the spring.\n\n"
         "\u201cWe have had no running water for a week,\u201d she said.")
    m = mentions(nlp, t, [ent(t, "Olena Marchuk")])
    assert linked_name(m, t, "she") == "Olena Marchuk"


def test_pronoun_agrees_in_gender(nlp):
    t = "Mr. Ivan Sorel met Mrs. Dana Pruitt in the capital. She said the talks had gone well."
    m = mentions(nlp, t, [ent(t, "Ivan Sorel"), ent(t, "Dana Pruitt")])
    assert linked_name(m, t, "She") == "Dana Pruitt"


def test_subject_of_the_previous_sentence_outranks_a_nearer_object(nlp):
    t = "Ivan Sorel criticised Marko Vilic on Tuesday. He said the budget was a disgrace."
    m = mentions(nlp, t, [ent(t, "Ivan Sorel"), ent(t, "Marko Vilic")])
    assert linked_name(m, t, "He") == "Ivan Sorel"


def test_they_links_to_a_group_not_to_a_person(nlp):
    t = "Anna Sorel watched as protesters gathered outside the court. They chanted for an hour."
    m = mentions(nlp, t, [ent(t, "Anna Sorel")])
    link = m.link(token(m, t, "They"))
    assert link is not None and link.referent is None and link.token.lower_ == "protesters"


def test_it_links_to_the_organization_that_spoke(nlp):
    t = "The Water Board inspected the old dam in March. It said repairs would take a year."
    m = mentions(nlp, t, [ent(t, "Water Board", "ORG")])
    assert linked_name(m, t, "It") == "Water Board"


def test_nothing_inside_a_quotation_is_an_antecedent_outside_it(nlp):
    t = "\u201cI never met Petar Lozic,\u201d the witness said. He left the court at noon."
    m = mentions(nlp, t, [ent(t, "Petar Lozic")])
    assert linked_name(m, t, "He") is None


# ---- descriptions, acronyms, metonyms --------------------------------------------------------

def test_role_description_links_to_the_person_it_describes(nlp):
    t = ("Health Minister Dana Pruitt visited the clinic with Ivan Sorel. "
         "The minister promised new ambulances.")
    m = mentions(nlp, t, [ent(t, "Dana Pruitt"), ent(t, "Ivan Sorel")])
    assert linked_name(m, t, "minister") == "Dana Pruitt"


def test_organization_description_takes_the_organization_named_with_that_word(nlp):
    t = ("The Ministry of Water and the Farmers League met on Friday. "
         "The ministry said the canals would open in May.")
    m = mentions(nlp, t, [ent(t, "Ministry of Water", "ORG"), ent(t, "Farmers League", "ORG")])
    assert linked_name(m, t, "ministry") == "Ministry of Water"


def test_acronym_speaker_is_the_long_form(nlp):
    t = ("The Northern Farmers Union (NFU) met in the capital on Friday.\n\n"
         "\u201cGrain prices have doubled since the winter,\u201d the NFU said.")
    ex = run(nlp, t)
    assert [q.speaker for q in ex.quotes] == ["Northern Farmers Union"]


def test_metonym_stands_for_its_country(nlp):
    from _event_helpers import code
    ev = code(nlp, "The Kremlin accused Latvia of spying.")[0]
    assert ev.source.name == "Russia" and "Kremlin" in ev.source.aliases


# ---- speakers --------------------------------------------------------------------------------

def test_interview_frame_then_paragraphs_of_quotes(nlp):
    t = ("Anatoliy Dorn, 34, a teacher from the village, described the night of the flood.\n\n"
         "\u201cThe water came through the windows in minutes.\u201d\n\n"
         "\u201cWe carried the children to the roof and waited there until morning.\u201d")
    ex = run(nlp, t)
    assert [q.speaker for q in ex.quotes] == ["Anatoliy Dorn", "Anatoliy Dorn"]


def test_colon_frame_in_the_paragraph_before(nlp):
    t = ("Dana Pruitt answered the critics on Sunday:\n\n"
         "\u201cThe clinic will stay open for as long as the town needs it.\u201d")
    ex = run(nlp, t)
    assert [q.speaker for q in ex.quotes] == ["Dana Pruitt"]


def test_partial_quote_inside_a_reported_clause(nlp):
    ex = run(nlp, "Police chief Marko Delic called the shooting \u201ca brutal and senseless crime\u201d on Tuesday.")
    assert [q.speaker for q in ex.quotes] == ["Marko Delic"]
    ex = run(nlp, "Foreign Minister Ana Kerr warned of \u201ca grave danger for the whole region\u201d after the vote.")
    assert [q.speaker for q in ex.quotes] == ["Ana Kerr"]


def test_organization_speaker_in_a_statement(nlp):
    t = ("The Ministry of Water said in a statement that the dam was safe. "
         "\u201cThere is no risk to the villages downstream,\u201d the ministry said.")
    ex = run(nlp, t)
    assert [(q.speaker, q.speaker_type) for q in ex.quotes] == [("Ministry of Water", "ORG")]


def test_statement_by_a_named_issuer(nlp):
    t = ("The Farmers League met on Friday. A statement by the Farmers League added: "
         "\u201cNo farm will be left without water this summer.\u201d")
    ex = run(nlp, t)
    assert [q.speaker for q in ex.quotes] == ["Farmers League"]


def test_no_speaker_is_null_not_a_guess(nlp):
    t = ("Dana Pruitt opened the new clinic on Monday.\n\n"
         "\u201cNobody has told us anything about the buses,\u201d a woman in the crowd shouted.")
    ex = run(nlp, t)
    assert [q.speaker for q in ex.quotes] == [None]


# ---- the resolver survives what it is given --------------------------------------------------

def test_names_only_resolver_links_nothing(nlp):
    t = "Ivan Sorel arrived. He said nothing."
    m = Mentions.names_only(parse(Article(text=t), nlp), [], [ent(t, "Ivan Sorel")])
    assert m.link(token(m, t, "He")) is None
    assert m.named_at(0).name == "Ivan Sorel"


def test_places_are_named_mentions_too(nlp):
    t = "Talks were held in Kerlan. The talks ended without a deal."
    p = Place(name="Kerlan", mentions=["Kerlan"], feature="country", spans=[(t.index("Kerlan"), t.index("Kerlan") + 6)])
    m = mentions(nlp, t, [], [p])
    k = token(m, t, "Kerlan")
    assert m.named_at(k.i).type == "PLACE" and m.named_at(k.i).place is p
