"""Actors for events: a noun phrase -> an ``Actor`` resolved to the article's
entities and places (canonical name, aliases, country, role).

Resolution order for the head token of a noun phrase:
1. a pronoun or a bare description ("the group") -> the actor of the phrase the article's
   ``Mentions`` links it to (see ``mentions``);
2. a named entity (the article's entities, or spaCy's PERSON/ORG as a fallback);
3. a place (a country as itself; a capital/seat such as "Moscow" or "the Kremlin"
   as its country's government);
4. a demonym or country modifier with a role noun ("Russian forces" -> Russia,
   military; "Ukraine's air command" -> Ukraine);
5. a group noun ("protesters", "the junta", "resistance fighters").
Word lists live in ``data/actor_roles.tsv``, ``data/actor_metonyms.tsv`` and
``data/demonyms.tsv``.
"""
from __future__ import annotations

import re
from typing import Optional

from eventwire.extract.mentions import Mention, Mentions, unlisted_name
from eventwire.extract.wordclasses import (actor_roles, demonym_places, demonyms, metonyms, pronoun,
                                           words)
from eventwire.nlp.pipeline import text_of
from eventwire.records import Actor

DROP_WORDS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
              "some", "other", "several", "many", "all", "both", "least", "at", "more", "than", "about",
              "estimated", "another"}


def roles() -> dict[str, str]:
    return actor_roles()


class ActorContext:
    """What the event coder asks per article: the article's ``Mentions`` (who is who), its names by
    token, and the canonical names of its actors (names the coder meets on the way join them)."""

    def __init__(self, mentions: Mentions):
        self.resolver = mentions
        self.doc = mentions.doc
        self.mentions: dict[int, Mention] = mentions.at_token
        self.names: set[str] = set(mentions.names)


def _strip_the(text: str) -> str:
    return re.sub(r"^(the|The)\s+", "", text).strip()


