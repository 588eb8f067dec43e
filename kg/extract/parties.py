"""Parties: the actors a subject or object of an agreement stands for.

A party phrase is read conjunct by conjunct ("the strikers and Vardania's government"). A conjunct
that names no actor makes the whole list incomplete: it stays as an UNRESOLVED mention, so the
agreement is kept but flagged instead of being stored with half its parties. Collectives
("they", "both sides", "the two countries") go through the named rules of
kg.extract.collectives; one that none resolves stays a "group" mention for kg.resolve (the
parties of the last multi-party event), and is flagged there if that fails too. The heads of a
coordination, with those the parser hung elsewhere, come from kg.extract.conjuncts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from spacy.tokens import Token

from kg.extract.collectives import collective, counted_collective, described_then_named, leaders_named
from kg.extract.conjuncts import conjunct_heads
from kg.extract.mentions import Discourse
from kg.extract.model import Mention
from kg.extract.name_words import TITLES
from kg.extract.spans import make_span, token_span
from kg.rules import PASS, rule

# Heads of people who act for the body named beside them ("BP executives", "EU leaders").
REPRESENTATIVES = frozenset(
    "executive leader official negotiator representative diplomat envoy minister lawmaker president "
    "delegation government".split()
)
# Parts of a legislature that act as it ("both houses of the parliament", "members of X").
BODY_PARTS = frozenset(["house", "chamber", "member"])
LEGISLATURES = frozenset(["parliament", "congress", "legislature", "assembly", "senate", "duma", "council"])
# First conjuncts that borrow the rest of the next name ("North and South Korea").
ELLIPSIS_QUALIFIERS = frozenset(
    "north south east west northern southern eastern western upper lower central".split()
)
UNRESOLVED = "unresolved"  # Mention.kind of a party phrase no rule can name


def named_parties(token: Token, discourse: Discourse) -> list[Mention]:
    """The parties a phrase names, or none when any of them is no named actor (a group, a generic
    or unnamed description, a phrase no rule names): a rule that reads an act from one phrase
    alone ("does not plan to", "gave X an endorsement") states no act of someone unnamed."""
    parties = party_mentions(token, discourse)
    return [] if any(m.kind in ("group", UNRESOLVED, "generic", "unnamed") for m in parties) else parties


def party_mentions(token: Token, discourse: Discourse) -> list[Mention]:
    """Return the parties of a coordinated phrase, collectives resolved where the context allows."""
    out: list[Mention] = []
    for head in conjunct_heads(token):
        found = next((m for _, read in PHRASE_RULES if (m := read(head, discourse))), [])
        if not found and head.pos_ in ("PRON", "NOUN", "PROPN"):
            out.append(unresolved(head, discourse))
        for mention in found:
            if not names_someone(mention, head) or ambiguous_person(mention, discourse):
                out.append(unresolved(head, discourse))
                continue
            out += (collective(head, discourse) or [mention]) if mention.kind == "group" else [mention]
    return elided(persons_beside_persons(split_titled_lists(out)))


@rule("ambiguous-short-name", off=False)
def ambiguous_person(mention: Mention, discourse: Discourse) -> bool:
    """ "bin Salman" with two princes "bin Salman" in the article: the short form names neither."""
    return mention.kind == "person" and discourse.is_ambiguous(mention.name)


@rule("coordination-ellipsis", off=PASS)
def elided(mentions: list[Mention]) -> list[Mention]:
    """ "North and South Korea": a lone first conjunct borrows the rest of the last one's name."""
    split = []
    for m in mentions:  # one name over the whole phrase: "North and South Sudan"
        words = m.name.split()
        if len(words) >= 4 and words[1] == "and" and words[0].lower() in ELLIPSIS_QUALIFIERS:
            split += [Mention(m.span, " ".join([words[0], *words[3:]]), m.kind, m.role)]
            m = Mention(m.span, " ".join(words[2:]), m.kind, m.role)
        split.append(m)
    mentions = split
    last = mentions[-1].name.split() if mentions else []
    if len(mentions) < 2 or len(last) < 2:
        return mentions
    out = []
    for m in mentions[:-1]:
        words = m.name.split()
        ran_over = bool(words) and words[-1] == "and"  # the tagger's "North and"
        words = words[:-1] if ran_over else words
        qualifier = len(words) == 1 and (ran_over or words[0].lower() in ELLIPSIS_QUALIFIERS)
        if qualifier:
            m = Mention(m.span, " ".join([words[0], *last[1:]]), mentions[-1].kind, m.role)
        out.append(m)
    return [*out, mentions[-1]]


