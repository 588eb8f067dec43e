"""Graph projections and queries (kg.read.graph, kg.read.graph_queries), through the library, CLI and API.

Most tests use a small world written as RDF in the ontology's terms, so every expected
answer can be checked by eye; a few run on the seed articles through the whole pipeline.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph
from typer.testing import CliRunner

from api.graph import router
from kg.cli import app as cli
from kg.read.graph import (
    GraphError,
    NotFound,
    actor_graph,
    agreement_graph,
    claim_graph,
    load_snapshot,
    spoken_about,
)
from kg.read.graph_queries import co_agreements, neighbourhood, rank, shortest_path, timeline
from kg.store import Store

PREFIXES = """
@prefix cg: <https://w3id.org/claimgraph#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
ACTORS = {
    "alice": ("Person", "Alice Archer", ["Archer"], ["Foreign Minister"]),
    "bob": ("Person", "Bob Baker", [], []),
    "acme": ("Organization", "Acme Corp", ["Acme"], []),
    "freedonia": ("Country", "Freedonia", ["Freedonian"], []),
    "sylvania": ("Country", "Sylvania", [], []),
    "hermit": ("Person", "Hermit Hale", [], []),
}
# (article id, title, date, claims [(speaker, text)], agreements [(status, outcome, parties)])
WORLD = [
    (
        "a1",
        "Talks open",
        "2025-01-10",
        [("alice", "Freedonia will sign")],
        [("Agreed", "a truce", ["freedonia", "sylvania"])],
    ),
    (
        "a2",
        "Talks go on",
        "2025-02-01",
        [("bob", "Acme is ready")],
        [("Agreed", "a border", ["freedonia", "sylvania"])],
    ),
    (
        "a3",
        "Undated note",
        None,
        [("alice", "we are hopeful")],
        [("Proposed", "a fund", ["acme", "freedonia"])],
    ),
    ("a4", "Quiet day", "2025-03-01", [("hermit", "nothing to add")], []),
]


def article_turtle(aid, title, date, claims, agreements) -> str:
    """Return one article's named graph as kg.rdf writes it (the parts the graph reads)."""
    art = node(f"article/{aid}")
    out = [PREFIXES, f"{art} a cg:Article ; dcterms:identifier {lit(aid)} ; dcterms:title {lit(title)} ."]
    if date:
        out.append(f'{art} schema:datePublished "{date}"^^xsd:date .')
    named = {s for s, _ in claims} | {p for *_, parties in agreements for p in parties}
    for actor in sorted(named):
        kind, label, aliases, roles = ACTORS[actor]
        who = node(f"actor/{actor}")
        out.append(f"{who} a cg:{kind} ; rdfs:label {lit(label)} . {art} cg:mentions {who} .")
        out += [f"{who} skos:altLabel {lit(a)} ." for a in aliases]
        out += [f"{who} cg:role {lit(r)} ." for r in roles]
    for n, (speaker, text) in enumerate(claims):
        claim, who = node(f"claim/{aid}-{n}"), node(f"actor/{speaker}")
        out.append(
            f"{claim} a cg:Claim ; cg:text {lit(text)} ; cg:cue 'said' ; cg:directQuote true ; "
            f"cg:speaker {who} ; cg:reportedIn {art} ; cg:sentenceEvidence {node(f'evidence/{aid}/c{n}')} . "
            f"{who} cg:said {claim} ."
        )
        out.append(evidence(f"{aid}/c{n}", f'"{text}," {ACTORS[speaker][1]} said.'))
    for n, (status, outcome, parties) in enumerate(agreements):
        agreement, result = node(f"agreement/{aid}-{n}"), node(f"outcome/{aid}-{n}")
        out.append(
            f"{agreement} a cg:Agreement ; cg:status cg:{status} ; cg:outcome {result} ; "
            f"cg:reportedIn {art} ; cg:sentenceEvidence {node(f'evidence/{aid}/g{n}')} . "
            f"{result} a cg:Outcome ; rdfs:label {lit(outcome)} ."
        )
        out += [f"{agreement} cg:party {node(f'actor/{p}')} ." for p in parties]
        out.append(evidence(f"{aid}/g{n}", f"They {status.lower()} {outcome}."))
    return "\n".join(out)


def node(path: str) -> str:
    return f"<https://w3id.org/claimgraph/id/{path}>"


