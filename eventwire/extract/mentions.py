"""Who is who: one resolver per article for every mention that can stand for an entity or place.

``Mentions`` is built once per article, after places and entities, from the parsed document.
It holds

- the **names**: every span of every entity and place (full names, surnames, acronyms and their
  expansions, as the entity and place extractors grouped them), indexed by character and by token;
- the **linked mentions**, found in one left-to-right pass: third-person pronouns ("he", "they",
  "its"), role descriptions ("the minister", "the ministry", "the group"), metonyms ("the
  Kremlin" as Russia) and the noun phrases that can be antecedents ("the protesters",
  "Russian forces"), each linked to one referent (an entity or place of the article) or to none.

A pronoun links to the most salient compatible mention before it: agreement first (gender,
number, person or organization or group, the PERSON/ORG type), then salience -- recency in
sentences and paragraphs, the subject role, and, for the subject of a reporting verb, the
person last quoted -- across paragraph boundaries.  Nothing inside a quotation is an antecedent
for a pronoun outside it, and a pronoun inside a quotation never stands for that quotation's
speaker.

Quotes, figures and events ask this one object: ``speaker_token``/``resolve``/``source_of``
for who says something, ``link``/``named_at`` for what a token stands for.  None of them indexes
entities on its own.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from eventwire import names as N
from eventwire.extract.quotemarks import find_segments, paragraphs
from eventwire.extract.wordclasses import (actor_refers, demonyms, gender_of_word, in_dateline, is_speech_verb,
                                           metonyms, pronoun, role_nouns, verbs_of_kind, words)
from eventwire.lexicons import words as word_list
from eventwire.nlp import ParsedArticle
from eventwire.nlp.pipeline import text_of
from eventwire.records import Entity, Place, Span

ACTOR_TYPES = ("PERSON", "ORG", "PLACE")
# dependency roles of a noun phrase that is an argument of its clause (an antecedent candidate)
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "ROOT", "attr", "conj", "agent", "dative"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_LEAD_JUNK = re.compile(r"^[^\w\"'\u201c\u2018]+")  # bullets and dashes before a phrase: "\u25ba The army"

# how far back a pronoun looks (sentences, paragraphs), by what it refers to
PERSON_REACH = (8, 3)
GROUP_REACH = (3, 0)
# salience: one sentence back costs 1; these weigh against it
SUBJECT_BONUS = 1.0
SPEAKER_BONUS = 1.5      # the person last quoted, for "he said"
PARAGRAPH_COST = 1.0
NAME_BONUS = 0.25


@dataclass(eq=False)
class Referent:
    """An entity or place of the article (or, without one, a name the parse found)."""
    name: str
    type: str                              # PERSON | ORG | PLACE
    aliases: list[str] = field(default_factory=list)
    country: Optional[str] = None          # a place's ISO country code
    feature: Optional[str] = None          # a place's feature (country, admin, city, region)
    place: Optional[Place] = None
    gender: Optional[str] = None           # m | f for a person, from titles and pronouns


@dataclass(eq=False)
class Mention:
    """A span of the text naming a referent (one of the entity's or place's own spans)."""
    start: int                             # character offsets
    end: int
    first: int                             # token indices [first, last)
    last: int
    referent: Referent

    @property
    def name(self) -> str:
        return self.referent.name

    @property
    def type(self) -> str:
        return self.referent.type

    @property
    def aliases(self) -> list[str]:
        return self.referent.aliases

    @property
    def country(self) -> Optional[str]:
        return self.referent.country

    @property
    def feature(self) -> Optional[str]:
        return self.referent.feature

    @property
    def place(self) -> Optional[Place]:
        return self.referent.place


@dataclass
class Link:
    """What a pronoun or description stands for: the noun phrase it goes back to (its head token,
    a name or a description that is not itself a pronoun) and that phrase's referent, if any."""
    token: object                          # spaCy Token of the antecedent phrase's head
    referent: Optional[Referent]


@dataclass
class Resolution:
    name: str
    type: Optional[str]          # PERSON | ORG | PLACE, None when unknown
    span: Span                   # the attributing mention in the text (name, pronoun, description)
    resolved: bool               # True when it is an entity or place of the article (or a proper name)


@dataclass
class _Candidate:
    """A noun phrase an anaphor can go back to, in text order."""
    token: object                # head token (for a pronoun: the token of the phrase it links to)
    referent: Optional[Referent]
    category: str                # PERSON | ORG | GROUP | PLACE | THING | GROUPTHING (plural things)
    sentence: int
    paragraph: int
    subject: bool
    speaker: bool                # the subject of a reporting verb, or "according to X"
    quote: int                   # index of the quotation it sits in, -1 outside
    at: int                      # token index where it appears (a pronoun's own position)


def speech_verbs() -> frozenset[str]:
    return verbs_of_kind("speech")


def source_nouns() -> frozenset[str]:
    return word_list("source_nouns")