@rule("hyphenated-parties", off=[])
def compound_parties(noun: Token, discourse: Discourse) -> list[Mention]:
    """ "an Israeli-Palestinian agreement", "the US-India deal", "the EU–Japan pact": the names
    joined by a hyphen before a deal noun are its parties."""
    start = noun.left_edge.i
    if noun.dep_ == "appos":  # "the EU–Japan trade pact" parsed as "EU" + apposition "pact"
        start = min(start, noun.head.left_edge.i)
    doc = noun.doc
    for i in range(start, noun.i - 1):
        left, dash, right = doc[i], doc[i + 1], doc[i + 2]
        if dash.text in ("-", "–", "—") and _named_part(left, discourse) and _named_part(right, discourse):
            found = [m for t in (left, right) for m in discourse.parties_of(t)]
            return found if len(found) == 2 else []
    return []


def _named_part(token: Token, discourse: Discourse) -> bool:
    ent = discourse.entity(token)
    return ent is not None and ent.label_ in ("NORP", "GPE", "ORG") and len(ent) == 1


@rule("names-someone", off=True)
def names_someone(mention: Mention, head: Token) -> bool:
    """Whether a mention names an actor: "xenophobe", "a company", "'s lawyers" name nobody, and
    an unnamed institution ("Officials", "Police officials") neither, however capitalised."""
    name = mention.name
    if mention.kind == "group":
        return True  # a collective: resolved by rule or by the event context, else flagged
    if not any(ch.isupper() for ch in name) or name.startswith(("'", "’")):
        return False
    if mention.kind != "generic":
        return True
    words = name.split()
    return any(w[:1].isupper() for w in words[1:]) or bool(re.match(r"^[A-Z][\w.-]*['’]s\b", name))


@rule("demonym-coordination", off=[])
def demonym_coordination(head: Token, discourse: Discourse) -> list[Mention]:
    """ "French and German ministers", "the Israeli and Palestinian leaders": a country each."""
    if head.pos_ != "NOUN" or head.tag_ != "NNS" or head.lemma_ not in REPRESENTATIVES:
        return []
    mods = [c for c in head.children if c.dep_ in ("amod", "compound") and _named_part(c, discourse)]
    places = [m for mod in mods for m in (mod, *mod.conjuncts) if _named_part(m, discourse)]
    if len(places) < 2:
        return []
    return [Mention(token_span(discourse.article, t), t.text, "country") for t in places]


@rule("representatives", off=[])
def representatives(head: Token, discourse: Discourse) -> list[Mention]:
    """ "BP executives", "EU leaders", "both chambers of Kestonia's assembly": people or parts
    acting for one named body stand for it."""
    if head.pos_ != "NOUN":
        return []
    if head.lemma_ in REPRESENTATIVES:
        named = [
            c for c in head.children if c.dep_ in ("compound", "nmod") and discourse.entity(c) is not None
        ]
        ents = {discourse.entity(c).start for c in named}
        if len(ents) == 1 and discourse.entity(named[0]).label_ in ("ORG", "GPE"):
            return discourse.parties_of(named[-1])
        of_body = representative_of(head, discourse)
        if of_body:
            return of_body
    if head.lemma_ in BODY_PARTS:
        prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        body = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if body is not None and body.lemma_ in LEGISLATURES:
            owner = next(
                (c for c in body.children if c.dep_ == "poss" and discourse.entity(c) is not None), None
            )
            if owner is not None:  # "Russia's parliament": the legislature, not the country
                span = make_span(discourse.article, owner.idx, body.idx + len(body))
                return [Mention(span, span.text, "generic")]
        return discourse.parties_of(body) if body is not None else []
    return []


@rule("representatives-of", off=[])
def representative_of(head: Token, discourse: Discourse) -> list[Mention]:
    """ "The government of Kestonia", "negotiators of the EU": people or a government "of" one
    named country or body stand for it."""
    prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    body = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    ent = discourse.entity(body) if body is not None else None
    if ent is None or ent.label_ not in ("ORG", "GPE") or any(c.dep_ == "conj" for c in body.children):
        return []
    return discourse.parties_of(body)


@rule("appositive-names", off=[])
def appositive_names(head: Token, discourse: Discourse) -> list[Mention]:
    """ "Two lawmakers from Ireland, Mary Walsh and John Byrne, endorsed ...": the people named
    after the comma, wherever the parser hung them in the subject."""
    if head.pos_ != "NOUN" or head.tag_ != "NNS":
        return []
    appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if appos is not None:  # "Presidents Alassane Kone of Mali and Patrice Dossou of Benin"
        named = [m for h in (appos, *appos.conjuncts) for m in discourse.parties_of(h)]
        return named if len(named) >= 2 else []
    subtree = list(head.subtree)
    comma = next((t.i for t in subtree if t.i > head.i and t.text == ","), None)
    if comma is None:
        return []
    out, seen = [], set()
    for t in subtree:
        ent = discourse.entity(t)
        if t.i <= comma or ent is None or ent.start in seen:
            continue
        seen.add(ent.start)
        if ent.label_ != "PERSON":
            return []
        out += discourse.parties_of(ent.root)
    return out if len(out) >= 2 else []


