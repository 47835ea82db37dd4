"""Tokens the parse names as a role -> ``Actor``s, through the article's actor resolution.

``actors`` for sources, ``poss_or_self`` for targets ("Moscow's orders" stands for Moscow),
``noun_source`` for the author an event noun carries ("Russia's attack", "Russian strikes",
"attacks by X"), ``claimant`` for the speaker who reports the act.
"""
from __future__ import annotations

import dataclasses
from typing import Optional

from eventwire.extract.actors import resolve as resolve_actor
from eventwire.extract.events.lexicon import lemma, row_for, words
from eventwire.extract.events.syntax import agent, children, in_dateline, pobjs
from eventwire.extract.wordclasses import actor_roles, demonyms
from eventwire.records import Actor


GROUP_NAMES = frozenset({"NORP", "ORG", "PERSON", "GPE"})   # spaCy labels of names that can act


def demonym_actor(tok, role: str) -> Optional[Actor]:
    """"Russian" -> Russia with ``role``, or None when the word is no demonym."""
    d = demonyms().get(tok.lower_)
    if d is None:
        return None
    return Actor(name=d[0], aliases=[tok.text, d[0]], country=d[1] or None, role=role,
                 span=(tok.idx, tok.idx + len(tok.text)))


def enrich(actor: Optional[Actor]) -> Optional[Actor]:
    """Give an actor the country and sector its own words state: "Russian Defense Ministry" -> Russia,
    government; "Myanmar Royal Dragon Army" -> Myanmar, military; a country acting is its government."""
    if actor is None:
        return None
    words_ = [w.strip(".,'’").lower() for phrase in [actor.name, *actor.aliases] for w in phrase.replace("’s", " ").split()]
    if any(a == "armed" and b in words("armed_group") for a, b in zip(words_, words_[1:])) and actor.role != "rebels":
        # "Palestinian armed groups" are not the Palestinian government ("armed forces" are not listed)
        return dataclasses.replace(actor, role="rebels")
    if actor.country and actor.role not in (None, "other"):
        return actor
    country, role = actor.country, actor.role
    if not country:
        for w in words_:
            d = demonyms().get(w)
            if d and d[1]:
                country = d[1]
                break
    if role in (None, "other"):
        heads = [p.replace("’s", " ").split()[-1].strip(".,'’").lower() for p in [actor.name, *actor.aliases] if p.split()]
        found = [actor_roles().get(w) for w in heads]   # the head noun: "military intelligence" is no military
        found = [r for r in found if r and r != "other"]
        if found:
            role = found[0]
        elif actor.name.lower() in demonyms() and demonyms()[actor.name.lower()][0] == actor.name:
            role = "government"   # "Norland said ...": the country as an actor
    if (country, role) == (actor.country, actor.role):
        return actor
    return dataclasses.replace(actor, country=country, role=role)


STATE_ROLES = frozenset({None, "other", "government", "military", "police"})   # a country acting, by any arm


def same_actor(a: Optional[Actor], b: Optional[Actor]) -> bool:
    """One actor twice: the same name, both the state ("Norland offered its troops") or in the same role.
    "Syrian rebels attacked Syrian troops" names Syria twice, as two actors: rebels and the military."""
    return a is not None and b is not None and a.name == b.name and (
        a.role == b.role or a.span == b.span or {a.role, b.role} <= STATE_ROLES)


def actors(tokens, ctx, *, things: bool) -> list[Actor]:
    out = []
    for t in tokens:
        if in_dateline(t):
            # the parser made the dateline the subject: its apposition after the dash is the real one
            later = [c for c in t.children if c.dep_ == "appos" and not in_dateline(c)]
            out.extend(actors(later, ctx, things=things))
            continue
        if t.pos_ == "NOUN" and row_for(t, "N") is not None and lemma(t) not in actor_roles():
            out.extend(noun_source(t, ctx))  # "a drone attack killed ...": the attack's author, if any
            continue
        a = resolve_actor(t, ctx, allow_things=things)
        if a is None and (t.pos_ == "NUM" or t.ent_type_ == "CARDINAL"):
            # "thousands of Iraqi Kurds": the counted group, by the rules for a subject of its own
            out.extend(actors([p for prep in children(t, "prep") if prep.lower_ == "of" for p in pobjs(prep)],
                              ctx, things=things))
            continue
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
            if a is None and lemma(c) in actor_roles():
                a = Actor(name=c.text, aliases=[c.text], role=actor_roles()[lemma(c)],
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
    """Who claims the act: the article's one answer to "who says so" (``Mentions.source_token`` over the
    claim verbs), as an actor."""
    subj = ctx.resolver.source_token(tok, kind="claim")
    return resolve_actor(subj, ctx) if subj is not None else None


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
    return any(demonyms().get(w, ("",))[0] == actor.name for w in said_by.replace("'s", "").split())
