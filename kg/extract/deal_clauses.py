"""Deal clauses the verb and noun finders of kg.extract.agreements read less directly.

Terms coordinated with an agreement ("agreed on X and allowed Y"), a first party the parser left
in a fragment, a deal reached "with B" in A's words, what a deal "will" do, who announces a deal
or a goal, and deals that are denied ("no agreement").
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.article import Article
from kg.extract.lexicon import AGREEMENT_NOUNS, AGREEMENT_VERBS, DEAL_TERMS, PLAN_VERBS, AgreementVerb
from kg.extract.mentions import Discourse
from kg.extract.modality import unreal
from kg.extract.model import Agreement, Claim, Mention
from kg.extract.outcomes import doc_text, phrase_range
from kg.extract.parties import UNRESOLVED, party_mentions
from kg.extract.spans import agreement_at, make_span, sentence_span, token_span, trim
from kg.extract.subjects import document_subject, has_to, subject_of
from kg.rules import rule

_TERM = AgreementVerb("agreed", "object")


@rule("deal-term-conjunct")
def deal_term(token: Token) -> AgreementVerb | None:
    """ "Arvenia and Kestonia agreed on a sea border and allowed Kestonian patrols in the strait": a
    permission coordinated with an agreement (lexicons/deal_terms.tsv) is one of its terms."""
    if token.dep_ != "conj" or token.lemma_ not in DEAL_TERMS:
        return None
    outer = AGREEMENT_VERBS.get(token.head.lemma_)
    return _TERM if outer is not None and outer.status == "agreed" else None


@rule("detached-first-conjunct", off=[])
def detached_conjunct(subject: Token, discourse: Discourse) -> list[Mention]:
    """ "Port Director Ana Ruiz and Kestonia's Minister of Transport, Fisheries and Tourism (MTFT)
    Ivo Lind signed ...": a long title made the parser end a verbless fragment, with the first name
    and its dangling "and", before the subject: that name is a party too."""
    sent = subject.sent
    if subject.left_edge.i != sent.start or sent.start == 0:
        return []
    before = subject.doc[sent.start - 1].sent
    if "\n" in subject.doc[before.start : sent.start + 1].text:
        return []  # a heading before the paragraph is no fragment of its sentence
    if before.text.rstrip()[-1:] in ".!?:;\"'”" or any(t.pos_ in ("VERB", "AUX") for t in before):
        return []
    # the fragment's first "and" joins the first name, not words of the long title ("Bridges and Ferries")
    first = next((t.head for t in before if t.dep_ == "cc" and t.lower_ == "and"), None)
    named = first is not None and _named_as(first, discourse, ("PERSON", "ORG"))
    mention = discourse.mention(first) if named else None
    return [mention] if mention is not None and mention.kind in ("person", "organization") else []


def _named_as(token: Token, discourse: Discourse, labels: tuple[str, ...]) -> bool:
    ent = discourse.entity(token)
    return ent is not None and ent.root.i == token.i and ent.label_ in labels


@rule("reached-with-speaker", off=[])
def reached_with_speaker(
    verb: Token, entry: AgreementVerb, claims: list[Claim], article: Article, discourse: Discourse
) -> list[Agreement]:
    """'the pilots' guild said: "Our accord has been signed with Varn Ferries for night crossings to
    resume"': a deal the speaker calls its own ("our deal", "reached by us") and reached with B is
    the speaker's deal with B. A deal reached by nobody named, reported by a speaker who does not
    call it theirs, may be anyone's ("the agency said a truce was agreed with the rebels"): none."""
    deal = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.lemma_ in AGREEMENT_NOUNS), None)
    if deal is None or entry.needs not in ("object", "deal") or unreal(verb) or denied_noun(deal):
        return []
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    ours = any(c.dep_ == "poss" and c.lower_ == "our" for c in deal.children)
    if not (ours or [a.lower_ for a in agents] == ["us"]) or (agents and ours):
        return []
    speaker = next((c.speaker for c in claims if c.content.start <= verb.idx < c.content.end), None)
    partners = second_party_of(verb, discourse) or second_party_of(deal, discourse)
    span = for_to_clause(verb) or for_to_clause(deal)
    if speaker is None or not partners or span is None:
        return []
    return [agreement_at(article, verb, (speaker, *partners), span, entry.status)]


def second_party_of(word: Token, discourse: Discourse) -> list[Mention]:
    """The named parties after "with"."""
    return [
        m
        for child in word.children
        if child.dep_ == "prep" and child.lower_ == "with"
        for p in child.children
        if p.dep_ == "pobj"
        for m in party_mentions(p, discourse)
        if m.kind != UNRESOLVED
    ]


@rule("deal-that-will")
def deal_effect(noun: Token) -> tuple[int, int] | None:
    """ "a deal with seed firms that will cut grain prices": what a deal with a partner will do is
    its outcome (the parser may hang the clause on the partner instead of the deal)."""
    partners = [
        p for c in noun.children if c.dep_ == "prep" and c.lower_ in ("with", "between") for p in c.children
    ]
    if not partners:  # "agreed to merge in a deal that will create X": the verb's event already
        return None
    for node in (noun, *partners):
        for clause in node.children:
            will = next((a for a in clause.children if a.dep_ == "aux" and a.lower_ == "will"), None)
            relative = any(c.dep_ == "nsubj" and c.lower_ in ("that", "which") for c in clause.children)
            if clause.dep_ == "relcl" and will is not None and relative:
                _, end = phrase_range(clause)
                return will.idx + len(will) + 1, end
    return None


