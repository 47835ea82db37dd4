"""Time the daily brief over 5,000 synthetic stored articles (hand-made records; no model needed).

    .venv/bin/python scripts/bench_brief.py [N] [--db PATH]

Articles are spread over two days (N/2 each) with events, figures, quotes, places and entities,
600 near-duplicate clusters and a tally series.  Prints ``brief_seconds_5000: X`` (the brief for
the second day, over all of them), plus the time of the markdown rendering.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time

from eventwire.query.brief import build_brief, to_html, to_markdown
from eventwire.records import Actor, Article, Entity, Event, Extraction, Place, Quantity, Quote
from eventwire.store import Store

TOWNS = [(f"Town{i}", 45 + (i % 20) * 0.3, 30 + (i // 20) * 0.3) for i in range(200)]
ACTORS = ["Northland", "Eastland", "Westland army", "Southern Front", "Border Guard", "Police"]
TYPES = ["ASSAULT", "COERCE", "MOBILIZE", "CONSULT", "AGREE", "PROTEST", "ACCUSE", "AID"]


def article(i: int, day: str, rng: random.Random) -> Extraction:
    town, lat, lon = TOWNS[rng.randrange(len(TOWNS))]
    src, tgt = rng.sample(ACTORS, 2)
    etype = rng.choice(TYPES)
    killed, injured = rng.randint(0, 30), rng.randint(0, 60)
    person = f"Officer {rng.randrange(400)}"
    lead = f"{src} forces acted against {tgt} near {town} on report {i}, killing {killed} people and wounding {injured}."
    quote = f"We saw everything burn in {town} tonight and nobody helped us"
    tally = 10000 + i // 2 if rng.random() < 0.02 else None
    text = (f"{lead} The regional office said rescuers were at work. "
            f"\u201c{quote}\u201d, said {person}. " + (f"The General Staff said {tally} enemy soldiers were killed. "
                                                       if tally else "") + "Filler sentence. " * 20)
    def at(s):
        k = text.index(s)
        return (k, k + len(s))
    place = Place(name=town, mentions=[town], country_code="XA", lat=lat, lon=lon, geonameid=8000000 + TOWNS.index((town, lat, lon)),
                  feature="city", spans=[at(town)], sentence_spans=[at(lead)])
    figs = [Quantity(value=killed, metric="killed", object="people", source="regional office", text=str(killed),
                     span=at(f"killing {killed}")),
            Quantity(value=injured, metric="injured", object="people", source="regional office", text=str(injured),
                     span=at(f"wounding {injured}"))]
    if tally:
        figs.append(Quantity(value=tally, metric="killed", object="enemy soldiers", source="General Staff",
                             text=str(tally), span=at(str(tally))))
    return Extraction(
        article=Article(text=text, date=day, source=f"Outlet {rng.randrange(40)}", title=f"Report {i} from {town}"),
        entities=[Entity(name=person, type="PERSON", spans=[at(person)], sentence_spans=[at(person)])],
        places=[place], quantities=figs,
        quotes=[Quote(text=quote, speaker=person, speaker_type="PERSON", span=at(quote), spans=[at(quote)])],
        events=[Event(type=etype, source=Actor(src), target=Actor(tgt), place=town, place_detail=place,
                      sentence=lead, sentence_span=at(lead), span=at(lead), trigger="acted")])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("--db", help="database (default: a temporary SQLite file)")
    args = ap.parse_args()
    tmp = None
    if not args.db:
        tmp = tempfile.mkdtemp(prefix="bench-brief-")
        args.db = os.path.join(tmp, "bench.db")
    rng = random.Random(7)
    store = Store.open(args.db)
    t0 = time.perf_counter()
    batch, story_ids = [], {}
    for i in range(args.n):
        x = article(i, "2023-05-01" if i < args.n // 2 else "2023-05-02", rng)
        batch.append(x)
        story_ids[x.article.id] = f"cluster-{i % 600}" if i % 3 == 0 else x.article.id
        if len(batch) == 500:
            store.add(batch, story_ids=story_ids)
            batch = []
    if batch:
        store.add(batch, story_ids=story_ids)
    print(f"stored {store.stats()['articles']} articles in {time.perf_counter() - t0:.1f}s", file=sys.stderr)

    t0, c0 = time.perf_counter(), time.process_time()
    brief = build_brief(store, date="2023-05-02")
    built, built_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    to_markdown(brief), to_html(brief)
    rendered = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    both = build_brief(store, since="2023-05-01", until="2023-05-02")
    both_s, both_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"brief over {brief.counts['articles']} articles of 2023-05-02: {brief.counts['stories']} stories, "
          f"{len(brief.figures)} figure series; render {rendered:.2f}s", file=sys.stderr)
    print(f"brief_seconds_{both.counts['articles']}_two_days: {both_s:.2f}", file=sys.stderr)
    print(f"brief_cpu_seconds_{args.n}: {max(built_cpu, both_cpu):.2f} (this process's CPU; wall time below "
          f"includes waiting for the CPU on a busy machine)", file=sys.stderr)
    print(f"brief_seconds_{args.n}: {max(built, both_s):.2f}")
    store.close()


if __name__ == "__main__":
    main()
