"""Agreements: which parties agreed, proposed, intend or rejected to do what.

Verbal events come from the verbs of lexicons/agreements.tsv ("A and B agreed to X",
"A agreed with B on X", "A proposed X", "A refused to X", "reached a deal on X"), nominal
ones from the nouns of lexicons/nouns.tsv ("the agreement to X", "expressed a willingness
to X", "presented B with proposals for X"). Coordinated outcomes ("to X and Y") become one
event each. Negation, modality and hedges ("did not agree", "may sign", "have yet to reach",
"is unlikely to") suppress an event: what did not happen is not reported as agreed.

The nominal events are read by kg/extract/nominal_events.py; modality, outcomes, parties,
headlines, subjects (kg/extract/subjects.py), the less direct deal clauses
(kg/extract/deal_clauses.py) and meetings (kg/extract/meetings.py) are modules of their own.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.article import Article
from kg.extract.deal_clauses import (
    announced_goal,
    deal_clause,
    deal_term,
    detached_conjunct,
    reached_with_speaker,
)
from kg.extract.exchanges import exchanged
from kg.extract.forecasts import forecast
from kg.extract.headlines import headline_agreements
from kg.extract.lexicon import (
    AGREEMENT_NOUNS,
    AGREEMENT_VERBS,
    ANAPHORIC_NOUNS,
    GOALS,
    NON_COMMITMENTS,
    AgreementVerb,
)
from kg.extract.light_verbs import given_endorsement
from kg.extract.mentions import Discourse
from kg.extract.modality import says_nothing, unreal
from kg.extract.model import Agreement, Claim, Mention
from kg.extract.name_words import according_to_source
from kg.extract.negative_intent import committed, negative_intent
from kg.extract.nominal_events import nominal_events, repeated
from kg.extract.outcomes import doc_text
from kg.extract.parties import UNRESOLVED, compound_parties, modifier_coordinate, party_mentions
from kg.extract.plans import planned
from kg.extract.quotes import Quote, quote_at
from kg.extract.reported_intent import reported_intent
from kg.extract.spans import make_span, sentence_span, token_span, trim
from kg.extract.subjects import document_subject, participle_subject, singled_out, subject_of
from kg.extract.verb_frames import gapped_infinitives, verbal_outcomes
from kg.extract.withdrawals import withdrawn
from kg.rules import PASS, rule

_BE_TO = AgreementVerb("intends", "to")
_WILL = AgreementVerb("intends", "will")


def find_agreements(
    doc: Doc, article: Article, discourse: Discourse, claims: list[Claim], quotes: tuple[Quote, ...]
) -> list[Agreement]:
    """Return the agreement events of one parsed article, in text order, attributed where reported
    (`quotes`: the article's quotations, kg.extract.quotes.find_quotes)."""
    events: list[Agreement] = []
    used_nouns: set[int] = set()
    starts = [s.start_char for s in doc.sents]
    for sent in doc.sents:
        if article.block_kind(sent.start_char) == "title":
            continue  # title case defeats the parser: kg.extract.headlines reads headlines by words
        for token in sent:
            if quoted_commitment(token, quotes):
                continue
            entry = verb_entry(token)
            found = _verbal(token, entry, sent, article, discourse, used_nouns) if entry is not None else []
            if not found and entry is not None:
                found = reached_with_speaker(token, entry, claims, article, discourse)
            if entry is _WILL:
                found = [e for e in found if not forecast(e, token, claims, events, starts)]
            events.extend(
                found
                or reported_intent(token, article, discourse)
                or negative_intent(token, article, discourse)
                or committed(token, article, discourse)
                or given_endorsement(token, article, discourse)
                or exchanged(token, article, discourse)
                or withdrawn(token, article, discourse)
            )
        for token in sent:
            if token.pos_ == "NOUN" and token.lemma_ in GOALS:
                events.extend(announced_goal(token, sent, article, discourse))
            if token.pos_ == "NOUN" and token.lemma_ in AGREEMENT_NOUNS and token.i not in used_nouns:
                events.extend(
                    e
                    for e in nominal_events(token, sent, article, discourse)
                    if not repeated(e, token, events)
                )
    taken_up: set[int] = set()  # events of new parties on an earlier deal: no repeats
    events = endorsed(events, starts, taken_up)
    events = [e for e in events if id(e) in taken_up or not anaphoric(e)]
    events = headline_agreements(doc, article, discourse, events) + events
    return [attributed(e, claims) for e in events]


def _pointing_back(outcome: str) -> bool:
    """ "the accord", "the move", "this plan": an outcome that only points back to an earlier one."""
    words = outcome.lower().split()
    return (
        len(words) == 2
        and words[0] in ("the", "this", "that", "these", "those", "its", "their")
        and (
            words[1] in AGREEMENT_NOUNS
            or words[1] in ANAPHORIC_NOUNS
            or words[1].rstrip("s") in AGREEMENT_NOUNS
        )
    )


@rule("anaphoric-repeat", off=False)
def anaphoric(event: Agreement) -> bool:
    """ "signed the accord", "approved the move": a repeat of a deal reported before, not a new one
    (a rejection of "the plan" is new: someone turned it down)."""
    return event.status in ("agreed", "intends") and _pointing_back(event.outcome.text)


@rule("endorsed-antecedent", off=PASS)
def endorsed(events: list[Agreement], sentence_starts: list[int], taken_up: set[int]) -> list[Agreement]:
    """ "Vardania called for a fishing truce. ... The call was seconded by Kestonia", "Peru, which signed the
    treaty": new parties who take up an event of the two sentences before take up its deal. "The
    call" names the earlier trigger: its outcome is theirs; "the treaty" is in the earlier outcome:
    theirs stays "the treaty". Either is a new event (the same parties would only repeat it)."""
    out: list[Agreement] = []
    for event in events:
        noun = (
            event.outcome.text.lower().split()[-1].rstrip("s") if _pointing_back(event.outcome.text) else ""
        )
        here = bisect_right(sentence_starts, event.sentence.start)
        for e in reversed(out) if noun else ():
            if here - bisect_right(sentence_starts, e.sentence.start) > 2:
                break
            if not {m.name for m in event.parties} - {m.name for m in e.parties}:
                continue
            if noun in e.outcome.text.lower():
                taken_up.add(id(event))
                break
            if noun[:4] == e.trigger.text.lower()[:4]:  # "the call" of "called for", "the offer" of "offered"
                event = replace(event, outcome=e.outcome)
                taken_up.add(id(event))
                break
        out.append(event)
    return out


@rule("quoted-commitment", off=False)
def quoted_commitment(verb: Token, quotes: tuple[Quote, ...]) -> bool:
    """'"I'll fix it tomorrow," Varnik said': a commitment spoken inside a direct quotation by a
    pronoun ("I", "we", "she") is the speaker's claim, not a reported act; a named subject ("this
    City Council fully endorses ...", a resolution's text) and a quoted outcome after a narrated
    subject ('Arvenia "rejects any talks"') stay events."""
    quote = quote_at(quotes, verb.idx, verb.idx + len(verb))
    if quote is None:
        return False
    subject = subject_of(verb)
    if subject is None or subject.pos_ != "PRON":
        return False
    return quote.contains(subject.idx, subject.idx + len(subject))


# --- verbal events ------------------------------------------------------------------------


def verb_entry(token: Token) -> AgreementVerb | None:
    """Return the lexicon entry of an agreement verb, phrasal ones ("put forward") included."""
    if not (token.pos_ in ("VERB", "AUX") or untagged_verb(token)):
        return None
    if token.lemma_ == "be" and planned(token):
        return _BE_TO  # "the two ministries were to draft a joint budget": a plan
    entry = phrasal_verb(token)
    if entry is not None:
        return entry
    return AGREEMENT_VERBS.get(token.lemma_) or will_undertaking(token) or deal_term(token)


@rule("untagged-root-verb", off=False)
def untagged_verb(token: Token) -> bool:
    """ "Vietnam and Korea plan to ...", 'said that Kestonia "rejects ..."': a clause head tagged as a
    noun with a subject is a verb."""
    return token.dep_ in ("ROOT", "ccomp") and any(c.dep_ == "nsubj" for c in token.children)


@rule("phrasal-verb")
def phrasal_verb(token: Token) -> AgreementVerb | None:
    """ "put forward a plan", "turned down the offer": verb and particle are one lexicon entry."""
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    return AGREEMENT_VERBS.get(f"{token.lemma_} {particle}") if particle is not None else None


@rule("will-intends")
def will_undertaking(token: Token) -> AgreementVerb | None:
    """ "Japan will design the rover": any verb an actor "will" do is an undertaking of it,
    except forecasts, states and trips (lexicons/non_commitments.tsv)."""
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in token.children)
    if future and token.pos_ == "VERB" and token.lemma_ not in NON_COMMITMENTS:
        return _WILL
    return None