@rule("deal-that-will", off=False)
def deal_clause(verb: Token) -> bool:
    """ "a deal with seed firms that will cut prices": the deal's outcome, not the firms' undertaking."""
    if verb.dep_ != "relcl":
        return False
    noun = verb.head
    if noun.dep_ == "pobj" and noun.head.lower_ in ("with", "between"):
        noun = noun.head.head
    return noun.lemma_ in AGREEMENT_NOUNS and deal_effect(noun) is not None


# Verbs by which a side makes its own deal public; "revealed", "confirmed" or "outlined" a deal
# are as often said of a newspaper or an official reporting another's deal.
_ANNOUNCING = frozenset(["announce", "unveil"])


@rule("deal-announcer", off=[])
def announcer(noun: Token, discourse: Discourse) -> list[Mention]:
    """ "the Tarsk port authority unveiled a pact with two ferry lines": who announces a deal with a
    partner is a party (not who reveals or confirms one)."""
    with_partner = any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children)
    if not with_partner or noun.dep_ != "dobj" or noun.head.lemma_ not in _ANNOUNCING:
        return []
    subject = subject_of(noun.head)
    return party_mentions(subject, discourse) if subject is not None else []


@rule("announced-goal", off=[])
def announced_goal(noun: Token, sent: SpacySpan, article: Article, discourse: Discourse) -> list[Agreement]:
    """ "Varn Ferries unveiled an aim for every crossing to run on batteries by 2031": a goal its
    owners announce (lexicons/agreement_words.tsv) is their intention; the "for ... to" clause,
    its subject included, is the outcome. A report or a deal that sets a goal undertakes nothing."""
    if noun.dep_ != "dobj" or noun.head.lemma_ not in PLAN_VERBS or unreal(noun.head):
        return []
    span = for_to_clause(noun)
    subject = subject_of(noun.head) if span is not None else None
    if subject is not None and document_subject(subject):
        return []
    parties = party_mentions(subject, discourse) if subject is not None else []
    if not parties:
        return []
    trigger = token_span(article, noun)
    sentence = sentence_span(article, sent)
    return [Agreement(tuple(parties), make_span(article, *span), "intends", trigger, sentence)]


def for_to_clause(noun: Token) -> tuple[int, int] | None:
    """ "for X to Y" after a noun or verb, parsed as a clause ("for" its mark) or as "for X" and "to Y"."""
    words: list[Token] = []
    for child in noun.children:
        mark = next((c for c in child.children if c.dep_ == "mark" and c.lower_ == "for"), None)
        if child.dep_ == "advcl" and mark is not None and has_to(child):
            words = [t for t in child.subtree if t.i > mark.i]
        elif child.dep_ == "prep" and child.lower_ == "for":
            # "to Y" hung on the noun after "for X", or on X itself
            objects = [o for o in child.children if o.dep_ == "pobj"]
            verb = next(
                (
                    c
                    for node in (noun, *objects)
                    for c in node.children
                    if c.dep_ in ("acl", "relcl", "advcl") and c.i > child.i and has_to(c)
                ),
                None,
            )
            if verb is not None:
                words = list(noun.doc[child.i + 1 : verb.right_edge.i + 1])
    if not words:
        return None
    return trim(doc_text(noun.doc), words[0].idx, words[-1].idx + len(words[-1]))


@rule("denied-noun", off=False)
def denied_noun(noun: Token) -> bool:
    """ "no agreement to X", "without any deal on Y": a deal that is denied is no event."""
    return any(c.lower_ in ("no", "any") or c.dep_ == "neg" for c in noun.children)


@rule("gapped-possessor", off=None)
def gapped_owner(noun: Token, discourse: Discourse) -> list[Mention] | None:
    """ "Orrin Mills announced its commitment to cut prices, and Dalby its pledge to freeze them": a name left
    without its verb before a second possessed deal noun of the same kind owns that noun (not the
    first clause's subject, nor the parties in context). None: no such gap; []: a gap whose name
    names no actor of the article (no event)."""
    name = _gapped_name(noun)
    if name is None:
        return None
    doc = noun.doc
    earlier = [
        t
        for t in doc[noun.sent.start : name.left_edge.i]
        if t.lemma_ in AGREEMENT_NOUNS and AGREEMENT_NOUNS[t.lemma_][0] == AGREEMENT_NOUNS[noun.lemma_][0]
    ]
    if not earlier or doc[name.left_edge.i - 1].lower_ not in (",", "and", ";"):
        return None
    text = doc[name.left_edge.i : name.i + 1].text  # "Dalby" for "Dalby Foods" named before
    span = make_span(discourse.article, name.left_edge.idx, name.idx + len(name))
    person, body = discourse.full_name(text), discourse.organisation_name(text)
    if person != text:
        return [Mention(span, person, "person")]
    if body != text:
        return [Mention(span, body, "organization")]
    if discourse.entity(name) is not None or name.pos_ == "PROPN":
        return discourse.parties_of(name)
    return []  # a capitalised word the tagger took for a verb, naming nobody the article names


def _gapped_name(noun: Token) -> Token | None:
    """The capitalised word heading a verbless clause with the noun: its head ("Tallis its
    pledge", parsed as object or apposition of "Dalby") or its subject ("Harbor its readiness",
    parsed as a conjunct with a subject)."""
    if not any(c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her") for c in noun.children):
        return None
    if noun.dep_ in ("dobj", "appos", "npadvmod"):
        name = noun.head
    elif noun.dep_ == "conj":
        name = next((c for c in noun.children if c.dep_ in ("nsubj", "nmod") and c.i < noun.i), None)
    else:
        return None
    if name is None or name.i >= noun.i or not name.text[:1].isupper() or name.left_edge.i == noun.sent.start:
        return None
    between = noun.doc[name.i + 1 : noun.i]
    if any(t.dep_ not in ("poss", "det", "amod") for t in between):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in name.children) and name.pos_ in ("VERB", "AUX"):
        return None
    return name
