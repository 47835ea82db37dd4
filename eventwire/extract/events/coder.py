"""``_Coder``: the driver.  For each sentence: candidates -> type -> actors -> place and date.

* candidates: lexicon verbs and event nouns (``lexicon.row_for``); a light verb is coded through its
  object noun;
* type: the lexicon row's; a sentence whose lexicon verbs name no actor in their own frames is coded
  through the clause's actors when the type model agrees (``frameless_events``); a sentence with no
  lexicon event at all may get the type model's type (``proposed_events``);
* actors: the plain reading of the parse (subject -> source, object or lexicon preposition -> target,
  passive agent -> source), with the exceptions in ``rules.py`` asked stage by stage;
* place and date: the nearest place phrase of the trigger, a place inside the target, any place
  phrase of the sentence, the dateline; the date expression nearest the trigger.
"""
from __future__ import annotations

from typing import Optional

from eventwire.config import switch
from eventwire.extract.actors import ActorContext
from eventwire.extract.dates import resolve as resolve_date
from eventwire.extract.events.lexicon import (MATERIAL_TYPES, OBLIGATION, intent_row, lemma, refusal_row, row_for,
                                              target_preps, words)
from eventwire.extract.events.participants import (actors, claimant, enrich, noun_source, poss_or_self, same_actor,
                                                   speaks_for)
from eventwire.extract.events.rules import first_answer, rules
from eventwire.extract.events.typer import type_model
from eventwire.extract.events.syntax import (PLACE_PREPS, agent, block_reason, blocked, children, conditional, conjuncts,
                                             cumulative, in_dateline, is_definite, is_passive, light_object, negated, pobjs,
                                             prep_targets, reported_by, subjects)
from eventwire.extract.mentions import Mention, Mentions
from eventwire.extract.wordclasses import actor_roles
from eventwire.nlp import ParsedArticle
from eventwire.nlp.pipeline import text_of
from eventwire.records import Actor, Event


USE_TYPE_MODEL = True    # the learned type proposals for sentences without a lexicon event (typer.py)
TYPE_MODEL_ENV = "EVENTWIRE_EVENT_TYPE_MODEL"   # "off": the lexicon alone (to measure the model's share)
# "frameless": the least probability the type model must give a lexicon verb's type before the verb,
# whose own frame named no actor, is coded with the clause's actors (chosen on the development splits)
FRAMELESS_MIN_PROBABILITY = 0.4
GATHERINGS = frozenset({"PROTEST", "CONSULT"})   # event nouns that are also the people gathered


def _vague(actor: Actor) -> bool:
    last = actor.name.lower().split()[-1:]
    return actor.role == "other" and bool(last) and last[0] in words("vague")


SPOKEN_TYPES = frozenset({"ACCUSE"})   # said of someone, not done somewhere
STRUCK_TYPES = frozenset({"ASSAULT"})   # what an attack hits is its target: "attacked an army base in Mali"
PARTY_PREPS = frozenset({"to", "for", "with", "from", "against", "on", "in", "into", "at", "toward", "towards"})
CIRCUMSTANCE_PREPS = frozenset({"during", "amid", "despite", "like", "as", "since", "until"})
CLAUSE_DEPS = frozenset({"relcl", "ccomp", "advcl", "acl", "csubj", "parataxis"})


def _party_phrase(prep, anchor) -> bool:
    """``prep`` hangs on the act itself or on its object ("provide aid for X", "suspension of links with X"),
    not inside a subordinate clause or a phrase of circumstance ("during a demonstration in X")."""
    cur = prep.head
    while cur.i != anchor.i and cur.head.i != cur.i:
        if cur.dep_ in CLAUSE_DEPS or (cur.dep_ == "pobj" and cur.head.lower_ in CIRCUMSTANCE_PREPS):
            return False
        cur = cur.head
    return cur.i == anchor.i


def _is_sides_phrase(head) -> bool:
    return head is not None and lemma(head) in words("sides_noun") and head.tag_ in ("NNS", "NNPS", "NN") and any(
        c.dep_ in ("det", "nummod", "amod", "predet") and c.lower_ in words("sides_modifier") for c in head.children)