def _verbal(
    verb: Token,
    entry: AgreementVerb,
    sent: SpacySpan,
    article: Article,
    discourse: Discourse,
    used_nouns: set[int],
):
    if unreal(verb) or says_nothing(verb, entry.status) or carried(verb):
        return []
    subject = subject_of(verb) or participle_subject(verb)
    if subject is not None and document_subject(subject):
        return []
    parties = party_mentions(subject, discourse) if subject is not None else []
    if subject is not None:
        parties = split_subject(verb, subject, discourse) + modifier_coordinate(subject, discourse) + parties
        parties = detached_conjunct(subject, discourse) + parties
        if subject.i in (t.i for t in singled_out(verb)):  # one name of a coordination: it alone
            parties = [m for m in parties if m.span.start <= subject.idx < m.span.end]
    parties = according_to_misparse(parties, verb, subject, discourse)
    if subject is None and not parties:
        return passive(verb, entry, sent, article, discourse)
    if (entry is _WILL and (not named_actors(parties) or deal_clause(verb))) or own_decision(verb, parties):
        return []
    parties = compound_deal_parties(parties + second_parties(verb, discourse), verb, discourse)
    if not parties:
        return []
    outcomes = verbal_outcomes(verb, entry.needs, used_nouns)
    if not outcomes:
        return []
    status = future_intends(entry.status, verb)
    trigger = token_span(article, verb)
    sentence = sentence_span(article, sent)
    events = [
        Agreement(tuple(parties), make_span(article, *span), status, trigger, sentence) for span in outcomes
    ]
    for subject, span in gapped_infinitives(verb):
        if gapped := party_mentions(subject, discourse):
            events.append(Agreement(tuple(gapped), make_span(article, *span), status, trigger, sentence))
    return events


