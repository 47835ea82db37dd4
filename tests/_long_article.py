"""A long synthetic news article made of varied invented paragraphs (people, places, quotes,
figures, events), for the bounded-work tests and ``scripts/bench_long_article.py``."""
from __future__ import annotations

import random

FIRST = ["Olena", "Marta", "Ivan", "Petro", "Anna", "Dmytro", "Hanna", "Taras", "Iryna", "Oleh", "Sofia", "Yurii"]
LAST = ["Marchuk", "Kovalenko", "Hrytsenko", "Bondar", "Tkachuk", "Savchuk", "Lysenko", "Moroz", "Shevchuk",
        "Boiko", "Kravets", "Polishchuk"]
TOWNS = ["Kharkiv", "Kherson", "Odesa", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Sumy", "Poltava", "Kramatorsk",
         "Izium", "Lviv", "Chernihiv"]
ORGS = ["the Northern Brigade", "the Vostrava Health Office", "the regional council", "the State Emergency Service",
        "the Red Cross", "the General Staff", "the Interior Ministry", "the United Nations"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{org_cap} said on {day} that forces had shelled {town}, killing at least {n} people and injuring {m} others.",
    "\u201cWe will rebuild every house in {town},\u201d said {first} {last}, the head of the local administration.",
    "Governor {first} {last} told reporters in {town} that {n} residents had been evacuated to {town2}.",
    "Police in {town} detained {n} men suspected of looting shops near the railway station, {org} said.",
    "About {n},{m:03d} people have fled {town} since {day}, according to {org}.",
    "{first} {last} accused {org} of blocking aid convoys bound for {town2} and {town}.",
    "Drones struck a fuel depot outside {town} overnight; {org} said {n} tanks of diesel burned.",
    "Talks between {org} and officials from {town} resumed on {day} in {town2}, {first} {last} said.",
    "\u201cThe situation in {town} remains difficult,\u201d {last} said. \u201cBut the water supply is back.\u201d",
    "Protesters gathered in the centre of {town2} on {day} to demand the release of {n} detained journalists.",
]


def long_article(chars: int, seed: int = 17) -> str:
    """Close to (never over) ``chars`` characters of invented paragraphs (3-6 sentences each, blank-line
    separated)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < chars:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            org = rng.choice(ORGS)
            sentences.append(rng.choice(TEMPLATES).format(
                org=org, org_cap=org[0].upper() + org[1:], day=rng.choice(DAYS), town=rng.choice(TOWNS),
                town2=rng.choice(TOWNS), first=rng.choice(FIRST), last=rng.choice(LAST),
                n=rng.randint(2, 900), m=rng.randint(1, 999)))
        paragraph = " ".join(sentences)
        if total + len(paragraph) > chars:
            break
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)
