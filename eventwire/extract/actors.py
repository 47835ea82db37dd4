"""Actors for events: a noun phrase -> an ``Actor`` resolved to the article's
entities and places (canonical name, aliases, country, role).

Resolution order for the head token of a noun phrase:
1. a pronoun -> the nearest compatible earlier actor in the paragraph;
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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from eventwire.nlp.pipeline import text_of
from eventwire.lexicons import table
from eventwire.records import Actor, Entity, Place

PRONOUNS_PERSON = {"he", "him", "his", "she", "her"}
PRONOUNS_GROUP = {"they", "them", "their"}
PRONOUNS_THING = {"it", "its"}
PRONOUNS = PRONOUNS_PERSON | PRONOUNS_GROUP | PRONOUNS_THING
FIRST_PERSON = {"i", "me", "my", "we", "us", "our", "you", "your"}
DROP_WORDS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
              "some", "other", "several", "many", "all", "both", "least", "at", "more", "than", "about",
              "estimated", "another"}


@lru_cache(maxsize=1)
def demonyms() -> dict[str, tuple[str, str]]:
    """lower-case demonym -> (country name, iso2); also country names themselves."""
    out: dict[str, tuple[str, str]] = {}
    for r in table("demonyms"):
        d, c, iso = r.get("demonym", ""), r.get("country", ""), r.get("iso2", "")
        if d and c:
            out[d.lower()] = (c, iso)
            # the place it points to may be a region (Chechen -> Chechnya); keep the country too
            out.setdefault(c.lower(), (c, iso))
    return out


@lru_cache(maxsize=1)
def demonym_places() -> dict[str, str]:
    """lower-case demonym -> the place it names (Chechen -> Chechnya)."""
    return {r["demonym"].lower(): r.get("place") or r.get("country", "")
            for r in table("demonyms") if r.get("demonym")}


@lru_cache(maxsize=1)
def roles() -> dict[str, str]:
    return {r["word"]: r["role"] for r in table("actor_roles")}


@lru_cache(maxsize=1)
def metonyms() -> dict[str, tuple[str, str]]:
    return {r["name"].lower(): (r["country"], r.get("iso2", "")) for r in table("actor_metonyms")}


@dataclass
class Mention:
    start: int              # token indices [start, end)
    end: int
    name: str
    aliases: list[str]
    kind: str               # PERSON ORG PLACE
    country: Optional[str] = None
    feature: Optional[str] = None
    place: Optional[Place] = None


@dataclass
class ActorContext:
    """Per-article lookups: which tokens belong to which entity or place."""
    doc: object
    mentions: dict[int, Mention] = field(default_factory=dict)   # token index -> mention
    history: list[tuple[int, Actor, str]] = field(default_factory=list)  # (token index, actor, kind)
    names: set = field(default_factory=set)   # canonical names of the article's entities and places

    @classmethod
    def build(cls, doc, entities: list[Entity], places: list[Place]) -> "ActorContext":
        ctx = cls(doc)
        spans: list[tuple[int, int, Mention]] = []

        def add(start_char, end_char, m_factory):
            span = doc.char_span(start_char, end_char, alignment_mode="expand")
            if span is None or len(span) == 0:
                return
            spans.append((span.start, span.end, m_factory(span.start, span.end)))

        for p in places:
            for (s, e) in p.spans:
                add(s, e, lambda a, b, p=p: Mention(a, b, p.name, list(dict.fromkeys(p.mentions)), "PLACE",
                                                   p.country_code, p.feature, p))
        for ent in entities:
            for (s, e) in ent.spans:
                add(s, e, lambda a, b, ent=ent: Mention(a, b, ent.name, list(ent.aliases), ent.type))
        if not entities or not places:  # fallback while the entity/place extractors are empty
            for ent in doc.ents:
                if ent.label_ in ("PERSON", "ORG") and not entities:
                    m = Mention(ent.start, ent.end, _strip_the(ent.text), [], ent.label_)
                elif ent.label_ in ("GPE", "LOC") and not places:
                    country = demonyms().get(ent.text.lower())
                    m = Mention(ent.start, ent.end, ent.text, [], "PLACE",
                                country[1] if country else None, "country" if country else None)
                else:
                    continue
                spans.append((ent.start, ent.end, m))
        # places first, so that named entities override overlapping place tokens
        for start, end, m in spans:
            ctx.names.add(m.name)
            met = metonyms().get(m.name.lower())
            if met:
                ctx.names.add(met[0])
            for i in range(start, end):
                if m.kind != "PLACE" or i not in ctx.mentions:
                    ctx.mentions[i] = m
        return ctx

    def remember(self, token_i: int, actor: Actor, kind: str) -> None:
        self.history.append((token_i, actor, kind))


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
    from eventwire.extract.events import words  # local import: shared word classes
    if token.lemma_.lower() in words("collective") or token.lower_ in words("collective") or token.pos_ == "NUM" \
            or token.ent_type_ == "CARDINAL":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return resolve(pobj, ctx, allow_things=allow_things, sentence_start=sentence_start)
    if token.pos_ == "PRON":
        if lower in FIRST_PERSON:
            return None
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
            if child.dep_ == "appos" and child.i in ctx.mentions and ctx.mentions[child.i].kind != "PLACE":
                return resolve(child, ctx, allow_things=allow_things, sentence_start=sentence_start)
    if m is None and token.pos_ != "PROPN":
        for child in token.lefts:
            if child.dep_ == "compound" and child.i in ctx.mentions and ctx.mentions[child.i].kind != "PLACE":
                m = ctx.mentions[child.i]
    if m is not None:
        actor = _from_mention(m, phrase, span, role if token.i not in range(m.start, m.end) else None)
        ctx.remember(token.i, actor, "PERSON" if m.kind == "PERSON" else ("GROUP" if _plural(token) else "THING"))
        return actor
    if _unlisted_name(token):
        # a name the entity extractor missed ("ECOWAS", "the M23"): the name itself
        actor = Actor(name=phrase or token.text, aliases=_uniq([phrase, token.text]), role=role or "other",
                      span=span)
        ctx.names.add(actor.name)
        ctx.remember(token.i, actor, "GROUP" if token.ent_type_ != "PERSON" else "PERSON")
        return actor
    met = metonyms().get(lower) or metonyms().get(phrase.lower())
    if met:
        actor = Actor(name=met[0], aliases=_uniq([phrase, met[0]]), country=met[1] or None, role="government", span=span)
        ctx.remember(token.i, actor, "THING")
        return actor

    if role and token.tag_ == "NN" and token.pos_ == "NOUN":
        descriptor = _descriptor_person(token, ctx, start, end)
        if descriptor is not None:
            actor = Actor(name=descriptor.name, aliases=_uniq([descriptor.name, phrase] + descriptor.aliases),
                          role=role, span=span)
            ctx.remember(token.i, actor, "PERSON")
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
            if c.pos_ == "PRON" and c.dep_ == "poss" and c.lower_ in PRONOUNS:
                ante = _antecedent(c, ctx)
                if ante is not None and ante.country or (ante is not None and role):
                    country = (ante.name, ante.country)
                    modifier_text = ante.name
                    break
            elif mm is not None and mm.kind == "PLACE":
                if mm.feature == "country" or mm.name.lower() in demonyms():
                    cn = demonyms().get(mm.name.lower(), (mm.name, mm.country or ""))
                    country = (cn[0], mm.country or cn[1])
                else:
                    country = (mm.name, mm.country)
                modifier_text = mm.name
                break
            elif mm is not None and mm.kind == "ORG" and role:
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
        aliases = _uniq([phrase, country[0], modifier_text or ""] + _demonym_variants(phrase))
        place = demonym_places().get((modifier_text or "").lower())
        if place and place != country[0]:
            aliases.append(place)
        name = country[0] if role else phrase
        if not role:
            aliases.append(country[0])
        actor = Actor(name=name, aliases=_uniq(aliases), country=country[1] or None,
                      role=role or "other", span=span)
        ctx.remember(token.i, actor, "GROUP" if _plural(token) else "THING")
        return actor

    # 5. a group noun; a definite or bare anaphoric noun ("the group", "the agency") stands for the
    # nearest named organization before it in the paragraph, or for no one
    if _anaphoric(token, start, end):
        return _nearest_org(token, ctx)
    if role:
        name = phrase or token.text
        aliases = _uniq([name, token.text, _strip_adjs(doc, start, end, token)])
        actor = Actor(name=name, aliases=aliases, country=None, role=role, span=span)
        descriptor = _descriptor_person(token, ctx, start, end)
        if descriptor is not None:
            actor.aliases = _uniq(actor.aliases + [descriptor.name] + descriptor.aliases)
            actor.name = descriptor.name
        ctx.remember(token.i, actor, "PERSON" if descriptor is not None or token.tag_ == "NN" and role == "government"
                     else ("GROUP" if _plural(token) else "THING"))
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
                    if mm is not None and mm.kind == "PLACE":
                        aliases.append(mm.name)
        return Actor(name=phrase, aliases=_uniq(aliases), role="other", span=span)
    return None


def _unlisted_name(token) -> bool:
    """An organization/person name or acronym that no extractor listed (not a place, not a demonym)."""
    if token.lower_ in demonyms() or token.ent_type_ in ("NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
                                                           "PERCENT", "QUANTITY"):
        return False
    if token.pos_ == "PROPN" and token.ent_type_ in ("ORG", "PERSON"):
        return True
    text = token.text
    return (2 <= len(text) <= 8 and text.isupper() and text.isalnum() and text[0].isalpha()
            and (sum(ch.isalpha() for ch in text) >= 2 or any(ch.isdigit() for ch in text))
            and token.pos_ in ("PROPN", "NOUN"))


@lru_cache(maxsize=1)
def _anaphoric_nouns() -> frozenset:
    from eventwire.extract.events import words
    return words("anaphoric")


def _anaphoric(token, start: int, end: int) -> bool:
    """"the group", "the group's", "the agency": a definite (or bare) singular common noun with no
    modifier of its own that names or describes the actor."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in _anaphoric_nouns() or token.tag_ != "NN":
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


