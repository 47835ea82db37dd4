"""The learned event-type model: loading (loud when missing or malformed), proposals, the trigger it
points at, and the coder using it only where the lexicon codes nothing.  Sentences are invented."""
import numpy as np
import pytest

from _event_helpers import code, triples
from eventwire.errors import DataError
from eventwire.extract.events import coder as coder_mod
from eventwire.extract.events.typer import NONE, VECTOR_DIM, TypeModel, read_model, type_model


def lemma_model(nlp, weights: dict[str, dict[str, float]], threshold=0.5) -> TypeModel:
    """A model that scores types from lemma indicators only (vector weights zero)."""
    classes = sorted({t for w in weights.values() for t in w}) + [NONE]
    vocab = {lem: i for i, lem in enumerate(sorted(weights))}
    w = np.zeros((2 * VECTOR_DIM + len(vocab), len(classes)), dtype=np.float32)
    for lem, by_type in weights.items():
        for typ, value in by_type.items():
            w[2 * VECTOR_DIM + vocab[lem], classes.index(typ)] = value
    bias = np.zeros(len(classes), dtype=np.float32)
    bias[classes.index(NONE)] = 1.0
    return TypeModel(classes, vocab, w, bias, threshold)


def test_the_shipped_model_loads_with_every_plover_type():
    m = type_model()
    assert NONE in m.classes and {"ASSAULT", "PROTEST", "AGREE", "REQUEST"} <= set(m.classes)
    assert 0 < m.threshold < 1


def test_a_missing_model_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="missing"):
        read_model(tmp_path / "absent.npz")


def test_a_malformed_model_file_is_a_data_error(tmp_path):
    bad = tmp_path / "bad.npz"
    np.savez(bad, classes=np.array(["A", NONE]), vocab=np.array(["x"]), weights=np.zeros((3, 2)),
             bias=np.zeros(2), threshold=np.array(0.5))
    with pytest.raises(DataError, match="shape"):
        read_model(bad)
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="unreadable"):
        read_model(junk)


def test_a_saved_model_reads_back_the_same(nlp, tmp_path):
    m = lemma_model(nlp, {"picket": {"PROTEST": 4.0}})
    m.save(tmp_path / "m.npz")
    back = read_model(tmp_path / "m.npz")
    assert back.classes == m.classes and back.vocab == m.vocab and np.allclose(back.weights, m.weights)


def test_proposal_needs_the_threshold_and_points_at_the_supporting_word(nlp):
    m = lemma_model(nlp, {"occupy": {"PROTEST": 4.0}})
    sent = next(nlp("Students occupied the rector's office in Tarvik.").sents)
    assert m.propose(sent)[0] == "PROTEST"
    assert m.trigger(sent, "PROTEST").lemma_ == "occupy"
    other = next(nlp("The weather in Tarvik was mild.").sents)
    assert m.propose(other) is None


def test_coder_codes_a_proposed_type_with_the_parse_actors(nlp, monkeypatch):
    m = lemma_model(nlp, {"occupy": {"PROTEST": 4.0}})
    monkeypatch.setattr(coder_mod, "type_model", lambda: m)
    evs = code(nlp, "Students occupied the rector's office.")
    assert [(e.type, e.source.name, e.trigger) for e in evs] == [("PROTEST", "Students", "occupied")]


def test_coder_keeps_the_lexicon_where_it_codes_something(nlp, monkeypatch):
    m = lemma_model(nlp, {"arrest": {"PROTEST": 9.0}})
    monkeypatch.setattr(coder_mod, "type_model", lambda: m)
    assert {e.type for e in code(nlp, "Police arrested Ana Varga in Tarvik.")} == {"COERCE"}


def test_the_type_model_switch_is_strict_like_every_switch(nlp, monkeypatch):
    """"false" turns the model off, as "off" does; a typo is a ConfigError, not the model silently on."""
    from eventwire.errors import ConfigError
    m = lemma_model(nlp, {"occupy": {"PROTEST": 4.0}})
    monkeypatch.setattr(coder_mod, "type_model", lambda: m)
    monkeypatch.setenv(coder_mod.TYPE_MODEL_ENV, "false")
    assert code(nlp, "Students occupied the rector's office.") == []
    monkeypatch.setenv(coder_mod.TYPE_MODEL_ENV, "of")
    with pytest.raises(ConfigError, match=coder_mod.TYPE_MODEL_ENV):
        code(nlp, "Students occupied the rector's office.")


def test_a_lexicon_verb_whose_frame_names_no_actor_takes_the_clause_actors_when_the_model_agrees(nlp, monkeypatch):
    """"were demobilized" has no agent, so its own frame codes nothing; the model reading the sentence
    as RETREAT lets the clause's named place carry it, a model that reads no event there does not, nor
    one below FRAMELESS_MIN_PROBABILITY.  (threshold=1.0: the model proposes no type of its own here,
    so only the lexicon verb can be coded.)"""
    text = "Hundreds of Norland fighters were demobilized in Tarvik on Sunday."
    agrees = lemma_model(nlp, {"demobilize": {"RETREAT": 9.0}}, threshold=1.0)
    monkeypatch.setattr(coder_mod, "type_model", lambda: agrees)
    evs = code(nlp, text)
    assert triples(evs) == {("RETREAT", None, "Tarvik")} and evs[0].trigger == "demobilized"
    disagrees = lemma_model(nlp, {"demobilize": {"RETREAT": -9.0}}, threshold=1.0)
    monkeypatch.setattr(coder_mod, "type_model", lambda: disagrees)
    assert code(nlp, text) == []
    unsure = lemma_model(nlp, {"demobilize": {"RETREAT": 0.5}}, threshold=1.0)     # p 0.38 against NONE's bias
    monkeypatch.setattr(coder_mod, "type_model", lambda: unsure)
    assert code(nlp, text) == []


def test_a_phrase_a_rule_left_uncoded_stays_uncoded_whatever_the_model_says(nlp, monkeypatch):
    """A tally is no event of its own ("killed since the start of the war"): the frame that declined it
    found its actors, so the model's agreement does not code it."""
    m = lemma_model(nlp, {"kill": {"ASSAULT": 9.0}}, threshold=1.0)
    monkeypatch.setattr(coder_mod, "type_model", lambda: m)
    evs = code(nlp, "The ministry reported 12,400 Portuguese soldiers killed since the start of the war.")
    assert not any(e.type == "ASSAULT" for e in evs)