def _fallback_entities(doc, places: list[Place]) -> list[Entity]:
    """PERSON/ORG from spaCy when no entity list was given, except where the article's places
    are ("Norland said": a country the NER took for a person): a short mention whose last word is
    the last word of a fuller PERSON mention takes that fuller name."""
    place_spans = [span for p in places for span in p.spans]
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG")
            and not any(a < e.end_char and e.start_char < b for a, b in place_spans)]
    full: dict[str, str] = {}
    for e in ents:
        if e.label_ == "PERSON" and len(e) > 1:
            full.setdefault(e[-1].text.lower(), e.text)
    by_name: dict[tuple, Entity] = {}
    for e in ents:
        text = e.text.strip()
        if text.lower().startswith("the "):
            text = text[4:]
        name = full.get(e[-1].text.lower(), text) if len(e) == 1 else text
        label = "PERSON" if name in full.values() else e.label_
        ent = by_name.setdefault((name, label), Entity(name=name, type=label))
        if text != name and text not in ent.aliases:
            ent.aliases.append(text)
        ent.spans.append((e.start_char, e.end_char))
    return list(by_name.values())


def _fallback_places(doc) -> list[Place]:
    """GPE/LOC from spaCy when no place list was given (a country by its demonym table)."""
    by_name: dict[str, Place] = {}
    for e in doc.ents:
        if e.label_ not in ("GPE", "LOC"):
            continue
        name = e.text
        country = demonyms().get(name.lower())
        p = by_name.setdefault(name, Place(name=name, country_code=country[1] if country else None,
                                           feature="country" if country else None))
        p.spans.append((e.start_char, e.end_char))
        if name not in p.mentions:
            p.mentions.append(name)
    return list(by_name.values())


