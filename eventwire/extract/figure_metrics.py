"""What a figure counts and what happened to it: the metric of a number, read from the sentence.

A number is tied to the noun it counts (``counted_noun``), or stands for it ("killed 6 and wounded
21").  The metric comes from what the sentence says happened to those people or things, wherever
it says it, looked up in one table (``quantity_metrics.tsv``), nearest statement first:

1. a label on the number's line ("Killed: 12");
2. a state or participle right after the counted noun ("12 killed and 28 wounded", "5 people dead");
3. the predicate governing the counted noun, reached along the dependency path through
   coordination, apposition, "of" ("the deaths of 12 civilians") and controlled clauses ("forced
   3,000 residents to flee"): a verb and the counted noun's role in it, a state said of it
   ("remain missing", "left 15 dead", "registered as displaced"), a place it is put in ("living in
   camps", "taken into custody"), or a tally that puts the number on a described total ("the death
   toll rose to 31", "bringing the total to 8,300"), which also marks the figure cumulative;
4. clauses on the counted noun ("people killed in the attack", "civilians who fled");
5. the counted noun itself or its modifiers ("12,000 refugees", "wounded civilians");
6. the header of the list the number is an item of ("Killed in the shelling:").

A noun that counts events ("9 fatalities", "three deaths") keeps its metric whatever else is said;
weak readings (held, affected, where people are) give way to the counted noun's own status (a camp
holding refugees).  Nothing said: people are ``affected``, armed people and units ``deployed``,
anything else is not a figure.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from eventwire import lexicons
from eventwire.errors import DataError
from eventwire.extract.numbers import NumberMention

PEOPLE = ("person", "member", "personnel", "unit")
ARMED = ("personnel", "unit")
# what an unknown noun ("miners", "members of the family") may be counted with: a verb, noun or state
# that says a casualty happened to it ("relocated 1,400 jobs", "five bills held over" are not figures)
CASUALTY_METRICS = ("killed", "injured", "detained", "missing")
WEAK_METRICS = ("held", "affected")
CLASSES = ("person", "member", "personnel", "unit", "materiel", "home")
METRICS = ("killed", "injured", "displaced", "detained", "missing", "materiel_lost", "deployed", "affected")
# metrics that depend on what is counted, and "none" (not a figure); tallies may leave it empty
TABLE_METRICS = METRICS + ("lost", "custody", "moved", "held", "located", "none", "")
ROLES = {"verb": ("object", "subject", "either"), "state": ("",), "noun": ("final", "status"), "place": ("",),
         "tally": ("cumulative", "level")}
NOMINAL = ("NOUN", "PROPN", "NUM", "PRON", "ADJ")
NAME_ENTITIES = ("ORG", "FAC", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW")
PLACE_PREPS = ("in", "at", "into", "inside", "to", "within", "with", "near")
INCLUSION_PREPS = ("including", "among", "of")
HAVE = ("have", "has", "had", "having", "'ve", "'s", "'d")
RELATIVE_PRONOUNS = ("who", "that", "which", "whom", "whose")
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022\u25ba\u25cf\u2013\u2014]|\d+[.)])\s*")


@dataclass(frozen=True)
class Lexicon:
    classes: dict       # counted noun -> person | member | personnel | unit | materiel | home
    verbs: dict         # verb or verb phrase -> (metric, role)
    states: dict        # adjective or participle -> metric
    nouns: dict         # noun carrying a metric -> (metric, final | status)
    places: dict        # place noun -> metric
    tallies: dict       # tally word or phrase -> (metric or "", cumulative | level)


@functools.lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    """The two tables, checked: a class, part of speech, metric or role the code does not know is
    a ``DataError`` naming the row, not a rule that silently never fires."""
    classes = {r["lemma"]: r["class"] for r in lexicons.table("quantity_nouns", columns=("lemma", "class"))}
    for lemma, cls in classes.items():
        if cls not in CLASSES:
            raise DataError(f"quantity_nouns.tsv: unknown class {cls!r} for {lemma!r}")
    by_pos: dict[str, dict] = {"verb": {}, "state": {}, "noun": {}, "place": {}, "tally": {}}
    for r in lexicons.table("quantity_metrics", columns=("word", "pos", "metric", "role")):
        if r["pos"] not in by_pos or r["metric"] not in TABLE_METRICS or r["role"] not in ROLES[r["pos"]]:
            raise DataError(f"quantity_metrics.tsv: unknown pos, metric or role in {r}")
        value = (r["metric"], r["role"]) if r["pos"] in ("verb", "tally", "noun") else r["metric"]
        by_pos[r["pos"]][r["word"]] = value
    return Lexicon(classes, by_pos["verb"], by_pos["state"], by_pos["noun"], by_pos["place"], by_pos["tally"])


@dataclass
class Reading:
    """What the sentence says about one number."""
    metric: Optional[str]
    noun: object = None              # the counted noun token, None when the number stands alone
    cumulative: bool = False         # a running total: "the toll rose to 57", "killed so far"
    from_previous: bool = False      # "bringing the total to 8,300": the metric of the figure before it
    casualty_only: bool = False      # with from_previous: an unknown noun takes only a casualty metric


@dataclass
class _Hint:
    metric: str
    weak: bool = False
    cumulative: bool = False
    from_previous: bool = False


# ---- table lookups -----------------------------------------------------------------------------

def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _noun_entry(tok, table: dict):
    """A noun's entry; two-word entries match the word before it ("evacuation centres")."""
    lemma, low = _lemma(tok), tok.lower_
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        for key in (f"{_lemma(prev)} {lemma}", f"{prev.lower_} {low}"):
            if key in table:
                return table[key]
    return table.get(lemma) or table.get(low)


