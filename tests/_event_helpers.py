"""Shared helpers for the event tests: parse invented sentences with the real spaCy model."""
from eventwire.extract.events import extract_events
from eventwire.extract.mentions import Mentions
from eventwire.nlp import parse
from eventwire.records import Article


def code(nlp, text, date="2022-08-17", entities=None, places=None):
    parsed = parse(Article(text=text, date=date), nlp)
    return extract_events(parsed, Mentions(parsed, entities or [], places or []))


def triples(events):
    return {(e.type, e.source.name if e.source else None, e.target.name if e.target else None) for e in events}


def names(actor):
    return {actor.name, *actor.aliases} if actor else set()
