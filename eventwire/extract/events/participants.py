"""Tokens the parse names as a role -> ``Actor``s, through the article's actor resolution.

``actors`` for sources, ``poss_or_self`` for targets ("Moscow's orders" stands for Moscow),
``noun_source`` for the author an event noun carries ("Russia's attack", "Russian strikes",
"attacks by X"), ``claimant`` for the speaker who reports the act.
"""
from __future__ import annotations

from typing import Optional

from eventwire.extract import actors as actor_mod
from eventwire.extract.actors import resolve as resolve_actor
from eventwire.extract.events.lexicon import lemma, row_for, words
from eventwire.extract.events.syntax import agent, children, in_dateline, pobjs
from eventwire.records import Actor


GROUP_NAMES = frozenset({"NORP", "ORG", "PERSON", "GPE"})   # spaCy labels of names that can act


def demonym_actor(tok, role: str) -> Optional[Actor]:
    """"Russian" -> Russia with ``role``, or None when the word is no demonym."""
    d = actor_mod.demonyms().get(tok.lower_)
    if d is None:
        return None
    return Actor(name=d[0], aliases=[tok.text, d[0]], country=d[1] or None, role=role,
                 span=(tok.idx, tok.idx + len(tok.text)))


def actors(tokens, ctx, *, things: bool) -> list[Actor]:
    out = []
    for t in tokens:
        if in_dateline(t):
            # the parser made the dateline the subject: its apposition after the dash is the real one
            later = [c for c in t.children if c.dep_ == "appos" and not in_dateline(c)]
            out.extend(actors(later, ctx, things=things))
            continue
        if t.pos_ == "NOUN" and row_for(t, "N") is not None and lemma(t) not in actor_mod.roles():
            out.extend(noun_source(t, ctx))  # "a drone attack killed ...": the attack's author, if any
            continue
        a = resolve_actor(t, ctx, allow_things=things)
        if a is None and t.pos_ == "PROPN" and t.ent_type_ in GROUP_NAMES:
            # a name the extractors left out ("Kurds", "the Houthis"): the group by its name
            a = resolve_actor(t, ctx, allow_things=True)
        if a is not None:
            out.append(a)
    return out


def poss_or_self(tokens, ctx, things: bool) -> list[Actor]:
    """Targets: the phrase itself when it is an actor, else its possessor ("Moscow's orders")."""
    out = []
    for t in tokens:
        a = resolve_actor(t, ctx, allow_things=False)
        if a is None:
            poss = children(t, "poss")
            if poss:
                a = resolve_actor(poss[0], ctx)
            else:
                for prep in children(t, "prep"):
                    if prep.lower_ in ("for", "of", "from", "by"):
                        objs = pobjs(prep)
                        if objs:
                            a = resolve_actor(objs[0], ctx)
                            break
                if a is None:  # "a deadline set by the bloc", "the proposal made by X": its author
                    for acl in children(t, "acl"):
                        if acl.tag_ == "VBN":
                            objs = agent(acl)
                            if objs:
                                a = resolve_actor(objs[0], ctx)
                                break
        if a is None:   # "rejected an Indian proposal", "a US offer": the proposal's author
            for c in t.children:
                if c.dep_ in ("amod", "compound", "nmod") and c.i < t.i:
                    a = demonym_actor(c, "government") if ctx.mentions.get(c.i) is None else resolve_actor(c, ctx)
                    if a is not None:
                        break
        if a is None and things:
            a = resolve_actor(t, ctx, allow_things=True)
        if a is not None:
            out.append(a)
    return out


def noun_source(noun, ctx) -> list[Actor]:
    """Actors carried by an event noun: "Russia's attack", "Russian strikes", "a regime airstrike",
    "attacks by X"."""
    for c in noun.children:
        if c.dep_ == "poss":
            a = resolve_actor(c, ctx)
            if a is not None:
                return [a]
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i:
            weapon = row_for(c, "N")
            if weapon is not None and weapon["mode"] in ("missile", "drone"):
                continue  # "a drone attack": the weapon, not who used it
            a = resolve_actor(c, ctx)
            if a is None:
                a = demonym_actor(c, "military")
            if a is None and lemma(c) in actor_mod.roles():
                a = Actor(name=c.text, aliases=[c.text], role=actor_mod.roles()[lemma(c)],
                          span=(c.idx, c.idx + len(c.text)))
            if a is None and c.dep_ == "compound":  # "an Israeli ground offensive"
                for g in c.children:
                    if g.dep_ == "amod":
                        a = demonym_actor(g, "military")
                        if a is not None:
                            break
            if a is not None:
                return [a]
    return actors(agent(noun), ctx, things=False)


def claimant(tok, ctx) -> Optional[Actor]:
    """The speaker who reports the act: "X said ...", "according to X"."""
    cur = tok
    for _ in range(6):
        head = cur.head
        if head.i == cur.i:
            break
        if lemma(head) in words("report") and cur.dep_ in ("ccomp", "conj", "parataxis"):
            subj = children(head, "nsubj")
            return resolve_actor(subj[0], ctx) if subj else None
        cur = head
    root = tok.sent.root
    for c in root.children:   # "X will do Y, Z said": the report verb hangs on the clause it reports
        if c.dep_ in ("conj", "parataxis") and c.i > tok.i and lemma(c) in words("report"):
            subj = children(c, "nsubj")
            if subj:
                return resolve_actor(subj[0], ctx)
    for t in tok.sent:
        if t.lower_ == "according" and t.i + 1 < len(tok.doc) and tok.doc[t.i + 1].lower_ == "to":
            objs = pobjs(tok.doc[t.i + 1])
            if objs:
                a = resolve_actor(objs[0], ctx)
                if a is not None:
                    return a
    return None


def speaks_for(speaker: Optional[Actor], actor: Optional[Actor]) -> bool:
    """The speaker is the actor, one of its people ("Norland's foreign minister" for Norland), or names it."""
    if speaker is None or actor is None:
        return False
    if speaker.name == actor.name or actor.name in speaker.aliases or speaker.name in actor.aliases:
        return True
    if speaker.country and speaker.country == actor.country:
        return True
    said_by = " ".join([speaker.name, *speaker.aliases]).lower()
    if actor.name.lower() in said_by:
        return True
    # "Portugal ..., the Portuguese president said": a demonym of the actor's country in the speaker's phrase
    return any(actor_mod.demonyms().get(w, ("",))[0] == actor.name for w in said_by.replace("'s", "").split())