def _nearest_org(token, ctx: "ActorContext") -> Optional[Actor]:
    from eventwire.extract.events import _in_dateline
    doc = ctx.doc
    para_start = text_of(doc).rfind("\n\n", 0, token.idx)
    for i in range(token.i - 1, -1, -1):
        if doc[i].idx < para_start:
            break
        if _in_dateline(doc[i]):
            break
        m = ctx.mentions.get(i)
        if m is not None and m.kind == "ORG" and (i + 1 >= len(doc) or ctx.mentions.get(i + 1) is not m):
            return Actor(name=m.name, aliases=_uniq(m.aliases + [m.name]), country=m.country, role="other",
                         span=(token.idx, token.idx + len(token.text)))
        t = doc[i]
        if m is None and _unlisted_name(t) and t.dep_ in ARGUMENT_DEPS:
            return Actor(name=t.text, aliases=[t.text], role="other",
                         span=(token.idx, token.idx + len(token.text)))
    return None


def _demonym_variants(phrase: str) -> list[str]:
    return []


def _strip_adjs(doc, start, end, head) -> str:
    return " ".join(t.text for t in doc[start:end] if t.dep_ in ("compound",) or t.i == head.i)


def _uniq(items) -> list[str]:
    return [x for x in dict.fromkeys(i.strip() for i in items if i and i.strip())]


