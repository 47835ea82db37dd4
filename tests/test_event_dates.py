"""Event dates resolved against the article date (invented sentences)."""
import pytest

from eventwire.extract.dates import find_dates, resolve
from _event_helpers import code


@pytest.mark.parametrize("text,expected", [
    ("on Tuesday", "2022-08-16"),            # 2022-08-17 is a Wednesday: the day before
    ("on Wednesday", "2022-08-17"),          # the article's own weekday: that day
    ("on Thursday", "2022-08-11"),           # never in the future
    ("last Wednesday", "2022-08-10"),
    ("yesterday", "2022-08-16"),
    ("this morning", "2022-08-17"),
    ("last night", "2022-08-16"),
    ("last week", "2022-08-08"),
    ("on June 4", "2022-06-04"),
    ("on 4 June", "2022-06-04"),
    ("on December 30", "2021-12-30"),        # a year-less date after the article date is last year's
    ("October 20, 2022", "2022-10-20"),
    ("on 2021-03-05", "2021-03-05"),
])
def test_resolves_against_article_date(text, expected):
    assert resolve(text, "2022-08-17") == (expected, False)


def test_unresolved_gives_article_date_inferred():
    assert resolve("troops advanced", "2022-08-17") == ("2022-08-17", True)


def test_month_precision_article_keeps_its_precision():
    assert resolve("on Tuesday", "2022-08") == ("2022-08", False)
    assert resolve("no date here", "2022") == ("2022", True)


def test_nearest_expression_wins():
    text = "On Monday officials said that on Friday the rebels attacked"
    assert resolve(text, "2022-08-17", near=text.index("attacked")) == ("2022-08-12", False)


def test_may_the_modal_is_not_a_date():
    assert find_dates("the army may attack", "2022-08-17") == []


def test_event_gets_sentence_date(nlp):
    ev = code(nlp, "Rebels attacked a police station in Goma on Tuesday.", date="2022-08-17")[0]
    assert (ev.date, ev.date_inferred) == ("2022-08-16", False)
    ev = code(nlp, "Rebels attacked a police station in Goma.", date="2022-08-17")[0]
    assert (ev.date, ev.date_inferred) == ("2022-08-17", True)
