"""Mentions: who a subject, speaker or party phrase refers to, within one article.

`Discourse` follows the article in reading order: it knows the full names given so far
("Yuri Ushakov"), so a short name ("Ushakov") or a pronoun ("He") gets the fullest name of
the last compatible actor. Matching across articles is kg.resolve's job, not this module's.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.article import Article
from kg.extract.lexicon import GOVERNMENT_HEADS, GROUP_DETERMINERS, GROUP_HEADS, PRONOUNS
from kg.extract.model import Mention, Span
from kg.extract.spans import make_span

_ENT_KIND = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "country",
    "NORP": "country",
    "FAC": "organization",
}
# Titles that may lead a name inside a PERSON entity; they are a role, not part of the name.
TITLES = frozenset(
    [
        "president",
        "prime",
        "minister",
        "secretary",
        "senator",
        "sen.",
        "rep.",
        "gov.",
        "governor",
        "mr.",
        "mr",
        "mrs.",
        "mrs",
        "ms.",
        "ms",
        "dr.",
        "dr",
        "sir",
        "lord",
        "general",
        "gen.",
        "chancellor",
        "king",
        "queen",
        "prince",
        "premier",
        "mayor",
        "judge",
        "justice",
        "pope",
        "ambassador",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "aide",
        "chairman",
        "chairwoman",
        "ceo",
        "chief",
        "director",
    ]
)
_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])


class Discourse:
    """Reading-order memory of the actors an article has named."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self._full_names: dict[str, str] = {}  # lowercased name part -> full name
        self.last_person: str | None = None
        self.last_organization: str | None = None
        self.last_speaker: Mention | None = None
        self._ents_by_token: dict[int, SpacySpan] = {}
        for ent in doc.ents:
            for t in ent:
                self._ents_by_token[t.i] = ent
            if ent.label_ == "PERSON":
                self._learn_person(ent)

    def _learn_person(self, ent: SpacySpan) -> None:
        words = [t.text for t in ent if t.lower_ not in TITLES and t.text[:1].isupper()]
        if len(words) >= 2:
            full = " ".join(words)
            for part in (words[-1], words[0]):
                self._full_names.setdefault(part.lower(), full)

    def full_name(self, name: str) -> str:
        """Return the article's full name for a short name ("Ushakov" -> "Yuri Ushakov")."""
        words = [w for w in name.split() if w.lower() not in TITLES]
        if len(words) == 1:
            return self._full_names.get(words[0].lower(), words[0])
        return " ".join(words) or name

    def entity(self, token: Token) -> SpacySpan | None:
        return self._ents_by_token.get(token.i)

    # --- mentions of speakers and parties ---------------------------------------------------

    def mention(self, token: Token) -> Mention | None:
        """Return the mention headed by `token` (a subject or object), or None for non-actors."""
        lower = token.lower_
        if token.pos_ == "PRON":
            return self._pronoun(token) if lower in PRONOUNS else None
        ent = self.entity(token)
        if ent is None:
            ent = self._appositive_entity(token)
        if ent is not None and ent.label_ in _ENT_KIND:
            return self._named(token, ent)
        if token.pos_ == "PROPN":  # a name the NER missed
            name = self.full_name(_phrase(token, compounds_only=True).text)
            kind = "person" if name.lower() in self._full_names.values() or " " in name else "organization"
            if kind == "person":
                self.last_person = name
            return Mention(self._span(_phrase(token, compounds_only=True)), name, kind)
        return self._common_noun(token)

    def parties(self, token: Token) -> list[Mention]:
        """Return the mentions of a coordinated party phrase ("Russia and the U.S.")."""
        out: list[Mention] = []
        for head in (token, *token.conjuncts):
            demonyms = self._demonym_modifiers(head)
            if demonyms:
                out.extend(demonyms)
                continue
            m = self.mention(head)
            if m is not None:
                out.append(m)
        return out

    def _named(self, token: Token, ent: SpacySpan) -> Mention:
        kind = _ENT_KIND[ent.label_]
        words = [t for t in ent if t.lower_ not in _DETERMINERS]
        while words and words[0].lower_ in TITLES and len(words) > 1:
            words = words[1:]
        name_span = self.doc[words[0].i : words[-1].i + 1] if words else ent
        name = name_span.text
        if kind == "person" or (ent.label_ == "ORG" and name.lower() in self._full_names):
            kind = "person"
            if len(words) >= 2:
                self._learn_person(name_span)
            name = self.full_name(name)
            self.last_person = name
        elif kind == "organization":
            self.last_organization = name
        return Mention(self._span(name_span), name, kind, _role(token, name_span))

    def _pronoun(self, token: Token) -> Mention | None:
        kind = PRONOUNS[token.lower_]
        if kind == "person":
            speaker = self.last_speaker if self.last_speaker and self.last_speaker.kind == "person" else None
            name = speaker.name if speaker else self.last_person
        elif kind == "organization":
            name = self.last_organization
        else:
            name = token.lower_
        if name is None:
            return None
        return Mention(self._span(token), name, kind if kind != "group" else "group")

    def _appositive_entity(self, token: Token) -> SpacySpan | None:
        # "the company's chief executive, Raj Patel, said": the name is an appositive.
        for child in token.children:
            if child.dep_ == "appos":
                ent = self.entity(child)
                if ent is not None and ent.label_ == "PERSON":
                    return ent
        return None

    def _demonym_modifiers(self, token: Token) -> list[Mention]:
        # "American and Russian officials" stands for two countries.
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

    def _common_noun(self, token: Token) -> Mention | None:
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        phrase = _phrase(token)
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet")}
        if token.lower_ in GROUP_HEADS and (determiners & GROUP_DETERMINERS):
            return Mention(self._span(phrase), phrase.text, "group")
        if token.lemma_ in GOVERNMENT_HEADS or token.lower_ in GOVERNMENT_HEADS:
            places = [c for c in token.children if self._is_place(c)]
            if places:  # "the Russian delegation" stands for Russia
                words = [t for t in phrase if t.lower_ not in _DETERMINERS]
                name_span = self.doc[words[0].i : words[-1].i + 1]
                return Mention(self._span(name_span), name_span.text, "country")
        if token.pos_ == "NOUN" and token.lemma_ in _SPEAKING_INSTITUTIONS:
            words = [t for t in phrase if t.lower_ not in _DETERMINERS and t.dep_ != "poss"]
            name_span = self.doc[words[0].i : words[-1].i + 1] if words else phrase
            return Mention(self._span(name_span), name_span.text, "generic")
        return None

    def _span(self, tokens: SpacySpan | Token) -> Span:
        if isinstance(tokens, Token):
            return make_span(self.article, tokens.idx, tokens.idx + len(tokens))
        return make_span(self.article, tokens.start_char, tokens.end_char)


