"""Events: PLOVER-coded who did what to whom, where and when.

A precise, lexicon-driven coder over the dependency parse:

* triggers: verbs and event nouns listed in ``data/plover_lexicon.tsv``
  (lemma, optional particle/preposition, type, mode); nouns code only when a
  light verb governs them ("launched an attack on"), when a "happen" verb
  reports them ("explosions erupted"), or when they carry their own actors
  ("Russia's attack on ...");
* roles: subject -> source, object or lexicon preposition -> target; passive
  voice (``was abducted by X``), participles, relative clauses, coordinated
  actors (one event per pair), subjects shared by conjoined verbs;
* modality: no event for negated, modal, conditional or merely intended acts
  ("did not attack", "might consider sending", "plans to", "if");
  a complement of a coded verb ("threatened to strike") is not coded again;
* claims: an act reported by "X said ..." is coded with ``claimed_by`` X;
* actors, places and dates come from ``actors.py``, the article's places and
  ``dates.py``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

from eventwire.nlp.pipeline import text_of
from eventwire.extract import actors as actor_mod
from eventwire.extract.actors import ActorContext, resolve as resolve_actor
from eventwire.extract.dates import resolve as resolve_date
from eventwire.extract.mentions import Mentions
from eventwire.extract.wordclasses import in_dateline as _in_dateline, words
from eventwire.lexicons import table
from eventwire.nlp import ParsedArticle
from eventwire.records import Actor, Event

# types whose target may be a thing or place rather than an actor
MATERIAL_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "AID", "CONCEDE", "SANCTION"}
RECIPROCAL_TYPES = {"AGREE", "CONSULT", "COOPERATE"}   # "X and Y signed/met/agreed": X -> Y
SETTLING_TYPES = {"AGREE", "RETREAT", "CONCEDE"}     # "... agreed to a ceasefire": with the other side
PLACE_PREPS = {"in", "near", "at", "on", "over", "across", "outside", "around", "inside", "into"}


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = {}
    for row in table("plover_lexicon"):
        out.setdefault((row["lemma"].lower(), row["pos"]), []).append(row)
    return out


# ---------------------------------------------------------------- helpers

def _is_collective(tok) -> bool:
    return tok.lemma_.lower() in words("collective") or tok.lower_ in words("collective")


def _children(tok, *deps):
    return [c for c in tok.children if c.dep_ in deps]


def _conjuncts(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(_conjuncts(c))
    return out


def _is_passive(tok) -> bool:
    return bool(_children(tok, "nsubjpass", "auxpass")) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and not _children(tok, "dobj"))


def _negated(tok) -> bool:
    if _children(tok, "neg"):
        return True
    if any(c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det") for c in tok.children):
        return True
    # a negative subject: "No group has claimed ...", "nobody was arrested"
    for subj in _children(tok, "nsubj", "nsubjpass"):
        if subj.lower_ in ("nobody", "none", "nothing", "neither") or \
                any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in subj.children):
            return True
    return False


def _habitual(tok) -> bool:
    """A simple-present verb in a relative clause describes a habit or category, not an event:
    "fighters who attack civilians"."""
    return tok.dep_ == "relcl" and tok.tag_ in ("VBZ", "VBP") and not _children(tok, "aux", "auxpass")


def _cumulative(tok) -> bool:
    """A running tally, not an event: "soldiers killed since the invasion", "killed so far"."""
    for c in tok.children:
        if c.lower_ == "since" and c.dep_ in ("prep", "mark"):
            return True
        if c.dep_ == "advmod" and c.lower_ in ("far", "overall", "altogether") and \
                (c.lower_ != "far" or any(g.lower_ == "so" for g in c.children)):
            return True
    return False


def _modal(tok) -> bool:
    return any(c.dep_ == "aux" and c.lemma_.lower() in words("modal") for c in tok.children)


def _conditional(tok) -> bool:
    """Conditional or background clauses: "if ...", "because he refused ..."."""
    return any(c.dep_ == "mark" and c.lower_ in words("background") for c in tok.children)


def _row_for(tok, pos: str) -> Optional[dict]:
    rows = lexicon().get((tok.lemma_.lower(), pos))
    if not rows:
        return None
    kids = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "advmod", "agent")}
    # "+border|frontier": the row needs a direct object (or passive subject) with one of these lemmas
    kids |= {"+" + c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "nsubjpass")}
    with_particle = [r for r in rows if r["particle_or_prep"] and
                     any(p in kids for p in _alternatives(r["particle_or_prep"]))]
    if with_particle:
        return with_particle[0]
    plain = [r for r in rows if not r["particle_or_prep"]]
    return plain[0] if plain else None


def _alternatives(spec: str) -> list[str]:
    if spec.startswith("+"):
        return ["+" + w for w in spec[1:].split("|")]
    return [spec]


def _blocked(tok) -> bool:
    """Negated, hypothetical, conditional or merely intended, here or up the clause chain."""
    cur = tok
    for _ in range(8):
        if _negated(cur) or _modal(cur) or _conditional(cur) or _habitual(cur):
            return True
        head = cur.head
        if head is cur:
            return False
        if cur.dep_ in ("xcomp", "ccomp", "acl", "advcl", "pcomp") and head.lemma_.lower() in words("control"):
            return True
        if cur.dep_ in ("xcomp",) and head.pos_ == "ADJ":  # "willing to", "about to"
            return True
        if cur.dep_ == "xcomp" and (_row_for(head, "V") or (head.lemma_.lower() in words("light")
                                                             and light_object(head) is not None)):
            return True  # "threatened to strike", "urged X to attack": the governing verb is the act
        if cur.dep_ in ("ccomp", "xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "pobj", "prep", "dobj"):
            if head.lemma_.lower() in words("report") and cur.dep_ in ("ccomp", "conj", "xcomp"):
                # the reporting verb's own negation ("did not say") does not negate the act
                return False
            cur = head
            continue
        return False
    return False


def _subjects(verb) -> list:
    """Subject tokens of ``verb``: its own, or shared with the verb it is conjoined to / depends on."""
    cur = verb
    for _ in range(4):
        subj = _children(cur, "nsubj", "csubj")
        if subj:
            s = subj[0]
            if s.lower_ in ("who", "that", "which") and cur.dep_ == "relcl":
                s = cur.head
            return _conjuncts(s)
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.pos_ in ("VERB", "AUX"):
            if cur.dep_ == "xcomp" and _children(cur.head, "dobj") and \
                    cur.head.lemma_.lower() not in words("light"):
                return _conjuncts(_children(cur.head, "dobj")[0])  # object control: "urged Y to ..."
            if _children(cur.head, "nsubjpass") and cur.dep_ != "conj":
                return []
            cur = cur.head
            continue
        if cur.dep_ in ("acl", "relcl") and cur.tag_ in ("VBG",) and cur.head.pos_ in ("NOUN", "PROPN"):
            head = cur.head
            if head.dep_ in ("dobj", "pobj") and head.pos_ == "NOUN" and head.lemma_.lower() not in actor_mod.roles():
                cur = head.head if head.dep_ == "dobj" else head.head.head  # "sent a letter asking ..."
                continue
            return _conjuncts(head)
        return []
    return []


def _pobjs(prep) -> list:
    out = []
    for c in prep.children:
        if c.dep_ == "pobj":
            out.extend(_conjuncts(c))
        elif c.dep_ == "pcomp":
            out.extend(_children(c, "dobj"))
    return out


def _prep_targets(tok, preps: Iterable[str]) -> list:
    preps = set(preps)
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "prt", "dative") and c.lower_ in preps:
            out.extend(_pobjs(c))
    return out


def _agent(tok) -> list:
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            return _pobjs(c)
    return []


def _claimed_by(tok, ctx) -> Optional[str]:
    """Who claims the event: the article's one answer to "who says so" (``Mentions.source_token``
    over the claim verbs), as an actor."""
    subj = ctx.resolver.source_token(tok, kind="claim")
    if subj is None:
        return None
    a = resolve_actor(subj, ctx)
    return a.name if a is not None else None


def _actors(tokens, ctx, *, things: bool) -> list[Actor]:
    out = []
    for t in tokens:
        if _in_dateline(t):
            # the parser made the dateline the subject: its apposition after the dash is the real one
            later = [c for c in t.children if c.dep_ == "appos" and not _in_dateline(c)]
            out.extend(_actors(later, ctx, things=things))
            continue
        if t.pos_ == "NOUN" and _row_for(t, "N") is not None and t.lemma_.lower() not in actor_mod.roles():
            out.extend(_noun_source(t, ctx))  # "a drone attack killed ...": the attack's author, if any
            continue
        a = resolve_actor(t, ctx, allow_things=things)
        if a is not None:
            out.append(a)
    return out


def _poss_or_self(tokens, ctx, things: bool) -> list[Actor]:
    """Targets: the phrase itself when it is an actor, else its possessor ("Moscow's orders")."""
    out = []
    for t in tokens:
        a = resolve_actor(t, ctx, allow_things=False)
        if a is None:
            poss = _children(t, "poss")
            if poss:
                a = resolve_actor(poss[0], ctx)
            else:
                for prep in _children(t, "prep"):
                    if prep.lower_ in ("for", "of", "from", "by"):
                        objs = _pobjs(prep)
                        if objs:
                            a = resolve_actor(objs[0], ctx)
                            break
                if a is None:  # "a deadline set by the bloc", "the proposal made by X": its author
                    for acl in _children(t, "acl"):
                        if acl.tag_ == "VBN":
                            objs = _agent(acl)
                            if objs:
                                a = resolve_actor(objs[0], ctx)
                                break
        if a is None and things:
            a = resolve_actor(t, ctx, allow_things=True)
        if a is not None:
            out.append(a)
    return out


def _noun_source(noun, ctx) -> list[Actor]:
    """Actors carried by an event noun: "Russia's attack", "Russian strikes", "a regime airstrike",
    "attacks by X"."""
    for c in noun.children:
        if c.dep_ == "poss":
            a = resolve_actor(c, ctx)
            if a is not None:
                return [a]
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i:
            weapon = _row_for(c, "N")
            if weapon is not None and weapon["mode"] in ("missile", "drone"):
                continue  # "a drone attack": the weapon, not who used it
            a = resolve_actor(c, ctx)
            if a is None and c.lower_ in actor_mod.demonyms():
                d = actor_mod.demonyms()[c.lower_]
                a = Actor(name=d[0], aliases=[c.text, d[0]], country=d[1] or None, role="military",
                          span=(c.idx, c.idx + len(c.text)))
            if a is None and c.lemma_.lower() in actor_mod.roles():
                a = Actor(name=c.text, aliases=[c.text], role=actor_mod.roles()[c.lemma_.lower()],
                          span=(c.idx, c.idx + len(c.text)))
            if a is None and c.dep_ == "compound":  # "an Israeli ground offensive"
                for g in c.children:
                    if g.dep_ == "amod" and g.lower_ in actor_mod.demonyms():
                        d = actor_mod.demonyms()[g.lower_]
                        a = Actor(name=d[0], aliases=[g.text, d[0]], country=d[1] or None, role="military",
                                  span=(g.idx, g.idx + len(g.text)))
            if a is not None:
                return [a]
    return _actors(_agent(noun), ctx, things=False)


def light_object(verb):
    for obj in _children(verb, "dobj", "nsubjpass", "prep"):
        if obj.dep_ == "prep":
            if obj.lower_ != "on":  # "went on the offensive"
                continue
            objs = _pobjs(obj)
            if not objs:
                continue
            obj = objs[0]
        noun = obj
        if _is_collective(noun):
            inner = [p for c in _children(noun, "prep") if c.lower_ == "of" for p in _pobjs(c)]
            if inner:
                noun = inner[0]
        if _row_for(noun, "N") is not None:
            return noun
    return None


# ---------------------------------------------------------------- coding

class _Coder:
    def __init__(self, parsed: ParsedArticle, mentions: Mentions):
        self.parsed = parsed
        self.doc = parsed.doc
        self.ctx = ActorContext(mentions)
        self.places = mentions.places
        self.dateline = self._dateline()
        self.recent: list = []   # (sentence start token, type, source, target) of coded events
        self.recent_triggers: list = []   # (trigger lemma, type, source) of coded events, in order

    def _targets(self, toks, things: bool, exclude=None) -> list[Actor]:
        """Target actors for tokens: no dates or numbers, no trigger; an event noun stands for its actor."""
        keep = []
        for t in toks:
            if t is exclude or t.ent_type_ in ("DATE", "TIME", "ORDINAL", "PERCENT", "MONEY"):
                continue
            if t.ent_type_ == "CARDINAL" and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
                continue
            if _row_for(t, "N") is not None and t.lemma_.lower() not in actor_mod.roles():
                # "repelled five Ukrainian attacks": the attackers are the target
                keep_src = _noun_source(t, self.ctx)
                if keep_src:
                    return keep_src
                keep_src = _poss_or_self([t], self.ctx, False)  # "a meeting of the Security Council"
                if keep_src and keep_src[0].role != "other" or keep_src and self._named(keep_src[0]):
                    return keep_src
                continue
            if _in_dateline(t):
                continue
            keep.append(t)
        return _poss_or_self(keep, self.ctx, things)

    def _elided_target(self, trigger, typ, sources) -> list:
        """"X attacked on Sunday": the target of the same kind of act in the two sentences before."""
        names = {s.name for s in sources if s is not None}
        sent_starts = [s for s in self._sent_starts if s <= trigger.sent.start][-3:]
        for start, t, s, tgt in reversed(self.recent):
            if start not in sent_starts or t != typ or tgt is None or tgt.name in names:
                continue
            return [tgt]
        return []

    def _dateline(self) -> Optional[actor_mod.Mention]:
        head = text_of(self.doc)[:80]
        for i, m in sorted(self.ctx.mentions.items()):
            if m.kind != "PLACE":
                continue
            tok = self.doc[i]
            if tok.idx > 40:
                break
            rest = text_of(self.doc)[tok.idx:tok.idx + 60]
            if "(" in rest[:30] or "—" in rest[:30] or " - " in rest[:30] or head.strip().startswith(tok.text.upper()):
                return m
        return None

    # ---- triggers
    def code(self) -> list[Event]:
        events: list[Event] = []
        seen = set()
        sents = list(self.doc.sents)          # Doc.sents walks every token: once per article
        self._sent_starts = [s.start for s in sents]
        for sent in sents:
            for tok in sent:
                for ev in self._code_token(tok):
                    key = (ev.type, ev.source.name if ev.source else None, ev.target.name if ev.target else None,
                           ev.span)
                    if key not in seen:
                        seen.add(key)
                        events.append(ev)
        return events

    def _earlier_year(self, tok) -> bool:
        """The clause dates the act to an earlier year ("who rejected the 2016 peace deal"): background."""
        year = (self.parsed.article.date or "")[:4]
        if not year.isdigit():
            return False
        for t in tok.subtree:
            if t.ent_type_ != "DATE" or not (t.is_digit and len(t.text) == 4 and 1900 <= int(t.text) < int(year)):
                continue
            cur, nested = t, False
            while cur.i != tok.i and cur.head.i != cur.i:      # Tokens are fresh objects: compare indices
                if cur.dep_ in ("relcl", "ccomp", "advcl", "acl", "conj", "xcomp"):
                    nested = True
                    break
                cur = cur.head
            if not nested:
                return True
        return False

    def _code_token(self, tok) -> list[Event]:
        if tok.pos_ in ("VERB",) or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
            if tok.lemma_.lower() in words("light") and light_object(tok) is not None:
                return []  # coded through its object noun
            row = _row_for(tok, "V")
            if row is None or _blocked(tok) or self._earlier_year(tok):
                return []
            return self._verb_events(tok, row)
        if tok.pos_ in ("NOUN", "PROPN"):
            row = _row_for(tok, "N")
            if row is None:
                return []
            return self._noun_events(tok, row)
        return []

    def _internal_order(self, verb) -> Optional[list[Event]]:
        """"X ordered police/the army to ...": an order to one's own forces is not a REQUEST between actors;
        the ordered act is the event, with X as its source (MOBILIZE for the military, COERCE for police
        when the act itself is not a trigger).  None when the object is not a bare force noun."""
        objs = _children(verb, "dobj")
        if len(objs) != 1:
            return None
        obj = objs[0]
        role = actor_mod.roles().get(obj.lemma_.lower())
        if role not in ("military", "police") or any(c.dep_ not in ("det", "amod") for c in obj.children) or \
                any(c.dep_ == "amod" and (c.lower_ in actor_mod.demonyms() or self.ctx.mentions.get(c.i) is not None)
                    for c in obj.children) or self.ctx.mentions.get(obj.i) is not None:
            return None  # "ordered Ukraine's army", "ordered Russian troops": the forces of a named actor
        xcomps = _children(verb, "xcomp")
        if not xcomps:
            return None
        sources = _actors(_subjects(verb), self.ctx, things=False)
        if not sources:
            return []
        x = xcomps[0]
        xrow = _row_for(x, "V")
        if xrow is not None and not _negated(x):
            things = xrow["type"] in MATERIAL_TYPES
            targets = self._targets([t for d in _children(x, "dobj") for t in _conjuncts(d)], things, exclude=x)
            return self._emit(x, xrow, sources, targets or [None], trigger_verb=verb, untargeted=True)
        act = {"type": "MOBILIZE" if role == "military" else "COERCE", "mode": ""}
        return self._emit(verb, act, sources, [None], untargeted=True)

    def _verb_events(self, verb, row) -> list[Event]:
        typ = row["type"]
        if typ == "REQUEST" and verb.lemma_.lower() in words("order"):
            internal = self._internal_order(verb)
            if internal is not None:
                return internal
        if typ == "REQUEST" and not _children(verb, "dobj") and any(
                _children(x, "auxpass") and _negated(x) for x in _children(verb, "xcomp")):
            return []  # "a resident who asked not to be named"
        if typ == "CONCEDE" and verb.lemma_.lower() in words("rescue"):
            subj = {a.name for a in _actors(_subjects(verb), self.ctx, things=False)}
            if any(start == verb.sent.start and t == "ASSAULT" and s is not None and s.name in subj
                   for start, t, s, _ in self.recent):
                return []  # "stormed the prison, freeing inmates": part of the assault, not a concession
        things = typ in MATERIAL_TYPES
        preps = [p for p in (row.get("target_prep") or "").split("|") if p]
        if _is_passive(verb):
            if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
                target_toks = _conjuncts(verb.head)
            else:
                subj = _children(verb, "nsubjpass")
                before = [t for t in subj if t.i < verb.i]
                subj = before[-1:] or subj[:1]  # the one next to the verb ("ACLED, 3,300 people have been killed")
                target_toks = [t for s in subj for t in _conjuncts(s)]
            source_toks = _agent(verb)
            sources = _actors(source_toks, self.ctx, things=False)
            if not sources and source_toks:  # "killed in air strikes", "detained by the office"
                sources = [a for t in source_toks for a in _noun_source(t, self.ctx)]
            if not sources and verb.lemma_.lower() not in words("agentless"):
                return []  # agentless passives: only attacks and killings are worth coding without a source
            if not sources and _cumulative(verb):
                return []  # "420 soldiers killed since the invasion": a tally, not an event
        else:
            subj_toks = _subjects(verb)
            sources = _actors(subj_toks, self.ctx, things=False)
            if not sources and verb.lemma_.lower() in words("agentless") and subj_toks and all(
                    _row_for(t, "N") is not None and not any(
                        c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that") for c in t.children)
                    for t in subj_toks):
                sources = [None]  # "a drone attack killed 89 people": the attack's author is not said
            target_toks = []
            if (row["particle_or_prep"] or "").startswith("+"):
                # "closed its border with X", "sent troops to X": the object is part of the trigger
                objs = _children(verb, "dobj")
                target_toks = _prep_targets(verb, preps) or [t for o in objs for t in _prep_targets(o, preps)]
                if not target_toks:  # "granted Georgia candidate status": the named modifier of the object
                    target_toks = [c for o in objs for c in o.children if c.dep_ in ("compound", "poss")
                                   and c.pos_ == "PROPN" and self.ctx.mentions.get(c.i) is not None]
                if not sources:
                    return []
                targets = [t for t in self._targets(target_toks, things, exclude=verb)
                           if not any(s.name == t.name for s in sources)]  # "closed its border with its neighbor"
                return self._emit(verb, row, sources, targets or [None])
            for d in _children(verb, "dobj"):
                target_toks.extend(_conjuncts(d))
            if not target_toks or (preps and not self._targets(target_toks, things, exclude=verb)):
                # no object, or an object that is not an actor: "blamed the attacks on X"
                target_toks = _prep_targets(verb, preps + ([row["particle_or_prep"]] if row["particle_or_prep"] else [])) \
                    or target_toks
            if typ == "REJECT" and not self._targets(target_toks, False, exclude=verb):
                accuser = self._charge_author(verb)
                if accuser:
                    target_toks = accuser
            if not target_toks and typ in ("REJECT", "AGREE", "REQUEST"):
                for x in _children(verb, "xcomp"):  # "refused to cooperate with X", "refused to follow X's orders"
                    target_toks = _children(x, "dobj") or _prep_targets(x, ("with", "to", "on"))
            if not sources:
                return []
            if sources == [None] and not target_toks:
                return []
            if not target_toks and typ in ("THREATEN", "ACCUSE", "REQUEST"):
                # "warned that an Israeli offensive would ...": the clause's subject is the one warned
                for cc in _children(verb, "ccomp"):
                    target_toks = [t for t in _children(cc, "nsubj", "nsubjpass")
                                   if not (t.pos_ == "PRON" and t.lower_ in ("it", "we", "i", "they"))]
            if not target_toks:  # "shot down 44 of 50 missiles"
                target_toks = [c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "NUM"]
        targets = self._targets(target_toks, things, exclude=verb)
        if typ not in MATERIAL_TYPES:
            targets = [t for t in targets if t.role != "other" or t.country or self._named(t) or self._role_noun(t)]
            if not targets and sources:
                targets = self._anaphoric_targets(target_toks, sources)
            if not targets and typ == "PROTEST":
                targets = self._protest_site_owner(verb)
        events = self._emit(verb, row, sources or [None], targets or [None])
        events += self._accusation_inner(verb, row, sources)
        return events

    def _protest_site_owner(self, verb) -> list[Actor]:
        """"rallied outside the French embassy": a protest at a country's site is directed at that country."""
        for prep in _children(verb, "prep"):
            if prep.lower_ not in ("outside", "at", "before"):
                continue
            for p in _pobjs(prep):
                if p.pos_ != "NOUN" or self.ctx.mentions.get(p.i) is not None:
                    continue
                for c in p.children:
                    if c.dep_ == "amod" and c.lower_ in actor_mod.demonyms() and c.i < p.i:
                        d = actor_mod.demonyms()[c.lower_]
                        return [Actor(name=d[0], aliases=[c.text, d[0]], country=d[1] or None, role="government",
                                      span=(c.idx, c.idx + len(c.text)))]
        return []

    def _charge_author(self, verb) -> list:
        """"X said ..., a charge Y rejected": the rejected charge is the accusation of the clause this one
        hangs on; its target is that clause's speaker."""
        charges = [d for d in _children(verb, "dobj") if d.lemma_.lower() in words("charge")
                   and not any(c.dep_ in ("poss", "prep", "acl") for c in d.children)]
        cur = verb
        if not charges:
            if verb.dep_ != "relcl" or _children(verb, "dobj") or verb.head.lemma_.lower() not in words("charge") \
                    or any(c.dep_ in ("poss", "prep") for c in verb.head.children):
                return []
            cur = verb.head  # "..., a charge Y rejected"
        for _ in range(5):
            head = cur.head
            if head is cur:
                return []
            row = _row_for(head, "V")
            if head.lemma_.lower() in words("report") or (row is not None and row["type"] == "ACCUSE"):
                return _children(head, "nsubj")
            cur = head
        return []

    def _anaphoric_targets(self, target_toks, sources) -> list[Actor]:
        """"condemned the strikes", "called for a halt to the attacks": a definite event noun without its own
        author refers back to acts already coded in the article; its target is their author (the first coded,
        preferring the same trigger word)."""
        names = {s.name for s in sources if s is not None}
        for tok in target_toks:
            nouns = [tok] + [p for c in _children(tok, "prep") if c.lower_ in ("to", "of", "on") for p in _pobjs(c)]
            for n in nouns:
                nrow = _row_for(n, "N") if n.pos_ == "NOUN" else None
                if nrow is None or n.lemma_.lower() in actor_mod.roles() or not any(
                        c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in n.children):
                    continue
                if any(c.dep_ in ("poss", "amod", "compound", "prep", "acl", "relcl") for c in n.children):
                    continue  # "the Russian strikes", "the strikes on X": not a bare back-reference
                earlier = [(lem, s) for lem, t, s in self.recent_triggers
                           if t == nrow["type"] and s is not None and s.name not in names]
                same = [s for lem, s in earlier if lem == n.lemma_.lower()]
                pick = same[:1] or [s for _, s in earlier[:1]]
                if pick:
                    return pick
        return []

    def _role_noun(self, actor: Actor) -> bool:
        """The actor phrase is headed by a listed actor noun ("both sides", "the parties")."""
        span = self.doc.char_span(*actor.span, alignment_mode="expand") if actor.span else None
        return span is not None and len(span) > 0 and span.root.lemma_.lower() in actor_mod.roles()

    def _named(self, actor: Actor) -> bool:
        """The actor is (or stands for) a named entity or place of the article."""
        if actor.name in self.ctx.names:
            return True
        return actor.span is not None and any(
            self.ctx.mentions.get(t.i) is not None for t in self.doc.char_span(*actor.span, alignment_mode="expand") or [])

    def _accusation_inner(self, verb, row, sources) -> list[Event]:
        """"X accused Y of killing Z": also the act Y -> Z, claimed by X."""
        if row["type"] != "ACCUSE":
            return []
        out = []
        accused = _children(verb, "dobj")
        for prep in _children(verb, "prep"):
            if prep.lower_ not in ("of", "for"):
                continue
            for inner in _children(prep, "pcomp"):
                irow = _row_for(inner, "V")
                if irow is None or _negated(inner):
                    continue
                src = _actors(accused, self.ctx, things=False)
                tgt = _poss_or_self([t for d in _children(inner, "dobj") for t in _conjuncts(d)], self.ctx,
                                    irow["type"] in MATERIAL_TYPES)
                evs = self._emit(inner, irow, src or [None], tgt or [None])
                for e in evs:
                    e.claimed_by = sources[0].name if sources else None
                out.extend(evs)
        return out

    def _noun_events(self, noun, row) -> list[Event]:
        typ = row["type"]
        preps = [p for p in (row.get("target_prep") or "").split("|") if p]
        gov = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and _is_collective(noun.head.head):
            gov = noun.head.head
        head = gov.head
        weapon = row["mode"] in ("missile", "drone") or noun.lemma_.lower() in words("light_only")
        # 1. object of a light verb: "launched an attack on", "went on the offensive"
        on_prep = gov.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() == "go"
        if (gov.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in words("light")) or on_prep:
            verb = head.head if on_prep else head
            if _blocked(verb):
                return []
            if gov.dep_ == "nsubjpass":
                sources = _actors(_agent(verb), self.ctx, things=False)
            else:
                sources = _actors(_subjects(verb), self.ctx, things=False)
            sources = sources or _noun_source(noun, self.ctx)
            target_toks = _prep_targets(noun, preps) or _prep_targets(gov, preps) or \
                _prep_targets(verb, set(preps) | {"at", "on", "against"})
            targets = self._targets(target_toks, typ in MATERIAL_TYPES, exclude=noun)
            if not sources and not targets:
                return []
            return self._emit(noun, row, sources or [None], targets or [None], trigger_verb=verb)
        if weapon:
            return []
        if gov.dep_ == "dobj" and head.lemma_.lower() in words("counter"):
            if _blocked(head):
                return []
            sources = _noun_source(noun, self.ctx)
            targets = _actors(_subjects(head), self.ctx, things=False)
            if not targets or not sources:
                return []
            return self._emit(noun, row, sources or [None], targets, trigger_verb=head)
        # 2. reported as happening: "explosions erupted in Crimea", "with explosions reported in Kiev"
        happen = None
        if gov.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in words("happen"):
            happen = head
        else:
            for c in gov.children:
                if c.dep_ == "acl" and c.lemma_.lower() in words("happen"):
                    happen = c
        if happen is not None and _row_for(happen, "V") is not None and _children(happen, "dobj"):
            return []  # "missiles hit X": the verb is coded itself
        if happen is not None and gov.dep_ == "nsubj" and _children(happen, "dobj") and _row_for(happen, "V"):
            return []
        sources = _noun_source(noun, self.ctx)
        target_toks = _prep_targets(noun, preps)
        if happen is not None:
            if _blocked(happen) or (happen.dep_ != "acl" and _negated(happen)):
                return []
            if not target_toks:
                target_toks = [t for t in _prep_targets(happen, ("in", "at", "near", "on"))
                               if self.ctx.mentions.get(t.i) is not None]
            targets = self._targets(target_toks, True, exclude=noun)
            if not targets:
                return []
            return self._emit(noun, row, sources or [None], targets, trigger_verb=happen)
        # 3. the noun carries its own actors: "Russia's attack on Kyiv", "the arrest of X by Y"
        if noun.dep_ in ("nsubj", "nsubjpass") or _blocked(noun):
            return []
        targets = self._targets(target_toks, typ in MATERIAL_TYPES, exclude=noun)
        if not sources or (not targets and typ not in ("ASSAULT", "PROTEST", "MOBILIZE")):
            return []
        return self._emit(noun, row, sources, targets or [None])

    # ---- output
    def _emit(self, trigger, row, sources, targets, trigger_verb=None, untargeted=False) -> list[Event]:
        sent = trigger.sent
        place = self._place(trigger_verb or trigger, targets)
        date, inferred = resolve_date(sent.text, self.parsed.article.date,
                                      near=(trigger_verb or trigger).idx - sent.start_char)
        claimed = _claimed_by(trigger_verb or trigger, self.ctx)
        trig_text = trigger.text
        prt = [c for c in trigger.children if c.dep_ == "prt"]
        if prt:
            trig_text = f"{trigger.text} {prt[0].text}"
        typ = row["type"]
        if targets == [None] and typ in RECIPROCAL_TYPES and len([s for s in sources if s is not None]) >= 2:
            # "X and Y signed an agreement": one event, X -> Y
            pairs = [(sources[0], t) for t in sources[1:]]
            return self._emit_pairs(trigger, row, pairs, place, date, inferred, claimed, trig_text, sent)
        if targets == [None] and typ in SETTLING_TYPES:
            # "... ended when the rebels agreed to a ceasefire": with the attacker of the same sentence
            names = {s.name for s in sources if s is not None}
            for start, t, s, tgt in reversed(self.recent):
                if start == sent.start and t in ("ASSAULT", "COERCE") and s is not None and s.name not in names:
                    targets = [s]
                    break
        if typ in ("ASSAULT", "COERCE") and targets == [None] and not untargeted:
            targets = self._elided_target(trigger, typ, sources)
            if not targets:
                return []  # an attack on no one: nothing to code
        return self._emit_pairs(trigger, row, [(s, t) for s in sources[:4] for t in targets[:4]],
                                place, date, inferred, claimed, trig_text, sent)

    def _emit_pairs(self, trigger, row, pairs, place, date, inferred, claimed, trig_text, sent) -> list[Event]:
        typ = row["type"]
        out = []
        for s, t in pairs:
            if s is None and t is None:
                continue
            if s is None and t is not None and t.role == "other" and not self._named(t):
                continue  # "were killed": a victim too vague to code without a source
            if t is not None and t.role == "other" and t.name.lower().split()[-1:] and \
                    t.name.lower().split()[-1] in words("vague"):
                continue  # "hit targets"
            if s is not None and t is not None and s.name == t.name and s.span == t.span:
                continue
            self.recent.append((trigger.sent.start, typ, s, t))
            self.recent_triggers.append((trigger.lemma_.lower(), typ, s))
            out.append(Event(
                type=row["type"], source=s, target=t, mode=row.get("mode") or None,
                place=place.name if place is not None else None,
                place_detail=place.place if place is not None else None,
                date=date, date_inferred=inferred, claimed_by=claimed,
                trigger=trig_text, span=(trigger.idx, trigger.idx + len(trigger.text)),
                sentence=sent.text, sentence_span=(sent.start_char, sent.end_char)))
        return out

    def _place(self, anchor, targets) -> Optional[actor_mod.Mention]:
        for tok in anchor.subtree:
            if tok.dep_ == "prep" and tok.lower_ in PLACE_PREPS:
                for p in _pobjs(tok):
                    m = self.ctx.mentions.get(p.i)
                    if m is not None and m.kind == "PLACE":
                        return m
                    for c in p.subtree:  # "the capital Kiev", "the town of Kassala"
                        m = self.ctx.mentions.get(c.i)
                        if m is not None and m.kind == "PLACE":
                            return m
        for t in targets:
            if t is not None and t.span is not None:
                span = self.doc.char_span(*t.span, alignment_mode="expand")
                for tok in span or []:
                    m = self.ctx.mentions.get(tok.i)
                    if m is not None and m.kind == "PLACE" and m.feature != "country":
                        return m
        for tok in anchor.sent:
            if tok.dep_ == "prep" and tok.lower_ in PLACE_PREPS - {"on"}:
                for p in _pobjs(tok):
                    m = self.ctx.mentions.get(p.i)
                    if m is not None and m.kind == "PLACE":
                        return m
        return self.dateline


def extract_events(parsed: ParsedArticle, mentions: Mentions) -> list[Event]:
    return _Coder(parsed, mentions).code()
