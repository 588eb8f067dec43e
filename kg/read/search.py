"""Finding things: one search over actors, claims and outcomes, and "did you mean" for typos.

Actor names match by label or alias, exactly, as a part, or fuzzily (rapidfuzz's ratio against
whole names and their words, so "Ushakof" finds Yuri Ushakov but "US" is no near miss); words
of a claim or outcome search that occur nowhere in the store are answered with the nearest
words that do ("embasy" -> "embassy").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kg.read.actors import ACTOR_CLASSES
from kg.read.lookups import actors, agreements, claims
from kg.read.records import ActorSummary, Page, StoredAgreement, StoredClaim
from kg.read.rows import id_of, select_rows
from kg.store import Store

NAME_CUTOFF = 78  # ratio (0-100) a name, or a word of it, must reach to be suggested
WORD_CUTOFF = 75  # ratio a word must reach to replace an unknown word
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


@dataclass(frozen=True)
class ActorHit:
    actor: ActorSummary
    matched: str  # the label or alias that matched
    score: float  # 100 for an exact or partial match, else rapidfuzz's score


@dataclass(frozen=True)
class SearchResult:
    q: str
    actors: tuple[ActorHit, ...]
    claims: Page[StoredClaim]
    agreements: Page[StoredAgreement]
    suggestions: tuple[str, ...]  # other spellings to try when a part found nothing


def actor_names(store: Store) -> dict[str, tuple[str, str]]:
    """Return every label and alias of every actor: name -> (actor id, canonical label)."""
    rows = select_rows(
        store,
        f"""SELECT ?actor ?name (MIN(?label) AS ?canonical) WHERE {{
  ?actor a ?kind ; rdfs:label ?label ; rdfs:label|skos:altLabel ?name . VALUES ?kind {{ {ACTOR_CLASSES} }}
}} GROUP BY ?actor ?name""",
        key="actor",
    )
    return {str(r["name"]): (id_of(r["actor"], "actor"), str(r["canonical"])) for r in rows}


def near_names(store: Store, name: str, *, limit: int = 5) -> list[tuple[str, str, str, float]]:
    """Return (actor id, canonical label, name matched, score) of the actors nearest to `name`."""
    names = actor_names(store)
    keys: dict[str, str] = {}  # a whole name, or one word of a name (4+ letters) -> that name
    for full in names:
        keys.setdefault(full.lower(), full)
        for word in _WORD.findall(full):
            if len(word) >= 4:
                keys.setdefault(word.lower(), full)
    found: dict[str, tuple[str, str, str, float]] = {}
    for key, score, _ in process.extract(
        " ".join(name.lower().split()), list(keys), scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, limit=None
    ):
        actor_id, label = names[keys[key]]
        if actor_id not in found:
            found[actor_id] = (actor_id, label, keys[key], round(score, 1))
    return sorted(found.values(), key=lambda f: -f[3])[:limit]


def suggest_actors(store: Store, name: str, *, limit: int = 5) -> tuple[str, ...]:
    """Return the canonical names of the actors whose names are nearest to `name`, best first."""
    return tuple(label for _, label, _, _ in near_names(store, name, limit=limit))


def suggest_words(store: Store, text: str, kind: str) -> tuple[str, ...]:
    """Return `text` with each word that no claim (kind "claim") or outcome holds replaced by the
    nearest word that one does; () if every word occurs or no near word exists."""
    vocabulary = _vocabulary(store, kind)
    words = [w.lower() for w in _WORD.findall(text)]
    if not words or not vocabulary:
        return ()
    fixed, changed = [], False
    for word in words:
        if word in vocabulary:
            fixed.append(word)
            continue
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF)
        if best is None:
            return ()
        fixed.append(best[0])
        changed = True
    return (" ".join(fixed),) if changed else ()


def search(store: Store, q: str, *, limit: int = 20) -> SearchResult:
    """Return the actors whose names match `q`, and the claims and outcomes holding its words."""
    q = " ".join(q.split())
    hits: dict[str, ActorHit] = {}
    for a in actors(store, q=q, limit=limit).items:
        hits[a.id] = ActorHit(a, _matched_name(a, q), 100.0)
    for actor_id, _, matched, score in near_names(store, q, limit=limit):
        if actor_id not in hits and len(hits) < limit:
            summary = actors(store, q=matched, limit=50).items
            same = next((a for a in summary if a.id == actor_id), None)
            if same is not None:
                hits[actor_id] = ActorHit(same, matched, score)
    found_claims = claims(store, q=q, limit=limit)
    found_agreements = agreements(store, q=q, limit=limit)
    suggestions: tuple[str, ...] = ()
    if not found_claims.total and not found_agreements.total:
        suggestions = suggest_words(store, q, "claim") or suggest_words(store, q, "outcome")
    return SearchResult(q, tuple(hits.values()), found_claims, found_agreements, suggestions)


def _matched_name(actor: ActorSummary, q: str) -> str:
    lowered = q.lower()
    return next((n for n in (actor.name, *actor.aliases) if lowered in n.lower()), actor.name)


def _vocabulary(store: Store, kind: str) -> list[str]:
    pattern = "?x cg:text ?t" if kind == "claim" else "?x a cg:Outcome ; rdfs:label ?t"
    words: set[str] = set()
    for r in select_rows(store, f"SELECT DISTINCT ?t WHERE {{ {pattern} }}"):
        words.update(w.lower() for w in _WORD.findall(str(r["t"])))
    return sorted(words)
