"""Word classes and small text helpers that several extractors share (mentions, actors, events,
quotes, quantities): one loader per data file, so that a list lives in one place.

- ``speech_verbs.tsv``: every verb that attributes words or a claim, by kind (``speech``,
  ``quote``, ``claim``);
- ``pronouns.tsv``: person, what a pronoun can refer to, gender, number, case;
- ``titles.tsv``: titles stripped from names, role words that stand for a person or an
  organization ("the minister", "the ministry"), and the gender a word says;
- ``actor_roles.tsv``: head nouns that make a noun phrase an actor, and the role they give;
- ``actor_metonyms.tsv``: capitals and seats that stand for a government ("the Kremlin");
- ``demonyms.tsv``: nationality words and the country (and place) they point to;
- ``event_words.tsv``: the event coder's word classes (``words``).

And the dateline of an article ("KYIV, March 3 (Reuters) - "), which neither names an actor nor
is a sentence of the story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from eventwire import names
from eventwire.lexicons import table
from eventwire.nlp.pipeline import text_of

# --- speech verbs -------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def verbs_of_kind(kind: str) -> frozenset[str]:
    """Lemmas of ``speech_verbs.tsv`` with ``kind`` (speech, quote or claim) among their kinds."""
    return frozenset(r["word"].lower() for r in table("speech_verbs", columns=("word", "kinds"))
                     if kind in r["kinds"].split("|"))


def speech_verbs() -> frozenset[str]:
    return verbs_of_kind("speech")


# verbs the tagger may not call VERB in a headline or a fragment; their lemma still has to be a speech verb
_ALWAYS_VERBS = frozenset({"said", "says", "told", "added"})
_NOT_WITH_INFINITIVE = frozenset({"continue"})


def is_speech_verb(tok, kind: str = "speech") -> bool:
    """``tok`` is a verb attributing speech or a claim to its subject ("said", "told", "warned");
    ``kind="claim"``: one whose clause is a claim ("said", "believes"; not "vowed", "urged")."""
    if tok.pos_ not in ("VERB", "AUX") and tok.lower_ not in _ALWAYS_VERBS:
        return False
    lemma = tok.lemma_.lower()
    kinds = verbs_of_kind(kind)
    if lemma in kinds:
        # "will continue to be", "went on to win": not reporting anything
        return not (lemma in _NOT_WITH_INFINITIVE and any(c.dep_ == "xcomp" for c in tok.children))
    # "pointed out", "shot back", "as she put it": a verb with its particle or object
    if any(f"{lemma} {c.lower_}" in kinds for c in tok.children if c.dep_ in ("prt", "advmod", "dobj") and c.i > tok.i):
        return True
    # "made the point that", "issued a statement": a light verb whose object is one speech noun
    return kind == "speech" and lemma in verbs_of_kind("light") and any(
        c.dep_ == "dobj" and c.tag_ == "NN" and c.lemma_.lower() in verbs_of_kind("object") for c in tok.children)


def is_quote_verb(tok) -> bool:
    """A verb that takes a quoted phrase without reporting a claim ("blamed "..."", "chanting "...")."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs_of_kind("quote")


# --- pronouns -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pronoun:
    word: str
    person: int
    refers: frozenset[str]       # PERSON, ORG, GROUP
    gender: Optional[str]        # m, f or None
    number: str                  # sg, pl
    case: str                    # subj, obj, poss, refl


@lru_cache(maxsize=1)
def pronouns() -> dict[str, Pronoun]:
    out = {}
    for r in table("pronouns", columns=("pronoun", "person", "refers", "gender", "number", "case")):
        out[r["pronoun"].lower()] = Pronoun(r["pronoun"].lower(), int(r["person"]),
                                            frozenset(x for x in r["refers"].split("|") if x),
                                            r["gender"] or None, r["number"], r["case"])
    return out


def pronoun(tok) -> Optional[Pronoun]:
    """The pronoun row for a token that is used as a pronoun (not "US" the country, not "her" as in
    "Her Majesty" written in capitals)."""
    row = pronouns().get(tok.lower_)
    if row is None or (tok.text.isupper() and len(tok.text) > 1):
        return None
    return row


# --- titles and role words ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _titles_table() -> tuple[dict, ...]:
    return table("titles", columns=("word", "title", "refers", "gender"))


def person_titles() -> frozenset[str]:
    """Words stripped from the front of a person's name ("Mr", "Gen", "Defense", "Minister")."""
    return names.titles()


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, str]:
    """Role word -> PERSON or ORG: "the minister" stands for a person, "the ministry" for an organization."""
    return {r["word"].lower(): r["refers"] for r in _titles_table() if r["refers"]}