@rule("titled-list-split", off=PASS)
def split_titled_lists(mentions: list[Mention]) -> list[Mention]:
    """ "Presidents Ibrahim Toure of Niger and Fabrice Hounde": one name the tagger ran over the
    whole list is split again, a person per name."""
    return [part for m in mentions for part in _split_titled_list(m)]


@rule("person-beside-person", off=PASS)
def persons_beside_persons(mentions: list[Mention]) -> list[Mention]:
    """ "Alassane Kone and Fabrice Hounde of Benin": a conjunct the tagger made an organisation
    "X Y of Z" beside a person is a person too."""
    if not any(m.kind == "person" for m in mentions):
        return mentions
    fixed = []
    for m in mentions:  # "Fabrice Hounde of Benin" tagged an organisation beside a person
        name, _, place = m.name.partition(" of ")
        if m.kind == "organization" and place and len(name.split()) == 2 and name.istitle():
            m = Mention(m.span, name, "person", m.role)
        fixed.append(m)
    return fixed


def _split_titled_list(mention: Mention) -> list[Mention]:
    words = mention.name.split()
    if " and " not in mention.name or not words or not _is_title(words[0]):
        return [mention]
    parts = [p.partition(" of ")[0].split() for p in " ".join(words[1:]).split(" and ")]
    if not all(len(p) >= 2 and all(w[:1].isupper() for w in p) for p in parts):
        return [mention]
    return [Mention(mention.span, " ".join(p), "person", words[0]) for p in parts]


def _is_title(word: str) -> bool:
    word = word.lower()
    return word in TITLES or (word.endswith("s") and word[:-1] in TITLES)


@rule("titled-name", off=[])
def titled_name(head: Token, discourse: Discourse) -> list[Mention]:
    """ "Governor of Talvia Ruth Okonkwo": a title heading a phrase that ends
    in a person's full name stands for that person, whatever the tagger made of the name."""
    if head.lower_ not in TITLES:
        return []
    names = [t for t in head.subtree if t.i > head.i and t.pos_ == "PROPN"]
    for first, last in itertools.pairwise(names):
        full = f"{first.text} {last.text}"
        if last.i == first.i + 1 and discourse.full_name(last.text) == full:
            span = make_span(discourse.article, first.idx, last.idx + len(last))
            return [Mention(span, full, "person", head.text)]
    return []


def unresolved(head: Token, discourse: Discourse) -> Mention:
    left = min(
        [head.i, *[c.i for c in head.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nummod")]]
    )
    span = make_span(discourse.article, head.doc[left].idx, head.idx + len(head))
    return Mention(span, span.text, UNRESOLVED)


@rule("mention", off=[])
def named_mention(head: Token, discourse: Discourse) -> list[Mention]:
    """ "Kenya", "the Rapid Support Forces", "she": the actor the phrase names (kg.extract.mentions)."""
    return discourse.parties_of(head)


# How one conjunct of a party phrase is read, first rule that finds someone wins.
PHRASE_RULES: tuple[tuple[str, Callable[[Token, Discourse], list[Mention]]], ...] = (
    ("counted-collective", counted_collective),  # "the two agencies"
    ("titled-name", titled_name),  # "Governor of Talvia Ruth Okonkwo"
    ("demonym-coordination", demonym_coordination),  # "French and German ministers"
    ("representatives", representatives),  # "BP executives", "both houses of the parliament"
    ("appositive-names", appositive_names),  # "two lawmakers, A and B,"
    ("leaders-named-next", leaders_named),  # "the leaders of A and B" named next
    ("described-then-named", described_then_named),  # "bus makers", later "the bus makers A and B"
    ("mention", named_mention),
)


@rule("modifier-coordinate", off=[])
def modifier_coordinate(subject: Token, discourse: Discourse) -> list[Mention]:
    """ "Rupert Crane and House Speaker Tomas Brenn pledged": the parser hung the first name on the
    second's title as a modifier ("Crane" an nmod of "Speaker", "and House" its conjunct); a
    person's name inside the subject with its own "and" is a coordinated party."""
    return [
        m
        for child in subject.subtree
        if child.dep_ in ("nmod", "compound")
        and child.i < subject.i
        and child.ent_type_ == "PERSON"  # not "North and South Korea": a qualifier, not a name
        and any(c.dep_ == "cc" and c.lower_ == "and" for c in child.children)
        and (m := discourse.mention(child)) is not None
    ]
