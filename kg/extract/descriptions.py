"""Parties named by a description: "the Tarsk mayor", "the Kestonian president", "opposition leaders".

A party phrase that no rule could name (kg.extract.parties flags it UNRESOLVED) may still describe
a person the article names elsewhere with a title: "Lord Mayor Ruth Okafor of Tarsk" is "the Tarsk
mayor" of the headline. The persons and their titles come from the whole article (a headline's
description is named only in the body), and the description must fit exactly one of them (a
plural one beside a named party, two or more, each given every word of it), else it stays
flagged: a wrong party is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.extract.lexicon import AGREEMENT_NOUNS, MEETING_NOUNS, ROLE_FORMS
from kg.extract.mentions import Discourse
from kg.extract.model import Agreement, Mention, Span
from kg.extract.name_words import PAST_TITLES
from kg.extract.parties import UNRESOLVED
from kg.extract.subjects import subject_of
from kg.rules import PASS, rule

# Words before a description that say how many or which, not what: "the", "both", "two".
_QUANTIFIERS = frozenset("the a an this that these those both two three four all its their".split())
# Verbs that say a person took no part: "boycotted the talks", "skipped the vote", "stayed away".
_ABSENCE_VERBS = frozenset("boycott skip snub shun".split())
_ABSENCE_PARTICLES = {"stay": "away", "walk": "out", "pull": "out", "keep": "away"}
_PARTAKING_VERBS = frozenset("attend join sign take".split())  # negated or refused: absent
_EVENTS = MEETING_NOUNS | AGREEMENT_NOUNS.keys() | {"signing", "ceremony", "session", "conference"}
# Words that end a description read backwards from its head.
_STOPS = _QUANTIFIERS | frozenset("and or with of by for to from in on at".split())


def _words(text: str) -> list[str]:
    """The lower-case words of a description or title, possessive endings dropped."""
    return [re.sub(r"['’]s$", "", w) for w in re.findall(r"[\w'’.-]+", text.lower())]


def titled_persons(mentions: list[Mention]) -> dict[str, set[str]]:
    """Each person of the article with the words of every title it is given ("Tarsk's Lord Mayor")."""
    titled: dict[str, set[str]] = {}
    for m in mentions:
        if m.kind == "person" and m.role and " " in m.name:
            titled.setdefault(m.name, set()).update(_words(m.role))
    return titled


def absent_persons(doc: Doc, discourse: Discourse) -> set[str]:
    """The named persons the article says took no part: "X boycotted the talks", "Y stayed away",
    "Z did not attend", "W refused to sign"."""
    absent: set[str] = set()
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or not _absence(verb):
            continue
        subject = subject_of(verb)
        for token in (subject, *subject.conjuncts) if subject is not None else ():
            mention = discourse.mention(token)
            if mention is not None and mention.kind == "person":
                absent.add(mention.name)
    return absent


def _absence(verb: Token) -> bool:
    lemma = verb.lemma_
    if lemma in _ABSENCE_VERBS:  # the talks or the signing, not "boycotted the run-off election"
        return any(c.dep_ == "dobj" and c.lemma_ in _EVENTS for c in verb.children)
    if lemma in _ABSENCE_PARTICLES and any(c.lower_ == _ABSENCE_PARTICLES[lemma] for c in verb.children):
        return True
    if lemma in _PARTAKING_VERBS:
        return any(c.dep_ == "neg" for c in verb.children) or (
            verb.dep_ == "xcomp" and verb.head.lemma_ in ("refuse", "decline")
        )
    return False


@rule("titled-description", off=PASS)
def described_parties(
    agreements: list[Agreement], titled: dict[str, set[str]], absent: frozenset[str] = frozenset()
) -> list[Agreement]:
    """ "the Tarsk mayor suggests ...", "the president and opposition leaders signed ...": a party
    described by a title (lexicons/roles.tsv) is the person the article gives that title and every
    other word of the description (a bare "the president" only when one person alone holds that
    title, with no place or body before it); a plural one beside a named party ("the president and
    opposition leaders"), the two or more other persons given that title and every other word, none
    of whom the article says stayed away ("the foreign ministers" alone may be any number: it stays
    flagged). A former holder holds no title."""
    out = []
    for agreement in agreements:
        others = {m.name for m in agreement.parties if m.kind != UNRESOLVED}
        parties: list[Mention] = []
        for mention in agreement.parties:
            words = _leading_words(agreement.sentence, mention.span) + _words(mention.span.text)
            found = _described(mention, words, titled, others, absent) if mention.kind == UNRESOLVED else []
            parties += found or [mention]
        out.append(replace(agreement, parties=tuple(dict.fromkeys(parties))))
    return out


def _leading_words(sentence: Span, span: Span) -> list[str]:
    """Lower-case words the parser left out of the description, right before it: "A and
    opposition leaders" read as "(A and opposition) leaders" still describes opposition leaders."""
    if not sentence.start <= span.start <= sentence.end:
        return []
    before = sentence.text[: span.start - sentence.start].split()
    words: list[str] = []
    while before and re.fullmatch(r"[a-z][a-z-]*", before[-1]) and before[-1] not in _STOPS:
        words.insert(0, before.pop())
    return words


def _described(
    mention: Mention, words: list[str], titled: dict[str, set[str]], others: set[str], absent: frozenset[str]
) -> list[Mention]:
    words = [w for w in words if w not in _QUANTIFIERS]
    if not words:
        return []
    head, modifiers = words[-1], set(words[:-1])
    plural = head not in ROLE_FORMS and head.endswith("s") and head[:-1] in ROLE_FORMS
    title = head[:-1] if plural else head
    if title not in ROLE_FORMS:
        return []
    current = {name: role for name, role in titled.items() if title in role and not role & PAST_TITLES}
    holders = [name for name, role in current.items() if modifiers <= role and name not in others | absent]
    if plural:  # "A and opposition leaders": the other side, every other holder of the whole title
        fits = bool(others) and len(holders) >= 2
    elif modifiers:  # "the Tarsk mayor": the one holder of the title and of every word beside it
        fits = len(holders) == 1
    else:  # "the president": the one person given that title, and no owner before it
        fits = len(current) == 1 and len(holders) == 1 and titled[holders[0]] <= {title}
    return [Mention(mention.span, name, "person") for name in holders] if fits else []