def noun_phrase(token) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``token`` (left modifiers, compounds, "of"/"from" names)."""
    left = token
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "npadvmod", "quantmod", "case") \
                or (child.dep_ == "punct" and child.text == "-"):
            left = child if child.i < left.i else left
            for sub in child.subtree:
                if sub.i < left.i:
                    left = sub
    doc = token.doc
    for k in range(token.i - 1, left.i - 1, -1):
        t = doc[k]
        if (t.is_punct and not (t.text == "-" and not t.whitespace_ and not doc[k - 1].whitespace_)) \
                or t.is_space or "\n" in t.whitespace_:
            left = doc[k + 1]
            break
    right = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "case"):
            right = max(right, child.right_edge.i + 1)
        elif child.dep_ == "prep" and child.lower_ in ("of", "from") \
                and any(g.ent_type_ or g.pos_ == "PROPN" for g in child.subtree):
            # "the town of Saké": up to the end of the object's own phrase, not its apposition
            for g in child.children:
                if g.dep_ == "pobj":
                    right = max(right, noun_phrase(g)[1])
    return left.i, right


def _symbol(t) -> bool:
    """A bullet or other non-word token ("►", "*", "•")."""
    return not any(ch.isalnum() for ch in t.text) and t.text != "-"


def surface(doc, start: int, end: int) -> str:
    """The phrase's text from the document's own characters: dropped punctuation keeps the space
    it stood next to ("Saké, the ..." -> "Saké the ..."), never glues words together."""
    words = [t for t in doc[start:end] if not (t.is_punct or _symbol(t)) or t.text == "-"]
    while words and (words[0].lower_ in DROP_WORDS or words[0].pos_ == "NUM" or words[0].dep_ == "nummod"
                     or words[0].tag_ == "POS" or _symbol(words[0])):
        words = words[1:]
    while words and (words[-1].tag_ == "POS" or _symbol(words[-1])):  # "the group's"
        words = words[:-1]
    out = ""
    for k, t in enumerate(words):
        if k:
            prev = words[k - 1]
            gap = text_of(doc)[prev.idx + len(prev.text):t.idx]
            if gap and (any(ch.isspace() for ch in gap) or t.i != prev.i + 1):
                out += " "
        out += t.text
    return re.sub(r"\s*-\s*", "-", out.strip())


def _plural(token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or token.lemma_.lower() in ("police", "people", "military", "junta",
                                                                        "regime", "army", "government")


def resolve(token, ctx: ActorContext, *, allow_things: bool = False, sentence_start: int = 0) -> Optional[Actor]:
    """An ``Actor`` for the noun phrase headed by ``token``; None when it is not an actor.

    ``allow_things``: accept any noun phrase (targets such as "infrastructure")."""
    doc = ctx.doc
    if token is None:
        return None
    lower = token.lower_
    # collective heads: "a wave of missiles", "hundreds of troops"
    if token.lemma_.lower() in words("collective") or token.lower_ in words("collective") or token.pos_ == "NUM" \
            or token.ent_type_ == "CARDINAL":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return resolve(pobj, ctx, allow_things=allow_things, sentence_start=sentence_start)
    if token.pos_ == "PRON":
        return _antecedent(token, ctx)
    start, end = noun_phrase(token)
    phrase = surface(doc, start, end)
    span = (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
    role_map = roles()
    head_lemma = token.lemma_.lower()
    role = role_map.get(head_lemma) or role_map.get(lower)
    if role is None and token.tag_ == "NNPS" and lower.endswith("s"):  # sentence-initial "Protesters"
        role = role_map.get(lower[:-3] + "y" if lower.endswith("ies") else lower[:-1])
    if role is None or role == "other":
        for child in token.lefts:
            if child.dep_ in ("compound", "amod") and role_map.get(child.lemma_.lower()) not in (None, "other"):
                role = role_map[child.lemma_.lower()]

    # 2./3. the head (or a compound of it, or its apposition) is a named entity or place
    m = ctx.mentions.get(token.i)
    if m is None:
        for child in token.rights:  # "the journalist Anna Petrova"
            if child.dep_ == "appos" and child.i in ctx.mentions and ctx.mentions[child.i].type != "PLACE":
                return resolve(child, ctx, allow_things=allow_things, sentence_start=sentence_start)
    if m is None and token.pos_ != "PROPN":
        for child in token.lefts:
            if child.dep_ == "compound" and child.i in ctx.mentions and ctx.mentions[child.i].type != "PLACE":
                m = ctx.mentions[child.i]
    if m is not None:
        actor = _from_mention(m, phrase, span, role if token.i not in range(m.first, m.last) else None)
        return actor
    if unlisted_name(token):
        # a name the entity extractor missed ("ECOWAS", "the M23"): the name itself
        actor = Actor(name=phrase or token.text, aliases=_uniq([phrase, token.text]), role=role or "other",
                      span=span)
        ctx.names.add(actor.name)
        return actor
    met = metonyms().get(lower) or metonyms().get(phrase.lower())
    if met:
        actor = Actor(name=met[0], aliases=_uniq([phrase, met[0]]), country=met[1] or None, role="government", span=span)
        return actor

    if role and token.tag_ == "NN" and token.pos_ == "NOUN":
        descriptor = _descriptor_person(token, ctx, start, end)
        if descriptor is not None:
            actor = Actor(name=descriptor.name, aliases=_uniq([descriptor.name, phrase] + descriptor.aliases),
                          role=role, span=span)
            return actor

    # 4. a country modifier: demonym adjective, possessive place, compound place, "of Ukraine"
    country = None
    modifier_text = None
    for child in list(token.lefts) + [c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("of", "from")]:
        cands = [child] if child.dep_ != "prep" else [g for g in child.children if g.dep_ == "pobj"]
        if child.dep_ == "amod":  # "Russia-installed officials"
            cands += [g for g in child.children if g.dep_ in ("npadvmod", "compound", "nmod")]
        for c in cands:
            if c.dep_ in ("det",):
                continue
            mm = ctx.mentions.get(c.i)
            if c.pos_ == "PRON" and c.dep_ == "poss" and pronoun(c) is not None:
                ante = _antecedent(c, ctx)
                if ante is not None and ante.country or (ante is not None and role):
                    country = (ante.name, ante.country)
                    modifier_text = ante.name
                    break
            elif mm is not None and mm.type == "PLACE":
                if mm.feature == "country" or mm.name.lower() in demonyms():
                    cn = demonyms().get(mm.name.lower(), (mm.name, mm.country or ""))
                    country = (cn[0], mm.country or cn[1])
                else:
                    country = (mm.name, mm.country)
                modifier_text = mm.name
                break
            elif mm is not None and mm.type == "ORG" and role:
                country = (mm.name, None)
                modifier_text = mm.name
                break
            else:
                text = doc[c.left_edge.i: c.i + 1].text if c.dep_ == "compound" else c.text
                for cand in (text, c.text):
                    d = demonyms().get(cand.lower())
                    if d:
                        country = d
                        modifier_text = cand
                        break
            if country:
                break
        if country:
            break
    if country is None and token.pos_ == "PROPN" or lower in demonyms():
        d = demonyms().get(lower) or demonyms().get(phrase.lower())
        if d:  # a demonym used as a noun: "the Russians"
            country = d
            role = role or "other"
    if country and (role or allow_things or lower in demonyms()):
        aliases = _uniq([phrase, country[0], modifier_text or ""])
        place = demonym_places().get((modifier_text or "").lower())
        if place and place != country[0]:
            aliases.append(place)
        name = country[0] if role else phrase
        if not role:
            aliases.append(country[0])
        actor = Actor(name=name, aliases=_uniq(aliases), country=country[1] or None,
                      role=role or "other", span=span)
        return actor

    # 5. a group noun; a definite or bare anaphoric noun ("the group", "the agency") stands for the
    # nearest named organization before it in the paragraph, or for no one
    if _anaphoric(token, start, end):
        return _linked_org(token, ctx)
    if role:
        name = phrase or token.text
        aliases = _uniq([name, token.text, _strip_adjs(doc, start, end, token)])
        actor = Actor(name=name, aliases=aliases, country=None, role=role, span=span)
        descriptor = _descriptor_person(token, ctx, start, end)
        if descriptor is not None:
            actor.aliases = _uniq(actor.aliases + [descriptor.name] + descriptor.aliases)
            actor.name = descriptor.name
        return actor
    if allow_things and token.pos_ in ("NOUN", "PROPN") and phrase:
        aliases = [phrase, token.text]
        for t in doc[start:end]:
            mm = ctx.mentions.get(t.i)
            if mm is not None:
                aliases.append(mm.name)
        for child in token.rights:  # "infrastructure across Ukraine"
            if child.dep_ == "prep" and child.lower_ in ("in", "across", "of", "near"):
                for g in child.children:
                    mm = ctx.mentions.get(g.i)
                    if mm is not None and mm.type == "PLACE":
                        aliases.append(mm.name)
        return Actor(name=phrase, aliases=_uniq(aliases), role="other", span=span)
    return None


def _anaphoric(token, start: int, end: int) -> bool:
    """"the group", "the group's", "the agency": a definite (or bare) singular common noun with no
    modifier of its own that names or describes the actor."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in words("anaphoric") or token.tag_ != "NN":
        return False
    doc = token.doc
    for t in list(doc[start:end]) + list(token.children):
        if t.i == token.i:
            continue
        if t.dep_ == "det" and t.lower_ in ("the", "this", "that"):
            continue
        if t.is_punct or t.tag_ == "POS" or _symbol(t) or t.dep_ in ("punct", "prep", "relcl", "acl", "cc", "conj"):
            continue
        return False
    return True


