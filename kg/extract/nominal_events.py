"""Nominal agreement events: a deal noun with its content ("the agreement to restore flights",
"a deal on quotas between A and B", "voiced a readiness to X"), read for
kg.extract.agreements, which finds the verbal ones.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.article import Article
from kg.extract.deal_clauses import announcer, deal_effect, denied_noun, gapped_owner
from kg.extract.lexicon import AGREEMENT_NOUNS, AGREEMENT_VERBS, PLAN_VERBS
from kg.extract.mentions import Discourse
from kg.extract.modality import unreal
from kg.extract.model import Agreement, Mention
from kg.extract.outcomes import coordinated, is_time, phrase_range
from kg.extract.parties import compound_parties, party_mentions
from kg.extract.spans import make_span, sentence_span, token_span
from kg.extract.subjects import subject_of
from kg.rules import PASS, rule


@rule("nominal-event", off=[])
def nominal_events(noun: Token, sent: SpacySpan, article: Article, discourse: Discourse):
    """ "the agreement to restore flights", "a deal on quotas between A and B": a deal noun with
    its content is an event of its own."""
    role, status = announced_plans(AGREEMENT_NOUNS[noun.lemma_], noun)
    if role == "proposal":
        return []  # a plan or proposal is an event only through a verb ("presented proposals")
    if denied_noun(noun) or under_its_verb(noun):
        return []
    outcome = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and any(a.lower_ == "to" for a in c.children)
        ),
        None,
    )
    target = None
    if outcome is None:
        prep = next(
            (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("on", "to", "for", "over")), None
        )
        if prep is not None:
            target = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp") and not is_time(c)), None)
    effect = deal_effect(noun) if outcome is None and target is None else None
    if outcome is None and target is None and effect is None:
        return []
    gapped = gapped_owner(noun, discourse)
    act = outcome if outcome is not None or target is None or target.tag_ != "VBG" else target
    if role == "intention" and gapped is None and not expressed_intention(noun, act):
        return []
    parties = between_parties(noun, discourse) + owner_parties(noun, discourse)
    parties = announcer(noun, discourse) + parties if parties else parties
    if gapped is not None:
        parties = gapped
        if not parties:
            return []
    elif role == "intention" or any(
        c.dep_ == "poss" and c.lower_ in ("their", "its", "our") for c in noun.children
    ):
        parties = expressed_by(parties, noun, discourse)
        if parties is None:
            return []
    parties = parties or compound_parties(noun, discourse)  # "the US-India deal to supply fuel"
    parties = parties or context_parties(noun, article)
    if not parties:
        return []
    # "plans to withdraw from X and loosen Y": one event per coordinated infinitive
    verbs = (coordinated(outcome) if noun.dep_ == "dobj" else [outcome]) if outcome is not None else []
    spans = [phrase_range(v) for v in verbs] or ([effect] if effect else [phrase_range(target)])
    trigger = token_span(article, noun)
    sentence = sentence_span(article, sent)
    return [Agreement(tuple(parties), make_span(article, *span), status, trigger, sentence) for span in spans]


# Verbs that make an intention noun their subject's act: "stated its intention to X", "voiced a
# readiness to X", "made a pledge to X".
EXPRESSING_VERBS = frozenset(
    "express voice state announce declare signal reaffirm restate reiterate confirm repeat make give".split()
)


@rule("intention-as-act", off=True)
def expressed_intention(noun: Token, act: Token | None) -> bool:
    """ "stated its intention to quit the Halden league", "voiced a readiness to reopen the Vardo
    bridge", "expressed a commitment to dredging ...": the noun, with an act (an infinitive or a
    gerund) as content, stated by a light verb is the act. "her commitment to enforcement", "his
    pledge to stay neutral" as a description or topic ("emphasized her commitment ...", "doubts
    about her readiness to ...") refer to an act without reporting it (AGREEMENT_GOLD.md: nominals)."""
    verbs = EXPRESSING_VERBS | PLAN_VERBS  # "announced plans to X" (announced-plans)
    return act is not None and noun.dep_ == "dobj" and noun.head.lemma_ in verbs


@rule("repeated-deal", off=False)
def repeated(event: Agreement, noun: Token, before: list[Agreement]) -> bool:
    """ "Dravia mediated the accord between Ortega and Vell to end the strike" after
    "Ortega ... signed a cabinet deal": "the" deal of a party already reported is that deal
    again, not a new one ("the agreement to restore X", with nobody named, is news)."""
    if AGREEMENT_NOUNS[noun.lemma_][0] != "deal":
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
        return False
    names = {m.name for m in event.parties if m.kind != "group"}
    return any(names & {m.name for m in e.parties} for e in before)


@rule("announced-plans", off=PASS)
def announced_plans(entry: tuple[str, str], noun: Token) -> tuple[str, str]:
    """ "announced plans to close", "has plans to build": a plan its owner announces is an intention."""
    if (
        entry[0] == "proposal"
        and noun.lemma_ == "plan"
        and noun.dep_ == "dobj"
        and noun.head.lemma_ in PLAN_VERBS
    ):
        return "intention", "intends"
    return entry


@rule("noun-under-its-verb", off=False)
def under_its_verb(noun: Token) -> bool:
    """ "reached an agreement to X", "did not sign a deal on Y": the verb carries (or denies) the event."""
    governor = noun.head
    governed = noun.dep_ in ("dobj", "pobj") and governor.pos_ in ("VERB", "AUX")
    return governed and (governor.lemma_ in AGREEMENT_VERBS or unreal(governor))


@rule("between-parties", off=[])
def between_parties(noun: Token, discourse: Discourse) -> list[Mention]:
    """ "a deal on quotas between Norway and the Faroe Islands": the names after "between"."""
    return [
        m
        for node in noun.subtree
        if node.dep_ == "prep" and node.lower_ == "between"
        for m in discourse.named_in(node)
    ]


@rule("owner-parties", off=[])
def owner_parties(noun: Token, discourse: Discourse) -> list[Mention]:
    """ "Kenya's agreement with Ethiopia", "the readiness of the two unions": owner and partner."""
    parties: list[Mention] = []
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            parties += party_mentions(child, discourse)
        elif child.dep_ == "prep" and child.lower_ in ("of", "with"):
            parties += [m for p in child.children if p.dep_ == "pobj" for m in party_mentions(p, discourse)]
    return parties


@rule("expressed-by-subject", off=PASS)
def expressed_by(parties: list[Mention], noun: Token, discourse: Discourse) -> list[Mention] | None:
    """ "The two unions voiced their readiness to X", "A and B announced their accord on X": the
    subject of the verb holding the noun owns it (None: an unreal or subjectless holder, no event)."""
    head = noun.head
    if head.dep_ == "nsubj" or noun.dep_ != "dobj":
        return parties
    subj = subject_of(head)
    if subj is None or unreal(head):
        return None
    return party_mentions(subj, discourse) or parties


@rule("context-parties", off=[])
def context_parties(noun: Token, article: Article) -> list[Mention]:
    """ "the agreement to restore flights": nobody named, so the parties in context (kg.resolve
    gives it those of the last multi-party event, or flags it)."""
    return [Mention(token_span(article, noun), "the parties", "group")]