def lit(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Turtle string literal


def evidence(key: str, sentence: str) -> str:
    quote = node(f"evidence/{key}/quote")
    return (
        f"{node(f'evidence/{key}')} oa:hasSelector {quote} . "
        f"{quote} a oa:TextQuoteSelector ; oa:exact {lit(sentence)} ."
    )


@pytest.fixture(scope="module")
def world_location(tmp_path_factory) -> Path:
    location = tmp_path_factory.mktemp("world") / "store"
    with Store(str(location)) as db:
        for aid, *rest in WORLD:
            db.replace_article(aid, Graph().parse(data=article_turtle(aid, *rest), format="turtle"))
    return location


@pytest.fixture(scope="module")
def world(world_location):
    with Store(str(world_location)) as db:
        return load_snapshot(db)


@pytest.fixture
def world_store(world_location, tmp_path):
    shutil.copytree(world_location, tmp_path / "w")
    db = Store(str(tmp_path / "w"))
    yield db
    db.close()


# --- the snapshot and the projections -----------------------------------------------------


def test_snapshot_holds_every_actor_article_claim_and_agreement(world):
    assert set(world.actors) == set(ACTORS)
    assert world.actors["alice"].aliases == ("Archer",) and world.actors["alice"].roles == (
        "Foreign Minister",
    )
    assert world.articles["a3"].date is None and world.articles["a1"].date == "2025-01-10"
    assert len(world.claims) == 4 and len(world.agreements) == 3
    truce = next(g for g in world.agreements if g.outcome_label == "a truce")
    assert truce.parties == ("freedonia", "sylvania") and truce.status == "agreed"
    assert truce.sentence == "They agreed a truce."


def test_snapshot_of_the_seeds_counts_what_the_store_counts(seeded_store):
    snapshot = load_snapshot(seeded_store)
    stats = seeded_store.stats()
    assert len(snapshot.claims) == stats.claims and len(snapshot.agreements) == stats.agreements
    assert len(snapshot.articles) == stats.articles
    assert all(c.sentence and c.text for c in snapshot.claims)


@pytest.mark.parametrize("name", ["alice", "Alice Archer", "alice archer", "ARCHER", " Archer "])
def test_an_actor_is_found_by_id_label_or_alias_in_any_case(world, name):
    assert world.find_actor(name).id == "alice"


def test_a_unique_part_of_a_name_finds_the_actor_and_a_common_one_asks_for_an_id(world):
    assert world.find_actor("Hale").id == "hermit"
    with pytest.raises(GraphError, match=r"several actors: freedonia .*sylvania"):
        world.find_actor("an")


def test_the_gazetteer_knows_other_names_of_countries(seeded_store):
    assert load_snapshot(seeded_store).find_actor("USA").id == "united-states"


def test_an_unknown_actor_is_not_found_and_says_where_to_look(world):
    with pytest.raises(NotFound, match=r"no actor 'zed'.*kg graph rank"):
        world.find_actor("zed")


def test_a_name_two_actors_share_asks_for_an_id(world):
    from dataclasses import replace

    twin = replace(world.actors["bob"], aliases=("Archer",))
    ambiguous = replace(world, actors={**world.actors, "bob": twin})
    with pytest.raises(GraphError, match=r"several actors: alice .*bob"):
        ambiguous.find_actor("archer")


def test_a_canonical_name_beats_another_actors_alias(world):
    from dataclasses import replace

    other = replace(world.actors["bob"], aliases=("Alice Archer",))
    assert replace(world, actors={**world.actors, "bob": other}).find_actor("Alice Archer").id == "alice"


def test_actor_graph_links_co_parties_once_per_agreement_and_speakers_to_whom_they_name(world):
    g = actor_graph(world)
    assert g.nodes["freedonia"] == {"type": "country", "label": "Freedonia"}
    shared = g.get_edge_data("freedonia", "sylvania")
    assert sorted(shared) == ["agreement/a1-0", "agreement/a2-0"]
    assert {e["relation"] for e in shared.values()} == {"co_party"}
    assert g.get_edge_data("alice", "freedonia")["claim/a1-0"]["relation"] == "spoke_about"
    assert g.has_edge("bob", "acme") and "hermit" in g and g.degree("hermit") == 0


def test_spoken_about_matches_whole_names_and_aliases_but_not_the_speaker(world):
    pairs = {(c.id, actor) for c, actor in spoken_about(world)}
    assert pairs == {("a1-0", "freedonia"), ("a2-0", "acme")}


def test_claim_graph_runs_actor_to_claim_to_article(world):
    g = claim_graph(world)
    assert g.edges["actor/alice", "claim/a1-0"]["relation"] == "said"
    assert g.edges["claim/a1-0", "article/a1"]["relation"] == "reported_in"
    assert g.nodes["claim/a1-0"]["type"] == "claim" and g.nodes["article/a1"]["label"] == "Talks open"
    assert {d["type"] for _, d in g.nodes(data=True)} == {"person", "claim", "article"}


def test_agreement_graph_runs_party_to_outcome_by_status(world):
    g = agreement_graph(world)
    assert g.edges["actor/freedonia", "outcome/a1-0"]["relation"] == "agreed"
    assert g.edges["actor/acme", "outcome/a3-0"]["relation"] == "proposed"
    assert g.nodes["outcome/a1-0"] == {"type": "outcome", "label": "a truce", "id": "a1-0", "article": "a1"}


def test_where_keeps_articles_dates_and_relations(world):
    assert set(world.where(since="2025-01-15").articles) == {"a2", "a4"}  # undated a3 goes too
    assert set(world.where(until="2025-01-31").articles) == {"a1"}
    said = world.where(relations=["said"])
    assert said.agreements == () and len(said.claims) == 4
    assert [g.status for g in world.where(relations=["proposed"]).agreements] == ["proposed"]
    assert {c.article for c in world.where(articles=["a1"]).claims} == {"a1"}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"since": "last week"}, "not a date"),
        ({"relations": ["hugged"]}, "unknown relation"),
        ({"articles": ["zz"]}, "no article"),
    ],
)
def test_where_refuses_bad_filters_by_name(world, kwargs, error):
    with pytest.raises(GraphError, match=error):
        world.where(**kwargs)


