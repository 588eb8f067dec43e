"""Modality: whether an agreement verb reports an event that happened.

Negation, modals, conditions and hedges ("did not agree", "may sign", "have yet to reach",
"if the workers approve, it will ...") suppress an event, and so do refusals to speak
("declined to comment"). Each is a named rule of its own; `unreal` asks them all.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import SPEECH_OBJECTS, UNREAL_GOVERNORS, UNREAL_MARKERS
from kg.extract.subjects import requested_only
from kg.rules import rule


def unreal(verb: Token) -> bool:
    """Whether the event is negated, hypothetical or still to come ("have yet to", "unlikely to")."""
    if neither_nor(verb) or conditional_future(verb) or past_attempt(verb) or entertained(verb):
        return True
    if mission(verb) or nothing_offered(verb) or passed_over(verb) or judged_condition(verb):
        return True
    if requested_only(verb):  # "pressed B to sign": asked for, not done
        return True
    for node in [verb, *list(verb.ancestors)[:3]]:
        if negated(node) or hedged(node):
            return True
        if node.i != verb.i and unreal_governor(node, verb):
            return True
        if node.dep_ in ("ccomp", "relcl", "advcl", "acl", "pcomp"):
            break  # a clause boundary: what is above is someone else's event
    return False


@rule("neither-nor", off=False)
def neither_nor(verb: Token) -> bool:
    """ "Neither Spain nor Portugal has agreed", "no country signed": a denied subject did nothing."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and any(c.lower_ in ("neither", "no") for c in subject.children)


# Request verbs that, in the present tense in a relative clause, describe a body's standing aim.
ADVOCACY = frozenset("advocate encourage urge push press call demand clamor clamour".split())


@rule("mission-relative", off=False)
def mission(verb: Token) -> bool:
    """ "a charity that advocates for flood victims", "the project, which urges settlers to
    move north": a present-tense request in a relative clause is the body's standing aim, not
    an act reported."""
    return verb.dep_ == "relcl" and verb.tag_ in ("VBZ", "VBP") and verb.lemma_ in ADVOCACY


@rule("no-object", off=False)
def nothing_offered(verb: Token) -> bool:
    """ "offered no solutions", "signed no deal", "proposed no specifics": an object denied by
    "no" says the act did not happen."""
    return any(
        c.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in verb.children
    )


@rule("rather-than", off=False)
def passed_over(verb: Token) -> bool:
    """ "stirred anger rather than offered voters a plan", "instead of signing the pact": the act
    set against what was done was not done."""
    head = verb.head
    if verb.dep_ == "conj":
        return (
            any(
                c.dep_ == "cc"
                and c.lower_ == "than"
                and head.i < c.i < verb.i
                and any(a.lower_ == "rather" for a in c.children)
                for c in head.children
            )
            or verb.doc[verb.i - 2 : verb.i].text.lower() == "rather than"
        )
    return (
        verb.dep_ == "pcomp" and head.lower_ in ("of", "than") and head.head.lower_ in ("instead", "rather")
    )


# Adjectives that judge a "for X to" act rather than report it: "it might well be enough for A to agree".
JUDGING = frozenset(
    "enough necessary important possible impossible hard easy difficult crucial vital essential".split()
)


@rule("judged-condition", off=False)
def judged_condition(verb: Token) -> bool:
    """ "it might well be enough for Varnik and Brenn to agree on X", "it is vital for Arvenia to sign":
    an act an adjective judges (enough, necessary, hard) is weighed, not done."""
    node = verb.head
    if verb.dep_ not in ("xcomp", "advcl", "ccomp"):
        return False
    judges = [node] if node.pos_ == "ADJ" else [c for c in node.children if c.dep_ == "acomp"]  # "be enough"
    return any(j.lower_ in JUDGING for j in judges)


@rule("past-attempt", off=False)
def past_attempt(verb: Token) -> bool:
    """ "Varnik sought to calm the dockers", "has sought to cast her tenure as a success": a past attempt
    is neither a standing intention nor an act done ("seeks to" still intends)."""
    return verb.lemma_ == "seek" and verb.tag_ in ("VBD", "VBN")


# Nouns whose that-clause is entertained, not asserted: "the notion that she had signed the pact".
NOTIONS = frozenset("idea notion rumor rumour speculation possibility prospect suggestion allegation".split())


@rule("entertained-clause", off=False)
def entertained(verb: Token) -> bool:
    """ "dismissed the idea that she had signed a pact", "rumors that Kestonia agreed": a clause
    that spells out an idea or a rumour says nothing happened."""
    node = verb
    for _ in range(3):
        if node.dep_ in ("acl", "ccomp", "relcl") and node.head.lemma_.lower() in NOTIONS:
            return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return False
        node = node.head
    return False


@rule("conditional-future", off=False)
def conditional_future(verb: Token) -> bool:
    """ "If the workers approve, it will provide ...": a condition, not an undertaking."""
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children)
    return future and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        for c in verb.children
    )


@rule("negated", off=False)
def negated(node: Token) -> bool:
    """ "did not agree", "never signed", "no longer will back": a negated event did not happen."""
    for child in node.children:
        if child.dep_ == "neg" or child.lower_ in ("no", "never"):
            return True
        if child.dep_ == "advmod" and any(t.lower_ in ("no", "never") for t in child.subtree):
            return True
    return False


@rule("hedged", off=False)
def hedged(node: Token) -> bool:
    """ "may sign", "could agree", "whether they approve", "have yet to reach": not (yet) real."""
    return any(c.dep_ in ("aux", "mark", "advmod") and c.lower_ in UNREAL_MARKERS for c in node.children)


@rule("unreal-governor", off=False)
def unreal_governor(node: Token, verb: Token) -> bool:
    """ "hope to agree", "need to sign", "is unlikely to accept", "failed to reach": a governor that
    wishes, obliges or doubts (a refusal is itself the event, except a refusal to speak)."""
    governors = UNREAL_MARKERS | UNREAL_GOVERNORS
    # "hopes" has the lemma "hop" in the tagger's lexicon: a present form also counts without its "s"
    stem = node.lower_[:-1] if node.tag_ == "VBZ" and node.lower_.endswith("s") else node.lemma_
    if stem not in governors and node.lemma_ not in governors:
        return False
    return not (node.lemma_ in ("refuse", "decline") and verb.lemma_ not in SPEECH_OBJECTS)


@rule("refusal-to-speak", off=False)
def says_nothing(verb: Token, status: str) -> bool:
    """ "declined to comment", "refused to say whether they agreed": no event at all."""
    if status != "rejected":
        return False
    return any(c.dep_ == "xcomp" and c.lemma_ in SPEECH_OBJECTS for c in verb.children)
