"""Which actors a typed name denotes: one precedence for every reader.

`find_actor_ids` decides; the lookups (kg.read.lookups.find_actors, over the store) and the
graph readers (kg.read.graph.Snapshot.find_actor, over a snapshot read from it) only say where
to look, with `InStore` and `InSnapshot`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from kg.read.graph_records import ActorNode
from kg.read.rows import id_of, select_rows
from kg.resolve import gazetteer
from kg.sparql import run_query
from kg.sparql.terms import iri, literal
from kg.store import Store
from kg.vocab import ACTOR_BASE, ACTOR_ID, CLASS_KIND

ACTOR_CLASSES = " ".join(iri(cls) for cls in CLASS_KIND)  # a SPARQL VALUES list


class Actors(Protocol):
    """Where to look: each method gets the name in lower case and answers with actor ids."""

    def holds(self, actor_id: str) -> bool: ...

    def labelled(self, name: str) -> Iterable[str]: ...

    def aliased(self, name: str) -> Iterable[str]: ...

    def containing(self, name: str) -> Iterable[str]: ...


def find_actor_ids(actors: Actors, name: str) -> tuple[str, ...]:
    """Return the ids of the actors a name denotes, in id order; () if none.

    The first of these that finds any actor answers:
    1. an actor id, in any case ("Yuri-Ushakov");
    2. a label equal to the name in any case ("yuri ushakov");
    3. an alias equal to it in any case ("ushakov"): a canonical name beats another's short form;
    4. a name the gazetteer knows, for an actor held ("USA" -> united-states);
    5. every actor with a label or alias containing it, in any case ("ushak").
    Runs of white space count as one space; "in any case" is lower case on both sides (as
    SPARQL's LCASE, which the store compares with).
    """
    spaced = " ".join(name.split())
    key = spaced.lower()
    if not key:
        return ()
    if ACTOR_ID.fullmatch(key) and actors.holds(key):
        return (key,)
    for tier in (actors.labelled, actors.aliased):
        if found := set(tier(key)):
            return tuple(sorted(found))
    known = gazetteer().find(spaced)
    if known is not None and actors.holds(known.id):
        return (known.id,)
    return tuple(sorted(set(actors.containing(key))))


@dataclass(frozen=True)
class InSnapshot:
    """The actors of a snapshot (kg.read.graph.Snapshot.actors)."""

    actors: Mapping[str, ActorNode]

    def holds(self, actor_id: str) -> bool:
        return actor_id in self.actors

    def labelled(self, name: str) -> list[str]:
        return [a.id for a in self.actors.values() if a.label.lower() == name]

    def aliased(self, name: str) -> list[str]:
        return [a.id for a in self.actors.values() if name in {x.lower() for x in a.aliases}]

    def containing(self, name: str) -> list[str]:
        return [a.id for a in self.actors.values() if any(name in n.lower() for n in a.names)]


@dataclass(frozen=True)
class InStore:
    """The actors of the store: one small query a question."""

    store: Store

    def holds(self, actor_id: str) -> bool:
        if not ACTOR_ID.fullmatch(actor_id):
            return False
        sparql = f"ASK {{ <{ACTOR_BASE}{actor_id}> a ?kind VALUES ?kind {{ {ACTOR_CLASSES} }} }}"
        return bool(run_query(self.store, sparql).askAnswer)

    def labelled(self, name: str) -> list[str]:
        return self._ids("rdfs:label", f"FILTER(LCASE(STR(?n)) = {literal(name)})")

    def aliased(self, name: str) -> list[str]:
        return self._ids("skos:altLabel", f"FILTER(LCASE(STR(?n)) = {literal(name)})")

    def containing(self, name: str) -> list[str]:
        return self._ids("rdfs:label|skos:altLabel", f"FILTER(CONTAINS(LCASE(STR(?n)), {literal(name)}))")

    def _ids(self, names: str, test: str) -> list[str]:
        sparql = f"""SELECT DISTINCT ?actor WHERE {{
  ?actor a ?kind ; {names} ?n . VALUES ?kind {{ {ACTOR_CLASSES} }} {test} }}"""
        return [id_of(r["actor"], "actor") for r in select_rows(self.store, sparql, key="actor")]