def noun_class(tok) -> Optional[str]:
    """person | member | personnel | unit | materiel for a counted noun, None when unknown.  A noun
    that carries a metric ("refugees", "deaths") counts people; a nationality ("Palestinians")
    counts members."""
    lex = lexicon()
    cls = _noun_entry(tok, lex.classes)
    if cls:
        return cls
    if _noun_metric(tok) or (tok.pos_ == "ADJ" and tok.lower_ in lex.states):
        return "person"
    if tok.ent_type_ == "NORP":
        return "member"  # "250 Americans": a figure only when something happened to them
    return None


def _verb_entry(verb):
    """(metric, role) of a verb, its phrases first: the verb with a particle, preposition, object
    or adverb after it ("force out", "take refuge", "lose their lives", "shoot dead")."""
    verbs = lexicon().verbs
    lemma = _lemma(verb)
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("prt", "prep", "advmod", "dobj", "acomp", "oprd", "npadvmod"):
            for key in (f"{lemma} {_lemma(c)}", f"{lemma} {c.lower_}"):
                if key in verbs:
                    return verbs[key]
            if c.dep_ == "prep":  # any verb "to death": "stabbed 11 passengers to death"
                for g in c.children:
                    if g.dep_ == "pobj" and f"{c.lower_} {_lemma(g)}" in verbs:
                        return verbs[f"{c.lower_} {_lemma(g)}"]
    return verbs.get(lemma)


def _state_metric(tok) -> Optional[str]:
    """The metric of a state word: an adjective ("dead", "homeless") or the participle of a verb
    done to someone ("detained", "evacuated")."""
    lex = lexicon()
    hit = lex.states.get(tok.lower_) or lex.states.get(_lemma(tok))
    if hit:
        return hit
    if tok.tag_ == "VBN" or (tok.pos_ == "ADJ" and tok.lower_.endswith("ed")):
        entry = _verb_entry(tok)
        if entry and entry[1] in ("object", "either") and entry[0] != "located":
            return entry[0]
    return None


def _noun_metric(tok, final_only: bool = False) -> Optional[str]:
    """The metric a noun carries ("deaths", "refugees"); ``final_only``: only one that stands
    whatever else the sentence says ("three deaths", not "two hostages" who were then killed)."""
    if tok.ent_type_ in NAME_ENTITIES:
        return None  # "the No. 2 Detention Centre"
    entry = _noun_entry(tok, lexicon().nouns)
    if entry is None or (final_only and entry[1] != "final"):
        return None
    return entry[0]