@rule("split-subject", off=[])
def split_subject(verb: Token, subject: Token, discourse: Discourse) -> list[Mention]:
    """ "British retailer Harlow and Danish retailer Sallberg Group agreed": the parser gave the verb
    two subjects, the first with the "and" that joins it to the second: both are parties."""
    return [
        m
        for s in verb.children
        if s.dep_ == "nsubj"
        and s.i < subject.i
        and any(c.dep_ == "cc" and c.lower_ == "and" for c in s.children)
        for m in party_mentions(s, discourse)
    ]


@rule("own-decision", off=False)
def own_decision(verb: Token, parties: list[Mention]) -> bool:
    """ "Varnik decided to run", "Brenn decided not to join the Tarsk regatta": one person's decision is a
    choice, not an agreement (GUIDELINES lists no "decided"); sides or bodies that decide
    ("the two ministers decided to restore flights", "the council decided to X") agree."""
    return verb.lemma_ == "decide" and len(parties) == 1 and parties[0].kind == "person"


@rule("will-needs-a-named-actor", off=True)
def named_actors(parties: list[Mention]) -> bool:
    """ "the deal will cut tariffs", "they will rise": only a named actor undertakes what it "will" do."""
    return bool(parties) and not any(m.kind in ("group", UNRESOLVED, "generic") for m in parties)


@rule("according-to-parties", off=PASS)
def according_to_misparse(parties: list[Mention], verb: Token, subject: Token | None, discourse: Discourse):
    """ "According to X, A and B agreed ...", misparsed with X as the subject or with A and B as
    conjuncts of X: the parties are the names between the comma and the verb."""
    source = _according_to_in(verb.sent)
    if source is None or source.end > verb.i:
        return parties
    if subject is not None and not source.start <= subject.i < source.end:
        return parties
    return [m for t in verb.doc[source.end : verb.i] if (m := _entity_mention(t, discourse))]


