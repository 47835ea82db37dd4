"""A bug in one extractor costs that section of one article, never the article."""
import dataclasses

import pytest

import eventwire.extract as extract_module
from eventwire.nlp import load_nlp, parse
from eventwire.records import Article


def test_failing_extractor_keeps_the_other_sections(monkeypatch):
    def broken(*_args):
        raise ValueError("synthetic failure")

    patched = tuple(dataclasses.replace(x, run=broken) if x.sets == "quotes" else x for x in extract_module.EXTRACTORS)
    monkeypatch.setattr(extract_module, "EXTRACTORS", patched)
    article = Article(text="Mayor Anna Petrenko spoke in the city of Lviv on Monday. \u201cWe will rebuild the school,\u201d she said.",
                      date="2024-03-05", language="en")
    result = extract_module.extract(parse(article, load_nlp()))
    assert result.quotes == []
    assert any("quotes extraction failed: ValueError" in w for w in result.warnings)
    assert any(p.name == "Lviv" for p in result.places)
    assert any("Petrenko" in e.name for e in result.entities)


def test_extractor_order_is_checked_against_what_each_needs():
    reordered = tuple(sorted(extract_module.EXTRACTORS, key=lambda x: x.sets != "events"))
    with pytest.raises(AssertionError, match="needs"):
        extract_module._check_order(reordered)
