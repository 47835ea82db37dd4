"""The coder's word lists: ``data/plover_lexicon.tsv`` (triggers); the word classes of ``data/event_words.tsv``
are ``wordclasses.words`` (shared with the other extractors).

A lexicon row is ``lemma, particle_or_prep, pos, type, mode, target_prep, note``; ``row_for`` picks the
row a token's lemma and dependents select ("call for" before "call", "+border" rows only with that
object, "to:street" rows only with that preposition and object).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from eventwire.extract.wordclasses import words
from eventwire.lexicons import table

# types whose target may be a thing or place rather than an actor
MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "AID", "CONCEDE", "SANCTION"})
# a stated intention to act (CAMEO 03 "express intent to cooperate", 13 "threaten"): its PLOVER type
COOPERATIVE = frozenset({"AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "CONSULT"})
FORCEFUL = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
OBLIGATION = {"lemma": "", "particle_or_prep": "", "pos": "V", "type": "REQUEST", "mode": "", "target_prep": "",
              "frame": "obligation"}


def intent_row(row: dict) -> Optional[dict]:
    """"Norland will send aid to Sudria" is AGREE, "Norland is ready to strike" THREATEN; None for speech acts."""
    typ = "AGREE" if row["type"] in COOPERATIVE else "THREATEN" if row["type"] in FORCEFUL else None
    return dict(row, type=typ, mode="intent", frame="intent", intent_of=row["type"]) if typ else None


def refusal_row(row: dict) -> dict:
    """"Norland will not accept the plan", "Sudria did not agree to the talks": PLOVER REJECT."""
    return dict(row, type="REJECT", mode="", frame="refusal")


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = {}
    for row in table("plover_lexicon", columns=("lemma", "particle_or_prep", "pos", "type", "mode", "target_prep")):
        out.setdefault((row["lemma"].lower(), row["pos"]), []).append(row)
    return out




@lru_cache(maxsize=1)
def _known_lemmas() -> frozenset[str]:
    return frozenset({lem for lem, _ in lexicon()} | {r["word"].lower() for r in table("event_words")})


def _verb_stems(text: str) -> list[str]:
    if text.endswith("ied"):
        return [text[:-3] + "y"]
    if text.endswith("ed"):
        return [text[:-1], text[:-2], text[:-3]]     # staged, attacked, stopped
    if text.endswith("ing"):
        return [text[:-3], text[:-3] + "e", text[:-4]]
    if text.endswith("s"):
        return [text[:-1], text[:-2]]
    return []


def lemma(tok) -> str:
    """The token's lemma, repaired where the lemmatizer misses a verb the lexicon knows ("staged" ->
    "stag")."""
    base = tok.lemma_.lower()
    if tok.pos_ != "VERB" or base in _known_lemmas():
        return base
    for stem in _verb_stems(tok.lower_):
        if stem in _known_lemmas():
            return stem
    return base


def alternatives(spec: str) -> list[str]:
    if spec.startswith("+"):
        return ["+" + w for w in spec[1:].split("|")]
    if ":" in spec:   # "to:street|streets": the preposition with one of these objects ("took to the streets")
        prep, objs = spec.split(":", 1)
        return [f"{prep}:{w}" for w in objs.split("|")]
    return [spec]


def row_for(tok, pos: str) -> Optional[dict]:
    """The lexicon row for ``tok`` as a verb (``V``) or event noun (``N``), or None."""
    rows = lexicon().get((lemma(tok), pos))
    if not rows:
        return None
    kids = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "advmod", "agent")
            or (c.pos_ == "ADJ" and c.dep_ in ("oprd", "acomp", "ccomp", "xcomp"))}   # "set the cars alight"
    # "+border|frontier": a verb row needs a direct object (or passive subject) with one of these lemmas,
    # a noun row a modifier ("+hunger": "a hunger strike", not an air strike)
    deps = ("dobj", "nsubjpass") if pos == "V" else ("compound", "amod", "nmod")
    kids |= {f"{c.lower_}:{g.lemma_.lower()}" for c in tok.children if c.dep_ == "prep" for g in c.children
             if g.dep_ == "pobj"}
    objs = [c for c in tok.children if c.dep_ in deps]
    if pos == "V":   # "provided photographs and intelligence": every conjoined object
        objs += [g for c in objs for g in c.children if g.dep_ == "conj" and g.pos_ in ("NOUN", "PROPN")]
    for c in objs:
        kids.add("+" + c.lemma_.lower())
        if pos == "V":  # "ended mediation efforts", "halted aid deliveries": the object's compound
            kids |= {"+" + g.lemma_.lower() for g in c.children if g.dep_ == "compound"}
    with_particle = [r for r in rows if r["particle_or_prep"] and
                     any(p in kids for p in alternatives(r["particle_or_prep"]))]
    if with_particle:
        return with_particle[0]
    plain = [r for r in rows if not r["particle_or_prep"]]
    return plain[0] if plain else None


def target_preps(row: dict) -> list[str]:
    return [p for p in (row.get("target_prep") or "").split("|") if p]