def _from_mention(m: Mention, phrase: str, span, role) -> Actor:
    if m.kind == "ORG" and m.name.lower() in metonyms():  # "the Kremlin"
        met = metonyms()[m.name.lower()]
        return Actor(name=met[0], aliases=_uniq([m.name, phrase, met[0]] + m.aliases),
                     country=met[1] or None, role=role or "government", span=span)
    if m.kind == "PLACE":
        met = metonyms().get(m.name.lower()) or next((metonyms()[a.lower()] for a in m.aliases
                                                       if a.lower() in metonyms()), None)
        if met:
            return Actor(name=met[0], aliases=_uniq([m.name, phrase, met[0]] + m.aliases),
                         country=met[1] or m.country, role=role or "government", span=span)
        return Actor(name=m.name, aliases=_uniq([phrase] + m.aliases), country=m.country,
                     role=role or ("government" if m.feature == "country" else "other"), span=span)
    r = role or ("other" if m.kind == "PERSON" else "other")
    return Actor(name=m.name, aliases=_uniq(m.aliases + [phrase]), country=m.country, role=r, span=span)


ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "ROOT", "attr", "conj", "agent", "dative"}


def _inside_quote(token) -> bool:
    sent = token.sent
    before = text_of(token.doc)[sent.start_char:token.idx]
    return (before.count('"') + before.count("\u201c") + before.count("\u201d")) % 2 == 1


