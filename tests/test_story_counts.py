"""Event counts are per story by default: copies of one wire story count once."""
from eventwire.records import Actor, Event, Extraction

from conftest import make_article

STORY = ("Troops shelled the river port of Nova Vodytsia on Monday, regional officials said, "
         "damaging a grain warehouse and two cranes. Firefighters worked through the night to "
         "contain the blaze while dock workers moved undamaged stock to a second terminal.")


def _assault(article):
    return Event(type="ASSAULT", source=Actor(name="Northland"), target=Actor(name="Nova Vodytsia"),
                 place="Nova Vodytsia", date=article.date)


def test_near_duplicate_copies_count_one_event(store):
    original = make_article(STORY, date="2024-05-06")
    copy = make_article(STORY + " Sign up for our newsletter.", date="2024-05-06")
    other = make_article("Troops shelled the river port of Nova Vodytsia again on Thursday, hitting a "
                         "school and the railway station; the mayor ordered an evacuation of the "
                         "riverside streets and opened two shelters.", date="2024-05-09")
    store.add([Extraction(article=a, events=[_assault(a)]) for a in (original, copy, other)])
    stats = store.stats()
    assert stats["stories"] == 2
    assert stats["events_counted_per_article"] == 3
    assert stats["events"] == 2