# --- queries ----------------------------------------------------------------------------------


def test_neighbourhood_to_depth_k_lists_actors_by_distance_with_their_links(world):
    one = neighbourhood(world, "Alice Archer", 1)
    assert [(n.actor.id, n.distance) for n in one.actors] == [("alice", 0), ("freedonia", 1)]
    two = neighbourhood(world, "alice", 2)
    assert {n.actor.id for n in two.actors} == {"alice", "freedonia", "sylvania", "acme"}
    shared = next(link for link in two.links if link.relation == "co_party" and link.target == "sylvania")
    assert [e.text for e in shared.evidence] == ["a truce", "a border"]  # by article date


def test_shortest_path_gives_the_evidence_of_every_step(world):
    path = shortest_path(world, "alice", "sylvania")
    assert [a.id for a in path.actors] == ["alice", "freedonia", "sylvania"]
    first, second = path.steps
    (spoke,) = first.links
    assert spoke.relation == "spoke_about" and spoke.evidence[0].text == "Freedonia will sign"
    assert spoke.evidence[0].sentence == '"Freedonia will sign," Alice Archer said.'
    assert spoke.evidence[0].title == "Talks open" and spoke.evidence[0].date == "2025-01-10"
    assert {e.status for e in second.links[0].evidence} == {"agreed"}


def test_no_path_between_unlinked_actors_is_not_found(world):
    with pytest.raises(NotFound, match="no path links Hermit Hale and Alice Archer"):
        shortest_path(world, "hermit", "alice")


def test_rank_by_claims_and_agreements_and_centrality(world):
    assert [(r.actor.id, r.score) for r in rank(world, "claims")] == [("alice", 2), ("bob", 1), ("hermit", 1)]
    assert [r.actor.id for r in rank(world, "agreements")] == ["freedonia", "sylvania"]
    assert rank(world, "degree", top=1)[0].actor.id == "freedonia"
    assert rank(world, "betweenness", top=1)[0].actor.id == "freedonia"
    with pytest.raises(GraphError, match="unknown ranking"):
        rank(world, "fame")


def test_co_agreements_count_pairs_of_parties_most_frequent_first(world):
    (pair,) = co_agreements(world)
    assert (pair.a.id, pair.b.id, pair.count) == ("freedonia", "sylvania", 2)
    assert pair.outcomes == ("a truce", "a border") and pair.articles == ("a1", "a2")
    assert [p.count for p in co_agreements(world, statuses=("agreed", "proposed"))] == [2, 1]


