"""Adding the same articles again changes nothing; a failed batch leaves nothing half-written."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventwire.store import schema as S


def _snapshot(store):
    with store.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in S.metadata.sorted_tables}


def _batch(build, n=3):
    out = []
    for i in range(n):
        text = f"Officials in Brenmouth reported {i + 2} injured after a storm hit the port of Brenmouth, Mayor Ada Quill said."
        art = build.article(text, date=f"2023-05-0{i + 1}")
        out.append(build.Extraction(article=art, entities=[build.person(text, "Ada Quill")],
                                    places=[build.place(text, "Brenmouth", 51.0, -3.0, cc="GB")],
                                    quantities=[build.figure(i + 2, "injured", "people", "Ada Quill")]))
    return out


def test_readding_changes_nothing(store, build):
    first = store.add(_batch(build))
    assert first["articles"] == 3 and first["skipped"] == 0
    before = _snapshot(store)
    again = store.add(_batch(build))
    assert again["articles"] == 0 and again["skipped"] == 3
    assert _snapshot(store) == before


def test_duplicate_inside_one_batch_is_stored_once(store, build):
    batch = _batch(build, 1) * 2
    counts = store.add(batch)
    assert (counts["articles"], counts["skipped"]) == (1, 1)


def test_known_ids_filters_before_nlp(store, build):
    batch = _batch(build, 2)
    store.add(batch[:1])
    assert store.known_ids([x.article.id for x in batch]) == {batch[0].article.id}


def test_failed_batch_rolls_back_whole_transaction(store, build):
    good = _batch(build, 2)
    bad = _batch(build, 1)[0]
    bad.article.id = good[0].article.id + "x"
    bad.quantities[0].metric = None           # NOT NULL: the batch fails part-way through
    with pytest.raises(Exception):
        store.add([good[0], bad])
    assert _snapshot(store)["articles"] == 0
    store.add(good)                           # and the next run goes through
    assert store.stats()["articles"] == 2
