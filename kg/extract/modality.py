"""Modality: whether an agreement verb reports an event that happened.

Negation, modals, conditions and hedges ("did not agree", "may sign", "have yet to reach",
"if the workers approve, it will ...") suppress an event, and so do opinions ("economists agree
that ...") and refusals to speak ("declined to comment").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import UNREAL_MARKERS

_SPEECH_OBJECTS = frozenset(
    ["say", "comment", "elaborate", "discuss", "confirm", "disclose", "answer", "specify"]
)


def unreal(verb: Token) -> bool:
    """Whether the event is negated, hypothetical or still to come ("have yet to", "unlikely to")."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and any(c.lower_ in ("neither", "no") for c in subject.children):
        return True  # "Neither Spain nor Portugal has agreed"
    chain = [verb, *list(verb.ancestors)[:3]]
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children)
    if future and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        for c in verb.children
    ):
        return True  # "If the workers approve, it will provide ...": a condition, not an undertaking
    for node in chain:
        for child in node.children:
            if child.dep_ == "neg" or child.lower_ in ("no", "never"):
                return True
            if child.dep_ == "advmod" and any(t.lower_ in ("no", "never") for t in child.subtree):
                return True  # "no longer will walk"
            if child.dep_ in ("aux", "mark", "advmod") and child.lower_ in UNREAL_MARKERS:
                return True
        if node.i != verb.i and node.lemma_ in UNREAL_MARKERS | {
            "have",
            "need",
            "refuse",
            "decline",
            "hope",
            "want",
            "expect",
            "likely",
        }:
            if node.lemma_ in ("refuse", "decline") and verb.lemma_ not in _SPEECH_OBJECTS:
                continue
            return True
        if node.dep_ in ("ccomp", "relcl", "advcl", "acl", "pcomp"):
            break  # a clause boundary: what is above is someone else's event
    return False


def opinion(verb: Token) -> bool:
    # "Economists agree that inflation will ease" reports an opinion, not an agreement event.
    if verb.lemma_ != "agree" or any(c.dep_ == "xcomp" for c in verb.children):
        return False
    return any(
        c.dep_ == "ccomp" and any(m.lower_ == "that" or m.dep_ == "nsubj" for m in c.children)
        for c in verb.children
    )


def says_nothing(verb: Token, status: str) -> bool:
    # "declined to comment", "refused to say whether they agreed": no event at all
    if status != "rejected":
        return False
    return any(c.dep_ == "xcomp" and c.lemma_ in _SPEECH_OBJECTS for c in verb.children)