class Mentions:
    """Every mention of one article that can stand for an entity or place, each linked to one."""

    def __init__(self, parsed: ParsedArticle, entities: Iterable[Entity], places: Iterable[Place],
                 link: bool = True):
        self.parsed = parsed
        self.doc = parsed.doc
        self.text = parsed.text
        entities = list(entities or [])
        places = list(places or [])
        self.places = places or _fallback_places(self.doc)
        self.entities = entities or _fallback_entities(self.doc, self.places)
        segs = find_segments(self.text)
        self.segments = segs
        self.quoted: list[Span] = sorted((s.open_at, s.outer_end) for s in segs)
        self._quote_starts = [s for s, _ in self.quoted]
        self._paragraph_starts = [s for s, _, _ in paragraphs(self.text)]
        self.referents: list[Referent] = []
        self.named: list[Mention] = []
        self.at_token: dict[int, Mention] = {}        # token index -> the name it belongs to
        self.names: set[str] = set()                  # canonical names (and the countries metonyms stand for)
        self._index_names()
        self._starts = [m.start for m in self.named]
        self._alias_index: dict[str, Referent] = {}
        for r in self.referents:
            for form in [r.name] + list(r.aliases):
                self._alias_index.setdefault(form.lower(), r)
        self._guess_genders()
        self.links: dict[int, Link] = {}              # token index of a pronoun or description -> its link
        self._candidates: list[_Candidate] = []
        if link:
            self._link_all()

    @classmethod
    def names_only(cls, parsed: ParsedArticle, places: list[Place], entities: list[Entity]) -> "Mentions":
        """The names without the linking pass (what is left when linking fails on an article)."""
        return cls(parsed, entities, places, link=False)

    # ---- names ------------------------------------------------------------------------------
    def _index_names(self) -> None:
        doc = self.doc
        spans: list[tuple[int, int, Referent]] = []
        for p in self.places:
            r = Referent(p.name, "PLACE", list(dict.fromkeys(p.mentions)), p.country_code, p.feature, p)
            self.referents.append(r)
            spans += [(s, e, r) for s, e in p.spans]
        for ent in self.entities:
            if ent.type not in ("PERSON", "ORG"):
                continue
            r = Referent(ent.name, ent.type, list(ent.aliases))
            self.referents.append(r)
            spans += [(s, e, r) for s, e in ent.spans]
        # places first, so that named entities override overlapping place tokens
        for s, e, r in spans:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or not len(span):
                continue
            m = Mention(s, e, span.start, span.end, r)
            self.named.append(m)
            self.names.add(r.name)
            met = metonyms().get(r.name.lower())
            if met:
                self.names.add(met[0])
            for i in range(span.start, span.end):
                if r.type != "PLACE" or i not in self.at_token:
                    self.at_token[i] = m
        self.named.sort(key=lambda m: (m.start, -m.end))

    def _guess_genders(self) -> None:
        """Gender of a person by votes: a title before a mention (Mr, Mrs, spokeswoman) counts
        three, a subject pronoun right after it in the same sentence with no other person between
        ("Sorel says he ...") one; possessives and objects ("..., who cites her record") do not
        vote, they so often stand for someone else."""
        doc = self.doc
        votes: dict[int, dict[str, int]] = {}
        persons = [m for m in self.named if m.type == "PERSON"]
        for k, m in enumerate(persons):
            box = votes.setdefault(id(m.referent), {})
            if m.first > 0:
                g = gender_of_word(doc[m.first - 1].text)
                if g:
                    box[g] = box.get(g, 0) + 3
            nxt = persons[k + 1].start if k + 1 < len(persons) else len(self.text)
            sent_end = doc[m.first].sent.end
            for tok in doc[m.last:min(sent_end, m.last + 12)]:
                if tok.idx >= nxt or (tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN"):
                    break
                row = pronoun(tok)
                if row is not None and row.person == 3 and "PERSON" in row.refers:
                    if row.case == "subj" and row.gender:
                        box[row.gender] = box.get(row.gender, 0) + 1
                    break
        for m in persons:
            box = votes.get(id(m.referent), {})
            if box and box.get("m", 0) != box.get("f", 0):
                m.referent.gender = max(box, key=box.get)

    def named_at(self, token_i: int) -> Optional[Mention]:
        """The name token ``token_i`` belongs to, if any."""
        return self.at_token.get(token_i)

    def in_quote(self, start: int, end: Optional[int] = None) -> bool:
        return self.quote_index(start, end) >= 0

    in_excluded = in_quote

    def quote_index(self, start: int, end: Optional[int] = None) -> int:
        """Index of the quotation holding [start, end), -1 if none."""
        end = start + 1 if end is None else end
        i = bisect.bisect_right(self._quote_starts, start) - 1
        if i >= 0 and self.quoted[i][0] <= start and end <= self.quoted[i][1]:
            return i
        return -1

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, pos) - 1)

    def mention_at(self, start: int, end: int, types=ACTOR_TYPES) -> Optional[Mention]:
        i = bisect.bisect_right(self._starts, end)
        best = None
        for m in self.named[max(0, i - 40):i]:
            if m.start < end and start < m.end and m.type in types:
                if best is None or (best.type == "PLACE" and m.type != "PLACE"):
                    best = m
        return best

    def mentions_in(self, start: int, end: int, types=ACTOR_TYPES) -> list[Mention]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self.named[lo:hi] if m.end <= end and m.type in types]

    def before(self, pos: int, types, limit: int = 3000, contains: Optional[str] = None) -> Optional[Mention]:
        """Nearest name of one of ``types`` ending before ``pos``, outside quotations."""
        i = bisect.bisect_left(self._starts, pos)
        for m in reversed(self.named[:i]):
            if m.end > pos:
                continue
            if pos - m.end > limit:
                break
            if m.type not in types or self.in_quote(m.start, m.end):
                continue
            if contains and contains not in m.name.lower():
                continue
            return m
        return None

    def lookup(self, text: str) -> Optional[Referent]:
        """An entity or place by one of its names, or by a person's last name."""
        key = text.lower().strip()
        if key.startswith("the "):
            key = key[4:]
        if key in self._alias_index:
            return self._alias_index[key]
        words_ = key.split()
        if words_ and len(words_[-1]) >= 3:
            for r in self.referents:
                if r.type == "PERSON" and r.name.lower().split()[-1] == words_[-1]:
                    return r
        return None

    # ---- linking: one pass in text order ----------------------------------------------------
    def _link_all(self) -> None:
        """Every antecedent candidate and every pronoun and description, in text order: a pronoun
        is linked against the candidates before it (resolved pronouns among them), then becomes
        one itself."""
        doc = self.doc
        sent_index = {}
        for k, s in enumerate(doc.sents):
            sent_index[s.start] = k
        self._sent_of = lambda tok: sent_index.get(tok.sent.start, 0)
        for tok in doc:
            if tok.is_space or tok.is_punct or in_dateline(tok):
                continue
            m = self.at_token.get(tok.i)
            if m is not None:
                if tok.i == m.last - 1 or tok.i == self._head_in(m):
                    self._add_candidate(tok, m.referent, _category(m.referent, tok))
                continue
            row = pronoun(tok)
            if row is not None and tok.pos_ == "PRON":
                if row.person == 3 or "ORG" in row.refers:
                    link = self._link_pronoun(tok, row)
                    if link is not None:
                        self.links[tok.i] = link
                        cand = self._candidate_of(link.token)
                        self._add_candidate(tok, link.referent, cand.category if cand else _pron_category(row),
                                            antecedent=link.token)
                continue
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ARGUMENT_DEPS | {"poss", "compound", "nmod"}:
                continue
            category = _noun_category(tok)
            if category is None:
                continue
            ref = None
            if _is_description(tok):
                ref = self._describe(tok)
                if ref is not None:
                    self.links[tok.i] = Link(ref.token, ref.referent)
                    self._add_candidate(tok, ref.referent, category, antecedent=ref.token)
                    continue
            met = metonyms().get(tok.lower_)
            if met is not None:
                continue  # a seat of government without a place of its own: not an antecedent for "he"
            if tok.dep_ in ARGUMENT_DEPS:
                self._add_candidate(tok, ref, category)

    def _head_in(self, m: Mention) -> int:
        """Token index of the syntactic head of a name (the token whose head lies outside it)."""
        for i in range(m.first, m.last):
            h = self.doc[i].head.i
            if not (m.first <= h < m.last) or h == i:
                return i
        return m.last - 1

    def _add_candidate(self, tok, referent, category, antecedent=None) -> None:
        head = antecedent if antecedent is not None else tok
        speaker = (tok.dep_ in SUBJECT_DEPS and is_speech_verb(tok.head)) or _according_to_object(tok)
        self._candidates.append(_Candidate(
            token=head, referent=referent, category=category, sentence=self._sent_of(tok),
            paragraph=self.paragraph_of(tok.idx), subject=tok.dep_ in SUBJECT_DEPS, speaker=speaker,
            quote=self.quote_index(tok.idx), at=tok.i))

    def _candidate_of(self, tok) -> Optional[_Candidate]:
        for c in reversed(self._candidates):
            if c.at == tok.i or c.token.i == tok.i:
                return c
        return None

    def _link_pronoun(self, tok, row) -> Optional[Link]:
        """The most salient compatible candidate before ``tok`` (see the module docstring)."""
        want = row.refers
        if row.person != 3 and self.in_quote(tok.idx):
            return None  # "we" inside a quotation: the speaker's side, not a name before it
        sent, para = self._sent_of(tok), self.paragraph_of(tok.idx)
        quote = self.quote_index(tok.idx)
        reach_s, reach_p = PERSON_REACH if "PERSON" in want else GROUP_REACH
        if row.word == "it" or row.word == "its":
            reach_s, reach_p = 4, 1
        said = tok.dep_ in SUBJECT_DEPS and is_speech_verb(tok.head)
        best, best_score = None, None
        for c in reversed(self._candidates):
            sd, pd = sent - c.sentence, para - c.paragraph
            if sd > reach_s or pd > reach_p:
                break
            if not _agrees(row, c):
                continue
            if quote < 0 and c.quote >= 0:
                continue  # nothing inside a quotation is an antecedent outside it
            if quote >= 0 and c.quote != quote and c.speaker:
                continue  # "He was detained," she said: not the speaker of the quotation
            if sd == 0 and not self._may_precede(c, tok, row):
                continue
            # within its own sentence the nearest phrase wins ("X sent a message to Y asking for his
            # help": Y); across sentences the subject of a sentence stays salient
            score = -sd - PARAGRAPH_COST * pd + (SUBJECT_BONUS if c.subject and sd > 0 else 0.0) \
                + (SPEAKER_BONUS if said and c.speaker else 0.0) + (NAME_BONUS if c.referent is not None else 0.0)
            if best_score is None or score > best_score:
                best, best_score = c, score
        if best is not None:
            return Link(best.token, best.referent)
        if "PERSON" in want and quote < 0:
            # cataphora: "..., he said. Taras Hnatiuk, minister of ..." -- the next person in the paragraph
            para_end = self.text.find("\n\n", tok.idx)
            stop = para_end if para_end >= 0 else len(self.text)
            i = bisect.bisect_left(self._starts, tok.idx)
            for m in self.named[i:]:
                if m.start >= stop:
                    break
                if m.type == "PERSON" and not self.in_quote(m.start, m.end) and \
                        (row.gender is None or m.referent.gender in (None, row.gender)):
                    return Link(self.doc[m.last - 1], m.referent)
        return None

    def _may_precede(self, c: _Candidate, tok, row) -> bool:
        """Same sentence: not an object pronoun of the candidate's own verb ("X met him"), not a
        name inside a relative clause or apposition that leaves the pronoun out."""
        if c.at >= tok.i:
            return False
        cand = self.doc[c.at]
        if row.case == "obj" and cand.dep_ in SUBJECT_DEPS and tok.head.i == cand.head.i:
            return False
        cur = cand
        while cur.head.i != cur.i:
            if cur.dep_ in ("relcl", "appos"):
                return any(x.i == tok.i for x in cur.subtree)
            cur = cur.head
        return True

    def link(self, tok) -> Optional[Link]:
        """What the pronoun or description ``tok`` stands for, if the pass linked it."""
        return self.links.get(tok.i)

    # ---- descriptions -----------------------------------------------------------------------
    def _describe(self, tok) -> Optional[Link]:
        """A definite role description: "the minister" -> the person described with that word
        (else the nearest person), "the ministry" -> the nearest organization named with that
        word; a generic one ("the group", "the agency") -> else the nearest organization in
        its paragraph or the one before; never one owned by someone else ("Moldavia's ministry"
        is not the nearest other ministry)."""
        roles = role_nouns()
        lemma = tok.lemma_.lower() if tok.lemma_.lower() in roles else tok.lower_
        rtype = roles.get(lemma)
        if rtype == "PERSON":
            m = self._role_person(tok, lemma)
            owner = self._owner(tok)
            # a place before a person's role describes them ("the Florida senator"); a possessor
            # says whose ("Kerlan's minister" is not the nearest other minister)
            if m is None or (owner is not None and owner[0] == "poss" and not self._fits_owner(tok, m)):
                return None
            return Link(self.doc[m.last - 1], m.referent)
        if rtype != "ORG":
            return None
        m = self.before(tok.idx, ("ORG",), contains=lemma)
        if m is not None and self._fits_owner(tok, m):
            return Link(self.doc[m.last - 1], m.referent)
        if lemma not in words("anaphoric") or self._owner(tok) is not None:
            return None
        para = self.paragraph_of(tok.idx)
        for c in reversed(self._candidates):
            if para - c.paragraph > 1:
                break
            if c.category == "ORG" and c.quote < 0 and (c.referent is None or c.referent.type == "ORG") \
                    and (c.referent is not None or unlisted_name(c.token)):
                return Link(c.token, c.referent)
        return None

    def _role_person(self, tok, lemma: str) -> Optional[Mention]:
        """'the minister': the nearest person described with that word (a title before the
        name, an apposition after it), else the nearest person."""
        best = None
        i = bisect.bisect_left(self._starts, tok.idx)
        for m in reversed(self.named[:i]):
            if m.type != "PERSON" or m.end > tok.idx or self.in_quote(m.start, m.end):
                continue
            if best is None:
                best = m
            if lemma in self._described_as(m):
                return m
            if tok.idx - m.end > 3000:
                break
        return best

    def _described_as(self, m: Mention) -> set[str]:
        """Lower-case words describing a named person where it is named: the title words before
        it ("Health Minister Dana X") and an apposition right after it ("X, the minister of ...")."""
        doc = self.doc
        out = set()
        k = m.first - 1
        while k >= 0 and m.first - k <= 5 and doc[k].is_alpha and "\n" not in doc[k].whitespace_:
            if not (doc[k].text[:1].isupper() or doc[k].lower_ in role_nouns()):
                break
            out.add(doc[k].lower_)
            k -= 1
        if m.last < len(doc) and doc[m.last].text == ",":
            for t in doc[m.last + 1:m.last + 11]:
                if t.text in (",", ".", ";", "(", ")") or "\n" in t.text:
                    break
                out.add(t.lower_)
                out.add(t.lemma_.lower())
        return out

    def _owner(self, tok):
        """(kind, token) of the modifier saying whose body ``tok`` is: a possessor ("Kerlan's
        government": kind "poss") or a place or nationality ("the Moldavian army", "Moldavia's
        foreign ministry": kind "place"); None when there is none."""
        for c in tok.children:
            if c.i > tok.i:
                continue
            if c.dep_ == "poss" and c.pos_ == "PROPN":
                m = self.mention_at(c.idx, c.idx + len(c.text), types=("PLACE",))
                if m is not None or c.ent_type_ in ("GPE", "NORP", "LOC"):
                    return "place", c
                return "poss", c
            if c.dep_ in ("amod", "compound", "nmod") and c.text[:1].isupper():
                m = self.mention_at(c.idx, c.idx + len(c.text))
                if c.ent_type_ in ("NORP", "GPE") or c.lower_ in demonyms() or (m is not None and m.type == "PLACE"):
                    return "place", c
        return None

    def _fits_owner(self, tok, m: Mention) -> bool:
        """A mention found for "the ministry" fits a description with an owner only when it
        names that owner ("Moldavia's ministry" is not the nearest other ministry)."""
        owner = self._owner(tok)
        if owner is None:
            return True
        word = owner[1].text.lower()
        country = demonyms().get(word, ("", ""))[0].lower()
        name = m.name.lower()
        return word[:4] in name or bool(country and country[:4] in name)

    def _owned_description(self, tok, rtype: str) -> Optional[Resolution]:
        """An organization described through its owner, with no entity of its own: the
        possessor when it is a person or organization ("Kerlan's government said" -> Kerlan), the
        description itself when the owner is a place or nationality ("the Moldavian army")."""
        if rtype != "ORG":
            return None
        owner = self._owner(tok)
        if owner is None:
            return None
        kind, o = owner
        if kind == "poss":
            span = (o.idx, o.idx + len(o.text))
            m = self.mention_at(*span, types=("PERSON", "ORG"))
            if m is not None:
                return Resolution(m.name, m.type, span, True)
            r = self.lookup(o.text)
            if r is not None and r.type in ("PERSON", "ORG"):
                return Resolution(r.name, r.type, span, True)
            etype = {"PERSON": "PERSON", "ORG": "ORG"}.get(o.ent_type_)
            return Resolution(o.text, etype, span, True)
        doc = tok.doc
        left = min([c.left_edge.i for c in tok.children if c.i < tok.i and c.dep_ != "det"] + [tok.i])
        while left < tok.i and (doc[left].pos_ in ("DET", "PUNCT") or not doc[left].text[:1].isalnum()):
            left += 1
        span = doc[left:tok.i + 1]
        return Resolution(span.text, "ORG", (span.start_char, span.end_char), True)

    # ---- who speaks -------------------------------------------------------------------------
    def speaker_token(self, verb, depth: int = 0):
        """The token naming who speaks for reporting verb ``verb`` (never one inside a quotation)."""
        for cand in self._speaker_candidates(verb, depth):
            if cand is not None and not self.in_quote(cand.idx):
                return cand
        return None

    def _speaker_candidates(self, verb, depth: int = 0):
        lemma = verb.lemma_.lower()
        kids = list(verb.children)
        if lemma == "accord":
            for c in kids:
                if c.lower_ == "to":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            yield g
        if lemma in ("cite", "quote"):
            for c in kids:
                if c.dep_ == "dobj":
                    yield c
            for c in kids:
                if c.dep_ == "nsubjpass":
                    yield c
        for c in kids:
            if c.dep_ == "nsubj" and not self.in_quote(c.idx):
                yield c
        for c in kids:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        yield g
        for c in kids:
            if c.dep_ == "nsubjpass" and lemma not in ("tell", "ask", "inform", "question", "charge"):
                yield c
        if verb.dep_ == "xcomp":
            # object control: "prompted the council to state", "asked the minister to comment"
            for c in verb.head.children:
                if c.dep_ == "dobj" and c.i < verb.i:
                    yield c
        if depth < 3 and verb.dep_ in ("conj", "advcl", "xcomp", "pcomp") and verb.head.i != verb.i:
            # "X said ... and added", "..., adding that": the reporting verb above, else the head
            for anc in verb.ancestors:
                if is_speech_verb(anc):
                    yield self.speaker_token(anc, depth + 1)
                    break
            yield self.speaker_token(verb.head, depth + 1)
        doc = verb.doc
        # a noun phrase right before the verb that the parser did not attach: "... of Ukraine said"
        k = verb.i - 1
        while k >= 0 and doc[k].pos_ in ("AUX", "ADV", "PART") and verb.i - k <= 3:
            k -= 1
        if k >= 0 and doc[k].pos_ in ("PROPN", "NOUN") and not self.in_quote(doc[k].idx) \
                and doc[k].sent.start == verb.sent.start:
            yield doc[k]
        # inverted order: "said Anna Melnyk" -- a finite verb, its subject right after it
        if verb.tag_ not in ("VBD", "VBZ", "VBP") and not (verb.tag_ == "VB" and verb.i == verb.sent.start):
            return
        for tok in doc[verb.i + 1:min(len(doc), verb.i + 4)]:
            if tok.pos_ == "ADP":
                return
            if tok.pos_ == "ADV":
                continue
            if tok.pos_ in ("PROPN", "NOUN", "PRON", "DET"):
                head = tok
                while head.dep_ in ("compound", "det", "amod", "poss") and head.head.i > head.i:
                    head = head.head
                yield head
            break

    def according_to(self, sent) -> Optional[object]:
        """The pobj of "according to" in ``sent`` (a Span)."""
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                for c in tok.doc[tok.i + 1].children:
                    if c.dep_ == "pobj":
                        return c
                nxt = tok.doc[tok.i + 2] if tok.i + 2 < len(tok.doc) else None
                if nxt is not None:
                    head = nxt
                    while head.dep_ in ("compound", "det", "amod", "poss") and head.head.i > head.i:
                        head = head.head
                    return head
        return None

    def phrase(self, tok):
        """The noun phrase of ``tok``: its subtree without clauses, at most 20 tokens."""
        doc = tok.doc
        skip = set()
        for c in tok.children:
            if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "conj", "cc"):
                skip |= {t.i for t in c.subtree}
        idx = [t.i for t in tok.subtree if t.i not in skip] or [tok.i]
        left, right = min(idx), max(idx)
        right = min(right, left + 20)
        while right > left and doc[right].is_punct:
            right -= 1
        return doc[left:right + 1]

    def resolve(self, tok, person_only: bool = False) -> Optional[Resolution]:
        """Who the token ``tok`` (the subject of a reporting verb) names."""
        doc = tok.doc
        span = (tok.idx, tok.idx + len(tok.text))
        m = self.mention_at(*span)
        if m is not None and not self.in_quote(m.start, m.end):
            return Resolution(m.name, m.type, (m.start, m.end), True)
        row = pronoun(tok)
        if tok.pos_ == "PRON" or row is not None:
            link = self.links.get(tok.i)
            if link is None or link.referent is None:
                return None
            return Resolution(link.referent.name, link.referent.type, span, True)
        ph = self.phrase(tok)
        # a named entity inside the phrase: "The governor of Lviv, Maksym Kozytskyi"
        modifiers = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for c in tok.children
                     if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < tok.i]
        roles = role_nouns()
        if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children) and \
                tok.lemma_.lower() not in roles and tok.lower_ not in roles:
            # "a resident of Kerlan", "a man from Ostrava": someone unnamed, not the place or group
            modifiers += [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for c in tok.children
                          if c.dep_ == "prep" and c.i > tok.i]
        inner = [x for x in self.mentions_in(ph.start_char, ph.end_char, ("PERSON", "ORG"))
                 if not self.in_quote(x.start, x.end)
                 and not any(a <= x.start and x.end <= b for a, b in modifiers)]
        if inner:
            appos = [x for x in inner if any(c.dep_ == "appos" and c.idx <= x.start < c.idx + len(c.text) + 1 or
                                             c.dep_ == "appos" and x.start <= c.idx < x.end for c in tok.children)]
            pick = (appos or inner)[0]
            return Resolution(pick.name, pick.type, (pick.start, pick.end), True)
        body = self._named_body(tok)
        if body is not None:
            return body
        lemma = tok.lemma_.lower()
        if (tok.pos_ == "NOUN" or tok.text.islower()) and (lemma in roles or tok.lower_ in roles) \
                and _determined(tok):
            link = self.links.get(tok.i) or self._describe(tok)
            if link is not None and link.referent is not None:
                return Resolution(link.referent.name, link.referent.type, (ph.start_char, ph.end_char), True)
            owned = self._owned_description(tok, roles.get(lemma) or roles.get(tok.lower_))
            if owned is not None:
                return owned
        if lemma in source_nouns():
            # "a statement by the two governments", "the ministry's statement": its issuer, named
            issuers = [c for c in tok.children if c.dep_ == "poss"] + \
                [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "in") for g in c.children
                 if g.dep_ == "pobj"]
            for issuer in issuers:
                res = self.resolve(issuer, person_only=person_only)
                if res is not None and res.resolved:
                    return res
            return self.issuer_before(tok.idx, span)
        if tok.pos_ == "PROPN" and tok.text[:1].isupper():
            chain = [t for t in ph if t.pos_ == "PROPN" and (t.i == tok.i or t.head.i == tok.i or t.dep_ == "compound")]
            if all(N.is_title_word(t.text) or t.ent_type_ in ("ORG", "NORP") for t in chain) and \
                    tok.i + 2 < len(doc) and doc[tok.i + 1].text == "." and doc[tok.i + 2].pos_ == "PROPN":
                # "said Army Capt. Dana Pruitt": the parser ended the sentence at the abbreviation
                j = tok.i + 2
                while j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN" and doc[j + 1].sent.start == doc[j].sent.start:
                    j += 1
                return self.resolve(doc[j], person_only=person_only)
            name = doc[chain[0].i:tok.i + 1].text if chain and chain[0].i <= tok.i else tok.text
            r = self.lookup(name) or self.lookup(tok.text)
            if r is not None:
                return Resolution(r.name, r.type, (ph.start_char, ph.end_char), True)
            etype = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE"}.get(tok.ent_type_)
            if person_only and etype not in (None, "PERSON", "ORG"):
                return None
            return Resolution(name, etype, (doc[chain[0].i].idx if chain else tok.idx, tok.idx + len(tok.text)), True)
        text = _LEAD_JUNK.sub("", ph.text)
        if text.lower().startswith(("the ", "a ", "an ")):
            text = text.split(" ", 1)[1]
        return Resolution(text, None, (ph.start_char, ph.end_char), False)

    def _named_body(self, tok) -> Optional[Resolution]:
        """"the Clinton campaign said", "a Sorel campaign official said": an organization named by
        the person or organization it belongs to -- a name right before an organization word,
        itself the head or a modifier of a person's role."""
        roles = role_nouns()
        if tok.pos_ != "NOUN":
            return None
        body = None
        if roles.get(tok.lemma_.lower()) == "ORG":
            body = tok
        elif roles.get(tok.lemma_.lower()) == "PERSON":
            body = next((c for c in tok.children if c.dep_ in ("compound", "nmod") and c.i < tok.i
                         and roles.get(c.lemma_.lower()) == "ORG" and c.pos_ == "NOUN"), None)
        if body is None:
            return None
        for m in self.mentions_in(max(0, body.idx - 80), body.idx, ("PERSON", "ORG")):
            gap = self.text[m.end:body.idx].strip()
            # a compound only: "Kovalenko's government" is Kovalenko's (see _owned_description)
            if gap == "" and m.first >= tok.left_edge.i and not self.in_quote(m.start, m.end):
                surface = self.text[m.start:m.end]
                return Resolution(f"{surface} {body.text}", "ORG", (m.start, body.idx + len(body.text)), True)
        return None

    def issuer_before(self, pos: int, span: Span) -> Optional[Resolution]:
        """For 'a statement said': the nearest resolved reporting subject before ``pos``."""
        doc = self.doc
        start_tok = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if start_tok is None:
            return None
        for tok in reversed(doc[max(0, start_tok.start - 400):start_tok.start]):
            if not is_speech_verb(tok) or self.in_quote(tok.idx):
                continue
            subj = self.speaker_token(tok)
            if subj is None or subj.lemma_.lower() in source_nouns():
                continue
            res = self.resolve(subj)
            if res is not None and res.resolved:
                return Resolution(res.name, res.type, span, True)
        return None

    def source_token(self, tok, kind: str = "speech"):
        """The token naming who claims the clause around ``tok``: the subject of the nearest
        reporting verb (of ``kind``, see ``wordclasses.is_speech_verb``) above it, else of the
        sentence's root reporting verb, else "according to X"."""
        cur, steps = tok, 0
        while steps < 12:
            head = cur.head
            if head.i == cur.i:
                break
            if is_speech_verb(head, kind) or head.lemma_.lower() == "accord":
                subj = self.speaker_token(head)
                if subj is not None and subj.i != tok.i and not tok.is_ancestor(subj) \
                        and not any(a.i == subj.i for a in tok.ancestors):
                    return subj
            cur, steps = head, steps + 1
        sent = tok.sent
        for t in sent:
            lo, hi = sorted((t.idx, tok.idx))
            if "\n" in self.text[lo:hi]:
                continue  # another paragraph (or a headline) glued into the sentence
            # the sentence's root reporting verb, or one conjoined after the clause it reports
            # ("Norland will send aid, the minister said": "said" hangs on "send")
            if not is_speech_verb(t, kind) or t.i == tok.i:
                continue
            if t.dep_ == "ROOT":
                subj = self.speaker_token(t)
                if subj is not None and not tok.is_ancestor(subj) and subj.i != tok.i:
                    return subj
            elif t.dep_ in ("conj", "parataxis") and t.head.dep_ == "ROOT" and t.i > tok.i:
                subj = self.speaker_token(t)
                if subj is not None and t.is_ancestor(subj):   # the conjoined reporting verb's own subject
                    return subj
        return self.according_to(sent)

    def source_of(self, tok) -> Optional[Resolution]:
        """Who claims the clause around ``tok`` (see ``source_token``), resolved."""
        subj = self.source_token(tok)
        return self.resolve(subj) if subj is not None else None