def test_timeline_orders_by_article_date_with_undated_last(world):
    entries = timeline(world, "freedonian")
    assert [(e.date, e.kind, e.relation, e.text) for e in entries] == [
        ("2025-01-10", "agreement", "agreed", "a truce"),
        ("2025-02-01", "agreement", "agreed", "a border"),
        (None, "agreement", "proposed", "a fund"),
    ]
    assert [e.kind for e in timeline(world, "alice")] == ["claim", "claim"]


def test_queries_run_on_the_seeds(seeded_store):
    snapshot = load_snapshot(seeded_store)
    top = rank(snapshot, "claims", top=1)[0]
    assert top.claims == max(sum(c.speaker == a for c in snapshot.claims) for a in snapshot.actors)
    pairs = co_agreements(snapshot)
    assert pairs and {pairs[0].a.id, pairs[0].b.id} == {"russia", "united-states"}
    said = [e for e in timeline(snapshot, top.actor.id) if e.kind == "claim"]
    assert len(said) == top.claims


# --- the CLI and the API give the same answers ------------------------------------------------


def test_cli_graph_commands_print_text_and_json(world_store):
    runner, store = CliRunner(), world_store.location
    world_store.close()
    done = runner.invoke(cli, ["graph", "path", "alice", "sylvania", "--store", store])
    assert done.exit_code == 0, done.output
    assert "Alice Archer -> Freedonia -> Sylvania" in done.stdout and "Freedonia will sign" in done.stdout
    ranked = runner.invoke(cli, ["graph", "rank", "--by", "agreements", "--json", "--store", store])
    assert [r["actor"]["id"] for r in json.loads(ranked.stdout)] == ["freedonia", "sylvania"]
    pairs = runner.invoke(cli, ["graph", "pairs", "--store", store])
    assert "2  Freedonia + Sylvania: a truce; a border" in pairs.stdout
    line = runner.invoke(cli, ["graph", "timeline", "Freedonian", "--store", store]).stdout.splitlines()
    assert line[0].startswith("2025-01-10") and line[-1].startswith("undated")
    near = runner.invoke(cli, ["graph", "neighbours", "alice", "--depth", "1", "--json", "--store", store])
    assert [n["actor"]["id"] for n in json.loads(near.stdout)["actors"]] == ["alice", "freedonia"]


def test_cli_graph_errors_name_the_problem_and_exit_1(world_store):
    store = world_store.location
    world_store.close()
    done = CliRunner().invoke(cli, ["graph", "timeline", "zed", "--store", store])
    assert done.exit_code == 1 and "no actor 'zed'" in done.output
    done = CliRunner().invoke(cli, ["graph", "rank", "--by", "fame", "--store", store])
    assert done.exit_code == 1 and "unknown ranking" in done.output


@pytest.fixture
def client(world_store):
    app = FastAPI()
    app.state.store = world_store
    app.include_router(router)
    return TestClient(app)


def test_api_graph_routes_answer_like_the_library(client, world):
    path = client.get("/graph/path", params={"source": "archer", "target": "sylvania"}).json()
    assert [a["id"] for a in path["actors"]] == ["alice", "freedonia", "sylvania"]
    assert (
        path["steps"][0]["links"][0]["evidence"][0]["sentence"] == '"Freedonia will sign," Alice Archer said.'
    )
    near = client.get("/graph/neighbourhood", params={"actor": "alice", "depth": 2}).json()
    assert len(near["actors"]) == len(neighbourhood(world, "alice", 2).actors)
    top = client.get("/graph/centrality", params={"by": "claims", "top": 1}).json()
    assert top[0]["actor"]["id"] == "alice" and top[0]["claims"] == 2
    pairs = client.get("/graph/co-agreements", params=[("status", "agreed"), ("status", "proposed")]).json()
    assert [p["count"] for p in pairs] == [2, 1]
    line = client.get("/graph/timeline", params={"actor": "freedonia"}).json()
    assert [e["date"] for e in line] == ["2025-01-10", "2025-02-01", None]


def test_api_graph_errors_are_404_for_unknown_and_400_or_422_for_bad_input(client):
    assert client.get("/graph/timeline", params={"actor": "zed"}).status_code == 404
    assert client.get("/graph/path", params={"source": "hermit", "target": "alice"}).status_code == 404
    assert client.get("/graph/centrality", params={"by": "fame"}).status_code == 422
    assert client.get("/graph/neighbourhood", params={"actor": "alice", "depth": -1}).status_code == 422
