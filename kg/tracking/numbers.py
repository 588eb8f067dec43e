"""The quantities and months a short text states, normalised, for the number check of
kg.tracking.similarity ("$4bn" = "4 billion"; "in May" is a month, "may hire" is not)."""

from __future__ import annotations

import re

_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*(thousand|million|billion|trillion|bn|mn|tn|k|m|b)?\b", re.I)
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "twenty": 20,
    "hundred": 100,
    "half": 0.5,
    "double": 2,
}

# Month names as written in dates: capitalised. "May" and "March" are also a verb and a noun
# ("may hire 500 teachers"), so they count only beside a day, a year or a date preposition.
_MONTHS = "January February March April May June July August September October November December".split()
_AMBIGUOUS_MONTHS = frozenset({"May", "March"})
_DATE_BEFORE = re.compile(r"\b(?:in|on|by|since|until|from|before|after|early|late|mid|of)\s*$|\d\s*,?\s*$")


def quantities(text: str) -> frozenset[float]:
    """Return the quantities and months a text states, normalised ("$4bn" = "4 billion")."""
    found: set[float] = set()
    for digits, scale in _NUMBER.findall(text):
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            continue
        found.add(value * _SCALE.get(scale.lower(), 1) if scale else value)
    lower = text.lower()
    for word, value in _WORD_NUMBERS.items():
        if re.search(rf"\b{word}\b", lower):
            found.add(float(value))
    for n, month in enumerate(_MONTHS, start=1):
        for m in re.finditer(rf"\b{month}\b", text):
            dated = _DATE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]) or re.match(
                r"\s*\d", text[m.end() :]
            )
            if month not in _AMBIGUOUS_MONTHS or dated:
                found.add(float(-n))  # months as negative numbers: never equal to a quantity
    return frozenset(found)
