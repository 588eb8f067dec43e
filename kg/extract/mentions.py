"""Mentions: who a subject, speaker or party phrase refers to, within one article.

`Discourse` follows the article in reading order: it knows the full names given so far
("Yuri Varenko"), so a short name ("Varenko") or a pronoun ("He") gets the fullest name of
the last compatible actor. Matching across articles is kg.resolve's job, not this module's.

Past 400 lines on purpose: one discourse model. Every rule here reads and extends the same
`Discourse` (names given so far, the last actor of each kind), in reading order; spread over
modules, that state would be passed everywhere. Pronouns are kg.extract.pronouns'.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.article import Article
from kg.extract.common_nouns import common_noun
from kg.extract.entity_labels import relabelled
from kg.extract.lexicon import (
    COLLECTIVES,
    GIVEN_NAME_GENDER,
    GOVERNMENT_HEADS,
    HONORIFIC_GENDER,
    NAME_PARTICLES,
    ORGANISATION_HEADS,
    PRONOUN_GENDER,
    PRONOUNS,
)
from kg.extract.model import Mention, Span
from kg.extract.name_words import (
    TITLES,
    bare_singular,
    contains_words,
    cue_word,
    in_a_name,
    joined_particle_names,
    name_ends_at_a_word,
    name_tokens,
    names_after_offices,
    names_split_at_cues,
    national_branch,
    plural_noun,
    role_of,
    title_at,
    title_case,
    title_chain,
    whole_name,
    with_glued_number,
)
from kg.extract.phrases import DETERMINERS as _DETERMINERS
from kg.extract.phrases import phrase as _phrase
from kg.extract.phrases import with_of_phrase as _with_of_phrase
from kg.extract.pronouns import pronoun_mention, subject_clause
from kg.extract.spans import make_span, token_span
from kg.rules import PASS, rule

_ENT_KIND = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "country",
    "NORP": "country",
    "FAC": "organization",
}


class Discourse:
    """Reading-order memory of the actors an article has named.

    Every PERSON and ORG entity is remembered with its position, and every resolved speaker
    too, so "she" goes to the last compatible person before it (by gender where the name, a
    title or an earlier pronoun tells it) and "it" / "the ministry" to the last organisation.
    """

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self._full_names: dict[str, str] = {}  # lowercased name part -> full name
        self._ambiguous: set[str] = set()  # name parts two different people share
        self._gender: dict[str, str] = {}  # full name -> "m" | "f"
        self._ents_by_token: dict[int, SpacySpan] = {}
        self._people: list[tuple[int, str]] = []  # (token index, full name) in reading order
        self._organisations: list[tuple[int, str]] = []
        self._places: list[tuple[int, str]] = []
        self._org_names: list[str] = []  # multi-word organisation names, for short forms
        self.last_speaker: Mention | None = None
        # Names of speakers described, not named ("Workers", "the agency"): what points back to
        # one of them ("it", "the company") is described too, never an organisation's name.
        self.described: set[str] = set()
        self._plural: set[str] = set()  # the described speakers "it" cannot be ("Analysts said")
        # Positions in _people of names that were a clause's subject, with the clause's rank
        # ("main", "scene", "inner": kg.extract.pronouns.subject_clause)
        self._subjects: dict[int, str] = {}
        votes: dict[str, dict[str, int]] = {}
        # Words the body writes alone with a capital where nothing else asks for one: names ("a
        # Carrier executive"), unlike a capital a sentence start, a title-case heading, capitals
        # or a longer name ("Communications Workers of America") give.
        self._named_words = {
            t.lower_
            for t in doc
            if t.is_title
            and not t.is_sent_start
            and article.block_kind(t.idx) == "body"
            and not in_a_name(doc[t.i - 1])  # not a sentence start: a word precedes it
            and not (t.i + 1 < len(doc) and in_a_name(doc[t.i + 1]))
        }
        ents = names_split_at_cues(joined_particle_names(doc.ents, doc))
        doc.ents = names_after_offices(relabelled(ents, doc))
        for ent in doc.ents:
            for t in ent:
                self._ents_by_token[t.i] = ent
            if ent.label_ == "PERSON":
                self._learn_person(ent)
            votes.setdefault(ent.text, {}).setdefault(ent.label_, 0)
            votes[ent.text][ent.label_] += 1
        # One name, one kind per article: "Togo" tagged PERSON once and GPE twice is a place.
        self._place_names = {
            text
            for text, labels in votes.items()
            if labels.get("GPE", 0) + labels.get("LOC", 0) + labels.get("NORP", 0) > labels.get("PERSON", 0)
        }
        for ent in doc.ents:
            if self.capitalised_noun(ent):  # "NETWORK" in a byline is no one "he" or "it" can be
                continue
            if ent.label_ == "PERSON" or (ent.label_ in ("ORG", "GPE") and self._is_known_person(ent)):
                self._people.append((ent.start, self.full_name(name_tokens(ent).text)))
                self._note_subject(ent.start, ent.root)
            elif ent.label_ == "ORG":
                name = _with_of_phrase(name_tokens(ent)).text
                self._organisations.append((ent.start, _antecedent_name(name, self)))
                in_title = article.block_kind(ent.start_char) == "title"  # title case fools the tagger
                if len(name.split()) >= 2 and name not in self._org_names and not in_title:
                    self._org_names.append(name)
            elif ent.label_ == "GPE":
                self._places.append((ent.start, name_tokens(ent).text))

    def _learn_person(self, span: SpacySpan) -> None:
        texts = [t.text for t in span]
        words = [
            t
            for k, t in enumerate(span)
            if not title_at(texts, k) and t.text[:1].isupper() and not cue_word(t)
        ]
        if not 2 <= len(words) <= 4:  # five capitalised words are a headline, not a name
            return
        full = whole_name(span, words)  # "Roh Moo-hyun", "Mohammed bin Salman" stay whole
        parts = full.split()
        shorts = {parts[0], parts[-1]}
        if len(parts) >= 3 and parts[-2].lower() in NAME_PARTICLES:
            shorts.add(" ".join(parts[-2:]))  # "bin Salman" is a short form too
        for part in generational_surname(parts):  # only while no namesake holds it ("Trump" of "Trump Jr.")
            self._full_names.setdefault(part.lower(), full)
        for part in shorts:
            known = self._full_names.setdefault(part.lower(), full)
            if known != full and known.split()[-1].lower() in GENERATIONS:
                known = self._full_names[part.lower()] = full  # the namesake without a suffix holds it
            if set(known.split()) ^ set(full.split()) and not (
                set(known.split()) <= set(full.split()) or set(full.split()) <= set(known.split())
            ):
                self._ambiguous.add(part.lower())  # two princes "bin Salman": the short form names neither
        gender = GIVEN_NAME_GENDER.get(words[0].lower_)
        left = span.doc[span.start - 1] if span.start > 0 else None
        if left is not None and left.lower_ in HONORIFIC_GENDER:
            gender = HONORIFIC_GENDER[left.lower_]
        if gender:
            self._gender.setdefault(full, gender)

    def _is_known_person(self, ent: SpacySpan) -> bool:
        return ent.text.lower() in self._full_names or ent.text in self._full_names.values()

    def organisation_name(self, name: str) -> str:
        """Return the full organisation name a short form stands for ("Gladbach", "Brightwater")."""
        words = name.lower().split()
        if not words or (name.isupper() and len(words) == 1) or name in self._place_names:
            return name  # "NASA", "India" are names of their own, not short for "NASA Headquarters"
        found = [
            full
            for full in self._org_names
            if full != name and contains_words(full.lower(), words) and not national_branch(full, name)
        ]
        return found[0] if len(found) == 1 else name

    def full_name(self, name: str) -> str:
        """Return the article's full name for a short name ("Dossa" -> "Jean Dossa")."""
        parts = name.split()
        words = [w for k, w in enumerate(parts) if not title_at(parts, k)]
        short = " ".join(words).lower()
        if len(words) == 1 or (len(words) == 2 and words[0].lower() in NAME_PARTICLES):
            return (
                self._full_names.get(short, " ".join(words))
                if short not in self._ambiguous
                else " ".join(words)
            )
        return " ".join(words) or name

    def is_ambiguous(self, name: str) -> bool:
        """Whether a short name fits two people of the article ("bin Salman" for two princes)."""
        return name.lower() in self._ambiguous

    def entity(self, token: Token) -> SpacySpan | None:
        return self._ents_by_token.get(token.i)

    def named_mentions(self) -> list[Mention]:
        """Return a mention for every named person, organisation or place outside headings."""
        out = []
        for ent in self.doc.ents:
            if ent.label_ not in _ENT_KIND or self.article.block_kind(ent.start_char) in ("title", "heading"):
                continue
            mention = self._named(ent.root, ent)
            if mention.kind == "person" and " " not in mention.name:
                continue  # a surname the article never expands: too weak to name an actor
            if not mention.name[:1].isupper():
                continue  # a lower-case "entity" is a tagging error
            out.append(mention)
        return out

    def _note_subject(self, position: int, root: Token) -> None:
        clause = subject_clause(root)
        if clause is not None:
            self._subjects[position] = clause

    def heard(self, mention: Mention, token: Token) -> None:
        """Remember a resolved speaker, so the next "he" or "it" can point back to it."""
        self.last_speaker = mention
        if mention.kind == "person":
            bisect.insort(self._people, (token.i, mention.name))  # in reading order, not order heard
            self._subjects[token.i] = subject_clause(token) or "inner"
            gender = PRONOUN_GENDER.get(token.lower_)
            if gender:
                self._gender.setdefault(mention.name, gender)
        elif mention.kind in ("organization", "generic"):
            bisect.insort(self._organisations, (token.i, mention.name))
            if mention.kind == "generic":
                self.described.add(mention.name)
                if token.tag_ in ("NNS", "NNPS"):
                    self._plural.add(mention.name)

    # --- mentions of speakers and parties ---------------------------------------------------

    def mention(self, token: Token) -> Mention | None:
        """Return the mention headed by `token` (a subject or object), or None for non-actors."""
        lower = token.lower_
        if token.pos_ == "PRON":
            return pronoun_mention(self, token) if lower in PRONOUNS else None
        ent = self.entity(token)
        if ent is None or ent.label_ == "CARDINAL":  # "One of her aides, Tad Morrow,": the name
            ent = self._appositive_entity(token) or ent
        named = ent if ent is not None else self.doc[token.i : token.i + 1] if token.pos_ == "PROPN" else None
        if named is not None and self.capitalised_noun(named):  # read as the common noun it is
            return common_noun(self, token) or Mention(self._span(token), lower, "generic")
        if ent is not None and (ent.label_ in _ENT_KIND or ent.label_ == ""):
            return self._named(token, ent)
        officer = self._officer(token)
        if officer is not None:  # the office is the person's role ("Secretary of State")
            office = self.doc[token.i : officer.start].text.strip()
            return replace(self._named(officer.root, officer), role=office)
        if token.pos_ == "PROPN":  # a name the NER missed
            phrase = with_glued_number(_phrase(token, compounds_only=True))
            if self._headline_description(token):
                return Mention(self._span(phrase), phrase.text.lower(), "generic")
            while len(phrase) > 1 and cue_word(phrase[0]):  # 'Said Brask: "..."': the cue is no name
                phrase = phrase[1:]
            name = self.full_name(phrase.text) if phrase.end == token.i + 1 else phrase.text
            kind = "person" if name in self._full_names.values() or " " in name else "organization"
            extended = _with_of_phrase(phrase)  # "Bank of Togo"; not "Jean Dossa of Togo"
            if extended.end > phrase.end and not _is_person_name(phrase, self):
                phrase, name, kind = extended, extended.text, "organization"
            if kind == "person":
                self._learn_person(phrase)
                name = self.full_name(name)
            return Mention(
                self._span(phrase), name, kind, role_of(token, phrase) if kind == "person" else None
            )
        return common_noun(self, token)

    def parties(self, token: Token) -> list[Mention]:
        """Return the mentions of a coordinated party phrase ("Vardania and the Kestonian navy")."""
        return [m for head in (token, *token.conjuncts) for m in self.parties_of(head)]

    def parties_of(self, head: Token) -> list[Mention]:
        """Return the mentions one conjunct of a party phrase stands for (none for non-actors)."""
        demonyms = self._demonym_modifiers(head)
        if demonyms:
            return demonyms
        members = self._members_of(head)
        if members:  # "the presidents of Ghana and Ivory Coast", "delegations from A and B"
            return members
        m = self.mention(head)
        return [m] if m is not None else []

    def last_named(self, kind: str, count: int, token: Token) -> list[str]:
        """Return the last `count` distinct actors of a kind named before `token`, oldest first."""
        pool = {"person": self._people, "organization": self._organisations, "country": self._places}[kind]
        found: list[str] = []
        for position, name in reversed(pool):
            if position < token.i and name not in found:
                found.append(name)
            if len(found) == count:
                return found[::-1]
        return []

    def _members_of(self, head: Token) -> list[Mention]:
        if head.pos_ != "NOUN" or self.entity(head) is not None:
            return []
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                found = self.named_in(child)
                if len(found) >= 2:
                    return found
        return []

    def named_in(self, phrase: Token) -> list[Mention]:
        """Return the named actors inside a phrase, one per entity ("of A and B")."""
        out, seen = [], set()
        for t in phrase.subtree:
            ent = self.entity(t)
            if ent is None or ent.start in seen or ent.label_ not in ("GPE", "ORG", "NORP", "PERSON", "LOC"):
                continue
            seen.add(ent.start)
            m = self._named(ent.root, ent)
            out.append(m)
        return out

    def _named(self, token: Token, ent: SpacySpan) -> Mention:
        kind = _ENT_KIND.get(ent.label_, "person")
        if kind == "person" and ent.text in self._place_names:
            kind = "country"
        known_person = ent.text.lower() in self._full_names  # "Harmon" after "Ruth Harmon"
        if (
            kind == "person"
            and len(ent) == 1
            and not known_person
            and self.organisation_name(ent.text) != ent.text
        ):
            kind = "organization"  # "Brightwater said", after "Brightwater Foods Inc."
        words = [t for t in ent if t.lower_ not in _DETERMINERS]
        if kind == "organization" and words and title_chain(words):
            kind = "person"
        while len(words) > 1 and words[0].lower_ in TITLES and self._titled_person(words[1:], kind):
            words = words[1:]
        while len(words) > 1 and cue_word(words[-1]):  # headline "Dunst Says ...": the name ends before
            words = words[:-1]
        while len(words) > 1 and cue_word(words[0]):  # 'Said Brask: "..."': the name starts after
            words = words[1:]
        while len(words) > 1 and words[-1].tag_ == "POS":  # "Kestrel Shipping's board": not the "'s"
            words = words[:-1]
        words = name_ends_at_a_word(words)
        name_span = with_glued_number(self.doc[words[0].i : words[-1].i + 1] if words else ent)
        if kind in ("organization", "country") or ent.label_ == "FAC":
            name_span = _with_of_phrase(name_span)  # "the Port of Rotterdam", "Ministry of Energy"
        name = name_span.text
        # a bare surname the article gave a person ("Hurley" after "Doug Hurley"), however tagged
        surname = ent.label_ in ("ORG", "GPE") and len(name.split()) == 1 and name.lower() in self._full_names
        if kind == "organization" and not surname and name.lower() not in self._full_names:
            name = self.organisation_name(name)  # not "Harmon" when Ruth Harmon was named
        if kind == "person" or surname:
            kind = "person"
            self._learn_person(name_span)
            name = self.full_name(name)
        role = role_of(token, name_span) if kind == "person" else None
        return Mention(self._span(name_span), name, kind, role)

    @rule("capitalised-noun", off=False)
    def capitalised_noun(self, phrase: SpacySpan) -> bool:
        """ "Newspaper Says Senator Must Act" (a title-case headline), "NETWORK" (a byline), "Network
        chiefs met ..." (a sentence start): one word naming a kind of body, capitalised only where
        capitals are due, is that common noun; a word the body capitalises mid-sentence is a name
        ("a Carrier executive")."""
        words = [t for t in phrase if t.lower_ not in _DETERMINERS]
        if len(words) != 1:
            return False
        word = words[0]
        if word.lower_ not in ORGANISATION_HEADS and word.lower_ not in COLLECTIVES and not plural_noun(word):
            return False
        if word.lower_ in self._full_names:  # "Sanders says" after "Ola Sanders": a surname tagged NNS
            return False
        body = self.article.block_kind(word.idx) == "body"
        positional = word.is_sent_start or word.text.isupper() or not body
        return positional and word.lower_ not in self._named_words and not (body and bare_singular(word))

    @rule("headline-description", off=False)
    def _headline_description(self, token: Token) -> bool:
        """ "Towns Choose A Water Board Chair Who ...": in a title-case headline, "a" or "an"
        before capitalised words says they describe someone; a name takes no indefinite article."""
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children)
        return indefinite and (
            self.article.block_kind(token.idx) in ("title", "heading") or title_case(token.sent)
        )

    @rule("office-holder", off=None)
    def _officer(self, token: Token) -> SpacySpan | None:
        """ "Secretary of State Ola Brun said", parsed as the title "Secretary" with "of State Ola
        Brun" hung on it: the person named at the end of the office is who speaks, not an
        organisation called "Secretary of State Ola Brun"."""
        if token.lower_ not in TITLES or self.entity(token) is not None:
            return None
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        office = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        person = self.entity(office) if office is not None else None
        if person is None or person.label_ != "PERSON" or person.end != office.right_edge.i + 1:
            return None
        return person

    @rule("title-of-a-person", off=True)
    def _titled_person(self, rest: list[Token], kind: str) -> bool:
        """ "President Varga" names Varga; "the Justice Department", "General Dynamics", "Admiral
        Shipping" are whole names: a title opens an organisation's name unless the rest is a
        person the article named ("President Obama" tagged as an organisation)."""
        return kind == "person" or " ".join(t.text for t in rest).lower() in self._full_names

    @rule("appositive-entity")
    def _appositive_entity(self, token: Token) -> SpacySpan | None:
        """the company's chief executive, Raj Patel, said: the name in apposition is who acts."""
        for child in token.children:
            if child.dep_ == "appos":
                ent = self.entity(child)
                if ent is not None and ent.label_ == "PERSON":
                    return ent
                if child.pos_ == "PROPN" and (ent is None or ent.label_ not in ("GPE", "NORP", "ORG")):
                    return _phrase(child, compounds_only=True)  # "the minister, Le Van Hoang,": a name
        return None

    @rule("demonym-modifiers", off=[])
    def _demonym_modifiers(self, token: Token) -> list[Mention]:
        """ "American and Russian officials": two demonyms before a government head are two countries."""
        if token.lower_ not in GOVERNMENT_HEADS and token.lemma_ not in GOVERNMENT_HEADS:
            return []
        mods = [c for c in token.children if c.dep_ in ("amod", "compound") and self._is_place(c)]
        if not mods:
            return []
        out = []
        for mod in mods:
            for m in (mod, *mod.conjuncts):
                if self._is_place(m):
                    out.append(Mention(self._span(m), m.text, "country"))
        return out if len(out) > 1 else []

    def _is_place(self, token: Token) -> bool:
        ent = self.entity(token)
        return ent is not None and ent.label_ in ("NORP", "GPE")

    @staticmethod
    def _last(pool: list[tuple[int, str]], token: Token) -> str | None:
        before = [name for position, name in pool if position < token.i]
        return before[-1] if before else None

    def _span(self, tokens: SpacySpan | Token) -> Span:
        if isinstance(tokens, Token):
            return token_span(self.article, tokens)
        return make_span(self.article, tokens.start_char, tokens.end_char)


