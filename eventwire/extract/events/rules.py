"""The coder's exceptions, each a named rule that says which phrase it handles.

``_Coder`` (``coder.py``) is a driver: candidates -> type -> actors -> place and date.  Wherever
the plain reading (subject -> source, object -> target) is wrong for some phrase, it asks the
rules of one stage, in list order:

* ``instead``  (coder, verb, row) -> events or None: the phrase is coded another way;
* ``skip``     (coder, verb, row) -> bool: the phrase is no event of its own;
* ``target_tokens`` (coder, verb, row, tokens) -> tokens or None: where the target is when the
  object is missing or is not an actor;
* ``targets``  (coder, verb, row, sources, tokens) -> actors: the target when none resolved;
* ``untargeted`` (coder, trigger, row, sources, untargeted) -> (source, target) pairs or None:
  an event with sources and no target at all;
* ``more``     (coder, verb, row, sources) -> events: further events the same phrase states;
* ``noun``     (coder, noun, row) -> events or None: the frames an event noun is coded in.

``Rule.handles`` is an invented phrase of the kind the rule is for: grep for the phrase to find
the rule.  ``Rule.types`` limits a rule to some PLOVER types (empty: all).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from eventwire.extract.events.lexicon import MATERIAL_TYPES, intent_row, lemma, refusal_row, row_for, target_preps, words
from eventwire.extract.events.participants import actors, demonym_actor, noun_source, poss_or_self, same_actor
from eventwire.extract.events.syntax import (PLACE_PREPS, agent, block_reason, blocked, children, conjuncts, effort_event, is_collective, is_definite, is_passive,
                                             negated, pobjs, prep_targets, reported_by, subjects)
from eventwire.extract.wordclasses import actor_roles, demonyms
from eventwire.records import Actor

STAGES = ("instead", "skip", "target_tokens", "targets", "untargeted", "more", "noun")


@dataclass(frozen=True)
class Rule:
    stage: str
    name: str
    handles: str
    types: frozenset
    fn: Callable


RULES: list[Rule] = []


def rule(stage: str, handles: str, types=()):
    if stage not in STAGES:
        raise ValueError(f"unknown rule stage {stage!r}")

    def register(fn):
        RULES.append(Rule(stage, fn.__name__, handles, frozenset(types), fn))
        return fn
    return register


def rules(stage: str, typ: str) -> list[Rule]:
    return [r for r in RULES if r.stage == stage and (not r.types or typ in r.types)]


# ---------------------------------------------------------------- instead

@rule("instead", "the minister said Sudria must withdraw its troops", types=("REQUEST",))
def reported_obligation(coder, verb, row):
    """"X said Y must (should) do Z": X demands it of Y (PLOVER REQUEST, CAMEO 10 demand)."""
    if row.get("frame") != "obligation":
        return None
    report = reported_by(verb)
    speakers = actors(children(report, "nsubj"), coder.ctx, things=False)
    addressees = [t for t in poss_or_self([t for s in children(verb, "nsubj", "nsubjpass") for t in conjuncts(s)],
                                           coder.ctx, False)
                  if not any(s.name == t.name for s in speakers)]
    if not speakers or not addressees:
        return []
    return coder.emit(verb, row, speakers, addressees, trigger_verb=report)


@rule("instead", "the president ordered the army to advance", types=("REQUEST",))
def order_to_own_forces(coder, verb, row):
    """An order to one's own forces is not a REQUEST between actors; the ordered act is the event, with
    the orderer as its source (MOBILIZE for the military, COERCE for police when the act itself is not a
    trigger).  None when the verb is no order or its object is not a bare force noun."""
    if lemma(verb) not in words("order"):
        return None
    objs = children(verb, "dobj")
    if len(objs) != 1:
        return None
    obj = objs[0]
    role = actor_roles().get(lemma(obj))
    mentions = coder.ctx.mentions
    if role not in ("military", "police") or any(c.dep_ not in ("det", "amod") for c in obj.children) or \
            any(c.dep_ == "amod" and (c.lower_ in demonyms() or mentions.get(c.i) is not None)
                for c in obj.children) or mentions.get(obj.i) is not None:
        return None  # "ordered Ukraine's army", "ordered Russian troops": the forces of a named actor
    xcomps = children(verb, "xcomp")
    if not xcomps:
        return None
    sources = actors(subjects(verb), coder.ctx, things=False)
    if not sources:
        return []
    x = xcomps[0]
    xrow = row_for(x, "V")
    if xrow is not None and not negated(x):
        things = xrow["type"] in MATERIAL_TYPES
        targets = coder.targets([t for d in children(x, "dobj") for t in conjuncts(d)], things, exclude=x)
        return coder.emit(x, xrow, sources, targets or [None], trigger_verb=verb, untargeted=True)
    act = {"type": "MOBILIZE" if role == "military" else "COERCE", "mode": ""}
    return coder.emit(verb, act, sources, [None], untargeted=True)


@rule("instead", "the rebels closed their border with Norland")
def object_names_the_act(coder, verb, row):
    """A lexicon row with ``+noun`` ("close +border", "send +troop"): the object is part of the trigger,
    the target is the preposition's object ("with X", "to X") or the object's named modifier ("granted
    Norland candidate status")."""
    if not (row["particle_or_prep"] or "").startswith("+") or coder.passive(verb):
        return None
    preps = target_preps(row)
    sources = coder.sources(verb)
    objs = children(verb, "dobj")
    target_toks = prep_targets(verb, preps) or [t for o in objs for t in prep_targets(o, preps)] or \
        children(verb, "dative")  # "gave Norland aid"
    if not target_toks:
        target_toks = [c for o in objs for c in o.children if c.dep_ in ("compound", "poss", "amod", "nmod")
                       and coder.ctx.mentions.get(c.i) is not None]
    if not sources:
        return []
    targets = [t for t in coder.targets(target_toks, row["type"] in MATERIAL_TYPES, exclude=verb)
               if not any(same_actor(s, t) for s in sources)]  # "closed its border with its neighbor"
    return coder.emit(verb, row, sources, targets or [None])


# ---------------------------------------------------------------- skip

@rule("skip", "a resident who asked not to be named", types=("REQUEST",))
def asked_not_to_be_named(coder, verb, row) -> bool:
    return not children(verb, "dobj") and any(children(x, "auxpass") and negated(x) for x in children(verb, "xcomp"))


@rule("skip", "the militia stormed the jail, freeing the inmates", types=("CONCEDE",))
def freeing_during_an_assault(coder, verb, row) -> bool:
    """A release by the attackers of the same sentence is part of the assault, not a concession."""
    if lemma(verb) not in words("rescue"):
        return False
    subj = {a.name for a in actors(subjects(verb), coder.ctx, things=False)}
    return any(start == verb.sent.start and t == "ASSAULT" and s is not None and s.name in subj
               for start, t, s, _ in coder.recent)


@rule("skip", "the Norland-occupied province")
def participle_describes_a_state(coder, verb, row) -> bool:
    """An adjectival participle before its noun describes a state, not an act of the article."""
    return verb.dep_ == "amod" and verb.i < verb.head.i and lemma(verb) not in words("agentless")


@rule("skip", "the troops marched into the town", types=("PROTEST",))
def forces_are_not_protesters(coder, verb, row) -> bool:
    """Soldiers or police marching, rallying or blocking roads is no protest: PROTEST is civilian dissent."""
    return any(s is not None and s.role in ("military", "police") for s in coder.sources(verb))


@rule("skip", "the troops arrived in Tarvik", types=("CONSULT",))
def arrivals_that_are_no_visit(coder, verb, row) -> bool:
    """Arriving in, travelling or flying to a place is a visit (CAMEO 042) only for a state or its officials:
    troops, police, rebels or refugees arriving are no consultation."""
    if lemma(verb) not in words("visit_travel"):
        return False
    subj = subjects(verb)
    if any(t.tag_ in ("NNS", "NNPS") and coder.ctx.mentions.get(t.i) is None for t in subj):
        return True   # "refugees arrived", "the envoys flew": a group, not a named visitor
    return any(s is None or s.role in ("military", "police", "rebels", "civilians") for s in coder.sources(verb))


# ---------------------------------------------------------------- target tokens

@rule("target_tokens", "Norland said the raid was a crime, a charge Sudria rejected", types=("REJECT",))
def rejected_charge_targets_its_author(coder, verb, row, toks):
    """"X said ..., a charge Y rejected": the rejected charge is the accusation of the clause this one
    hangs on; its target is that clause's speaker."""
    if coder.targets(toks, False, exclude=verb):
        return None
    charges = [d for d in children(verb, "dobj") if lemma(d) in words("charge")
               and not any(c.dep_ in ("poss", "prep", "acl") for c in d.children)]
    cur = verb
    if not charges:
        if verb.dep_ != "relcl" or children(verb, "dobj") or lemma(verb.head) not in words("charge") \
                or any(c.dep_ in ("poss", "prep") for c in verb.head.children):
            return None
        cur = verb.head  # "..., a charge Y rejected"
    for _ in range(5):
        head = cur.head
        if head.i == cur.i:
            return _speaker_of_sentence_before(cur) if cur.sent.root.i == cur.i else None
        hrow = row_for(head, "V")
        if lemma(head) in words("report") or (hrow is not None and hrow["type"] == "ACCUSE"):
            return children(head, "nsubj") or None
        cur = head
    return None


@rule("targets", "Norland accused Sudria of shelling the port. Sudria denied the claim.", types=("REJECT",))
def denied_claim_targets_the_claimant(coder, verb, row, sources, toks) -> list[Actor]:
    """A definite charge noun ("the claim", "these allegations") with no author in its own sentence was made
    in the sentences before: its author is the last accuser or speaker of a coded act there."""
    charges = [t for t in toks if lemma(t) in words("charge") and is_definite(t)
               and not any(c.dep_ in ("poss", "prep", "acl") for c in t.children)]
    if not charges:
        return []
    names = {s.name for s in sources if s is not None}
    sent_starts = [s for s in coder.sent_starts if s < verb.sent.start][-3:]
    for start, who in reversed(coder.claims):
        if start in sent_starts and who.name not in names:
            return [who]
    return []


def _speaker_of_sentence_before(tok):
    """The parser split '..., a charge Y rejected' off as a sentence: the speaker of the one before."""
    if tok.sent.start == 0:
        return None
    before = tok.doc[tok.sent.start - 1].sent
    root = before.root
    if lemma(root) in words("report") or (row_for(root, "V") or {}).get("type") == "ACCUSE":
        return children(root, "nsubj") or None
    return None


XCOMP_PREPS = ("with", "to", "on", "against", "for", "from", "into", "in")


@rule("target_tokens", "the council refused to cooperate with the envoy",
      types=("REJECT", "AGREE", "REQUEST", "THREATEN"))
def refused_to_act_with(coder, verb, row, toks):
    """The party of the infinitive: "refused to cooperate with X", "refused to follow X's orders", "agreed to
    send aid to X", "threatened to cut off power to X": its object or prepositional object that is an actor."""
    if toks:
        return None
    for x in children(verb, "xcomp"):
        for cand in ([t for d in children(x, "dobj") for t in conjuncts(d)], prep_targets(x, XCOMP_PREPS),
                     [t for d in children(x, "dobj") for t in prep_targets(d, XCOMP_PREPS)]):
            if cand and coder.targets(cand, False, exclude=x):
                return cand
    return None


DEMAND_OBJECT_PREPS = ("from", "by", "of")


def demand_addressees(coder, *heads) -> list:
    """What a protest is against, from the demand it is held to press: "marched to demand the resignation of
    the governor", "rallied calling for independence from Norland", "staged strikes to press for reforms by the
    government": the demand's object's author (possessor or "of/from/by" object) or the demand's own object
    when that is an actor.  Tokens, for ``coder.targets``; [] when no demand clause names one."""
    for clause in (c for head in heads for c in head.children):
        if clause.dep_ not in ("advcl", "xcomp", "acl", "conj") or clause.pos_ != "VERB":
            continue
        demand = row_for(clause, "V")
        if demand is None or demand["type"] != "REQUEST" or blocked(clause):
            continue
        asked = prep_targets(clause, ("from", "of"))          # "to demand wages from the ministry"
        if asked and coder.targets(asked, False, exclude=clause):
            return asked
        objects = [t for d in children(clause, "dobj") for t in conjuncts(d)] + prep_targets(clause, ("for",))
        for obj in objects:
            for cand in ([obj], [p for p in obj.children if p.dep_ == "poss"],
                         prep_targets(obj, DEMAND_OBJECT_PREPS)):
                if cand and coder.targets(cand, False, exclude=clause):
                    return cand
    return []


@rule("target_tokens", "farmers marched in Tarvik to demand the resignation of the Norland governor",
      types=("PROTEST",))
def protest_targets_whom_its_demand_addresses(coder, verb, row, toks):
    """A protest held to press a demand is against whoever the demand is made of, rather than the street or
    town it is held in (PLOVER's protest target is the party protested against)."""
    return demand_addressees(coder, verb) or None


@rule("target_tokens", "the minister warned that a Norland offensive would follow", types=("THREATEN", "ACCUSE", "REQUEST"))
def warned_that_clause_subject(coder, verb, row, toks):
    """The subject of the complement clause is the one warned (accused, asked)."""
    if toks:
        return None
    found = None
    for cc in children(verb, "ccomp"):
        found = [t for t in children(cc, "nsubj", "nsubjpass")
                 if not (t.pos_ == "PRON" and t.lower_ in ("it", "we", "i", "they"))]
    return found or None


@rule("target_tokens", "air defences shot down 12 of 15 drones")
def shot_down_number_of(coder, verb, row, toks):
    """The counted things, not the number: "12 of 15 drones" -> the drones."""
    if toks:
        return None
    found = []
    for c in verb.children:
        if c.dep_ == "npadvmod" and c.pos_ == "NUM":
            counted = [p for prep in children(c, "prep") if prep.lower_ == "of" for p in pobjs(prep)]
            found.extend(counted or [c])
    return found or None


@rule("target_tokens", "a roadside bomb went off near an army convoy", types=("ASSAULT",))
def what_a_blast_hit(coder, verb, row, toks):
    """An explosion names no object: what it went off at, near or in is what it hit."""
    if toks or row["mode"] != "explosives" or children(verb, "dobj"):
        return None
    return [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS
            for p in pobjs(prep)] or None


# ---------------------------------------------------------------- targets

@rule("targets", "the ministry condemned the strikes")
def definite_event_noun_refers_back(coder, verb, row, sources, toks) -> list[Actor]:
    """"condemned the strikes", "called for a halt to the attacks": a definite event noun without its own
    author refers back to acts already coded in the article; its target is their author (the first coded,
    preferring the same trigger word).  Verbal acts only: a material act's object is its target."""
    if row["type"] in MATERIAL_TYPES or not sources:
        return []
    names = {s.name for s in sources if s is not None}
    for tok in toks:
        nouns = [tok] + [p for c in children(tok, "prep") if c.lower_ in ("to", "of", "on") for p in pobjs(c)]
        for n in nouns:
            nrow = row_for(n, "N") if n.pos_ == "NOUN" else None
            if nrow is None or lemma(n) in actor_roles() or not any(
                    c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in n.children):
                continue
            if any(c.dep_ in ("poss", "amod", "compound", "prep", "acl", "relcl") for c in n.children):
                continue  # "the Norland strikes", "the strikes on X": not a bare back-reference
            earlier = [(lem, s) for lem, t, s in coder.recent_triggers
                       if t == nrow["type"] and s is not None and s.name not in names]
            same = [s for lem, s in earlier if lem == lemma(n)]
            pick = same[:1] or [s for _, s in earlier[:1]]
            if pick:
                return pick
    return []


@rule("targets", "Norland plans to send workers. Sudria criticized the move.")
def act_noun_refers_to_the_actor_before(coder, verb, row, sources, toks) -> list[Actor]:
    """"criticized the move", "welcomed such plans", "rejected this decision": a definite act noun without its
    own author stands for an act of the sentence before; its target is that sentence's subject.  Verbal acts
    only."""
    if row["type"] in MATERIAL_TYPES or not sources or verb.sent.start == 0:
        return []
    act = [t for t in toks if t.pos_ == "NOUN" and lemma(t) in words("act_noun")
           and any(c.dep_ in ("det", "amod") and c.lower_ in ("the", "this", "these", "that", "those", "such")
                   for c in t.children)
           and not any(c.dep_ in ("poss", "prep", "acl", "relcl") for c in t.children)]
    if not act:
        return []
    before = coder.doc[verb.sent.start - 1].sent
    names = {s.name for s in sources if s is not None}
    return [a for a in actors(subjects(before.root), coder.ctx, things=False) if a.name not in names][:1]


@rule("targets", "students rallied outside the Norlandic embassy", types=("PROTEST",))
def protest_at_a_foreign_site(coder, verb, row, sources, toks) -> list[Actor]:
    """A protest at a country's site is directed at that country."""
    for prep in children(verb, "prep"):
        if prep.lower_ not in ("outside", "at", "before"):
            continue
        for p in pobjs(prep):
            if p.pos_ != "NOUN" or coder.ctx.mentions.get(p.i) is not None:
                continue
            for c in p.children:
                if c.dep_ == "amod" and c.i < p.i:
                    a = demonym_actor(c, "government")
                    if a is not None:
                        return [a]
    return []


# ---------------------------------------------------------------- untargeted

@rule("untargeted", "Norland and Sudria signed an agreement", types=("AGREE", "CONSULT", "COOPERATE", "REJECT"))
def joint_subject_of_a_reciprocal_act(coder, trigger, row, sources, untargeted):
    """Two or more joint subjects of a reciprocal act ("Norland and Sudria failed to agree" too): one event, the
    first -> each other one."""
    named = [s for s in sources if s is not None]
    if len(named) < 2 or (row["type"] == "REJECT" and row.get("frame") != "refusal"):
        return None
    return [(sources[0], t) for t in sources[1:]]


@rule("untargeted", "the fighting ended when the rebels agreed to a ceasefire", types=("AGREE", "RETREAT", "CONCEDE"))
def settling_with_the_attacker(coder, trigger, row, sources, untargeted):
    """A ceasefire, a withdrawal or a concession without a named party is with the attacker of the same
    sentence."""
    names = {s.name for s in sources if s is not None}
    for start, t, s, _ in reversed(coder.recent):
        if start == trigger.sent.start and t in ("ASSAULT", "COERCE") and s is not None and s.name not in names:
            return [(src, s) for src in sources]
    return None


@rule("untargeted", "Norland troops remained on alert in Tarvik", types=("MOBILIZE", "SANCTION"))
def where_forces_were_put(coder, trigger, row, sources, untargeted):
    """A deployment or a suspension with no party named is directed at the place it is in."""
    place = coder.place_of(trigger)
    names = {s.name for s in sources if s is not None}
    if place is None or place.name in names or not any(s is not None for s in sources):
        return None
    return [(src, place) for src in sources]


@rule("untargeted", "the rebels attacked again on Sunday", types=("ASSAULT", "COERCE"))
def elided_target_of_the_same_act(coder, trigger, row, sources, untargeted):
    """An attack without a target takes the target of the same kind of act in the two sentences before;
    with none, there is nothing to code (an attack on no one)."""
    if untargeted:
        return None
    names = {s.name for s in sources if s is not None}
    sent_starts = [s for s in coder.sent_starts if s <= trigger.sent.start][-3:]
    for start, t, s, tgt in reversed(coder.recent):
        if start in sent_starts and t == row["type"] and tgt is not None and tgt.name not in names:
            return [(src, tgt) for src in sources]
    place = coder.place_of(trigger)   # "Norland's offensive in Tarvik": the place attacked
    if place is not None and place.name not in names and any(s is not None for s in sources):
        return [(src, place) for src in sources]
    return []


# ---------------------------------------------------------------- more

@rule("more", "Norland accused Sudria of shelling the border towns", types=("ACCUSE",))
def accused_of_an_act(coder, verb, row, sources) -> list:
    """"X accused Y of killing Z": also the act Y -> Z, claimed by X."""
    out = []
    accused = children(verb, "dobj")
    for prep in children(verb, "prep"):
        if prep.lower_ not in ("of", "for"):
            continue
        for inner in children(prep, "pcomp"):
            irow = row_for(inner, "V")
            if irow is None or negated(inner):
                continue
            src = actors(accused, coder.ctx, things=False)
            tgt = poss_or_self([t for d in children(inner, "dobj") for t in conjuncts(d)], coder.ctx,
                               irow["type"] in MATERIAL_TYPES)
            evs = coder.emit(inner, irow, src or [None], tgt or [None])
            for e in evs:
                e.claimed_by = sources[0].name if sources and sources[0] is not None else None
            out.extend(evs)
    return out


# ---------------------------------------------------------------- noun frames

def _collective_head(noun):
    """"a wave of strikes", "a mediation effort": the collective or generic noun stands in the clause for the
    event noun."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and is_collective(noun.head.head):
        return noun.head.head
    if noun.dep_ == "compound" and getattr(effort_event(noun.head), "i", None) == noun.i:
        return noun.head
    return noun


@rule("noun", "the rebels launched an attack on the garrison")
def object_of_a_light_verb(coder, noun, row):
    """"launched an attack on", "went on the offensive", "an offensive was launched by X"."""
    gov = _collective_head(noun)
    head = gov.head
    on_prep = gov.dep_ == "pobj" and head.lower_ == "on" and lemma(head.head) in words("on_light")
    if not ((gov.dep_ in ("dobj", "nsubjpass") and lemma(head) in words("light")) or on_prep):
        return None
    verb = head.head if on_prep else head
    why = block_reason(verb)
    if why == "control:fail" and row["type"] == "AGREE":
        row = refusal_row(row)   # "failed to reach an agreement": a refusal
    elif why is not None:
        row = intent_row(row) if why.split(":")[-1] in words("intent") else None
        if row is None:
            return []  # "did not launch an attack", "plans to launch an offensive"
    if gov.dep_ == "nsubjpass":
        sources = actors(agent(verb), coder.ctx, things=False)
    else:
        sources = actors(subjects(verb), coder.ctx, things=False)
    sources = sources or noun_source(noun, coder.ctx) or coder.protesters(verb, row)
    preps = target_preps(row)
    target_toks = prep_targets(noun, preps) or prep_targets(gov, preps) or \
        prep_targets(verb, set(preps) | {"at", "on", "against"})
    if row["type"] == "PROTEST":   # "staged strikes to demand ...": whom the demand addresses
        target_toks = demand_addressees(coder, noun, verb) or target_toks
    if not target_toks:  # "police used tear gas to disperse protesters": the purpose clause's object
        target_toks = [t for x in children(verb, "xcomp", "advcl") for d in children(x, "dobj") for t in conjuncts(d)]
    targets = coder.targets(target_toks, row["type"] in MATERIAL_TYPES, exclude=noun)
    if not sources and not targets:
        return []
    if row.get("frame") == "intent" and not coder.intent_stated(verb, sources, targets, row):
        return []
    return coder.emit(noun, row, sources or [None], targets or [None], trigger_verb=verb)


@rule("noun", "a missile")
def weapon_only_with_a_light_verb(coder, noun, row):
    """Weapons ("missiles", "drones") and light-only nouns ("control") code only as a light verb's object."""
    if row["mode"] in ("missile", "drone") or lemma(noun) in words("light_only"):
        return []
    return None


@rule("noun", "the garrison repelled the attack")
def object_of_a_counter_verb(coder, noun, row):
    """"X repelled Y's attack": the attack, Y -> X."""
    gov = _collective_head(noun)
    head = gov.head
    if not (gov.dep_ == "dobj" and lemma(head) in words("counter")):
        return None
    if blocked(head):
        return []
    sources = noun_source(noun, coder.ctx)
    targets = actors(subjects(head), coder.ctx, things=False)
    if not targets or not sources:
        return []
    return coder.emit(noun, row, sources, targets, trigger_verb=head)


@rule("noun", "clashes between the army and the rebels")
def fighting_between_sides(coder, noun, row):
    """Fighting, clashes, talks "between X and Y": X -> Y (a reciprocal act coded once)."""
    for prep in children(noun, "prep"):
        if prep.lower_ != "between":
            continue
        if blocked(noun):
            return []
        sides = actors(pobjs(prep), coder.ctx, things=False)
        if len(sides) < 2:
            return None
        verb = noun.head if noun.dep_ in ("dobj", "nsubj", "nsubjpass") and noun.head.pos_ == "VERB" else None
        return coder.emit(noun, row, sides[:1], sides[1:], trigger_verb=verb)
    return None


@rule("noun", "explosions rocked the port city")
def reported_as_happening(coder, noun, row):
    """"explosions erupted in X", "with explosions reported in X": the event noun is the subject of a
    happen verb; the place named is the target."""
    gov = _collective_head(noun)
    head = gov.head
    happen = None
    if gov.dep_ in ("nsubj", "nsubjpass") and lemma(head) in words("happen"):
        happen = head
    else:
        for c in gov.children:
            if c.dep_ == "acl" and lemma(c) in words("happen"):
                happen = c
    if happen is None:
        return None
    if row_for(happen, "V") is not None and children(happen, "dobj"):
        return []  # "missiles hit X": the verb is coded itself
    if lemma(noun) in words("reciprocal_noun"):
        return []  # "fighting raged in the town": the sides are not said (see fighting_between_sides)
    if blocked(happen) or (happen.dep_ != "acl" and negated(happen)):
        return []
    target_toks = prep_targets(noun, target_preps(row))
    if not target_toks:
        target_toks = [t for t in prep_targets(happen, ("in", "at", "near", "on"))
                       if coder.ctx.mentions.get(t.i) is not None]
    targets = coder.targets(target_toks, True, exclude=noun)
    if not targets:
        return []
    return coder.emit(noun, row, noun_source(noun, coder.ctx) or [None], targets, trigger_verb=happen)


@rule("noun", "hundreds of farmers took part in a demonstration", types=("PROTEST", "CONSULT"))
def joined_the_gathering(coder, noun, row):
    """"X joined (attended) a rally", "X took part (participated, gathered) in a protest": X is its source."""
    gov = _collective_head(noun)
    if gov.dep_ == "dobj" and lemma(gov.head) in words("join"):
        verb = gov.head
    elif gov.dep_ == "pobj" and gov.head.lower_ == "in" and (
            lemma(gov.head.head) in words("join") or (lemma(gov.head.head) == "take" and any(
                lemma(d) == "part" for d in children(gov.head.head, "dobj")))):
        verb = gov.head.head
    else:
        return None
    if blocked(verb) or blocked(noun):
        return []
    sources = actors(subjects(verb), coder.ctx, things=False)
    if not sources:
        return None
    targets = coder.targets(prep_targets(noun, target_preps(row) or ["against"]), False, exclude=noun)
    return coder.emit(noun, row, sources, targets or [None], trigger_verb=verb)


@rule("noun", "the army base came under rocket attack", types=("ASSAULT",))
def came_under_attack(coder, noun, row):
    """"X came under attack (shelling)": X is the target; the attacker is the noun's own or one named nearby."""
    gov = _collective_head(noun)
    if not (gov.dep_ == "pobj" and gov.head.lower_ == "under" and lemma(gov.head.head) in ("come", "be")):
        return None
    verb = gov.head.head
    if blocked(verb):
        return []
    targets = coder.targets([t for s in subjects(verb) for t in conjuncts(s)], True, exclude=noun)
    if not targets:
        return []
    sources = noun_source(noun, coder.ctx) or coder.attacker_nearby(noun) or [None]
    return coder.emit(noun, row, sources, targets, trigger_verb=verb)


@rule("noun", "Norland's attack on the port")
def noun_with_its_own_actors(coder, noun, row):
    """The noun carries its own actors: "Norland's attack on X", "the arrest of X by Y"."""
    if blocked(noun):
        return []
    if noun.dep_ in ("nsubj", "nsubjpass") and (row_for(noun.head, "V") is not None or lemma(noun.head) in words("happen")):
        return []   # "the attack killed 12": the verb codes it, with the attack's author
    sources = noun_source(noun, coder.ctx)
    targets = coder.targets(prep_targets(noun, target_preps(row)), row["type"] in MATERIAL_TYPES, exclude=noun)
    if not targets and row["type"] == "ASSAULT" and noun.dep_ == "pobj" and noun.head.lower_ in ("in", "during") \
            and is_passive(noun.head.head) and not (row_for(noun.head.head, "V") is not None
                                                    and lemma(noun.head.head) in words("agentless")):
        # "a villager was injured in a grenade attack in Pikit": the attack's target is its victims (but "were
        # killed in an ambush" is coded once, by the verb)
        targets = [t for t in coder.targets([t for s in children(noun.head.head, "nsubjpass") for t in conjuncts(s)],
                                            True, exclude=noun)
                   if t.span is None or lemma(coder.doc.char_span(*t.span, alignment_mode="expand").root)
                   not in words("anonymous_victim")]
    if not targets and row["type"] == "PROTEST":
        # "a protest calling for the governor's resignation": whom the demand addresses
        targets = coder.targets(demand_addressees(coder, noun), False, exclude=noun)
    if not sources and targets and row["type"] == "ASSAULT" and noun.dep_ == "pobj":
        # "wounded in an attack on a police post": the attacker named nearby, or no one
        sources = coder.attacker_nearby(noun) or [None]
    if not sources or (not targets and row["type"] not in ("ASSAULT", "PROTEST", "MOBILIZE")):
        return []
    return coder.emit(noun, row, sources, targets or [None])


def first_answer(stage: str, typ: str, *args) -> Optional[object]:
    """The first non-None answer of the stage's rules, or None."""
    for r in rules(stage, typ):
        out = r.fn(*args)
        if out is not None:
            return out
    return None
