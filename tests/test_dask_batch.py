"""`eventwire batch` on Dask: a 2-worker LocalCluster gives exactly the single-process records,
written as partitioned Parquet with stable schemas that pyarrow.dataset reads, and loads back."""
import glob

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from eventwire.ingest.readers import iter_inputs
from eventwire.nlp import pipeline
from eventwire.pipeline import extract_articles
from eventwire.records import Actor, Article, Entity, Event, Extraction, Place, Quantity, Quote
from eventwire.scale import parquet
from eventwire.scale.commands import batch

from apidata import DEV

DEV_GLOB = str(DEV / "*.txt")
DEV = sorted(glob.glob(DEV_GLOB))


def _worker_state():
    import os

    from eventwire.nlp import pipeline

    return os.getpid(), sorted(pipeline._loaded)


@pytest.fixture(scope="module")
def cluster_run(tmp_path_factory):
    """`eventwire batch --scheduler` against a 2-process LocalCluster; returns (out dir, worker states)."""
    from eventwire.scale.dask_batch import local_client

    if not DEV:
        pytest.skip("dev articles not found")
    out = tmp_path_factory.mktemp("batch")
    with local_client(2) as client:
        address = client.scheduler.address
        result = CliRunner().invoke(batch, [DEV_GLOB, "--out", str(out), "--scheduler", address,
                                            "--partition-size", "2"])
        states = client.run(_worker_state)
        client.cluster.close()
    assert result.exit_code == 0, result.output
    assert f"{len(DEV)} articles in 3 partitions on 2 workers" in result.output
    return out, states


@pytest.fixture(scope="module")
def batch_dir(cluster_run):
    return cluster_run[0]


def test_two_worker_local_cluster_gives_exactly_the_single_process_records(batch_dir):
    reference = [e.to_full_dict() for e in extract_articles(a for a in iter_inputs(DEV))]
    got = [e.to_full_dict() for e in parquet.read_extractions(batch_dir)]
    assert len(got) == len(DEV)
    assert got == reference


def test_parquet_datasets_have_stable_schemas_and_one_file_per_partition(batch_dir):
    for name in parquet.TABLES:
        files = sorted(p.name for p in (batch_dir / name).glob("*.parquet"))
        assert files == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
        dataset = ds.dataset(batch_dir / name, format="parquet")
        assert dataset.schema.remove_metadata() == parquet.schema(name).remove_metadata()
    articles = ds.dataset(batch_dir / "articles").to_table()
    assert articles.num_rows == len(DEV)
    assert set(articles.column("article_id").to_pylist()) == {a.id for a in iter_inputs(DEV)}
    assert (batch_dir / parquet.MANIFEST).exists()


def test_each_worker_process_holds_one_loaded_model(cluster_run):
    import os

    states = list(cluster_run[1].values())
    assert len({pid for pid, _ in states}) == 2 and os.getpid() not in {pid for pid, _ in states}
    assert all(loaded == [pipeline.DEFAULT_MODEL] for _pid, loaded in states)


def test_model_plugin_loads_the_model_when_a_worker_starts():
    from eventwire.nlp import pipeline
    from eventwire.scale.dask_batch import LoadModel

    class FakeWorker:
        pass

    LoadModel().setup(FakeWorker())
    assert pipeline.DEFAULT_MODEL in pipeline._loaded


def _full_extraction() -> Extraction:
    text = "Rebels attacked Kyiv. \u201cWe will win,\u201d said Jane Roe. Three people were killed."
    place = Place(name="Kyiv", mentions=["Kyiv"], country_code="UA", admin1="Kyiv City", lat=50.45466,
                  lon=30.5238, geonameid=703448, feature="city", gazetteer_source="test",
                  spans=[(16, 20)], sentence_spans=[(0, 21)])
    return Extraction(
        article=Article(text=text, date="2022-03", date_inferred=True, title="T", source="S", url="http://x/y",
                        language="en", origin="x.txt", truncated=False),
        entities=[Entity(name="Jane Roe", type="PERSON", aliases=["Roe"], spans=[(45, 53)], sentence_spans=[(22, 54)]),
                  Entity(name="Rebels", type="ORG")],
        places=[place],
        quotes=[Quote(text="We will win,", speaker="Jane Roe", speaker_type="PERSON", span=(23, 35),
                      spans=[(23, 35)], speaker_span=(45, 53), sentence_span=(22, 54))],
        quantities=[Quantity(value=3.0, metric="killed", object="people", source=None, lower_bound=True,
                             high=5.5, text="Three", span=(55, 60), sentence_span=(55, 81))],
        events=[Event(type="ASSAULT", source=Actor(name="Rebels", aliases=["rebels"], role="rebels", span=(0, 6)),
                      target=None, mode="armed", place="Kyiv", place_detail=place, date="2022-03-01",
                      claimed_by="Jane Roe", trigger="attacked", span=(7, 15), sentence="Rebels attacked Kyiv.",
                      sentence_span=(0, 21))],
        **({"warnings": ["quotes: ValueError: test"]} if "warnings" in Extraction.__dataclass_fields__ else {}),
    )


def test_every_record_field_round_trips_through_parquet(tmp_path):
    full = _full_extraction()
    empty = Extraction(article=Article(text="Nothing happened today at all.", date="2023-01-01"))
    parquet.write_partition(tmp_path, 0, parquet.to_tables([full, empty]))
    parquet.write_partition(tmp_path, 1, parquet.to_tables([]))  # empty partition, same schemas
    got = list(parquet.read_extractions(tmp_path))
    assert [e.to_full_dict() for e in got] == [full.to_full_dict(), empty.to_full_dict()]
    assert got[0].events[0].source.span == (0, 6) and got[0].quotes[0].span == (23, 35)
    events = ds.dataset(tmp_path / "events").to_table().to_pylist()
    assert events[0]["place_detail"]["geonameid"] == 703448 and events[0]["span"] == [7, 15]


def test_load_command_puts_the_batch_in_a_database(batch_dir, tmp_path):
    import eventwire.store as store_mod
    from eventwire.scale.commands import load

    db = tmp_path / "loaded.db"
    result = CliRunner().invoke(load, [str(batch_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"loaded {len(DEV)} articles" in result.output
    with store_mod.Store.open(str(db)) as store:
        stats = store.stats()
    assert stats["articles"] == len(DEV)
    for name in ("quotes", "figures", "events"):
        assert stats[name] == ds.dataset(batch_dir / name).count_rows(), name
    again = CliRunner().invoke(load, [str(batch_dir), "--db", str(db)])
    assert again.exit_code == 0 and f"loaded 0 articles ({len(DEV)} already there)" in again.output