# ---- categories and agreement ---------------------------------------------------------------

def _category(r: Referent, tok) -> str:
    if r.type == "PERSON":
        return "PERSON"
    if r.type == "ORG":
        return "ORG"
    return "PLACE"


def _pron_category(row) -> str:
    if "PERSON" in row.refers:
        return "PERSON"
    return "GROUP" if row.number == "pl" else "ORG"


def _plural(tok) -> bool:
    return tok.tag_ in ("NNS", "NNPS") or tok.lemma_.lower() in ("police", "people", "military")


def _noun_category(tok) -> Optional[str]:
    """What a common-noun phrase headed by ``tok`` can be an antecedent as: a person ("the
    minister", "a soldier"), an organization ("the ministry", "the army"), a group of people or
    organizations ("protesters", "the troops"), a thing ("the bridge"), or None."""
    lemma = tok.lemma_.lower()
    role = role_nouns().get(lemma) or role_nouns().get(tok.lower_)
    refers = role or actor_refers().get(lemma)
    if refers is None:
        if unlisted_name(tok):
            return "PERSON" if tok.ent_type_ == "PERSON" else "ORG"
        if tok.pos_ == "PROPN" and tok.ent_type_ in ("ORG", "NORP"):
            return "GROUP" if _plural(tok) else "ORG"
        if tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON":
            return "PERSON"
        if tok.pos_ == "NOUN" and tok.dep_ in ARGUMENT_DEPS and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL"):
            # "the bridge ... it collapsed": a thing "it" can stand for, so that "it" does not reach
            # back past it to an organization
            return "GROUPTHING" if _plural(tok) else "THING"
        return None
    if _plural(tok):
        return "GROUPTHING" if refers == "THING" else "GROUP"
    return refers


