"""Negative intentions: "Varnik does not plan to visit Halden", "has no intention of running";
and commitments stated as a state: "Varnik is committed to a new dam".

Negation suppresses an agreement event (kg/extract/modality.py: what did not happen is not
reported as agreed), but a stated plan not to act is itself an intention, with the negation
in its outcome, as in "she would not close the Tarsk clinic" (AGREEMENT_GOLD.md, set c:
"negative intent").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.article import Article
from kg.extract.mentions import Discourse
from kg.extract.model import Agreement
from kg.extract.outcomes import doc_text, phrase_range
from kg.extract.parties import named_parties
from kg.extract.spans import agreement_at, trim
from kg.extract.subjects import subject_of
from kg.rules import rule

PLAN_WORDS = frozenset(["plan", "intend", "intention"])


@rule("negative-intent", off=[])
def negative_intent(token: Token, article: Article, discourse: Discourse) -> list[Agreement]:
    """ "Varnik does not plan to visit Halden", "Brenn has no intention of running": a plan not
    to act is an intention, its outcome from the negation through the act's last word."""
    if token.lemma_ not in PLAN_WORDS:
        return []
    if token.pos_ == "VERB":
        start = next((c for c in token.children if c.dep_ == "neg"), None)
        act = next((c for c in token.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
        holder = token
    else:  # "has no intention of running", "has no intention to run"
        start = next((c for c in token.children if c.dep_ == "det" and c.lower_ == "no"), None)
        act = next((c for c in token.children if c.dep_ == "acl" and c.tag_ == "VB"), None)
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        act = act or (next((c for c in of.children if c.dep_ == "pcomp"), None) if of is not None else None)
        holder = token.head if token.dep_ == "dobj" and token.head.lemma_ == "have" else None
    if start is None or act is None or holder is None:
        return []
    subject = subject_of(holder)
    if subject is None or subject.lower_ in ("i", "we"):
        return []  # a speaker's or an author's own words: a claim (quoted-commitment)
    parties = named_parties(subject, discourse)
    if not parties:
        return []
    end = phrase_range(act)[1]
    return [agreement_at(article, token, parties, trim(doc_text(token.doc), start.idx, end), "intends")]


@rule("committed-to", off=[])
def committed(token: Token, article: Article, discourse: Discourse) -> list[Agreement]:
    """ "Varnik is committed to a 50-berth harbour", "was committed to closing the mine": a stated
    commitment (GUIDELINES: committed) is an intention, its outcome what it is committed to."""
    if token.lemma_ != "commit" or not any(c.dep_ == "auxpass" and c.lemma_ == "be" for c in token.children):
        return []
    if any(c.dep_ == "agent" for c in token.children):
        return []  # "was committed by a court": done to, not by
    to = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    target = next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None) if to is not None else None
    holder = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    if target is None or holder is None or holder.lower_ in ("i", "we"):
        return []
    parties = named_parties(holder, discourse)
    if not parties:
        return []
    return [agreement_at(article, token, parties, phrase_range(target), "intends")]
