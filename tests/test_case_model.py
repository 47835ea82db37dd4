"""The truecaser's learned second opinion (issue 16): its weights, its decision, what it is shown.

Every sentence here is invented.
"""
from __future__ import annotations

import gzip

import pytest

from eventwire.errors import ConfigError, DataError
from eventwire.nlp import case_model
from eventwire.nlp import truecase as tc


def _weights_file(path, rows, header=("feature", "L", "T", "U")):
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(map(str, row)) + "\n")
    return str(path)


def test_the_shipped_weights_load_with_a_bias_and_many_features():
    model = tc.case_model_weights()
    assert case_model.BIAS in model.weights
    assert len(model.weights) > 10_000
    assert all(len(w) == 3 for w in list(model.weights.values())[:100])


def test_a_missing_weights_table_fails_loudly(monkeypatch):
    monkeypatch.setattr(tc, "CASE_MODEL_FILE", "no_such_case_model.tsv.gz")
    tc.case_model_weights.cache_clear()
    try:
        with pytest.raises(DataError, match="no_such_case_model"):
            tc.case_model_weights()
    finally:
        tc.case_model_weights.cache_clear()


def test_a_weights_file_with_other_columns_fails_loudly(tmp_path):
    path = _weights_file(tmp_path / "w.tsv.gz", [("<bias>", 0, 0)], header=("feature", "L", "T"))
    with pytest.raises(DataError, match="expected"):
        tc.case_model_weights(path)


def test_case_classes_and_writing_a_word_in_one_keep_its_length():
    assert [case_model.case_class(w) for w in ("said", "Obama's", "NATO", "McAfee", "42")] == \
        ["L", "T", "U", None, None]
    assert case_model.written_as("obama's", "T") == "Obama's"
    assert case_model.written_as("nato's", "U") == "NATO's"
    assert case_model.written_as("said", "L") == "said"


def test_the_model_overrules_only_when_it_disagrees_and_is_sure_enough():
    model = case_model.CaseModel({"x": (0.0, 0.3, -9.0), "y": (0.0, 2.0, -9.0)})
    assert model.overrule(["x"], "L") is None          # T at about 0.57: below the threshold
    assert model.overrule(["y"], "L") == "T"           # T at about 0.88
    assert model.overrule(["y"], "T") is None          # it agrees
    assert model.overrule(["y"], None) is None         # a mixed form ("McAfee") is never rewritten


def test_a_weights_file_named_in_the_environment_is_the_one_used(tmp_path, monkeypatch):
    text = "officials said the harbour plan was ready."
    path = _weights_file(tmp_path / "w.tsv.gz", [("<bias>", 0, 0, 0), ("w=harbour|r=L", 0, 8, 0)])
    monkeypatch.setenv(tc.CASE_MODEL_ENV, "learned")
    monkeypatch.setenv(tc.CASE_MODEL_WEIGHTS_ENV, path)
    assert tc.restore_case(text) == "Officials said the Harbour plan was ready."
    assert tc.restore_case(text, learned=False) == "Officials said the harbour plan was ready."
    monkeypatch.setenv(tc.CASE_MODEL_ENV, "rules")
    assert tc.restore_case(text) == "Officials said the harbour plan was ready."
    monkeypatch.delenv(tc.CASE_MODEL_ENV)
    assert tc.restore_case(text) == "Officials said the harbour plan was ready."   # off unless asked for


def test_an_unknown_case_model_choice_is_a_config_error(monkeypatch):
    monkeypatch.setenv(tc.CASE_MODEL_ENV, "neural")
    with pytest.raises(ConfigError, match="EVENTWIRE_CASE_MODEL"):
        tc.restore_case("officials said the plan was ready.")


def test_the_shipped_model_is_used_when_asked_for_and_keeps_the_text_length(monkeypatch):
    text = "the minister of the zorblat works, dr amina keller, said the plan was ready."
    monkeypatch.setenv(tc.CASE_MODEL_ENV, "learned")
    restored = tc.restore_case(text)
    assert len(restored) == len(text) and restored.startswith("The")
    assert "Dr Amina Keller" in restored


def test_the_model_is_never_asked_about_sentence_starts_places_or_the_articles_own_cased_words():
    text = ("Officials in Tarvel Province met the Zorblat Works.\n\n"
            "the minister said kenya and the zorblat works would talk. later the talks began.")
    asked = []
    restored = tc.restore_case(text, recorder=lambda feats, cls, at: asked.append(text[at:at + 8]) or None)
    assert len(restored) == len(text)
    assert asked and not any(a.startswith(("the minister", "later", "kenya", "zorblat")) for a in asked)
    assert any(a.startswith("minister") for a in asked)


def test_features_see_the_rules_choice_the_neighbours_and_the_gap_between():
    feats = case_model.features(1, ["the", "zorblat", "works"], ["", " ", " "], ["L", "T", "L"],
                                [["stop"], ["unknown"], ["head"]])
    assert {"r=T", "w=zorblat|r=T", "p=the", "n=works", "pr=L|r=T", "gp=_|r=T", "f=unknown|r=T",
            "nf=head|nr=L", "ch=0|r=T"} <= set(feats)
