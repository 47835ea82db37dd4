"""The learned quote speaker ranker: loading, the on/off switch, and its picks on invented sentences."""
import pytest

from eventwire.errors import ConfigError, DataError
from eventwire.extract.entities import extract_entities
from eventwire.extract.places import extract_places
from eventwire.extract.mentions import build_mentions
from eventwire.extract.quotes import extract_quotes, speaker_candidates
from eventwire.extract.speakers import BIAS, SWITCH, SpeakerRanker, default_ranker, ranker_enabled, read_model
from eventwire.nlp import parse
from eventwire.records import Article


def _parsed_and_mentions(nlp, text):
    parsed = parse(Article(text=text, date="2024-05-02", language="en"), nlp)
    places = extract_places(parsed)
    return parsed, build_mentions(parsed, places, extract_entities(parsed, places))


def speakers(nlp, text, **kw):
    parsed, mentions = _parsed_and_mentions(nlp, text)
    return [q.speaker for q in extract_quotes(parsed, mentions, **kw)]


# ---- the model file --------------------------------------------------------------------------

def test_missing_model_file_is_a_data_error_naming_the_training_script(tmp_path):
    with pytest.raises(DataError, match="train_speaker_ranker"):
        read_model(tmp_path / "speaker_ranker.tsv")


@pytest.mark.parametrize("body", ["", "feature\tweight\n", "name\tvalue\nx\t1\n", "feature\tweight\n(bias)\tmany\nx\t1\n",
                                  "feature\tweight\nx\t1\t2\n(bias)\t0\n"])
def test_malformed_model_file_is_a_data_error(tmp_path, body):
    path = tmp_path / "speaker_ranker.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataError):
        read_model(path)


def test_model_file_keeps_bias_threshold_and_weights(tmp_path):
    path = tmp_path / "speaker_ranker.tsv"
    path.write_text("# a comment\nfeature\tweight\n(threshold)\t0.25\n(bias)\t-1.5\nside_before\t2.0\n",
                    encoding="utf-8")
    ranker = read_model(path)
    assert ranker.threshold == 0.25 and ranker.bias == -1.5
    assert ranker.score({"side_before": 1.0}) > 0.5 > ranker.score({})


def test_shipped_model_loads_and_favours_the_subject_of_a_speech_verb():
    ranker = default_ranker()
    assert ranker.score({"speaker_of_governing_verb": 1.0, "speaker_of_speech_verb": 1.0, "resolved": 1.0}) > \
        ranker.score({"speaker_of_governing_verb": 0.0, "resolved": 1.0})


# ---- the switch ------------------------------------------------------------------------------

def test_switch_reads_on_and_off_and_refuses_anything_else():
    assert ranker_enabled({SWITCH: "off"}) is False
    assert ranker_enabled({SWITCH: " ON "}) is True
    with pytest.raises(ConfigError, match=SWITCH):
        ranker_enabled({SWITCH: "maybe"})


def test_switched_off_the_rules_pick_stands_and_no_model_is_read(nlp, monkeypatch):
    import eventwire.extract.quotes as quotes

    t = "\u201cThe harvest was the worst in twenty years,\u201d said Talia Brennagh, a farmer near the river."
    rules = speakers(nlp, t, rules_only=True)
    monkeypatch.setenv(SWITCH, "off")
    monkeypatch.setattr(quotes, "default_ranker", lambda: (_ for _ in ()).throw(AssertionError("model read")))
    assert speakers(nlp, t) == rules == ["Talia Brennagh"]


# ---- the picks -------------------------------------------------------------------------------

def test_ranker_overrides_the_rules_when_its_weights_say_so(nlp):
    """A ranker that prefers the candidate after the quotation takes it over the rules' pick."""
    t = ("Orla Quennell, the council leader, spoke first. \u201cThe road will be finished by June,\u201d "
         "said Bram Ostrander, the engineer in charge of the works.")
    after = SpeakerRanker({BIAS: -3.0, "side_after": 4.0, "resolved": 1.0, "speaker_of_speech_verb": 1.0})
    before = SpeakerRanker({BIAS: -3.0, "side_before": 4.0, "resolved": 1.0})
    assert speakers(nlp, t, ranker=after) == ["Bram Ostrander"]
    assert speakers(nlp, t, ranker=before) == ["Orla Quennell"]


def test_an_unnamed_best_candidate_leaves_no_speaker(nlp):
    """'a spokesman said': the ranker's best candidate names no one, so the speaker is null, not a guess."""
    t = ("Talia Brennagh chairs the harbour board. \u201cThe pier stays closed until the storm passes,\u201d "
         "a spokesman said.")
    favours_unnamed = SpeakerRanker({BIAS: 2.0, "resolved": -6.0})
    assert speakers(nlp, t, ranker=favours_unnamed) == [None]


def test_candidates_carry_spans_of_their_mentions(nlp):
    t = "\u201cWe will rebuild the school,\u201d said Bram Ostrander, who met Orla Quennell on Friday."
    parsed, mentions = _parsed_and_mentions(nlp, t)
    (seg, cands), = speaker_candidates(parsed, mentions)
    named = {t[c.span[0]:c.span[1]] for c in cands if c.named}
    assert {"Bram Ostrander", "Orla Quennell"} <= named


def test_shipped_ranker_takes_the_speaker_of_the_said_verb_not_the_nearer_name(nlp):
    t = ("\u201cWe will rebuild the school before winter,\u201d Bram Ostrander said on Friday after meeting "
         "Orla Quennell at the town hall.")
    assert speakers(nlp, t) == ["Bram Ostrander"]


def test_shipped_ranker_gives_a_framed_quote_to_the_subject_the_rules_left_unnamed(nlp):
    """'X ... was blunt. "..."': no reporting verb, so the rules name no one; the ranker takes
    the previous sentence's subject, not the name inside its relative clause."""
    t = "Orla Quennell, who defeated Bram Ostrander in the spring, was blunt. \u201cThe road will be finished by June.\u201d"
    assert speakers(nlp, t, rules_only=True) == [None]
    assert speakers(nlp, t) == ["Orla Quennell"]
