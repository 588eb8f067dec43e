"""Frames of acts aimed at someone else: "called on Arvenia to reopen the port" keeps Arvenia,
"intended the crowd to cheer" is no intention of the subject's own.

The outcome of "call on/upon B to X" is B with its infinitive ("Arvenia to reopen the port"):
AGREEMENT_GOLD.md (set a: "The outcome of 'call on/for X to Y' keeps X", as the news gold
does). "Urged B to X" keeps only X there (set a, news gold): it is
left to the infinitive frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.outcomes import coordinated, doc_text, phrase_range
from kg.extract.spans import trim
from kg.rules import rule

if TYPE_CHECKING:
    from kg.extract.verb_frames import Spans, Verb


@rule("call-on-addressee")
def call_on_addressee(v: Verb) -> Spans | None:
    """ "called on the port authority to close the docks": from the addressee through the act
    (one outcome per coordinated act, the first starting at the addressee)."""
    infinitive = v.infinitive
    if v.needs != "call" or infinitive is None:
        return None
    on = next(
        (c for c in v.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i > v.token.i), None
    )
    if on is None:
        return None
    addressee = next((c for c in on.children if c.dep_ == "pobj"), None) or next(
        (c for c in v.children if c.left_edge.i == on.i + 1 and c.pos_ in ("NOUN", "PROPN")), None
    )  # "called on Gov. Tom Hale (R) to resign": the parser left "on" with no object
    if addressee is None or not addressee.i < infinitive.i or addressee.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    if any(t.ent_type_ in ("DATE", "TIME") for t in addressee.subtree):
        return None  # "called on Monday for B to X": a date, not an addressee
    first, *rest = [phrase_range(w) for w in coordinated(infinitive)]
    start = addressee.left_edge.idx
    return [trim(doc_text(v.token.doc), start, first[1]), *rest]


@rule("call-for-before-infinitive")
def called_for_first(v: Verb) -> Spans | None:
    """ "called for new talks to end the strike", "calls for fare reform, 'to make the lines work'":
    what a call is for comes before the infinitive; the infinitive right after it belongs to it,
    one after a comma is the call's purpose, no part of the outcome."""
    infinitive = v.infinitive
    if v.needs != "call" or infinitive is None:
        return None
    prep = next(
        (c for c in v.children if c.dep_ == "prep" and c.lower_ == "for" and c.i < infinitive.i), None
    )
    target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if target is None or any(t.ent_type_ in ("DATE", "TIME") for t in target.subtree):
        return None
    start, end = phrase_range(target)
    after = v.token.doc[target.right_edge.i + 1]
    if after.i == infinitive.left_edge.i:  # no comma between: "talks to end the strike"
        end = phrase_range(infinitive)[1]
    return [(start, end)]


# Verbs of intention that can take someone else's act: "intended the crowd to cheer".
INTENTION_VERBS = frozenset(["intend", "mean"])


@rule("intended-for-others", off=None)
def intended_for_others(v: Verb) -> Spans | None:
    """ "Varnik intended the crowd to turn on Brenn": an intention with an object before its
    infinitive is a wish about what others do, not an undertaking of the subject: no outcome."""
    infinitive = v.infinitive
    if v.token.lemma_ not in INTENTION_VERBS or infinitive is None or v.obj is None or v.obj.i > infinitive.i:
        return None
    return []


# Verbs of condemning, which reject a proposal only: "denounced the levy", not "denounced Brenn".
CONDEMNING = frozenset(["denounce", "condemn"])


@rule("denounced-person", off=None)
def denounced_person(v: Verb) -> Spans | None:
    """ "Brenn has often denounced former mayor Ilse Varnik": condemning a person rejects no
    proposal (AGREEMENT_GOLD.md, set b: condemn)."""
    obj = v.obj
    if v.token.lemma_ not in CONDEMNING or obj is None or obj.ent_type_ != "PERSON":
        return None
    return []