# Unnamed institutions that news quotes as speakers ("Police said", "the ministry said").
_SPEAKING_INSTITUTIONS = frozenset(
    [
        "police",
        "ministry",
        "department",
        "government",
        "company",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "official",
        "officials",
        "agency",
        "authority",
        "authorities",
        "court",
        "prosecutor",
        "prosecutors",
        "military",
        "army",
        "statement",
        "source",
        "sources",
        "white",
        "kremlin",
        "embassy",
        "council",
        "committee",
        "commission",
        "office",
        "union",
        "board",
        "bank",
        "firm",
        "group",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "researcher",
        "researchers",
        "scientist",
        "scientists",
        "witness",
        "witnesses",
        "lawyer",
        "lawyers",
        "resident",
        "residents",
        "organizer",
        "organizers",
        "regulator",
        "regulators",
    ]
)


def _phrase(token: Token, compounds_only: bool = False) -> SpacySpan:
    """Return the noun phrase of `token`: its left modifiers up to the head itself."""
    deps = (
        ("compound", "flat")
        if compounds_only
        else ("compound", "amod", "det", "nummod", "poss", "predet", "nmod")
    )
    left = token.i
    for child in token.lefts:
        if child.dep_ in deps:
            left = min(left, child.left_edge.i if not compounds_only else child.i)
    return token.doc[left : token.i + 1]


def _role(head: Token, name: SpacySpan) -> str | None:
    """Return the role given beside a name: "presidential aide" or ", head of the fund,"."""
    doc = head.doc
    subtree_start = head.left_edge.i
    if name.start > subtree_start:
        words = [
            t for t in doc[subtree_start : name.start] if t.lower_ not in _DETERMINERS and not t.is_punct
        ]
        if words and not any(t.ent_type_ == "PERSON" for t in words):
            return doc[words[0].i : words[-1].i + 1].text
    for child in head.children:
        if child.dep_ == "appos" and child.i > name.end - 1:
            span = doc[child.left_edge.i : child.right_edge.i + 1]
            words = [t for t in span if t.lower_ not in _DETERMINERS or t.i != span.start]
            text = doc[words[0].i : words[-1].i + 1].text if words else span.text
            return text.strip(" ,")
    return None
