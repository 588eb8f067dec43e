"""Actor names: readable ids, acronyms defined in an article, places a demonym derives from.

    readable_id("Louise Haigh")            -> "louise-haigh"  (accents folded, nothing else)
    expands("RSF", "Rapid Support Forces")  -> True            (initials of the content words)
    derives_from("Solvarian", "Solvaria")  -> True            (a demonym suffix, never a prefix)

Matching spelling variants ("Yury"/"Yuri") is kg.resolve.name_key's job; an id is only a
readable, stable spelling of the first name an actor was stored under.
"""

from __future__ import annotations

import re
import unicodedata

# Words an acronym skips ("the Ministry of External Affairs" -> MEA, "Bank for ..." -> B...).
_ACRONYM_SKIPS = frozenset("of the and for in on de la du des der von a an to at".split())
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
