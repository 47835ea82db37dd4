"""Dependency-parse questions the coder asks: roles of a verb, and whether an act happened.

* roles: subjects (shared with conjoined or controlling verbs), objects, prepositional objects,
  passive agents;
* modality: negated, modal, conditional, habitual, cumulative or merely intended acts, here or up
  the clause chain (``blocked``);
* speech: the verb a clause is reported by ("X said Y must ...").
"""
from __future__ import annotations

from typing import Iterable, Optional

from eventwire.extract.events.lexicon import lemma, row_for, words
from eventwire.extract.wordclasses import actor_roles, in_dateline, speech_verbs

DEFINITE = frozenset({"the", "these", "those", "this", "that"})
PLACE_PREPS = frozenset({"in", "near", "at", "on", "over", "across", "outside", "around", "inside", "into"})


def children(tok, *deps) -> list:
    return [c for c in tok.children if c.dep_ in deps]


def conjuncts(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(conjuncts(c))
    return out


def is_collective(tok) -> bool:
    return lemma(tok) in words("collective") or tok.lower_ in words("collective")


def effort_event(tok):
    """The event noun a generic head is named by ("a mediation effort", "a rescue operation"), or None."""
    if lemma(tok) not in words("effort") or row_for(tok, "N") is not None:
        return None
    return next((c for c in tok.children if c.dep_ == "compound" and row_for(c, "N") is not None), None)


def is_definite(tok) -> bool:
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)


def is_passive(tok) -> bool:
    return bool(children(tok, "nsubjpass", "auxpass")) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and not children(tok, "dobj"))


def negated(tok) -> bool:
    if children(tok, "neg"):
        return True
    if any(c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det") for c in tok.children):
        return True
    # a negative subject: "No group has claimed ...", "nobody was arrested"
    for subj in children(tok, "nsubj", "nsubjpass"):
        if subj.lower_ in ("nobody", "none", "nothing", "neither") or \
                any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subj.children):
            return True
    return False


def habitual(tok) -> bool:
    """A simple-present verb in a relative clause describes a habit or category, not an event:
    "fighters who attack civilians"."""
    return tok.dep_ == "relcl" and tok.tag_ in ("VBZ", "VBP") and not children(tok, "aux", "auxpass")


def cumulative(tok) -> bool:
    """A running tally, not an event: "soldiers killed since the invasion", "killed so far"."""
    for c in tok.children:
        if c.lower_ == "since" and c.dep_ in ("prep", "mark"):
            return True
        if c.dep_ == "advmod" and c.lower_ in ("far", "overall", "altogether") and \
                (c.lower_ != "far" or any(g.lower_ == "so" for g in c.children)):
            return True
    return False


def modal(tok) -> bool:
    return any(c.dep_ == "aux" and lemma(c) in words("modal") for c in tok.children)


def conditional(tok) -> bool:
    """A condition: "if ...", "unless ..."."""
    return any(c.dep_ == "mark" and c.lower_ in words("hypothetical") for c in tok.children)


def background_clause(tok) -> bool:
    """A clause that states an earlier act as fact: "since X invaded Y", "because he refused ..."."""
    return any(c.dep_ == "mark" and c.lower_ in words("background") for c in tok.children)


