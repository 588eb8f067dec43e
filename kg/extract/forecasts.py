"""Forecasts: when "X will do Y" is X's undertaking and when it is someone's prediction.

will-intends reads any "will" of an actor as an undertaking ("Kestonia will build a harbour").
In longer political prose most narrated futures of persons are the writer's forecasts or a
schedule ("Varnik will dominate the debate", "Brenn will spend the week in Tarsk"), and a
future reported inside someone else's words is that speaker's prediction ("Brenn will win,
Varnik says"): the news gold and AGREEMENT_GOLD.md leave both out ("forecasts about others").
A person's "will" stays an undertaking when the person says it ("Varnik said she'll back the
bill") or when it is their side of a deal reported just before ("... agreed to X. In return,
Brenn will Y").
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Token

from kg.extract.model import Agreement, Claim
from kg.extract.reported_intent import REPORTING_VERBS
from kg.rules import rule

# Party kinds whose narrated future is a forecast unless said by them or owed under a deal; a
# pronoun ("it will focus on ...") or a people ("Democrats will ...") as subject is no better.
FORECAST_KINDS = frozenset(["person", "group", "generic", "unnamed", "unresolved"])
# Sentences back in which a reported deal makes a "will" that deal's term.
DEAL_WINDOW = 2


@rule("will-forecast", off=False)
def forecast(
    event: Agreement, verb: Token, claims: list[Claim], before: list[Agreement], sentence_starts: list[int]
) -> bool:
    """ "Brenn will dominate the debate", "Brenn will win, Varnik says": whether a "will" event
    (will-intends) is a forecast rather than the party's undertaking."""
    names = {m.name for m in event.parties}
    speaker = _speaker_of(event, claims)
    if speaker is not None and speaker not in names:
        return True  # someone else's prediction
    if speaker is not None or said_by_subject(verb):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    vague = subject is not None and (subject.pos_ == "PRON" or subject.ent_type_ == "NORP")
    if not vague and not any(m.kind in FORECAST_KINDS for m in event.parties):
        return False  # a named country or organisation states a plan
    return not _after_deal(event, before, sentence_starts)


def said_by_subject(verb: Token) -> bool:
    """ "Varnik said she'll back the bill": the clause of a reporting verb whose subject is the
    clause's own pronoun's antecedent (a pronoun or the same word)."""
    if verb.dep_ != "ccomp" or verb.head.lemma_ not in REPORTING_VERBS:
        return False
    own = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    cue = verb.head
    speaker = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if speaker is None and cue.dep_ == "advcl":  # "..., saying he'll ..."
        speaker = next((c for c in cue.head.children if c.dep_ == "nsubj"), None)
    elif speaker is None and cue.dep_ == "acl":  # "a clip of Varnik saying she'll ..."
        speaker = cue.head
    if own is None or speaker is None:
        return False
    return own.pos_ == "PRON" or own.lower_ == speaker.lower_


def _speaker_of(event: Agreement, claims: list[Claim]) -> str | None:
    for claim in claims:
        if claim.content.start <= event.trigger.start and event.trigger.end <= claim.content.end:
            return claim.speaker.name
    return None


def _after_deal(event: Agreement, before: list[Agreement], sentence_starts: list[int]) -> bool:
    """Whether an agreed event of the same or the previous DEAL_WINDOW sentences precedes it."""
    here = bisect_right(sentence_starts, event.sentence.start)
    return any(
        e.status == "agreed"
        and e.trigger.start < event.trigger.start
        and here - bisect_right(sentence_starts, e.sentence.start) <= DEAL_WINDOW
        for e in before
    )
