"""Pronouns: whom "he", "she", "it" or "they" stands for, from what the Discourse has read so far.

The candidates are the people and organisations the article named before the pronoun
(kg.extract.mentions.Discourse keeps them in reading order, with what it learned of each:
a person's gender, a described speaker in the plural, which names were a clause's subject).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.common_nouns import antecedent_kind
from kg.extract.lexicon import PRONOUN_GENDER, PRONOUNS
from kg.extract.model import Mention
from kg.rules import rule

if TYPE_CHECKING:
    from kg.extract.mentions import Discourse


def pronoun_mention(d: Discourse, token: Token) -> Mention | None:
    """Return whom a personal pronoun stands for: the last actor of its kind named before it that
    fits it, or None."""
    kind = PRONOUNS[token.lower_]
    if kind == "group":
        return Mention(d._span(token), token.lower_, "group")
    pool = d._people if kind == "person" else d._organisations
    gender = PRONOUN_GENDER.get(token.lower_)
    fits = [
        (position, candidate)
        for position, candidate in pool
        if position < token.i
        and _gender_fits(gender, d._gender.get(candidate))
        and not _singular_it(token, candidate in d._plural)
    ]
    if not fits:
        return None
    name = _subject_antecedent(fits, token, d._subjects) or fits[-1][1]
    return Mention(d._span(token), name, antecedent_kind(kind, name, d.described))


@rule("subject-antecedent")
def _subject_antecedent(fits: list[tuple[int, str]], pronoun: Token, subjects: set[int]) -> str | None:
    """X met Y. She said: a subject "he"/"she" goes to the last person who was a subject in this or
    the sentence before, before one only mentioned there."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    sent = pronoun.sent
    start = pronoun.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    found = [name for position, name in fits if position >= start and position in subjects]
    return found[-1] if found else None


@rule("singular-it", off=False)
def _singular_it(pronoun: Token, plural: bool) -> bool:
    """ "Halden Freight cut jobs. Analysts said A. It said B.": "it" is never the analysts; it
    skips a speaker described in the plural for the body named before them."""
    return plural and pronoun.lower_ == "it"


@rule("pronoun-gender", off=True)
def _gender_fits(pronoun: str | None, person: str | None) -> bool:
    """she said, after a man and a woman were named: a pronoun skips the people of the other gender."""
    return pronoun is None or person is None or pronoun == person
