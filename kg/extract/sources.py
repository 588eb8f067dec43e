"""Sources of claims: who or what may be the speaker of an attribution cue, by kind.

named actor         "Smith said", "he said", "the ministry said": kg.extract.mentions
known-name          a surname the article gave in full, mistagged as a common noun
document-source     a report, poll, study or letter, for cues that documents take
                    ("the report says", "a survey found"), lexicons/cues.tsv documents = yes
appositive-name     a role with a name beside it ("the director, Runa Kvale Berget, said")
group-source        people named by what they are, together ("aides said", "mountaineers say")
described-source    a person named by role ("the Halden governor said", "the former
                    president said"): the last person the article gave that role
                    (role-antecedent), else the description itself
unnamed-source      one person or body by kind ("a party strategist said", "her campaign said")
share-source        a share of those polled ("22 percent said", "another said"), named by
                    its own description when it has one ("those who stayed"; described-share)

Each is a named rule (kg.rules); the word classes are lexicons/sources.tsv and roles.tsv.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.extract.common_nouns import document_owner
from kg.extract.lexicon import CUE_VERBS, ROLE_FORMS, SOURCE_NOUNS
from kg.extract.mentions import Discourse
from kg.extract.model import Mention
from kg.extract.name_words import PAST_TITLES
from kg.rules import rule

# Sources named by what they are get the kind "unnamed": each stays within its article, and none
# becomes the antecedent of a later "it" or "they" (Discourse.heard ignores the kind).
# The word classes are lexicons/sources.tsv; role nouns and their title forms lexicons/roles.tsv.
DOCUMENT_NOUNS = SOURCE_NOUNS["document"]
SPEAKING_GROUPS = SOURCE_NOUNS["group"]
PERSON_NOUNS = SOURCE_NOUNS["person"]
SPEAKING_BODIES = SOURCE_NOUNS["body"]
ROLE_NOUNS = ROLE_FORMS
_DESCRIPTION_DETERMINERS = frozenset(["the", "this", "that"])


def source(token: Token, discourse: Discourse, *, documents: bool) -> Mention | None:
    """Return the source a cue's subject stands for, or None when it may not speak.

    The rules are tried in order; the first that names a source wins.
    """
    if found := _candidate_body(token, discourse):
        return found
    mention = discourse.mention(token)
    if mention is not None:
        return mention
    if found := _share_of_a_body(token, discourse):
        return found
    if documents and (found := _some_source(token, discourse)):
        return found
    if token.pos_ != "NOUN":
        return None
    if found := document_owner(discourse, token):
        return found
    for find in (
        _known_name,
        _document_source if documents else None,
        _appositive_source,
        _group_source,
        _described_people,
    ):
        if find is not None and (found := find(token, discourse)):
            return found
    found = _described_source(token, discourse) or _unnamed_source(token, discourse)
    if found is None and documents:
        found = _share_source(token, discourse)
    return found


@rule("share-of-a-body")
def _share_of_a_body(token: Token, discourse: Discourse) -> Mention | None:
    """a third of Kestrel's pilots told the inquiry A; most of the party's senators said A: a share
    of a named organisation's people speaks for it (not of a place's: its farmers are no government)."""
    share = SOURCE_NOUNS["share"] | SOURCE_NOUNS["some"]
    if not (token.like_num or token.lower_ in share or token.lower_ in ("percent", "%")):
        return None
    heads = {token.i, *(c.i for c in token.children)}
    of = next((t for t in token.subtree if t.dep_ == "prep" and t.lower_ == "of" and t.head.i in heads), None)
    people = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if people is None or people.tag_ != "NNS":
        return None
    owner = next((c for c in people.children if c.dep_ == "poss" and discourse.entity(c) is not None), None)
    found = discourse.mention(owner) if owner is not None else None
    if found is None or found.kind != "organization":
        return None  # "most of Peru's farmers": the people of a place are not its government
    return Mention(discourse._span(token.doc[token.left_edge.i : people.i + 1]), found.name, found.kind)


@rule("share-source")
def _some_source(token: Token, discourse: Discourse) -> Mention | None:
    """another said; some say; 22 percent said; a majority of voters say: shares of those polled."""
    if token.lower_ in SOURCE_NOUNS["some"] and token.pos_ in ("PRON", "DET", "NOUN", "NUM"):
        described = _share_description(token)
        return Mention(discourse._span(token), described.text if described else token.text, "unnamed")
    return None


@rule("described-share")
def _share_description(token: Token) -> SpacySpan | None:
    """Those who stayed said A; some of the marchers said B: the pronoun's own description names
    the source ("those who stayed"), not the bare "Those", which names nobody."""
    kept = [c for c in token.children if c.dep_ in ("relcl", "prep", "acl")]
    if not kept:
        return None
    return token.doc[token.i : max(c.right_edge.i for c in kept) + 1]


@rule("share-source")
def _share_source(token: Token, discourse: Discourse) -> Mention | None:
    """another said; some say; 22 percent said; a majority of voters say: shares of those polled."""
    share = token.lower_ in SOURCE_NOUNS["share"] or (
        token.lower_ in ("percent", "%") and any(c.like_num for c in token.children)
    )
    return (
        Mention(discourse._span(_noun_phrase(token)), _noun_phrase(token).text, "unnamed") if share else None
    )


@rule("known-name")
def _known_name(token: Token, discourse: Discourse) -> Mention | None:
    """Rivers said, after Dale Rivers: a surname the article gave in full, tagged as a common noun."""
    if not token.text[:1].isupper() or discourse.full_name(token.text) == token.text:
        return None
    return Mention(discourse._span(token), discourse.full_name(token.text), "person")


@rule("document-source")
def _document_source(token: Token, discourse: Discourse) -> Mention | None:
    """the report says; a survey found: a document, poll or study as source, for cues that take one."""
    if token.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    phrase = _noun_phrase(token)
    return Mention(discourse._span(phrase), phrase.text, "unnamed")


@rule("appositive-name")
def _appositive_source(token: Token, discourse: Discourse) -> Mention | None:
    """the director, Runa Kvale Berget, said: a role noun with a name beside it is that person."""
    lemma = token.lemma_.lower()
    if lemma not in ROLE_NOUNS and lemma not in PERSON_NOUNS:
        return None
    named = _appositive_name(token)
    if named is None:
        return None
    return Mention(discourse._span(named), discourse.full_name(named.text), "person")


@rule("group-source")
def _group_source(token: Token, discourse: Discourse) -> Mention | None:
    """aides said; critics say; mountaineers say: people named by what they are, speaking together."""
    if token.tag_ != "NNS" or not (token.lower_ in SPEAKING_GROUPS or _people_word(token.lower_)):
        return None
    phrase = _noun_phrase(token)
    return Mention(discourse._span(phrase), phrase.text, "unnamed")


@rule("described-people")
def _described_people(token: Token, discourse: Discourse) -> Mention | None:
    """people familiar with the plan said; people briefed on the talks say; people who lost their
    cover said: "people" with a description of its own is a source, named by the whole phrase;
    bare "people say" names nobody."""
    if token.lower_ not in _PEOPLE or token.tag_ != "NNS":
        return None
    described = [c for c in token.children if c.dep_ in ("prep", "relcl", "acl", "amod") and c.i > token.i]
    if not described or any(c.dep_ == "relcl" and c.lemma_ in CUE_VERBS for c in described):
        return None  # "people who described themselves as A": the clause is the cue's own
    phrase = token.doc[_noun_phrase(token).start : max(c.right_edge.i for c in described) + 1]
    return Mention(discourse._span(phrase), phrase.text, "unnamed")


_PEOPLE = frozenset(["people", "persons"])


@rule("described-source")
def _described_source(token: Token, discourse: Discourse) -> Mention | None:
    """the governor said: a definite role is the last person given that role, else the description."""
    if token.lemma_.lower() not in ROLE_NOUNS or not _definite(token):
        return None
    phrase = _noun_phrase(token)
    named = _person_with_role(token, discourse)
    if named is not None:
        return Mention(discourse._span(phrase), named, "person")
    return Mention(discourse._span(phrase), phrase.text, "unnamed")  # a role never named


@rule("candidate-body")
def _candidate_body(token: Token, discourse: Discourse) -> Mention | None:
    """Kovar's campaign said; the Kovar campaign said; her office said: a person's campaign or
    office speaks for the person (bench/CLAIM_GOLD.md), where "the campaign" alone stays a body."""
    if token.lemma_.lower() not in _PERSONAL_BODIES:
        return None
    owner = next((c for c in token.children if c.dep_ in ("poss", "compound")), None)
    if owner is None:
        return None
    found = discourse.mention(owner)
    name = found.name if found is not None and found.kind == "person" else discourse.full_name(owner.text)
    if name == owner.text and (found is None or found.kind != "person"):
        return None  # no person: "the Senate campaign", "the party's office"
    return Mention(discourse._span(_noun_phrase(token)), name, "person")


_PERSONAL_BODIES = frozenset({"campaign", "office"})


@rule("unnamed-source")
def _unnamed_source(token: Token, discourse: Discourse) -> Mention | None:
    """a party strategist said; her campaign said; the announcer said: one person or body by kind."""
    lemma = token.lemma_.lower()
    agent = token.tag_ == "NN" and _definite_or_indefinite(token) and _people_word(token.lower_ + "s")
    if not (lemma in ROLE_NOUNS or lemma in PERSON_NOUNS or lemma in SPEAKING_BODIES or agent):
        return None
    phrase = _noun_phrase(token)
    return Mention(discourse._span(phrase), phrase.text, "unnamed")


@rule("people-suffix", off=False)
def _people_word(plural: str) -> bool:
    """mountaineers, mourners, specialists: a plural that names people by what they do, by its suffix."""
    return plural.endswith(_PEOPLE_SUFFIXES) and plural not in SOURCE_NOUNS["not-people"]


_PEOPLE_SUFFIXES = ("ists", "ers", "ors", "ians", "ats", "ans", "ees", "goers")


def _appositive_name(token: Token):
    """The capitalised name in apposition to a role noun, however the tagger labelled it."""
    for child in [*token.children, *_name_after_body(token)]:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            left = min([child.i, *(c.i for c in child.lefts if c.dep_ in ("compound", "flat"))])
            name = token.doc[left : child.i + 1]
            if len(name) >= 2 and all(t.text[:1].isupper() for t in name):
                return name
    return None


@rule("name-after-body", off=[])
def _name_after_body(role: Token) -> list[Token]:
    """'A,' announced the chair of the nurses union, Karla Veit: a person's name the parser hung on the body
    a role is of (a lobby, a ministry: not a person, so not the name's owner) names the role."""
    bodies = [
        body
        for prep in role.children
        if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "for")
        for body in prep.children
        if body.dep_ == "pobj" and body.ent_type_ != "PERSON" and not _person_word(body)
    ]
    return [c for body in bodies for c in body.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]


