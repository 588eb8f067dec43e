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
from kg.rules import PASS, rule

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
    ahead = _cataphora(token, pool, gender, d._gender) if kind == "person" else None
    if ahead is not None:
        return Mention(d._span(token), ahead, antecedent_kind(kind, ahead, d.described))
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


# Subordinators of a clause that can come before its main clause and point ahead to its subject.
FRONTED_MARKS = frozenset(
    "while although though after before when as since because once until if unless".split()
)


@rule("fronted-clause-cataphora", off=None)
def _cataphora(
    pronoun: Token, pool: list[tuple[int, str]], gender: str | None, genders: dict[str, str]
) -> str | None:
    """ "While he refused to free X, Brenn agreed to Y": a "he"/"she" subject of a clause before
    its main clause stands for the main clause's named subject, named after it."""
    clause = pronoun.head
    main = clause.head
    if pronoun.dep_ != "nsubj" or clause.dep_ != "advcl" or not clause.i < main.i:
        return None
    if not any(c.dep_ == "mark" and c.lower_ in FRONTED_MARKS for c in clause.children):
        return None
    subject = next((c for c in main.children if c.dep_ == "nsubj" and c.i > clause.right_edge.i), None)
    if subject is None or subject.pos_ != "PROPN":
        return None
    return next(
        (
            name
            for position, name in pool
            if subject.left_edge.i <= position <= subject.i and _gender_fits(gender, genders.get(name))
        ),
        None,
    )


@rule("subject-antecedent")
def _subject_antecedent(fits: list[tuple[int, str]], pronoun: Token, subjects: dict[int, str]) -> str | None:
    """X met Y. She said: a subject "he"/"she" goes to the last person who was a subject in this or
    the sentence before, before one only mentioned there. Ranked by their clauses: in this sentence,
    a clause that sets the scene ("After X won, she said"); then the main clause of either
    ("X pledged her vote to Y to help Y win. 'We must unite,' she said": X, not Y); then any."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    sent = pronoun.sent
    start = pronoun.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    near = [(position, name) for position, name in fits if position >= start and position in subjects]
    ranked = (
        [name for position, name in near if position >= sent.start and subjects[position] == "scene"],
        [name for position, name in near if subjects[position] == "main"],
        [name for _, name in near],
    )
    found = next((names for names in ranked if names), [])
    return found[-1] if found else None


def subject_clause(name: Token) -> str | None:
    """The rank of the clause a name (its root word) is the subject of: "main" (the sentence's
    own, or one joined to it by "and"), "scene" (a clause that sets the main one's scene: "After
    X won", "While X said"), "inner" (one the main clause reports or governs: "said Y would",
    "help Y win"); None when it is no subject."""
    word = _appositive_subject(name)
    if word.dep_ not in _SUBJECT:
        return None
    verb, rank = word.head, "main"
    while verb.head != verb and (verb.dep_ == "conj" or _sets_the_scene(verb)):
        rank = rank if verb.dep_ == "conj" else "scene"
        verb = verb.head
    return rank if verb.dep_ == "ROOT" else "inner"


def _sets_the_scene(verb: Token) -> bool:
    """Whether a clause sets its governor's scene: an adverbial clause, "after" with a clause as
    its object, or a clause opened by a subordinator the parser took for a reported one ("after
    X came ..., he told": ccomp)."""
    if verb.dep_ in _SCENE_LINKS:
        return True
    return verb.dep_ == "ccomp" and any(
        c.dep_ == "mark" and c.lower_ not in _REPORTING_MARKS for c in verb.children
    )


@rule("appositive-subject", off=PASS)
def _appositive_subject(name: Token) -> Token:
    """One delegate, Nora Vik, pledged: a name in apposition to a subject described, not named, is
    the subject (in "Ina Roth, a delegate backing Lund, said", the parser may hang "Lund" there)."""
    head = name.head
    return head if name.dep_ == "appos" and head.dep_ in _SUBJECT and head.pos_ == "NOUN" else name


_SUBJECT = frozenset({"nsubj", "nsubjpass"})
# How a clause that sets the scene hangs on its main clause: "After X won" (advcl, or "after"
# as a preposition with the clause its object: prep + pcomp).
_SCENE_LINKS = frozenset({"advcl", "pcomp", "prep"})
_REPORTING_MARKS = frozenset({"that", "whether", "if"})  # "said that X", "asked whether X"


@rule("singular-it", off=False)
def _singular_it(pronoun: Token, plural: bool) -> bool:
    """ "Halden Freight cut jobs. Analysts said A. It said B.": "it" is never the analysts; it
    skips a speaker described in the plural for the body named before them."""
    return plural and pronoun.lower_ == "it"


@rule("pronoun-gender", off=True)
def _gender_fits(pronoun: str | None, person: str | None) -> bool:
    """she said, after a man and a woman were named: a pronoun skips the people of the other gender."""
    return pronoun is None or person is None or pronoun == person