def _agrees(row, c: _Candidate) -> bool:
    """Agreement between a pronoun row and a candidate: animacy/type, number, gender."""
    cat = c.category
    if "PERSON" in row.refers and row.number == "sg":
        if cat != "PERSON":
            return False
        g = c.referent.gender if c.referent is not None else _token_gender(c.token)
        return row.gender is None or g in (None, row.gender)
    if row.number == "pl":          # they, them, their, we
        return cat in ("GROUP", "ORG", "GROUPTHING") if "GROUP" in row.refers else cat == "ORG"
    return cat in ("ORG", "PLACE", "THING")  # it, its


def _token_gender(tok) -> Optional[str]:
    return gender_of_word(tok.lower_) or gender_of_word(tok.lemma_.lower())


def _determined(tok) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "some", "any", "another")
               for c in tok.children)


def _is_description(tok) -> bool:
    """A definite singular role noun: "the minister", "the ministry", "its spokesman"."""
    lemma = tok.lemma_.lower()
    roles = role_nouns()
    return (tok.pos_ == "NOUN" or tok.text.islower()) and (lemma in roles or tok.lower_ in roles) \
        and _determined(tok) and not _plural(tok)


def unlisted_name(token) -> bool:
    """An organization or person name, or an acronym, that no extractor listed ("ECOWAS", "M23")."""
    if token.lower_ in demonyms() or token.ent_type_ in ("NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
                                                           "PERCENT", "QUANTITY"):
        return False
    if token.pos_ == "PROPN" and token.ent_type_ in ("ORG", "PERSON"):
        return True
    text = token.text
    return (2 <= len(text) <= 8 and text.isupper() and text.isalnum() and text[0].isalpha()
            and (sum(ch.isalpha() for ch in text) >= 2 or any(ch.isdigit() for ch in text))
            and token.pos_ in ("PROPN", "NOUN"))


def _according_to_object(tok) -> bool:
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.i > 0 \
        and tok.doc[tok.head.i - 1].lower_ == "according"


def build_mentions(parsed: ParsedArticle, places: list[Place], entities: list[Entity]) -> Mentions:
    """The ``mentions`` extractor: built once per article, after places and entities."""
    return Mentions(parsed, entities, places)
