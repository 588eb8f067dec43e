"""Meetings: who met whom, the context that "both sides" and "they" refer to."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.article import Article
from kg.extract.lexicon import MEETING_NOUNS, MEETING_VERBS
from kg.extract.mentions import Discourse
from kg.extract.model import Meeting, Mention
from kg.extract.spans import sentence_span
from kg.rules import rule


def find_meetings(doc: Doc, article: Article, discourse: Discourse) -> list[Meeting]:
    """Return who met whom: "A met B", "A and B held talks", "talks between A and B"."""
    meetings = []
    for token in doc:
        named = [m for m in met(token, discourse) + talks_between(token, discourse) if m.kind != "group"]
        if len(named) >= 2:
            sent = token.sent
            meetings.append(Meeting(tuple(named), sentence_span(article, sent)))
    return meetings


@rule("met-with", off=[])
def met(token: Token, discourse: Discourse) -> list[Mention]:
    """ "A met B", "A and B held talks", "A negotiated with B": who took part in a meeting."""
    if token.pos_ != "VERB" or token.lemma_ not in MEETING_VERBS:
        return []
    parties: list[Mention] = []
    subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subj is not None:
        parties += discourse.parties(subj)
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "with":
            parties += [m for p in child.children if p.dep_ == "pobj" for m in discourse.parties(p)]
        elif child.dep_ == "dobj" and token.lemma_ in ("meet", "host", "visit"):
            parties += discourse.parties(child)
    return parties


@rule("talks-between", off=[])
def talks_between(token: Token, discourse: Discourse) -> list[Mention]:
    """ "talks between A and B", "a summit between A and B": who took part in a meeting."""
    if token.pos_ == "VERB" or token.lemma_ not in MEETING_NOUNS:
        return []
    return [
        m
        for child in token.children
        if child.dep_ == "prep" and child.lower_ == "between"
        for p in child.children
        if p.dep_ == "pobj"
        for m in discourse.parties(p)
    ]