def _word_metric(tok) -> Optional[str]:
    """A modifier or noun that says what happened: a state or a metric noun."""
    if tok.pos_ in ("ADJ", "VERB"):
        return _state_metric(tok)
    if tok.pos_ in ("NOUN", "PROPN"):
        return _noun_metric(tok) or _state_metric(tok)
    return None


def _tally_entry(tok):
    return _noun_entry(tok, lexicon().tallies) if tok.pos_ == "NOUN" else None


def _place_metric(tok) -> Optional[str]:
    """People put in, at or into a place the table knows: "in camps", "into custody", "at one of
    the 13 shelters"."""
    places = lexicon().places
    preps = [c for c in tok.children if c.dep_ == "prep"]
    preps += [g for p in preps for g in p.children if g.dep_ == "conj" and g.pos_ == "ADP"]  # "with hosts or in shelters"
    for prep in preps:
        if prep.lower_ not in PLACE_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            hit = _noun_entry(obj, places)
            if hit:
                return hit
            for of in obj.children:  # "in one of the shelters"
                if of.dep_ == "prep" and of.lower_ == "of":
                    for inner in of.children:
                        if inner.dep_ == "pobj" and _noun_entry(inner, places):
                            return _noun_entry(inner, places)
    return None


def _can_hold_people(verb) -> bool:
    """"Rebels hold 17 hostages", "17 sailors are being held": a holder that can detain people,
    or none said; not a building or a ground ("the stadium holds 40,000")."""
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c.pos_ in ("PRON", "PROPN") or c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or \
                noun_class(c) in PEOPLE
    return True


def _housing_place(verb, arg) -> Optional[str]:
    """The place is the subject: "the camp houses 12,000 people", "a shelter housing 300"."""
    places = lexicon().places
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i != arg.i]
    if verb.dep_ in ("acl", "relcl"):
        subjects.append(verb.head)
    for s in subjects:
        if s.i != arg.i and _noun_entry(s, places):
            return _noun_entry(s, places)
    return None


def _has_cumulative_marker(verb) -> bool:
    """"killed so far", "displaced since the fighting began", "in total", "to date"."""
    tallies = lexicon().tallies
    for c in verb.children:
        if c.dep_ in ("advmod", "prep", "mark", "npadvmod"):
            keys = [c.lower_]
            keys += [f"{c.lower_} {g.lower_}" for g in c.children] + [f"{g.lower_} {c.lower_}" for g in c.children]
            if any(tallies.get(k, ("", ""))[1] == "cumulative" for k in keys):
                return True
    return False


# ---- the counted noun --------------------------------------------------------------------------

def counted_noun(doc, num: NumberMention):
    """(anchor, noun): the token carrying the figure's role in the sentence, and the noun it
    counts (None when the number stands alone: "600,000 having fled")."""
    nouns = lexicon().nouns
    last = doc[num.end - 1]
    anchor = last
    while anchor.dep_ in ("nummod", "compound", "quantmod", "amod") and anchor.head.i != anchor.i and \
            anchor.head.pos_ in ("NUM",) and anchor.head.i >= num.start and anchor.head.i < num.end + 2:
        anchor = anchor.head
    noun = None
    if anchor.dep_ == "nummod" and anchor.head.pos_ in ("NOUN", "PROPN") and anchor.head.i > anchor.i:
        noun = anchor.head
        anchor = noun
    elif anchor.dep_ == "nummod" and anchor.head.pos_ == "ADJ" and anchor.head.i == num.end:
        anchor = anchor.head  # "wounded 56 more": the noun left out, "more" takes its place
    # partitive "44 of 50 missiles": the noun after "of"
    j = num.end
    if noun is None and j < len(doc) and doc[j].lower_ == "of":
        for t in doc[j + 1:j + 8]:
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "poss"):
                noun = t  # "two of the country's activists": the activists
                break
            if t.pos_ == "ADJ" and (t.lower_ in nouns or t.lower_ in lexicon().states):
                noun = t  # "two of the dead", "three of the injured"
                break
            if t.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ") or t.lower_ in ("them", "us", "these", "those", "which"):
                break
    # text order: the next nominal after the number ("three armored and five other vehicles")
    if noun is None:
        k = j
        while k < len(doc) and k < j + 6:
            t = doc[k]
            after = doc[k + 1] if k + 1 < len(doc) else None
            if t.lower_ in lexicon().states and (after is None or after.pos_ not in ("NOUN", "PROPN")):
                break  # "three wounded and 150 houses destroyed": the noun is left out
            if t.pos_ in ("ADV", "VERB") and t.dep_ in ("advmod", "amod") and t.head.i > t.i:
                k += 1  # "158,316 internally displaced persons"
                continue
            if t.pos_ in ("NOUN", "PROPN") and not (k + 1 < len(doc) and doc[k + 1].pos_ in ("NOUN",) and
                                                   doc[k + 1].dep_ != "appos" and t.dep_ == "compound"):
                noun = t
                break
            if t.pos_ in ("ADJ", "NOUN", "PROPN") or (t.pos_ == "NUM" and k > j) or t.text in ("-",):
                k += 1
                continue
            if t.lower_ == "and" and k + 1 < len(doc) and doc[k + 1].pos_ == "NUM":
                k += 1
                continue
            break
        if noun is not None and anchor.dep_ == "nummod" and anchor.head.pos_ == "NOUN" and anchor.head.i != noun.i:
            anchor = anchor.head
    return anchor, noun