def _linked_org(token, ctx: ActorContext) -> Optional[Actor]:
    """"the group": the organization the article's mentions link it to, or no one."""
    link = ctx.resolver.link(token)
    if link is None:
        return None
    span = (token.idx, token.idx + len(token.text))
    r = link.referent
    if r is not None:
        return Actor(name=r.name, aliases=_uniq(r.aliases + [r.name]), country=r.country, role="other", span=span)
    return Actor(name=link.token.text, aliases=[link.token.text], role="other", span=span)


def _strip_adjs(doc, start, end, head) -> str:
    return " ".join(t.text for t in doc[start:end] if t.dep_ in ("compound",) or t.i == head.i)


def _uniq(items) -> list[str]:
    return [x for x in dict.fromkeys(i.strip() for i in items if i and i.strip())]


def _from_mention(m: Mention, phrase: str, span, role) -> Actor:
    if m.type == "ORG" and m.name.lower() in metonyms():  # "the Kremlin"
        met = metonyms()[m.name.lower()]
        return Actor(name=met[0], aliases=_uniq([m.name, phrase, met[0]] + m.aliases),
                     country=met[1] or None, role=role or "government", span=span)
    if m.type == "PLACE":
        met = metonyms().get(m.name.lower()) or next((metonyms()[a.lower()] for a in m.aliases
                                                       if a.lower() in metonyms()), None)
        if met:
            return Actor(name=met[0], aliases=_uniq([m.name, phrase, met[0]] + m.aliases),
                         country=met[1] or m.country, role=role or "government", span=span)
        return Actor(name=m.name, aliases=_uniq([phrase] + m.aliases), country=m.country,
                     role=role or ("government" if m.feature == "country" else "other"), span=span)
    return Actor(name=m.name, aliases=_uniq(m.aliases + [phrase]), country=m.country, role=role or "other", span=span)


def _antecedent(token, ctx: ActorContext) -> Optional[Actor]:
    """A third-person pronoun: the actor of the phrase the article's mentions link it to."""
    row = pronoun(token)
    if row is None or row.person != 3:
        return None  # "we", "I", "you": the speaker's side, not an actor of the article
    link = ctx.resolver.link(token)
    if link is None or link.token.pos_ == "PRON":
        return None
    actor = resolve(link.token, ctx)
    if actor is None or ("PERSON" in row.refers and actor.role not in (None, "other", "government")):
        return None
    if "PERSON" not in row.refers and row.number == "sg" and actor.role == "civilians":
        return None
    return Actor(name=actor.name, aliases=list(actor.aliases), country=actor.country, role=actor.role,
                 span=(token.idx, token.idx + len(token.text)))


def _descriptor_person(token, ctx: ActorContext, start: int, end: int) -> Optional[Mention]:
    """A titled description ("a Donbas separatist leader") that names a person elsewhere in the
    article ("Luhansk separatist leader Ivan Petrov"): the head and one more modifier must
    precede that person's name."""
    if token.tag_ != "NN":
        return None
    doc = ctx.doc
    mods = {t.lower_ for t in doc[start:end] if t.i != token.i and t.is_alpha and t.lower_ not in DROP_WORDS}
    if not mods:
        return None
    for t in doc:
        m = ctx.mentions.get(t.i)
        if m is None or m.type != "PERSON" or t.i != m.first:
            continue
        before = {w.lower_ for w in doc[max(0, m.first - 4):m.first]}
        if token.lower_ in before and mods & before:
            return m
    return None
