"""Withdrawals: "Varn Ferries backed away from the merger", "Brenn turned against the levy".

Walking away from a deal is a rejection (GUIDELINES: "walked away from"), and so are the
phrasal verbs of news prose that say the same with a preposition ("backed away from", "pulled
out of", "turned against": AGREEMENT_GOLD.md, set c, rejections), when what is left is a deal,
a proposal or a measure: "pulled out of the race", "turned against his brother" reject nothing.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.article import Article
from kg.extract.lexicon import AGREEMENT_NOUNS, OBJECT_CLASSES
from kg.extract.mentions import Discourse
from kg.extract.modality import unreal
from kg.extract.model import Agreement
from kg.extract.outcomes import phrase_range
from kg.extract.parties import UNRESOLVED, party_mentions
from kg.extract.spans import agreement_at
from kg.extract.subjects import participle_subject, subject_of
from kg.rules import rule

# (verb lemma, adverb or particle or "", preposition): each rejects the object of its preposition.
WITHDRAWALS = frozenset(
    [
        ("back", "away", "from"),
        ("walk", "away", "from"),
        ("back", "out", "of"),
        ("pull", "out", "of"),
        ("withdraw", "", "from"),
        ("turn", "", "against"),
    ]
)
# Deals, measures and the negotiations themselves ("walked away from the talks").
LEFT = AGREEMENT_NOUNS.keys() | OBJECT_CLASSES["measure"] | {"merger", "contract", "talk", "negotiation"}


@rule("walked-away", off=[])
def withdrawn(verb: Token, article: Article, discourse: Discourse) -> list[Agreement]:
    """ "Varn Ferries backed away from the merger", "Brenn turned against the ferry levy", "pulled
    out of the accord": rejected, the deal or measure left its outcome."""
    if verb.pos_ != "VERB" or verb.dep_ == "xcomp" or unreal(verb):
        return []  # "plans to withdraw from X": the plan is the event (DOUBTS wn_07)
    target = _left(verb)
    subject = subject_of(verb) or participle_subject(verb)
    if target is None or subject is None:
        return []
    parties = [m for m in party_mentions(subject, discourse) if m.kind != UNRESOLVED]
    if not parties:
        return []
    return [agreement_at(article, verb, parties, phrase_range(target), "rejected")]


def _left(verb: Token) -> Token | None:
    """What the verb's phrase leaves: the object of its preposition, hung on the verb or on its
    adverb or particle ("backed away from X", "pulled out of X": "from", "of" under "away",
    "out"), when it is a deal or a measure."""
    particles = [
        c for c in verb.children if c.dep_ in ("advmod", "prt", "prep") and c.lower_ in ("away", "out")
    ]
    holders = [(verb, ""), *((p, p.lower_) for p in particles), *((verb, p.lower_) for p in particles)]
    for holder, word in holders:
        for prep in (c for c in holder.children if c.dep_ == "prep"):
            target = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if (
                (verb.lemma_, word, prep.lower_) in WITHDRAWALS
                and target is not None
                and target.lemma_ in LEFT
            ):
                return target
    return None