# ---- predicates --------------------------------------------------------------------------------

def _role(arg) -> Optional[str]:
    """The argument's role under its head verb: patient (what was done to) or agent (who did it,
    or the subject of an intransitive)."""
    dep, verb = arg.dep_, arg.head
    if dep in ("dobj", "obj", "nsubjpass", "oprd"):
        return "patient"
    if dep in ("nsubj", "expl"):
        # a bare participle is passive: "reported 12 civilians killed"
        if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lower_ in HAVE for c in verb.children):
            return "patient"
        return "agent"
    if dep == "pobj" and arg.head.dep_ == "agent":
        return "agent"
    return None


def _controlled_role(clause) -> str:
    return "patient" if any(c.dep_ == "auxpass" for c in clause.children) else "agent"


def _state_of(verb, arg) -> Optional[str]:
    """A state the verb says of ``arg``: its object when it has one ("left 15 dead", "rendered
    1,000 homeless"), else its subject ("remain missing", "were made homeless", "registered as
    displaced")."""
    has_object = any(c.dep_ in ("dobj", "obj") for c in verb.children)
    if has_object and arg.dep_ not in ("dobj", "obj"):
        return None
    for c in verb.children:
        if c.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "attr") and c.pos_ in ("ADJ", "VERB", "NOUN"):
            if c.dep_ == "ccomp" and c.pos_ != "ADJ":
                continue
            if c.pos_ == "VERB" and (c.tag_ != "VBN" or any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)):
                continue  # a clause about something else: "had their houses destroyed"
            m = _word_metric(c) if c.pos_ != "VERB" else _state_metric(c)
            if m:
                return m
        if c.dep_ == "prep" and c.lower_ == "as":  # "registered as displaced", "listed as refugees"
            for g in c.children:
                m = _word_metric(g)
                if m:
                    return m
    return None