@lru_cache(maxsize=1)
def gender_words() -> dict[str, str]:
    """A title or role word that says its bearer's gender ("mrs" -> f, "spokesman" -> m)."""
    return {r["word"].lower(): r["gender"] for r in _titles_table() if r["gender"]}


def gender_of_word(word: str) -> Optional[str]:
    return gender_words().get(word.lower().rstrip("."))


@lru_cache(maxsize=1)
def actor_roles() -> dict[str, str]:
    """Head noun (lemma) that makes a noun phrase an actor -> its role ("troop" -> military)."""
    return {r["word"]: r["role"] for r in table("actor_roles", columns=("word", "role"))}


@lru_cache(maxsize=1)
def actor_refers() -> dict[str, str]:
    """Head noun (lemma) of an actor -> what one of them is: PERSON, ORG or THING."""
    return {r["word"]: r["refers"] for r in table("actor_roles", columns=("word", "refers"))}


# --- places as actors ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def metonyms() -> dict[str, tuple[str, str]]:
    """lower-case capital or seat -> (country, iso2): "the Kremlin" -> Russia."""
    return {r["name"].lower(): (r["country"], r.get("iso2", ""))
            for r in table("actor_metonyms", columns=("name", "country", "iso2"))}


@lru_cache(maxsize=1)
def demonyms() -> dict[str, tuple[str, str]]:
    """lower-case demonym -> (country name, iso2); also country names themselves."""
    out: dict[str, tuple[str, str]] = {}
    for r in table("demonyms", columns=("demonym", "country")):
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


# --- the event coder's word classes -------------------------------------------------------------


@lru_cache(maxsize=None)
def words(cls: str) -> frozenset[str]:
    """A word class of ``event_words.tsv``; ``report`` is the speech verbs of kind ``claim``."""
    if cls == "report":
        return verbs_of_kind("claim")
    return frozenset(r["word"].lower() for r in table("event_words", columns=("class", "word")) if r["class"] == cls)


# --- the dateline -------------------------------------------------------------------------------

DATELINE_RE = re.compile(r"^\s*[A-Z][A-Z.'\u2019 -]{2,}(?:,[^\n]{0,80}?)?\s+(?:-|--|\u2013|\u2014)\s+")


def find_dateline(text: str) -> tuple[int, int]:
    """Character range of a dateline opening one of the article's first lines; (0, 0) if none."""
    pos = 0
    for line in text[:1200].split("\n"):
        m = DATELINE_RE.match(line)
        if m:
            return pos, pos + m.end()
        pos += len(line) + 1
    return 0, 0


def dateline_span(doc) -> tuple[int, int]:
    """``find_dateline`` of the text as it came in (the parsed text has the same length, but a restored dateline
    lost its capitals), cached on the Doc: asked once per candidate actor."""
    cached = doc.user_data.get("eventwire_dateline")
    if cached is None:
        cached = doc.user_data["eventwire_dateline"] = find_dateline(
            doc.user_data.get("eventwire_original_text") or text_of(doc))
    return cached


def in_dateline(tok) -> bool:
    a, b = dateline_span(tok.doc)
    return a <= tok.idx < b