def _person_word(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in ROLE_NOUNS or lemma in PERSON_NOUNS or _people(token)


def _definite_or_indefinite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") for c in token.children)


def _definite(token: Token) -> bool:
    return any(
        (c.dep_ == "det" and c.lower_ in _DESCRIPTION_DETERMINERS) or c.dep_ == "poss" for c in token.children
    )


def _noun_phrase(token: Token):
    left = min([token.i, *(c.left_edge.i for c in token.lefts if c.dep_ in _MODIFIERS)])
    return token.doc[left : token.i + 1]


_MODIFIERS = frozenset(["det", "amod", "compound", "nummod", "poss", "predet", "nmod", "quantmod"])


@rule("role-antecedent")
def _person_with_role(head: Token, discourse: Discourse) -> str | None:
    """Gov. Ilse Marrow ... the governor said: the last person named with that role beside the name."""
    words = ROLE_NOUNS[head.lemma_.lower()]
    doc = head.doc
    for ent in reversed([e for e in doc.ents if e.label_ == "PERSON" and e.end <= head.i]):
        before = {t.lower_ for t in _title_run(doc, ent.start)} | _role_before_name(ent)
        inside = {t.lower_ for t in ent}
        # Up to the description itself: in '"... beat Karen Ellis," the governor said', the
        # governor is who speaks, not a title of the name the quote ends on.
        after = {t.lower_ for t in doc[ent.end : min(head.i, ent.end + 6)]} if _appositive(ent) else set()
        titles = before | inside | after
        # "the governor" holds the office now: not "X, the former governor" named since
        if any(w in titles for w in words) and not titles & PAST_TITLES:
            return discourse.full_name(ent.text)
    return None


@rule("role-before-name", off=set())
def _role_before_name(ent) -> set[str]:
    """The mayor of Halden, Ilse Marrow, ... the mayor said: a role the name stands in apposition to."""
    head = ent.root.head
    if ent.root.dep_ != "appos" or head.i >= ent.start:
        return set()
    while head.dep_ in ("pobj", "prep") and head.head.i < head.i:  # "the minister of Norway, X"
        if (head.dep_ == "pobj" and head.head.lower_ != "of") or head.head.pos_ in ("VERB", "AUX"):
            break  # "Governor A came with his daughter, B": B is no governor
        head = head.head
    return {t.lower_ for t in ent.doc[head.left_edge.i : ent.start]}


def _title_run(doc, start: int) -> list[Token]:
    """The up to four words right before a name that may be its title: not past a verb, a
    punctuation mark or another person ("judge Noor Haldane ruled Edvin Roos ...")."""
    k = start
    while k > max(0, start - 4):
        t = doc[k - 1]
        if t.pos_ in ("VERB", "AUX", "PUNCT") or t.ent_type_ == "PERSON":
            break
        k -= 1
    return list(doc[k:start])


def _appositive(ent) -> bool:
    """Whether a comma and a description follow the name ("Ilse Marrow, the Halden governor,")."""
    doc = ent.doc
    return ent.end < len(doc) and doc[ent.end].text == ","


@rule("plural-antecedent", off=[])
def plural_antecedent(pronoun: Token, discourse: Discourse, depth: int = 0) -> list[Mention]:
    """Peru and Chile want a delay. The limits are too tight, they argue: a "they" that speaks
    stands for the last coordinated actors, or people of a named body ("Liberal Party senators"),
    in its own sentence before it or in the sentence before, subjects of main clauses first. The
    pronoun stays the speaker's span."""
    if pronoun.lower_ != "they" or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return []
    doc = pronoun.doc
    sent = pronoun.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    cue = pronoun.head
    content = cue.head if cue.dep_ in ("parataxis", "ccomp") and cue.head.i < cue.i else cue
    inside = {t.i for t in content.subtree}  # "Peru's fleets are idle, they say": not the content
    candidates: list[tuple[bool, list[Mention]]] = []
    for token in doc[start : pronoun.i]:
        if token.i in inside or token.dep_ == "conj":
            continue
        # a subject inside what someone else reported ("X warned that Y would ...") ranks below X
        subject = token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ != "ccomp"
        if token.lower_ == "they" and subject:
            candidates.append((True, plural_antecedent(token, discourse, depth + 1) if depth < 3 else []))
        elif token.conjuncts:
            named = discourse.parties(token)
            if len(named) >= 2 and all(m.kind in ("person", "organization", "country") for m in named):
                candidates.append((subject, named))
        elif token.tag_ == "NNS" and (_people_of_a_name(token, discourse) or (subject and _people(token))):
            phrase = _noun_phrase(token)
            candidates.append((subject, [Mention(discourse._span(phrase), phrase.text, "generic")]))
        elif token.tag_ == "NNPS" and subject and (found := discourse.mention(token)) is not None:
            candidates.append((subject, [found]))  # "Republicans had asked because they felt ..."
    subjects = [found for subject, found in candidates if subject]
    found = subjects[-1] if subjects else candidates[-1][1] if candidates else []
    return [Mention(discourse._span(pronoun), m.name, m.kind, m.role) for m in found]


def _people_of_a_name(token: Token, discourse: Discourse) -> bool:
    """Liberal Party senators, Kestrel union members: a plural of people with a name before it."""
    named = any(
        c.dep_ in ("compound", "amod") and discourse.entity(c) is not None and c.i < token.i
        for c in token.children
    )
    return _people(token) and named


def _people(token: Token) -> bool:
    return token.lower_ in SPEAKING_GROUPS or _people_word(token.lower_) or token.lower_ in _OFFICIALS


_OFFICIALS = frozenset(["officials", "leaders", "ministers", "lawmakers", "legislators", "members"])