def _verb_hint(verb, arg, role: Optional[str], depth: int = 0) -> Optional[_Hint]:
    """What ``verb`` says happened to ``arg`` (its argument in ``role``)."""
    if verb.pos_ == "ADJ":  # "nine people dead", "two soldiers missing"
        state = _state_metric(verb) if role == "agent" else None
        return _Hint(state) if state else None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    entry = _verb_entry(verb)
    if entry:
        metric, vrole = entry
        if metric == "located":  # where people are says less than what happened to them
            place = _place_metric(verb) or _housing_place(verb, arg)
            if place:
                return _Hint(place, weak=True)
        elif metric == "held" and not _can_hold_people(verb):
            pass  # "the facility held 750 patients", "the stadium holds 40,000 people"
        elif vrole == "either" or (vrole, role) == ("object", "patient") or \
                (vrole == "subject" and (role == "agent" or arg.dep_ == "nsubj")):
            return _Hint(metric, weak=metric in WEAK_METRICS, cumulative=_has_cumulative_marker(verb))
        elif vrole == "object" and role == "agent":
            return _Hint("acting")  # the counted did it: "200 troops destroyed three bunkers"
    state = _state_of(verb, arg)
    if state:
        return _Hint(state, cumulative=_has_cumulative_marker(verb))
    if _lemma(verb) == "be":  # "3,000 were in shelters"
        place = _place_metric(verb)
        if place:
            return _Hint(place, weak=True)
        for prep in verb.children:  # "three children were among the six people killed"
            if prep.dep_ == "prep" and prep.lower_ == "among":
                for whole in prep.children:
                    if whole.dep_ == "pobj":
                        found = _own_clauses_hint(whole) or (_Hint(_intrinsic_metric(whole))
                                                              if _intrinsic_metric(whole) else None)
                        if found:
                            return found
    # coordinated verbs share the argument: "two officers were shot and wounded"
    if depth < 3:
        for c in verb.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                hint = _verb_hint(c, arg, role, depth + 1)
                if hint:
                    return hint
    # controlled clauses: "forced 3,000 residents to flee", "had to evacuate", "are expected to be displaced"
    has_object = any(c.dep_ in ("dobj", "obj") for c in verb.children)
    if depth < 3 and role is not None and (not has_object or arg.dep_ in ("dobj", "obj")):
        for c in verb.children:
            if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and c.i > verb.i:
                hint = _verb_hint(c, arg, _controlled_role(c), depth + 1)
                if hint and hint.metric != "acting":
                    return hint
    return None


def _described_metric(head, skip=None, depth: int = 0) -> Optional[str]:
    """The metric a noun phrase describes, ``skip`` left out: "death toll", "number of dead",
    "the number of people displaced", "total of IDPs"."""
    if depth > 2:
        return None
    m = _word_metric(head)
    if m:
        return m
    tally = _tally_entry(head)
    if tally and tally[0]:
        return tally[0]
    for c in head.children:
        if skip is not None and c.i == skip.i:
            continue
        if c.dep_ in ("compound", "amod", "nmod") and c.i < head.i:
            m = _word_metric(c)
            if m:
                return m
        elif c.dep_ in ("acl", "relcl"):
            hint = _verb_hint(c, head, _clause_role(c))
            if hint and hint.metric not in ("acting",):
                return hint.metric
        elif c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    m = _described_metric(g, skip, depth + 1)
                    if m:
                        return m
    return None


def _clause_role(clause) -> Optional[str]:
    """The role of the noun a clause is attached to: "people killed" (patient), "people fleeing"
    (agent), "civilians who were wounded" (patient), "people who fled" (agent)."""
    if clause.dep_ == "acl":
        # a reduced passive, whatever tag the participle got: "people displaced by the floods"
        if clause.tag_ in ("VBN", "VBD") or any(c.dep_ == "auxpass" for c in clause.children):
            return "patient"
        return "agent"
    for c in clause.children:
        if c.lower_ in RELATIVE_PRONOUNS and c.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return "agent" if c.dep_ == "nsubj" else "patient"
    if any(c.dep_ == "nsubj" for c in clause.children):
        return "patient"  # "the civilians the army detained"
    return None


def _tally_hint(verb, number_side) -> Optional[_Hint]:
    """A number a tally verb puts on a described total: "the death toll rose to 31", "bringing
    the total to 8,300", "losses were put at 215", "the number of dead is 40"."""
    tallies = lexicon().tallies
    lemma = _lemma(verb)
    prep = number_side.lower_ if number_side.dep_ == "prep" else ""
    entry = tallies.get(f"{lemma} {prep}") if prep else tallies.get(lemma)
    if entry is None:
        return None
    described = [c for c in verb.children if c.dep_ in ("dobj", "obj")] if prep else []
    described += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for np in described:
        if np.i == number_side.i:
            continue
        head_tally = _tally_entry(np)
        if not head_tally and not _word_metric(np):
            continue  # "the body temperature dropped to 22": not a total of anything counted
        cumulative = entry[1] == "cumulative" or bool(head_tally and head_tally[1] == "cumulative") \
            or _has_cumulative_marker(verb)
        metric = _described_metric(np)
        if metric:
            return _Hint(metric, cumulative=cumulative)
        if head_tally:
            return _Hint("", cumulative=cumulative, from_previous=True)
    return None