def _is_person_name(phrase: SpacySpan, discourse: Discourse) -> bool:
    """Whether a proper-noun phrase names a person: a name the article gives a person, or one
    after a title ("Presidents Jean Dossa of Togo and ...")."""
    before = phrase.doc[phrase.start - 1].lower_ if phrase.start > 0 else ""
    title = before in TITLES or (before.endswith("s") and before[:-1] in TITLES)
    return title or phrase.text in discourse._full_names.values()


@rule("short-name-antecedent", off=PASS)
def _antecedent_name(name: str, discourse: Discourse) -> str:
    """ "the Court" after "the Supreme Court": what "it" later points back to is the full name,
    as the mention itself is, never an organisation named "Court"."""
    return discourse.organisation_name(name) if len(name.split()) == 1 else name


# Generational suffixes, which follow the surname: "Harry Hale III", "Tom Brenn Jr.".
GENERATIONS = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])


@rule("generational-suffix", off=[])
def generational_surname(parts: list[str]) -> list[str]:
    """ "Harry Hale III ... Mr. Hale": the surname before a generational suffix is a short form of
    the full name, unless a namesake without the suffix is named ("Tom Brenn" beside "Tom Brenn
    Jr.": "Brenn" is the father)."""
    return [parts[-2]] if len(parts) >= 3 and parts[-1].lower() in GENERATIONS else []
