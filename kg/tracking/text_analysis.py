"""The analysis of one short text (a claim's content, an agreement's outcome) that
kg.tracking.similarity compares: its content words matched on their stems, names, numbers
and dates (kg.tracking.numbers), the words a negation denies, what a list adds after "and",
and whether it asks rather than states, or only names a topic.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.nlp import load_tagger
from kg.tracking.numbers import quantities

# Words that carry no proposition of their own in an outcome or claim.
_LIGHT = frozenset("be have do will would can could may might must shall should also said say".split())
# Words match on their first 7 letters: the lemmatiser undoes inflection only, and a claim
# restated often changes a word's class ("is not qualified" / "has the qualifications",
# "nominate" / "nomination"). Distinct words alike in 7 letters are rare ("community" /
# "communication"). On the labelled pairs, 7 found 3 more contradictions and 1 more same
# claim than whole lemmas, and no wrong one; 6 added a wrong link in the paraphrase corpus.
STEM = 7
NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|cannot|without)\b|n['’]t\b", re.I)
# A negation negates the first content word after it, within this many tokens ("did not take
# part": take; "no classified material": classified). A negation elsewhere in a long quote
# ("No, I meant the other bridge") says nothing about the proposition both texts share.
NEGATION_SCOPE = 3
# What a list adds after "and" (or "or"): the conjuncts that SECOND_STATEMENT of
# kg.tracking.similarity weighs.
_LIST_JOINERS = frozenset({"and", "plus", "or"})
# Words that leave a proposition open rather than state it: "whether he would consider X",
# "what other techniques he would support" ask which X, or if X, and assert neither; a report
# of the question is not a report of an answer. ("how she is going to fund the clinic" keeps the
# proposition, and asks only the manner.)
_OPEN_WORDS = frozenset({"whether"})
_OPEN_DETERMINERS = frozenset({"what", "which"})
# Penn tags of a verb that makes a clause; a past participle (VBN) is often an adjective
# ("material now deemed classified").
_VERBAL = frozenset({"VB", "VBD", "VBG", "VBP", "VBZ", "MD"})
_RELATIVE = frozenset({"WDT", "WP"})  # "that", "which", "who" opening a relative clause
_NOMINAL = frozenset({"NOUN", "PROPN"})
# A negated verb of saying denies what it reports ("he never suggested a toll", "I never
# said the plan had failed"), not the saying alone.
_REPORTING_VERBS = frozenset("say suggest claim propose promise".split())
_CLAUSE_END = frozenset(".;:!?")
# "not just X" / "not only X" add to X rather than deny it.
_NOT_NEGATING = frozenset("just only merely simply".split())
# An adjective with a negative prefix is its stem denied: "Clinton as unqualified" says "Clinton
# is not qualified", and contradicts "Clinton is qualified". The prefix comes off only when what
# remains is itself an English adjective (WordNet's, which the spaCy model ships for its
# lemmatiser): "unfair" is "not fair", but "important" keeps its "im" and "distant" its "dis".
_NEGATIVE_PREFIXES = ("un", "in", "im", "ir", "il", "dis", "non")


@dataclass(frozen=True)
class TextAnalysis:
    """What one short text states, as the comparison of two texts needs it."""

    lemmas: frozenset[str]  # the content words as matched (see STEM)
    words: dict[str, str]  # each matched form -> the lemma it stands for, for antonyms and display
    nouns: frozenset[str]
    names: tuple[str, ...]  # proper nouns in order
    numbers: frozenset[float]
    negated: frozenset[str]  # the content words a negation applies to, as "lemma/word class"
    classed: frozenset[str]  # every content word as "lemma/word class"
    conjuncts: tuple[frozenset[str], ...]  # the content lemmas after each "and" that follows one
    open_question: bool  # asks whether or which, asserting nothing (see _OPEN_WORDS)
    asserts: bool  # has a clause of its own, not only a noun phrase (see _asserts)


def analyse_text(text: str, doc) -> TextAnalysis:
    """Return the analysis of a text, given its spaCy doc."""
    content = [t for t in doc if _is_content(t)]
    return TextAnalysis(
        lemmas=frozenset(_key(t) for t in content),
        words={_key(t): sys.intern(t.lemma_.lower()) for t in content},
        nouns=frozenset(sys.intern(t.lemma_.lower()) for t in content if t.pos_ == "NOUN"),
        names=tuple(t.text for t in doc if t.pos_ == "PROPN"),
        numbers=quantities(text),
        negated=_negated_lemmas(doc) ^ frozenset(_classed(t) for t in content if _denied_stem(t)),
        classed=frozenset(_classed(t) for t in content),
        conjuncts=_conjuncts(doc),
        open_question=_open_question(doc),
        asserts=_asserts(doc),
    )


def _negated_lemmas(doc) -> frozenset[str]:
    """Return the lemmas of the content words that a negation of the text applies to."""
    found = set()
    for i, token in enumerate(doc):
        if not NEGATION.fullmatch(token.text):
            continue
        if token.lower_ == "not" and i and doc[i - 1].lower_ == "or":
            continue  # "whether or not Kestonia wants the deal", "like it or not": both offered, none denied
        for after in doc[i + 1 : i + 1 + NEGATION_SCOPE]:
            if after.is_quote:  # 'not "qualified"' is "not qualified"
                continue
            if after.is_punct or after.lower_ in _NOT_NEGATING:  # "No, I meant"; "not just a loser"
                break
            if after.lemma_.lower() in _REPORTING_VERBS:
                # "I never said the plan had failed" denies all it reports: to the clause's end.
                for word in doc[after.i + 1 :]:
                    if word.is_sent_start or word.text in _CLAUSE_END:
                        break
                    if _is_content(word):
                        found.add(_classed(word))
                break
            if (
                (after.is_alpha or after.like_num)
                and not after.is_stop
                and after.lemma_.lower() not in _LIGHT
            ):
                found.add(_classed(after))
                break
    return frozenset(found)


def _conjuncts(doc) -> tuple[frozenset[str], ...]:
    """Return, for each "and" (or "or") that follows a content word, the content lemmas after it:
    what a list adds ("a tax on imports ... and a new fence along the border", "his links to the oil
    lobby or his backing of the pipeline"). "whether or not" joins no list."""
    found = []
    seen = False
    for i, token in enumerate(doc):
        or_not = token.lower_ == "or" and i + 1 < len(doc) and doc[i + 1].lower_ == "not"
        if token.pos_ == "CCONJ" and token.lower_ in _LIST_JOINERS and seen and not or_not:
            found.append(frozenset(_key(t) for t in doc[i + 1 :] if _is_content(t)))
        seen = seen or _is_content(token)
    return tuple(found)


def _is_content(token) -> bool:
    return (
        (token.is_alpha or token.like_num)
        and not token.is_stop
        and token.lemma_.lower() not in _LIGHT
        and not _future_going(token)
    )


def _future_going(token) -> bool:
    """Whether the token is the "going" of "going to build": a tense, as "will" is, not a verb of
    motion ("We are going to build a library" states "build a library")."""
    doc = token.doc
    i = token.i
    return (
        token.lower_ == "going" and i + 2 < len(doc) and doc[i + 1].lower_ == "to" and doc[i + 2].tag_ == "VB"
    )


def _asserts(doc) -> bool:
    """Whether the text states or proposes something: a verb that does not open a relative clause
    ("Clinton is qualified", "to ban", "lift sanctions"; not "emails that contain material"), nor
    is a gerund that modifies the noun before it ("emails containing classified information")."""
    return any(
        token.tag_ in _VERBAL
        and not (token.i and doc[token.i - 1].tag_ in _RELATIVE)
        and not (token.tag_ == "VBG" and token.i and doc[token.i - 1].pos_ in _NOMINAL)
        for token in doc
    )


def _open_question(doc) -> bool:
    """Whether the text leaves its proposition open: "whether ...", or "what/which" + a noun."""
    words = [t for t in doc if not (t.is_punct or t.is_quote)]
    if any(t.lower_ in _OPEN_WORDS for t in words):
        return True
    if not words or words[0].lower_ not in _OPEN_DETERMINERS:
        return False
    after = next((t for t in words[1:] if t.pos_ != "ADJ"), None)  # "what other techniques"
    return after is not None and after.pos_ == "NOUN"


def _classed(token) -> str:
    """A content word as "lemma/class": verbs apart from nouns and the rest ("email" the verb is
    not "email" the noun). A past participle is an adjective's class: "was not classified" denies
    what "classified information" states."""
    kind = "v" if token.pos_ in ("VERB", "AUX") and token.tag_ != "VBN" else "n"
    return sys.intern(f"{_key(token)}/{kind}")


def _key(token) -> str:
    """A content word as matched: its lemma cut to STEM letters ("unqualified" as "qualified")."""
    # Interned: a Comparer caches thousands of analyses, which then share one copy of each word.
    return sys.intern((_denied_stem(token) or token.lemma_.lower())[:STEM])


def _denied_stem(token) -> str | None:
    """The adjective that a negative prefix denies ("unqualified": "qualified"), if any."""
    if token.pos_ != "ADJ":
        return None
    lemma = token.lemma_.lower()
    prefix = next((p for p in _NEGATIVE_PREFIXES if lemma.startswith(p)), None)
    stem = lemma[len(prefix) :] if prefix else None
    return stem if stem and stem in _adjectives() else None


@lru_cache(maxsize=1)
def _adjectives() -> frozenset[str]:
    """The English adjectives of the spaCy model's lemmatiser tables (from WordNet)."""
    return frozenset(load_tagger().get_pipe("lemmatizer").lookups.get_table("lemma_index")["adj"])