def _governing_hint(nominal) -> Optional[_Hint]:
    """Walk up from the counted noun (or the number standing for it) to the word that says what
    happened to it."""
    tok = nominal
    # coordination and apposition share the head: "killed 6 soldiers and 21 civilians"
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i and tok.head.pos_ in NOMINAL:
        tok = tok.head
    cumulative = False
    for _ in range(5):
        head, dep = tok.head, tok.dep_
        if head.i == tok.i:
            return None
        if dep == "pobj":
            prep = head
            owner = prep.head
            if prep.lower_ in INCLUSION_PREPS and owner.pos_ in NOMINAL and owner.i != prep.i:
                m = _word_metric(owner)
                if m:  # "the deaths of 12 civilians", "the evacuation of 2,000 residents"
                    return _Hint(m, cumulative=cumulative)
                tally = _tally_entry(owner)
                if tally:  # "a death toll of 31", "a total of 300 people were displaced"
                    cumulative = cumulative or tally[1] == "cumulative"
                    described = _described_metric(owner, skip=prep)
                    if described:
                        return _Hint(described, cumulative=cumulative)
                elif prep.lower_ == "of" and owner.pos_ != "NUM":
                    return None  # "the homes of 12 people"
                if prep.lower_ != "of":  # "12 people were killed, including three children": a part of that figure
                    found = _adjacent_hint(owner.doc, owner.i + 1) or _governing_hint(owner) or _own_clauses_hint(owner)
                    return found or _Hint("", cumulative=cumulative, from_previous=True)
                tok = owner
                while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i and tok.head.pos_ in NOMINAL:
                    tok = tok.head
                continue
            if owner.pos_ == "VERB" and (prep.lower_ == "including" or
                                         (prep.lower_ == "with" and noun_class(tok) in PEOPLE and
                                          not any(c.dep_ == "dobj" for c in owner.children))):
                # a part of the verb's figure, or people it happened to with them: "258 people were
                # killed, including 11 children", "the commander was killed with three militants"
                whole = "patient" if any(c.dep_ in ("dobj", "nsubjpass") for c in owner.children) else "agent"
                return _verb_hint(owner, tok, whole) or _Hint("", cumulative=cumulative, from_previous=True)
            if prep.lower_ in ("to", "on", "among"):  # "injuries to 20 civilians", "caused injuries to 20"
                events = [owner] if owner.pos_ == "NOUN" else \
                    [c for c in owner.children if c.dep_ == "dobj"] if owner.pos_ == "VERB" else []
                for event in events:
                    if _noun_metric(event, final_only=True):
                        return _Hint(_noun_metric(event), cumulative=cumulative)
            if prep.lower_ in ("to", "at", "by") and owner.pos_ in ("VERB", "AUX"):
                hint = _tally_hint(owner, prep)
                if hint:
                    hint.cumulative = hint.cumulative or cumulative
                return hint
            if prep.dep_ == "agent" and owner.pos_ == "VERB":
                hint = _verb_hint(owner, tok, "agent")
                return hint
            return None
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            hint = _verb_hint(head, tok, _role(tok))
            if hint is None and dep in ("dobj", "attr"):
                hint = _tally_hint(head, tok)
            if hint is not None:
                hint.cumulative = hint.cumulative or cumulative
            return hint
        return None
    return None


def _adjacent_hint(doc, noun_end: int) -> Optional[_Hint]:
    """The state or participle right after the counted noun or the number, whatever the parser
    attached it to: "12 killed and 28 wounded", "5 people dead", "20 tanks destroyed"."""
    if noun_end >= len(doc):
        return None
    nxt = doc[noun_end]
    if not (nxt.pos_ == "ADJ" or nxt.tag_ == "VBN" or nxt.lower_ in lexicon().states) or nxt.is_title:
        return None
    if any(c.dep_ in ("dobj", "obj") for c in nxt.children):
        return None  # "12 soldiers killed 5 civilians": the counted did it
    m = _state_metric(nxt)
    return _Hint(m) if m else None


