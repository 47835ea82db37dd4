"""Who says it: speaker and source resolution shared by quotes and quantities.

A :class:`Resolver` is built once per article from the article's entities and places
(falling back on spaCy's PERSON/ORG entities when the entity list is empty).  It finds the
subject of a reporting verb ("X said", "said X", "X cited Y as saying", "according to X")
and resolves it to a canonical name: a mention of an entity or place, a pronoun ("he") or
a definite description ("the ministry", "the minister") through the nearest compatible
mention before it, or a document noun ("a statement said") through the nearest reporting
subject before it.  Mentions inside quotations are never antecedents.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from eventwire import lexicons
from eventwire.records import Entity, Place, Span

PERSONAL = ("PERSON",)
ACTOR_TYPES = ("PERSON", "ORG", "PLACE")


@dataclass
class Mention:
    start: int
    end: int
    name: str
    type: str                    # PERSON | ORG | PLACE
    gender: Optional[str] = None


@dataclass
class Resolution:
    name: str
    type: Optional[str]          # PERSON | ORG | PLACE, None when unknown
    span: Span                   # the attributing mention in the text (name, pronoun, description)
    resolved: bool               # True when it is an entity or place of the article (or a proper name)


def speech_verbs() -> frozenset[str]:
    return lexicons.words("speech_verbs")


def source_nouns() -> frozenset[str]:
    return lexicons.words("source_nouns")


def role_nouns() -> dict[str, str]:
    return {r["word"]: r["type"] for r in lexicons.table("role_nouns")}


def pronouns() -> dict[str, dict]:
    return {r["pronoun"]: r for r in lexicons.table("pronouns")}


def gender_hints() -> dict[str, str]:
    return {r["word"]: r["gender"] for r in lexicons.table("gender_hints")}


_LEAD_JUNK = re.compile(r"^[^\w\"'\u201c\u2018]+")  # bullets and dashes before a phrase: "\u25ba The army"


def _demonyms() -> dict[str, str]:
    """Demonym (as written: "Moldavian") -> its country."""
    return {r["demonym"]: r.get("country", "") for r in lexicons.table("demonyms") if r.get("demonym")}


def is_speech_verb(tok) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.lower_ not in ("said", "says", "told", "added"):
        return False
    return tok.lemma_.lower() in speech_verbs()


def _fallback_entities(doc) -> list[Entity]:
    """PERSON/ORG from spaCy when no entity list was given: a short mention whose last word is
    the last word of a fuller PERSON mention takes that fuller name."""
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG")]
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


class Resolver:
    def __init__(self, parsed, entities: Iterable[Entity], places: Iterable[Place],
                 excluded: Iterable[Span] = ()):
        self.parsed = parsed
        self.doc = parsed.doc
        self.text = parsed.text
        entities = list(entities or [])
        if not entities:
            entities = _fallback_entities(self.doc)
        self.entities = entities
        self.places = list(places or [])
        self.excluded = sorted(excluded)
        mentions: list[Mention] = []
        for e in entities:
            if e.type not in ("PERSON", "ORG"):
                continue
            for s, t in e.spans:
                mentions.append(Mention(s, t, e.name, e.type))
        for p in self.places:
            for s, t in p.spans:
                mentions.append(Mention(s, t, p.name, "PLACE"))
        mentions.sort(key=lambda m: (m.start, -m.end))
        self.mentions = mentions
        self._starts = [m.start for m in mentions]
        self._genders = self._guess_genders()
        self._alias_index: dict[str, Mention] = {}
        for e in entities:
            for form in [e.name] + list(e.aliases):
                self._alias_index.setdefault(form.lower(), Mention(0, 0, e.name, e.type))
        for p in self.places:
            for form in [p.name] + list(p.mentions):
                self._alias_index.setdefault(form.lower(), Mention(0, 0, p.name, "PLACE"))

    # ---- mentions -------------------------------------------------------------------------
    def _guess_genders(self) -> dict[str, str]:
        """Gender of a PERSON from a title before a mention (Mr, Mrs) or a pronoun right after
        it in the same sentence with no other person between."""
        hints = gender_hints()
        out: dict[str, str] = {}
        doc = self.doc
        persons = [m for m in self.mentions if m.type == "PERSON"]
        for k, m in enumerate(persons):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            if span.start > 0 and doc[span.start - 1].lower_ in hints:
                out.setdefault(m.name, hints[doc[span.start - 1].lower_])
            nxt = persons[k + 1].start if k + 1 < len(persons) else len(self.text)
            sent_end = span[0].sent.end
            for tok in doc[span.end:min(sent_end, span.end + 12)]:
                if tok.idx >= nxt:
                    break
                if tok.lower_ in ("he", "his", "him"):
                    out.setdefault(m.name, "m")
                    break
                if tok.lower_ in ("she", "her", "hers"):
                    out.setdefault(m.name, "f")
                    break
        return out

    def in_excluded(self, start: int, end: Optional[int] = None) -> bool:
        end = start + 1 if end is None else end
        i = bisect.bisect_right(self.excluded, (start, float("inf"))) - 1
        for s, e in self.excluded[max(0, i - 1):i + 2]:
            if s <= start and end <= e:
                return True
        return False

    def mention_at(self, start: int, end: int, types=ACTOR_TYPES) -> Optional[Mention]:
        i = bisect.bisect_right(self._starts, end)
        best = None
        for m in self.mentions[max(0, i - 40):i]:
            if m.start < end and start < m.end and m.type in types:
                if best is None or (best.type == "PLACE" and m.type != "PLACE"):
                    best = m
        return best

    def mentions_in(self, start: int, end: int, types=ACTOR_TYPES) -> list[Mention]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end and m.type in types]

    def before(self, pos: int, types, limit: int = 3000, gender: Optional[str] = None,
               contains: Optional[str] = None) -> Optional[Mention]:
        """Nearest mention of one of ``types`` ending before ``pos``, outside quotations."""
        i = bisect.bisect_left(self._starts, pos)
        for m in reversed(self.mentions[:i]):
            if m.end > pos:
                continue
            if pos - m.end > limit:
                break
            if m.type not in types or self.in_excluded(m.start, m.end):
                continue
            if gender and self._genders.get(m.name) not in (None, gender):
                continue
            if contains and contains not in m.name.lower():
                continue
            return m
        return None

    def after(self, pos: int, stop: int, types, gender: Optional[str] = None) -> Optional[Mention]:
        i = bisect.bisect_left(self._starts, pos)
        for m in self.mentions[i:]:
            if m.start >= stop:
                break
            if m.type in types and not self.in_excluded(m.start, m.end) and \
                    (not gender or self._genders.get(m.name) in (None, gender)):
                return m
        return None

    def lookup(self, text: str) -> Optional[Mention]:
        """An entity or place by one of its names, or by a PERSON's last name."""
        key = text.lower().strip()
        if key.startswith("the "):
            key = key[4:]
        if key in self._alias_index:
            return self._alias_index[key]
        words_ = key.split()
        if words_:
            for e in self.entities:
                if e.type == "PERSON" and e.name.lower().split()[-1] == words_[-1] and len(words_[-1]) >= 3:
                    return Mention(0, 0, e.name, e.type)
        return None

    # ---- subjects -------------------------------------------------------------------------
    def speaker_token(self, verb, depth: int = 0):
        """The token naming who speaks for reporting verb ``verb`` (never one inside a quotation)."""
        for cand in self._speaker_candidates(verb, depth):
            if cand is not None and not self.in_excluded(cand.idx):
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
            if c.dep_ == "nsubj" and not self.in_excluded(c.idx):
                yield c
        for c in kids:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        yield g
        for c in kids:
            if c.dep_ == "nsubjpass" and lemma not in ("tell", "ask", "inform"):
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
        if k >= 0 and doc[k].pos_ in ("PROPN", "NOUN") and not self.in_excluded(doc[k].idx) \
                and doc[k].sent.start == verb.sent.start:
            yield doc[k]
        # inverted order: "said Anna Melnyk"
        for tok in doc[verb.i + 1:min(len(doc), verb.i + 4)]:
            if tok.pos_ in ("ADV", "ADP") and tok.dep_ not in ("pobj",):
                if tok.lower_ in ("in", "on", "to"):
                    return
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

    # ---- resolution -----------------------------------------------------------------------
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
        """Resolve the subject token ``tok`` of a reporting verb."""
        doc = tok.doc
        span = (tok.idx, tok.idx + len(tok.text))
        m = self.mention_at(*span)
        if m is not None and not self.in_excluded(m.start, m.end):
            return Resolution(m.name, m.type, (m.start, m.end), True)
        low = tok.lower_
        prons = pronouns()
        if tok.pos_ == "PRON" or low in prons:
            row = prons.get(low)
            if row is None:
                return None
            gender = row["gender"] if row["gender"] in ("m", "f") else None
            if row["type"] == "PERSON":
                m = self.before(tok.idx, ("PERSON",), gender=gender)
                if m is None:  # cataphora: "..., he said. Taras Hnatiuk, minister of ..."
                    para_end = self.text.find("\n\n", tok.idx)
                    m = self.after(tok.idx, para_end if para_end >= 0 else len(self.text), ("PERSON",), gender=gender)
            elif low == "it":
                m = self.before(tok.idx, ("ORG",), limit=1500)
            else:  # they / we: an organization
                m = self.before(tok.idx, ("ORG",), limit=800)
            if m is None:
                return None
            return Resolution(m.name, m.type, span, True)
        ph = self.phrase(tok)
        # a named entity inside the phrase: "The governor of Lviv, Maksym Kozytskyi"
        modifiers = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for c in tok.children
                     if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < tok.i]
        if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children) and \
                tok.lemma_.lower() not in role_nouns() and tok.lower_ not in role_nouns():
            # "a resident of Kerlan", "a man from Ostrava": someone unnamed, not the place or group
            modifiers += [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for c in tok.children
                          if c.dep_ == "prep" and c.i > tok.i]
        inner = [x for x in self.mentions_in(ph.start_char, ph.end_char, ("PERSON", "ORG"))
                 if not self.in_excluded(x.start, x.end)
                 and not any(a <= x.start and x.end <= b for a, b in modifiers)]
        if inner:
            appos = [x for x in inner if any(c.dep_ == "appos" and c.idx <= x.start < c.idx + len(c.text) + 1 or
                                             c.dep_ == "appos" and x.start <= c.idx < x.end for c in tok.children)]
            pick = (appos or inner)[0]
            return Resolution(pick.name, pick.type, (pick.start, pick.end), True)
        roles = role_nouns()
        lemma = tok.lemma_.lower()
        determined = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "some", "any", "another")
                         for c in tok.children)
        if (tok.pos_ == "NOUN" or tok.text.islower()) and (lemma in roles or tok.lower_ in roles) and determined:
            lemma = lemma if lemma in roles else tok.lower_
            rtype = roles[lemma]
            if rtype == "PERSON":
                m = self._role_person(tok, lemma)
            else:
                m = self.before(tok.idx, ("ORG",), contains=lemma if lemma not in ("group", "organization",
                                                                                   "organisation") else None)
                if m is None and lemma in ("group", "organization", "organisation"):
                    m = self.before(tok.idx, ("ORG",))
            if m is not None and self._fits_owner(tok, m):
                return Resolution(m.name, m.type, (ph.start_char, ph.end_char), True)
            owned = self._owned_description(tok, ph, rtype)
            if owned is not None:
                return owned
        if lemma in source_nouns():
            return self.issuer_before(tok.idx, span)
        if tok.pos_ == "PROPN" and tok.text[:1].isupper():
            chain = [t for t in ph if t.pos_ == "PROPN" and (t.i == tok.i or t.head.i == tok.i or t.dep_ == "compound")]
            name = doc[chain[0].i:tok.i + 1].text if chain and chain[0].i <= tok.i else tok.text
            m = self.lookup(name) or self.lookup(tok.text)
            if m is not None:
                return Resolution(m.name, m.type, (ph.start_char, ph.end_char), True)
            etype = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE"}.get(tok.ent_type_)
            if person_only and etype not in (None, "PERSON", "ORG"):
                return None
            return Resolution(name, etype, (doc[chain[0].i].idx if chain else tok.idx, tok.idx + len(tok.text)), True)
        text = _LEAD_JUNK.sub("", ph.text)
        if text.lower().startswith(("the ", "a ", "an ")):
            text = text.split(" ", 1)[1]
        return Resolution(text, None, (ph.start_char, ph.end_char), False)

    def _owner(self, tok):
        """(kind, token) of the modifier saying whose body ``tok`` is: a possessor ("Kerlan's
        government": kind "poss") or a place or nationality ("the Moldavian army", "Moldavia's
        foreign ministry": kind "place"); None when there is none."""
        for c in tok.children:
            if c.i > tok.i:
                continue
            if c.dep_ == "poss" and c.pos_ == "PROPN":
                span = (c.idx, c.idx + len(c.text))
                head = c
                m = self.mention_at(*span, types=("PLACE",))
                if m is not None or c.ent_type_ in ("GPE", "NORP", "LOC"):
                    return "place", head
                return "poss", head
            if c.dep_ in ("amod", "compound", "nmod") and c.text[:1].isupper():
                m = self.mention_at(c.idx, c.idx + len(c.text))
                if c.ent_type_ in ("NORP", "GPE") or c.text in _demonyms() or (m is not None and m.type == "PLACE"):
                    return "place", c
        return None

    def _fits_owner(self, tok, m: Mention) -> bool:
        """A mention found for "the ministry" fits a description with an owner only when it
        names that owner ("Moldavia's ministry" is not the nearest other ministry)."""
        owner = self._owner(tok)
        if owner is None:
            return True
        word = owner[1].text.lower()
        country = _demonyms().get(owner[1].text, "").lower()
        name = m.name.lower()
        return word[:4] in name or bool(country and country[:4] in name)

    def _owned_description(self, tok, ph, rtype: str) -> Optional[Resolution]:
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
            m = self.lookup(o.text)
            if m is not None and m.type in ("PERSON", "ORG"):
                return Resolution(m.name, m.type, span, True)
            etype = {"PERSON": "PERSON", "ORG": "ORG"}.get(o.ent_type_)
            return Resolution(o.text, etype, span, True)
        doc = tok.doc
        left = min([c.left_edge.i for c in tok.children if c.i < tok.i and c.dep_ != "det"] + [tok.i])
        while left < tok.i and (doc[left].pos_ in ("DET", "PUNCT") or not doc[left].text[:1].isalnum()):
            left += 1
        span = doc[left:tok.i + 1]
        return Resolution(span.text, "ORG", (span.start_char, span.end_char), True)

    def _role_person(self, tok, lemma: str) -> Optional[Mention]:
        """'the minister': the nearest person described with that word, else the nearest person."""
        best = None
        i = bisect.bisect_left(self._starts, tok.idx)
        for m in reversed(self.mentions[:i]):
            if m.type != "PERSON" or m.end > tok.idx or self.in_excluded(m.start, m.end):
                continue
            if best is None:
                best = m
            window = self.text[max(0, m.start - 60):m.end + 60].lower()
            if lemma in window:
                return m
            if tok.idx - m.end > 3000:
                break
        return best

    def issuer_before(self, pos: int, span: Span) -> Optional[Resolution]:
        """For 'a statement said': the nearest resolved reporting subject before ``pos``."""
        doc = self.doc
        start_tok = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if start_tok is None:
            return None
        for tok in reversed(doc[max(0, start_tok.start - 400):start_tok.start]):
            if not is_speech_verb(tok) or self.in_excluded(tok.idx):
                continue
            subj = self.speaker_token(tok)
            if subj is None or subj.lemma_.lower() in source_nouns():
                continue
            res = self.resolve(subj)
            if res is not None and res.resolved:
                return Resolution(res.name, res.type, span, True)
        return None

    def source_of(self, tok) -> Optional[Resolution]:
        """Who claims the clause around ``tok``: the subject of the nearest reporting verb
        above it, else "according to X" in its sentence."""
        cur, steps = tok, 0
        while steps < 12:
            head = cur.head
            if head.i == cur.i:
                break
            if is_speech_verb(head) or head.lemma_.lower() == "accord":
                subj = self.speaker_token(head)
                if subj is not None and subj.i != tok.i and not (subj in list(tok.ancestors) + [tok]) \
                        and not tok.is_ancestor(subj):
                    res = self.resolve(subj)
                    if res is not None:
                        return res
                if cur.dep_ == "nsubjpass" and head.lemma_.lower() == "report":
                    pass
            cur, steps = head, steps + 1
        # the root reporting verb of the sentence ("..., the staff said")
        sent = tok.sent
        for t in sent:
            lo, hi = sorted((t.idx, tok.idx))
            if "\n" in self.text[lo:hi]:
                continue  # another paragraph (or a headline) glued into the sentence
            if is_speech_verb(t) and t.dep_ == "ROOT" and t.i != tok.i:
                subj = self.speaker_token(t)
                if subj is not None and not tok.is_ancestor(subj) and subj.i != tok.i:
                    res = self.resolve(subj)
                    if res is not None:
                        return res
        acc = self.according_to(sent)
        if acc is not None:
            return self.resolve(acc)
        return None
