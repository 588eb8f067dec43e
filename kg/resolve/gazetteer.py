"""Actors and the gazetteer of frequent world actors; name keys that fold spellings together.

gazetteer().find("U.S.")   -> the United States actor (ontology/gazetteer.ttl)
name_key("Yury Varenko")   -> "yuri varenko" (the key two spellings share)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kg.rules import PASS, rule
from kg.vocab import ACTOR_BASE, CG, CLASS_KIND, SCHEMA, UNNAMED, actor_iri, unnamed_iri

GAZETTEER = Path(__file__).resolve().parents[2] / "ontology" / "gazetteer.ttl"

# Spelling variants of transliterated names, folded to one key (BGN/PCGN vs. common English
# forms of Russian, Ukrainian and Arabic names): "Yury"/"Yuri", "Sergey"/"Sergei", "Zelenskyy".
_TRANSLITERATION = (
    (re.compile(r"(?<=\w)(?:iy|yy|ij|y)\b"), "i"),
    (re.compile(r"(?<=\w)ey\b"), "ei"),
    (re.compile(r"(?<=\w)iy"), "i"),
    (re.compile(r"ou(?=\w)"), "u"),
    (re.compile(r"(?<=\w)kh"), "h"),
)


@dataclass(frozen=True)
class Actor:
    id: str  # slug of the actor IRI
    name: str  # canonical label
    kind: str  # person | organization | country | group | unnamed (a source described, not named)
    aliases: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    represents: frozenset[str] = frozenset()  # ids of actors
    same_as: str | None = None

    @property
    def iri(self) -> URIRef:
        return unnamed_iri(self.id) if self.kind == UNNAMED else actor_iri(self.id)


# --- the gazetteer ------------------------------------------------------------------------


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, Actor]  # id -> actor
    by_name: dict[str, str]  # exact alias -> id (case-sensitive, for "US", "WHO")
    by_key: dict[str, str]  # folded alias -> id

    def find(self, name: str) -> Actor | None:
        hit = self.by_name.get(name) or self.by_name.get(strip_the(name))
        if hit is None:
            key = name_key(name)
            hit = self.by_key.get(key)
        return self.entries.get(hit) if hit else None


@lru_cache(maxsize=1)
def gazetteer(path: Path = GAZETTEER) -> Gazetteer:
    """Return the gazetteer of frequent world actors (read once)."""
    graph = Graph().parse(path)
    entries, by_name, by_key = {}, {}, {}
    for subject in set(graph.subjects(RDF.type, None)):
        kinds = [CLASS_KIND[str(c)] for c in graph.objects(subject, RDF.type) if str(c) in CLASS_KIND]
        if not kinds or not str(subject).startswith(ACTOR_BASE):
            continue
        actor_id = str(subject)[len(ACTOR_BASE) :]
        label = str(graph.value(subject, RDFS.label))
        names = {label, *map(str, graph.objects(subject, SKOS.altLabel))}
        names |= set(map(str, graph.objects(subject, CG.demonym))) | set(
            map(str, graph.objects(subject, CG.capital))
        )
        same_as = graph.value(subject, SCHEMA.sameAs)
        represents = frozenset(str(o)[len(ACTOR_BASE) :] for o in graph.objects(subject, CG.represents))
        roles = frozenset(map(str, graph.objects(subject, CG.role)))
        entries[actor_id] = Actor(
            actor_id, label, kinds[0], frozenset(), roles, represents, str(same_as) if same_as else None
        )
        for name in names:
            by_name.setdefault(name, actor_id)
            if not (len(name) <= 3 and name.isupper()):  # "US", "WHO", "AU" only match as written
                by_key.setdefault(name_key(name), actor_id)
    return Gazetteer(entries, by_name, by_key)


# --- name keys --------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """Return the folded form two spellings of one name share ("Yury Varenko" -> "yuri varenko")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s-]", "", text).replace("-", " ")
    text = strip_the(" ".join(text.split()))
    return _transliterated(text)


@rule("transliteration", off=PASS)
def _transliterated(key: str) -> str:
    """ "Yury"/"Yuri", "Sergey"/"Sergei", "Zelenskyy": one key for the spellings of a transliteration."""
    for pattern, replacement in _TRANSLITERATION:
        key = pattern.sub(replacement, key)
    return key


def strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