def _own_clauses_hint(nominal) -> Optional[_Hint]:
    """Clauses, states and places on the counted noun: "people killed in the attack", "civilians
    who fled", "1,200 people in shelters"."""
    for c in nominal.children:
        if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX", "ADJ"):
            hint = _verb_hint(c, nominal, _clause_role(c))
            if hint and hint.metric != "acting":
                return hint
        if c.dep_ == "amod" and c.i > nominal.i:
            m = _word_metric(c)
            if m:
                return _Hint(m)
    place = _place_metric(nominal)
    if place:
        return _Hint(place, weak=True)
    return None


def _intrinsic_metric(noun) -> Optional[str]:
    """The counted noun's own metric or its modifiers': "9 fatalities", "12,000 refugees",
    "30 wounded civilians", "newly displaced people"."""
    m = _word_metric(noun) if noun.pos_ in ("NOUN", "PROPN", "ADJ") else None
    if m:
        return m
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i:
            m = _word_metric(c)
            if m:
                return m
            for g in c.children:  # "internally displaced people", "newly displaced"
                if g.dep_ in ("amod", "advmod") and _word_metric(g):
                    return _word_metric(g)
    return None


def _metric_in(doc, start: int, end: int) -> Optional[str]:
    """The first metric word in the text between two offsets."""
    span = doc.char_span(start, end, alignment_mode="expand")
    for tok in span if span is not None else ():
        if tok.pos_ not in ("VERB", "NOUN", "ADJ", "PROPN"):
            continue
        m = _word_metric(tok) or (_verb_entry(tok) or ("", ""))[0]
        if m and m not in ("located", "acting"):
            return m
    return None


def _label_metric(doc, num: NumberMention) -> Optional[str]:
    """A label on the number's line: "Killed: 12", "Missing - 3"."""
    text = doc.text
    line_start = text.rfind("\n", 0, num.start_char) + 1
    before = text[line_start:num.start_char]
    m = re.match(r"^\W*([^\W\d][^:\n]{0,40}?)\s*[:\u2013\u2014-]\s*(?:at least|more than|about|some)?\s*$", before, re.I)
    return _metric_in(doc, line_start, line_start + len(before.rstrip(" :-\u2013\u2014"))) if m else None


def _header_metric(doc, num: NumberMention) -> Optional[str]:
    """The header of the list the number is an item of: "Killed in the shelling:" above
    "- 7 civilians in Varno"."""
    text = doc.text
    line_start = text.rfind("\n", 0, num.start_char) + 1
    if not _LIST_ITEM.match(text[line_start:num.end_char]):
        return None
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and not _LIST_ITEM.match(line):
            return _metric_in(doc, start, start + len(line) - 1) if line.endswith(":") else None
        end = start - 1
    return None


# ---- the decision ------------------------------------------------------------------------------

def _apply(metric: str, cls: Optional[str]) -> Optional[str]:
    """The final metric for what is counted."""
    if cls == "home":  # "5,000 homes were evacuated": households displaced; homes destroyed are no figure
        return "displaced" if metric in ("displaced", "moved") else None
    if metric == "moved":  # "crossed into", "in camps": people displaced, armed people deployed
        if cls == "materiel":
            return None
        return "deployed" if cls in ARMED else "displaced"
    if metric in ("lost", "custody"):
        if cls == "materiel":
            return "materiel_lost"
        if cls in PEOPLE:
            return "killed" if metric == "lost" else "detained"
        return None
    if metric == "held":
        return "detained" if cls != "materiel" else None
    if metric == "acting":
        return "deployed" if cls in ARMED else None
    if cls == "materiel" and metric not in ("materiel_lost", "deployed"):
        return None
    if metric == "materiel_lost" and cls in PEOPLE:
        return "killed"
    return metric


