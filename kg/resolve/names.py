"""Actor names: readable ids, acronyms defined in an article, places a demonym derives from.

    readable_id("Louise Haigh")            -> "louise-haigh"  (accents folded, nothing else)
    expands("RSF", "Rapid Support Forces")  -> True            (initials of the content words)
    derives_from("Solvarian", "Solvaria")  -> True            (a demonym suffix, never a prefix)
    with_suffix("Kestrel Snacks", [...])    -> "Kestrel Snacks Ltd."  (legal or group suffix only)
    party_of_members("the Greens", [...])   -> "Green Alliance"  (members named for their party)
    is_description("the social media company") -> True     (no capital: a description, no name)

Matching spelling variants ("Yury"/"Yuri") is kg.resolve.name_key's job; an id is only a
readable, stable spelling of the first name an actor was stored under.
"""

from __future__ import annotations

import re
import unicodedata

from kg.rules import rule

# Words an acronym skips ("the Ministry of External Affairs" -> MEA, "Bank for ..." -> B...).
_ACRONYM_SKIPS = frozenset("of the and for in on de la du des der von a an to at".split())
# Words a company's full name adds to the name the article then uses: legal forms, group words and
# the broad trade words a company is shortened from ("Ltd.", "Group", "Foods Inc."); a place or a
# line of business does not ("Halden Polska", "Halden Bank" are other bodies).
_CORPORATE_SUFFIXES = frozenset(
    "ltd limited inc incorporated corp corporation co company plc llc lp spa sa ag nv bv gmbh ab asa "
    "oyj kk group holdings holding foods resources industries international enterprises".split()
)
# Last words of a political party's name ("Liberal Party", "Green Alliance"); not "league" or
# "union", which also end unions of states ("the Arabs" are no "Arab League", nor "the
# Europeans" the "European Union").
_PARTY_HEADS = frozenset("party alliance front movement coalition".split())
# Demonym suffixes of English (Solvaria -> Solvarian, Kenya -> Kenyan, Israel -> Israeli,
# Sudan -> Sudanese, Jordan -> Jordanian, Iceland -> Icelandic); a place's final vowel may go.
_DEMONYM_SUFFIXES = ("n", "an", "ian", "ean", "ese", "i", "ish", "ic", "ite")


def fold(name: str) -> str:
    """Return a name without accents or marks ("Maroš Šefčovič" -> "Maros Sefcovic")."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def readable_id(name: str) -> str:
    """Return the slug of a name as written, accents folded: "Louise Haigh" -> "louise-haigh"."""
    text = re.sub(r"['’]s\b", "", fold(name).lower())
    text = text[4:] if text.startswith("the ") else text
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "actor"


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def expands(acronym: str, name: str) -> bool:
    """Whether `name` spells out `acronym` by the initials of its words (content words, or all)."""
    letters = acronym.replace(".", "").upper()
    words = [w for w in re.split(r"[\s-]+", fold(name)) if w[:1].isalpha()]
    if len(words) < 2:
        return False
    content = "".join(w[0] for w in words if w.lower() not in _ACRONYM_SKIPS).upper()
    every = "".join(w[0] for w in words).upper()
    return letters in (content, every)


def derives_from(demonym: str, place: str) -> bool:
    """Whether a demonym is formed from a place name by a demonym suffix ("Kaldoran" from
    "Kaldora"); a shared prefix alone is not enough ("Omaha" is not from "Oman")."""
    d, p = fold(demonym).lower(), fold(place).lower()
    if len(p) < 4 or d == p:
        return False
    stems = {p, p[:-1]} if p[-1] in "aeiouy" else {p}
    return any(d == stem + suffix for stem in stems for suffix in _DEMONYM_SUFFIXES)


def with_suffix(name: str, long_names: list[str]) -> str | None:
    """Return the one longer name of the article that is `name` followed by corporate suffixes
    only ("Kestrel Snacks" -> "Kestrel Snacks Ltd.", "Orrin" -> "Orrin Group"), else None
    (none, or two: "Kestrel" beside "Kestrel Foods" and "Kestrel Group")."""
    words = _name_words(name)
    found = {
        long
        for long in long_names
        if (more := _name_words(long))[: len(words)] == words
        and len(more) > len(words)
        and all(w in _CORPORATE_SUFFIXES for w in more[len(words) :])
    }
    return found.pop() if len(found) == 1 and words else None


def _name_words(name: str) -> list[str]:
    text = fold(name).lower()
    text = text[4:] if text.startswith("the ") else text
    return [w for w in re.split(r"[\s,.]+", text) if w]


def party_of_members(name: str, long_names: list[str]) -> str | None:
    """Return the one party of the article whose members a plural names ("the Greens" -> "Green
    Alliance", "Liberals" -> "Liberal Party"), else None ("Americans" is no "American Airlines")."""
    words = _name_words(name)
    if len(words) != 1 or not words[0].endswith("s") or len(words[0]) < 4:
        return None
    member = words[0][:-1]
    found = {
        long
        for long in long_names
        if len(more := _name_words(long)) >= 2 and more[0] == member and more[-1] in _PARTY_HEADS
    }
    return found.pop() if len(found) == 1 else None


# A web address names its site in lower case ("according to harbourwatch.org").
_WEB_NAME = re.compile(r"\w\.(?:[a-z]{2,6})$")


@rule("name-without-capital")
def is_description(name: str) -> bool:
    """ "the company said" after an unnamed one, "the billionaire front-runner", "the secretary of
    state": a phrase with no capital letter or digit describes someone and names no one, whatever
    kind the tagger or a pronoun's antecedent gave it; only a web address is a lower-case name."""
    first, _, rest = name.partition(" ")
    words = rest if first.lower() in ("the", "a", "an") else name  # "The company said": sentence case
    return not any(ch.isupper() or ch.isdigit() for ch in words) and not _WEB_NAME.search(words)
