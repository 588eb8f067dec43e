"""Parties named by a description: "the Dublin mayor", "the Chinese president", "opposition leaders".

A party phrase that no rule could name (kg.extract.parties flags it UNRESOLVED) may still describe
a person the article names elsewhere with a title: "Lord Mayor Ruth Okafor of Tarsk" is "the Tarsk
mayor" of the headline. The persons and their titles come from the whole article (a headline's
description is named only in the body), and the description must fit exactly one of them (a
plural one beside a named party, two or more), else it stays flagged: a wrong party is worse
than none.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.lexicon import ROLE_FORMS
from kg.extract.model import Agreement, Mention
from kg.extract.parties import UNRESOLVED
from kg.rules import PASS, rule

# Words before a description that say how many or which, not what: "the", "both", "two".
_QUANTIFIERS = frozenset("the a an this that these those both two three four all its their".split())


def _words(text: str) -> list[str]:
    """The lower-case words of a description or title, possessive endings dropped."""
    return [re.sub(r"['’]s$", "", w) for w in re.findall(r"[\w'’.-]+", text.lower())]


def titled_persons(mentions: list[Mention]) -> dict[str, set[str]]:
    """Each person of the article with the words of every title it is given ("Dublin's Lord Mayor")."""
    titled: dict[str, set[str]] = {}
    for m in mentions:
        if m.kind == "person" and m.role and " " in m.name:
            titled.setdefault(m.name, set()).update(_words(m.role))
    return titled


@rule("titled-description", off=PASS)
def described_parties(agreements: list[Agreement], titled: dict[str, set[str]]) -> list[Agreement]:
    """ "the Tarsk mayor suggests ...", "the president and opposition leaders signed ...": a party
    described by a title (lexicons/roles.tsv) is the person the article gives that title and every
    other word of the description; a plural one beside a named party ("the president and opposition
    leaders"), the two or more other persons given that title ("the foreign ministers" alone may be
    any number: it stays flagged)."""
    out = []
    for agreement in agreements:
        others = {m.name for m in agreement.parties if m.kind != UNRESOLVED}
        parties: list[Mention] = []
        for mention in agreement.parties:
            found = _described(mention, titled, others) if mention.kind == UNRESOLVED else []
            parties += found or [mention]
        out.append(replace(agreement, parties=tuple(dict.fromkeys(parties))))
    return out


def _described(mention: Mention, titled: dict[str, set[str]], others: set[str]) -> list[Mention]:
    words = [w for w in _words(mention.span.text) if w not in _QUANTIFIERS]
    if not words:
        return []
    head, modifiers = words[-1], set(words[:-1])
    plural = head not in ROLE_FORMS and head.endswith("s") and head[:-1] in ROLE_FORMS
    title = head[:-1] if plural else head
    if title not in ROLE_FORMS:
        return []
    holders = [name for name, role in titled.items() if title in role and name not in others]
    if plural:  # "A and opposition leaders": the other side, every other holder of the title
        described = all(any(w in titled[n] for n in holders) for w in modifiers)
        fits = bool(others) and len(holders) >= 2 and described
    else:  # "the Tarsk mayor": the one holder of the title and of every word beside it
        holders = [n for n in holders if modifiers <= titled[n]]
        fits = len(holders) == 1
    return [Mention(mention.span, name, "person") for name in holders] if fits else []