def read_metric(doc, num: NumberMention) -> Reading:
    """The metric of ``num`` (None when it is not a figure about people or materiel), its counted
    noun and whether it is a running total."""
    anchor, noun = counted_noun(doc, num)
    if doc[num.start].lower_ == "one" and num.end < len(doc) and doc[num.end].lower_ == "of":
        return Reading(None, noun)  # "one of them", "one of the biggest evacuations"
    before = doc[num.start - 1] if num.start > 0 else None
    if before is not None and before.text in ("-", "\u2010") and num.start > 1:
        before = doc[num.start - 2]
    if before is not None and before.lower_ in ("no", "not"):
        return Reading(None, noun)  # "no one was killed", "no-one was injured"
    if _is_partitive_total(doc, num) or _is_ratio(doc, num):
        return Reading(None, noun)  # "44 of 50 missiles": the 50 is not a claim; "one in five adults"
    cls = noun_class(noun) if noun is not None else None
    nominal = anchor if noun is None or anchor is not noun else noun
    noun_end = (noun.i + 1) if noun is not None else num.end
    label = _label_metric(doc, num)
    hints = [h for h in (_Hint(label) if label else None,
                         _adjacent_hint(doc, noun_end),
                         _governing_hint(nominal),
                         _governing_hint(noun) if noun is not None and anchor is not noun else None,
                         _own_clauses_hint(noun if noun is not None else anchor))
             if h is not None]
    own = _intrinsic_metric(noun) if noun is not None else None
    cumulative = any(h.cumulative for h in hints)
    final = _noun_metric(noun, final_only=True) if noun is not None and noun.pos_ in ("NOUN", "PROPN") else None
    chosen = next((h for h in hints if not h.weak and h.metric and h.metric != "acting"), None)
    metric = final or (chosen.metric if chosen else own)
    if metric is None:
        weak = next((h for h in hints if h.metric), None)
        metric = weak.metric if weak else None
    if metric == "none":
        return Reading(None, noun)  # "a poll of 1,000 adults", "employs 7,000 workers"
    if metric is None and any(h.from_previous for h in hints):
        return Reading(None, noun, cumulative=cumulative, from_previous=True,
                       casualty_only=noun is not None and cls is None)
    if metric is None:
        metric = _header_metric(doc, num)
    if metric is not None:
        if noun is not None and cls is None and metric not in CASUALTY_METRICS:
            metric = None  # "10 other cities", "five attacks", "27 member states": only a casualty counts them
        else:
            metric = _apply(metric, cls)
        if metric is not None:
            return Reading(metric, noun, cumulative=cumulative)
    if noun is None:
        return Reading(None, None)
    if cls == "person":
        return Reading("affected", noun, cumulative=cumulative)
    if cls in ARMED and not any(h.metric == "affected" for h in hints):
        return Reading("deployed", noun)  # armed people counted where they are: "1,500 troops in the country"
    return Reading(None, noun)


def _is_ratio(doc, num: NumberMention) -> bool:
    """Either side of a ratio: "one in five adults", "6 in 10 voters", "one of every five workers",
    "nine out of 10"."""
    nxt = doc[num.end:num.end + 3]
    if len(nxt) >= 2 and nxt[0].lower_ == "in" and nxt[1].like_num:
        return True
    if len(nxt) >= 3 and [t.lower_ for t in nxt[:2]] in (["out", "of"], ["of", "every"]) and nxt[2].like_num:
        return True
    back = [t.lower_ for t in doc[max(0, num.start - 3):num.start]]
    if back[-1:] == ["in"] and num.start >= 2 and doc[num.start - 2].like_num:
        return True
    return back[-2:] in (["out", "of"], ["of", "every"]) and num.start >= 3 and doc[num.start - 3].like_num


def _is_partitive_total(doc, num: NumberMention) -> bool:
    """The total of a partitive: the 50 of "44 of 50 missiles", "three of the five bunkers"."""
    back = list(doc[max(0, num.start - 5):num.start])
    if not back or not any(t.lower_ == "of" for t in back[-4:]):
        return False
    of_i = max(t.i for t in back if t.lower_ == "of")
    return of_i > 0 and doc[of_i - 1].like_num and all(
        t.pos_ in ("DET", "PART", "PROPN", "NOUN", "ADP") or t.i == of_i for t in doc[of_i:num.start])
