"""Plans stated with "be to": "The ministry is to begin issuing permits" is the ministry's plan.

A schedule ("the president was to speak at noon") is no plan: appearances and trips
(lexicons/agreement_words.tsv "trips").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import GOVERNMENT_HEADS, OBJECT_CLASSES, ORGANISATION_HEADS, TRIPS
from kg.extract.subjects import has_to
from kg.rules import rule

# Appearances on a schedule, besides trips: "was to speak", "is to testify on Monday".
SCHEDULE = TRIPS | frozenset(["speak", "appear", "testify", "headline", "campaign", "address", "meet"])


@rule("be-to-plan", off=False)
def planned(be: Token) -> bool:
    """ "The ministry is to begin issuing ...": "be to" with an acting subject, not "it is vital
    to" or "the goal is to"."""
    subject = next((c for c in be.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("it", "this", "that") or enacted(subject):
        return False
    if subject.pos_ == "NOUN" and (
        subject.tag_ != "NN" or subject.lower_ not in ORGANISATION_HEADS | GOVERNMENT_HEADS
    ):
        return False  # "the goal is to ...": no actor plans it
    if any(c.dep_ in ("acomp", "attr") for c in be.children) or any(
        c.dep_ == "mark" and c.lower_ in ("than", "as") for c in be.children
    ):
        return False  # "more qualified than Brenn was to be mayor": a comparison
    # "is to begin", "was then to sign"; not "was under a judge's order to hand over the ledgers": only
    # adverbs between "be" and the infinitive's "to"
    return any(
        c.dep_ == "xcomp"
        and has_to(c)
        and all(t.pos_ in ("ADV", "PART") for t in be.doc[be.i + 1 : c.left_edge.i])
        and c.lemma_ not in SCHEDULE  # "was to address the Halden fair": a schedule
        for c in be.children
    )


@rule("measure-takes-effect", off=False)
def enacted(subject: Token) -> bool:
    """ "the Tarsk Ferry Act was to take effect on Monday": a bill or a law named as subject does what it
    is scheduled to do; no actor plans it."""
    return subject.lower_ in OBJECT_CLASSES["measure"]