class _Coder:
    def __init__(self, parsed: ParsedArticle, mentions: Mentions):
        self.parsed = parsed
        self.doc = parsed.doc
        self.ctx = ActorContext(mentions)
        self.places = mentions.places
        self.dateline = self._dateline()
        self.recent: list = []   # (sentence start token, type, source, target) of coded events
        self.recent_triggers: list = []   # (trigger lemma, type, source) of coded events, in order
        self.claims: list = []   # (sentence start token, actor) of accusers and of speakers of coded acts
        self.sent_starts: list[int] = []
        self.use_type_model = switch(TYPE_MODEL_ENV, USE_TYPE_MODEL)
        self.actorless: set[int] = set()   # lexicon verbs whose own frame named no actor (frameless_events)

    # ---- the driver
    def code(self) -> list[Event]:
        events: list[Event] = []
        seen = set()
        sents = list(self.doc.sents)          # Doc.sents walks every token: once per article
        self.sent_starts = [s.start for s in sents]
        for sent in sents:
            cands = list(self.candidates(sent))
            found = [ev for tok, row, pos in cands
                     for ev in (self.verb_events(tok, row) if pos == "V" else self.noun_events(tok, row))]
            if not found and self.use_type_model:
                probs = type_model().probabilities(sent)
                found = self.frameless_events(sent, cands, probs) or \
                    self.proposed_events(sent, {row["type"] for _, row, _ in cands}, probs)
            for ev in found:
                key = (ev.type, ev.source.name if ev.source else None, ev.target.name if ev.target else None, ev.span)
                if key not in seen:
                    seen.add(key)
                    events.append(ev)
        return events

    def frameless_events(self, sent, cands, probs) -> list[Event]:
        """"Hundreds of fighters were demobilized in Tarvik": "demobilized" found no actor in its own frame
        (no subject or agent that is an actor; not a tally, a skip rule or an unstated intention, which
        decline a phrase on purpose). Such a plain lexicon verb (not a stated intention, refusal,
        obligation or background act) is coded with the clause's actors and named object, but only when
        the type model, reading the whole sentence, gives its type at least ``FRAMELESS_MIN_PROBABILITY``:
        two independent signals for one event."""
        model = type_model()
        for tok, row, pos in cands:
            if tok.i not in self.actorless or row is OBLIGATION or row.get("frame") in ("intent", "refusal") \
                    or row.get("background"):
                continue   # only a frame that found nobody: not a phrase a rule chose to leave uncoded
            if row["type"] not in model.classes or probs[model.classes.index(row["type"])] < FRAMELESS_MIN_PROBABILITY:
                continue
            found = self._sentence_actors_event(sent, tok, row)
            if found:
                return found
        return []

    def proposed_events(self, sent, lexicon_types=frozenset(), probs=None) -> list[Event]:
        """A sentence without a lexicon event: the type model may name its type; the word that supports
        that type most is the trigger, and the dependency rules assign the actors as for a lexicon row.
        A type the lexicon found a trigger for but could not code stays uncoded (its rules have spoken)."""
        model = type_model()
        proposal = model.propose(sent, probs)
        if proposal is None or proposal[0] in lexicon_types or self._earlier_year(sent.root):
            return []
        typ = proposal[0]
        def open_word(t) -> bool:   # not a lexicon trigger the rules left out, not blocked, not background
            return row_for(t, "V" if t.pos_ == "VERB" else "N") is None and not blocked(t) and not self._earlier_year(t)
        verbs = [t for t in sent if t.pos_ == "VERB" and lemma(t) not in words("report") and open_word(t)]
        nouns = [t for t in sent if t.pos_ == "NOUN" and lemma(t) not in actor_roles() and open_word(t)]
        best = max(verbs, key=lambda t: model.support(t, typ), default=None)
        if best is None or model.support(best, typ) <= 0:
            best = max(nouns, key=lambda t: model.support(t, typ), default=None)
        if best is None or model.support(best, typ) <= 0:
            return []
        row = {"lemma": lemma(best), "particle_or_prep": "", "pos": "V" if best.pos_ == "VERB" else "N",
               "type": typ, "mode": "", "target_prep": "", "frame": "proposed"}
        found = self.verb_events(best, row) if best.pos_ == "VERB" else self.noun_events(best, row)
        return found or self._sentence_actors_event(sent, best, row)

    def _sentence_actors_event(self, sent, trigger, row) -> list[Event]:
        """A proposed type whose trigger's frame names no actor: the clause subject as source and the first
        named object or place of the sentence as target ("weapons were seized in Tarvik": -> Tarvik)."""
        root = sent.root
        reported = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")] if lemma(root) in words("report") \
            else []
        clause = reported[0] if reported else root   # "X did Y, the ministry said": the clause reported
        sources = actors(subjects(clause), self.ctx, things=False) if clause.pos_ in ("VERB", "AUX") else []
        speaker = claimant(clause, self.ctx)
        sources = [a for a in sources if speaker is None or a.name != speaker.name]
        targets = []
        for t in sent:
            m = self.ctx.mentions.get(t.i)
            if m is None or t.dep_ not in ("dobj", "pobj") or any(s.name == m.name for s in sources):
                continue
            if (speaker is not None and m.name == speaker.name) or \
                    (t.head.lower_ == "to" and t.head.head.lower_ == "according"):
                continue  # the speaker, "according to X"
            targets = self.targets([t], row["type"] in MATERIAL_TYPES)
            if targets:
                break
        if not sources and not targets:
            return []
        return self.emit(trigger, row, sources[:1] or [None], targets[:1] or [None], untargeted=True)

    def candidates(self, sent):
        """(token, lexicon row, "V" | "N") for every trigger of the sentence, in text order.  A stated
        intention or a reported obligation is a candidate of its own (``intent_row``, ``OBLIGATION``)."""
        for tok in sent:
            if tok.pos_ == "AUX" and tok.dep_ in ("ccomp", "parataxis") and reported_by(tok) is not None and \
                    (block_reason(tok) or "").split(":")[-1] in words("obligation"):
                yield tok, OBLIGATION, "V"   # "X said Y must be ready to ..."
                continue
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
                if lemma(tok) in words("light") and light_object(tok) is not None:
                    continue  # coded through its object noun
                row = row_for(tok, "V")
                why = block_reason(tok)
                if why == "background" and row is not None:
                    yield tok, dict(row, background=True), "V"
                    continue
                if why is not None:
                    if (why == "negated" and row is not None and negated(tok) and lemma(tok) in words("refusal")) or \
                            (why == "control:fail" and row is not None and row["type"] == "AGREE"):
                        yield tok, refusal_row(row), "V"   # "will not accept the plan", "failed to agree": a refusal
                    elif why.split(":")[-1] in words("obligation") and reported_by(tok) is not None:
                        yield tok, OBLIGATION, "V"
                    elif row is not None and why.split(":")[-1] in words("intent"):
                        intent = intent_row(row)
                        if intent is not None:
                            yield tok, intent, "V"
                        if self._stated_future(tok, why):
                            yield tok, dict(row, mode=row.get("mode") or "future"), "V"
                    continue
                if row is not None:
                    yield tok, (dict(row, background=True) if self._earlier_year(tok) else row), "V"
            elif tok.pos_ in ("NOUN", "PROPN"):
                row = row_for(tok, "N")
                if row is not None:
                    yield tok, row, "N"

    @staticmethod
    def _stated_future(verb, why: str) -> bool:
        """A plain statement of what the actor will do ("Norland will withdraw its envoy", "Sudria announced it
        would close the border"): PLOVER codes the act itself, beside the stated intention; not "could", "may",
        nor a plan or a hope.  "would" only in a reported clause (the reported "will"), not in a condition."""
        if any(c.dep_ == "advcl" and conditional(c) for c in verb.children):
            return False   # "if the talks fail, X will attack Y": a condition
        if why in ("modal:will", "modal:shall"):
            return True
        if why != "modal:would":
            return False
        cur = verb
        while cur.dep_ == "conj" and cur.head.i != cur.i:
            cur = cur.head
        return reported_by(cur) is not None

    def verb_events(self, verb, row) -> list[Event]:
        typ = row["type"]
        instead = first_answer("instead", typ, self, verb, row)
        if instead is not None:
            return instead
        if any(r.fn(self, verb, row) for r in rules("skip", typ)):
            return []
        roles = self._verb_roles(verb, row)
        if roles is None:
            return []
        sources, target_toks, passive = roles
        if not passive:
            for r in rules("target_tokens", typ):
                found = r.fn(self, verb, row, target_toks)
                if found is not None:
                    target_toks = found
            if not sources or (sources == [None] and not target_toks):
                self.actorless.add(verb.i)
                return []
        targets = self.targets(target_toks, typ in MATERIAL_TYPES, exclude=verb)
        def is_source(t):
            return any(same_actor(enrich(s), enrich(t)) for s in sources)
        if targets and all(is_source(t) for t in targets):
            # never X -> X: "Norland offered its troops to Sudria" is to Sudria
            targets = [t for t in self.targets(prep_targets(verb, ("to", "with", "for", "against")),
                                               typ in MATERIAL_TYPES, exclude=verb) if not is_source(t)]
        if typ not in MATERIAL_TYPES:
            targets = [t for t in targets if t.role != "other" or t.country or self.named(t) or self._role_noun(t)]
            for r in rules("targets", typ):
                if targets:
                    break
                targets = r.fn(self, verb, row, sources, target_toks)
        if row.get("frame") == "intent" and not self.intent_stated(verb, sources, targets, row):
            return []
        events = self.emit(verb, row, sources or [None], targets or [None])
        for r in rules("more", typ):
            events += r.fn(self, verb, row, sources)
        return events

    def noun_events(self, noun, row) -> list[Event]:
        return first_answer("noun", row["type"], self, noun, row) or []

    def intent_stated(self, verb, sources, targets, row=None) -> bool:
        """A stated intention is coded when the actor itself says it, toward a named party; a meeting or visit
        to come ("X will visit Y in June") is agreed by both sides, whoever reports it."""
        if row is not None and row.get("intent_of") == "CONSULT" and targets and any(s is not None for s in sources):
            return True
        return bool(targets) and any(speaks_for(claimant(verb, self.ctx), s) for s in sources)

    # ---- actors
    def passive(self, verb) -> bool:
        return is_passive(verb)

    def sources(self, verb) -> list:
        """Sources of an active verb; ``[None]`` for "a drone attack killed 89 people" (the attack's
        author is not said)."""
        subj_toks = subjects(verb)
        found = actors(subj_toks, self.ctx, things=False)
        if not found and self.agentless(verb) and subj_toks and all(
                (row_for(t, "N") is not None or lemma(t) in words("munition")) and not is_definite(t)
                for t in subj_toks):
            return [None]   # "a bomb went off": no author either
        return found

    @staticmethod
    def agentless(verb) -> bool:
        """An act worth coding without its author: "were killed", "were arrested", "a bomb went off"."""
        return lemma(verb) in words("agentless") or lemma(verb) in words("unattributed")

    def protesters(self, verb, row) -> list:
        """Whoever protests is the protest's source, a group the actor list does not name included
        ("Algerian landowners marched", "landowners began a hunger strike"); a plural of people, not "the convoy"."""
        if row["type"] != "PROTEST":
            return []
        return [a for a in actors(subjects(verb), self.ctx, things=True)
                if self._head(a) is not None and self._head(a).tag_ in ("NNS", "NNPS")]   # people, not "the convoy"

    def _verb_roles(self, verb, row) -> Optional[tuple[list, list, bool]]:
        """(sources, target tokens, passive) by the plain reading, or None when there is no event."""
        if is_passive(verb):
            if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
                target_toks = conjuncts(verb.head)
            else:
                subj = children(verb, "nsubjpass")
                before = [t for t in subj if t.i < verb.i]
                subj = before[-1:] or subj[:1]  # the one next to the verb ("ACLED, 3,300 people have been killed")
                target_toks = [t for s in subj for t in conjuncts(s)]
                if target_toks and all(lemma(t) in words("munition") for t in target_toks):
                    # "shells were dropped on the village": what is hit, not what is fired
                    target_toks = prep_targets(verb, ("on", "at", "into", "against"))
            source_toks = agent(verb)
            sources = actors(source_toks, self.ctx, things=False)
            if not sources and source_toks:  # "killed in air strikes", "detained by the office"
                sources = [a for t in source_toks for a in noun_source(t, self.ctx)]
            if not sources:  # "killed in Norland shelling": the author of the act it happened in
                sources = [a for t in prep_targets(verb, ("in", "during")) if row_for(t, "N") is not None
                           and row_for(t, "N")["type"] == "ASSAULT" for a in noun_source(t, self.ctx)][:1]
            if not sources and not self.agentless(verb):
                self.actorless.add(verb.i)
                return None  # only attacks, killings, arrests and the like are worth coding without a source
            if not sources and cumulative(verb):
                return None  # "420 soldiers killed since the invasion": a tally, not an event
            if not sources and row["type"] == "ASSAULT":
                sources = self.attacker_nearby(verb)
            return sources, target_toks, True
        sources = self.sources(verb) or self.protesters(verb, row)
        things = row["type"] in MATERIAL_TYPES
        preps = target_preps(row)
        target_toks = [t for d in children(verb, "dobj") for t in conjuncts(d)]
        if not target_toks or (preps and not self.targets(target_toks, things, exclude=verb)):
            # no object, or an object that is not an actor: "blamed the attacks on X"
            target_toks = prep_targets(verb, preps + ([row["particle_or_prep"]] if row["particle_or_prep"] else [])) \
                or target_toks
        return sources, target_toks, False

    def expand_sides(self, found: list) -> list:
        """"both sides", "the warring parties", "the two countries": the two named sides of the article's last
        fight (or its last two named actors); the phrase itself when the article has not named them."""
        out = []
        for a in found:
            head = self._head(a)
            sides = self._named_sides() if head is not None and _is_sides_phrase(head) else []
            out.extend(sides or [a])
        return out

    def _head(self, actor: Optional[Actor]):
        if actor is None or actor.span is None:
            return None
        span = self.doc.char_span(*actor.span, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def _named_sides(self) -> list[Actor]:
        for _, typ, s, t in reversed(self.recent):
            if typ in ("ASSAULT", "COERCE") and s is not None and t is not None and s.name != t.name \
                    and self.named(s) and self.named(t):
                return [s, t]
        seen: dict[str, Actor] = {}
        for _, _, s, t in reversed(self.recent):
            for a in (s, t):
                if a is not None and self.named(a) and a.name not in seen and not _is_sides_phrase(self._head(a)):
                    seen[a.name] = a
            if len(seen) >= 2:
                return list(seen.values())[:2]
        return []

    def attacker_nearby(self, verb) -> list[Actor]:
        """The attacker of an agentless attack: the source of an attack coded in the same sentence or the
        one before ("Norland shelled Tarvik. Three people were killed."); none otherwise."""
        start = verb.sent.start
        before = [s for s in self.sent_starts if s < start][-1:]
        for sent_start, typ, src, _ in reversed(self.recent):
            if typ == "ASSAULT" and src is not None and (sent_start == start or sent_start in before):
                return [src]
        return []

    def targets(self, toks, things: bool, exclude=None) -> list[Actor]:
        """Target actors for tokens: no dates or numbers, no trigger; an event noun stands for its actor."""
        keep = []
        for t in toks:
            if t is exclude or t.ent_type_ in ("DATE", "TIME", "ORDINAL", "PERCENT", "MONEY"):
                continue
            if t.ent_type_ == "CARDINAL" and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
                continue
            nrow = row_for(t, "N")
            if nrow is not None and lemma(t) not in actor_roles() and \
                    not (things and nrow["type"] in GATHERINGS):
                # "repelled five Ukrainian attacks": the attackers are the target (but "attacked a rally":
                # the gathering itself)
                keep_src = noun_source(t, self.ctx)
                if keep_src:
                    return keep_src
                keep_src = poss_or_self([t], self.ctx, False)  # "a meeting of the Security Council"
                if keep_src and keep_src[0].role != "other" or keep_src and self.named(keep_src[0]):
                    return keep_src
                continue
            if in_dateline(t):
                continue
            keep.append(t)
        return poss_or_self(keep, self.ctx, things)

    def _role_noun(self, actor: Actor) -> bool:
        """The actor phrase is headed by a listed actor noun ("both sides", "the parties")."""
        span = self.doc.char_span(*actor.span, alignment_mode="expand") if actor.span else None
        return span is not None and len(span) > 0 and lemma(span.root) in actor_roles()

    def named(self, actor: Actor) -> bool:
        """The actor is (or stands for) a named entity or place of the article."""
        if actor.name in self.ctx.names:
            return True
        return actor.span is not None and any(
            self.ctx.mentions.get(t.i) is not None for t in self.doc.char_span(*actor.span, alignment_mode="expand") or [])

    # ---- background
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

    def _background_noun(self, trigger) -> bool:
        """"since the invasion", "before the 2014 annexation": an event noun stating an earlier act."""
        if trigger.pos_ not in ("NOUN", "PROPN"):
            return False
        return (trigger.dep_ == "pobj" and trigger.head.lower_ in words("background")) or self._earlier_year(trigger)

    # ---- output
    def emit(self, trigger, row, sources, targets, trigger_verb=None, untargeted=False) -> list[Event]:
        """Events trigger -> each (source, target) pair, with place, date and claimant."""
        sent = trigger.sent
        anchor = trigger_verb or trigger
        place = self._place(anchor, targets)
        date, inferred = resolve_date(sent.text, self.parsed.article.date, near=anchor.idx - sent.start_char)
        speaker = claimant(anchor, self.ctx)
        claimed = speaker.name if speaker is not None else None
        background = bool(row.get("background")) or self._background_noun(trigger)
        trig_text = trigger.text
        prt = [c for c in trigger.children if c.dep_ == "prt"]
        if prt:
            trig_text = f"{trigger.text} {prt[0].text}"
        sources = [enrich(a) for a in self.expand_sides(sources)]
        targets = [enrich(a) for a in self.expand_sides(targets)]
        if all(t is None or self._munition(t) or (self._thing(t) and row["type"] not in STRUCK_TYPES)
               for t in targets):
            # "suspended aid deliveries in Baghdad", "provide aid for Romania": the party named, not the thing
            targets = self.named_party(anchor, sources, speaker, places=row["type"] not in SPOKEN_TYPES) or targets
        pairs = None
        if targets == [None]:
            pairs = first_answer("untargeted", row["type"], self, trigger, row, sources, untargeted)
        if pairs is None:
            pairs = [(s, t) for s in sources[:4] for t in targets[:4]]
        out = []
        located = place is not None and place is not self.dateline
        for s, t in pairs:
            if not self._codable(s, t, located):
                continue
            self.recent.append((sent.start, row["type"], s, t))
            if row["type"] == "ACCUSE" and s is not None:
                self.claims.append((sent.start, s))
            elif speaker is not None:
                self.claims.append((sent.start, speaker))
            self.recent_triggers.append((lemma(trigger), row["type"], s))
            out.append(Event(
                type=row["type"], source=s, target=t, mode=row.get("mode") or None,
                place=place.name if place is not None else None,
                place_detail=place.place if place is not None else None,
                date=date, date_inferred=inferred, claimed_by=claimed, background=background,
                trigger=trig_text, span=(trigger.idx, trigger.idx + len(trigger.text)),
                sentence=sent.text, sentence_span=(sent.start_char, sent.end_char)))
        return out

    def _thing(self, actor: Actor) -> bool:
        """An object noun, not a party: "aid deliveries", "emergency measures"."""
        return not actor.country and not self.named(actor) and not self._role_noun(actor)

    def _munition(self, actor: Actor) -> bool:
        """What is fired, not what is hit: "fired shell bombs at Jericho"."""
        head = self._head(actor)
        return head is not None and lemma(head) in words("munition")

    def named_party(self, anchor, sources, speaker, places: bool = True) -> list[Actor]:
        """The first named entity, place or people in a party phrase of the act's own clause ("to Macedonia", "with
        Serbia", "from the OSCE", "in Montenegro"), neither a source nor the one who reports it."""
        for tok in anchor.subtree:
            if tok.dep_ not in ("prep", "dative") or tok.lower_ not in PARTY_PREPS or not _party_phrase(tok, anchor):
                continue
            if not places and tok.lower_ in PLACE_PREPS:
                continue   # "blamed the arson for the blackout in Kosovo": an accusation is against a party, not a place
            found = [a for a in self.targets(pobjs(tok), True, exclude=anchor)
                     if (self.named(a) or a.country) and not any(same_actor(enrich(s), enrich(a)) for s in sources)
                     and not (speaker is not None and same_actor(speaker, a))]
            if found:
                return [enrich(a) for a in found]
        return []

    def _codable(self, s: Optional[Actor], t: Optional[Actor], located: bool = False) -> bool:
        if s is None and t is None:
            return False
        if s is None and t is not None and t.role == "other" and not self.named(t) and not located:
            # "were killed": a victim too vague to code without a source, unless the sentence names where
            # ("two men were shot dead in Kandahar" is an event of Kandahar)
            return False
        if t is not None and _vague(t):
            return False  # "hit targets" (with no place named)
        if same_actor(s, t):
            return False  # never X -> X
        return True

    def place_of(self, trigger) -> Optional[Actor]:
        """The place phrase governed by the trigger ("an offensive in Tarvik") or by the light verb it is the
        object of ("launched an offensive in Tarvik"), as a target actor."""
        heads = {trigger.i} | ({trigger.head.i} if trigger.dep_ in ("dobj", "nsubjpass") else set())
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "on":   # "remained on alert in Tarvik"
            heads.add(trigger.head.head.i)
        for tok in trigger.sent:
            if tok.dep_ == "prep" and tok.lower_ in PLACE_PREPS and tok.head.i in heads:
                for p in pobjs(tok):
                    m = self.ctx.mentions.get(p.i)
                    if m is not None and m.type == "PLACE":
                        return Actor(name=m.name, aliases=list(dict.fromkeys([m.name, *m.aliases])),
                                     country=m.country, role="other", span=(p.idx, p.idx + len(p.text)))
        return None

    def _place(self, anchor, targets) -> Optional[Mention]:
        for tok in anchor.subtree:
            if tok.dep_ == "prep" and tok.lower_ in PLACE_PREPS:
                for p in pobjs(tok):
                    m = self.ctx.mentions.get(p.i)
                    if m is not None and m.type == "PLACE":
                        return m
                    for c in p.subtree:  # "the capital Kiev", "the town of Kassala"
                        m = self.ctx.mentions.get(c.i)
                        if m is not None and m.type == "PLACE":
                            return m
        for t in targets:
            if t is not None and t.span is not None:
                span = self.doc.char_span(*t.span, alignment_mode="expand")
                for tok in span or []:
                    m = self.ctx.mentions.get(tok.i)
                    if m is not None and m.type == "PLACE" and m.feature != "country":
                        return m
        for tok in anchor.sent:
            if tok.dep_ == "prep" and tok.lower_ in PLACE_PREPS - {"on"}:
                for p in pobjs(tok):
                    m = self.ctx.mentions.get(p.i)
                    if m is not None and m.type == "PLACE":
                        return m
        return self.dateline

    def _dateline(self) -> Optional[Mention]:
        head = text_of(self.doc)[:80]
        for i, m in sorted(self.ctx.mentions.items()):
            if m.type != "PLACE":
                continue
            tok = self.doc[i]
            if tok.idx > 40:
                break
            rest = text_of(self.doc)[tok.idx:tok.idx + 60]
            if "(" in rest[:30] or "—" in rest[:30] or " - " in rest[:30] or head.strip().startswith(tok.text.upper()):
                return m
        return None


def extract_events(parsed: ParsedArticle, mentions: Mentions) -> list[Event]:
    return _Coder(parsed, mentions).code()
