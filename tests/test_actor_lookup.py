"""One actor lookup (kg.read.actors.find_actor_ids) for the store's lookups and the snapshot's
graph readers: the same name finds the same actors in both, in one precedence.

The actors are written as RDF so that each step of the precedence has a rival the step before
it must beat: an id against another's label, a label against another's alias, an alias against
a longer name containing it, the gazetteer against a name containing the abbreviation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from kg.read import lookups
from kg.read.graph import GraphError, NotFound, load_snapshot
from kg.store import Store

ACTORS = {  # id: (class, label, aliases)
    "lima": ("Person", "Lima Ortiz", []),
    "peru-envoy": ("Person", "Lima", []),  # its label is another actor's id
    "ann": ("Person", "Ann Vance", []),
    "bo": ("Person", "Bo Reed", ["Ann Vance", "Reed"]),  # an alias that is another's label
    "reed-council": ("Organization", "Reedsville Council", []),  # contains the alias "Reed"
    "usa-today": ("Organization", "USA Today", []),  # contains "USA", the gazetteer's
    "united-states": ("Country", "United States", []),
}
PRECEDENCE = [
    ("lima", ("lima",), "an id beats another actor's label"),
    ("LIMA", ("lima",), "an id in any case"),
    ("Lima Ortiz", ("lima",), "a label"),
    ("  ann   VANCE ", ("ann",), "a label beats another actor's alias; any case and spacing"),
    ("reed", ("bo",), "an alias beats a name containing it"),
    ("USA", ("united-states",), "the gazetteer beats a name containing it"),
    ("ortiz", ("lima",), "else a part of a name"),
    ("an", ("ann", "bo"), "a part of several names finds them all"),
    ("zed", (), "nothing"),
    ("   ", (), "nothing"),
]


@pytest.fixture(scope="module")
def actors_store(tmp_path_factory) -> Path:
    location = tmp_path_factory.mktemp("actors") / "store"
    lines = [
        "@prefix cg: <https://w3id.org/claimgraph#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
    ]
    for actor_id, (kind, label, aliases) in ACTORS.items():
        who = f"<https://w3id.org/claimgraph/id/actor/{actor_id}>"
        lines.append(f"{who} a cg:{kind} ; rdfs:label {json.dumps(label)} .")
        lines += [f"{who} skos:altLabel {json.dumps(alias)} ." for alias in aliases]
    with Store(str(location)) as db:
        db.replace_article("0000000000000001", Graph().parse(data="\n".join(lines), format="turtle"))
    return location


@pytest.mark.parametrize(("name", "expected", "why"), PRECEDENCE, ids=[p[2] for p in PRECEDENCE])
def test_the_store_and_the_snapshot_find_the_same_actors_in_one_precedence(actors_store, name, expected, why):
    with Store(str(actors_store)) as db:
        assert lookups.find_actors(db, name) == expected, why
        snapshot = load_snapshot(db)
    if len(expected) == 1:
        assert snapshot.find_actor(name).id == expected[0], why
    elif expected:
        with pytest.raises(GraphError, match="several actors: " + ".*".join(expected)):
            snapshot.find_actor(name)
    else:
        with pytest.raises(NotFound):
            snapshot.find_actor(name)