def _antecedent(token, ctx: ActorContext) -> Optional[Actor]:
    """The nearest earlier compatible actor in the same paragraph (clause arguments only, not
    modifiers inside another noun phrase; inside a quotation, not the quote's speaker)."""
    lower = token.lower_
    want = "PERSON" if lower in PRONOUNS_PERSON else "GROUP" if lower in PRONOUNS_GROUP else "THING"
    doc = ctx.doc
    para_start = text_of(doc).rfind("\n\n", 0, token.idx)
    quoted = _inside_quote(token)
    first_sent = token.sent.start
    sents_back = 0
    i = token.i - 1
    while i >= 0 and doc[i].idx >= para_start:
        t = doc[i]
        if t.sent.start != first_sent:
            first_sent = t.sent.start
            sents_back += 1
            if sents_back > 3:
                break
        i -= 1
        if t.pos_ not in ("NOUN", "PROPN") or t.dep_ not in ARGUMENT_DEPS:
            continue
        m = ctx.mentions.get(t.i)
        if m is not None and t.i + 1 < len(doc) and ctx.mentions.get(t.i + 1) is m:
            continue  # not the last token of a name
        if t.dep_ == "pobj" and t.head.head.pos_ in ("NOUN", "PROPN"):
            continue  # "officials in Kherson region": a modifier
        if _in_relative_clause(t, token):
            continue  # "X, the group that controls Idlib province, said its ...": not Idlib
        if quoted and t.dep_ == "nsubj" and t.head.lemma_.lower() in _report_verbs():
            continue
        kind = _kind_of(t, m)
        if kind is None:
            continue
        compatible = kind == want or (want == "GROUP" and kind == "THING" and (m is None or m.kind != "PLACE")) \
            or (want == "THING" and kind == "GROUP")
        if not compatible:
            continue
        saved = list(ctx.history)
        actor = resolve(t, ctx)
        ctx.history[:] = saved
        if actor is None or (want == "PERSON" and actor.role not in (None, "other", "government")):
            continue
        if want == "THING" and actor.role == "civilians":
            continue
        return Actor(name=actor.name, aliases=list(actor.aliases), country=actor.country, role=actor.role,
                     span=(token.idx, token.idx + len(token.text)))
    return None


def _in_relative_clause(t, pronoun) -> bool:
    """``t`` sits inside a relative clause or apposition that does not also contain ``pronoun``."""
    cur = t
    while cur.head.i != cur.i:          # spaCy Tokens are fresh objects: compare indices, not identity
        if cur.dep_ in ("relcl", "appos"):
            return not any(x.i == pronoun.i for x in cur.subtree)
        cur = cur.head
    return False


def _report_verbs() -> frozenset:
    from eventwire.extract.events import words
    return words("report")


def _kind_of(t, m: Optional[Mention]) -> Optional[str]:
    if m is not None:
        return "PERSON" if m.kind == "PERSON" else ("GROUP" if m.kind == "ORG" else "THING")
    if _unlisted_name(t):
        return "PERSON" if t.ent_type_ == "PERSON" else "GROUP"
    role = roles().get(t.lemma_.lower())
    if role is None:
        return None
    if t.tag_ == "NN" and role in ("government", "police") and t.lemma_.lower() not in (
            "government", "administration", "ministry", "police", "junta", "regime", "kremlin", "parliament",
            "leadership", "office", "service"):
        return "PERSON"  # "the minister", "the mayor"
    return "GROUP" if _plural(t) else "THING"


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
        if m is None or m.kind != "PERSON" or t.i != m.start:
            continue
        before = {w.lower_ for w in doc[max(0, m.start - 4):m.start]}
        if token.lower_ in before and mods & before:
            return m
    return None
