"""extract_parallel: same records as one process, in order, with bounded read-ahead."""
import glob

import pytest

from eventwire.ingest.readers import iter_inputs
from eventwire.pipeline import extract_articles
from eventwire.scale.parallel import extract_parallel

from apidata import DEV as DEV_DIR

DEV = sorted(glob.glob(str(DEV_DIR / "*.txt")))


@pytest.fixture(scope="module")
def articles():
    if not DEV:
        pytest.skip("dev articles not found")
    base = [a for a in iter_inputs(DEV)]
    return base  # the 6 dev articles: extraction is slow, keep this quick


@pytest.fixture(scope="module")
def reference(articles):
    return [e.to_full_dict() for e in extract_articles(articles)]


def test_two_worker_processes_give_the_same_records_in_order_with_bounded_read_ahead(articles, reference):
    pulled = {"n": 0}
    yielded = 0
    max_ahead = 0

    def source():
        for a in articles:
            pulled["n"] += 1
            yield a

    got = []
    for ex in extract_parallel(source(), workers=2, chunk_size=1, max_in_flight=2):
        yielded += 1
        max_ahead = max(max_ahead, pulled["n"] - yielded)
        got.append(ex.to_full_dict())
    assert got == reference
    assert [g["article"]["id"] for g in got] == [a.id for a in articles]
    # never more than max_in_flight chunks read ahead of what was yielded
    assert max_ahead <= 1 * 2


def test_one_worker_runs_in_process(articles, reference):
    got = [e.to_full_dict() for e in extract_parallel(iter(articles[:4]), workers=1)]
    assert got == reference[:4]


def test_empty_input():
    assert list(extract_parallel(iter([]), workers=2)) == []
