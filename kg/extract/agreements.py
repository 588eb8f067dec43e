"""Agreements: which parties agreed, proposed, intend or rejected to do what.

Verbal events come from the verbs of lexicons/agreements.tsv ("A and B agreed to X",
"A agreed with B on X", "A proposed X", "A refused to X", "reached a deal on X"), nominal
ones from the nouns of lexicons/nouns.tsv ("the agreement to X", "expressed a willingness
to X", "presented B with proposals for X"). Coordinated outcomes ("to X and Y") become one
event each. Negation, modality and hedges ("did not agree", "may sign", "have yet to reach",
"is unlikely to") suppress an event: what did not happen is not reported as agreed.

Past 400 lines on purpose: the verbal and nominal event finders share the trigger lexicons
and the party and outcome helpers; modality, outcomes, parties and headlines are already
modules of their own.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.article import Article
from kg.extract.headlines import headline_agreements
from kg.extract.lexicon import (
    AGREEMENT_NOUNS,
    AGREEMENT_VERBS,
    CUE_VERBS,
    GOVERNMENT_HEADS,
    NON_COMMITMENTS,
    NON_OUTCOMES,
    OBJECT_CLASSES,
    ORGANISATION_HEADS,
    AgreementVerb,
)
from kg.extract.mentions import Discourse, according_to_source
from kg.extract.modality import opinion, says_nothing, unreal
from kg.extract.model import Agreement, Claim, Meeting, Mention
from kg.extract.outcomes import coordinated, doc_text, phrase_range
from kg.extract.parties import UNRESOLVED, compound_parties, party_mentions
from kg.extract.spans import make_span, trim

# Texts that "seek", "call for" or "offer" things without being anyone's agreement.
_DOCUMENTS = frozenset(["report", "statement", "document", "law", "bill", "resolution", "guideline", "study"])
# Travel is no undertaking on an outcome ("Obama plans to attend the summit"; news gold: a trip).
_TRIPS = frozenset(["attend", "travel", "visit", "go", "fly", "arrive", "tour"])
# Nouns that, bare after "the", point back to an event already reported ("approved the move").
_ANAPHORIC_NOUNS = frozenset(["move", "call", "idea", "step", "decision", "arrangements", "terms"])
_BE_TO = AgreementVerb("intends", "to")
_WILL = AgreementVerb("intends", "will")
# Verbs that make "plans to X" an intention of their subject ("announced plans to withdraw").
_PLAN_VERBS = frozenset(["announce", "unveil", "outline", "reveal", "confirm", "have", "draw"])
_MEETING_VERBS = frozenset(["meet", "talk", "negotiate", "hold", "host", "visit"])


def find_agreements(doc: Doc, article: Article, discourse: Discourse, claims: list[Claim]) -> list[Agreement]:
    """Return the agreement events of one parsed article, in text order, attributed where reported."""
    events: list[Agreement] = []
    used_nouns: set[int] = set()
    for sent in doc.sents:
        if article.block_kind(sent.start_char) == "title":
            continue  # title case defeats the parser: kg.extract.headlines reads headlines by words
        for token in sent:
            entry = verb_entry(token)
            if entry is not None:
                events.extend(_verbal(token, entry, sent, article, discourse, used_nouns))
        for token in sent:
            if token.pos_ == "NOUN" and token.lemma_ in AGREEMENT_NOUNS and token.i not in used_nouns:
                events.extend(_nominal(token, sent, article, discourse))
    events = headline_agreements(doc, article, discourse) + [e for e in events if not _anaphoric(e)]
    return [_attributed(e, claims) for e in events]


def _anaphoric(event: Agreement) -> bool:
    """ "signed the accord", "approved the move": a repeat of a deal reported before, not a new one
    (a rejection of "the plan" is new: someone turned it down)."""
    words = event.outcome.text.lower().split()
    return (
        event.status in ("agreed", "intends")
        and len(words) == 2
        and words[0] in ("the", "this", "that", "these", "those", "its", "their")
        and (
            words[1] in AGREEMENT_NOUNS
            or words[1] in _ANAPHORIC_NOUNS
            or words[1].rstrip("s") in AGREEMENT_NOUNS
        )
    )


def find_meetings(doc: Doc, article: Article, discourse: Discourse) -> list[Meeting]:
    """Return who met whom: "A met B", "A and B held talks", "talks between A and B"."""
    meetings = []
    for token in doc:
        parties: list[Mention] = []
        if token.pos_ == "VERB" and token.lemma_ in _MEETING_VERBS:
            subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                parties += discourse.parties(subj)
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "with":
                    parties += [m for p in child.children if p.dep_ == "pobj" for m in discourse.parties(p)]
                elif child.dep_ == "dobj" and token.lemma_ in ("meet", "host", "visit"):
                    parties += discourse.parties(child)
        elif token.lemma_ in ("talk", "meeting", "summit", "negotiation"):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "between":
                    parties += [m for p in child.children if p.dep_ == "pobj" for m in discourse.parties(p)]
        named = [m for m in parties if m.kind != "group"]
        if len(named) >= 2:
            sent = token.sent
            meetings.append(Meeting(tuple(named), make_span(article, sent.start_char, sent.end_char)))
    return meetings


# --- verbal events ------------------------------------------------------------------------


def verb_entry(token: Token) -> AgreementVerb | None:
    """Return the lexicon entry of an agreement verb, phrasal ones ("put forward") included."""
    is_verb = token.pos_ in ("VERB", "AUX")
    # A root tagged as a noun with a subject is a verb the tagger missed ("Vietnam and Korea plan to").
    is_verb = is_verb or (token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in token.children))
    if not is_verb:
        return None
    if token.lemma_ == "be" and _planned(token):
        return _BE_TO  # "they were to form six working groups": a plan
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    if particle is not None and f"{token.lemma_} {particle}" in AGREEMENT_VERBS:
        return AGREEMENT_VERBS[f"{token.lemma_} {particle}"]
    entry = AGREEMENT_VERBS.get(token.lemma_)
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in token.children)
    if entry is None and future and token.pos_ == "VERB" and token.lemma_ not in NON_COMMITMENTS:
        return _WILL  # "Japan will design the rover": an undertaking of its subject
    return entry


def _verbal(
    verb: Token,
    entry: AgreementVerb,
    sent: SpacySpan,
    article: Article,
    discourse: Discourse,
    used_nouns: set[int],
):
    status = entry.status
    if unreal(verb) or opinion(verb) or says_nothing(verb, status) or _carried(verb):
        return []
    subject = _subject(verb)
    if subject is None:
        return _passive(verb, entry, sent, article, discourse)
    if subject.lemma_ in AGREEMENT_NOUNS or subject.lemma_ in _DOCUMENTS:
        return []  # "The agreement seeks to remove tariffs": a document undertakes nothing
    parties = party_mentions(subject, discourse)
    if entry is _WILL and (not parties or any(m.kind in ("group", UNRESOLVED, "generic") for m in parties)):
        return []  # "the deal will cut tariffs": only a named actor undertakes something
    source = _according_to_in(verb.sent)
    if source is not None and source.start <= subject.i < source.end:
        # misparsed "According to X, A and B agreed ...": the parties follow the comma
        parties = [m for t in verb.doc[source.end : verb.i] if (m := _entity_mention(t, discourse))]
    for child in verb.children:
        if (
            child.dep_ == "prep" and child.lower_ == "with" and verb.lemma_ in ("agree", "sign", "settle")
        ) or (
            child.dep_ in ("prep", "dative") and child.lower_ == "to" and verb.lemma_ == "sell"
        ):  # "A agreed with B", "A sold X to B": B is a party too
            parties += [m for p in child.children if p.dep_ == "pobj" for m in party_mentions(p, discourse)]
    deal = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_ in AGREEMENT_NOUNS), None)
    if deal is not None and all(m.kind in ("group", UNRESOLVED) for m in parties):
        parties = compound_parties(deal, discourse) or parties  # "the two sides signed an A-B accord"
    if not parties:
        return []
    outcomes = _verbal_outcomes(verb, entry.needs, used_nouns)
    if not outcomes:
        return []
    if status == "agreed" and any(c.lower_ == "will" for c in verb.children if c.dep_ == "aux"):
        status = "intends"  # announced for the future, not yet done
    if entry.needs == "to-future" and not any(c.lower_ in ("will", "shall") for c in verb.children):
        return []
    trigger = make_span(article, verb.idx, verb.idx + len(verb))
    sentence = make_span(article, sent.start_char, sent.end_char)
    return [
        Agreement(tuple(parties), make_span(article, *span), status, trigger, sentence) for span in outcomes
    ]


def _verbal_outcomes(verb: Token, needs: str, used_nouns: set[int]) -> list[tuple[int, int]]:
    children = list(verb.children)
    infinitive = next(
        (
            c
            for c in children
            if c.dep_ in ("xcomp", "advcl")
            and c.pos_ in ("VERB", "AUX")
            and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
        ),
        None,
    )
    if infinitive is not None and needs in ("-", "to", "to-future", "call"):
        if needs == "to-future":
            return [phrase_range(verb, end_token=infinitive.right_edge)]
        # "pledged to expand X, build Y and harmonise Z": the later verbs may hang from the trigger
        later = [c for c in children if c.dep_ == "conj" and c.tag_ == "VB" and c.i > infinitive.i]
        verbs = coordinated(infinitive) + [v for c in later for v in coordinated(c)]
        verbs = [v for v in verbs if v.lemma_ not in _TRIPS]  # "plans to attend the summit": a trip
        return [phrase_range(v) for v in sorted(set(verbs), key=lambda v: v.i)]
    if needs == "will":  # the verb phrase from the verb on: "design, develop and operate a rover"
        end = verb.right_edge
        clauses = [c for c in children if c.dep_ == "conj" and any(g.dep_ == "nsubj" for g in c.children)]
        if clauses:  # "..., and Kestonia will provide the ships": another actor's clause
            end = verb.doc[min(c.left_edge.i for c in clauses) - 1]
            while end.i > verb.i and (end.is_punct or end.dep_ == "cc"):
                end = verb.doc[end.i - 1]
        return [trim(doc_text(verb.doc), verb.idx, end.idx + len(end))]
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    gerund = next((c for c in children if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG"), None)
    if obj is None and gerund is not None and needs == "object":  # "endorsed boycotting the contest"
        return [phrase_range(gerund)]
    if needs == "call":  # "called for G7 action", "called for NATO members to increase spending"
        prep = next((c for c in children if c.dep_ == "prep" and c.lower_ == "for"), None)
        target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        return [phrase_range(target)] if target is not None and not _is_time(target) else []
    measure_or_body = needs in OBJECT_CLASSES  # "passed the bill", "joined the bloc": only those
    if measure_or_body and (obj is None or obj.lemma_ not in OBJECT_CLASSES[needs] | AGREEMENT_NOUNS.keys()):
        return []
    if needs in ("deal",) and (obj is None or obj.lemma_ not in AGREEMENT_NOUNS):
        return []
    if needs == "deal":  # "reached an agreement to cut tariffs" / "a deal on fishing quotas"
        used_nouns.add(obj.i)
        inner = _deal_content(obj) or infinitive
        return [phrase_range(inner)] if inner is not None else [phrase_range(obj)]
    for child in children:  # "agreed on X", "commit to X", "decided on X"
        if child.dep_ == "prep" and child.lower_ in ("on", "to", "upon") and needs in ("-",) and obj is None:
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if target is not None and not _is_time_head(target):
                return [phrase_range(target)]
    if needs == "proposal":
        for child in children:  # "presented B with proposals for X"
            if child.dep_ == "prep" and child.lower_ == "with":
                target = next((c for c in child.children if c.dep_ == "pobj"), None)
                if target is not None and target.lemma_ in AGREEMENT_NOUNS:
                    used_nouns.add(target.i)
                    return [phrase_range(target)]
        if obj is None or obj.lemma_ not in AGREEMENT_NOUNS:
            return []
    if obj is not None and obj.lemma_ in NON_OUTCOMES:
        return []  # "offered his explanation", "offered condolences": nothing to agree on
    if obj is not None and needs != "to" and obj.pos_ in ("NOUN", "PROPN") and obj.tag_ not in ("WDT", "WP"):
        used_nouns.add(obj.i)
        start, end = phrase_range(obj)
        topic = next(
            (
                c
                for c in children
                if c.dep_ == "prep"
                and c.lower_ in ("on", "for", "covering")
                and c.i > obj.i
                and not any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree)
            ),
            None,
        )
        if topic is not None:  # "signed a memorandum of understanding on the purchase of 40 jets"
            end = phrase_range(topic.right_edge)[1] if topic.right_edge.i > topic.i else end
            end = max(end, topic.right_edge.idx + len(topic.right_edge))
        return [(start, end)]
    return []


def _according_to_in(sent: SpacySpan) -> SpacySpan | None:
    return next((p for t in sent if (p := according_to_source(t)) is not None), None)


def _entity_mention(token: Token, discourse: Discourse) -> Mention | None:
    ent = discourse.entity(token)
    if ent is None or ent.start != token.i or ent.label_ not in ("GPE", "ORG", "NORP", "PERSON", "LOC"):
        return None
    return discourse.mention(ent.root)


def _planned(be: Token) -> bool:
    """ "The ministry is to begin issuing ...": "be to" with an acting subject, not "it is vital
    to" or "the goal is to"."""
    subject = next((c for c in be.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("it", "this", "that"):
        return False
    if subject.pos_ == "NOUN" and (
        subject.tag_ != "NN" or subject.lower_ not in ORGANISATION_HEADS | GOVERNMENT_HEADS
    ):
        return False  # "the goal is to ...": no actor plans it
    if any(c.dep_ in ("acomp", "attr") for c in be.children):
        return False
    return any(c.dep_ == "xcomp" and _has_to(c) for c in be.children)


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _carried(verb: Token) -> bool:
    """ "voted to ratify the treaty", "agreed to sign": the governing agreement verb carries the event."""
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    outer = verb_entry(verb.head)
    return outer is not None and outer.needs in ("-", "to", "to-future", "call")


def _passive(verb: Token, entry: AgreementVerb, sent: SpacySpan, article: Article, discourse: Discourse):
    """ "The treaty was rejected by A", "the bill rejected by the House", "a plan backed by A":
    the agent is the party, the passive subject (or the noun the participle modifies) the outcome."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if by is None or entry.needs not in ("object", "deal", "measure", "body"):
        return []
    target = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if target is None and verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
        target = verb.head
    if target is None and verb.dep_ == "pcomp":  # "the treaty takes effect in spite of being rejected by A"
        clause = next((a for a in verb.ancestors if any(c.dep_ == "nsubj" for c in a.children)), None)
        target = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
    if target is None or target.pos_ not in ("NOUN", "PROPN") or target.tag_ in ("WDT", "WP"):
        return []
    parties = party_mentions(by, discourse)
    if not parties:
        return []
    start = min(t.idx for t in target.subtree)
    end = target.idx + len(target) if verb.dep_ == "acl" else max(t.idx + len(t) for t in target.subtree)
    trigger = make_span(article, verb.idx, verb.idx + len(verb))
    sentence = make_span(article, sent.start_char, sent.end_char)
    outcome = make_span(article, *trim(doc_text(verb.doc), start, end))
    return [Agreement(tuple(parties), outcome, entry.status, trigger, sentence)]


def _deal_content(noun: Token) -> Token | None:
    """Return what a deal noun is about: its infinitive ("agreement to X") or "on" object."""
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and any(a.lower_ == "to" for a in child.children):
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "over"):
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if target is not None and not _is_time(target):
                return target
    return None


def _is_time(token: Token) -> bool:
    """Whether a phrase is a date or time ("on Thursday", "over the weekend"): never an outcome."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree)


def _is_time_head(token: Token) -> bool:
    """Whether a phrase is headed by a date or time: "a 60-day ceasefire" holds a date but is
    a ceasefire."""
    return token.ent_type_ in ("DATE", "TIME")


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:  # the nearest: "KUALA LUMPUR (Reuters) - Malaysia and Indonesia agreed"
        return _antecedent(min(subjects, key=lambda c: abs(verb.i - c.i)), verb)
    if verb.dep_ == "conj":
        return _subject(verb.head)
    if verb.dep_ == "xcomp" and verb.head.lemma_ not in CUE_VERBS:  # "want to sign", "hope to agree"
        return _subject(verb.head)
    return None


def _antecedent(subject: Token, verb: Token) -> Token:
    """ "Walmart, which agreed to ...": a relative pronoun stands for the noun its clause modifies,
    and "Iraqiya was one of the groups that agreed" for the subject of the copula."""
    if subject.lower_ not in ("that", "which", "who") or verb.dep_ != "relcl":
        return subject
    noun = verb.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
        noun = noun.head.head  # "one of the groups that ..."
    if noun.dep_ == "attr":  # "X was one of the groups": X
        copula_subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        return copula_subject if copula_subject is not None else noun
    return noun


# --- nominal events -----------------------------------------------------------------------


def _nominal(noun: Token, sent: SpacySpan, article: Article, discourse: Discourse):
    role, status = AGREEMENT_NOUNS[noun.lemma_]
    if (
        role == "proposal"
        and noun.lemma_ == "plan"
        and noun.dep_ == "dobj"
        and noun.head.lemma_ in _PLAN_VERBS
    ):
        role, status = "intention", "intends"  # "announced plans to withdraw": an intention
    elif role == "proposal":
        return []  # a plan or proposal is an event only through a verb ("presented proposals")
    if any(c.lower_ in ("no", "any") or c.dep_ == "neg" for c in noun.children):
        return []
    governor = noun.head
    governed = noun.dep_ in ("dobj", "pobj") and governor.pos_ in ("VERB", "AUX")
    if governed and (governor.lemma_ in AGREEMENT_VERBS or unreal(governor)):
        return []  # the verb carries (or denies) the event
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
            target = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp") and not _is_time(c)), None)
    if outcome is None and target is None:
        return []
    parties: list[Mention] = []
    for node in noun.subtree:  # "a deal on quotas between Norway and the Faroe Islands"
        if node.dep_ == "prep" and node.lower_ == "between":
            parties += discourse.named_in(node)
    for child in noun.children:  # "Kenya's agreement with Ethiopia", "the willingness of both sides"
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            parties += party_mentions(child, discourse)
        elif child.dep_ == "prep" and child.lower_ in ("of", "with"):
            parties += [m for p in child.children if p.dep_ == "pobj" for m in party_mentions(p, discourse)]
    head = noun.head
    # "Both sides expressed a willingness to ...", "A and B announced their agreement over X"
    owned = any(c.dep_ == "poss" and c.lower_ in ("their", "its", "our") for c in noun.children)
    if (role == "intention" or owned) and head.dep_ != "nsubj" and noun.dep_ == "dobj":
        subj = _subject(head)  # "Both sides expressed a willingness to ..."
        if subj is None or unreal(head):
            return []
        parties = party_mentions(subj, discourse) or parties
    parties = parties or compound_parties(noun, discourse)  # "the US-India deal to supply fuel"
    if not parties:
        # "the agreement to restore ...": the parties in context (kg.resolve fills them in)
        parties = [Mention(make_span(article, noun.idx, noun.idx + len(noun)), "the parties", "group")]
    # "plans to withdraw from X and loosen Y": one event per coordinated infinitive
    verbs = (coordinated(outcome) if noun.dep_ == "dobj" else [outcome]) if outcome is not None else []
    spans = [phrase_range(v) for v in verbs] or [phrase_range(target)]
    trigger = make_span(article, noun.idx, noun.idx + len(noun))
    sentence = make_span(article, sent.start_char, sent.end_char)
    return [Agreement(tuple(parties), make_span(article, *span), status, trigger, sentence) for span in spans]


# --- spans and attribution ----------------------------------------------------------------


def _attributed(event: Agreement, claims: list[Claim]) -> Agreement:
    """Attach the speaker of the claim whose content holds the event ("..., Rubio said")."""
    for claim in claims:
        if claim.content.start <= event.trigger.start and event.trigger.end <= claim.content.end:
            return Agreement(
                event.parties, event.outcome, event.status, event.trigger, event.sentence, claim.speaker
            )
    return event