def block_reason(tok) -> Optional[str]:
    """Why the act is not an act of the article's time, here or up the clause chain: ``"negated"``,
    ``"conditional"``, ``"background"`` (an earlier act stated as fact: "since X invaded Y"), ``"habitual"``, ``"governed"`` (the complement of a coded verb: "threatened to strike"), or
    ``"intent:WORD"`` / ``"modal:WORD"`` / ``"control:WORD"`` naming the word that makes it stated, possible or
    wanted; None when it is reported as done."""
    cur = tok
    for _ in range(8):
        if negated(cur):
            return "negated"
        if conditional(cur):
            return "conditional"
        if background_clause(cur):
            return "background"
        if habitual(cur):
            return "habitual"
        aux = [c for c in cur.children if c.dep_ == "aux" and lemma(c) in words("modal")]
        if aux:
            return f"modal:{lemma(aux[0])}"
        if any(c.dep_ == "aux" and c.lower_ == "going" for c in cur.children):
            return "modal:will"                     # "is going to send"
        head = cur.head
        if head.i == cur.i:
            return None
        if cur.dep_ in ("xcomp", "ccomp", "acl", "advcl", "pcomp") and lemma(head) in words("control"):
            return f"control:{lemma(head)}"
        if cur.dep_ in ("xcomp",) and head.pos_ == "ADJ":  # "willing to", "about to"
            return f"control:{lemma(head)}"
        if cur.dep_ == "xcomp" and (row_for(head, "V") or (lemma(head) in words("light")
                                                           and light_object(head) is not None)):
            return "governed"  # "threatened to strike", "urged X to attack": the governing verb is the act
        if cur.dep_ in ("ccomp", "xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "pobj", "prep", "dobj"):
            if lemma(head) in words("report") and cur.dep_ in ("ccomp", "conj", "xcomp"):
                # the reporting verb's own negation ("did not say") does not negate the act
                return None
            cur = head
            continue
        return None
    return None


def blocked(tok) -> bool:
    """Negated, hypothetical, conditional or merely intended, here or up the clause chain."""
    return block_reason(tok) is not None


def reported_by(tok):
    """The speech verb whose clause complement ``tok`` heads ("X said Y must ...", "X insisted ..."), or None."""
    head = tok.head
    if tok.dep_ in ("ccomp", "parataxis") and head.i != tok.i and lemma(head) in speech_verbs():
        return head
    return None


def subjects(verb) -> list:
    """Subject tokens of ``verb``: its own, or shared with the verb it is conjoined to / depends on."""
    cur = verb
    for _ in range(4):
        subj = children(cur, "nsubj", "csubj")
        if subj:
            # a dateline the parser made a second subject ("TARVIK, May 3 (Wire) - Air strikes killed ...")
            s = next((t for t in subj if not in_dateline(t)), subj[0])
            if s.lower_ in ("who", "that", "which") and cur.dep_ == "relcl":
                s = cur.head
            return conjuncts(s)
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.pos_ in ("VERB", "AUX"):
            if cur.dep_ == "xcomp" and children(cur.head, "dobj") and \
                    lemma(cur.head) not in words("light"):
                return conjuncts(children(cur.head, "dobj")[0])  # object control: "urged Y to ..."
            if children(cur.head, "nsubjpass") and cur.dep_ != "conj":
                return []
            cur = cur.head
            continue
        if cur.dep_ == "xcomp" and cur.head.pos_ == "ADJ" and cur.head.dep_ in ("acomp", "amod") and \
                cur.head.head.pos_ in ("VERB", "AUX"):
            cur = cur.head.head   # "Norland is ready to send troops": the subject of "is"
            continue
        if cur.dep_ in ("acl", "relcl") and cur.tag_ in ("VBG",) and cur.head.pos_ in ("NOUN", "PROPN"):
            head = cur.head
            if head.dep_ in ("dobj", "pobj") and head.pos_ == "NOUN" and lemma(head) not in actor_roles():
                cur = head.head if head.dep_ == "dobj" else head.head.head  # "sent a letter asking ..."
                continue
            return conjuncts(head)
        return []
    return []


def pobjs(prep) -> list:
    out = []
    for c in prep.children:
        if c.dep_ == "pobj":
            out.extend(conjuncts(c))
        elif c.dep_ == "pcomp":
            out.extend(children(c, "dobj"))
    return out


def prep_targets(tok, preps: Iterable[str]) -> list:
    preps = set(preps)
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "dative") and c.lower_ in preps:
            out.extend(pobjs(c))
    return out


def agent(tok) -> list:
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            return pobjs(c)
    return []


def light_object(verb):
    """The event noun a light verb governs ("launched an attack", "went on the offensive"), or None."""
    for obj in children(verb, "dobj", "nsubjpass", "prep"):
        if obj.dep_ == "prep":
            if obj.lower_ != "on" or lemma(verb) not in words("on_light"):  # "went on the offensive"
                continue
            objs = pobjs(obj)
            if not objs:
                continue
            obj = objs[0]
        noun = obj
        if is_collective(noun):
            inner = [p for c in children(noun, "prep") if c.lower_ == "of" for p in pobjs(c)]
            if inner:
                noun = inner[0]
        noun = effort_event(noun) or noun
        if row_for(noun, "N") is not None:
            return noun
    return None
