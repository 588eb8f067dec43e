"""Object frames of agreement verbs: the outcome is the verb's object, a deal noun's content
or a noun after "on"/"with" ("signed a memorandum on X", "passed the bill", "agreed on a
ceasefire"), or no outcome at all when the object is a statement, a courtesy or a person.
kg.extract.verb_frames tries them, after the clause frames, in its FRAMES order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.lexicon import AGREEMENT_NOUNS, NON_OUTCOMES, OBJECT_CLASSES, STATEMENTS
from kg.extract.outcomes import is_time, is_time_head, phrase_range
from kg.rules import PASS, rule

if TYPE_CHECKING:
    from kg.extract.verb_frames import Spans, Verb


@rule("measure-or-body")
def measure_or_body(v: Verb) -> Spans | None:
    """ "passed the bill", "joined the bloc": "pass" and "join" take only measures and bodies."""
    if v.needs not in OBJECT_CLASSES:
        return None
    obj = v.obj
    if obj is None or obj.lemma_ not in OBJECT_CLASSES[v.needs] | AGREEMENT_NOUNS.keys():
        return []
    return None


@rule("deal-object")
def deal_object(v: Verb) -> Spans | None:
    """ "reached an agreement to cut tariffs", "struck a deal on fishing quotas": what the deal is about."""
    if v.needs != "deal":
        return None
    obj = v.obj
    if obj is None or obj.lemma_ not in AGREEMENT_NOUNS:
        return []
    v.used_nouns.add(obj.i)
    inner = deal_content(obj) or v.infinitive
    return [phrase_range(inner)] if inner is not None else [phrase_range(obj)]


@rule("agree-on")
def agree_on(v: Verb) -> Spans | None:
    """ "agreed on X", "committed to X", "decided upon X": the object of the preposition."""
    if v.needs != "-" or v.obj is not None:
        return None
    for child in v.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "to", "upon"):
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if target is not None and not is_time_head(target):
                return [phrase_range(target)]
    return None


@rule("proposal-with")
def proposal_with(v: Verb) -> Spans | None:
    """ "presented B with proposals for X"; else "presented" needs a proposal as its object."""
    if v.needs != "proposal":
        return None
    for child in v.children:
        if child.dep_ == "prep" and child.lower_ == "with":
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is not None and target.lemma_ in AGREEMENT_NOUNS:
                v.used_nouns.add(target.i)
                return [phrase_range(target)]
    obj = v.obj
    return [] if obj is None or obj.lemma_ not in AGREEMENT_NOUNS else None


@rule("non-outcome-object")
def non_outcome_object(v: Verb) -> Spans | None:
    """ "offered his explanation", "offered condolences": speech and feelings are no outcome."""
    obj = v.obj
    return [] if obj is not None and obj.lemma_ in NON_OUTCOMES else None


@rule("statement-object")
def statement_object(v: Verb) -> Spans | None:
    """ "rejected Varnik's claim", "rejected the idea that Vardo's ferry was unsafe": a statement, or an
    idea spelled out by its that-clause, is a notion, not a proposal ("rejected the idea" alone
    points back to one: kept)."""
    obj = v.obj
    if obj is None:
        return None
    spelled_out = obj.lemma_ in ("idea", "suggestion", "view", "belief") and any(
        c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
        for c in obj.children
    )
    return [] if obj.lemma_ in STATEMENTS or spelled_out else None


# Nouns of asking that a refusal can take as its object ("declined the request"); not an
# invitation (to a debate, an event: logistics, AGREEMENT_GOLD.md).
REQUEST_NOUNS = frozenset(["request", "demand", "appeal", "plea"])


@rule("refused-object")
def refused_object(v: Verb) -> Spans | None:
    """ "declined a Navy offer to extend the mission", "refused the request": a refusal of an
    offer or a request is a rejection of it (GUIDELINES: declined)."""
    obj = v.obj
    if v.token.lemma_ not in ("decline", "refuse") or obj is None or v.infinitive is not None:
        return None
    if obj.lemma_ not in AGREEMENT_NOUNS and obj.lemma_ not in REQUEST_NOUNS:
        return []
    v.used_nouns.add(obj.i)
    return [object_topic(phrase_range(obj), v)]


@rule("object-outcome")
def object_outcome(v: Verb) -> Spans | None:
    """ "signed a memorandum", "rejected the plan": the object noun phrase is the outcome."""
    obj = v.obj
    if obj is None or v.needs == "to" or obj.pos_ not in ("NOUN", "PROPN") or obj.tag_ in ("WDT", "WP"):
        return None
    v.used_nouns.add(obj.i)
    return [object_topic(phrase_range(obj), v)]


@rule("object-topic", off=PASS)
def object_topic(span: tuple[int, int], v: Verb) -> tuple[int, int]:
    """ "signed a memorandum of understanding on the purchase of 40 jets": the topic after the object."""
    start, end = span
    topic = next(
        (
            c
            for c in v.children
            if c.dep_ == "prep"
            and c.lower_ in ("on", "for", "covering")
            and c.i > v.obj.i
            and not any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree)
        ),
        None,
    )
    if topic is None:
        return span
    end = phrase_range(topic.right_edge)[1] if topic.right_edge.i > topic.i else end
    return start, max(end, topic.right_edge.idx + len(topic.right_edge))


def deal_content(noun: Token) -> Token | None:
    """Return what a deal noun is about: its infinitive ("agreement to X") or "on" object."""
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and any(a.lower_ == "to" for a in child.children):
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "over"):
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if target is not None and not is_time(target):
                return target
    return None
