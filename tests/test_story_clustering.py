"""Near-duplicates (the same wire story republished with edits) share a story; other stories do not."""
from __future__ import annotations

import pytest

from eventwire.store.stories import (NUM_PERM, StoryClusterer, pack_signature, signature, similarity,
                                      unpack_signature)

# Invented wire story and invented "other stories on the same topic" (same places, same people).
STORY = [
    "Artillery shells struck the centre of Vovchansk early on Thursday, killing two people and wounding at "
    "least seven, the head of the regional military administration, Taras Hnatiuk, said in a statement.",
    "Hnatiuk said the shelling began shortly after four in the morning and hit a school building, a pharmacy "
    "and several private houses near the bus station. Firefighters needed three hours to put out the blaze.",
    "\"People were queuing for bread when the first shell landed,\" Hnatiuk told reporters, adding that the "
    "wounded had been taken to hospitals in Kharkiv because the town's clinic was damaged last month.",
    "Vovchansk lies about five kilometres from the Russian border and has been shelled almost daily since "
    "the spring. Local authorities have urged the remaining residents, most of them elderly, to evacuate.",
    "The regional prosecutor's office said it had opened a war crimes investigation into the attack and was "
    "collecting fragments of the shells to establish what weapons had been used.",
]

SAME_TOPIC_OTHER_EVENTS = [
    # same town, same official, different event: an evacuation convoy
    "A convoy of eleven buses evacuated more than two hundred residents of Vovchansk on Saturday, the head "
    "of the regional military administration, Taras Hnatiuk, said. Volunteers helped elderly people carry "
    "their belongings to the buses, which left for Kharkiv under police escort. Hnatiuk said the evacuation "
    "would continue next week for people living in villages along the border, and urged families with "
    "children to register with the town council. The regional prosecutor's office said it was also "
    "documenting damaged homes so that owners could claim compensation later.",
    # same town and official, different event: aid delivery
    "Hnatiuk said on Monday that a shipment of generators, insulin and water purification tablets had "
    "reached Vovchansk, where power and running water were cut after weeks of shelling near the Russian "
    "border. The aid, donated by a charity from Lviv, was unloaded at the town hall and distributed by "
    "volunteers to the hospital and the remaining residents. \"We still need firewood and warm clothes "
    "before winter,\" Hnatiuk told reporters in Kharkiv, adding that about a thousand people remain in the town.",
]

BOILERPLATE = "Sign up for our newsletter to get the latest updates from Ukraine delivered to your inbox."


def body(paragraphs):
    return "\n\n".join(paragraphs)


def republished_variants():
    base = STORY
    return {
        "reordered": body([base[0], base[2], base[1], base[4], base[3]]),
        "headline": body(["Two killed as shells hit Vovchansk school and pharmacy"] + base),
        "boilerplate": body(base + [BOILERPLATE, "Latest from the war: read more"]),
        "edited": body([p.replace("at least seven", "at least eight").replace("Thursday", "Thursday morning")
                        for p in base[:4]] + ["(Reporting by an invented wire desk; editing by another)"]),
        "all_edits": body(["VOVCHANSK, Ukraine (Example Wire) -"] + [base[1], base[0], base[3], base[2]] + [BOILERPLATE]),
    }


def test_signature_is_stable_plain_ints_and_round_trips_as_bytes():
    sig = signature(body(STORY))
    assert len(sig) == NUM_PERM and all(isinstance(v, int) and 0 <= v < 2**32 for v in sig)
    assert sig == signature(body(STORY))                      # deterministic across calls
    assert unpack_signature(pack_signature(sig)) == sig
    assert len(pack_signature(sig)) == 4 * NUM_PERM


def test_normalization_ignores_case_punctuation_and_whitespace():
    text = body(STORY)
    messy = text.upper().replace(",", " ,").replace("\n\n", "   \n")
    assert similarity(signature(text), signature(messy)) == 1.0


@pytest.mark.parametrize("kind", list(republished_variants()))
def test_republished_variant_joins_the_original_story(kind):
    clusterer = StoryClusterer()
    assert clusterer.add("orig", signature(body(STORY))) == "orig"
    assert clusterer.add(kind, signature(republished_variants()[kind])) == "orig"


@pytest.mark.parametrize("index", range(len(SAME_TOPIC_OTHER_EVENTS)))
def test_other_story_on_the_same_topic_starts_its_own(index):
    clusterer = StoryClusterer()
    clusterer.add("orig", signature(body(STORY)))
    assert clusterer.add("other", signature(SAME_TOPIC_OTHER_EVENTS[index])) == "other"


def test_whole_stream_clusters_into_two_stories_and_reloads_from_rows():
    clusterer = StoryClusterer()
    stream = [("orig", body(STORY))] + list(republished_variants().items()) + \
             [(f"other{i}", t) for i, t in enumerate(SAME_TOPIC_OTHER_EVENTS)]
    stories = {aid: clusterer.add(aid, signature(text)) for aid, text in stream}
    assert {s for a, s in stories.items() if not a.startswith("other")} == {"orig"}
    assert stories["other0"] == "other0" and stories["other1"] == "other1"
    assert clusterer.add("orig", signature("anything")) == "orig"    # known id: unchanged
    assert len(clusterer) == len(stream)

    # persist as (id, bytes, story) rows, reload, and keep clustering the same way
    rows = [(aid, pack_signature(sig), story) for aid, sig, story in clusterer.rows()]
    reloaded = StoryClusterer.from_rows(rows)
    assert {aid: reloaded.story_of(aid) for aid, _ in stream} == stories
    late = body(STORY[:4] + ["Sign up for our newsletter."])
    assert reloaded.add("late-copy", signature(late)) == "orig"
    assert reloaded.add("late-other", signature(SAME_TOPIC_OTHER_EVENTS[1] + " Updated.")) == "other1"


def test_rows_without_story_ids_are_clustered_on_reload():
    rows = [("a", signature(body(STORY))), ("b", signature(republished_variants()["reordered"])),
            ("c", signature(SAME_TOPIC_OTHER_EVENTS[0]))]
    c = StoryClusterer.from_rows(rows)
    assert [c.story_of(x) for x in "abc"] == ["a", "a", "c"]


def test_threshold_is_configurable():
    light_edit = body(STORY[:3])             # 3 of 5 paragraphs: Jaccard about 0.6
    sim = similarity(signature(body(STORY)), signature(light_edit))
    assert 0.4 < sim < 0.8
    strict = StoryClusterer(threshold=0.9)
    strict.add("orig", signature(body(STORY)))
    assert strict.add("part", signature(light_edit)) == "part"
    loose = StoryClusterer(threshold=0.3)
    loose.add("orig", signature(body(STORY)))
    assert loose.add("part", signature(light_edit)) == "orig"


def test_wrong_signature_length_is_rejected():
    with pytest.raises(ValueError):
        StoryClusterer().add("x", [1, 2, 3])


def test_example_republished_wire_story_is_one_story():
    import os
    from eventwire.ingest.readers import iter_inputs
    from eventwire.records import Article

    examples = os.path.join(os.path.dirname(__file__), os.pardir, "examples")
    clusterer = StoryClusterer()
    stories = {}
    for a in iter_inputs([examples]):
        assert isinstance(a, Article)
        stories[os.path.basename(a.origin)] = clusterer.add(a.id, signature(a.text))
    pair = [n for n in stories if n.startswith(("02-", "03-"))]
    assert len(pair) == 2 and stories[pair[0]] == stories[pair[1]]
    assert len(set(stories.values())) == len(stories) - 1     # every other article is its own story