@rule("second-party", off=[])
def second_parties(verb: Token, discourse: Discourse) -> list[Mention]:
    """ "A agreed with B", "A signed X with B", "A sold X to B": B is a party too."""
    return [
        m
        for child in verb.children
        if (child.dep_ == "prep" and child.lower_ == "with" and verb.lemma_ in ("agree", "sign", "settle"))
        or (child.dep_ in ("prep", "dative") and child.lower_ == "to" and verb.lemma_ == "sell")
        for p in child.children
        if p.dep_ == "pobj"
        for m in party_mentions(p, discourse)
    ]


@rule("deal-compound-parties", off=PASS)
def compound_deal_parties(parties: list[Mention], verb: Token, discourse: Discourse) -> list[Mention]:
    """ "the two sides signed an Israeli-Palestinian accord": the deal's compound names the parties."""
    deal = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_ in AGREEMENT_NOUNS), None)
    if deal is not None and all(m.kind in ("group", UNRESOLVED) for m in parties):
        return compound_parties(deal, discourse) or parties
    return parties


@rule("future-agreed-intends", off=PASS)
def future_intends(status: str, verb: Token) -> str:
    """ "A and B will sign the accord": an agreement announced for the future is an intention."""
    if status == "agreed" and any(c.lower_ == "will" for c in verb.children if c.dep_ == "aux"):
        return "intends"
    return status


def _according_to_in(sent: SpacySpan) -> SpacySpan | None:
    return next((p for t in sent if (p := according_to_source(t)) is not None), None)


def _entity_mention(token: Token, discourse: Discourse) -> Mention | None:
    ent = discourse.entity(token)
    if ent is None or ent.start != token.i or ent.label_ not in ("GPE", "ORG", "NORP", "PERSON", "LOC"):
        return None
    return discourse.mention(ent.root)


@rule("carried-by-governor", off=False)
def carried(verb: Token) -> bool:
    """ "voted to ratify the treaty", "agreed to sign", "endorsed boycotting the games", "called for
    B to approve X": the governing agreement verb carries the event (one predication, its outcome
    the clause)."""
    for_clause = verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children)
    outer = verb_entry(verb.head) if verb.dep_ == "xcomp" or for_clause else None
    if outer is None:
        return False
    if verb.tag_ == "VBG" and not for_clause:  # a gerund is the governing verb's object
        return True
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return to and outer.needs in ("-", "to", "to-future", "call", "someone-to")


@rule("passive-agent", off=[])
def passive(verb: Token, entry: AgreementVerb, sent: SpacySpan, article: Article, discourse: Discourse):
    """ "The treaty was rejected by A", "the levy voted down by the assembly", "a plan backed by A":
    the agent is the party, the passive subject (or the noun the participle modifies) the outcome."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if by is None or entry.needs not in ("object", "deal", "measure", "body"):
        return []
    target = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if target is None and verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
        target = verb.head
    if target is None and verb.dep_ == "pcomp":  # "the treaty entered into force despite being rejected by A"
        clause = next((a for a in verb.ancestors if any(c.dep_ == "nsubj" for c in a.children)), None)
        target = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
    if target is None or target.pos_ not in ("NOUN", "PROPN") or target.tag_ in ("WDT", "WP"):
        return []
    parties = party_mentions(by, discourse)
    if not parties:
        return []
    start = min(t.idx for t in target.subtree)
    end = target.idx + len(target) if verb.dep_ == "acl" else max(t.idx + len(t) for t in target.subtree)
    trigger = token_span(article, verb)
    sentence = sentence_span(article, sent)
    outcome = make_span(article, *trim(doc_text(verb.doc), start, end))
    return [Agreement(tuple(parties), outcome, entry.status, trigger, sentence)]


# --- attribution --------------------------------------------------------------------------


@rule("attributed-to-speaker", off=PASS)
def attributed(event: Agreement, claims: list[Claim]) -> Agreement:
    """ "..., Rubio said": the speaker of the claim whose content holds the event reports it."""
    for claim in claims:
        if claim.content.start <= event.trigger.start and event.trigger.end <= claim.content.end:
            return Agreement(
                event.parties, event.outcome, event.status, event.trigger, event.sentence, claim.speaker
            )
    return event
