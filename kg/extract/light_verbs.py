"""Light verbs with an act's noun that is the act: "gave Brenn a ringing endorsement" endorses Brenn.

AGREEMENT_GOLD.md annotates such light verbs ("gave X a ringing endorsement" is `agreed`, set
c) and leaves out the nominals that only refer to an act ("won the endorsement of X").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.article import Article
from kg.extract.mentions import Discourse
from kg.extract.model import Agreement
from kg.extract.outcomes import phrase_range
from kg.extract.parties import named_parties
from kg.extract.spans import agreement_at
from kg.extract.subjects import subject_of
from kg.rules import rule


@rule("gave-endorsement", off=[])
def given_endorsement(verb: Token, article: Article, discourse: Discourse) -> list[Agreement]:
    """ "Varnik gave Brenn a ringing endorsement", "gave her endorsement to Brenn": the one it is
    given to is endorsed."""
    if verb.lemma_ != "give" or verb.pos_ != "VERB":
        return []
    noun = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_ == "endorsement"), None)
    if noun is None:
        return []
    endorsed = next((c for c in verb.children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN")), None)
    if endorsed is None:
        to = next((c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"), None)
        endorsed = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    subject = subject_of(verb)
    if endorsed is None or subject is None:
        return []
    parties = named_parties(subject, discourse)
    if not parties:
        return []
    return [agreement_at(article, verb, parties, phrase_range(endorsed), "agreed")]
