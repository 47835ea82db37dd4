"""Events: PLOVER-coded who did what to whom, where and when.

A lexicon-driven coder over the dependency parse:

* ``lexicon``: triggers, verbs and event nouns listed in ``data/plover_lexicon.tsv`` (lemma, optional
  particle/preposition, type, mode); word classes from ``data/event_words.tsv`` (``wordclasses.words``);
* ``syntax``: the parse's roles (subject -> source, object or lexicon preposition -> target, passive
  agent -> source, coordinated actors, subjects shared by conjoined verbs) and modality (no event for
  negated, modal, conditional or merely intended acts);
* ``participants``: role tokens -> actors through ``actors.py`` and the article's ``Mentions``; the speaker an
  act is claimed by;
* ``rules``: every exception to the plain reading, a named rule with the phrase it handles;
* ``coder``: the driver, candidates -> type -> actors -> place and date.
"""
from eventwire.extract.events.coder import extract_events
from eventwire.extract.events.lexicon import MATERIAL_TYPES, lexicon, row_for, words
from eventwire.extract.events.rules import RULES
from eventwire.extract.events.syntax import light_object

__all__ = ["extract_events", "lexicon", "row_for", "words", "light_object", "MATERIAL_TYPES", "RULES"]
