"""Synthetic wire-news articles for load tests and benchmarks (not for quality figures).

Each article is a few paragraphs of agreement and attribution prose built from templates
with varied countries, people and topics, so ingest does the same work as on real news.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

COUNTRIES = (
    "France Japan Brazil Kenya India Canada Mexico Ghana Norway Chile Peru Egypt Spain Italy Poland "
    "Vietnam Indonesia Nigeria Morocco Turkey".split()
)
FIRST = "Amara Kenji Lucia Tomasz Priya Omar Ingrid Diego Fatima Hiroshi Elena Kwame Sofia Rahul".split()
LAST = "Okafor Tanaka Ferreira Nowak Sharma Haddad Larsen Morales Diallo Sato Petrova Mensah Rossi".split()
ROLES = ["Foreign Minister", "Trade Minister", "Energy Minister", "presidential spokesperson"]
OUTCOMES = [
    "cut tariffs on {g} by {n} percent",
    "build a joint {g} plant by {y}",
    "resume direct flights",
    "share data on {g} exports",
    "set up a {n} billion dollar {g} fund",
    "ease visa rules for students",
    "expand cooperation on {g} research",
    "hold annual talks on {g} trade",
]
GOODS = "steel rice solar fertiliser wheat battery copper coffee timber fish".split()
VERBS = ["agreed to", "pledged to", "plan to", "proposed to", "refused to"]
MONTHS = ["May", "June", "July"]


def articles(n: int, *, seed: int = 7) -> Iterator[str]:
    """Yield n article texts (a header line with date and title, then paragraphs)."""
    rng = random.Random(seed)
    for i in range(n):
        a, b = rng.sample(COUNTRIES, 2)
        speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        surname = speaker.split()[-1]
        goods, number, year = rng.choice(GOODS), rng.randint(2, 40), rng.randint(2026, 2035)
        outcome = rng.choice(OUTCOMES).format(g=goods, n=number, y=year)
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        paragraphs = [
            f"{a} and {b} {rng.choice(VERBS)} {outcome}, {a}'s {rng.choice(ROLES)} {speaker} said.",
            f'"This is an important step for both countries," {surname} told reporters in the capital.'
            f" Officials from {b} said the talks had been constructive.",
            f"According to {speaker}, the two delegations will meet again in {rng.choice(MONTHS)} to discuss"
            f" {rng.choice(GOODS)} quotas. The sides did not agree on a timetable for the next round.",
            f"Report number {i} in this series noted that trade between {a} and {b} rose "
            f"{rng.randint(1, 20)} percent last year.",
        ]
        yield f"date {day} {a}, {b} talks, report {i}\n\n" + "\n\n".join(paragraphs) + "\n"
